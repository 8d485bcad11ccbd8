"""Every page carries little chrome: what is the same on every page lives in files the browser keeps.

The header's icons are empty ``<svg class="ex-icon …">`` drawn by CSS masks (assets/exemplar/exemplar.css),
material's storage and palette scripts and the posters' scripts are files, and the templates'
indentation is squeezed out (``ex_squeeze``). Chrome here is everything of a page outside its own
content (``<article class="md-content__inner">``) and its table of contents. It was about 18,300
bytes a page with inline icons, scripts and indentation; each of those coming back crosses the bound.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.archives import REPO

pytestmark = pytest.mark.build

CHROME_BOUND = 13_500
"""Bytes of chrome a page may carry (12,000–12,500 on the sample, the rest is room for longer titles and
unit names). Raising it for a new part of the header or navigation is fine; say in the commit why
the part cannot live in a shared file."""

CONTENT = re.compile(r'<article class="md-content__inner[^"]*">.*</article>', re.S)
TOC = re.compile(r'<div class="md-sidebar md-sidebar--secondary".*?(?=<div class="md-content")', re.S)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
# Inline scripts material writes that depend on the page: its configuration (JSON, not code) and the
# one that opens a content tab named in the address (partials/javascripts/content.html, 150 bytes).
PAGE_SCRIPTS = ('id="__config" type="application/json"', "var target=document.getElementById(location.hash.slice(1))")


def theme_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html"))
            if p.parent.name != "posters" and p.relative_to(site).as_posix() != "404.html"]


def chrome(html: str) -> str:
    return TOC.sub("", CONTENT.sub("", html, count=1), count=1)


def test_the_chrome_of_every_page_stays_under_the_bound(site: Path) -> None:
    pages = theme_pages(site)
    assert len(pages) > 50 and all(CONTENT.search(p.read_text(encoding="utf-8")) for p in pages)
    heavy = {p.relative_to(site).as_posix(): size for p in pages
             if (size := len(chrome(p.read_text(encoding="utf-8")).encode())) > CHROME_BOUND}
    assert not heavy, f"pages whose chrome is over {CHROME_BOUND:,} bytes: {heavy}"


def test_the_chrome_draws_its_icons_from_the_stylesheet_not_inline(site: Path) -> None:
    for page in theme_pages(site):
        part = chrome(page.read_text(encoding="utf-8"))
        where = page.relative_to(site).as_posix()
        assert "<path" not in part, f"{where}: an icon's path is written into the page"
        svgs = re.findall(r"<svg\b[^>]*>(?!</svg>)", part)
        assert not svgs, f"{where}: an <svg> in the chrome has content: {svgs[0]}"
        assert part.count('class="ex-icon ') + part.count(' ex-icon ') >= 8, where  # logo ×2, menu, palette ×2, search …


def test_the_chrome_has_no_inline_code_but_what_depends_on_the_page(site: Path) -> None:
    for page in theme_pages(site):
        for attributes, code in INLINE_SCRIPT.findall(chrome(page.read_text(encoding="utf-8"))):
            assert any(known in attributes or code.startswith(known) for known in PAGE_SCRIPTS), (
                f"{page.relative_to(site).as_posix()}: an inline script: {code[:80]}")


def test_the_templates_indentation_is_not_written(site: Path) -> None:
    # What is left is the skeleton of material's base.html, outside the blocks main.html fills.
    for page in [*theme_pages(site), *sorted((site / "posters").glob("*.html"))]:
        html = re.sub(r"<(pre|textarea|script|style|code|svg)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        indent = sum(len(run) for run in re.findall(r"^[ \t]+|^\s*\n", html, re.M))
        assert indent < 600, f"{page.relative_to(site).as_posix()}: {indent} bytes of indentation"


def test_every_icon_a_page_names_is_drawn_by_the_stylesheet(site: Path) -> None:
    css = (site / "assets/exemplar/exemplar.css").read_text(encoding="utf-8")
    assert css == (REPO / "theme_overrides/assets/exemplar/exemplar.css").read_text(encoding="utf-8")
    named = {name for page in theme_pages(site) for name in re.findall(r"\bex-icon--([a-z-]+)", page.read_text(encoding="utf-8"))}
    assert {"logo", "menu", "magnify", "arrow-left", "close", "arrow-up", "weather-night", "weather-sunny"} <= named
    undrawn = [name for name in named if not re.search(rf'\.ex-icon--{name} {{ --ex-icon: url\("data:image/svg\+xml,', css)]
    assert not undrawn, f"icons with no mask in exemplar.css: {undrawn}"


def test_posters_load_their_scripts_from_files(site: Path) -> None:
    posters = sorted((site / "posters").glob("*.html"))
    assert posters
    for poster in posters:
        html = poster.read_text(encoding="utf-8")
        assert not INLINE_SCRIPT.findall(html), poster.name
        assert all(f"assets/exemplar/ex-poster-{name}.js" in html for name in ("size", "toolbar", "fit"))
