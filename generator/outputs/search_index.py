"""The search index: segmented at build time, weighted by field, compact, readable from disk.

The browser's search client (``theme_overrides/assets/exemplar/search.js``) loads these
files with ``<script>`` tags, which work over http and from file:// alike (fetch and
Web Workers do not start from file:// in Chromium):

``search/index.js``
    ``exemplarSearch.load({...})`` with

    - ``v`` format version, ``lang`` ``"zh"``, ``b`` a short hash of the index (cache key);
    - ``d`` the documents, ``[url, title, name, meta, kind]`` each; stories first (newest
      first), then index pages (``kind`` is their label, ``""`` for a story);
    - ``t`` every term, sorted by UTF-16 code units (JavaScript's order), joined by spaces;
    - ``p`` each term's postings, joined by spaces in the same order: per document the gap
      since the previous document as a base-32 varint, then one score character. Both use
      :data:`ALPHABET`; a score code ``c`` stands for ``SCORE_BASE * SCORE_RATIO ** c``;
    - ``py`` homophones of the syllables in exemplars' names, ``{"qing": "清青轻…"}``, so that
      a name typed with a wrong character of the same sound (黄小青) still finds it;
    - ``pf`` the lowest score code of a match in a story's profile (:data:`PROFILE_CODE`);
    - ``ts`` traditional → simplified character pairs and ``tp`` phrases, ``{"乾淨": "干净"}``:
      the query is converted with them first (see :mod:`generator.outputs.scripts`).

``search/text/<n>.js``
    ``exemplarSearch.text(n, "…", [[label, text], …])``: the summary and body of story ``n`` as
    plain text (a paragraph or heading a line), and its profile (荣誉, 单位, 职务, 影像 …), for
    result snippets: a match outside the text is shown in the field it is in. Only the stories on screen are loaded, so what a search loads grows
    with the postings, not with the text of the whole archive.

A term's score in a document adds up its fields: each field's weight (:data:`WEIGHTS`,
the profile above the body) times a BM25 saturation of the term's frequency there. A match
in the profile (any field but the body and its headings) is raised above every match in the
text alone (:data:`PROFILE_CODE`). The client multiplies it by the term's idf and ranks
documents that match every query word first, stories before index pages that match as many
words, and then stories about the words before stories that mention them. Everything is UTF-8, written as it is (no ``\\uXXXX``) and without zero-width
characters; the output is byte-identical for the same stories.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from pypinyin import Style, pinyin

from ..core.pool import can_fork, map_chunks
from ..core.schema import MASK, Kind, Pioneer, Story, Unit, Vocabulary
from ..core.slugs import pinyin_syllables
from ..core.text import clean, plain_text
from ..core.validate import KIND_LABELS
from ..site.memo import KeptPerStory
from ..site.model import SiteModel
from ..site.urls import story_uri, url_of
from ..site.views import UnitView
from .atomic import write_atomic
from .cache import ContentCache, MemoryLayer, fingerprint
from .scripts import simplified_table
from .segment import Segmenter, WordMemo, fold, is_han, name_terms, syllables_of, user_words

FORMAT = 1
TERMS_VERSION = 3
"""Part of the cache key of a document's segmented terms: bump it when :func:`_field_terms` changes."""
INDEX_FILE = "search/index.js"
TEXT_DIR = "search/text"

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
SCORE_BASE = 0.1
SCORE_RATIO = 1.12

WEIGHTS: Mapping[str, float] = {
    "name": 10.0,  # the exemplar's name, given name, pinyin, initials
    "honour": 7.0,  # honour names and their short names
    "title": 5.0,
    "unit": 4.0,  # the exemplar's own unit
    "pioneer": 4.0,
    "tag": 3.0,
    "position": 3.0,
    "heading": 2.0,
    "column": 2.0,
    "summary": 2.0,
    "film": 2.0,  # film titles
    "platform": 2.0,  # where the films are shown: 新华社, 学习强国 …
    "awarder": 1.5,  # who awarded the honours: 中华全国总工会 …
    "level": 1.5,  # 国家级 …
    "upunit": 1.5,  # the units above it
    "kind": 1.0,
    "party": 1.0,
    "body": 1.0,
}
"""Field weights. The name and honours weigh most, then the rest of the profile, then the body."""

