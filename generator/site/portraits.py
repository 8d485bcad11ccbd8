"""What stands in for a missing photo: a short mark in a circle, coloured by kind (in CSS).

A person gets the surname (two characters for the common compound surnames); a
collective, brand or place gets the first two characters of its quoted short name
(“爱心妈妈” → 爱心) or of its name; a masked name gets a neutral mark.
"""

from __future__ import annotations

import re

from ..core.schema import Kind

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 端木 独孤 南宫 西门 百里 呼延 轩辕 "
    "闻人 万俟 澹台 公冶 太史 申屠 钟离 赫连 濮阳 单于 淳于 仲孙 东郭 司空 左丘".split()
)
MASKED_MARK = "榜样"
"""Shown for a masked name: the archive's own word, never a guess at the person."""
MASKED_NAME = "姓名隐去"
"""Written where a masked person's name would be (cards, lists, the story page, posters, search):
a neutral label, never a bare ``*`` that reads like a footnote."""

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_QUOTED = re.compile(r"[“「『\"](.+?)[”」』\"]")


def placeholder_mark(name: str, kind: Kind, masked: bool) -> str:
    """One or two characters to show in the circle (never punctuation)."""
    if masked:
        return MASKED_MARK
    text = name.strip()
    if kind is Kind.PERSON:
        if text[:2] in COMPOUND_SURNAMES and len(text) > 2:
            return text[:2]
        return text[:1].upper() or MASKED_MARK
    quoted = _QUOTED.search(text)
    han = _HAN.findall(quoted.group(1) if quoted else text) or _HAN.findall(text)
    if han:
        return "".join(han[:2])
    letters = re.findall(r"[A-Za-z0-9]", text)
    return "".join(letters[:2]).upper() or MASKED_MARK
