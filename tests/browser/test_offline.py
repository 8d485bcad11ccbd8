"""Offline first: the site asks nothing of any other host, over http and from disk (file://).

Every page is opened over http on 127.0.0.1; one page of each kind (and every story) is
opened from disk. On each: no request leaves the machine, no console error, no local file
missing (lazy images are made to load too). Then what a reader does from a copy on disk:
follow the navigation, switch light/dark, reach the 404 page; and the phone width.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

pytestmark = pytest.mark.browser

INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")
LOAD_EVERY_IMAGE = """async () => {
  const broken = [];
  await Promise.all([...document.images].map(img => {
    img.loading = "eager";
    return img.decode().catch(() => { if (!img.naturalWidth) broken.push(img.currentSrc || img.src); });
  }));
  return broken;
}"""


def site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def one_of_each_kind(pages: list[str]) -> list[str]:
    """Every page at the top and every story; of the other folders, the index and one page more."""
    chosen: list[str] = []
    others: dict[str, str] = {}
    for page in pages:
        folder = page.split("/")[0] if "/" in page else ""
        if not folder or folder == "stories" or page.endswith("/index.html"):
            chosen.append(page)
        else:
            others.setdefault(folder, page)
    return sorted(chosen + list(others.values()))


def visit(page, traffic, url: str, every_image: bool = True) -> list[str]:  # type: ignore[no-untyped-def]
    """Open ``url`` (and load its lazy images too); what went wrong there (foreign, failed, errors, broken).

    A request the browser cancels because the test moves on (the favicon, typically:
    net::ERR_ABORTED) is not a missing file; every other failure is.
    """
    marks = (len(traffic.foreign), len(traffic.console_errors))
    bad: list[str] = []

    def on_response(response) -> None:  # type: ignore[no-untyped-def]
        if response.status >= 400:
            bad.append(f"HTTP {response.status} {response.url}")

    def on_failed(request) -> None:  # type: ignore[no-untyped-def]
        if urlsplit(request.url).hostname in (None, "", "127.0.0.1") and request.failure != "net::ERR_ABORTED":
            bad.append(f"failed {request.url} ({request.failure})")

    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    page.goto(url, wait_until="load")
    broken = page.evaluate(LOAD_EVERY_IMAGE) if every_image else []
    page.remove_listener("response", on_response)
    page.remove_listener("requestfailed", on_failed)
    problems = [f"foreign request {u}" for u in traffic.foreign[marks[0]:]]
    problems += [f"console error {e}" for e in traffic.console_errors[marks[1]:]]
    problems += [f"broken image {u}" for u in broken] + bad
    return [f"{url}: {p}" for p in problems]


def test_every_page_over_http_asks_nothing_of_other_hosts(page, traffic, browser_site: Path, http_base: str) -> None:  # type: ignore[no-untyped-def]
    pages = [p for p in site_pages(browser_site) if p != "404.html"]
    assert len(pages) > 50
    # Lazy images below the fold are left alone here (test_every_local_link_and_resource_exists
    # checks every file; the pages from disk load every image). Loading pages in several tabs at
    # once was measured and saves little: the time is the browser's own work.
    problems = [p for rel in pages for p in visit(page, traffic, http_base + rel, every_image=False)]
    assert problems == []
    assert traffic.foreign == []


def test_every_kind_of_page_works_from_disk(page, traffic, browser_site: Path, file_base: str) -> None:  # type: ignore[no-untyped-def]
    pages = one_of_each_kind(site_pages(browser_site))
    assert {"index.html", "404.html", "stories/huang-xiaoqing.html", "honours/index.html"} <= set(pages)
    problems = [p for rel in pages for p in visit(page, traffic, file_base + rel)]
    assert problems == []


def test_every_local_link_and_resource_exists(browser_site: Path) -> None:
    """What the browser tests do not click: every href, src, srcset and poster resolves to a file."""
    missing: list[str] = []
    for rel in site_pages(browser_site):
        base = "https://site.invalid/" + rel
        tree = LexborHTMLParser((browser_site / rel).read_text(encoding="utf-8"))
        if rel == "404.html":
            base = "https://site.invalid/"  # its links are from the site root (see theme_overrides/404.html)
        for node in tree.css("[href], [src], [srcset], [poster]"):
            values = [node.attributes.get(a) or "" for a in ("href", "src", "poster")]
            values += [part.split()[0] for part in (node.attributes.get("srcset") or "").split(",") if part.strip()]
            for value in values:
                url = urljoin(base, value)
                parts = urlsplit(url)
                if parts.hostname != "site.invalid" or not value or value.startswith(("#", "mailto:", "tel:")):
                    continue
                target = browser_site / unquote(parts.path.lstrip("/"))
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    missing.append(f"{rel}: {value}")
    assert missing == []


def test_navigation_and_theme_switch_work_from_disk(page, traffic, file_base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(file_base + "index.html")
    page.locator(".md-tabs__link", has_text="荣誉榜").click()
    page.wait_for_url(file_base + "honours/index.html")
    assert page.locator("h1").first.inner_text().strip() == "荣誉榜"
    page.locator(".ex-card__link, .md-typeset a[href*='stories/']").first.click()
    page.wait_for_url(re.compile(r"/stories/[a-z0-9-]+\.html$"))

    scheme = "document.body.getAttribute('data-md-color-scheme')"
    before = page.evaluate(scheme)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.evaluate(scheme)
    assert {before, after} == {"default", "slate"}
    page.goto(file_base + "units/index.html")  # the choice is kept from page to page, from disk too
    assert page.evaluate(scheme) == after
    assert traffic.foreign == [] and traffic.failed == [] and traffic.console_errors == []


def test_the_404_page_works_from_disk_and_for_any_missing_address(page, traffic, file_base: str, http_base: str) -> None:  # type: ignore[no-untyped-def]
    header = "getComputedStyle(document.querySelector('.ex-404-header')).backgroundColor"
    page.goto(file_base + "404.html")
    assert page.locator("h1").inner_text() == "页面不存在"
    assert page.evaluate(header) == "rgb(0, 112, 107)"
    page.locator(".ex-404-nav a", has_text="荣誉榜").click()
    page.wait_for_url(file_base + "honours/index.html")

    assert traffic.console_errors == []
    response = page.goto(http_base + "stories/no/such/page.html")
    assert response is not None and response.status == 404
    assert traffic.console_errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
    traffic.console_errors.clear()  # that one is the page's own status: nothing else may fail
    assert page.locator("h1").inner_text() == "页面不存在"
    assert page.evaluate(header) == "rgb(0, 112, 107)"
    assert page.locator(".ex-404-header a").evaluate("a => a.href") == http_base + "index.html"
    page.locator(".ex-404-search input").fill("黄小清")  # its search form opens the site's search
    page.locator(".ex-404-search button").click()
    page.locator(".md-search-result__item").first.wait_for()
    assert page.locator(".md-search-result__link").first.get_attribute("href") == "stories/huang-xiaoqing.html"
    assert traffic.foreign == [] and traffic.failed == [] and traffic.console_errors == []


@pytest.mark.parametrize("rel", ["index.html", "columns/lizan-bangyang/index.html", "stories/huang-xiaoqing.html"])
def test_phone_width_needs_no_horizontal_scrolling(page, rel: str, file_base: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(file_base + rel)
    page.evaluate(LOAD_EVERY_IMAGE)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]")
    assert max(widths[:2]) <= widths[2], widths


def test_no_invisible_characters_in_pages_or_search_files(browser_site: Path) -> None:
    files = [*browser_site.rglob("*.html"), *(browser_site / "search").rglob("*.js")]
    found = [f.relative_to(browser_site).as_posix() for f in files if INVISIBLE.search(f.read_text(encoding="utf-8"))]
    assert found == []
