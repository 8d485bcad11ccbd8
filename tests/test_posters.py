"""Posters: the 100–200 character summary, the QR code (decoded with zxing-cpp), the poster pages of a
built site, and ``exemplar posters`` — its Chinese errors, and PDFs of one page of the chosen size."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageFilter
from selectolax.lexbor import LexborHTMLParser

from generator.site import posters
from generator.core.archive import load_archive
from generator.site.posters import SUMMARY_MAX, SUMMARY_MIN, poster_summary, qr_code
from generator.core.schema import Kind, Story
from tests.sitebuild import ROOT, build_site

SITE_URL = "https://bangyang.fixture.test/"  # tests/fixtures/sample/mkdocs.yml
SENTENCE_END = re.compile(r"[。！？!?…][”’」』）)]*$")


@pytest.fixture(scope="module")
def archive():  # type: ignore[no-untyped-def]
    loaded = load_archive(ROOT / "stories")
    assert loaded.ok
    return loaded


def story(summary: str = "", body: str = "") -> Story:
    return Story(path="a.md", slug="a", title="标题", name="黄小清", masked=False, kind=Kind.PERSON,
                 unit="u", date=dt.date(2024, 1, 1), columns=("c",), body=body, summary=summary)


# --- the summary -------------------------------------------------------------------------------

def test_every_sample_poster_has_a_summary_of_100_to_200_characters(archive) -> None:  # type: ignore[no-untyped-def]
    for item in archive.stories:
        text = poster_summary(item)
        assert SUMMARY_MIN <= len(text) <= SUMMARY_MAX, (item.slug, len(text))
        assert SENTENCE_END.search(text), (item.slug, text[-10:])
        assert text.startswith(" ".join(item.summary.split())[:20])
        assert not re.search(r"[#*`\[\]<>]", text), (item.slug, text)


def test_a_short_summary_is_topped_up_with_whole_sentences_from_the_body() -> None:
    body = "## 标题\n\n" + "第一句很长很长很长很长很长很长很长很长很长很长很长很长很长很长。" * 8
    text = poster_summary(story("一线收费员自办敬老院，二十余年如一日赡养孤寡老人", body))
    assert text.startswith("一线收费员自办敬老院，二十余年如一日赡养孤寡老人。第一句")
    assert SUMMARY_MIN <= len(text) <= SUMMARY_MAX and text.endswith("。")


def test_a_long_summary_is_cut_at_a_sentence_end() -> None:
    long = "她把敬老院办了二十年，照顾了三十多位老人。" * 12
    text = poster_summary(story(long))
    assert len(text) <= SUMMARY_MAX and text.endswith("。") and long.startswith(text)


def test_without_a_summary_the_body_is_used_without_markdown() -> None:
    body = ("## 小标题\n\n- 列表不算\n\n他在**铁塔**上工作了[二十年](https://example.org)。" + "每天巡线十公里。" * 20
            + "\n\n![图](media/a.jpg)\n")
    text = poster_summary(story("", body))
    assert text.startswith("他在铁塔上工作了二十年。每天巡线十公里。")
    assert SUMMARY_MIN <= len(text) <= SUMMARY_MAX and "*" not in text and "](" not in text


def test_one_endless_sentence_is_cut_at_a_clause_with_an_ellipsis() -> None:
    text = poster_summary(story("", "他说，" + "我们一起努力，" * 60 + "终于成功。"))
    assert len(text) <= SUMMARY_MAX and text.endswith("…") and "，…" not in text


# --- the QR code -------------------------------------------------------------------------------

def dark_runs(code: posters.QrCode) -> list[tuple[int, int, int]]:
    """The (x, y, length) of each dark run in the path (test only): per row ``M x y.5 h n``, then ``m gap 0 h n``."""
    tokens = re.findall(r"M(\d+) (\d+)\.5h(\d+)|m(\d+) 0h(\d+)", code.path)
    written = "".join(f"M{x} {y}.5h{n}" if x else f"m{gap} 0h{m}" for x, y, n, gap, m in tokens)
    assert written == code.path, "the path holds something but runs"
    runs: list[tuple[int, int, int]] = []
    for x, y, n, gap, m in tokens:
        if x:
            runs.append((int(x), int(y), int(n)))
        else:
            last_x, last_y, last_n = runs[-1]
            runs.append((last_x + last_n + int(gap), last_y, int(m)))
    return runs


def rasterise(code: posters.QrCode, scale: int = 8) -> Image.Image:
    """Draw the path as the poster template strokes it (test only): each run one module high."""
    image = Image.new("L", (code.size * scale, code.size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, n in dark_runs(code):
        x0, y0 = x * scale, y * scale
        draw.rectangle((x0, y0, x0 + n * scale - 1, y0 + scale - 1), fill=0)
    return image


def decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.mark.parametrize("url", [
    f"{SITE_URL}stories/luo-jianhua.html",
    "https://www.xuexi.cn/lgpage/detail/index.html?id=9037461582036174925&item_id=9037461582036174925",
    "https://bangyang.example.org/子目录/stories/中文.html",
])
def test_qr_code_decodes_to_its_target(url: str) -> None:
    code = qr_code(url, "扫码")
    assert decode(rasterise(code)) == [url]
    assert code.size >= 21 + 8


def test_qr_codes_decode_at_every_length_of_url() -> None:
    """Codes of every size a poster carries read, also when the print is slightly blurred and skewed."""
    rng = random.Random(9)
    for length in range(1, 240, 4):
        url = f"{SITE_URL}stories/{''.join(rng.choice('abcdefghijklmnopqrstuvwxyz-0123456789') for _ in range(length))}.html"
        image = rasterise(qr_code(url, "扫码"), scale=4)
        assert decode(image) == [url], length
        assert decode(image.rotate(7, fillcolor=255, expand=True).filter(ImageFilter.GaussianBlur(1))) == [url], length


def test_a_qr_code_has_its_quiet_zone_and_one_segment_per_dark_run() -> None:
    code = qr_code(f"{SITE_URL}stories/a.html", "扫码")
    runs = dark_runs(code)
    xs = [x for x, _, _ in runs]
    ys = [y for _, y, _ in runs]
    assert min(xs) == min(ys) == 4  # the finder patterns start after a 4-module quiet zone
    assert max(x + n for x, _, n in runs) == max(ys) + 1 == code.size - 4
    rows: dict[int, list[tuple[int, int]]] = {}
    for x, y, n in runs:
        rows.setdefault(y, []).append((x, x + n))
    assert all(a[1] < b[0] for row in rows.values() for a, b in zip(row, row[1:], strict=False))  # runs never touch
    assert len(code.path) < 7 * len(runs)  # a line per run, not a filled rectangle (13 bytes)


def test_qr_codes_are_remembered_with_their_own_caption(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: dict[tuple[str, int], tuple[int, str]] = {}  # a session's (SiteMemo.qr_codes)
    first = qr_code(f"{SITE_URL}stories/a.html", "扫码", drawn_before=drawn)
    monkeypatch.setattr(posters, "_draw", lambda *a, **k: pytest.fail("QR code made again"))
    again = qr_code(f"{SITE_URL}stories/a.html", "另一个说明", drawn_before=drawn)
    assert (again.path, again.size, again.caption) == (first.path, first.size, "另一个说明")


def test_published_url_keeps_the_base_path() -> None:
    assert posters.published_url("https://x.org/archive", "stories/a.html") == "https://x.org/archive/stories/a.html"
    assert posters.published_url("https://x.org/", "media/a.mp4") == "https://x.org/media/a.mp4"


# --- poster pages --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("poster-site") / "site"
    result = build_site(dest)
    assert result.returncode == 0, result.stderr[-4000:]
    return dest


@pytest.mark.build
def test_each_published_story_has_a_poster_page_whose_qr_code_names_its_url(site: Path, archive) -> None:  # type: ignore[no-untyped-def]
    for item in archive.stories:
        page = site / f"posters/{item.slug}.html"
        assert page.exists() is (not item.is_draft), item.slug
        if item.is_draft:
            continue
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        assert tree.css_first(".md-header") is None and tree.css_first("nav.md-tabs") is None
        assert tree.css_first(".md-footer") is None
        figure = tree.css_first(".ex-sheet__qr--story")
        assert figure.attributes["data-target"] == f"{SITE_URL}stories/{item.slug}.html"
        # a masked person is headlined by the role (or the story's title) under a neutral label
        headline = (item.position or item.title) if item.masked else item.name
        assert tree.css_first(".ex-sheet__name").text(strip=True) == headline
        masked = tree.css_first(".ex-sheet__masked")
        assert (masked.text(strip=True) if masked else None) == ("姓名隐去" if item.masked else None)
        summary = tree.css_first(".ex-sheet__summary").text(strip=True)
        assert SUMMARY_MIN <= len(summary) <= SUMMARY_MAX
        film = tree.css_first(".ex-sheet__qr--film")
        assert (film is not None) is bool(item.films), item.slug
        html = page.read_text(encoding="utf-8")
        assert "@page { size: 210mm 297mm; margin: 0; }" in html and "@page { size: 297mm 420mm; margin: 0; }" in html


@pytest.mark.build
def test_poster_honours_are_the_top_three(site: Path) -> None:
    tree = LexborHTMLParser((site / "posters/huang-xiaoqing.html").read_text(encoding="utf-8"))
    levels = [li.css_first(".ex-sheet__level").text(strip=True) for li in tree.css(".ex-sheet__honours li")]
    assert 1 <= len(levels) <= 3 and levels[0] == "国家级"


# --- exemplar posters ----------------------------------------------------------------------------

def cli(*args: str, cwd: Path = ROOT, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli.main", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, env={**os.environ, "PYTHONWARNINGS": "ignore"})


def test_unknown_story_names_the_nearest_slug(tmp_path: Path) -> None:
    done = cli("posters", "--story", "luo-jianhau", "--out", str(tmp_path))
    assert done.returncode == 1
    assert "找不到事迹「luo-jianhau」；最接近的是「luo-jianhua」（罗建华）" in done.stderr
    assert "Traceback" not in done.stderr and not any(tmp_path.iterdir())


def test_drafts_and_stories_without_films_are_explained(tmp_path: Path) -> None:
    draft = cli("posters", "--story", "guan-meiling", "--out", str(tmp_path))
    assert draft.returncode == 1 and "草稿" in draft.stderr and "Traceback" not in draft.stderr
    no_film = cli("posters", "--story", "wu-siyuan", "--qr", "film", "--out", str(tmp_path))
    assert no_film.returncode == 1 and "没有宣传片" in no_film.stderr
    bad_size = cli("posters", "--size", "B5", "--out", str(tmp_path))  # A4, A3 and SCREEN only
    assert bad_size.returncode == 2 and "参数有误" in bad_size.stderr


def test_a_missing_browser_is_a_chinese_error(tmp_path: Path) -> None:
    done = cli("posters", "--story", "luo-jianhua", "--chromium", str(tmp_path / "no-chromium"), "--out", str(tmp_path))
    assert done.returncode == 1 and "找不到可执行的浏览器" in done.stderr and "Traceback" not in done.stderr


def pdf_pages(path: Path) -> list[tuple[float, float]]:
    """Each page's /MediaBox width and height, in points (Chromium writes one per page object)."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)
    boxes = [tuple(float(v) for v in m.split()) for m in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)]
    assert len(boxes) == len(pages)
    return [(x1 - x0, y1 - y0) for x0, y0, x1, y1 in boxes]


