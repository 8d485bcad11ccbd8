"""YAML with positions, and the split of a story file into front matter and body."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .profiles import examples

from generator.core.loader import decode, find_story_files, parse_story_text, split_front_matter
from generator.core.located import parse_located


def test_positions_of_keys_and_values() -> None:
    text = "title: 标题\nhonours:\n  - name: 中国好人\n    year: 2015\ncolumns: [甲, 乙]\n"
    located, problem = parse_located(text, line_offset=1)
    assert problem is None and located is not None
    assert located.data["honours"][0] == {"name": "中国好人", "year": 2015}
    assert located.key_pos(("title",)) == (2, 1)
    assert located.pos(("title",)) == (2, 8)
    assert located.pos(("honours", 0, "year")) == (5, 11)
    assert located.key_pos(("honours", 0, "year")) == (5, 5)
    assert located.pos(("columns", 1)) == (6, 14)
    # A path with no value of its own falls back to the nearest enclosing one.
    assert located.pos(("honours", 0, "level")) == (4, 5)
    assert located.pos(("nothing",)) == (2, 1)


def test_duplicate_key_inside_a_list_item() -> None:
    _, problem = parse_located("honours:\n  - name: a\n    name: b\n")
    assert problem is not None
    assert (problem.kind, problem.key, problem.line, problem.col, problem.first_line) == ("duplicate", "name", 3, 5, 2)


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: &x [1]\nb: {<<: *x}\n", "a: &x [1]\nb: [*x, *x]\n"])
def test_aliases_are_refused(text: str) -> None:
    _, problem = parse_located(text)
    assert problem is not None and problem.kind == "alias"
    assert (problem.line, problem.col) == (1, 4)  # the anchor: an alias is the same node again


def test_impossible_date_stays_text_for_the_rules() -> None:
    located, problem = parse_located("date: 2019-02-30\n")
    assert problem is None and located is not None
    assert located.data == {"date": "2019-02-30"}


@pytest.mark.parametrize(
    ("text", "said", "where"),
    [
        ("a: 1\n\tb: 2\n", "这里用了 Tab 键缩进", (2, 1)),
        ("a: b: c\n", "这里出现了多余的冒号", (1, 5)),
        ("name：黄小清\ntitle: x: y\n", "字段名后用了中文冒号“：”", (1, 5)),
        ('title: "abc\nname: x\n', "引号没有闭合", (1, 8)),  # where the quote opened
        ("columns: [a, b\ndate: 1\n", "方括号列表没有正确结束", (1, 10)),
        ("a: x\nb: y\x07z\n", "含有不可见的控制字符", (2, 5)),
        ("a: 黄黄黄\nb: 黄\x07\n", "含有不可见的控制字符", (2, 5)),  # characters, not bytes
        ("a: @x\n", "值不能以 @ ` % 等符号开头", (1, 4)),
        ("a: " + "[" * 3000 + "]" * 3000 + "\n", "嵌套层数过深", None),
    ],
)
def test_yaml_problems_in_editors_words(text: str, said: str, where: tuple[int, int] | None) -> None:
    _, problem = parse_located(text)
    assert problem is not None
    assert problem.problem == said
    assert "None" not in problem.problem + problem.hint
    if where:
        assert (problem.line, problem.col) == where


# --- the file ---------------------------------------------------------------------

def test_split_front_matter_and_body_line() -> None:
    front, body, body_line, problem = split_front_matter("---\na: 1\nb: 2\n---\n\n正文\n", "x.md")
    assert problem is None
    assert (front, body, body_line) == ("a: 1\nb: 2", "\n正文\n", 5)


def _split_by_lines(text: str) -> tuple[str, str, int, str | None]:
    """What split_front_matter means, said line by line."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return "", text, 1, "E004"
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2, None
    return "", "", 1, "E005"


LINES = ["---", "--- ", "---\u3000", "---\t", "...", ".. .", "... \x85", "----", " ---", "--", "a: 1", "", " ", "正文",
         "\x0c", "---\u2028", "---x"]


@settings(max_examples=examples(800), deadline=None, database=None)
@given(st.lists(st.sampled_from(LINES), max_size=8).map("\n".join))
def test_split_front_matter_is_the_line_by_line_split(text: str) -> None:
    front, body, line, problem = split_front_matter(text, "x.md")
    assert (front, body, line, problem.code if problem else None) == _split_by_lines(text)


def test_front_matter_may_end_with_dots() -> None:
    front, body, _, problem = split_front_matter("---\na: 1\n...\n正文\n", "x.md")
    assert problem is None and (front, body) == ("a: 1", "正文\n")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"\xef\xbb\xbf---\r\na\r\n", "---\na\n"),
        (b"---\ra\r", "---\na\n"),
        ("黄".encode(), "黄"),
    ],
)
def test_decode_accepts_bom_and_any_line_end(raw: bytes, text: str) -> None:
    assert decode(raw, "x.md") == (text, None)


@pytest.mark.parametrize(
    ("raw", "code", "line"),
    [
        (b"", "E003", 1),
        (b"---\n\x00\x01", "E002", 1),
        ("---\n名字".encode("gbk"), "E001", 2),
        ("---\n名字".encode("utf-16"), "E001", 1),
    ],
)
def test_decode_problems(raw: bytes, code: str, line: int) -> None:
    text, problem = decode(raw, "x.md")
    assert text is None and problem is not None
    assert (problem.code, problem.line) == (code, line)


def test_fullwidth_colon_alone_is_explained() -> None:
    # "name：黄小清" alone is valid YAML (one string), so the loader looks for the slip itself.
    _, problems = parse_story_text("---\nname：黄小清\n---\n".encode(), "a.md", "stories/a.md")
    assert [(p.code, p.line, p.col) for p in problems] == [("E006", 2, 5)]
    assert "中文冒号" in problems[0].message


def test_parse_story_text_body_keeps_its_line() -> None:
    raw = "---\ntitle: 标题\n---\n\n## 小标题\n".encode()
    story, problems = parse_story_text(raw, "a.md", "stories/a.md")
    assert problems == [] and story is not None
    assert story.body_line == 4 and story.body == "\n## 小标题\n"
    assert (story.path, story.shown) == ("a.md", "stories/a.md")


def test_find_story_files_skips_media_and_hidden(tmp_path: Path) -> None:
    for rel in ["b.md", "a/index.md", "media/x.md", "_drafts/y.md", ".git/z.md", "a/media/w.md",
                "_partial.md", ".hidden.md", "notes.txt", "c.MD"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in find_story_files(tmp_path)]
    assert found == ["a/index.md", "b.md", "c.MD"]
