"""One page of each kind of the built site, found by its address pattern (never by a story's name),
so that the layout, accessibility and HTML tests cover every template whatever the archive holds."""

from __future__ import annotations

from pathlib import Path

KIND_PATTERNS: dict[str, str] = {
    "home": "index.html",
    "column": "columns/*/index.html",
    "story": "stories/*.html",
    "poster": "posters/*.html",
    "honours": "honours/index.html",
    "honour": "honours/[!i]*.html",
    "units": "units/index.html",
    "unit": "units/*/*.html",
    "years": "years/index.html",
    "year": "years/[0-9]*.html",
    "pioneers": "pioneers/index.html",
    "pioneer": "pioneers/[!i]*.html",
    "tags": "tags/index.html",
    "tag": "tags/[!i]*.html",
    "films": "films/index.html",
    "stats": "stats/index.html",
    "404": "404.html",
}


def page_kinds(site: Path) -> dict[str, str]:
    """``{kind: path relative to the site}``: the first page (in name order) of each kind that the site has."""
    found = {}
    for kind, pattern in KIND_PATTERNS.items():
        pages = sorted(site.glob(pattern))
        if pages:
            found[kind] = pages[0].relative_to(site).as_posix()
    return found


def masked_pages(site: Path) -> list[str]:
    """Story and poster pages of masked people (the template marks them), if the archive has any."""
    return sorted(p.relative_to(site).as_posix() for folder in ("stories", "posters") for p in (site / folder).glob("*.html")
                  if "ex-masked-label" in (text := p.read_text(encoding="utf-8")) or "name--masked" in text)
