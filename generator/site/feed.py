"""The Atom feed of new stories: data for the ``feed.xml`` theme template.

Dates come from the stories, never the clock, so two builds give the same feed.
Names are already masked by the edition (see :mod:`generator.core.editions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from .model import SiteModel
from .urls import story_uri, url_of

FEED_SIZE = 30
TIMEZONE = "+08:00"  # the company's local time


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str
    title: str
    url: str
    updated: str
    summary: str
    name: str
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Feed:
    id: str
    title: str
    subtitle: str
    url: str
    self_url: str
    updated: str
    author: str
    entries: tuple[FeedEntry, ...]


def build_feed(model: SiteModel, site_url: str) -> Feed:
    """The newest stories of the edition (masked names stay masked), newest first."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    columns = {c.id: c.title for c in model.vocab.columns}
    entries = []
    for story in model.stories[:FEED_SIZE]:
        url = urljoin(base, url_of(story_uri(story.slug)))
        card = model.cards[story.slug]
        entries.append(FeedEntry(
            id=url, title=f"{story.title}（{story.display_name}）", url=url,
            updated=f"{story.date.isoformat()}T00:00:00{TIMEZONE}", summary=card.summary,
            name=story.display_name, categories=tuple(columns[c] for c in story.columns if c in columns),
        ))
    newest = entries[0].updated if entries else f"1970-01-01T00:00:00{TIMEZONE}"
    edition = "公开版" if model.edition.value == "public" else "内网版"
    return Feed(id=base, title=f"{model.vocab.archive_name}（{edition}）", subtitle=model.vocab.tagline,
                url=base, self_url=urljoin(base, "feed.xml"), updated=newest, author=model.vocab.organisation,
                entries=tuple(entries))
