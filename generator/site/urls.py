"""Every address of the site, in one place.

A page is named by its source URI (``stories/a.md``); MkDocs, with ``use_directory_urls: false``,
writes it to the same path with ``.html`` (:func:`url_of`). Nothing else in ``generator/``
spells out a page's path: change a folder here and every link follows.
"""

from __future__ import annotations

HOME = "index.md"
HONOURS = "honours/index.md"
UNITS = "units/index.md"
PIONEERS = "pioneers/index.md"
YEARS = "years/index.md"
TAGS = "tags/index.md"
FILMS = "films/index.md"
STATS = "stats/index.md"


def url_of(src_uri: str) -> str:
    """The site-relative URL MkDocs gives a page with ``use_directory_urls: false``."""
    return src_uri[: -len(".md")] + ".html"


def story_uri(slug: str) -> str:
    return f"stories/{slug}.md"


def poster_uri(slug: str) -> str:
    """A story's print poster (pages made by :func:`generator.site.posters.poster_pages`)."""
    return f"posters/{slug}.md"


def column_uri(column_id: str) -> str:
    return f"columns/{column_id}/index.md"


def honour_uri(honour_id: str) -> str:
    return f"honours/{honour_id}.md"


def unit_uri(unit_key: str) -> str:
    return f"units/{unit_key}.md"


def pioneer_uri(pioneer_id: str) -> str:
    return f"pioneers/{pioneer_id}.md"


def year_uri(year: int) -> str:
    return f"years/{year}.md"


def tag_uri(tag_slug: str) -> str:
    return f"tags/{tag_slug}.md"


def platform_uri(platform: str) -> str:
    """A video platform's films on pages of their own."""
    return f"films/{platform}.md"


def list_page_uris(first: str, count: int) -> list[str]:
    """The pages of a long list: ``first`` (``a/index.md`` or ``a/b.md``), then ``a/page-2.md``
    or ``a/b/page-2.md`` …"""
    folder = first.removesuffix("/index.md") if first.endswith("/index.md") else first.removesuffix(".md")
    return [first] + [f"{folder}/page-{n}.md" for n in range(2, count + 1)]