K1 = 1.2
TEXT_FIELDS = frozenset({"body", "heading"})
"""Where a story mentions things in passing; every other field says who or what the story is about."""
PROFILE_CODE = 39
"""Scores from this code up (:func:`score_code`) are matches in a story's profile (its name, title,
summary, honours, unit …), below it matches in its text only: the search box ranks a story that is
about the words above one that mentions them (the subject first), whatever the counts."""
LENGTH_FIELDS = {"body": 0.75, "summary": 0.75}
"""BM25's ``b`` per field: long texts count a repeated word for less; short fields not at all."""

PAGE_LABELS: Mapping[str, str] = {
    "column": "栏目", "honour": "荣誉", "honours": "索引", "unit": "单位", "units": "索引",
    "pioneer": "先锋类型", "pioneers": "索引", "tag": "标签", "tags": "索引", "year": "年份", "years": "索引",
    "stats": "索引", "films": "索引", "films-platform": "影像", "activities": "索引", "coverage": "索引",
}
ENTRY_LABELS: Mapping[str, str] = {"activities": "活动", "coverage": "报道"}
"""Pages whose entries are found one by one (each activity, each report), and the label of an entry."""


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One searchable page: what a result shows, and its text by field."""

    url: str
    title: str
    name: str
    meta: str
    kind: str  # "" for a story, else the page's label
    fields: tuple[tuple[str, str], ...]
    names: tuple[str, ...] = ()  # terms of the name field, already derived
    text: str = ""  # summary and body as plain text (stories only)
    shown: tuple[tuple[str, str], ...] = ()  # (label, text) of the profile, to show a match outside the body


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """The files of the index (site-relative path → UTF-8 text) and a few figures."""

    files: Mapping[str, str]
    documents: int
    terms: int
    postings: int

    @property
    def index_bytes(self) -> int:
        return len(self.files[INDEX_FILE].encode("utf-8"))


# --- documents --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VocabLookup:
    """The vocabulary by id, made once per index rather than once per story."""

    units: Mapping[str, Unit]
    levels: Mapping[str, str]
    ranks: Mapping[str, int]
    pioneers: Mapping[str, Pioneer]
    aliases: Mapping[str, tuple[str, ...]]
    columns: tuple[tuple[str, str], ...]
    platforms: Mapping[str, str] = field(default_factory=dict)  # id → name

    @classmethod
    def of(cls, vocab: Vocabulary) -> VocabLookup:
        return cls({u.key: u for u in vocab.units}, {lv.id: lv.title for lv in vocab.levels},
                   {lv.id: lv.rank for lv in vocab.levels}, {p.id: p for p in vocab.pioneers},
                   {h.id: h.aliases for h in vocab.honours}, tuple((c.id, c.title) for c in vocab.columns),
                   {p.id: p.name for p in vocab.platforms})


def _platform_names(story: Story, lookup: VocabLookup) -> Iterator[str]:
    for film in story.films:
        if film.platform and film.platform in lookup.platforms:
            yield lookup.platforms[film.platform]


def story_doc(story: Story, vocab: Vocabulary, url: str, lookup: VocabLookup | None = None) -> SearchDoc:
    """A story's searchable fields, from the (already redacted) front matter and body."""
    lookup = lookup or VocabLookup.of(vocab)
    unit = lookup.units.get(story.unit)
    pioneer = lookup.pioneers.get(story.pioneer) if story.pioneer else None
    body, headings = plain_text(story.body)
    fields: list[tuple[str, str]] = [("title", story.title)]
    fields += [("honour", n) for h in story.honours for n in (h.name, *lookup.aliases.get(h.honour_id, ()))]
    fields += [("level", lookup.levels.get(h.level, "")) for h in story.honours]
    if unit:
        fields.append(("unit", unit.name))
        fields += [("upunit", n) for n in unit.names[:-1]]
    if pioneer:
        fields += [("pioneer", pioneer.title), ("pioneer", pioneer.short)]
    fields.append(("kind", KIND_LABELS[story.kind]))
    fields += [("column", title) for column_id, title in lookup.columns if column_id in story.columns]
    fields += [("tag", t) for t in story.tags]
    fields += [("position", story.position), ("party", story.party), ("summary", story.summary)]
    fields += [("film", f.title) for f in story.films]
    fields += [("platform", n) for n in dict.fromkeys(_platform_names(story, lookup))]
    fields += [("awarder", a) for a in dict.fromkeys(h.awarded_by for h in story.honours)]
    fields += [("heading", h) for h in headings]
    fields.append(("body", body))
    honours = sorted(story.honours, key=lambda h: (lookup.ranks.get(h.level, 99), -h.year))
    meta = " · ".join(x for x in (unit.name if unit else "", "、".join(h.name for h in honours[:2])) if x)
    name = story.name if story.name != MASK else MASK
    text = "\n".join(x for x in (story.summary, body) if x)
    films = (f.title + (f"（{lookup.platforms[f.platform]}）" if f.platform and f.platform in lookup.platforms else "")
             for f in story.films)
    shown = (
        ("荣誉", "、".join(h.name + "（" + "，".join(x for x in (h.awarded_by, str(h.year)) if x) + "）" for h in honours)),
        ("单位", " / ".join(unit.names) if unit else ""),
        ("职务", story.position),
        ("影像", "、".join(films)),
        ("标签", "、".join(story.tags)),
        ("先锋类型", pioneer.title if pioneer else ""),
        ("栏目", "、".join(title for column_id, title in lookup.columns if column_id in story.columns)),
        ("政治面貌", story.party),
    )
    return SearchDoc(url, story.title, name, meta, "", tuple((f, v) for f, v in fields if v),
                     tuple(name_terms(story.name, story.kind)), text, tuple((k, v) for k, v in shown if v))


