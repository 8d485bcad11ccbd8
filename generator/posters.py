"""Print posters: one page per exemplar for notice boards and screens.

Each poster shows the photo (or the placeholder), name, unit, top honours, a summary of
100–200 characters and a QR code drawn offline with segno, pointing at the story's
published URL (``site_url`` + the story's path) or, on request, at its film. The page is
A4 portrait; ``?size=a3`` switches it to A3 and ``?qr=film`` to the film's code (see
``theme_overrides/poster.html``), which is how ``exemplar posters`` prints them too.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import segno

from .images import write_atomic
from .model import PageSpec, SiteModel, poster_uri, story_uri, url_of
from .schema import Story

SUMMARY_MIN = 100
SUMMARY_MAX = 200
SIZES = {"A4": (210, 297), "A3": (297, 420)}
"""Paper sizes in millimetres (portrait)."""

_ENDS = "。！？!?…"
_CLOSERS = "”’」』）)"
_SENTENCE = re.compile(rf"[^{_ENDS}]+(?:[{_ENDS}]+[{_CLOSERS}]*|$)")
_CLAUSE_ENDS = "，；、：,;"


@dataclass(frozen=True, slots=True)
class QrCode:
    """A QR code as SVG path data: one unit per module, ``size`` units square with the quiet zone."""

    target: str
    size: int
    path: str
    caption: str


QR_VERSION = 2
"""Part of the QR cache key: bump it when the drawing changes (2: mask 0, not the best one)."""

QR_MASK = 0
"""The data mask, fixed: segno's search for the best of the eight takes ~80 % of the time a
code costs in pure Python (7 ms → 1.3 ms), and scanners read any mask; the tests decode codes
made this way for every length of URL a poster carries."""


def qr_code(target: str, caption: str, cache: Path | None = None, border: int = 4) -> QrCode:
    """Encode ``target`` (error correction M: survives a crease or a smudge on paper).

    Drawing one in pure Python still takes a millisecond or two, so codes are kept in ``cache``.
    """
    key = hashlib.sha256(f"{QR_VERSION}|m|{border}|{target}".encode()).hexdigest()
    drawn = _DRAWN.get(key)
    if drawn is not None:  # the preview rebuilds every poster after each save: no file to read then
        return QrCode(target, drawn[0], drawn[1], caption)
    code = _qr_code(key, target, caption, cache, border)
    if len(_DRAWN) > 100_000:
        _DRAWN.clear()
    _DRAWN[key] = (code.size, code.path)
    return code


_DRAWN: dict[str, tuple[int, str]] = {}
"""Codes drawn or read in this process (``mkdocs serve`` lives across rebuilds)."""


def _qr_code(key: str, target: str, caption: str, cache: Path | None, border: int) -> QrCode:
    stored = cache / f"{key}.json" if cache else None
    if stored and stored.is_file():
        try:
            data = json.loads(stored.read_text(encoding="utf-8"))
            return QrCode(target, int(data["size"]), str(data["path"]), caption)
        except (OSError, ValueError, KeyError, TypeError):
            pass
    qr = segno.make(target, error="m", micro=False, boost_error=False, mask=QR_MASK)
    parts: list[str] = []
    size = 0
    for y, row in enumerate(qr.matrix_iter(scale=1, border=border)):
        cells = list(row)
        size = len(cells)
        x = 0
        while x < size:
            if cells[x]:
                start = x
                while x < size and cells[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    code = QrCode(target, size, "".join(parts), caption)
    if stored:
        write_atomic(stored, json.dumps({"size": code.size, "path": code.path}).encode("utf-8"))
    return code


def published_url(site_url: str, path: str) -> str:
    """``https://host/base/`` + ``stories/a.html`` (the site's base path kept)."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


def film_target(story: Story, site_url: str) -> tuple[str, str] | None:
    """(URL, film title) the film QR code points at: the first platform link, else the local file."""
    for film in story.films:
        if film.url:
            return film.url, film.title
    for film in story.films:
        if film.file and site_url:
            return published_url(site_url, film.file), film.title
    return None


