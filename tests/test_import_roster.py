"""``exemplar import``: a roster spreadsheet read back in — the round trip with the export,
located errors that write nothing, drafts for new people, and the front matter edit
(archive: tests/stats_archive.py)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from generator.cli.main import main
from generator.core.front_matter_edit import FrontMatterEditError, add_honours
from generator.outputs.exports import ROSTER_HEADERS

from .conftest import TinyArchive
from .stats_archive import make_stats_archive


@pytest.fixture
def archive(tmp_path: Path) -> TinyArchive:
    return make_stats_archive(tmp_path / "archive")


def cli(archive: TinyArchive, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(archive.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def roster(path: Path) -> list[tuple[object, ...]]:
    return list(load_workbook(path)["荣誉名册"].iter_rows(values_only=True))


def strip_honours(archive: TinyArchive) -> None:
    """Every story loses its honours: some the whole key, the others down to ``honours: []``."""
    for n, path in enumerate(sorted(archive.stories.glob("*.md"))):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^honours:\n(?:  - .*\n)*", "" if n % 2 else "honours: []\n", text, flags=re.M)
        path.write_text(text, encoding="utf-8")


def snapshot(archive: TinyArchive) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(archive.stories.glob("*.md"))}


def test_export_strip_import_round_trip(archive: TinyArchive, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    first = tmp_path / "导出.xlsx"
    assert cli(archive, capsys, "stats", "--xlsx", str(first))[0] == 0
    strip_honours(archive)
    assert cli(archive, capsys, "stats", "--xlsx", str(tmp_path / "空.xlsx"))[0] == 0
    assert roster(tmp_path / "空.xlsx") != roster(first)  # the strip took the honours away

    code, out, err = cli(archive, capsys, "import", str(first))
    assert code == 0, err
    assert "stories/yunwei-banzhang.md：新增荣誉 星级员工（2020）、中国好人（2022）、国网工匠（2022）" in out
    assert "王强" not in out  # the masked person is matched by id, never named
    assert "共 13 行：5 篇事迹稿新增荣誉 11 项，新建草稿 0 篇；已有的 0 项荣誉未重复添加" in out

    code, out, err = cli(archive, capsys, "check")
    assert code == 0, out + err
    second = tmp_path / "再导出.xlsx"
    assert cli(archive, capsys, "stats", "--xlsx", str(second))[0] == 0
    assert roster(second) == roster(first)

    before = snapshot(archive)
    code, out, _ = cli(archive, capsys, "import", str(first))  # again: nothing new
    assert code == 0
    assert "已有的 11 项荣誉未重复添加" in out
    assert snapshot(archive) == before


def test_dry_run_lists_changes_and_writes_nothing(archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    export = tmp_path / "导出.xlsx"
    cli(archive, capsys, "stats", "--xlsx", str(export))
    strip_honours(archive)
    before = snapshot(archive)
    code, out, _ = cli(archive, capsys, "import", str(export), "--dry-run")
    assert code == 0
    assert "stories/zhao-min.md：新增荣誉 中国好人（2023）、福建省见义勇为先进个人（2023）" in out
    assert "试运行：未写入任何文件" in out
    assert snapshot(archive) == before


def write_roster(path: Path, rows: list[list[object]], headers: tuple[str, ...] = ROSTER_HEADERS) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "荣誉名册"
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    with warnings.catch_warnings():  # openpyxl's scratch files are its business (see outputs/exports.py)
        warnings.simplefilter("ignore", EncodingWarning)
        book.save(path)
    return path


def row(ident: str = "", name: str = "", honour: str = "", year: object = "", level: str = "", unit: str = "",
        kind: str = "", party: str = "", pioneer: str = "") -> list[object]:
    return [ident, name, unit, kind, "", party, pioneer, honour, level, year, "", ""]


def test_every_bad_cell_is_located_and_nothing_is_written(archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    path = write_roster(tmp_path / "名册.xlsx", [
        row("zhao-min", "赵敏", "福建好人", 2024),  # a good row: still not written
        row("zhao-mni", "赵敏", "中国好人", 2023),
        row("li-hua", "李华", "中国好银", 2023),
        row("li-hua", "李华", "中国好人", "二〇二三"),
        row("li-hua", "李华", "中国好人", 2023, level="省级"),
        row("", "*", "中国好人", 2023),
        row("li-hua", "王五", "中国好人", 2023),
        row("", "张三", "中国好人", 2023, unit="国网三明供电公司/不存在的部门"),
        row("", "李四", "中国好人", 2023, unit="国网三明供电公司", kind="团体"),
    ])
    before = snapshot(archive)
    code, out, err = cli(archive, capsys, "import", str(path))
    assert code == 1
    assert out == ""
    shown = str(path)
    assert err.splitlines() == [
        f"{shown}:3:1: 错误 E804 荣誉名册!A3（编号）：编号「zhao-mni」不是档案中的事迹稿；建议改为「zhao-min」；新人员请把编号留空",
        f"{shown}:4:8: 错误 E807 荣誉名册!H4（荣誉）：「中国好银」不是词表中的荣誉；建议改为「中国好人」",
        f"{shown}:5:10: 错误 E809 荣誉名册!J5（年份）：年份「二〇二三」不合理（应在 1949–2100 之间）；填写四位数的年份，如 2023",
        f"{shown}:6:9: 错误 E808 荣誉名册!I6（荣誉级别）：「中国好人」在词表中的级别是「国家级」，这里写成了「省级」；改为「国家级」，或把级别留空",
        f"{shown}:7:2: 错误 E806 荣誉名册!B7（姓名）：没有编号时须填写真实姓名（隐去的姓名 * 无法对应到人）；填写编号（从导出的名册复制）或姓名",
        f"{shown}:8:2: 错误 E805 荣誉名册!B8（姓名）：姓名「王五」与编号「li-hua」的事迹稿不符；核对编号；或把姓名留空、写 *，按编号导入",
        f"{shown}:9:3: 错误 E810 荣誉名册!C9（单位）：新人员的单位「国网三明供电公司/不存在的部门」不在单位树中；建议改为「国网三明供电公司/营销部」",
        f"{shown}:10:4: 错误 E811 荣誉名册!D10（类别）：「团体」不是已知的类别；可选：个人、集体、品牌、阵地",
        "exemplar：名册中有 8 处错误，未写入任何文件；改正后重新导入",
    ]
    assert snapshot(archive) == before


def test_new_people_become_drafts_and_names_find_stories(archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    path = write_roster(tmp_path / "团委.xlsx", [
        row("", "张三", "岗位榜样", 2024, unit="国网三明供电公司/营销部", party="中共党员", pioneer="善小"),
        row("", "张三", "红星党员", 2024, unit="国网三明供电公司/营销部"),
        row("", "赵敏", "福建好人", 2024),  # no id: found by her name
    ])
    code, out, err = cli(archive, capsys, "import", str(path))
    assert code == 0, err
    assert "stories/zhao-min.md：新增荣誉 福建好人（2024）" in out
    assert "stories/zhang-san.md：新建草稿（张三，国网三明供电公司/营销部；荣誉：岗位榜样（2024）、红星党员（2024））" in out
    draft = (archive.stories / "zhang-san.md").read_text(encoding="utf-8")
    assert "status: draft" in draft and 'party: "中共党员"' in draft
    assert '  - {name: "岗位榜样", year: 2024}' in draft
    code, out, err = cli(archive, capsys, "check")
    assert code == 0, out + err
    loaded = archive.load()
    zhao = next(s for s in loaded.stories if s.slug == "zhao-min")
    assert [(h.name, h.year) for h in zhao.honours][-1] == ("福建好人", 2024)


def test_not_a_workbook(archive: TinyArchive, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_text("姓名,荣誉\n", encoding="utf-8")
    code, _, err = cli(archive, capsys, "import", str(path))
    assert code == 1
    assert f"{path}:1: 错误 E801 无法读取 Excel 文件" in err and "Traceback" not in err


def test_missing_headers(archive: TinyArchive, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_roster(tmp_path / "名册.xlsx", [["张三", "中国好人"]], headers=("名字", "荣誉"))
    code, _, err = cli(archive, capsys, "import", str(path))
    assert code == 1
    assert f"{path}:1:1: 错误 E803 荣誉名册!1：表头缺少「年份、编号或姓名」列" in err


# --- the front matter edit -------------------------------------------------------------

def test_appends_after_the_last_item_keeping_comments() -> None:
    text = "---\ntitle: 甲\nhonours:   # 荣誉\n    - name: 中国好人\n      year: 2015\n    # 备注\ndate: 2020-01-01\n---\n正文\n"
    assert add_honours(text, [{"name": "福建好人", "year": 2016}]) == (
        "---\ntitle: 甲\nhonours:   # 荣誉\n    - name: 中国好人\n      year: 2015\n"
        '    - {name: "福建好人", year: 2016}\n    # 备注\ndate: 2020-01-01\n---\n正文\n'
    )


def test_empty_list_and_missing_key_and_crlf() -> None:
    assert add_honours("---\nhonours: []  # 荣誉\n#  - name: x\ndate: 2020-01-01\n---\n", [{"name": "甲", "year": 2020}]) == (
        '---\nhonours: # 荣誉\n  - {name: "甲", year: 2020}\n#  - name: x\ndate: 2020-01-01\n---\n'
    )
    assert add_honours("---\r\ntitle: 甲\r\n---\r\n", [{"name": "甲", "year": 2020, "awarded_by": "某单位"}]) == (
        '---\r\ntitle: 甲\r\nhonours:\r\n  - {name: "甲", year: 2020, awarded_by: "某单位"}\r\n---\r\n'
    )
    with pytest.raises(FrontMatterEditError):
        add_honours("---\nhonours: [{name: 甲, year: 2020}]\n---\n", [{"name": "乙", "year": 2021}])