def page_docs(model: SiteModel) -> list[SearchDoc]:
    """The index pages worth finding by title: columns, honours, units, pioneer types, tags,
    years and films (all, and each platform's)."""
    aliases = {h.name: h.aliases for h in model.vocab.honours}
    docs = []
    for spec in model.pages:
        label = PAGE_LABELS.get(spec.kind)
        if label is None or re.search(r"/page-\d+\.md$", spec.src_uri):
            continue
        title = spec.title
        fields = [("title", title), *(("title", a) for a in aliases.get(title, ()))]
        unit = spec.context.unit if isinstance(spec.context, UnitView) else None
        meta = " / ".join(unit.names) if unit is not None else ""
        docs.append(SearchDoc(spec.url, title, "", meta, label, tuple(fields)))
        if spec.kind in ENTRY_LABELS:
            docs += _entry_docs(spec.kind, spec.context)
    return docs


def _entry_docs(kind: str, context: Any) -> list[SearchDoc]:
    """Each activity (by year and kind) or report (by channel) as a result of its own."""
    label = ENTRY_LABELS[kind]
    if kind == "activities":
        entries = [a for year in context.years for group in year.kinds for a in group.activities]
        return [SearchDoc(a.url, a.title, "", " · ".join(x for x in (a.date, a.kind_title, a.place) if x), label,
                          tuple((f, v) for f, v in (("title", a.title), ("tag", a.kind_title), ("unit", a.unit),
                                                    ("summary", " ".join((a.place, a.summary))),
                                                    ("body", "、".join(p.name for p in a.speakers))) if v))
                for a in entries]
    reports = [r for group in context.channels for r in group.reports]
    return [SearchDoc(r.url, r.title, "", " · ".join((r.date, r.outlet, r.channel_title)), label,
                      tuple((f, v) for f, v in (("title", r.title), ("tag", r.outlet), ("kind", r.channel_title),
                                                ("summary", r.summary),
                                                ("body", "、".join(p.name for p in r.stories))) if v))
            for r in reports]


def replaced_by_our_search(path: str) -> bool:
    """mkdocs-material's own search files (its Web Worker and lunr), which the site does not use."""
    return path.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/search."))


def withheld_names(stories: Iterable[Story]) -> frozenset[str]:
    """The real names of masked exemplars, from the unredacted stories: never to be indexed."""
    return frozenset(s.name for s in stories if s.masked)


def write_search_files(index: SearchIndex, site_dir: Path, skip: Mapping[str, str] | None = None,
                       atomic: bool = True) -> None:
    """Write the index's files into the built site (UTF-8, Unix line ends).

    ``skip``: files already written with this text (by the previous rebuild of ``mkdocs serve``).
    ``atomic``: each file appears whole or not at all (the preview's readers); a build that writes
    into a folder nobody reads yet (MkDocs writes its pages so too) does without.
    """
    folders: set[Path] = set()
    for path, text in index.files.items():
        target = site_dir / path
        if skip and skip.get(path) == text and target.is_file():
            continue
        if atomic:
            write_atomic(target, text, make_folders=True)  # a reader (the preview, a server) never sees half a file
        else:
            write_search_file(target, text, folders)