# --- the summary ------------------------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)(\{[^}\n]*\})?")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_FOOTNOTE = re.compile(r"\[\^[^\]\n]+\]")
_TAG = re.compile(r"<[^>\n]+>")
_MARKS = re.compile(r"(\*\*|__|\*|`|\{[:#.][^}\n]*\})")


def _prose(body: str) -> Iterator[str]:
    """The body's plain-text paragraphs: no headings, lists, tables, quotes, code or HTML blocks."""
    in_fence = False
    for block in re.split(r"\n\s*\n", body):
        text = block.strip()
        if text.startswith(("```", "~~~")):
            in_fence = not in_fence if text.count("```") + text.count("~~~") == 1 else in_fence
            continue
        if in_fence or not text or text.startswith(("#", "<", "|", ">", "-", "*", "+", "[^", "!!!", "???", ":::")):
            continue
        if re.match(r"^\d+[.)]\s", text):
            continue
        text = _MD_IMAGE.sub("", text)
        text = _MD_LINK.sub(r"\1", text)
        text = _FOOTNOTE.sub("", text)
        text = _TAG.sub("", text)
        text = _MARKS.sub("", text)
        text = " ".join(text.split())
        if text:
            yield text


def sentences(text: str) -> list[str]:
    """Sentences with their end marks and closing quotes (「……。」 stays whole)."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip(_CLOSERS)[-1:] in _ENDS


def _cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters: at the last sentence end, else at a clause with …"""
    head = ""
    for sentence in sentences(text):
        if len(head) + len(sentence) > limit:
            break
        head += sentence
    if head:
        return head
    room = text[: limit - 1]
    cut = max(room.rfind(c) for c in _CLAUSE_ENDS)
    return (room[:cut] if cut > limit // 2 else room).rstrip(_CLAUSE_ENDS) + "…"


def poster_summary(story: Story, low: int = SUMMARY_MIN, high: int = SUMMARY_MAX) -> str:
    """The editor's ``summary``, topped up with the body's first sentences to ``low``
    characters, never more than ``high``, always ending at the end of a sentence."""
    text = " ".join(story.summary.split())
    if len(text) > high:
        return _cut(text, high)
    if text and not _ends_sentence(text):
        text += "。"
    for paragraph in _prose(story.body):
        for sentence in sentences(paragraph):
            if len(text) >= low:
                return text
            if len(text) + len(sentence) > high:
                return text or _cut(paragraph, high)
            text += sentence
    return text


# --- the pages --------------------------------------------------------------------------------

def poster_pages(site_url: str, qr_cache: Path | None = None) -> Callable[[SiteModel], list[PageSpec]]:
    """A hook for :func:`generator.model.build_site_model`: one poster page per story."""

    def pages(model: SiteModel) -> list[PageSpec]:
        return [_poster(story, model, site_url, qr_cache) for story in model.stories]

    return pages


def _poster(story: Story, model: SiteModel, site_url: str, qr_cache: Path | None) -> PageSpec:
    card = model.cards[story.slug]
    film = film_target(story, site_url)
    pioneer = next((p for p in model.vocab.pioneers if p.id == story.pioneer), None)
    context = {
        "card": card,
        "story": story,
        "organisation": model.vocab.organisation,
        "archive_name": model.vocab.archive_name,
        "pioneer": pioneer.title if pioneer else "",
        "summary": poster_summary(story),
        "story_url": url_of(story_uri(story.slug)),
        "qr_story": qr_code(published_url(site_url, url_of(story_uri(story.slug))), "扫码阅读事迹全文", qr_cache)
        if site_url else None,
        "qr_film": qr_code(film[0], f"扫码观看宣传片《{film[1]}》", qr_cache) if film else None,
        "sizes": SIZES,
    }
    return PageSpec(poster_uri(story.slug), f"{card.name} · 海报", "poster.html", "poster", context,
                    hide=("navigation", "toc", "footer"),
                    meta={"search": {"exclude": True}, "glightbox": False})
