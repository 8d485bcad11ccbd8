"""Resized photos on the core, without MkDocs: sizes, orientation, metadata, reproducible bytes,
the cache (a second run does no image work), body images, placeholders and platform look-ups."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from generator.outputs import images
from generator.outputs.images import (
    CARD_JPEG,
    CARD_WEBP,
    PAGE_JPEG,
    PAGE_WEBP,
    SPECS,
    ZOOM_JPEG,
    ImageCache,
    ImageError,
    geometry,
    make_pictures,
    render_variants,
)
from generator.site.pictures import ImageUse, body_images, use_pictures
from generator.site.portraits import MASKED_MARK, placeholder_mark
from generator.core.schema import Kind
from generator.core.vocab import Lookups, load_vocabulary

from tests.archives import SAMPLE_VOCAB
ORIENTATION = 0x0112
GPS_IFD = 0x8825


def jpeg(size: tuple[int, int] = (1200, 900), orientation: int | None = None, gps: bool = False,
         icc: bool = False, split: bool = False) -> bytes:
    """A test photo: left half red and right half blue when ``split``, else a gradient."""
    image = Image.new("RGB", size, (200, 40, 40))
    if split:
        image.paste((30, 60, 210), (size[0] // 2, 0, size[0], size[1]))
    else:
        image = Image.linear_gradient("L").resize(size).convert("RGB")
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif[0x010F] = "PhoneMaker"
        exif.get_ifd(GPS_IFD)[2] = (26.0, 15.0, 0.0)  # latitude: where the photo was taken
    out = io.BytesIO()
    extra = {"icc_profile": ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()} if icc else {}
    image.save(out, "JPEG", quality=90, exif=exif.tobytes(), comment=b"taken at home", **extra)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# --- sizes --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "spec", "expected"), [
    ((900, 1200), CARD_JPEG, (360, 480)),      # a portrait: scaled
    ((1600, 1000), CARD_JPEG, (360, 480)),     # a landscape: the middle cropped to 3:4
    ((300, 300), CARD_JPEG, (225, 300)),       # small: cropped, never enlarged
    ((900, 1200), PAGE_JPEG, (900, 1200)),     # narrower than the large size: kept
    ((4032, 3024), PAGE_JPEG, (960, 720)),     # a phone photo
    ((4032, 3024), ZOOM_JPEG, (1600, 1200)),
])
def test_output_sizes(source, spec, expected) -> None:
    assert geometry(source, spec)[0] == expected


def test_card_crop_keeps_the_middle_of_wide_photos_and_the_top_of_tall_ones() -> None:
    assert geometry((1600, 1000), CARD_JPEG)[1] == (425, 0, 1175, 1000)
    _, (left, top, right, bottom) = geometry((900, 2000), CARD_JPEG)
    assert (left, right, bottom - top) == (0, 900, 1200) and 0 < top < (2000 - 1200) // 2


def test_every_version_has_its_size_and_format() -> None:
    size, files = render_variants(jpeg((4032, 3024)))
    assert size == (4032, 3024)
    assert set(files) == set(SPECS)
    for spec, data in files.items():
        image = opened(data)
        assert image.format == ("WEBP" if spec.format == "webp" else "JPEG")
        assert image.size == geometry(size, spec)[0]


def test_no_zoom_version_for_photos_no_wider_than_the_large_one() -> None:
    _, files = render_variants(jpeg((900, 1200)))
    assert set(files) == {CARD_WEBP, CARD_JPEG, PAGE_WEBP, PAGE_JPEG}


# --- orientation, metadata, bytes ---------------------------------------------------------------

def test_exif_orientation_is_applied() -> None:
    # stored 1200×900 with red on the left; orientation 6 = shown turned 90° clockwise: red on top
    size, files = render_variants(jpeg((1200, 900), orientation=6, split=True))
    assert size == (900, 1200)
    page = opened(files[PAGE_JPEG]).convert("RGB")
    assert page.size == (900, 1200)
    top, bottom = page.getpixel((450, 100)), page.getpixel((450, 1100))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]
    assert ORIENTATION not in opened(files[PAGE_JPEG]).getexif()


def test_metadata_is_stripped() -> None:
    _, files = render_variants(jpeg((2000, 1500), orientation=1, gps=True, icc=True))
    for spec, data in files.items():
        image = opened(data)
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info), (spec.key, image.info.keys())
        assert len(image.getexif()) == 0
        for marker in (b"Exif", b"PhoneMaker", b"taken at home", b"ICC_PROFILE", b"ICCP", b"XMP"):
            assert marker not in data, (spec.key, marker)


def test_same_source_same_bytes() -> None:
    source = jpeg((2000, 1500), gps=True)
    first, second = render_variants(source)[1], render_variants(source)[1]
    assert first == second


def test_transparent_png_is_flattened_on_white_for_jpeg() -> None:
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    image.paste((0, 112, 107, 255), (100, 100, 300, 300))
    out = io.BytesIO()
    image.save(out, "PNG")
    _, files = render_variants(out.getvalue())
    assert opened(files[PAGE_JPEG]).convert("RGB").getpixel((5, 5)) == (255, 255, 255)
    assert opened(files[PAGE_WEBP]).mode == "RGBA"


def test_cmyk_and_grey_photos_come_out_as_rgb() -> None:
    for mode, colour in (("CMYK", (0, 255, 255, 0)), ("L", 128)):
        out = io.BytesIO()
        Image.new(mode, (1000, 800), colour).save(out, "JPEG")
        _, files = render_variants(out.getvalue())
        page = opened(files[PAGE_JPEG])
        assert page.mode == "RGB" and page.size == (960, 768)
    assert opened(files[PAGE_WEBP]).mode == "RGB"


@pytest.mark.parametrize("data", [b"", b"\xff\xd8\xff\xd9", b"not an image at all", jpeg()[:200]])
def test_broken_files_raise_a_chinese_image_error(data: bytes) -> None:
    with pytest.raises(ImageError) as caught:
        render_variants(data)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))


# --- the cache ----------------------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path: Path) -> Path:
    stories = tmp_path / "stories"
    (stories / "media").mkdir(parents=True)
    (stories / "media" / "a.jpg").write_bytes(jpeg((2000, 1500), gps=True))
    (stories / "media" / "b.jpg").write_bytes(jpeg((1200, 900), orientation=6))  # upright: 900×1200
    return stories


USES = [ImageUse("media/a.jpg", "a.md", "photo"), ImageUse("media/b.jpg", "b.md", "photo"),
        ImageUse("media/a.jpg", "c.md", "body")]


class Counter:
    """Counts calls of the one function that does image work."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = images.render_variants

        def counted(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            self.calls += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(images, "render_variants", counted)


def test_second_run_does_no_image_work(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = Counter(monkeypatch)
    cache = ImageCache(tmp_path / "cache")
    first = make_pictures(folder, USES, cache)
    assert (counter.calls, first.rendered) == (2, 2)  # two sources, each decoded once
    stored = {p: p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file()}

    second = make_pictures(folder, USES, cache)
    assert (counter.calls, second.rendered) == (2, 0)
    assert second.pictures == first.pictures
    assert {p: p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file()} == stored


def test_changed_photo_is_rendered_again_and_gets_a_new_name(folder: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ImageCache(tmp_path / "cache")
    before = make_pictures(folder, USES, cache).pictures["media/a.jpg"]
    (folder / "media" / "a.jpg").write_bytes(jpeg((2000, 1500)))
    counter = Counter(monkeypatch)
    after = make_pictures(folder, USES, cache)
    assert (counter.calls, after.rendered) == (1, 1)
    assert after.pictures["media/a.jpg"].card.webp.uri != before.card.webp.uri


def test_a_changed_spec_is_a_cache_miss(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ImageCache(tmp_path / "cache")
    make_pictures(folder, USES, cache)
    monkeypatch.setattr(images, "ENCODER_VERSION", images.ENCODER_VERSION + 1)
    counter = Counter(monkeypatch)
    assert make_pictures(folder, USES, cache).rendered == 2 and counter.calls == 2


def test_pictures_name_their_files_and_sizes(folder: Path, tmp_path: Path) -> None:
    result = make_pictures(folder, USES, ImageCache(tmp_path / "cache"))
    a, b = result.pictures["media/a.jpg"], result.pictures["media/b.jpg"]
    assert (a.card.width, a.card.height, a.page.width, a.page.height) == (360, 480, 960, 720)
    assert (a.zoom.width, a.zoom.height) == (1600, 1200) and a.zoom.uri.endswith(".zoom.jpg")
    assert (b.width, b.height, b.page.width, b.page.height) == (900, 1200, 900, 1200)
    assert b.zoom == b.page.jpeg  # no bigger version to zoom to
    for rendition in result.renditions():
        assert rendition.uri.startswith("images/") and rendition.file.is_file()
        assert opened(rendition.file.read_bytes()).size == (rendition.width, rendition.height)
    assert len({r.uri for r in result.renditions()}) == len(result.renditions()) == 9


def test_unreadable_images_are_reported_not_raised(folder: Path, tmp_path: Path) -> None:
    (folder / "media" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    uses = [*USES, ImageUse("media/broken.jpg", "d.md", "photo"), ImageUse("media/missing.jpg", "e.md", "body")]
    result = make_pictures(folder, uses, ImageCache(tmp_path / "cache"))
    assert set(result.pictures) == {"media/a.jpg", "media/b.jpg"}
    assert [(p.use.source, p.use.story_path) for p in result.problems] == [
        ("media/broken.jpg", "d.md"), ("media/missing.jpg", "e.md")]


# --- images in story bodies ---------------------------------------------------------------------

BODY = """\
开头。

![罗建华在培训场](media/a.jpg "试用工器具")

[![带链接的图](media/a.jpg)](https://www.xuexi.cn/x)

![已有属性](media/a.jpg){ width="100" }

![网上的图](https://example.org/a.jpg) ![没有缩放的图](media/c.gif)

```
![代码里的图](media/a.jpg)
```
"""


def test_body_images_are_found_outside_code() -> None:
    assert body_images(BODY, "luo.md") == ["media/a.jpg", "media/c.gif"]
    assert body_images("![x](../media/a.jpg)", "aixin-mama/index.md") == ["media/a.jpg"]


def test_body_images_show_the_large_version_with_size_and_open_the_zoom_one(folder: Path, tmp_path: Path) -> None:
    pictures = make_pictures(folder, USES, ImageCache(tmp_path / "cache")).pictures
    a = pictures["media/a.jpg"]
    out = use_pictures(BODY, "luo.md", pictures, depth=1)
    assert (f'[![罗建华在培训场]({a.page.jpeg.uri} "试用工器具"){{ width="960" height="720" loading="lazy" '
            f'decoding="async" }}](../{a.zoom.uri}){{ .ex-zoom }}') in out
    # an editor's own link is kept (no link inside a link), the image still resized
    assert f'[![带链接的图]({a.page.jpeg.uri}){{ width="960"' in out and "](https://www.xuexi.cn/x)" in out
    assert "![已有属性](media/a.jpg){ width=\"100\" }" in out
    assert "![网上的图](https://example.org/a.jpg)" in out and "![没有缩放的图](media/c.gif)" in out
    assert "```\n![代码里的图](media/a.jpg)\n```" in out
    nested = use_pictures("![合影](../media/a.jpg)", "aixin-mama/index.md", pictures, depth=1)
    assert nested.startswith(f"[![合影](../{a.page.jpeg.uri})")


# --- placeholders ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "kind", "masked", "mark"), [
    ("黄小清", Kind.PERSON, False, "黄"),
    ("欧阳明华", Kind.PERSON, False, "欧阳"),
    ("司马", Kind.PERSON, False, "司"),          # a two-character name is surname + given name
    ("黄小清", Kind.PERSON, True, MASKED_MARK),
    ("“爱心妈妈”", Kind.BRAND, False, "爱心"),
    ("三明首家国家电网“电力爱心教室”", Kind.PLACE, False, "电力"),
    ("“双满意”共产党员服务队", Kind.COLLECTIVE, False, "双满"),
    ("常口村国家电网志愿服务驿站", Kind.PLACE, False, "常口"),
])
def test_placeholder_marks(name: str, kind: Kind, masked: bool, mark: str) -> None:
    assert placeholder_mark(name, kind, masked) == mark


# --- platforms --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lookups() -> Lookups:
    vocab, problems = load_vocabulary(SAMPLE_VOCAB, "stories/vocab.yml")
    assert vocab is not None, problems
    return Lookups(vocab)


def test_the_platforms_the_issue_names_are_in_the_vocabulary(lookups: Lookups) -> None:
    names = {p.name for p in lookups.vocab.platforms}
    assert {"新华社", "学习强国", "中新社", "央视", "哔哩哔哩", "微信视频号", "公司内网"} <= names
    assert all(p.mark and len(p.mark) <= 3 for p in lookups.vocab.platforms)


def test_every_known_host_names_its_platform(lookups: Lookups) -> None:
    for platform in lookups.vocab.platforms:
        for host in platform.hosts:
            for url in (f"https://{host}/v/1", f"https://www.{host}/a/b.html?id=1", f"http://m.{host.upper()}/x"):
                found = lookups.platform_for(url)
                assert found is not None and found.id == platform.id, url


def test_lookalike_hosts_are_not_platforms(lookups: Lookups) -> None:
    for url in ("https://notxuexi.cn/x", "https://xuexi.cn.example.org/x", "https://example.org/?u=news.cn"):
        assert lookups.platform_for(url) is None, url


def test_an_unreadable_photo_is_a_located_warning(tiny_archive, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from generator.outputs.media import prepare_pictures

    tiny_archive.add_good_story()
    tiny_archive.write("stories/media/huang-xiaoqing.jpg", b"\xff\xd8\xff\xd9")  # four bytes that only look like a JPEG
    archive = tiny_archive.load()
    pictures, problems = prepare_pictures(archive, archive.stories, tiny_archive.root, tmp_path / "cache")
    assert pictures.pictures == {}
    assert [d.format_text() for d in problems] == [
        "stories/huang-xiaoqing.md:1: 警告 W608 photo：图片「media/huang-xiaoqing.jpg」无法缩放："
        "不是可识别的图片（文件可能已损坏）；网站将直接使用原文件；请换成能正常打开的 JPEG、PNG 或 WebP 照片（GIF 动图不缩放）"]
