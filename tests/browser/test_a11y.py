"""Accessibility: axe-core (vendored in tests/browser/vendor/, never fetched) finds no serious or
critical violation on the home, a column, a story and the index pages, in light and dark, the
theme's own parts included: the header, the tabs, the search dialog with results, the footer."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PAGES = [
    "index.html",
    "columns/lizan-bangyang/index.html",
    "stories/huang-xiaoqing.html",
    "stories/luo-jianhua.html",  # with a film
    "honours/index.html",
    "units/index.html",
    "years/index.html",
    "years/2024.html",
    "films/index.html",
    "404.html",
]
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map(n => n.target.join(" ")).join(" | ")}`);
}"""


def violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found: list[str] = page.evaluate(RUN_AXE)
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", PAGES)
def test_no_serious_violation(page, rel: str, scheme: str, file_base: str) -> None:  # type: ignore[no-untyped-def]
    page.emulate_media(color_scheme=scheme)
    page.goto(file_base + rel)
    assert violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_violation_in_the_search_dialog(page, scheme: str, file_base: str) -> None:  # type: ignore[no-untyped-def]
    page.emulate_media(color_scheme=scheme)
    page.goto(file_base + "index.html")
    page.keyboard.press("/")
    page.keyboard.type("中国好人")
    page.locator(".ex-search-result__snippet mark").first.wait_for()
    assert violations(page) == []


@pytest.mark.parametrize("rel", ["index.html", "stories/huang-xiaoqing.html"])
def test_no_serious_violation_on_a_phone(page, rel: str, file_base: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(file_base + rel)
    assert violations(page) == []
