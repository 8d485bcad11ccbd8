"""Activities and coverage in the site: their two pages, and each story's own list.

- 「宣讲活动」 (``activities/index.md``): the totals per kind, then every activity by
  year (newest first) and kind, with links to the exemplars who spoke;
- 「媒体报道」 (``coverage/index.md``): every report by channel (网、报、微、端、视、屏);
- on a story page: the activities it spoke at and the reports about it, linking back.

The caller passes the edition's activities and coverage (:mod:`generator.core.editions`),
so an internal entry never reaches the public edition. Pure: views and page specs only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..core.schema import Activity, Coverage, Vocabulary
from .report import VIEWS_UNIT, format_cn, quantity

ACTIVITIES_URI = "activities/index.md"
COVERAGE_URI = "coverage/index.md"


def activities_url() -> str:
    return ACTIVITIES_URI.removesuffix(".md") + ".html"


def coverage_url() -> str:
    return COVERAGE_URI.removesuffix(".md") + ".html"


@dataclass(frozen=True, slots=True)
class StoryLink:
    """An exemplar named on an activity or report: the published name and its page."""

    slug: str
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class ActivityView:
    id: str
    url: str
    """The activity on the activities page (``activities/index.html#…``)."""
    title: str
    kind: str
    kind_title: str
    date: str
    year: int
    place: str
    unit: str
    sessions: int
    audience: str
    """「1000 余人次」, 「350 人次」, or "" when not recorded."""
    speakers: tuple[StoryLink, ...]
    summary: str
    internal: bool


@dataclass(frozen=True, slots=True)
class CoverageView:
    id: str
    url: str
    """The report on the coverage page (``coverage/index.html#…``)."""
    title: str
    outlet: str
    channel: str
    channel_title: str
    date: str
    link: str | None
    stories: tuple[StoryLink, ...]
    summary: str
    internal: bool


@dataclass(frozen=True, slots=True)
class KindGroup:
    id: str
    title: str
    activities: tuple[ActivityView, ...]


@dataclass(frozen=True, slots=True)
class YearGroup:
    year: int
    kinds: tuple[KindGroup, ...]
    sessions: int


@dataclass(frozen=True, slots=True)
class KindTotal:
    id: str
    title: str
    description: str
    activities: int
    sessions: int
    audience: str


@dataclass(frozen=True, slots=True)
class ChannelGroup:
    id: str
    title: str
    reports: tuple[CoverageView, ...]


def audience_text(audience: int | None, approx: bool) -> str:
    if not audience:
        return ""
    return f"{format_cn(audience)} 余{VIEWS_UNIT}" if approx else quantity(audience, VIEWS_UNIT)


class RecordViews:
    """Views of the edition's activities and coverage, and who appears in which."""

    def __init__(self, vocab: Vocabulary, activities: tuple[Activity, ...], coverage: tuple[Coverage, ...],
                 names: Mapping[str, tuple[str, str]]) -> None:
        """``names``: story slug → (published name, page URL) for the edition's stories."""
        self.vocab = vocab
        kinds = {k.id: k.title for k in vocab.activity_kinds}
        channels = {c.id: c.title for c in vocab.channels}
        units = {u.key: u.name for u in vocab.units}

        def links(slugs: tuple[str, ...]) -> tuple[StoryLink, ...]:
            return tuple(StoryLink(s, *names[s]) for s in slugs if s in names)

        self.activities = tuple(
            ActivityView(
                id=a.id, url=f"{activities_url()}#{a.id}", title=a.title, kind=a.kind,
                kind_title=kinds.get(a.kind, a.kind), date=a.date.isoformat(), year=a.date.year, place=a.place,
                unit=units.get(a.unit, ""), sessions=a.sessions, audience=audience_text(a.audience, a.audience_approx),
                speakers=links(a.speakers), summary=a.summary, internal=a.is_internal,
            )
            for a in activities
        )
        self.coverage = tuple(
            CoverageView(
                id=c.id, url=f"{coverage_url()}#{c.id}", title=c.title, outlet=c.outlet, channel=c.channel,
                channel_title=channels.get(c.channel, c.channel), date=c.date.isoformat(), link=c.url,
                stories=links(c.stories), summary=c.summary, internal=c.is_internal,
            )
            for c in coverage
        )
        self._raw_activities = activities

    def of_story(self, slug: str) -> tuple[tuple[ActivityView, ...], tuple[CoverageView, ...]]:
        """The activities a story's exemplar spoke at, and the reports about it (newest first)."""
        return (tuple(a for a in self.activities if any(s.slug == slug for s in a.speakers)),
                tuple(c for c in self.coverage if any(s.slug == slug for s in c.stories)))

    def by_year(self) -> tuple[YearGroup, ...]:
        out = []
        for year in sorted({a.year for a in self.activities}, reverse=True):
            here = [a for a in self.activities if a.year == year]
            kinds = tuple(KindGroup(k.id, k.title, tuple(a for a in here if a.kind == k.id))
                          for k in self.vocab.activity_kinds)
            out.append(YearGroup(year, tuple(k for k in kinds if k.activities), sum(a.sessions for a in here)))
        return tuple(out)

    def totals(self) -> tuple[KindTotal, ...]:
        out = []
        for kind in self.vocab.activity_kinds:
            here = [a for a in self._raw_activities if a.kind == kind.id]
            if here:
                audience = sum(a.audience or 0 for a in here)
                out.append(KindTotal(kind.id, kind.title, kind.description, len(here), sum(a.sessions for a in here),
                                     audience_text(audience, any(a.audience_approx for a in here))))
        return tuple(out)

    def by_channel(self) -> tuple[ChannelGroup, ...]:
        groups = (ChannelGroup(c.id, c.title, tuple(r for r in self.coverage if r.channel == c.id))
                  for c in self.vocab.channels)
        return tuple(g for g in groups if g.reports)
