"""Accessibility: axe-core (vendored in tests/browser/vendor/, never fetched) finds no serious or
critical violation on a page of every kind (tests/browser/pagekinds.py: posters and the statistics
page included), on a desktop and a phone, in light and dark, the theme's own parts included: the
header, the tabs, the search dialog with results, the footer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.pagekinds import KIND_PATTERNS, masked_pages, page_kinds

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map(n => n.target.join(" ")).join(" | ")}`);
}"""


# What a reader reads once the page is still: mkdocs-material fades the search dialog in
# (opacity .4 s), and a frame taken mid-fade blends every colour with what lies beneath.
SETTLED = "document.getAnimations().every(a => a.playState !== 'running')"


def violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.wait_for_function(SETTLED)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found: list[str] = page.evaluate(RUN_AXE)
    return found


@pytest.fixture(scope="module")
def kinds(browser_site: Path) -> dict[str, str]:
    return page_kinds(browser_site)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("kind", list(KIND_PATTERNS))
def test_no_serious_violation(page, kinds, kind: str, width: str, scheme: str,  # type: ignore[no-untyped-def]
                              file_base: str) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width])))
    page.emulate_media(color_scheme=scheme)
    page.goto(file_base + kinds[kind])
    assert violations(page) == []


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_serious_violation_where_a_name_is_masked(page, browser_site: Path, width: str,  # type: ignore[no-untyped-def]
                                                     file_base: str) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width])))
    for rel in masked_pages(browser_site):
        page.goto(file_base + rel)
        assert violations(page) == [], rel


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_violation_in_the_search_dialog(page, scheme: str, file_base: str) -> None:  # type: ignore[no-untyped-def]
    page.emulate_media(color_scheme=scheme)
    page.goto(file_base + "index.html")
    page.keyboard.press("/")
    page.keyboard.type("中国好人")
    page.locator(".ex-search-result__snippet mark").first.wait_for()
    assert violations(page) == []
