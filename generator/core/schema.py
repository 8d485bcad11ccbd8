"""The archive's domain model: frozen dataclasses and enums.

Glossary (Chinese term → name in code):

- 事迹稿 (a story file)            → :class:`Story`
- 典型 / 榜样 (the exemplar)        → ``Story.name`` (``Story.display_name`` honours masking)
- 类别 个人/集体/品牌/阵地           → :class:`Kind`
- 单位 (organisation unit)          → :class:`Unit`, a node of the unit tree
- 先锋类型 忠诚/正派/善小             → :class:`Pioneer`
- 栏目 / 专栏 (themed column)       → :class:`Column`
- 荣誉 (an honour received)         → :class:`Honour`; its definition → :class:`HonourDef`
- 荣誉级别 (honour level)           → :class:`Level`
- 宣传片 (promotional film)         → :class:`Film`; 视频平台 → :class:`Platform`
- 草稿/发布                         → :class:`Status`
- 内网/公开                         → :class:`Visibility`
- 词表 (editor-owned vocabularies)  → :class:`Vocabulary`
- 宣讲活动 (a lecture tour, 道德讲堂 …) → :class:`Activity`; 活动类型 → :class:`Choice`
- 媒体报道 (网、报、微、端、视、屏)     → :class:`Coverage`; 传播渠道 → :class:`Choice`

Everything here is plain data: no I/O, no MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """类别：what an entry is about."""

    PERSON = "person"
    COLLECTIVE = "collective"
    BRAND = "brand"
    PLACE = "place"


class Status(StrEnum):
    """草稿 (left out of builds, shown in the live preview) or 发布."""

    DRAFT = "draft"
    PUBLISHED = "published"


class Visibility(StrEnum):
    """内网 (internal edition only) or 公开 (both editions)."""

    INTERNAL = "internal"
    PUBLIC = "public"


MASK = "*"


@dataclass(frozen=True, slots=True)
class Column:
    """栏目 (a themed column), owned by editors in the vocabulary file."""

    id: str
    title: str
    description: str = ""
    order: int = 0


@dataclass(frozen=True, slots=True)
class Level:
    """荣誉级别: the lower the ``rank``, the higher the level (ranks are unique).

    Roles are the editors' to declare in vocab.yml, never assumed from the rank: ``home`` on the
    one level whose exemplars the home page counts (获国家级荣誉), ``report`` on the levels whose
    honours the report states when no honour is marked ``report: true`` itself.
    """

    id: str
    title: str
    rank: int
    color: str = "#c8102e"
    home: bool = False
    report: bool = False
    aliases: tuple[str, ...] = ()
    """Other words editors use for the level (全国级 for 国家级): suggested by meaning, not by spelling."""


@dataclass(frozen=True, slots=True)
class HonourDef:
    """A known honour: its full name, level, usual awarding body and short names.

    ``report`` marks the honours that get a sentence in the report's figures
    (「共有 6 名员工获评“中国好人”」); when no honour is marked, the honours of the
    two highest levels get one.
    """

    id: str
    name: str
    level: str
    awarded_by: str = ""
    aliases: tuple[str, ...] = ()
    report: bool = False


@dataclass(frozen=True, slots=True)
class Unit:
    """A node of the unit tree. ``path`` holds the ids from the root down to this unit."""

    id: str
    name: str
    path: tuple[str, ...]
    names: tuple[str, ...]
    children: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The unit's stable key, used in URLs: ids joined by ``/``."""
        return "/".join(self.path)

    @property
    def depth(self) -> int:
        return len(self.path)


@dataclass(frozen=True, slots=True)
class Pioneer:
    """先锋类型."""

    id: str
    title: str
    short: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Platform:
    """A video platform recognised from a film URL's host (subdomains included)."""

    id: str
    name: str
    hosts: tuple[str, ...]
    color: str = "#555555"
    mark: str = ""
    """A short label for the platform's mark on film cards (新华, B站 …); default: the name's first two characters."""


