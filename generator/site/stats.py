"""The archive's figures (数据统计): counts computed from the stories, never typed in.

Every figure the report quotes — 「6 名员工获评“中国好人”」, 「宣传片 12 部，累计点击量
1500 万人次」 — is a count here: exemplars by kind, honours by level and by honour, new
exemplars and honours per year, the unit tree with sub-units rolled up, pioneer types,
and films. Pure functions over :class:`~generator.core.schema.Story` tuples; no I/O, no MkDocs.

The caller passes the edition's stories (see :mod:`generator.core.editions`); drafts are
dropped here as well, so that no draft is ever counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..core.schema import Activity, Coverage, Honour, Kind, Story, Unit, Vocabulary
from ..core.slugs import pinyin_key
from ..core.vocab import nearest

# Field value → Chinese label, for the kinds of entry (the order is the display order).
KIND_TITLES: dict[Kind, str] = {Kind.PERSON: "个人", Kind.COLLECTIVE: "集体", Kind.BRAND: "品牌", Kind.PLACE: "阵地"}
UNKNOWN_PLATFORM = "其他平台"
NO_PIONEER = "未分类"


class UnknownUnitError(LookupError):
    """``unit`` names no unit of the tree; ``str()`` is the editor's message."""

    def __init__(self, value: str, suggestion: str | None) -> None:
        self.value = value
        self.suggestion = suggestion
        hint = f"；是否想找「{suggestion}」？" if suggestion else "；单位路径如「国网三明供电公司/国网沙县供电公司」"
        super().__init__(f"单位「{value}」不在单位树中{hint}")


@dataclass(frozen=True, slots=True)
class Count:
    """One row of a simple breakdown: an id, its Chinese label and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class LevelCount:
    """荣誉级别: exemplars with at least one honour of the level, and the honours awarded."""

    level: str
    title: str
    rank: int
    exemplars: int
    awards: int


@dataclass(frozen=True, slots=True)
class HonourCount:
    """One honour: who received it (each exemplar once, whatever the years) and how often.

    ``by_kind`` splits the recipients by kind (kinds with none left out); ``names`` are
    the published names (``*`` when masked), in pinyin order.
    """

    honour_id: str
    name: str
    level: str
    level_title: str
    exemplars: int
    awards: int
    by_kind: tuple[Count, ...]
    names: tuple[str, ...]
    report: bool


@dataclass(frozen=True, slots=True)
class YearCount:
    """One year: exemplars first published (story date) and honours awarded (honour year)."""

    year: int
    exemplars: int
    awards: int


@dataclass(frozen=True, slots=True)
class UnitCount:
    """One unit of the tree: ``total`` includes every sub-unit, ``direct`` only the unit itself."""

    key: str
    name: str
    names: tuple[str, ...]
    depth: int
    total: int
    direct: int

    @property
    def path_name(self) -> str:
        """国网三明供电公司/国网沙县供电公司."""
        return "/".join(self.names)


@dataclass(frozen=True, slots=True)
class FilmStats:
    """宣传片. A film may have both a platform link and a local copy, so ``online`` and
    ``local`` can add up to more than ``count``; ``views`` sums the views that are known."""

    count: int
    online: int
    local: int
    by_platform: tuple[Count, ...]
    views: int
    with_views: int


@dataclass(frozen=True, slots=True)
class ActivityCount:
    """宣讲活动 of one kind: entries, sessions (场次) and audience (人次, ``approx`` for 「余」)."""

    kind: str
    title: str
    entries: int
    sessions: int
    audience: int
    approx: bool


@dataclass(frozen=True, slots=True)
class Stats:
    """All figures for one scope: the whole archive, one year and/or one unit subtree."""

    year: int | None
    unit: str | None
    unit_name: str | None
    exemplars: int
    by_kind: tuple[Count, ...]
    honoured: int
    awards: int
    by_level: tuple[LevelCount, ...]
    by_honour: tuple[HonourCount, ...]
    by_year: tuple[YearCount, ...]
    by_unit: tuple[UnitCount, ...]
    by_pioneer: tuple[Count, ...]
    films: FilmStats
    since: int | None = None
    until: int | None = None
    """A range of years (``exemplar report --from/--to``); ``year`` is the range of one year."""
    activities: tuple[ActivityCount, ...] = ()
    """Kinds with at least one activity in scope, in the vocabulary's order."""
    coverage: tuple[Count, ...] = ()
    """Channels with at least one report in scope, in the vocabulary's order."""
    members: int = 0
    """Members of the collectives and brands in scope (「600 余人」 counts 600)."""
    members_approx: bool = False
    teams: int = 0

    @property
    def coverage_total(self) -> int:
        return sum(c.count for c in self.coverage)

    @property
    def persons(self) -> int:
        return next((c.count for c in self.by_kind if c.key == Kind.PERSON.value), 0)


