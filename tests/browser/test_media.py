"""What a reader does with pictures and films, in Chromium: a local film plays over http and from disk,
a column page loads only the small photos, a photo opens large in the lightbox offline, and the QR
code a poster shows decodes to the story's (or the film's) URL."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image

pytestmark = pytest.mark.browser

SITE_URL = "https://bangyang.fixture.test/"  # tests/fixtures/sample/mkdocs.yml
FILM_URL = "https://www.xuexi.cn/lgpage/detail/index.html?id=9037461582036174925&item_id=9037461582036174925"
PLAYING = """() => {
  const v = document.querySelector("video.ex-film__player");
  return v && v.readyState >= 3 && v.currentTime > 0;
}"""


@pytest.mark.parametrize("where", ["http", "file"])
def test_local_film_plays(page, traffic, where: str, http_base: str, file_base: str) -> None:  # type: ignore[no-untyped-def]
    base = http_base if where == "http" else file_base
    page.goto(base + "stories/luo-jianhua.html")
    video = page.locator("video.ex-film__player")
    assert video.evaluate("v => [v.preload, v.readyState, v.paused]") == ["none", 0, True]  # nothing loaded yet
    assert video.evaluate("v => v.poster").endswith(".page.jpg")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function(PLAYING, timeout=30_000)
    source = video.evaluate("v => v.currentSrc")
    assert urlsplit(source).path.endswith(("media/luo-jianhua-film.mp4", "media/luo-jianhua-film.webm"))
    assert traffic.foreign == [] and traffic.failed == []


def test_column_page_loads_only_small_photos(page, traffic, http_base: str) -> None:  # type: ignore[no-untyped-def]
    images: list[str] = []
    page.on("request", lambda r: images.append(urlsplit(r.url).path) if r.resource_type == "image" else None)
    page.set_viewport_size({"width": 1280, "height": 5000})  # every card in view: every lazy photo loads
    page.goto(http_base + "columns/bangyang-shenbian/index.html")
    page.wait_for_load_state("networkidle")
    cards = page.locator("article.ex-card picture").count()
    photos = [p for p in images if p.startswith("/images/")]
    assert cards > 10 and len(photos) == cards, (cards, photos)
    assert all(p.endswith(".card.webp") for p in photos), photos  # WebP chosen, never the JPEG fallback
    assert not any(p.startswith("/media/") or p.endswith((".page.jpg", ".zoom.jpg")) for p in images), images
    sizes = page.locator("article.ex-card picture img").evaluate_all("imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])")
    assert all(size == [360, 480] for size in sizes), sizes
    assert traffic.foreign == []


@pytest.mark.parametrize("where", ["http", "file"])
def test_photo_opens_in_the_lightbox_offline(page, traffic, where: str, http_base: str, file_base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto((http_base if where == "http" else file_base) + "stories/luo-jianhua.html")
    page.locator(".ex-profile a.ex-zoom").click()
    dialog = page.locator("dialog.ex-lightbox[open]")
    dialog.wait_for()
    big = dialog.locator("img.ex-lightbox__image")
    page.wait_for_function("() => document.querySelector('dialog.ex-lightbox img').naturalWidth > 0")
    assert big.evaluate("i => i.naturalWidth") >= 900 and big.get_attribute("alt") == "罗建华的照片"
    assert dialog.locator(".ex-lightbox__caption").inner_text() == "罗建华"
    assert page.url.endswith("stories/luo-jianhua.html")  # the link was not followed
    page.keyboard.press("Escape")
    assert page.locator("dialog.ex-lightbox[open]").count() == 0
    assert traffic.foreign == [] and traffic.console_errors == []


def decode_shown(locator) -> list[str]:  # type: ignore[no-untyped-def]
    """Decode what the page shows: a screenshot of the element, read by zxing-cpp."""
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(locator.screenshot())),
                                                  formats=zxingcpp.BarcodeFormat.QRCode)]


def test_poster_qr_code_decodes_to_the_story_url(page, traffic, file_base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(file_base + "posters/luo-jianhua.html")
    assert decode_shown(page.locator(".ex-sheet__qr--story svg")) == [f"{SITE_URL}stories/luo-jianhua.html"]
    assert page.locator(".ex-sheet__qr--film").is_hidden()
    assert traffic.foreign == [] and traffic.console_errors == []


def test_poster_qr_code_points_at_the_film_when_asked(page, file_base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(file_base + "posters/luo-jianhua.html?qr=film")
    assert page.locator(".ex-sheet__qr--story").is_hidden()
    assert decode_shown(page.locator(".ex-sheet__qr--film svg")) == [FILM_URL]


@pytest.mark.parametrize(("query", "mm"), [("", (210, 297)), ("?size=a3", (297, 420))])
def test_poster_sheet_has_the_paper_size_and_prints_alone(page, file_base: str, query: str,  # type: ignore[no-untyped-def]
                                                          mm: tuple[int, int]) -> None:
    page.goto(file_base + "posters/aixin-jiaoshi.html" + query)
    box = page.locator(".ex-sheet").bounding_box()
    assert abs(box["width"] - mm[0] / 25.4 * 96) < 1 and abs(box["height"] - mm[1] / 25.4 * 96) < 1
    # nothing inside the sheet overflows it (the sheet would cut it off)
    overflow = page.locator(".ex-sheet").evaluate(
        "s => [...s.querySelectorAll('*')].filter(e => { const r = e.getBoundingClientRect(), b = s.getBoundingClientRect();"
        " return r.width && (r.right > b.right + 0.5 || r.bottom > b.bottom + 0.5 || r.left < b.left - 0.5); })"
        ".map(e => e.className)")
    assert overflow == []
    page.emulate_media(media="print")
    assert page.locator(".ex-poster-toolbar").is_hidden()


def test_no_poster_text_is_clipped(page, browser_site, file_base: str) -> None:  # type: ignore[no-untyped-def]
    clipped = ("s => [...s.querySelectorAll('.ex-sheet__summary, .ex-sheet__title')]"
               ".filter(e => e.scrollHeight > e.clientHeight + 1).map(e => e.className)")
    posters = sorted(p.name for p in (browser_site / "posters").glob("*.html"))
    assert len(posters) >= 16
    for name in posters:
        page.goto(file_base + "posters/" + name)
        assert page.locator(".ex-sheet").evaluate(clipped) == [], name
    # the worst case: three honours, a long unit, a two-line title and a summary of the full 200 characters
    page.goto(file_base + "posters/luo-jianhua.html")
    page.evaluate("""() => {
      document.querySelector('.ex-sheet__summary').textContent = '输电线路架在崇山峻岭之间，带电作业人员常常要在几十米高的铁塔上工作。'.repeat(6).slice(0, 200);
      document.querySelector('.ex-sheet__title').textContent = '带电作业班里的“金点子”：一个人的点子有限，一群人的点子才够用';
    }""")
    assert page.locator(".ex-sheet").evaluate(clipped) == []
