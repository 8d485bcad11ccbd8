"""Traditional characters → simplified, for the search box: a table shipped with the index.

The archive is written in simplified characters; a reader may type traditional ones (an
input method set so, a name copied from an old certificate or a relative's message). The
search box converts the query with a small table before looking it up, so 黃小清 finds
黄小清 and 國網工匠 finds 国网工匠.

The table comes from OpenCC (its ``t2s``, ``tw2s`` and ``hk2s`` dictionaries) at build time
and holds only what this index needs:

- characters: each traditional character whose simplified form occurs in the index and
  which does not itself occur there (乾 stays 乾 where the archive writes 乾坤);
- phrases: each index word whose traditional spellings the character table alone would not
  bring back (乾淨 → 干净, where 乾 alone is kept), longest first in the browser.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
TO_SIMPLIFIED = ("t2s", "tw2s", "hk2s")
TO_TRADITIONAL = ("s2t", "s2tw", "s2hk")


@lru_cache(maxsize=None)
def _converter(config: str) -> Any:
    import opencc  # about 0.1 s per dictionary: only builds that write an index pay for it

    return opencc.OpenCC(f"{config}.json")


@lru_cache(maxsize=1)
def _all_pairs() -> Mapping[str, str]:
    """Every Han character that some OpenCC dictionary writes otherwise in simplified script."""
    chars = [chr(c) for low, high in HAN_RANGES for c in range(low, high + 1)]
    pairs: dict[str, str] = {}
    for config in TO_SIMPLIFIED:  # t2s first: the regional tables only add what it leaves alone
        converted = _converter(config).convert("\n".join(chars)).split("\n")
        for char, simple in zip(chars, converted, strict=True):
            if simple != char and len(simple) == 1 and char not in pairs:
                pairs[char] = simple
    return pairs


def convert(text: str, chars: Mapping[str, str], phrases: Mapping[str, str]) -> str:
    """What the search box does to a query (the same steps as search.js): phrases, longest first,
    then characters one by one."""
    longest = max(map(len, phrases), default=0)
    out: list[str] = []
    i = 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 1, -1):
            found = phrases.get(text[i : i + size])
            if found is not None:
                out.append(found)
                i += size
                break
        else:
            out.append(chars.get(text[i], text[i]))
            i += 1
    return "".join(out)


def simplified_table(used: Iterable[str], words: Iterable[str]) -> tuple[str, dict[str, str]]:
    """The table for an index: ``(pairs, phrases)``.

    ``used``: every character the index holds (its terms and the texts results show);
    ``words``: its Han terms. ``pairs`` is a string of (traditional, simplified) character
    pairs, sorted; ``phrases`` maps a traditional spelling to the index word.
    """
    present = set("".join(used))
    chars = {t: s for t, s in _all_pairs().items() if s in present and t not in present}
    words = sorted(set(words))
    phrases: dict[str, str] = {}
    if words:
        joined = "\n".join(words)
        for config in TO_TRADITIONAL:
            spelled = _converter(config).convert(joined).split("\n")
            for word, traditional in zip(words, spelled, strict=True):
                if traditional != word and len(traditional) == len(word) and convert(traditional, chars, {}) != word:
                    phrases.setdefault(traditional, word)
    return "".join(t + s for t, s in sorted(chars.items())), dict(sorted(phrases.items()))
