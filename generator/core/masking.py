"""A masked name in every spelling an editor might type it, so that none of them is published.

``mask_name: true`` shows the name as ``*``; but the name also hides in what editors write
around it: the title (黄小清：二十年守着敬老院), the summary, the body, an image caption, a film's
title, a file name (media/huang-xiaoqing.jpg) and a slug, in pinyin, reversed (xiaoqing-huang),
with a compound surname (欧阳 → ouyang), or in another reading of the surname (单 → shan, dan).

:func:`name_forms` lists those spellings; :func:`slug_reveals` and :func:`mentions` find them;
:func:`scrub` replaces the name (in Chinese characters or pinyin) by ``*`` in a text. Pure: no I/O.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .schema import MASK

COMPOUND_SURNAMES = frozenset(
    "欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫 宗政 濮阳 公冶 "
    "太叔 申屠 公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官 司寇 巫马 公西 颛孙 壤驷 公良 "
    "漆雕 乐正 宰父 谷梁 拓跋 夹谷 轩辕 令狐 段干 百里 呼延 东郭 南门 羊舌 微生 梁丘 左丘 西门 第五 "
    "东里 南荣 即墨 达奚 褚师".split()
)
"""Two-character surnames (复姓): the given name starts after them."""

_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]+$")
MAX_READINGS = 32
"""Spellings kept per name part: a few heteronyms multiply quickly."""
_SEP = r"[\s\-_'’.·]*"


@dataclass(frozen=True, slots=True)
class NameForms:
    """The spellings of one masked name."""

    name: str
    surname: str
    given: str
    full: tuple[str, ...]
    """Pinyin of the whole name, each reading, in both orders (huangxiaoqing, xiaoqinghuang)."""
    given_pinyin: tuple[str, ...]
    initials: tuple[str, ...]
    syllables: tuple[tuple[str, ...], ...]
    """Each reading of the whole name as syllables, surname first (for text that spaces them)."""


def split_name(name: str) -> tuple[str, str]:
    """(surname, given name): 黄小清 → (黄, 小清); 欧阳小明 → (欧阳, 小明); other text → (text, "")."""
    name = name.strip()
    if not _HAN.match(name) or len(name) < 2:
        return name, ""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _readings(text: str) -> list[tuple[str, ...]]:
    """Every pinyin reading of ``text`` as syllables (heteronyms combined, ü as v and u), a bounded number."""
    if not text:
        return []
    from pypinyin import Style, pinyin

    per_char = [[s.lower() for s in options] for options in pinyin(text, style=Style.NORMAL, heteronym=True,
                                                                     errors="ignore", v_to_u=False)]
    per_char = [sorted({v for s in options for v in (s, s.replace("v", "u"))}) for options in per_char if options]
    return list(itertools.islice(itertools.product(*per_char), MAX_READINGS))


def name_forms(name: str) -> NameForms:
    surname, given = split_name(name)
    if not given:
        return NameForms(name, surname, "", (), (), (), ())
    sur, giv = _readings(surname), _readings(given)
    syllables = tuple(s + g for s, g in itertools.product(sur, giv))
    full = {"".join(s) + "".join(g) for s, g in itertools.product(sur, giv)}
    full |= {"".join(g) + "".join(s) for s, g in itertools.product(sur, giv)}
    initials = {"".join(x[0] for x in s) for s in syllables}
    return NameForms(name, surname, given, tuple(sorted(full)), tuple(sorted({"".join(g) for g in giv})),
                     tuple(sorted(initials)), syllables)


def slug_reveals(slug: str, forms: NameForms) -> str | None:
    """The spelling of the name a slug (or file name) carries, or None.

    The whole name in pinyin in either order, the given name when it is long enough not to
    be a common word (4+ letters), or the initials as a word of their own (3+ letters: hxq).
    """
    words = [w for w in re.split(r"[^a-z0-9]+", slug.lower()) if w]
    joined = "".join(words)
    for spelling in forms.full:
        if spelling and spelling in joined:
            return spelling
    for spelling in forms.given_pinyin:
        if len(spelling) >= 4 and spelling in joined:
            return spelling
    for spelling in forms.initials:
        if len(spelling) >= 3 and spelling in words:
            return spelling
    return None


def _pinyin_pattern(forms: NameForms) -> re.Pattern[str] | None:
    """The whole name in pinyin, syllables joined or apart, either order, as a word of its own."""
    options: set[str] = set()
    surname_len = len(_readings(forms.surname)[0]) if forms.surname else 1
    for reading in forms.syllables:
        sur, giv = reading[:surname_len], reading[surname_len:]
        options.add(_SEP.join(map(re.escape, (*sur, *giv))))
        options.add(_SEP.join(map(re.escape, (*giv, *sur))))
    if not options:
        return None
    return re.compile(r"(?<![a-z])(?:" + "|".join(sorted(options, key=len, reverse=True)) + r")(?![a-z])", re.I)


def mentions(text: str, forms: NameForms, *, given: bool = True) -> list[tuple[int, str]]:
    """Where ``text`` names the person: (offset, what was found), in order.

    The whole name in characters, the given name alone (two characters or more) when ``given``,
    and the whole name in pinyin.
    """
    if not text or not forms.given:
        return []
    found: dict[int, str] = {}
    for word in (forms.name, forms.given if given and len(forms.given) >= 2 else ""):
        if not word:
            continue
        start = text.find(word)
        while start >= 0:
            found.setdefault(start, word)
            start = text.find(word, start + len(word))
    pattern = _pinyin_pattern(forms) if text.isascii() or any(c.isascii() and c.isalpha() for c in text) else None
    if pattern is not None:
        for match in pattern.finditer(text):
            found.setdefault(match.start(), match.group(0))
    out: list[tuple[int, str]] = []
    end = -1
    for start, word in sorted(found.items()):
        if start >= end:  # 小清 inside 黄小清 is the same mention
            out.append((start, word))
            end = start + len(word)
    return out


def scrub(text: str, forms: NameForms, *, pinyin: bool = True) -> str:
    """``text`` with the whole name (characters, and pinyin when ``pinyin``) replaced by ``*``."""
    if not text or not forms.given:
        return text
    if forms.name in text:
        text = text.replace(forms.name, MASK)
    if pinyin and any(c.isascii() and c.isalpha() for c in text):
        pattern = _pinyin_pattern(forms)
        if pattern is not None:
            text = pattern.sub(MASK, text)
    return text