@pytest.mark.browser
@pytest.mark.parametrize(("size", "points"), [("A4", (595, 842)), ("A3", (842, 1191))])
def test_poster_pdf_is_one_page_of_the_chosen_size(tmp_path: Path, size: str, points: tuple[int, int]) -> None:
    done = cli("posters", "--story", "luo-jianhua", "--size", size, "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr[-3000:]
    pdf = tmp_path / "out" / f"luo-jianhua-{size}.pdf"
    [(width, height)] = pdf_pages(pdf)
    assert abs(width - points[0]) < 1.5 and abs(height - points[1]) < 1.5, (width, height)
    assert "luo-jianhua" in done.stderr and "已生成 1 张" in done.stderr


@pytest.mark.browser
def test_the_screen_poster_is_a_16_9_pdf_page_and_a_1920_by_1080_png(tmp_path: Path) -> None:
    from PIL import Image

    done = cli("posters", "--story", "luo-jianhua", "--size", "screen", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr[-3000:]
    [(width, height)] = pdf_pages(tmp_path / "out" / "luo-jianhua-SCREEN.pdf")
    assert abs(width - 1440) < 1.5 and abs(height - 810) < 1.5, (width, height)  # 508 × 285.75 mm
    with Image.open(tmp_path / "out" / "luo-jianhua-SCREEN.png") as png:
        assert png.size == (1920, 1080)
        # the sheet fills the picture: its coloured band runs to the top left corner (no page background)
        assert png.convert("RGB").getpixel((4, 4)) != (255, 255, 255)
    assert "屏幕（16:9）海报" in done.stderr


@pytest.mark.browser
def test_longest_names_and_placeholders_still_fit_on_one_page(tmp_path: Path) -> None:
    done = cli("posters", "--story", "aixin-jiaoshi", "--qr", "film", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(pdf_pages(tmp_path / "aixin-jiaoshi-A4-film.pdf")) == 1
