"""Every page kind, on a desktop (1440 × 900) and a phone (390 × 844): nothing is wider than the
screen, and no text is cut off by the box that holds it (a clipped label, a chart that needs a
scroll bar, a title under an ellipsis)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.pagekinds import KIND_PATTERNS, page_kinds

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}

# Elements whose overflow is wanted: text hidden for screen readers only, material's own search and
# drawer parts that sit off screen until opened, and what scrolls inside a box that fits the screen
# (a wide table in its focusable scroll region).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const inScroller = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(a).overflowX)) return a.getBoundingClientRect().right <= width + 1;
    }
    return false;
  };
  const skip = el => el.closest('.ex-visually-hidden, .md-sidebar, .md-search, .md-header__title, [hidden], dialog:not([open]), details:not([open]) > :not(summary)') || inScroller(el);
  const wide = [];
  if (document.documentElement.scrollWidth > width + 1) wide.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  for (const el of document.body.querySelectorAll('*')) {
    if (skip(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.height && (r.right > width + 1 || r.left < -1)) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.position === 'fixed') continue;
      wide.push(`${el.tagName.toLowerCase()}.${el.className} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
    }
  }
  return wide.slice(0, 8);
}"""

CLIPPED = """() => {
  const clipped = [];
  const content = document.querySelectorAll('.md-content *, .ex-sheet *, .ex-poster-toolbar *');
  for (const el of content) {
    if (el.closest('.ex-visually-hidden, [hidden], details:not([open]), svg')) continue;
    const style = getComputedStyle(el);
    const clips = /(hidden|clip|auto|scroll)/.test(style.overflowX + style.overflowY) || style.textOverflow === 'ellipsis';
    if (!clips || !el.textContent.trim() || !el.getClientRects().length) continue;
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2) {
      clipped.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 30)}`);
    }
  }
  return clipped.slice(0, 8);
}"""


@pytest.fixture(scope="module")
def kinds(browser_site: Path) -> dict[str, str]:
    found = page_kinds(browser_site)
    assert set(found) == set(KIND_PATTERNS), set(KIND_PATTERNS) - set(found)
    return found


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("kind", list(KIND_PATTERNS))
def test_nothing_wider_than_the_screen_and_no_text_cut_off(page, kinds, kind: str, width: str,  # type: ignore[no-untyped-def]
                                                           file_base: str) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width])))
    page.goto(file_base + kinds[kind])
    assert page.evaluate(OVERFLOW) == []
    assert page.evaluate(CLIPPED) == []


@pytest.mark.parametrize("query", ["?size=a3", "?size=screen", "?size=screen&sheet=only"])
def test_poster_sizes_fit_the_screen_and_cut_nothing_off(page, kinds, query: str, file_base: str) -> None:  # type: ignore[no-untyped-def]
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(file_base + kinds["poster"] + query)
        assert page.evaluate(OVERFLOW) == [], (query, width)
        assert page.evaluate(CLIPPED) == [], (query, width)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(file_base + kinds["poster"] + "?size=screen&sheet=only")
    box = page.evaluate("(() => { const r = document.querySelector('.ex-sheet').getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()")
    assert box == [0, 0, 1920, 1080]


def test_a_chart_on_a_phone_has_readable_text_and_needs_no_scrolling(page, file_base: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(file_base + "stats/index.html")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.ex-chart__svg')]
      .filter(svg => svg.getClientRects().length)
      .map(svg => {
        const box = svg.getBoundingClientRect(), scale = box.width / svg.viewBox.baseVal.width;
        const font = parseFloat(svg.getAttribute('font-size'));
        return [svg.closest('section').id, Math.round(font * scale * 10) / 10, svg.parentElement.scrollWidth <= svg.parentElement.clientWidth];
      })""")
    assert sizes, "no chart drawn on the phone"
    for section, px, fits in sizes:
        assert px >= 12, f"{section}: chart text {px} px"
        assert fits, f"{section}: chart wider than its box"


def test_photos_keep_their_focal_point_in_every_crop(page, kinds, file_base: str) -> None:  # type: ignore[no-untyped-def]
    for kind in ("home", "story", "poster"):
        page.goto(file_base + kinds[kind])
        crops = page.evaluate("""() => [...document.querySelectorAll('img[style*="--ex-focus"]')]
          .map(img => [img.style.getPropertyValue('--ex-focus').trim(), getComputedStyle(img).objectPosition])""")
        for wanted, drawn in crops:
            assert drawn == wanted, kind