@dataclass(frozen=True, slots=True)
class Choice:
    """An editor-owned choice with an id (used in URLs and anchors) and a title:
    activity kinds (「“七进”巡讲」) and coverage channels (网、报、微、端、视、屏)."""

    id: str
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """词表: every list that editors own. Nothing of it is hard-coded."""

    archive_name: str
    organisation: str
    tagline: str
    columns: tuple[Column, ...]
    levels: tuple[Level, ...]
    honours: tuple[HonourDef, ...]
    units: tuple[Unit, ...]
    pioneers: tuple[Pioneer, ...]
    parties: tuple[str, ...]
    platforms: tuple[Platform, ...]
    search_words: tuple[str, ...] = ()
    activity_kinds: tuple[Choice, ...] = ()
    channels: tuple[Choice, ...] = ()
    nomination_stages: tuple[Choice, ...] = ()
    """推荐评选的阶段, in order (推荐 → 走访 → 评审 → 公示 → 发布)."""
    nomination_levels: tuple[Choice, ...] = ()
    """推荐层级 (党支部, 党委, 公司)."""

    def column(self, column_id: str) -> Column:
        return next(c for c in self.columns if c.id == column_id)

    def level(self, level_id: str) -> Level:
        return next(lv for lv in self.levels if lv.id == level_id)

    @property
    def home_level(self) -> Level | None:
        """The level whose exemplars the home page counts (``home: true``; one when there are levels)."""
        return next((lv for lv in self.levels if lv.home), None)

    def unit(self, key: str) -> Unit:
        return next(u for u in self.units if u.key == key)

    def pioneer(self, pioneer_id: str) -> Pioneer:
        return next(p for p in self.pioneers if p.id == pioneer_id)

    def platform(self, platform_id: str) -> Platform:
        return next(p for p in self.platforms if p.id == platform_id)

    def honour(self, honour_id: str) -> HonourDef:
        return next(h for h in self.honours if h.id == honour_id)


@dataclass(frozen=True, slots=True)
class Honour:
    """荣誉: one honour received by one exemplar."""

    honour_id: str
    name: str
    level: str
    year: int
    awarded_by: str = ""


@dataclass(frozen=True, slots=True)
class Film:
    """宣传片: a platform link and/or a local file inside the archive."""

    title: str
    url: str | None = None
    file: str | None = None
    poster: str | None = None
    views: int | None = None
    date: dt.date | None = None
    platform: str | None = None
    sources: tuple[str, ...] = ()  # the local file first, then the same film in other formats
    views_date: dt.date | None = None
    """The day ``views`` was counted (点击量统计日期); the film's date when not given."""


@dataclass(frozen=True, slots=True)
class Nomination:
    """推荐评选: where a candidate stands. Entries are nominated from the bottom (党支部 →
    党委 → 公司), visited and interviewed by a panel, then published. ``stage`` and ``level``
    are ids of the vocabulary's ``nomination_stages`` and ``nomination_levels``; the visit
    and the notes are internal (the public edition carries no nomination at all)."""

    stage: str
    level: str = ""
    by: str = ""
    date: dt.date | None = None
    visit: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Story:
    """事迹稿: one validated story. Paths are POSIX, relative to the stories folder."""

    path: str
    slug: str
    title: str
    name: str
    masked: bool
    kind: Kind
    unit: str
    date: dt.date
    columns: tuple[str, ...]
    body: str
    body_line: int = 1
    position: str = ""
    party: str = ""
    pioneer: str | None = None
    honours: tuple[Honour, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""
    photo: str | None = None
    photo_focus: tuple[int, int] | None = None
    """照片焦点: the point (x %, y % from the top left) that crops keep in view; None → the upper third."""
    films: tuple[Film, ...] = ()
    featured: bool = False
    status: Status = Status.PUBLISHED
    visibility: Visibility = Visibility.PUBLIC
    internal_fields: frozenset[str] = field(default_factory=frozenset)
    members: int | None = None
    """A collective's (or brand's) members: 「600 余人」 is ``600`` with ``members_approx``."""
    members_approx: bool = False
    teams: int | None = None
    """A collective's teams (「40 支」)."""
    nomination: Nomination | None = None

    @property
    def display_name(self) -> str:
        """The name as published: ``*`` when the editor asked for it to be masked."""
        return MASK if self.masked else self.name

    @property
    def is_draft(self) -> bool:
        return self.status is Status.DRAFT

    @property
    def is_internal(self) -> bool:
        return self.visibility is Visibility.INTERNAL


@dataclass(frozen=True, slots=True)
class Activity:
    """宣讲活动: one activity or series (a lecture tour of 27 sessions is one entry) in
    ``stories/activities.yml``. ``speakers`` are story slugs; ``unit`` a unit key."""

    id: str
    title: str
    kind: str
    date: dt.date
    place: str = ""
    unit: str = ""
    sessions: int = 1
    audience: int | None = None
    audience_approx: bool = False
    """True for 「1000 余人次」 (written ``audience: 1000余`` or ``1000+``)."""
    speakers: tuple[str, ...] = ()
    summary: str = ""
    visibility: Visibility = Visibility.PUBLIC

    @property
    def is_internal(self) -> bool:
        return self.visibility is Visibility.INTERNAL


@dataclass(frozen=True, slots=True)
class Coverage:
    """媒体报道: an article, report or broadcast about exemplars in ``stories/coverage.yml``.
    ``stories`` are story slugs; ``channel`` a channel id."""

    id: str
    title: str
    outlet: str
    channel: str
    date: dt.date
    url: str | None = None
    stories: tuple[str, ...] = ()
    summary: str = ""
    visibility: Visibility = Visibility.PUBLIC

    @property
    def is_internal(self) -> bool:
        return self.visibility is Visibility.INTERNAL
