"""Diagnostic formats, the message table, media paths and safe links."""

from __future__ import annotations

import json
import string

import pytest

from generator.core.diagnostics import count_errors, diag, format_diagnostics
from generator.core.messages import ERROR, MESSAGES, WARNING
from generator.core.safety import is_safe_url
from generator.core.validate import resolve_path


def test_text_format() -> None:
    d = diag("stories/a.md", 5, 12, "E203", "honours[0].level", value="国家", hint="建议改为「国家级」")
    assert d.format_text() == "stories/a.md:5:12: 错误 E203 honours[0].level：「国家」不是已知的荣誉级别；建议改为「国家级」"


def test_text_format_without_column_or_field() -> None:
    d = diag("stories/a.md", 1, 0, "E003")
    assert d.format_text() == "stories/a.md:1: 错误 E003 文件是空的；可运行 exemplar new 姓名 生成一份带说明的模板"


def test_github_format_escapes_and_locates() -> None:
    d = diag("stories/a.md", 3, 2, "E006", problem="100% 错\n误", hint="")
    line = d.format_github()
    assert line.startswith("::error file=stories/a.md,line=3,col=2,title=E006::错误 E006 YAML 语法错误：100%25 错%0A误")
    assert "\n" not in line
    warning = diag("stories/a.md", 1, 0, "W604").format_github()
    assert warning.startswith("::warning file=stories/a.md,line=1,title=W604::")


def test_json_format_round_trips() -> None:
    items = [diag("stories/b.md", 2, 1, "E004"), diag("stories/a.md", 9, 0, "W604")]
    data = json.loads(format_diagnostics(items, "json"))
    assert [(d["path"], d["code"], d["severity"]) for d in data] == [
        ("stories/a.md", "W604", "warning"), ("stories/b.md", "E004", "error")]


def test_sorted_by_file_line_column() -> None:
    items = [diag("b.md", 1, 0, "E003"), diag("a.md", 10, 1, "E004"), diag("a.md", 2, 5, "E004"), diag("a.md", 2, 1, "E004")]
    assert [(d.path, d.line, d.col) for d in sorted(items, key=lambda d: d.sort_key())] == [
        ("a.md", 2, 1), ("a.md", 2, 5), ("a.md", 10, 1), ("b.md", 1, 0)]
    assert count_errors(items + [diag("a.md", 1, 0, "W604")]) == (4, 1)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_message_table_entry(code: str) -> None:
    """Codes are E/W + 3 digits, severities match the letter, and every template is usable."""
    severity, message, hint = MESSAGES[code]
    assert code[0] == ("E" if severity == ERROR else "W") and severity in (ERROR, WARNING)
    assert code[1:].isdigit() and len(code) == 4
    fields = {name for text in (message, hint) for _, name, _, _ in string.Formatter().parse(text) if name}
    d = diag("a.md", 1, 1, code, **{name: "X" for name in fields - {"line", "col"}})
    assert d.message and "{" not in d.message
    assert all("\u4e00" <= c <= "\u9fff" for c in message if c.isalpha() and not c.isascii()), "messages are Chinese"


# --- media paths --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("story", "written", "resolved"),
    [
        ("huang-xiaoqing.md", "media/a.jpg", "media/a.jpg"),
        ("huang-xiaoqing.md", "./media/./a.jpg", "media/a.jpg"),
        ("huang-xiaoqing.md", "media\\a.jpg", "media/a.jpg"),  # Windows separators
        ("huang-xiaoqing.md", "  media/a.jpg  ", "media/a.jpg"),
        ("huang-xiaoqing.md", "media//a.jpg", "media/a.jpg"),
        ("aixin-mama/index.md", "photo.jpg", "aixin-mama/photo.jpg"),  # relative to the story's folder
        ("aixin-mama/index.md", "../media/a.jpg", "media/a.jpg"),
        ("a/b/c.md", "../../x.jpg", "x.jpg"),
        ("huang-xiaoqing.md", "../a.jpg", None),  # leaves the stories folder
        ("a/b/c.md", "../../../x.jpg", None),
        ("huang-xiaoqing.md", "media/../../a.jpg", None),
        ("huang-xiaoqing.md", "..", None),
        ("huang-xiaoqing.md", "/etc/a.jpg", None),  # absolute
        ("huang-xiaoqing.md", "~/a.jpg", None),
        ("huang-xiaoqing.md", "C:/照片/a.jpg", None),
        ("huang-xiaoqing.md", "C:\\照片\\a.jpg", None),
        ("huang-xiaoqing.md", "https://x.cn/a.jpg", None),  # a URL is not a file in the archive
        ("huang-xiaoqing.md", "a\x00.jpg", None),
        ("huang-xiaoqing.md", "", None),
    ],
)
def test_resolve_path(story: str, written: str, resolved: str | None) -> None:
    assert resolve_path(story, written) == resolved


@pytest.mark.parametrize(
    "url",
    ["https://www.xuexi.cn/a", "http://x.cn", "mailto:a@b.cn", "tel:123", "#top", "media/a.jpg", "../b.md", "media/a:b.jpg"],
)
def test_safe_urls(url: str) -> None:
    assert is_safe_url(url)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", " java\tscript:alert(1)", "&#106;avascript:alert(1)",
     "java&#x73;cript:x", "javascript&colon;x", "data:text/html,<script>", "vbscript:x", "file:///etc/passwd"],
)
def test_unsafe_urls(url: str) -> None:
    assert not is_safe_url(url)
