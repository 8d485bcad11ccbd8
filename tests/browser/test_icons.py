"""The chrome's icons show, from file:// with nothing else reachable: each is an empty <svg> that
exemplar.css draws through a CSS mask (a data: URL, since a mask's url() to a file is refused from
file://), in the colour of the text around it, the size mkdocs-material gives its icons."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

pytestmark = pytest.mark.browser

# Which icons a reader sees at once: on a phone the menu, the palette toggle and the search button;
# on a desktop the logo and the palette toggle; in the open search the back arrow or the magnifier.
VISIBLE = {
    (390, 844): [".md-header__button[for=__drawer] .ex-icon--menu", ".md-header__button:not([hidden]) .ex-icon[class*=weather]",
                 ".md-header__button[for=__search] .ex-icon--magnify"],
    (1280, 900): [".md-header__button.md-logo .ex-icon--logo", ".md-header__button:not([hidden]) .ex-icon[class*=weather]",
                  ".md-search__icon .ex-icon--magnify"],
}

STYLE = """el => { const s = getComputedStyle(el), r = el.getBoundingClientRect();
  return {mask: s.maskImage || s.webkitMaskImage, fill: s.backgroundColor, color: s.color, width: r.width, height: r.height}; }"""


def inked(png: bytes, colour: str) -> float:
    """The share of an element's screenshot painted in ``colour`` (a computed "rgb(r, g, b)")."""
    rgb = [int(part) for part in re.findall(r"\d+", colour)[:3]]
    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    pixels = [data[i:i + 3] for i in range(0, len(data), 3)]
    return sum(1 for px in pixels if max(abs(a - b) for a, b in zip(px, rgb)) < 60) / len(pixels)


@pytest.mark.parametrize("size", list(VISIBLE), ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_header_icons_are_drawn_from_file(page: object, file_base: str, browser_site: Path, traffic: object,
                                              size: tuple[int, int], scheme: str) -> None:
    story = sorted((browser_site / "stories").glob("*.html"))[0].name
    page.set_viewport_size({"width": size[0], "height": size[1]})  # type: ignore[attr-defined]
    page.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
    page.goto(file_base + "stories/" + story)  # type: ignore[attr-defined]
    for selector in VISIBLE[size]:
        icon = page.locator(selector).first  # type: ignore[attr-defined]
        style = icon.evaluate(STYLE)
        assert "data:image/svg+xml" in style["mask"], (selector, style)
        assert style["fill"] == style["color"] and style["fill"] not in ("rgba(0, 0, 0, 0)", "transparent"), (selector, style)
        assert style["width"] >= 16 and style["height"] >= 16, (selector, style)
        assert icon.evaluate("el => el.childElementCount") == 0, selector  # drawn by the mask, not by a path
        assert 0.08 <= inked(icon.screenshot(), style["fill"]) <= 0.85, f"{selector}: not drawn as an icon"
    assert not traffic.foreign and not traffic.failed and not traffic.console_errors, traffic  # type: ignore[attr-defined]


def test_an_icon_without_its_mask_would_show_as_a_block(page: object, file_base: str, browser_site: Path) -> None:
    """The check above can fail: the icon with the stylesheet's mask removed is a filled square."""
    story = sorted((browser_site / "stories").glob("*.html"))[0].name
    page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.goto(file_base + "stories/" + story)  # type: ignore[attr-defined]
    icon = page.locator(".md-header__button[for=__drawer] .ex-icon--menu")  # type: ignore[attr-defined]
    colour = icon.evaluate("el => getComputedStyle(el).backgroundColor")
    drawn = inked(icon.screenshot(), colour)
    icon.evaluate("el => { el.style.mask = 'none'; el.style.webkitMask = 'none'; }")
    square = inked(icon.screenshot(), colour)
    assert 0.08 <= drawn <= 0.85 < square, (drawn, square)
