"""The posters' QR codes kept between builds (drawing 1,000 of them takes about half a second).

One :class:`~generator.outputs.cache.ContentCache` entry holds the codes of the last build: each
target and quiet zone → the code's size and path data, salted with the encoder's version and the
drawing code. A build starts with them in its :attr:`~generator.site.memo.SiteMemo.qr_codes`, so only new targets are
drawn, and leaves the codes its posters use. Pure: no MkDocs.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..site.model import SiteModel
from ..site import posters
from ..site.posters import QR_BORDER
from ..site.views import PosterView
from .cache import ContentCache, fingerprint

Codes = MutableMapping[tuple[str, int], tuple[int, str]]


def _cache(cache_dir: Path) -> ContentCache:
    """The codes' cache, salted with the encoder's version and the source of the module that draws them
    (a changed drawing — another path format, say — never meets codes drawn the old way)."""
    try:
        encoder = version("zxing-cpp")
    except PackageNotFoundError:
        encoder = ""
    return ContentCache.open(cache_dir, "qr-codes", salt=fingerprint(encoder, Path(posters.__file__).read_bytes()))


def load_codes(cache_dir: Path, codes: Codes) -> None:
    """Add the codes the last build kept to ``codes`` (the session's memo)."""
    cache = _cache(cache_dir)
    kept = cache.get(cache.key("codes"))
    cache.close()
    if not isinstance(kept, list):
        return
    for item in kept:
        if isinstance(item, list) and len(item) == 4:
            target, border, size, path = item
            if isinstance(target, str) and isinstance(border, int) and isinstance(size, int) and isinstance(path, str):
                codes.setdefault((target, border), (size, path))


def keep_codes(cache_dir: Path, codes: Codes, model: SiteModel) -> None:
    """Keep the codes ``model``'s posters show for the next build (unless they are kept already)."""
    used: list[list[str | int]] = []
    for page in model.pages:
        if isinstance(page.context, PosterView):
            for code in (page.context.qr_story, page.context.qr_film):
                if code is not None:
                    drawn = codes.get((code.target, QR_BORDER))
                    if drawn is not None:
                        used.append([code.target, QR_BORDER, drawn[0], drawn[1]])
    cache = _cache(cache_dir)
    key = cache.key("codes")
    if cache.get(key) != used:
        cache.put(key, used)
        cache.flush()
    cache.close()
