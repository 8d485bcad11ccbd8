"""``exemplar check`` and ``exemplar new``: exit codes, output formats, and never a traceback."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``exemplar argv…``; argparse's exits count too."""
    try:
        status = main(list(argv))
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


# --- check --------------------------------------------------------------------------

def test_check_good_archive(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.add_good_story()
    status, out, err = run(capsys, "--root", str(tiny_archive.root), "check")
    assert status == 0
    assert out == ""
    assert "检查了 1 篇事迹稿：0 个错误，0 个警告；可发布 1 篇" in err


def test_check_finds_the_root_from_a_subfolder(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.add_good_story()
    status, _, err = run(capsys, "--root", str(tiny_archive.stories / "media"), "check")
    assert status == 0 and "检查了 1 篇" in err


def test_check_with_errors(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.add_good_story()
    tiny_archive.write("stories/li-hua.md", "---\ntitle: 标题\n---\n")
    tiny_archive.write("stories/empty.md", "")
    status, out, err = run(capsys, "--root", str(tiny_archive.root), "check")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == "stories/empty.md:1: 错误 E003 文件是空的；可运行 exemplar new 姓名 生成一份带说明的模板"
    assert any(line.startswith("stories/li-hua.md:2:1: 错误 E102 name：") for line in lines)
    assert "检查了 3 篇事迹稿" in err and "可发布 1 篇" in err


def test_warnings_alone_pass_unless_strict(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.add_good_story()
    story = tiny_archive.stories / "huang-xiaoqing.md"
    story.write_text(story.read_text(encoding="utf-8").replace("summary:", "# summary:"), encoding="utf-8")
    status, out, _ = run(capsys, "--root", str(tiny_archive.root), "check")
    assert status == 0
    assert out.splitlines() == [
        "stories/huang-xiaoqing.md:2:1: 警告 W602 summary：没有摘要，卡片和海报上将截取正文开头；填写 summary，一两句话（60–200 字）"]
    status, _, _ = run(capsys, "--root", str(tiny_archive.root), "check", "--strict")
    assert status == 1


def test_github_format(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.add_good_story()
    tiny_archive.write("stories/li-hua.md", "---\ntitle: 标题\nname: 李华\nkind: persn\n---\n")
    status, out, _ = run(capsys, "--root", str(tiny_archive.root), "check", "--format", "github")
    assert status == 1
    lines = out.splitlines()
    assert lines and all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert "::error file=stories/li-hua.md,line=4,col=7,title=E106::错误 E106 kind：「persn」" in out


def test_json_format(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.write("stories/li-hua.md", "---\n- a\n---\n")
    status, out, err = run(capsys, "--root", str(tiny_archive.root), "check", "--format", "json")
    assert status == 1 and err == ""
    assert [(d["path"], d["line"], d["code"]) for d in json.loads(out)] == [("stories/li-hua.md", 2, "E007")]


def test_check_broken_vocabulary(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.add_good_story()
    tiny_archive.write("stories/vocab.yml", "columns: [\n")
    status, out, _ = run(capsys, "--root", str(tiny_archive.root), "check")
    assert status == 1 and out.startswith("stories/vocab.yml:")


def test_check_without_stories_folder(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    status, _, err = run(capsys, "--root", str(tmp_path), "check")
    assert status == 1 and "找不到事迹稿文件夹" in err


def test_unreadable_mkdocs_yml(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.write("mkdocs.yml", "site_name: [\n")
    status, _, err = run(capsys, "--root", str(tiny_archive.root), "check")
    assert status == 1 and err.startswith("exemplar：mkdocs.yml 无法读取")


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys)
    assert status == 2 and "check" in out and "new" in out


def test_unknown_option_is_explained_in_chinese(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--root", str(tiny_archive.root), "check", "--format", "xml")
    assert status == 2 and "参数有误" in err


# --- new ----------------------------------------------------------------------------

def test_new_writes_a_story_that_validates(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--root", str(tiny_archive.root), "new", "黄小清", "--column", "礼赞榜样")
    assert status == 0
    assert "已新建 stories/huang-xiaoqing.md" in out
    target = tiny_archive.stories / "huang-xiaoqing.md"
    assert target.is_file()
    archive = tiny_archive.load()
    assert archive.errors == ()
    assert {d.code for d in archive.warnings} == {"W601", "W602"}  # no photo, no summary yet
    assert [s.slug for s in archive.stories] == ["huang-xiaoqing"]
    story = archive.stories[0]
    assert (story.name, story.columns, story.status.value) == ("黄小清", ("lizan-bangyang",), "draft")
    # `exemplar check` agrees: warnings only.
    assert run(capsys, "--root", str(tiny_archive.root), "check")[0] == 0


def test_new_refuses_to_overwrite(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--root", str(tiny_archive.root), "new", "黄小清", "--column", "礼赞榜样")[0] == 0
    target = tiny_archive.stories / "huang-xiaoqing.md"
    target.write_text(target.read_text(encoding="utf-8") + "\n编辑写的正文。\n", encoding="utf-8")
    before = target.read_bytes()
    status, _, err = run(capsys, "--root", str(tiny_archive.root), "new", "黄小清", "--column", "礼赞榜样")
    assert status == 1
    assert "已有网址名为「huang-xiaoqing」的事迹稿，未做任何改动" in err
    assert target.read_bytes() == before


def test_new_refuses_a_slug_taken_by_a_folder_story(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.write("stories/huang-xiaoqing/index.md", "---\n---\n")
    status, _, err = run(capsys, "--root", str(tiny_archive.root), "new", "黄小清")
    assert status == 1 and "未做任何改动" in err
    assert not (tiny_archive.stories / "huang-xiaoqing.md").exists()


def test_new_in_a_folder_with_options(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = run(capsys, "--root", str(tiny_archive.root), "new", "爱心妈妈", "--folder", "--kind", "brand",
                       "--slug", "aixin-mama", "--column", "榜样就在身边", "--column", "lizan-bangyang",
                       "--unit", "国网三明供电公司/营销部", "--title", "“爱心妈妈”：十年陪伴")
    assert status == 0
    archive = tiny_archive.load()
    assert archive.errors == ()
    story = archive.stories[0]
    assert story.path == "aixin-mama/index.md"
    assert (story.kind.value, story.title, story.unit) == ("brand", "“爱心妈妈”：十年陪伴", "sanming/yingxiao")
    assert set(story.columns) == {"bangyang-shenbian", "lizan-bangyang"}


def test_new_with_unknown_column(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "--root", str(tiny_archive.root), "new", "黄小清", "--column", "礼赞模范")
    assert status == 2
    assert "「礼赞模范」不是已知的栏目（可选：礼赞榜样、榜样就在身边、科技工作者日）" in err
    assert not list(tiny_archive.stories.glob("*.md"))


def test_new_with_unknown_unit(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--root", str(tiny_archive.root), "new", "黄小清", "--unit", "不存在的单位")
    assert status == 2 and "单位「不存在的单位」不在单位树中" in err


@pytest.mark.parametrize(("name", "message"), [("   ", "姓名不能为空"), ("！！！", "不能用作网址名")])
def test_new_with_unusable_name(tiny_archive: Any, capsys: pytest.CaptureFixture[str], name: str, message: str) -> None:
    status, _, err = run(capsys, "--root", str(tiny_archive.root), "new", name)
    assert status == 2 and message in err


def test_new_with_unknown_kind(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--root", str(tiny_archive.root), "new", "黄小清", "--kind", "alien")
    assert status == 2 and "参数有误" in err


def test_new_with_broken_vocabulary(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.write("stories/vocab.yml", "- a\n")
    status, _, err = run(capsys, "--root", str(tiny_archive.root), "new", "黄小清")
    assert status == 1 and "词表有错误" in err
    assert not (tiny_archive.stories / "huang-xiaoqing.md").exists()


def test_new_story_with_quotes_in_the_title(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """Values are quoted for YAML, so titles with colons, quotes or # survive."""
    title = '访谈: "榜样" #1 \\ 她说：*不*'
    assert run(capsys, "--root", str(tiny_archive.root), "new", "李华", "--title", title)[0] == 0
    archive = tiny_archive.load()
    assert archive.errors == () and archive.stories[0].title == title


@pytest.mark.parametrize(("argv", "expected"), [
    (["stats", "--year", "2022年"], "--year 应为整数，「2022年」不是整数"),
    (["check", "--format", "xml"], "--format 不能是「xml」，可选：text、github、json"),
    (["posters"], "缺少必填参数：--out"),
    (["check", "--bogus"], "无法识别的参数：--bogus"),
    (["nosuch"], "不能是「nosuch」"),
    (["build", "--edition"], "--edition 后面要跟一个值"),
])
def test_argument_errors_are_in_chinese_for_every_command(argv: list[str], expected: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert expected in err and err.startswith("用法：") and "invalid" not in err and "usage" not in err


def test_help_headings_are_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["new", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：exemplar new") and "选项：" in out and "options:" not in out


def test_new_with_mask_never_writes_the_name_into_file_names(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(2):
        assert run(capsys, "--root", str(tiny_archive.root), "new", "陈立峰", "--mask")[0] == 0
    archive = tiny_archive.load()
    assert archive.errors == ()
    slugs = sorted(s.slug for s in archive.stories)
    assert len(slugs) == 2 and slugs[0].startswith("geren-") and slugs[1] == slugs[0] + "-2"
    for story in archive.stories:
        assert story.masked and "chen" not in story.slug and "陈立峰" not in story.title
    assert not [p for p in tiny_archive.stories.rglob("*") if "chen" in p.name]


@pytest.mark.parametrize(("name", "kind", "slug"), [
    ("城南供电所党员服务队", "collective", "chengnan-gongdiansuo-dangyuan-fuwudui"),
    ("爱心妈妈", "brand", "aixin-mama"),
    ("常口村志愿服务站", "place", "changkoucun-zhiyuan-fuwuzhan"),
])
def test_new_for_collectives_brands_and_places_makes_short_readable_slugs(
        tiny_archive: Any, capsys: pytest.CaptureFixture[str], name: str, kind: str, slug: str) -> None:
    assert run(capsys, "--root", str(tiny_archive.root), "new", name, "--kind", kind)[0] == 0
    archive = tiny_archive.load()
    assert archive.errors == () and [s.slug for s in archive.stories] == [slug]
    assert archive.stories[0].kind.value == kind
