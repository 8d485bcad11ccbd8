"""Chinese word segmentation for the search index: jieba plus the archive's own words.

Built once per site build. The user dictionary is derived from the data (names, units,
honours and their short names, columns, pioneer types, tags, place names and the
editors' ``search_words``), so that jieba keeps 黄小清 and 全国五一劳动奖章 whole.

A word also yields its sub-words, so that part of a word finds it: every piece that is
itself a word of jieba's dictionary or of the user dictionary, of any length (劳动模范 →
劳动, 模范; 全国五一劳动奖章 → 全国, 五一, 劳动, 奖章, 五一劳动奖章; 国网沙县供电公司 → 沙县 …),
like jieba's search mode but not only two- and three-character pieces. A person's given
name (黄小清 → 小清) comes from :func:`name_terms`. Indexing every two-character piece
as well (``pieces="all"``, or ``"user"`` for the user dictionary's words only) was measured
and not kept: it adds junk terms (电公, 网三 in 国网三明供电公司) that every story carries,
without finding more (``benchmarks/search_relevance.py --pieces …``).

The segmenter is jieba's algorithm and dictionary as compiled code: rjieba, the Python
binding of jieba-rs. On the benchmark's 1,000 stories (21,555 fields, 2.2 million
characters, with the archive's user dictionary) it cuts every field exactly as jieba 0.42
does, 24 times faster (0.6 s instead of 14.4 s), and loads its dictionary in 0.15 s
instead of jieba's 1.8 s, writing nothing to the temp folder. It differs from Python jieba
in a few places, none of them in the words this index keeps: runs of CJK Extension A
characters are cut like other Han text, and a Latin token may keep ``-``, ``_`` or ``.``
inside it (``wi-fi``) — which :meth:`Segmenter.words` splits the way the search box splits
a query (``wi``, ``fi``).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.metadata import version
from typing import TYPE_CHECKING

from pypinyin import Style, pinyin

from ..core.schema import MASK, Kind, Story, Vocabulary
from ..core.slugs import pinyin_full, pinyin_initials, pinyin_syllables
from ..core.text import clean

if TYPE_CHECKING:
    from rjieba import Jieba

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_WORD = re.compile(f"^[{HAN}]{{2,}}$")
_SEP = "\x00"
_INDEXABLE = re.compile(f"[{HAN}]{{2,}}|[a-z0-9]{{2,}}|[0-9]")
"""What is indexed of the tokens, joined by ``_SEP``: each run of two or more Han characters,
and each run of Latin letters and digits (two or more, or a single digit). A token of the
user dictionary may mix them (``qc小组``): it gives ``qc`` and ``小组``, as the search box
splits the query ``QC小组``."""
_NAME_PART = re.compile(r"\w+")

PIECE_FACTOR = 0.5
"""Weight of a two-character piece that is not a word (动模 in 劳动模范), with ``pieces="all"``."""

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 轩辕 长孙 宇文 司徒 端木 独孤 南宫 西门 百里 呼延 "
    "澹台 公冶 宗政 濮阳 太叔 申屠 钟离 闻人 赫连 万俟".split()
)

MEMO_CHARS = 30_000_000
"""How much segmented text a :class:`WordMemo` remembers between builds (``mkdocs serve``
rebuilds after every save): a rebuild then segments only what changed, as long as the user
dictionary is the same."""


class WordMemo:
    """Segmented text and the last user dictionary's tokenizer (loading it takes about 0.15 s),
    kept between the builds of one session by its owner (the plugin's
    :class:`~generator.outputs.memo.BuildMemo`) and passed to each :class:`Segmenter`."""

    def __init__(self) -> None:
        self.words: dict[str, str] = {}
        """Folded text → its words joined by spaces, for the dictionary :attr:`key` names."""
        self.key: str | None = None
        self.chars = 0
        self.tokenizers: dict[str, Jieba] = {}
        self.lock = threading.Lock()

    def use(self, key: str) -> None:
        """Another dictionary cuts differently: forget the words of the last one."""
        if self.key != key:
            self.words.clear()
            self.key, self.chars = key, 0

    def remember(self, text: str, words: list[str]) -> None:
        if self.chars > MEMO_CHARS:
            self.words.clear()
            self.chars = 0
        self.words[text] = " ".join(words)
        self.chars += len(text)


def fold(text: str) -> str:
    """What a term is compared as: NFKC (full-width → half-width) and lower case."""
    return unicodedata.normalize("NFKC", clean(text)).lower()


def is_han(text: str) -> bool:
    return bool(text) and all(_is_han_char(c) for c in text)


def _is_han_char(char: str) -> bool:
    o = ord(char)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF


def split_name(name: str) -> tuple[str, str]:
    """黄小清 → ('黄', '小清'); 欧阳明 → ('欧阳', '明'). Names that are not Han pass whole."""
    if not is_han(name) or len(name) < 2:
        return name, ""
    cut = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:cut], name[cut:]


def name_terms(name: str, kind: Kind) -> list[str]:
    """What finds an exemplar by name: the name, the given name, pinyin and initials.

    黄小清 → 黄小清, 小清, huangxiaoqing, hxq, huang, xiaoqing. A masked name yields nothing.
    """
    name = "".join(_NAME_PART.findall(fold(name)))  # “爱心妈妈” → 爱心妈妈
    if not name or MASK in fold(name):
        return []
    terms = [name]
    if is_han(name):
        terms += [pinyin_full(name), pinyin_initials(name)]
        if kind is Kind.PERSON:
            surname, given = split_name(name)
            if given:
                terms.append(given)
                # A surname may be read otherwise than as a word (曾: zeng, not ceng): every reading.
                for reading in surname_readings(surname):
                    full, initials = "".join(reading), "".join(r[0] for r in reading)
                    terms += [full + pinyin_full(given), initials + pinyin_initials(given), full]
                terms.append(pinyin_full(given))
    return [t for t in dict.fromkeys(terms) if t]


def surname_readings(surname: str) -> list[tuple[str, ...]]:
    """曾 → [('ceng',), ('zeng',)]: the word reading first, then the other readings of its characters."""
    first = tuple(s.lower() for s in pinyin_syllables(surname))
    others = list(itertools.product(*(_readings(c) for c in surname)))
    return list(dict.fromkeys([first, *others[:4]]))


def _readings(char: str) -> list[str]:
    found = pinyin(char, style=Style.NORMAL, heteronym=True)
    return [r.lower() for r in (found[0] if found else []) if r.isascii() and r.isalpha()] or [pinyin_full(char)]


def user_words(stories: Iterable[Story], vocab: Vocabulary) -> tuple[str, ...]:
    """The archive's own words for jieba's user dictionary, derived from the data."""
    words: list[str] = []
    for story in stories:
        if story.name != MASK:
            words.append(story.name)
        words += [h.name for h in story.honours]
        words += [h.awarded_by for h in story.honours]
        words += list(story.tags)
    words += [u.name for u in vocab.units]
    for honour in vocab.honours:
        words += [honour.name, *honour.aliases]
    words += [c.title for c in vocab.columns]
    words += [p.title for p in vocab.pioneers]
    words += [h.awarded_by for h in vocab.honours]
    words += [p.name for p in vocab.platforms]
    words += list(vocab.search_words)
    words += [s.name for s in stories if s.kind is Kind.PLACE and s.name != MASK]
    kept = (fold(w) for w in words)
    return tuple(sorted({w for w in kept if len(w) >= 2 and any(_is_han_char(c) for c in w)}))


@lru_cache(maxsize=1)
def segmenter_version() -> str:
    """The segmenter's version, part of every cache key of segmented text."""
    return f"rjieba {version('rjieba')}"