def write_search_file(target: Path, text: str, folders: set[Path]) -> None:
    """One search file, written in place (UTF-8); its folder made unless it is in ``folders`` (then added)."""
    if target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        folders.add(target.parent)
    with open(target, "wb") as out:
        out.write(text.encode("utf-8"))


# --- the index --------------------------------------------------------------------------------


class SearchCancelled(Exception):
    """``build_search_index`` was told to stop (a newer build of the preview supersedes it)."""


class SearchMemo:
    """What one session's search updates keep for the next (``mkdocs serve``): each story's
    document and the digest of what its terms are made from (a document depends on its story,
    the vocabulary and the withheld names), the segmented words and the cached terms."""

    def __init__(self) -> None:
        self.docs: KeptPerStory[tuple[SearchDoc, str]] = KeptPerStory()
        self.lock = threading.Lock()
        """One index at a time uses the documents the last one made."""
        self.words = WordMemo()
        self.terms = MemoryLayer()


def build_search_index(model: SiteModel, withheld: Collection[str] = (), pieces: str = "words",
                       cache_dir: Path | None = None, stop: Callable[[], bool] | None = None,
                       memo: SearchMemo | None = None,
                       early: Callable[[Mapping[str, str]], None] | None = None) -> SearchIndex:
    """The search files for one edition's site model.

    ``withheld`` holds the real names of masked exemplars (from the unredacted archive):
    the model has already replaced them by ``*``; should one still appear in a body or a
    film title, it is replaced here too, so that the index never holds it.
    ``pieces`` chooses the sub-words (see :class:`~generator.outputs.segment.Segmenter`); the
    default is the measured choice; ``benchmarks/search_relevance.py --pieces …`` compares them.

    Segmentation (most of the cost) is looked up per document in a
    :class:`~generator.outputs.cache.ContentCache` — kept in ``cache_dir`` between builds when given,
    in ``memo`` (the session's, ``mkdocs serve``) when given — keyed by the
    document's fields and salted with the segmenter's fingerprint, so only new or edited
    documents are segmented and the files are byte-identical to an uncached build.

    ``stop``, asked between documents: when it answers True, :class:`SearchCancelled` is raised.
    ``memo`` (the preview's) hands out again the documents of unchanged stories and their terms.
    ``early`` is handed the text files as soon as the documents exist, before the slow part (the
    build's search process writes them into the site meanwhile); they are in the result too.
    """
    memo = memo if memo is not None else SearchMemo()
    secrets = sorted({w for w in withheld if len(w) >= 2 and w != MASK}, key=len, reverse=True)

    def scrub(text: str) -> str:
        for secret in secrets:
            text = text.replace(secret, MASK)
        return text

    def check(n: int = 0) -> None:
        if stop is not None and n % 64 == 0 and stop():
            raise SearchCancelled

    stories = model.stories
    lookup = VocabLookup.of(model.vocab)
    with memo.lock:  # one index at a time uses the documents the last one made
        kept = memo.docs.start((model.vocab, tuple(secrets)))
        made: list[tuple[SearchDoc, str]] = []
        for n, story in enumerate(stories):
            check(n)
            made.append(kept.get(story, (), lambda: _doc_and_digest(
                _scrubbed(story_doc(story, model.vocab, url_of(story_uri(story.slug)), lookup), scrub))))
        kept.finish()
    made += [_doc_and_digest(_scrubbed(d, scrub)) for d in page_docs(model)]
    docs = [doc for doc, _ in made]
    texts = _text_files(docs)
    if early is not None:
        early(texts)
    segmenter = Segmenter(user_words(stories, model.vocab), pieces, memo.words)
    cache = ContentCache.open(cache_dir, f"search-terms-{model.edition.value}",
                              salt=fingerprint(TERMS_VERSION, segmenter.fingerprint()), memory=memo.terms)
    try:
        keys = [cache.key(digest) for _, digest in made]
        tf: list[dict[str, dict[str, float]] | None] = [cache.get(k) for k in keys]
        missing = [n for n, known in enumerate(tf) if known is None]
        for n, found in zip(missing, _segment([docs[n] for n in missing], segmenter, stop), strict=True):
            cache.put(keys[n], found)
            tf[n] = cache.get(keys[n])  # JSON's view of it, as a later cached build will read it
        cache.flush(prune=True)  # forget documents no longer in the edition
    finally:
        cache.close()
    postings = _postings([t or {} for t in tf], stop)
    hidden = {fold(w) for secret in secrets for w in name_terms(secret, Kind.PERSON)}
    terms = sorted((t for t in postings if t not in hidden), key=_js_order)
    check()
    encoded = []
    for n, term in enumerate(terms):
        check(n)
        encoded.append(_encode(postings[term]))

    index: dict[str, object] = {
        "v": FORMAT,
        "lang": "zh",
        "b": "",
        "d": [[d.url, d.title, d.name, d.meta, d.kind] for d in docs],
        "t": " ".join(terms),
        "p": " ".join(encoded),
        "py": homophones(n for s in stories if s.kind is Kind.PERSON for n in name_terms(s.name, s.kind)[:1]),
        "pf": PROFILE_CODE,
    }
    pairs, phrases = simplified_table([*terms, *(x for d in docs for x in (d.title, d.name, d.meta))],
                                      (t for t in terms if is_han(t)))
    index["ts"], index["tp"] = pairs, phrases
    body = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    build_id = hashlib.sha256(body.encode("utf-8")).hexdigest()[:10]
    body = body.replace('"b":""', f'"b":"{build_id}"', 1)
    files = {INDEX_FILE: f"exemplarSearch.load({body});\n", **texts}
    count = sum(len(p) for p in postings.values())
    return SearchIndex(files, len(docs), len(terms), count)


