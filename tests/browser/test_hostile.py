"""The hostile archive (tests/fixtures/hostile) in Chromium: no payload may run.

The site is built with the source check of bodies switched off (tests/site/hostile.py), so
this proves what the sanitiser and the templates' escaping do on their own. Every payload
calls ``alert('<where>')``; the page records dialogs, ``alert`` calls made without a dialog
(overridden before any script runs) and page errors naming a payload. Each page is loaded
over http and from disk, then every element with a title (material's tooltips) is hovered
and the page scrolled, so that lazy handlers get their chance.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import _QuietHandler
from tests.site.hostile import build_hostile_site

pytestmark = pytest.mark.browser

RECORDER = """
window.__fired = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  const original = window[name];
  window[name] = function (...args) { window.__fired.push(name + ":" + String(args[0])); };
}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_site(tmp_path_factory.mktemp("hostile-browser"))


@pytest.fixture(scope="module")
def hostile_base(hostile_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _pages(site: Path) -> list[str]:
    pages = [p.relative_to(site).as_posix() for p in sorted((site / "stories").glob("*.html"))]
    pages += [p.relative_to(site).as_posix() for p in sorted((site / "posters").glob("*.html"))]
    pages += ["index.html", "columns/lizan-bangyang.html", "columns/bangyang-shenbian.html", "pioneers/shanxiao.html"]
    return [p for p in pages if (site / p).is_file()]


def _record(page: object) -> list[str]:
    """Dialogs and page errors naming a payload, for as long as the page lives."""
    seen: list[str] = []
    page.add_init_script(RECORDER)  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (seen.append(f"dialog:{d.message}"), d.dismiss()))  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: seen.append(f"error:{e}") if "alert" in str(e) else None)  # type: ignore[attr-defined]
    return seen


def _visit(page: object, url: str, seen: list[str]) -> list[str]:
    del seen[:]
    page.goto(url, wait_until="load")  # type: ignore[attr-defined]
    page.wait_for_timeout(150)  # type: ignore[attr-defined]
    for element in page.query_selector_all("[title]")[:40]:  # type: ignore[attr-defined]
        try:
            element.hover(timeout=300)
        except Exception:  # noqa: BLE001 - hidden or detached: nothing to hover
            pass
    page.mouse.wheel(0, 4000)  # type: ignore[attr-defined]
    page.wait_for_timeout(150)  # type: ignore[attr-defined]
    return [*seen, *page.evaluate("window.__fired || []")]  # type: ignore[attr-defined]


def test_the_recorder_sees_a_payload_run(page: object, tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><img src="x" onerror="alert(\'probe\')"><p title="t">t</p>', encoding="utf-8")
    seen = _record(page)
    assert _visit(page, bad.as_uri(), seen) == ["alert:probe"]


@pytest.mark.parametrize("origin", ["http", "file"])
def test_no_payload_runs_on_any_hostile_page(page: object, hostile_site: Path, hostile_base: str, origin: str) -> None:
    seen = _record(page)
    base = hostile_base if origin == "http" else hostile_site.as_uri() + "/"
    pages = _pages(hostile_site)
    assert len(pages) >= 8
    fired = {p: _visit(page, base + p, seen) for p in pages}
    assert {p: f for p, f in fired.items() if f} == {}