class Segmenter:
    """jieba with one build's user dictionary; never changes jieba's shared default.

    ``pieces``: which sub-words a word yields — ``"words"`` (dictionary words, the default),
    ``"user"`` (also every two-character piece of user-dictionary words), ``"all"`` (every
    two-character piece of every word) or ``"none"``.
    """

    def __init__(self, words: Iterable[str] = (), pieces: str = "words", memo: WordMemo | None = None) -> None:
        self.user = frozenset(words)
        self.memo = memo if memo is not None else WordMemo()
        self.piece_policy = pieces
        self._tokenizer_: Jieba | None = None
        self._pieces: dict[str, tuple[tuple[str, float], ...]] = {}
        key = hashlib.sha256("\n".join(sorted(self.user)).encode("utf-8")).hexdigest()
        self.memo.use(key)

    def fingerprint(self) -> str:
        """What decides this segmenter's output: its version, the user dictionary, the piece policy."""
        words = "\n".join(sorted(self.user))
        return hashlib.sha256(f"{segmenter_version()}\0{self.piece_policy}\0{words}".encode()).hexdigest()

    @property
    def _tokenizer(self) -> Jieba:
        """jieba's dictionary with the user dictionary added, made on first use (a build whose
        terms all come from the cache never loads it) and kept for the next build with the
        same words (the preview's next rebuild)."""
        if self._tokenizer_ is None:
            key = self.fingerprint()
            with self.memo.lock:
                known = self.memo.tokenizers.get(key)
                if known is None:
                    from rjieba import (
                        Jieba,  # about 0.2 s: only builds that segment pay for it
                    )

                    known = Jieba()
                    for word in sorted(self.user):
                        known.add_word(word, None, None)  # jieba's suggested frequency, as jieba.add_word
                    self.memo.tokenizers.clear()
                    self.memo.tokenizers[key] = known
            self._tokenizer_ = known
        return self._tokenizer_

    def is_word(self, text: str) -> bool:
        return text in self.user or self._tokenizer.has_word(text)

    def words(self, text: str) -> list[str]:
        """The indexable words of ``text`` in order (:data:`_INDEXABLE`): Han words of two or
        more characters, Latin letter and digit runs (``wi-fi`` → ``wi``, ``fi``; single letters
        are dropped, single digits kept), as the search box splits a query."""
        text = fold(text)
        known = self.memo.words.get(text)
        if known is not None:
            return known.split(" ") if known else []
        joined = _SEP.join(self._tokenizer.cut(text, True))  # one regex pass over every token
        words: list[str] = _INDEXABLE.findall(joined)
        self.memo.remember(text, words)
        return words

    def terms(self, text: str) -> Iterator[tuple[str, float]]:
        """Each word with weight 1, then its sub-words (see the module docstring)."""
        for word in self.words(text):
            yield word, 1.0
            yield from self.pieces(word)

    def add_terms(self, text: str, into: dict[str, float]) -> None:
        """Add the frequencies of :meth:`terms` of ``text`` to ``into`` (the same sums, counted
        per distinct word: a body repeats its words many times)."""
        for word, count in Counter(self.words(text)).items():
            into[word] = into.get(word, 0.0) + count
            for piece, weight in self.pieces(word):
                into[piece] = into.get(piece, 0.0) + weight * count

    def pieces(self, word: str) -> tuple[tuple[str, float], ...]:
        known = self._pieces.get(word)
        if known is None:
            known = self._pieces[word] = tuple(self._find_pieces(word))
        return known

    def _find_pieces(self, word: str) -> Iterator[tuple[str, float]]:
        if len(word) < 3 or not _HAN_WORD.match(word) or self.piece_policy == "none":
            return
        bigrams = self.piece_policy == "all" or (self.piece_policy == "user" and word in self.user)
        seen: set[str] = set()
        for size in range(len(word) - 1, 1, -1):
            for start in range(len(word) - size + 1):
                piece = word[start : start + size]
                if piece in seen:
                    continue
                if self.is_word(piece):
                    seen.add(piece)
                    yield piece, 1.0
                elif size == 2 and bigrams:
                    seen.add(piece)
                    yield piece, PIECE_FACTOR


def syllables_of(texts: Iterable[str]) -> set[str]:
    """The pinyin syllables of the Han characters in ``texts`` (for the homophone table)."""
    out: set[str] = set()
    for text in texts:
        if is_han(text):  # read as a whole, so that a surname gets its surname reading
            out.update(s.lower() for s in pinyin_syllables(text) if s.isascii() and s.isalpha())
    return out
