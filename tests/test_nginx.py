"""deploy/nginx/exemplar.conf serves a real build of the sample archive correctly: types,
compression, caching, byte ranges for films, the 404 page and the security headers.

The config is the real file, included from a small wrapper nginx.conf in ``tmp_path``; only
its three lines marked ``site:`` (listen, listen IPv6, root) are rewritten for the test.
"""

from __future__ import annotations

import gzip
import json
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.archives import REPO, SAMPLE
CONF = REPO / "deploy" / "nginx" / "exemplar.conf"
NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.skipif(not NGINX.exists(), reason="nginx is not installed (/usr/sbin/nginx); "
                                                  "install Debian's nginx to run these tests: apt-get install nginx"),
    pytest.mark.build,
]

HASHED = "public, max-age=31536000, immutable"


def site_conf(root: Path, port: int) -> str:
    """The real exemplar.conf, listening on 127.0.0.1:``port`` and serving ``root``."""
    text = CONF.read_text(encoding="utf-8")
    text, listen = re.subn(r"^(\s*)listen 80;", rf"\g<1>listen 127.0.0.1:{port};", text, flags=re.M)
    text, listen6 = re.subn(r"^\s*listen \[::\]:80;.*\n", "", text, flags=re.M)
    text, roots = re.subn(r"^(\s*)root /srv/exemplar/site;", rf'\g<1>root "{root.as_posix()}";', text, flags=re.M)
    assert (listen, listen6, roots) == (1, 1, 1), "exemplar.conf's 'site:' lines changed; update this test"
    return text


def wrapper_conf(prefix: Path) -> str:
    """A minimal nginx.conf like Debian's: mime.types in http {}, then our file."""
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp_paths = "\n".join(f"    {kind}_temp_path {prefix / kind};" for kind in kinds)
    user = "user root;\n" if os.geteuid() == 0 else ""  # else workers run as nobody, who cannot read tmp_path
    return f"""{user}worker_processes 1;
daemon off;
pid {prefix / 'nginx.pid'};
error_log {prefix / 'error.log'} warn;
events {{ worker_connections 64; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    access_log {prefix / 'access.log'};
{temp_paths}
    include {prefix / 'exemplar.conf'};
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive built by ``exemplar build`` (as deployed), plus two files of types it lacks."""
    site = tmp_path_factory.mktemp("nginx") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli.main", "--root", str(SAMPLE), "build", "--site-dir", str(site)],
        cwd=SAMPLE, capture_output=True, text=True, encoding="utf-8", timeout=600, check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    # nginx goes by the name only; the bytes need not be a real image, font or document.
    (site / "media" / "probe.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8L")
    (site / "assets" / "exemplar" / "probe.woff2").write_bytes(b"wOF2" + bytes(60))
    probe_json = json.dumps([{"名称": "榜样档案"}] * 40, ensure_ascii=False)  # over gzip_min_length
    (site / "assets" / "exemplar" / "probe.json").write_text(probe_json, encoding="utf-8")
    return site


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


@dataclass(frozen=True)
class Server:
    port: int
    root: Path

    def get(self, path: str, **headers: str) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
            response = connection.getresponse()
            return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()


