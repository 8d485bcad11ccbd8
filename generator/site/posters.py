"""Print posters: one page per exemplar for notice boards and screens.

Each poster shows the photo (or the placeholder), name, unit, top honours, a summary of
100–200 characters and a QR code drawn offline with zxing-cpp, pointing at the story's
published URL (``site_url`` + the story's path) or, on request, at its film. The page is
A4 portrait; ``?size=a3`` switches it to A3, ``?size=screen`` to a 16:9 screen poster (1920 × 1080),
``?qr=film`` to the film's code and ``&sheet=only`` hides everything but the sheet (see
``theme_overrides/poster.html``), which is how ``exemplar posters`` prints them too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

import zxingcpp

from ..core.schema import Story
from ..core.text import prose
from .memo import QR_KEPT, SiteMemo
from .model import PageSpec, SiteModel
from .urls import poster_uri, story_uri, url_of
from .views import PosterView

SUMMARY_MIN = 100
SUMMARY_MAX = 200
SIZES: dict[str, tuple[float, float]] = {"A4": (210, 297), "A3": (297, 420), "SCREEN": (508, 285.75)}
"""Sheet sizes in millimetres: A4 and A3 portrait, and SCREEN, 16:9 for outdoor and lobby screens
(1920 × 1080 CSS pixels at 96 per inch, so its PDF page and its PNG are the same picture)."""

_ENDS = "。！？!?…"
_CLOSERS = "”’」』）)"
_SENTENCE = re.compile(rf"[^{_ENDS}]+(?:[{_ENDS}]+[{_CLOSERS}]*|$)")
_CLAUSE_ENDS = "，；、：,;"


@dataclass(frozen=True, slots=True)
class QrCode:
    """A QR code as SVG path data: one unit per module, ``size`` units square with the quiet zone.

    ``path`` is stroked one unit wide (poster.html): each row's dark runs are lines through the
    middle of the row, ``M x y.5 h n`` for the first and ``m gap 0 h n`` for each next one, so
    that a run costs about 6 bytes instead of a filled rectangle's 13 (a poster carries one or two).
    """

    target: str
    size: int
    path: str
    caption: str


QR_BORDER = 4
"""The quiet zone around every code, in modules (the standard's minimum)."""
QR_ERROR = "M"
"""Error correction M (15 %): survives a crease or a smudge on paper."""

_DARK_RUN = re.compile(b"\x00+")


def qr_code(target: str, caption: str, border: int = QR_BORDER,
            drawn_before: dict[tuple[str, int], tuple[int, str]] | None = None) -> QrCode:
    """``target`` as a QR code (error correction :data:`QR_ERROR`, the best of the eight masks).

    zxing-cpp's encoder (compiled; about 0.3 ms a code, a tenth of a pure-Python encoder)
    gives the module matrix; each row's dark runs become one line each (see :class:`QrCode`). Codes are
    remembered in ``drawn_before`` (the session's :attr:`SiteMemo.qr_codes`) when given: the
    preview renders every poster again after a save.
    """
    key = (target, border)
    drawn = drawn_before.get(key) if drawn_before is not None else None
    if drawn is None:
        drawn = _draw(target, border)
        if drawn_before is not None:
            if len(drawn_before) >= QR_KEPT:
                drawn_before.clear()
            drawn_before[key] = drawn
    return QrCode(target, drawn[0], drawn[1], caption)


def _draw(target: str, border: int) -> tuple[int, str]:
    symbol = zxingcpp.create_barcode(target, zxingcpp.BarcodeFormat.QRCode, ec_level=QR_ERROR)
    matrix = symbol.to_image(scale=1, add_quiet_zones=False)  # one byte a module, 0 = dark
    width = matrix.shape[1]
    cells = bytes(memoryview(matrix))  # type: ignore[arg-type]  # a buffer; its type stub does not say so
    parts = []
    for y in range(matrix.shape[0]):
        end = None  # where the row's previous run ended
        for run in _DARK_RUN.finditer(cells, y * width, (y + 1) * width):
            start, length = run.start() - y * width + border, run.end() - run.start()
            parts.append(f"M{start} {y + border}.5h{length}" if end is None else f"m{start - end} 0h{length}")
            end = start + length
    return width + 2 * border, "".join(parts)


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
    for paragraph in prose(story.body):
        for sentence in sentences(paragraph):
            if len(text) >= low:
                return text
            if len(text) + len(sentence) > high:
                return text or _cut(paragraph, high)
            text += sentence
    return text


# --- the pages --------------------------------------------------------------------------------

def poster_pages(site_url: str, memo: SiteMemo | None = None) -> Callable[[SiteModel], list[PageSpec]]:
    """A hook for :func:`generator.site.model.build_site_model`: one poster page per story;
    ``memo`` (the preview's) hands out again the posters of unchanged stories."""
    memo = memo if memo is not None else SiteMemo()

    def pages(model: SiteModel) -> list[PageSpec]:
        kept = memo.posters.start((model.vocab, site_url))
        out = [kept.get(story, (model.cards[story.slug],), lambda: _poster(story, model, site_url, memo))
               for story in model.stories]
        kept.finish()
        return out

    return pages


def _poster(story: Story, model: SiteModel, site_url: str, memo: SiteMemo) -> PageSpec:
    card = model.cards[story.slug]
    film = film_target(story, site_url)
    pioneer = next((p for p in model.vocab.pioneers if p.id == story.pioneer), None)
    view = PosterView(
        card=card, story=story, organisation=model.vocab.organisation, archive_name=model.vocab.archive_name,
        pioneer=pioneer.title if pioneer else "", summary=poster_summary(story),
        story_url=url_of(story_uri(story.slug)),
        qr_story=qr_code(published_url(site_url, url_of(story_uri(story.slug))), "扫码阅读事迹全文",
                         drawn_before=memo.qr_codes) if site_url else None,
        qr_film=qr_code(film[0], f"扫码观看宣传片《{film[1]}》", drawn_before=memo.qr_codes) if film else None,
        sizes=SIZES,
    )
    return PageSpec(poster_uri(story.slug), f"{card.title if card.masked else card.name} · 海报", "poster.html", "poster", view,
                    hide=("navigation", "toc", "footer"),
                    meta={"search": {"exclude": True}, "glightbox": False})