def _text_files(docs: list[SearchDoc]) -> dict[str, str]:
    """``search/text/<n>.js`` of each document with a text or a profile to show."""
    files = {}
    for n, doc in enumerate(docs):
        if doc.text or doc.shown:
            shown = json.dumps([list(x) for x in doc.shown], ensure_ascii=False, separators=(",", ":"))
            files[f"{TEXT_DIR}/{n}.js"] = (f"exemplarSearch.text({n},{json.dumps(doc.text, ensure_ascii=False)},"
                                           f"{shown});\n")
    return files


def _doc_and_digest(doc: SearchDoc) -> tuple[SearchDoc, str]:
    """The document, and the digest of what its terms are made from (part of their cache key)."""
    return doc, fingerprint(doc.names, doc.fields)


def _scrubbed(doc: SearchDoc, scrub: Callable[[str], str]) -> SearchDoc:
    return SearchDoc(scrub(doc.url), scrub(doc.title), scrub(doc.name), scrub(doc.meta), doc.kind,
                     tuple((f, scrub(v)) for f, v in doc.fields), doc.names, scrub(doc.text),
                     tuple((k, scrub(v)) for k, v in doc.shown))


PARALLEL_MIN = 300
"""Documents to segment before a second process pays for itself (a cold build; warm builds
find almost everything in the cache)."""

