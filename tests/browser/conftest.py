"""Browser tests: Debian's Chromium driven by Playwright, the sample site served on 127.0.0.1
and opened from disk. Every request to any other host is blocked and counted."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.sitebuild import build_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio",
    "--autoplay-policy=no-user-gesture-required",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("browser-site") / "site"
    result = build_site(dest, "internal")
    assert result.returncode == 0, result.stderr[-4000:]
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # As nginx does with the deploy config (error_page 404 /404.html): a missing address
        # gets the site's own 404 page, with status 404.
        page = Path(str(self.directory)) / "404.html"
        if code != 404 or self.command != "GET" or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")  # closed after each module: no thread outlives its tests
def http_base(browser_site: Path) -> Iterator[str]:
    """The built site served over http on 127.0.0.1 (a free port)."""
    handler = functools.partial(_QuietHandler, directory=str(browser_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def file_base(browser_site: Path) -> str:
    return browser_site.as_uri() + "/"


@pytest.fixture(scope="module")  # Playwright's event loop and threads end with the module's tests
def chromium() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed (/usr/bin/chromium): run the README's test command")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Traffic:
    """What a page asked for: requests to other hosts (blocked), failures and console errors."""

    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    """Local requests the browser cancelled because the page went away (net::ERR_ABORTED, e.g. the
    favicon when a test navigates on at once): not missing files, so not in ``failed``."""
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture()
def traffic() -> Traffic:
    return Traffic()


@pytest.fixture()
def page(chromium: object, traffic: Traffic) -> Iterator[object]:
    """A fresh page whose requests to any host but 127.0.0.1 / file:// are blocked and recorded."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        parts = urlsplit(url)
        if parts.scheme in ("file", "data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            traffic.foreign.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", guard)
    pg = context.new_page()
    pg.on("console", lambda msg: traffic.console_errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: traffic.console_errors.append(str(exc)))

    def on_failed(req: object) -> None:
        if urlsplit(req.url).hostname in (None, "", "127.0.0.1"):  # type: ignore[attr-defined]
            aborted = req.failure == "net::ERR_ABORTED"  # type: ignore[attr-defined]
            (traffic.aborted if aborted else traffic.failed).append(req.url)  # type: ignore[attr-defined]

    pg.on("requestfailed", on_failed)
    yield pg
    context.close()
