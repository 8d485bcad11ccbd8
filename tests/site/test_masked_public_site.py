"""A masked name is absent from every byte and every file name of a built site (issue 16).

A fixture archive (not the live stories/) holds a masked exemplar whose name an editor typed
everywhere: the title, summary, body, an image caption, a film title, the photo's and the film's
file names (in pinyin, both orders), EXIF of the photo and the comment of an animated GIF. The
public edition is built for real; no page, search file, feed, sitemap, image or film may carry
the name in characters, pinyin, or JSON/HTML escapes of either. A strict build refuses instead
(W610 is a warning).
"""

from __future__ import annotations

import gzip
import html
import io
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from generator.core.masking import name_forms
from tests.archives import REPO
from tests.sitebuild import ROOT, build_site

pytestmark = pytest.mark.build

NAME = "司马云舒"
SPELLINGS = ("simayunshu", "yunshusima", "Sima Yunshu", "sima-yunshu", "yunshu-sima")
GIF_NOTE = "GIF-COMMENT-司马云舒"

MASKED = f"""\
---
title: {NAME}：深山巡线十五年
name: {NAME}
mask_name: true
kind: person
unit: 国网三明供电公司
columns: [礼赞榜样]
date: 2022-03-01
visibility: public
summary: 输电线路工 Sima Yunshu 在深山里巡线十五年。
photo: media/simayunshu.jpg
videos:
  - title: {NAME}的巡线路
    file: media/yunshu-sima.mp4
---

{NAME}每天天不亮就出发。

![{NAME}和同事在山顶](media/sima-yunshu-heying.gif)

[原图](media/simayunshu.jpg)
"""

PLAIN = """\
---
title: 二十余年守着一座敬老院
name: 黄小清
kind: person
unit: 国网三明供电公司
columns: [礼赞榜样]
date: 2019-10-08
visibility: public
summary: 一线收费员自办敬老院，二十余年如一日赡养孤寡老人。
---

她的故事。
"""


def photo_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "Sima Yunshu"  # Artist
    exif[0x010E] = NAME  # ImageDescription
    out = io.BytesIO()
    Image.new("RGB", (1200, 1600), (40, 120, 90)).save(out, "JPEG", exif=exif.tobytes(), comment=NAME.encode())
    return out.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], loop=0, duration=200,
                   comment=GIF_NOTE.encode("utf-8"))
    return out.getvalue()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("masked") / "archive"
    (root / "stories" / "media").mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nstrict: true" in config
    (root / "mkdocs.yml").write_text(config.replace("\nstrict: true", "\nstrict: false"), encoding="utf-8")
    (root / "theme_overrides").symlink_to(REPO / "theme_overrides")
    shutil.copy(ROOT / "stories" / "vocab.yml", root / "stories" / "vocab.yml")
    (root / "stories" / "shen-shan-xun-xian.md").write_text(MASKED, encoding="utf-8")
    (root / "stories" / "jing-lao-yuan.md").write_text(PLAIN, encoding="utf-8")
    media = root / "stories" / "media"
    (media / "simayunshu.jpg").write_bytes(photo_with_exif())
    (media / "sima-yunshu-heying.gif").write_bytes(animated_gif())
    (media / "yunshu-sima.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    return root


@pytest.fixture(scope="module")
def public_site(archive: Path) -> Path:
    result = build_site(archive / "site-public", "public", root=archive, strict=False)
    assert result.returncode == 0, result.stderr[-4000:]
    return archive / "site-public"


def forbidden() -> list[bytes]:
    words = {NAME, *SPELLINGS, *name_forms(NAME).full, "GIF-COMMENT"}
    out: set[bytes] = set()
    for word in words:
        for form in (word, word.lower(), json.dumps(word)[1:-1], html.escape(word),
                     "".join(f"&#{ord(c)};" for c in word), "".join(f"&#x{ord(c):x};" for c in word)):
            out.add(form.encode("utf-8"))
    return sorted(out)


def test_the_masked_name_is_in_no_byte_and_no_file_name_of_the_public_site(public_site: Path) -> None:
    files = [p for p in public_site.rglob("*") if p.is_file()]
    assert any(p.suffix == ".mp4" for p in files) and any(p.suffix == ".gif" for p in files)
    words = forbidden()
    for path in files:
        rel = path.relative_to(public_site).as_posix().lower()
        for word in ("simayunshu", "yunshusima", "sima", "yunshu"):
            assert word not in rel, rel
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        lowered = data.lower()
        for word in words:
            assert word.lower() not in lowered, (rel, word.decode("utf-8"))


def test_the_story_is_published_with_its_film_and_images(public_site: Path) -> None:
    page = next(p for p in (public_site / "stories").glob("*.html") if "jing-lao-yuan" not in p.name)
    text = page.read_text(encoding="utf-8")
    assert "*：深山巡线十五年" in text and "每天天不亮就出发" in text
    gif = next(public_site.rglob("*.gif"))
    with Image.open(gif) as image:
        assert image.n_frames == 3 and "comment" not in image.info


def test_a_strict_build_refuses_while_the_name_is_typed_in(archive: Path) -> None:
    result = build_site(archive / "site-strict", "public", root=archive, strict=True)
    assert result.returncode != 0
    assert "W610" in result.stderr and "Traceback" not in result.stderr
