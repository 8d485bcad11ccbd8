"""What each page kind's template gets as ``ex``: one frozen dataclass per page kind, and the
entries its lists hold. Made by :mod:`generator.site.model` (and :mod:`generator.site.posters`);
the templates in ``theme_overrides/`` read their fields (``ex.cards``, ``ex.pager.next`` …).

Adding a page kind: a dataclass here, a function in ``model.py`` that makes its
:class:`~generator.site.model.PageSpec`, a template named after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.schema import Column, HonourDef, Level, Pioneer, Story, Unit

if TYPE_CHECKING:
    from .activities import ActivityView, ChannelGroup, CoverageView, KindTotal, YearGroup
    from .model import Badge, Card, Crumb, FilmGroup, FilmView, LevelBadges
    from .nominations import Stage
    from .posters import QrCode
    from .report import StatsPage


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page of a long list is: its number, the neighbours and the pages near it."""

    number: int
    count: int
    total: int
    size: int
    previous: str | None
    next: str | None
    pages: tuple[tuple[int | None, str | None], ...]
    """(page number, URL) for the first, the last and the pages near this one; (None, None) for a gap."""


# --- list entries -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ColumnEntry:
    id: str
    title: str
    description: str
    count: int
    url: str
    cover: Card | None


@dataclass(frozen=True, slots=True)
class Link:
    """A titled link (a story's columns)."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class TagEntry:
    tag: str
    url: str
    count: int = 0


@dataclass(frozen=True, slots=True)
class Award:
    """One recipient of an honour."""

    card: Card
    year: int
    awarded_by: str = ""


@dataclass(frozen=True, slots=True)
class HonourEntry:
    id: str
    name: str
    count: int
    url: str
    awards: tuple[Award, ...]
    more: bool


@dataclass(frozen=True, slots=True)
class HonourLevelEntry:
    level: Level
    count: int
    honours: tuple[HonourEntry, ...]


@dataclass(frozen=True, slots=True)
class UnitEntry:
    unit: Unit
    url: str
    direct: int
    total: int
    children: tuple[UnitEntry, ...]


@dataclass(frozen=True, slots=True)
class PioneerEntry:
    pioneer: Pioneer
    url: str
    count: int


@dataclass(frozen=True, slots=True)
class YearHonour:
    badge: Badge
    count: int
    cards: tuple[Card, ...] = ()
    """Who received it that year (the first few; ``more`` when there are others)."""
    more: bool = False


@dataclass(frozen=True, slots=True)
class YearEntry:
    year: int
    url: str
    stories: int
    awards: int
    honours: tuple[YearHonour, ...]


# --- page contexts, one per page kind -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class HomeView:
    columns: tuple[ColumnEntry, ...]
    figures: Mapping[str, int]
    latest: tuple[Card, ...]
    featured: tuple[Card, ...]
    home_level: Level | None
    """The level whose exemplars ``figures.home_level_exemplars`` counts (``home: true`` in vocab.yml)."""


@dataclass(frozen=True, slots=True)
class ColumnView:
    column: Column
    cards: tuple[Card, ...]
    pager: Pager


@dataclass(frozen=True, slots=True)
class StoryView:
    card: Card
    story: Story
    crumbs: tuple[Crumb, ...]
    honour_levels: tuple[LevelBadges, ...]
    pioneer: Pioneer | None
    pioneer_url: str | None
    columns: tuple[Link, ...]
    tags: tuple[TagEntry, ...]
    films: tuple[FilmView, ...]
    related: tuple[Card, ...]
    poster_url: str
    activities: tuple[ActivityView, ...] = ()
    """The activities the exemplar spoke at (宣讲活动), newest first."""
    coverage: tuple[CoverageView, ...] = ()
    """The reports about the exemplar (媒体报道), newest first."""
    timeline: tuple[TimelineYear, ...] = ()
    """荣誉历程: the honours year by year, oldest first."""
    size: Mapping[str, object] | None = None
    """A collective's size: {teams, members, approx}, or None."""


@dataclass(frozen=True, slots=True)
class TimelineYear:
    """One year of a story's honour timeline: its badges, highest level first."""

    year: int
    badges: tuple[Badge, ...]


@dataclass(frozen=True, slots=True)
class ActivitiesPage:
    """宣讲活动 (activities.html)."""

    years: tuple[YearGroup, ...]
    totals: tuple[KindTotal, ...]
    count: int
    sessions: int


@dataclass(frozen=True, slots=True)
class CoveragePage:
    """媒体报道 (coverage.html)."""

    channels: tuple[ChannelGroup, ...]
    count: int


@dataclass(frozen=True, slots=True)
class NominationsPage:
    """推荐评选 (nominations.html), internal edition only."""

    stages: tuple[Stage, ...]
    count: int


@dataclass(frozen=True, slots=True)
class HonoursView:
    levels: tuple[HonourLevelEntry, ...]
    total: int


@dataclass(frozen=True, slots=True)
class HonourView:
    honour: HonourDef
    level: Level
    count: int
    awards: tuple[Award, ...]
    pager: Pager


@dataclass(frozen=True, slots=True)
class UnitsView:
    tree: tuple[UnitEntry, ...]


@dataclass(frozen=True, slots=True)
class UnitView:
    unit: Unit
    crumbs: tuple[Crumb, ...]
    direct: int
    children: tuple[UnitEntry, ...]
    cards: tuple[Card, ...]
    pager: Pager


@dataclass(frozen=True, slots=True)
class PioneersView:
    pioneers: tuple[PioneerEntry, ...]


@dataclass(frozen=True, slots=True)
class PioneerView:
    pioneer: Pioneer
    cards: tuple[Card, ...]
    pager: Pager


@dataclass(frozen=True, slots=True)
class YearsView:
    years: tuple[YearEntry, ...]


@dataclass(frozen=True, slots=True)
class YearView:
    year: YearEntry
    cards: tuple[Card, ...]
    pager: Pager


@dataclass(frozen=True, slots=True)
class TagsView:
    tags: tuple[TagEntry, ...]


@dataclass(frozen=True, slots=True)
class TagView:
    tag: str
    cards: tuple[Card, ...]
    pager: Pager


@dataclass(frozen=True, slots=True)
class StatsView:
    page: StatsPage


@dataclass(frozen=True, slots=True)
class FilmsView:
    groups: tuple[FilmGroup, ...]
    count: int
    views: int
    by_views: tuple[FilmGroup, ...]


@dataclass(frozen=True, slots=True)
class PlatformFilmsView:
    group: FilmGroup
    films: tuple[FilmView, ...]
    pager: Pager


@dataclass(frozen=True, slots=True)
class PosterView:
    card: Card
    story: Story
    organisation: str
    archive_name: str
    pioneer: str
    summary: str
    story_url: str
    qr_story: QrCode | None
    qr_film: QrCode | None
    sizes: Mapping[str, tuple[float, float]]
