"""Small, careful edits of a story's front matter text (used by ``exemplar import``).

The editor's file is kept as written — comments, order, quoting, line ends — and only
the lines an edit needs are added: new honours go after the last item of the
``honours:`` list, in the list's own indentation, one flow mapping per line
(``- {name: "中国好人", year: 2023}``). Pure text in, text out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

_KEY = re.compile(r"^honours[ \t]*:(?P<rest>.*)$")
_TOP_LEVEL = re.compile(r"^[^\s#-]|^-[^\s]|^---\s*$")


class FrontMatterEditError(ValueError):
    """The front matter could not be edited safely (``str()`` says why, in Chinese)."""


def yaml_scalar(value: str | int) -> str:
    """A YAML-safe scalar: integers as they are, strings double-quoted (JSON is valid YAML)."""
    return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)


def flow_mapping(item: Mapping[str, str | int]) -> str:
    """``{name: "中国好人", year: 2023}``."""
    return "{" + ", ".join(f"{k}: {yaml_scalar(v)}" for k, v in item.items()) + "}"


def add_honours(text: str, items: Sequence[Mapping[str, str | int]]) -> str:
    """``text`` (a whole story file) with ``items`` appended to its ``honours`` list.

    A missing ``honours`` key is added before the closing ``---``; ``honours: []`` (or
    empty) becomes a block list. A non-empty flow list (``honours: [{…}]``) is left for
    the editor: :class:`FrontMatterEditError`.
    """
    if not items:
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    start = 1 if lines and lines[0].lstrip("\ufeff").rstrip() == "---" else None
    if start is None:
        raise FrontMatterEditError("文件开头没有 front matter（---）")
    end = next((i for i in range(start, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        raise FrontMatterEditError("front matter 没有结束行 ---")
    key = next((i for i in range(start, end) if _KEY.match(lines[i].rstrip("\r\n"))), None)
    if key is None:
        new = ["honours:" + newline, *(f"  - {flow_mapping(it)}{newline}" for it in items)]
        return "".join(lines[:end] + new + lines[end:])
    rest = _KEY.match(lines[key].rstrip("\r\n")).group("rest")  # type: ignore[union-attr]
    value = rest.split("#", 1)[0].strip()
    if value in ("", "[]", "~", "null"):
        block_end = key + 1
        last = key
        indent = None
        while block_end < end and not _TOP_LEVEL.match(lines[block_end]):
            stripped = lines[block_end].strip()
            if stripped and not stripped.startswith("#"):
                last = block_end
                if indent is None and stripped.startswith("-"):
                    indent = lines[block_end][: len(lines[block_end]) - len(lines[block_end].lstrip())]
            block_end += 1
        if value != "" and last != key:
            raise FrontMatterEditError("honours 写成了 [] 之后又有缩进的内容，请先整理")
        pad = "  " if indent is None else indent
        new = [f"{pad}- {flow_mapping(it)}{newline}" for it in items]
        head = lines[: last + 1]
        if value != "":
            comment = rest[rest.index("#"):] if "#" in rest else ""
            head[key] = "honours:" + (" " + comment.strip() if comment else "") + newline
        if not head[-1].endswith(("\n", "\r")):
            head[-1] += newline
        return "".join(head + new + lines[last + 1:])
    raise FrontMatterEditError("honours 写成了一行的 [...] 列表，无法自动追加；请改为每项一行的列表")