def resolve_unit(vocab: Vocabulary, value: str) -> Unit:
    """A unit by its path of names (``国网三明供电公司/营销部``) or of ids (``sanming/yingxiao``)."""
    parts = [p.strip() for p in re.split(r"[/／>＞]", value) if p.strip()]
    joined = "/".join(parts)
    for unit in vocab.units:
        if joined in (unit.key, "/".join(unit.names)):
            return unit
    # A single name that is unique in the tree is accepted too (「国网沙县供电公司」).
    named = [u for u in vocab.units if len(parts) == 1 and u.name == joined]
    if len(named) == 1:
        return named[0]
    raise UnknownUnitError(value, nearest(joined, ["/".join(u.names) for u in vocab.units]))


def in_unit(story_unit: str, unit_key: str) -> bool:
    """True when ``story_unit`` is ``unit_key`` or one of its sub-units."""
    return story_unit == unit_key or story_unit.startswith(unit_key + "/")


def compute_stats(stories: Iterable[Story], vocab: Vocabulary, *, year: int | None = None,
                  unit: str | None = None, since: int | None = None, until: int | None = None,
                  activities: Iterable[Activity] = (), coverage: Iterable[Coverage] = ()) -> Stats:
    """The figures of the published ``stories``.

    ``year`` keeps the stories first published that year and the honours awarded that
    year (films by their own date, else their story's); ``since`` and ``until`` do the
    same for a range of years (either end open); ``unit`` — a unit key or path of
    names — keeps that unit and its sub-units. Activities count by their date and
    organising unit, coverage by its date and (with ``unit``) its exemplars' units.
    Raises :class:`UnknownUnitError`.
    """
    if year is not None:
        since = until = year
    scope = resolve_unit(vocab, unit) if unit else None
    within = years_filter(since, until)
    pool = [s for s in stories if not s.is_draft and (scope is None or in_unit(s.unit, scope.key))]
    dated = [s for s in pool if within(s.date.year)]
    awards = [(s, h) for s in pool for h in s.honours if within(h.year)]

    return Stats(
        year=year,
        unit=scope.key if scope else None,
        unit_name="/".join(scope.names) if scope else None,
        exemplars=len(dated),
        by_kind=tuple(Count(k.value, title, sum(1 for s in dated if s.kind is k)) for k, title in KIND_TITLES.items()),
        honoured=len({s.slug for s, _ in awards}),
        awards=len(awards),
        by_level=_by_level(awards, vocab),
        by_honour=_by_honour(awards, vocab),
        by_year=_by_year(dated, awards),
        by_unit=_by_unit(dated, vocab, scope),
        by_pioneer=_by_pioneer(dated, vocab),
        films=_films(pool, vocab, within),
        since=since,
        until=until,
        activities=_activities(activities, vocab, within, scope),
        members=sum(s.members or 0 for s in dated),
        members_approx=any(s.members_approx for s in dated),
        teams=sum(s.teams or 0 for s in dated),
        coverage=_coverage(coverage, vocab, within, {s.slug for s in pool} if scope else None),
    )


def _activities(activities: Iterable[Activity], vocab: Vocabulary, within: Callable[[int], bool],
                scope: Unit | None) -> tuple[ActivityCount, ...]:
    chosen = [a for a in activities if within(a.date.year) and (scope is None or in_unit(a.unit, scope.key))]
    out = []
    for kind in vocab.activity_kinds:
        here = [a for a in chosen if a.kind == kind.id]
        if here:
            out.append(ActivityCount(kind.id, kind.title, len(here), sum(a.sessions for a in here),
                                     sum(a.audience or 0 for a in here), any(a.audience_approx for a in here)))
    return tuple(out)


def _coverage(coverage: Iterable[Coverage], vocab: Vocabulary, within: Callable[[int], bool],
              slugs: set[str] | None) -> tuple[Count, ...]:
    chosen = [c for c in coverage if within(c.date.year) and (slugs is None or any(s in slugs for s in c.stories))]
    counts = (Count(ch.id, ch.title, sum(1 for c in chosen if c.channel == ch.id)) for ch in vocab.channels)
    return tuple(c for c in counts if c.count)


