"""ASCII pinyin slugs for file names and URLs, and the pinyin sort key for names.

Titles stay Chinese; file names and URLs are ASCII so that they survive every zip
tool, web server and USB stick. Lists of names are ordered by pinyin, not code point.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(value: str) -> bool:
    return bool(SLUG_RE.match(value))


RESERVED_RE = re.compile(r"^(?:index|page-\d+)$")
"""Names the site's own pages use in every folder: an index page, and the pages after a list's first."""


def is_reserved(value: str) -> bool:
    """``index`` or ``page-2``: an id or slug with such a name would overwrite a page of the site."""
    return bool(RESERVED_RE.match(value))


@lru_cache(maxsize=65536)
def pinyin_syllables(text: str) -> tuple[str, ...]:
    """黄小清 → ('huang', 'xiao', 'qing'); other characters pass through as they are."""
    # Imported here: pypinyin's phrase tables take seconds to load, and `exemplar check`
    # of a clean archive never needs them.
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(text, style=Style.NORMAL, errors="default", v_to_u=False))


_HAN_RUN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")


def slugify(text: str) -> str:
    """Any text → a lowercase ASCII slug: 黄小清 → huang-xiaoqing; 爱心妈妈 → ai-xin-ma-ma."""
    words: list[str] = []
    for i, part in enumerate(_HAN_RUN.split(text)):
        if i % 2:  # a run of Han characters
            words.append(_join_han([s.lower() for s in pinyin_syllables(part)]))
        else:
            folded = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode().lower()
            words.extend(re.findall(r"[a-z0-9]+", folded))
    return "-".join(w for w in words if w)


def short_slug(text: str, words: int = 4) -> str:
    """A readable slug of at most ``words`` words, cut at word boundaries (jieba's):
    城南供电所党员服务队 → chengnan-gongdiansuo-dangyuan-fuwudui, not ten single syllables."""
    from rjieba import cut  # loaded only by `exemplar new` for collectives, brands and places

    kept: list[str] = []
    for word in cut(text):
        if _HAN_RUN.fullmatch(word):
            kept.append("".join(s.lower() for s in pinyin_syllables(word)))
        else:
            folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
            kept.extend(re.findall(r"[a-z0-9]+", folded))
        if len(kept) >= words:
            break
    return "-".join(kept[:words])


def _join_han(run: list[str]) -> str:
    # A person's name reads best as surname + given name (huang-xiaoqing); longer runs
    # are kept per syllable group of two to stay readable.
    if 2 <= len(run) <= 3:
        return run[0] + ("-" + "".join(run[1:]) if len(run) > 1 else "")
    return "-".join(run)


def pinyin_key(text: str) -> tuple[str, str]:
    """Sort key: pinyin first, then the text itself so that ties are stable."""
    return (" ".join(pinyin_syllables(text)).lower(), text)


def pinyin_full(text: str) -> str:
    """黄小清 → huangxiaoqing (for search)."""
    return "".join(pinyin_syllables(text)).lower()


def pinyin_initials(text: str) -> str:
    """黄小清 → hxq (for search)."""
    return "".join(s[0] for s in pinyin_syllables(text) if s and s[0].isalpha()).lower()
