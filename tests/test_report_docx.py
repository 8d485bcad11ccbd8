"""``exemplar report --docx``: the Word report's figures, house style, filters and errors,
and that LibreOffice opens it (archive and hand counts: tests/stats_archive.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from generator.cli.main import main
from generator.site.report_document import year_change

from .conftest import TinyArchive
from .stats_archive import flag_honours_for_report, make_stats_archive


@pytest.fixture
def archive(tmp_path: Path) -> TinyArchive:
    return make_stats_archive(tmp_path / "archive")


def report(archive: TinyArchive, capsys: pytest.CaptureFixture[str], target: Path, *args: str) -> tuple[int, str]:
    code = main(["--root", str(archive.root), "report", "--docx", str(target), *args])
    return code, capsys.readouterr().err


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text]


def table(path: Path, header: str) -> list[list[str]]:
    for grid in docx.Document(str(path)).tables:
        rows = [[c.text for c in r.cells] for r in grid.rows]
        if rows[0][0] == header:
            return rows
    raise AssertionError(f"no table headed {header}")


def test_states_the_holders_of_each_reported_honour(archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    flag_honours_for_report(archive, "zhongguo-haoren", "guowang-gongjiang", "quanguo-jinglao-wenminghao")
    target = tmp_path / "报告.docx"
    code, err = report(archive, capsys, target)
    assert code == 0, err
    lines = texts(target)
    assert lines[0] == "国网三明供电公司先进典型选树宣传情况"
    assert lines[1] == "（内网版，全部单位、全部年份）"
    for sentence in ("共有 3 名员工获评“中国好人”。", "共有 1 名员工获评“国网工匠”。", "共有 1 个集体获评“全国敬老文明号”。"):
        assert sentence in lines
    assert "共有 1 名员工获评“福建好人”。" not in lines  # not flagged for the report
    assert "统计范围内共有先进典型 7 个（人），其中个人 4 名、集体 1 个、品牌 1 个、阵地 1 个；5 个（人）获得荣誉 11 次。" in lines
    assert any("拍摄先进典型事迹宣传片 5 部，累计点击量达 1530 万人次" in line for line in lines)
    headings = [line for line in lines if line[1:2] == "、"]
    assert headings == ["一、总体情况", "二、荣誉获得情况", "三、分单位情况", "四、分年度情况", "五、宣传片"]
    assert table(target, "荣誉")[1][:4] == ["中国好人", "国家级", "3", "4"]
    assert "王强" not in "".join(lines) + repr([table(target, "荣誉")])  # masked stays masked


def test_public_edition_leaves_out_internal_stories(archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    target = tmp_path / "公开.docx"
    code, err = report(archive, capsys, target, "--edition", "public")
    assert code == 0, err
    assert "陈静" not in repr(table(target, "荣誉"))
    assert texts(target)[1] == "（公开版，全部单位、全部年份）"


def test_years_and_unit_with_change_over_the_year_before(archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    code, err = report(archive, capsys, target, "--from", "2021", "--to", "2023")
    assert code == 0, err
    assert texts(target)[1] == "（内网版，2021—2023 年）"
    assert table(target, "年份") == [
        ["年份", "新增典型", "获得荣誉（次）", "较上年", "宣传片（部）"],
        ["2021", "1", "3", "—", "2"],
        ["2022", "1", "2", "减少 1 次（-33%）", "1"],
        ["2023", "3", "4", "增加 2 次（+100%）", "2"],
    ]
    code, err = report(archive, capsys, target, "--from", "2023", "--to", "2023", "--unit", "国网三明供电公司/国网沙县供电公司")
    assert code == 0, err
    lines = texts(target)
    assert lines[1] == "（内网版，国网三明供电公司/国网沙县供电公司，2023 年）"
    assert "共有 1 名员工获评“中国好人”。" in lines


def test_year_change_wording() -> None:
    assert year_change(None, 3) == "—"
    assert year_change(3, 3) == "持平"
    assert year_change(0, 2) == "增加 2 次"
    assert year_change(4, 1) == "减少 3 次（-75%）"


def test_house_style(archive: TinyArchive, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    assert report(archive, capsys, target)[0] == 0
    document = docx.Document(str(target))
    section = document.sections[0]
    # Word stores twentieths of a point: compare in whole millimetres.
    assert [round(v.mm) for v in (section.page_width, section.page_height)] == [210, 297]
    assert [round(v.mm) for v in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    title = document.paragraphs[0].runs[0]
    assert title.font.size == Pt(22)
    assert title._r.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    body = document.paragraphs[3]
    assert body.paragraph_format.first_line_indent == Pt(32)
    with zipfile.ZipFile(target) as package:
        footer = package.read("word/footer1.xml").decode("utf-8")
    assert " PAGE " in footer


@pytest.mark.parametrize(("args", "code", "message"), [
    (("--from", "2024", "--to", "2021"), 2, "--from 2024 晚于 --to 2021"),
    (("--unit", "国网三明供电公司/不存在"), 2, "单位「国网三明供电公司/不存在」不在单位树中"),
])
def test_errors_in_chinese(archive: TinyArchive, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                           args: tuple[str, ...], code: int, message: str) -> None:
    target = tmp_path / "r.docx"
    got, err = report(archive, capsys, target, *args)
    assert got == code
    assert message in err and "Traceback" not in err
    assert not target.exists()


def test_unwritable_folder_is_explained(archive: TinyArchive, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, err = report(archive, capsys, tmp_path / "没有这个文件夹" / "r.docx")
    assert code == 1
    assert "文件夹不存在" in err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (scripts/dev.sh setup installs it)")
def test_libreoffice_opens_and_converts_it_to_pdf(archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    target = tmp_path / "报告.docx"
    assert report(archive, capsys, target)[0] == 0
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: parallel tests do not share a lock
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(out), str(target)],
        capture_output=True, text=True, encoding="utf-8", timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    pdf = out / "报告.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.stat().st_size > 5000