def nginx_test(prefix: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(NGINX), "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                          capture_output=True, text=True, encoding="utf-8", timeout=30, check=False)


@pytest.fixture(scope="session")
def nginx(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    prefix = tmp_path_factory.mktemp("nginx-prefix")
    (prefix / "nginx.conf").write_text(wrapper_conf(prefix), encoding="utf-8")
    for attempt in range(5):  # the free port may be taken between free_port() and nginx's bind
        port = free_port()
        (prefix / "exemplar.conf").write_text(site_conf(built_site, port), encoding="utf-8")
        checked = nginx_test(prefix)
        assert checked.returncode == 0, checked.stderr
        log = open(prefix / "stderr.log", "w", encoding="utf-8")  # noqa: SIM115 - closed below
        process = subprocess.Popen([str(NGINX), "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                                   stdout=log, stderr=log)
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        if process.poll() is None:
            break
        log.close()
        assert attempt < 4, (prefix / "stderr.log").read_text(encoding="utf-8")
    try:
        yield Server(port, built_site)
    finally:
        process.terminate()
        process.wait(10)
        log.close()


# --- the config itself ------------------------------------------------------------------

def test_nginx_accepts_the_config_without_a_warning(nginx: Server, tmp_path: Path) -> None:
    prefix = tmp_path
    (prefix / "nginx.conf").write_text(wrapper_conf(prefix), encoding="utf-8")
    (prefix / "exemplar.conf").write_text(site_conf(nginx.root, free_port()), encoding="utf-8")
    checked = nginx_test(prefix)
    assert checked.returncode == 0, checked.stderr
    assert "[warn]" not in checked.stderr and "[emerg]" not in checked.stderr, checked.stderr


# --- pages -------------------------------------------------------------------------------

def test_the_home_page_is_utf8_html_revalidated_every_time(nginx: Server) -> None:
    response = nginx.get("/")
    assert response.status == 200
    assert response.header("Content-Type") == "text/html; charset=utf-8"
    assert "榜样档案" in response.body.decode("utf-8")
    assert response.header("Cache-Control") == "no-cache"
    assert response.header("Last-Modified") and response.header("ETag")


def test_pages_are_gzipped_when_asked_and_say_so_to_caches(nginx: Server) -> None:
    response = nginx.get("/index.html", Accept_Encoding="gzip")
    assert response.header("Content-Encoding") == "gzip"
    assert response.header("Vary") == "Accept-Encoding"
    assert gzip.decompress(response.body) == (nginx.root / "index.html").read_bytes()


def test_every_response_carries_the_security_headers(nginx: Server) -> None:
    for path in ("/", "/search/index.js", "/no-such-page.html"):
        response = nginx.get(path)
        assert response.header("X-Content-Type-Options") == "nosniff", path
        assert response.header("Referrer-Policy") == "same-origin", path
        csp = dict(part.strip().split(" ", 1) for part in response.header("Content-Security-Policy").split(";"))
        assert csp["default-src"] == "'self'", path
        assert csp["script-src"] == csp["style-src"] == "'self' 'unsafe-inline'", path
        assert csp["object-src"] == "'none'", path
        assert "nginx/" not in response.header("Server"), path


def test_a_missing_page_gets_the_sites_404_page(nginx: Server) -> None:
    response = nginx.get("/stories/no-such-story.html")
    assert response.status == 404
    assert response.header("Content-Type") == "text/html; charset=utf-8"
    assert response.body == (nginx.root / "404.html").read_bytes()
    assert nginx.get("/media/no-such-film.mp4").status == 404


# --- films -------------------------------------------------------------------------------

def a_film(root: Path, suffix: str) -> str:
    films = sorted(root.glob(f"media/*{suffix}"))
    assert films, f"the sample archive has no {suffix} film"
    return "/" + films[0].relative_to(root).as_posix()


@pytest.mark.parametrize(("suffix", "mime"), [(".mp4", "video/mp4"), (".webm", "video/webm")])
def test_films_are_served_whole_with_their_type_and_never_gzipped(nginx: Server, suffix: str, mime: str) -> None:
    path = a_film(nginx.root, suffix)
    response = nginx.get(path, Accept_Encoding="gzip")
    assert response.status == 200
    assert response.header("Content-Type") == mime
    assert response.header("Accept-Ranges") == "bytes"
    assert not response.header("Content-Encoding")
    assert response.body == (nginx.root / path.lstrip("/")).read_bytes()
    assert response.header("Cache-Control") == "public, max-age=86400"


def test_a_film_answers_a_range_request_with_206(nginx: Server) -> None:
    path = a_film(nginx.root, ".mp4")
    data = (nginx.root / path.lstrip("/")).read_bytes()
    response = nginx.get(path, Range="bytes=100-1123", Accept_Encoding="gzip")
    assert response.status == 206
    assert response.header("Content-Range") == f"bytes 100-1123/{len(data)}"
    assert response.body == data[100:1124]
    assert nginx.get(path, Range=f"bytes={len(data)}-").status == 416


# --- search and assets ---------------------------------------------------------------------

def test_the_search_index_is_gzipped_and_revalidated(nginx: Server) -> None:
    response = nginx.get("/search/index.js", Accept_Encoding="gzip")
    assert response.status == 200
    assert response.header("Content-Type") == "application/javascript; charset=utf-8"
    assert response.header("Content-Encoding") == "gzip"
    assert response.header("Cache-Control") == "no-cache"
    assert gzip.decompress(response.body) == (nginx.root / "search" / "index.js").read_bytes()


def test_json_is_utf8_json_and_gzipped(nginx: Server) -> None:
    response = nginx.get("/assets/exemplar/probe.json", Accept_Encoding="gzip")
    assert response.header("Content-Type") == "application/json; charset=utf-8"
    assert response.header("Content-Encoding") == "gzip"


def test_hashed_theme_bundles_are_cached_for_a_year_as_immutable(nginx: Server) -> None:
    bundles = [*nginx.root.glob("assets/javascripts/bundle.*.min.js"), *nginx.root.glob("assets/stylesheets/main.*.min.css")]
    assert len(bundles) == 2
    for bundle in bundles:
        response = nginx.get("/" + bundle.relative_to(nginx.root).as_posix(), Accept_Encoding="gzip")
        assert response.status == 200
        assert response.header("Cache-Control") == HASHED
        assert response.header("Content-Encoding") == "gzip"
        assert response.header("Content-Type").split(";")[0] in ("application/javascript", "text/css")


@pytest.mark.parametrize(("path", "mime"), [
    ("/assets/exemplar/exemplar.css", "text/css; charset=utf-8"),
    ("/assets/exemplar/logo.svg", "image/svg+xml; charset=utf-8"),
    ("/assets/exemplar/probe.woff2", "font/woff2"),
    ("/media/probe.webp", "image/webp"),
])
def test_our_own_assets_have_their_types_and_are_cached_briefly(nginx: Server, path: str, mime: str) -> None:
    response = nginx.get(path)
    assert response.status == 200
    assert response.header("Content-Type") == mime
    expected = "public, max-age=86400" if path.startswith("/media/") else "public, max-age=3600"
    assert response.header("Cache-Control") == expected


def test_resized_photos_with_hashed_names_are_immutable_too(nginx: Server) -> None:
    photos = sorted(nginx.root.glob("images/*.webp"))
    assert photos, "the sample site has no resized photos"
    response = nginx.get("/" + photos[0].relative_to(nginx.root).as_posix(), Accept_Encoding="gzip")
    assert response.header("Content-Type") == "image/webp"
    assert response.header("Cache-Control") == HASHED
    assert not response.header("Content-Encoding")


def test_the_unhashed_search_client_is_not_immutable(nginx: Server) -> None:
    # The site's search is assets/exemplar/search.js (mkdocs-material's lunr files are not
    # published): its name carries no hash, so it must be revalidated.
    assert (nginx.root / "assets" / "exemplar" / "search.js").is_file()
    assert not (nginx.root / "assets" / "javascripts" / "lunr").exists()
    response = nginx.get("/assets/exemplar/search.js")
    assert response.header("Cache-Control") == "public, max-age=3600"


def test_the_prebuilt_gzip_sitemap_is_served_as_is(nginx: Server) -> None:
    response = nginx.get("/sitemap.xml", Accept_Encoding="gzip")
    assert response.header("Content-Encoding") == "gzip"
    assert response.body == (nginx.root / "sitemap.xml.gz").read_bytes()  # gzip_static, not compressed anew


# --- in a browser: the CSP lets mkdocs-material work --------------------------------------

@pytest.mark.browser
def test_the_content_security_policy_lets_pages_and_search_work(nginx: Server) -> None:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed (/usr/bin/chromium): apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_page(locale="zh-CN")
            console: list[str] = []
            page.on("console", lambda message: console.append(message.text))
            page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                                 " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
            page.goto(f"http://127.0.0.1:{nginx.port}/")
            page.locator("label.md-search__icon, .md-search__input").first.click()
            page.locator("input.md-search__input").fill("黄小清")
            page.keyboard.press("End")  # material reads the query on keyup; fill() sends none
            page.locator(".md-search-result__item").first.wait_for(timeout=15000)
            film = a_film(nginx.root, ".mp4")
            story = next(p for p in nginx.root.glob("stories/*.html") if film.rsplit("/", 1)[1] in p.read_text(encoding="utf-8"))
            page.goto(f"http://127.0.0.1:{nginx.port}/{story.relative_to(nginx.root).as_posix()}")
            duration = page.evaluate("""() => new Promise(done => {
                const video = document.querySelector('video');
                video.preload = 'metadata';
                video.addEventListener('loadedmetadata', () => done(video.duration));
                video.addEventListener('error', () => done(-1));
                video.load();
            })""")
            violations = page.evaluate("window.__csp")
        finally:
            browser.close()
    assert violations == []
    assert not [line for line in console if "Content Security Policy" in line]
    assert duration > 0  # the film's metadata came through nginx and the CSP's media-src
