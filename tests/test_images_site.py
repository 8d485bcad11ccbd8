"""Photos, films and placeholders in built sites (real ``mkdocs build --strict``), read with selectolax:
cards load the small versions, story pages the large ones, nothing full size is published, body
images get their size, the films page counts every film, and a second build renders nothing."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from selectolax.lexbor import LexborHTMLParser

from generator.core.archive import load_archive
from generator.core.vocab import Lookups
from tests.archives import copy_archive
from tests.sitebuild import ROOT, build_site

pytestmark = pytest.mark.build

SITE_URL = "https://bangyang.fixture.test/"  # tests/fixtures/sample/mkdocs.yml


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("media-site") / "site"
    result = build_site(dest)
    assert result.returncode == 0, result.stderr[-4000:]
    return dest


@pytest.fixture(scope="module")
def archive():  # type: ignore[no-untyped-def]
    loaded = load_archive(ROOT / "stories")
    assert loaded.ok
    return loaded


def parse(site: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / url).read_text(encoding="utf-8"))


def target(site: Path, page_url: str, href: str) -> Path:
    """The file a relative URL on ``page_url`` points at."""
    return (site / page_url).parent.joinpath(href.split("?")[0].split("#")[0]).resolve()


def size_of(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


def column_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / "columns").rglob("*.html"))


# --- photos ------------------------------------------------------------------------------------

def test_cards_load_small_versions_with_their_sizes(site: Path) -> None:
    seen = 0
    for url in [*column_pages(site), "index.html", "stories/luo-jianhua.html"]:
        for card in parse(site, url).css("article.ex-card"):
            picture = card.css_first("picture")
            if picture is None:
                assert card.css_first(".ex-portrait--placeholder") is not None, (url, card.attributes)
                continue
            source, img = picture.css_first('source[type="image/webp"]'), picture.css_first("img")
            assert source is not None and img is not None
            webp, jpeg = target(site, url, source.attributes["srcset"]), target(site, url, img.attributes["src"])
            assert webp.name.endswith(".card.webp") and jpeg.name.endswith(".card.jpg"), (url, webp, jpeg)
            width, height = int(img.attributes["width"]), int(img.attributes["height"])
            assert size_of(webp) == size_of(jpeg) == (width, height) and width <= 360
            assert img.attributes["loading"] == "lazy"
            seen += 1
    assert seen > 20


def test_column_pages_show_no_full_size_photo_and_weigh_little(site: Path, archive) -> None:  # type: ignore[no-untyped-def]
    originals = {s.photo for s in archive.stories if s.photo}
    for url in column_pages(site):
        html = (site / url).read_text(encoding="utf-8")
        for photo in originals:
            assert photo not in html, (url, photo)
    page = "columns/bangyang-shenbian/index.html" if (site / "columns/bangyang-shenbian/index.html").exists() \
        else column_pages(site)[0]
    cards = [c for c in parse(site, page).css("article.ex-card")]
    shown = sum(target(site, page, c.css_first("source").attributes["srcset"]).stat().st_size
                for c in cards if c.css_first("picture"))
    full = sum((ROOT / "stories" / s.photo).stat().st_size for s in archive.stories
               if s.photo and s.slug in {c.attributes["data-slug"] for c in cards})
    assert shown * 3 < full, (shown, full)


def test_full_size_photos_are_not_published(site: Path, archive) -> None:  # type: ignore[no-untyped-def]
    for story in archive.stories:
        if story.photo:
            assert not (site / story.photo).exists(), story.photo
    assert (site / "media/luo-jianhua-film.mp4").is_file() and (site / "media/luo-jianhua-film.webm").is_file()


def test_story_page_shows_the_large_version_which_opens_in_the_lightbox(site: Path) -> None:
    url = "stories/luo-jianhua.html"
    tree = parse(site, url)
    link = tree.css_first(".ex-profile a.ex-zoom")
    assert link is not None and link.attributes["aria-label"] == "放大查看罗建华的照片"
    img = link.css_first("picture img")
    assert target(site, url, img.attributes["src"]).name.endswith(".page.jpg")
    assert size_of(target(site, url, img.attributes["src"])) == (int(img.attributes["width"]), int(img.attributes["height"]))
    assert img.attributes["loading"] == "eager"
    assert target(site, url, link.attributes["href"]).is_file()
    scripts = [s.attributes.get("src") or "" for s in tree.css("script")]
    assert any(s.endswith("assets/exemplar/ex-lightbox.js") for s in scripts)
    assert (site / "assets/exemplar/ex-lightbox.js").is_file()


def test_story_without_photo_gets_a_placeholder_coloured_by_kind(site: Path) -> None:
    story = parse(site, "stories/aixin-jiaoshi.html").css_first(".ex-profile .ex-portrait--placeholder")
    assert story is not None and "ex-kind-place" in story.attributes["class"]
    assert story.attributes["role"] == "img" and "暂无照片" in story.attributes["aria-label"]
    assert story.css_first(".ex-portrait__initial").text(strip=True) == "电力"
    card = next(c for c in parse(site, "columns/bangyang-shenbian/index.html").css("article.ex-card")
                if c.attributes["data-slug"] == "aixin-jiaoshi")
    assert card.css_first(".ex-portrait--placeholder") is not None and card.css_first("img") is None
    poster = parse(site, "posters/aixin-jiaoshi.html").css_first(".ex-sheet__photo .ex-portrait--placeholder")
    assert poster is not None and poster.css_first(".ex-portrait__initial").text(strip=True) == "电力"


# --- films -------------------------------------------------------------------------------------

def test_local_film_plays_in_the_page_and_links_to_its_platform(site: Path) -> None:
    url = "stories/luo-jianhua.html"
    film = parse(site, url).css_first("article.ex-film")
    video = film.css_first("video")
    assert video.attributes["preload"] == "none" and "controls" in video.attributes
    assert target(site, url, video.attributes["poster"]).is_file()
    sources = [(s.attributes["type"], target(site, url, s.attributes["src"])) for s in video.css("source")]
    assert [t for t, _ in sources] == ["video/mp4", "video/webm"] and all(p.is_file() for _, p in sources)
    assert film.attributes["data-platform"] == "xuexi"
    link = film.css_first("a.ex-film__link")
    assert link.attributes["href"].startswith("https://www.xuexi.cn/") and "学习强国" in link.text()


def test_platform_cards_name_the_platform_of_their_link(site: Path, archive) -> None:  # type: ignore[no-untyped-def]
    lookups = Lookups(archive.vocab)
    cards = parse(site, "films/index.html").css("article.ex-film")
    assert len(cards) == 12
    for card in cards:
        platform = lookups.platform_for(card.css_first("a.ex-film__link").attributes["href"])
        assert platform is not None
        assert card.attributes["data-platform"] == platform.id
        assert card.css_first(".ex-film__platform-name").text(strip=True) == platform.name
        assert card.css_first(".ex-film__mark").text(strip=True) == platform.mark
        assert card.css("iframe") == []  # nothing is loaded from the platform: a thumbnail is the archive's own
        assert all(img.attributes.get("alt") == "" and not img.attributes["src"].startswith(("http:", "https:", "//"))
                   for img in card.css("img"))


def test_films_page_counts_every_film_and_the_total_views(site: Path, archive) -> None:  # type: ignore[no-untyped-def]
    films = [f for s in archive.stories if not s.is_draft for f in s.films]
    tree = parse(site, "films/index.html")
    total = tree.css_first(".ex-films-total__views data")
    assert int(total.attributes["value"]) == sum(f.views or 0 for f in films) == 15_004_200
    assert re.fullmatch(r"1500(\.\d)? 万", total.text(strip=True))
    assert tree.css_first(".ex-films-total__count").text(strip=True) == "12"
    groups = [g.attributes["id"] for g in tree.css("section.ex-films-group")]
    assert groups == ["platform-xinhua", "platform-xuexi", "platform-chinanews", "platform-cctv"]
    for card in tree.css("article.ex-film"):
        assert card.css_first(".ex-film__story a") is not None  # every film names its exemplar
    nav = [a.text(strip=True) for a in parse(site, "index.html").css(".md-tabs a")]
    assert "影像" in nav


def test_story_pages_link_to_their_poster(site: Path, archive) -> None:  # type: ignore[no-untyped-def]
    for story in archive.stories:
        if story.is_draft:
            continue
        url = f"stories/{story.slug}.html"
        link = parse(site, url).css_first("a.ex-poster-link")
        assert link is not None and target(site, url, link.attributes["href"]) == (site / f"posters/{story.slug}.html")


# --- a body image and a turned phone photo, built twice -----------------------------------------

def phone_photo() -> bytes:
    """4:3 stored sideways (EXIF orientation 6) with a GPS position, as phones write them."""
    image = Image.new("RGB", (2000, 1500), (200, 40, 40))
    image.paste((30, 60, 210), (1000, 0, 2000, 1500))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825)[2] = (26.0, 15.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture(scope="module")
def body_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("body-images") / "archive"
    root.mkdir()
    copy_archive(root)
    (root / "stories/media/peixun.jpg").write_bytes(phone_photo())
    story = root / "stories/luo-jianhua.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n![罗建华在培训场试用工器具](media/peixun.jpg)\n",
                     encoding="utf-8")
    return root


def test_body_images_get_size_lazy_loading_and_a_zoom_link_and_lose_their_metadata(body_archive: Path) -> None:
    result = build_site(body_archive / "site", root=body_archive)
    assert result.returncode == 0, result.stderr[-3000:]
    site, url = body_archive / "site", "stories/luo-jianhua.html"
    img = next(i for i in parse(site, url).css(".ex-body img") if i.attributes.get("alt") == "罗建华在培训场试用工器具")
    assert (img.attributes["width"], img.attributes["height"], img.attributes["loading"]) == ("960", "1280", "lazy")
    shown = target(site, url, img.attributes["src"])
    assert shown.name.endswith(".page.jpg") and size_of(shown) == (960, 1280)  # upright
    zoom = img.parent
    assert zoom.tag == "a" and "ex-zoom" in zoom.attributes["class"]
    assert size_of(target(site, url, zoom.attributes["href"])) == (1500, 2000)
    assert not (site / "media/peixun.jpg").exists()
    for path in (site / "images").iterdir():
        with Image.open(path) as image:
            assert not image.getexif() and "exif" not in image.info, path.name


def test_second_build_renders_no_image(body_archive: Path) -> None:
    cache = body_archive / ".cache/exemplar-images"
    first = build_site(body_archive / "site-1", root=body_archive)
    assert first.returncode == 0, first.stderr[-3000:]
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*")}
    second = subprocess_build_verbose(body_archive)
    assert re.search(r"照片：0 张重新缩放，\d+ 张取自缓存", second), second[-2000:]
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*")} == before
    one, two = body_archive / "site-1/images", body_archive / "site-2/images"
    assert sorted(p.name for p in one.iterdir()) == sorted(p.name for p in two.iterdir())
    assert all((one / p.name).read_bytes() == p.read_bytes() for p in two.iterdir())


def subprocess_build_verbose(root: Path) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose", "--site-dir",
                           str(root / "site-2")], cwd=root, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stderr