def years_filter(since: int | None, until: int | None) -> Callable[[int], bool]:
    """A test for a year inside ``since``–``until`` (inclusive; ``None`` leaves that end open)."""
    low = since if since is not None else -(10**9)
    high = until if until is not None else 10**9
    return lambda y: low <= y <= high


def _by_level(awards: list[tuple[Story, Honour]], vocab: Vocabulary) -> tuple[LevelCount, ...]:
    out = []
    for level in vocab.levels:
        here = [(s, h) for s, h in awards if h.level == level.id]
        out.append(LevelCount(level.id, level.title, level.rank, len({s.slug for s, _ in here}), len(here)))
    return tuple(out)


def _by_honour(awards: list[tuple[Story, Honour]], vocab: Vocabulary) -> tuple[HonourCount, ...]:
    ranks = {lv.id: lv.rank for lv in vocab.levels}
    titles = {lv.id: lv.title for lv in vocab.levels}
    out = []
    for definition in vocab.honours:
        here = [(s, h) for s, h in awards if h.honour_id == definition.id]
        if not here:
            continue
        recipients = list({s.slug: s for s, _ in here}.values())
        kinds = (Count(k.value, t, sum(1 for s in recipients if s.kind is k)) for k, t in KIND_TITLES.items())
        out.append(HonourCount(
            honour_id=definition.id, name=definition.name, level=definition.level,
            level_title=titles.get(definition.level, definition.level), exemplars=len(recipients),
            awards=len(here), by_kind=tuple(c for c in kinds if c.count),
            names=tuple(sorted((s.display_name for s in recipients), key=pinyin_key)), report=definition.report,
        ))
    # Highest level first; within a level the most awarded first, then pinyin.
    out.sort(key=lambda c: (ranks.get(c.level, len(ranks) + 1), -c.exemplars, pinyin_key(c.name)))
    return tuple(out)


def _by_year(dated: list[Story], awards: list[tuple[Story, Honour]]) -> tuple[YearCount, ...]:
    new: dict[int, int] = {}
    honours: dict[int, int] = {}
    for story in dated:
        new[story.date.year] = new.get(story.date.year, 0) + 1
    for _, honour in awards:
        honours[honour.year] = honours.get(honour.year, 0) + 1
    return tuple(YearCount(y, new.get(y, 0), honours.get(y, 0)) for y in sorted(set(new) | set(honours)))


def _by_unit(dated: list[Story], vocab: Vocabulary, scope: Unit | None) -> tuple[UnitCount, ...]:
    # vocab.units is the tree in pre-order (each unit followed by its sub-units).
    # Counted once per story and rolled up its ancestors: linear in stories, not stories × units.
    direct: dict[str, int] = {}
    total: dict[str, int] = {}
    for story in dated:
        direct[story.unit] = direct.get(story.unit, 0) + 1
        parts = story.unit.split("/")
        for depth in range(1, len(parts) + 1):
            key = "/".join(parts[:depth])
            total[key] = total.get(key, 0) + 1
    out = []
    for u in vocab.units:
        if scope is not None and not in_unit(u.key, scope.key):
            continue
        key = u.key
        out.append(UnitCount(key, u.name, u.names, u.depth, total.get(key, 0), direct.get(key, 0)))
    return tuple(out)


def _by_pioneer(dated: list[Story], vocab: Vocabulary) -> tuple[Count, ...]:
    out = [Count(p.id, p.title, sum(1 for s in dated if s.pioneer == p.id)) for p in vocab.pioneers]
    missing = sum(1 for s in dated if not s.pioneer)
    if missing:
        out.append(Count("", NO_PIONEER, missing))
    return tuple(out)


def _films(pool: list[Story], vocab: Vocabulary, within: Callable[[int], bool]) -> FilmStats:
    films = [f for s in pool for f in s.films if within((f.date or s.date).year)]
    by_platform = [Count(p.id, p.name, sum(1 for f in films if f.url and f.platform == p.id)) for p in vocab.platforms]
    other = sum(1 for f in films if f.url and not f.platform)
    if other:
        by_platform.append(Count("", UNKNOWN_PLATFORM, other))
    return FilmStats(
        count=len(films),
        online=sum(1 for f in films if f.url),
        local=sum(1 for f in films if f.file),
        by_platform=tuple(by_platform),
        views=sum(f.views or 0 for f in films),
        with_views=sum(1 for f in films if f.views is not None),
    )
