"""``exemplar stats``: terminal tables, filters, errors and the Excel / CSV roster
(archive and hand counts: tests/stats_archive.py)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli.main import main
from generator.cli.commands.stats import display_width, format_table
from generator.outputs.exports import ROSTER_HEADERS
from generator.site.report import Row, Table

from .conftest import TinyArchive
from .stats_archive import make_stats_archive

HEADERS = ["编号", "姓名", "单位", "类别", "岗位", "政治面貌", "先锋类型", "荣誉", "荣誉级别", "年份", "授予单位", "事迹链接"]
WANG = "国网三明供电公司/运维检修部/变电运维中心/变电运维一班"


@pytest.fixture
def archive(tmp_path: Path) -> TinyArchive:
    return make_stats_archive(tmp_path / "archive")


def run(archive: TinyArchive, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(archive.root), "stats", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_sentences_and_tables(archive: TinyArchive, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(archive, capsys)
    assert code == 0, err
    assert out.splitlines()[0] == "榜样档案 · 数据统计（内网版，全部单位、全部年份）"
    assert "  共有 3 名员工获评“中国好人”" in out
    assert "  拍摄先进典型事迹宣传片 5 部，累计点击量达 1530 万人次" in out
    assert re.search(r"^  先进典型 +7$", out, re.M)
    assert "王强" not in out


def test_year_and_unit_filters(archive: TinyArchive, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(archive, capsys, "--year", "2023", "--unit", "国网三明供电公司/国网沙县供电公司")
    assert code == 0
    assert out.splitlines()[0] == "榜样档案 · 数据统计（内网版，国网三明供电公司/国网沙县供电公司，2023 年）"
    assert "  共有 1 名员工获评“中国好人”" in out
    assert re.search(r"^  先进典型 +2$", out, re.M)


def test_unknown_unit_exits_2_in_chinese(archive: TinyArchive, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(archive, capsys, "--unit", "国网三明供电公司/不存在")
    assert code == 2
    assert out == ""
    assert err.startswith("exemplar：单位「国网三明供电公司/不存在」不在单位树中")
    assert "Traceback" not in err


def test_bad_year_is_a_usage_error(archive: TinyArchive, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--root", str(archive.root), "stats", "--year", "二〇二三"])
    assert caught.value.code == 2
    assert "参数有误" in capsys.readouterr().err


def test_xlsx_roster_one_row_per_honour(archive: TinyArchive, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "名册.xlsx"
    code, _, err = run(archive, capsys, "--xlsx", str(target))
    assert code == 0, err
    assert "已导出 Excel 荣誉名册" in err and "（13 行）" in err
    book = load_workbook(target)
    assert book.sheetnames == ["荣誉名册", "宣传片", "汇总", "按类别", "按荣誉级别", "按荣誉", "按年份",
                               "按单位（合计含下级单位）", "按先锋类型", "宣传片按平台"]
    rows = list(book["荣誉名册"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS == list(ROSTER_HEADERS)
    body = [tuple("" if v is None else v for v in r) for r in rows[1:]]
    assert len(body) == 13  # 11 honours + 2 exemplars without honours; the draft is not there
    assert body[0] == ("yunwei-banzhang", "*", WANG, "个人", "", "", "忠诚先锋", "星级员工", "公司级", 2020,
                       "国网三明供电公司", "https://example.org/archive/stories/yunwei-banzhang.html")
    assert [r[7] for r in body[:3]] == ["星级员工", "中国好人", "国网工匠"]
    assert ("aixin-mama", "爱心妈妈", "国网三明供电公司", "品牌", "", "", "", "", "", "", "",
            "https://example.org/archive/stories/aixin-mama.html") in body
    assert [r[1] for r in body].count("李华") == 4
    link = book["荣誉名册"]["L2"]
    assert link.hyperlink is not None and link.hyperlink.target == link.value
    assert all("王强" not in str(v) for r in rows for v in r)
    assert all("刘洋" not in str(v) for r in rows for v in r)

    summary = [tuple(v for v in r if v is not None) for r in book["汇总"].iter_rows(values_only=True)]
    assert ("统计范围", "内网版，全部单位、全部年份") in summary
    assert ("共有 3 名员工获评“中国好人”",) in summary
    assert ("先进典型", 7) in summary

    def sheet(name: str) -> list[tuple[object, ...]]:
        return [tuple(v for v in r if v is not None) for r in book[name].iter_rows(values_only=True)]

    assert ("国家级", 4, 6) in sheet("按荣誉级别")
    assert ("中国好人", "国家级", 3, 4, "姓名隐去、李华、赵敏") in sheet("按荣誉")
    films = [tuple("" if v is None else v for v in r) for r in book["宣传片"].iter_rows(values_only=True)]
    assert list(films[0]) == ["编号", "姓名", "片名", "平台", "平台链接", "本地文件", "点击量", "点击量统计日期", "发布日期"]
    assert ("chen-jing", "陈静", "哔哩哔哩视频", "哔哩哔哩", "https://www.bilibili.com/video/d", "", 300000,
            "2023-09-01", "2023-09-01") in films
    assert ("li-hua", "李华", "本地存档", "", "", "media/li-hua.mp4", "", "", "") in films
    assert len(films) == 1 + 5


def test_csv_roster_utf8_with_bom(archive: TinyArchive, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "名册.csv"
    code, _, err = run(archive, capsys, "--csv", str(target), "--year", "2023")
    assert code == 0, err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS
    # 2023: li-hua 中国好人, zhao-min ×2, chen-jing 红星党员, and fuwudui (published 2023, no 2023 honour)
    assert [(r[1], r[7], r[9]) for r in rows[1:]] == [
        ("陈静", "红星党员", "2023"),
        ("李华", "中国好人", "2023"),
        ("双满意服务队", "", ""),
        ("赵敏", "中国好人", "2023"),
        ("赵敏", "福建省见义勇为先进个人", "2023"),
    ]


def test_public_edition_roster_and_masked_name(archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    xlsx, csv_path = tmp_path / "公开.xlsx", tmp_path / "公开.csv"
    code, out, err = run(archive, capsys, "--edition", "public", "--xlsx", str(xlsx), "--csv", str(csv_path))
    assert code == 0, err
    assert "公开版" in out.splitlines()[0]
    assert "陈静" not in out
    text = csv_path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + 12  # chen-jing (internal) is gone
    assert "陈静" not in text and "王强" not in text
    assert [r[1] for r in rows[1:4]] == ["*", "*", "*"]
    assert {r[0] for r in rows[1:4]} == {"yunwei-banzhang"}  # the masked person, known by the id alone
    book = load_workbook(xlsx)
    names = [r[1] for r in book["荣誉名册"].iter_rows(min_row=2, values_only=True)]
    assert "陈静" not in names and "王强" not in names and names.count("*") == 3


def test_unwritable_target_is_a_chinese_error(archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    code, _, err = run(archive, capsys, "--xlsx", str(tmp_path / "没有这个文件夹" / "名册.xlsx"))
    assert code == 1
    assert "无法写入" in err and "文件夹不存在" in err
    assert "Traceback" not in err
    code, _, err = run(archive, capsys, "--csv", str(tmp_path))
    assert code == 1 and "这是一个文件夹" in err


def test_failed_export_keeps_the_old_file(archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "名册.csv"
    target.write_text("旧文件", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("csv.writer", broken)
    code, _, err = run(archive, capsys, "--csv", str(target))
    assert code == 1 and "磁盘空间不足" in err
    assert target.read_text(encoding="utf-8") == "旧文件"
    assert [p.name for p in folder.iterdir()] == ["名册.csv"]  # no temporary file left behind


def test_tables_align_with_cjk_widths() -> None:
    table = Table("t", "标题", ("单位", "合计"), (Row(("国网三明供电公司", 16)), Row(("营销部", 2), 1)), (False, True))
    lines = format_table(table).splitlines()
    assert lines[0] == "标题"
    assert len({display_width(line) for line in lines[1:]}) == 1
    assert lines[-1] == "    营销部             2"
