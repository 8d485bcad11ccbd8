"""A quick reader for the plain block YAML that front matter is written in, or None.

Almost every story's front matter is a mapping of ``key: value`` lines, block lists
(``- item``, ``- name: …``), one-line quoted strings and one-line ``[a, b]`` lists. This
reads exactly that, one line at a time, in about a fifth of the time libyaml takes to
compose the same text into nodes for :mod:`generator.core.located` to walk.

It answers only when it is sure of the answer: for anything else (tabs, block scalars
``|``/``>``, escapes in double quotes, anchors, tags, flow mappings, text running onto a
further line, duplicate or non-text keys, odd indentation, anything libyaml would
refuse…) it returns None, and the caller reads the text with libyaml as before, which
also says what is wrong and where. When it answers, the data is what
:func:`generator.core.located.parse_located` makes of the same text: plain scalars get their
tag from PyYAML's own resolver and their value from PyYAML's own constructor, and a
test compares the two readers on real and generated text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


class _Unsure(Exception):
    """Not something this reader is sure of: leave the text to libyaml."""


# Anything that could make libyaml read lines differently from ``split("\n")``, or refuse
# the text: tabs, carriage returns, YAML 1.1's other line breaks (NEL, LS, PS), a BOM and
# the characters YAML does not allow at all.
_AWKWARD = re.compile("[^\x0A\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\U00010000-\U0010FFFF]")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?\Z")
_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*)?\Z')
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*)?\Z")
_FLOW = re.compile(r"\[([^\[\]{}#]*)\](?: +#.*)?\Z")
_FLOW_ITEM = re.compile(r""" *(?:"([^"\\]*)"|'((?:[^']|'')*)'|([^\s,\[\]{}#&*!|>'"%@`?:-][^,\[\]{}#:]*?)) *(?:,|\Z)""")
_PLAIN_START = frozenset("?:,[]{}#&*!|>'\"%@`")


def read_block_yaml(text: str, plain: Mapping[str, Any]) -> dict[str, Any] | None:
    """The mapping ``text`` holds, or None when this reader is not sure of it.

    ``plain[text]`` is the value of a plain (unquoted) scalar, as PyYAML would make it.
    """
    if _AWKWARD.search(text):
        return None
    indents: list[int] = []
    contents: list[str] = []
    for line in text.split("\n"):
        content = line.lstrip(" ")
        if content and content[0] != "#":
            indents.append(len(line) - len(content))
            contents.append(content.rstrip(" "))
    if not contents or indents[0] != 0:
        return None
    reader = _Reader(indents, contents, plain)
    try:
        data, end = reader.mapping(0, 0)
    except _Unsure:
        return None
    return data if end == len(contents) else None


class _Reader:
    def __init__(self, indents: list[int], contents: list[str], plain: Mapping[str, Any]) -> None:
        self.indents = indents
        self.contents = contents
        self.plain = plain
        self.count = len(contents)

    def _more_indented(self, index: int, indent: int) -> bool:
        return index < self.count and self.indents[index] > indent

    def _entry(self, index: int, indent: int) -> bool:
        """Whether line ``index`` is a list entry at ``indent``."""
        if index >= self.count or self.indents[index] != indent:
            return False
        content = self.contents[index]
        return content == "-" or content.startswith("- ")

    def mapping(self, index: int, indent: int) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        while index < self.count and self.indents[index] == indent:
            match = _KEY.match(self.contents[index])
            if match is None:
                raise _Unsure
            key, rest = match.group(1, 2)
            if key in result or type(self.plain[key]) is not str:  # repeated, or yes/no/null…: libyaml says
                raise _Unsure
            index += 1
            if not rest or rest[0] == "#":
                if self._more_indented(index, indent):
                    result[key], index = self.block(index)
                elif self._entry(index, indent):  # a list may sit at its key's indentation
                    result[key], index = self.sequence(index, indent)
                else:
                    result[key] = self.plain[""]
            else:
                result[key] = self.scalar(rest)
            if self._more_indented(index, indent):  # text running on, or indentation libyaml refuses
                raise _Unsure
        return result, index

    def block(self, index: int) -> tuple[Any, int]:
        indent = self.indents[index]
        if self._entry(index, indent):
            return self.sequence(index, indent)
        return self.mapping(index, indent)

    def sequence(self, index: int, indent: int) -> tuple[list[Any], int]:
        result: list[Any] = []
        while self._entry(index, indent):
            rest = self.contents[index][1:]
            item = rest.lstrip(" ")
            if not item or item[0] == "#" or item == "-" or item.startswith("- "):
                raise _Unsure  # an item on the lines below, or a list in a list: rare, libyaml reads them
            if _KEY.match(item):  # "- name: …": a mapping whose keys line up after the dash
                inner = indent + 1 + len(rest) - len(item)
                self.indents[index], self.contents[index] = inner, item
                value, index = self.mapping(index, inner)
            else:
                value = self.scalar(item)
                index += 1
            if self._more_indented(index, indent):
                raise _Unsure
            result.append(value)
        return result, index

    def scalar(self, text: str) -> Any:
        first = text[0]
        if first == '"':
            match = _DOUBLE.match(text)
            if match is None:
                raise _Unsure
            return match.group(1)
        if first == "'":
            match = _SINGLE.match(text)
            if match is None:
                raise _Unsure
            return match.group(1).replace("''", "'")
        if first == "[":
            return self.flow(text)
        if first in _PLAIN_START or text == "-" or text.startswith("- "):
            raise _Unsure
        comment = text.find(" #")
        if comment >= 0:
            text = text[:comment].rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise _Unsure
        return self.plain[text]

    def flow(self, text: str) -> list[Any]:
        match = _FLOW.match(text)
        if match is None:
            raise _Unsure
        inside = match.group(1)
        if not inside.strip(" "):
            return []
        items: list[Any] = []
        at = 0
        while at < len(inside):
            item = _FLOW_ITEM.match(inside, at)
            if item is None or item.end() == at:
                raise _Unsure
            double, single, plain = item.group(1, 2, 3)
            if double is not None:
                items.append(double)
            elif single is not None:
                items.append(single.replace("''", "'"))
            else:
                items.append(self.plain[plain.rstrip(" ")])
            at = item.end()
            if inside[at - 1] == "," and not inside[at:].strip(" "):
                raise _Unsure  # a trailing comma
        return items