def _segment(docs: list[SearchDoc], segmenter: Segmenter,
             stop: Callable[[], bool] | None) -> Iterator[dict[str, dict[str, float]]]:
    """Each document's field terms, in order; over every CPU when there are many documents.

    Worker processes are forked from the build with the segmenter already made, so they
    start at once (no import, no dictionary to load): :func:`~generator.core.pool.map_chunks`,
    only where forking is safe.
    """
    workers = min(os.cpu_count() or 1, 4)
    if len(docs) < PARALLEL_MIN or workers < 2 or not can_fork():
        for doc in docs:
            if stop is not None and stop():
                raise SearchCancelled
            yield _field_terms(doc, segmenter)
        return
    segmenter.words("")  # the dictionary loaded once, here, for every worker to inherit
    size = max(16, len(docs) // (workers * 8))
    chunks = [docs[i : i + size] for i in range(0, len(docs), size)]
    for terms in map_chunks(partial(_segment_chunk, segmenter), chunks, workers - 1):
        yield from terms


def _segment_chunk(segmenter: Segmenter, docs: list[SearchDoc]) -> list[dict[str, dict[str, float]]]:
    return [{f: dict(t) for f, t in _field_terms(doc, segmenter).items()} for doc in docs]


def _field_terms(doc: SearchDoc, segmenter: Segmenter) -> dict[str, dict[str, float]]:
    """field → term → frequency (sub-words count for less)."""
    out: dict[str, dict[str, float]] = {}
    if doc.names:
        names = out["name"] = dict.fromkeys(doc.names, 0.0)
        for term in doc.names:
            names[term] += 1.0
        for term, weight in segmenter.terms(doc.names[0]):
            if term not in names:
                names[term] = weight
    for field_name, value in doc.fields:
        bucket = out.get(field_name, {})
        segmenter.add_terms(value, bucket)
        if bucket:  # a field with no terms is not a field of this document (it would count in the average length)
            out[field_name] = bucket
    return out


def _postings(tf: list[dict[str, dict[str, float]]],
              stop: Callable[[], bool] | None = None) -> dict[str, list[tuple[int, int]]]:
    lengths: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for fields in tf:
        for name, terms in fields.items():
            lengths[name] += sum(terms.values())
            counts[name] += 1
    average = {name: lengths[name] / counts[name] for name in lengths}
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    # The hot loop of every index (a million postings at 5,000 stories): names bound locally.
    code_of, bounds, floor, ceiling, k1 = bisect_right, _CODE_BOUNDS, PROFILE_FLOOR, TEXT_CEILING, K1
    for n, fields in enumerate(tf):
        if stop is not None and n % 64 == 0 and stop():
            raise SearchCancelled
        scores: dict[str, float] = {}
        get = scores.get
        profile: set[str] = set()
        for name, terms in fields.items():
            b = LENGTH_FIELDS.get(name, 0.0)
            norm = 1 - b + b * (sum(terms.values()) / average[name] if average[name] else 1)
            weight, saturation = WEIGHTS[name], k1 * norm
            for term, freq in terms.items():
                scores[term] = get(term, 0.0) + weight * freq * (k1 + 1) / (freq + saturation)
            if name not in TEXT_FIELDS:
                profile.update(terms)
        for term, score in scores.items():
            if term in profile:
                score = floor + score
            elif score > ceiling:
                score = ceiling
            postings[term].append((n, code_of(bounds, score)))  # = score_code(score), faster
    return postings


_CODE_BOUNDS = tuple(SCORE_BASE * SCORE_RATIO ** (code + 0.5) for code in range(63))
"""The score at which each code gives way to the next (the midpoints of the log scale)."""
PROFILE_FLOOR = _CODE_BOUNDS[PROFILE_CODE - 1]
TEXT_CEILING = _CODE_BOUNDS[PROFILE_CODE - 2]


def score_code(score: float) -> int:
    """A score as one character's worth (0–63), on a log scale of ratio :data:`SCORE_RATIO`."""
    return bisect_right(_CODE_BOUNDS, score)


def _encode(items: Iterable[tuple[int, int]]) -> str:
    out: list[str] = []
    add, alphabet = out.append, ALPHABET
    previous = -1
    for doc, code in items:
        gap = doc - previous - 1
        previous = doc
        while gap >= 32:
            add(alphabet[32 | (gap & 31)])
            gap >>= 5
        add(alphabet[gap])
        add(alphabet[code])
    return "".join(out)


def decode_postings(text: str) -> list[tuple[int, int]]:
    """The inverse of the postings encoding (for tests and tools; the browser has its own)."""
    values = {c: i for i, c in enumerate(ALPHABET)}
    out: list[tuple[int, int]] = []
    previous, i = -1, 0
    while i < len(text):
        gap, shift = 0, 0
        while values[text[i]] & 32:
            gap |= (values[text[i]] & 31) << shift
            shift += 5
            i += 1
        gap |= values[text[i]] << shift
        previous += gap + 1
        out.append((previous, values[text[i + 1]]))
        i += 2
    return out


def _js_order(term: str) -> bytes:
    return term.encode("utf-16-be")


# --- homophones -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _common_chars() -> dict[str, str]:
    """syllable → the common characters (GB 2312 level 1) read so, in code order."""
    table: dict[str, list[str]] = defaultdict(list)
    for row in range(0xB0, 0xD8):
        for col in range(0xA1, 0xFF):
            try:
                char = bytes((row, col)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            for reading in pinyin(char, style=Style.NORMAL, heteronym=True)[0]:
                if reading.isascii() and reading.isalpha():
                    table[reading.lower()].append(char)
    return {k: "".join(v) for k, v in table.items()}


def homophones(names: Iterable[str]) -> dict[str, str]:
    """For each syllable of the names: the characters read the same, the names' own included."""
    names = list(names)
    common = _common_chars()
    own: dict[str, list[str]] = defaultdict(list)
    for name in names:
        for char, syllable in zip(name, (s.lower() for s in pinyin_syllables(name)), strict=False):
            own[syllable].append(char)
    return {syllable: "".join(dict.fromkeys(common.get(syllable, "") + "".join(own[syllable])))
            for syllable in sorted(syllables_of(names))}
