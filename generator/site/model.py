"""The site model: one :class:`PageSpec` (source URI, template, title, context) per page.

Data flows one way: stories (already validated and redacted for the edition) → views
(cards, badges, profile) → page specs. Cards are made from front-matter fields only;
a story's Markdown is converted once, on its own page, by MkDocs.
"""

from __future__ import annotations

import math
from functools import partial
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from ..core.editions import Edition
from ..core.schema import Activity, Coverage, Film, Story, Vocabulary
from ..core.text import excerpt
from ..core.validate import KIND_LABELS
from . import indexes
from .activities import ACTIVITIES_URI, COVERAGE_URI, ActivityView, CoverageView, RecordViews
from .nominations import NOMINATIONS_URI, nomination_stages
from .links import rebase_links
from . import urls
from .memo import SiteMemo
from .urls import (
    column_uri,
    honour_uri,
    list_page_uris,
    pioneer_uri,
    platform_uri,
    poster_uri,
    story_uri,
    tag_uri,
    unit_uri,
    url_of,
    year_uri,
)
from .views import (
    ActivitiesPage,
    CoveragePage,
    NominationsPage,
    TimelineYear,
    Award,
    ColumnEntry,
    ColumnView,
    FilmsView,
    HomeView,
    HonourEntry,
    HonourLevelEntry,
    HonoursView,
    HonourView,
    Link,
    Pager,
    PioneerEntry,
    PioneersView,
    PioneerView,
    PlatformFilmsView,
    StatsView,
    StoryView,
    TagEntry,
    TagsView,
    TagView,
    UnitEntry,
    UnitsView,
    UnitView,
    YearEntry,
    YearHonour,
    YearsView,
    YearView,
)
from .pictures import Picture, use_pictures
from .portraits import MASKED_NAME, placeholder_mark
from .report import stats_page

PAGE_SIZE = 24
"""Cards on one page of a list (a column, unit, tag, pioneer type, year, platform's films)."""
LIST_PAGE_SIZE = 100
"""Lines on one page of a compact list (the recipients of an honour)."""
PAGER_REACH = 2
"""The pager links the first and last pages and this many either side of the current one."""
HONOUR_PREVIEW = 8
"""Recipients named for each honour on the honours index (its own pages list them all), and on a year's page."""
YEARS_PREVIEW = 3
"""Recipients named for each honour and year on the years index (the year's page names more)."""
FILMS_PREVIEW = 12
"""Films shown for each platform on the films page, most viewed first (its own pages list them all)."""
HOME_LATEST = 6
HOME_FEATURED = 4

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Badge:
    """An honour as a badge: coloured by level."""

    name: str
    level: str
    level_title: str
    color: str
    rank: int
    year: int
    awarded_by: str
    url: str


@dataclass(frozen=True, slots=True)
class Card:
    """A story as shown in lists: front-matter data only, never the rendered body."""

    slug: str
    url: str
    title: str
    name: str
    kind: str
    kind_label: str
    unit: str
    unit_path: str
    pioneer: str
    summary: str
    photo: str | None
    initial: str
    date: str
    year: int
    badges: tuple[Badge, ...]
    draft: bool
    films: int
    picture: Picture | None = None
    """The photo's resized versions; None when there is no photo (a placeholder is shown)."""
    focus: str = "50% 33%"
    """The photo's focal point as a CSS position (front matter ``photo_focus``; the upper third by default):
    every crop (card, profile, poster, film thumbnail) keeps it in view."""
    masked: bool = False
    """The name is masked: ``name`` is :data:`MASKED_NAME` and the portrait is the neutral 榜样 mark
    (a photo would name the person as surely as the name)."""
    position: str = ""


@dataclass(frozen=True, slots=True)
class Crumb:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class LevelBadges:
    level: str
    title: str
    color: str
    badges: tuple[Badge, ...]


@dataclass(frozen=True, slots=True)
class FilmView:
    title: str
    url: str | None
    file: str | None
    poster: str | None
    views: int | None
    date: str
    platform: str
    platform_name: str
    platform_color: str
    sources: tuple[tuple[str, str], ...] = ()  # (path, MIME type)
    story: Card | None = None
    platform_mark: str = ""


@dataclass(frozen=True, slots=True)
class FilmGroup:
    """The films of one platform, most viewed first."""

    platform: str
    name: str
    mark: str
    color: str
    films: tuple[FilmView, ...]
    """All of them; on the films page the first ``FILMS_PREVIEW``; none on the platform's own pages."""
    views: int
    count: int
    url: str | None = None
    """The platform's own pages, when the films page shows only some of its films."""


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One page of the site. ``src_uri`` decides the URL (``a/b.md`` → ``a/b.html``)."""

    src_uri: str
    title: str
    template: str
    kind: str
    context: object = None
    """What the template gets as ``ex``: the page kind's view (:mod:`generator.site.views`)."""
    markdown: str = ""
    story: Story | None = None
    hide: tuple[str, ...] = ("navigation", "toc")
    meta: Mapping[str, Any] = field(default_factory=dict)
    """Extra page meta for MkDocs and its plugins (e.g. ``{"search": {"exclude": True}}``)."""

    @property
    def url(self) -> str:
        return url_of(self.src_uri)


@dataclass(frozen=True, slots=True)
class NavItem:
    title: str
    src_uri: str


@dataclass(frozen=True, slots=True)
class SiteModel:
    """Every page of one edition, plus what all pages share."""

    edition: Edition
    vocab: Vocabulary
    stories: tuple[Story, ...]
    pages: tuple[PageSpec, ...]
    nav: tuple[NavItem, ...]
    cards: Mapping[str, Card]
    figures: Mapping[str, int]

    def page(self, src_uri: str) -> PageSpec | None:
        return next((p for p in self.pages if p.src_uri == src_uri), None)


class _Views:
    """Builds views once per story and shares them between pages."""

    def __init__(self, vocab: Vocabulary, stories: tuple[Story, ...],
                 pictures: Mapping[str, Picture] | None, memo: SiteMemo) -> None:
        self.vocab = vocab
        self.pictures = pictures or {}
        self.levels = {lv.id: lv for lv in vocab.levels}
        self.units = {u.key: u for u in vocab.units}
        self.pioneers = {p.id: p for p in vocab.pioneers}
        self.platforms = {p.id: p for p in vocab.platforms}
        kept = memo.cards.start(vocab)  # a new but equal vocabulary keeps the cards
        self.cards = {s.slug: kept.get(s, self.pictures.get(s.photo or ""), lambda: self._card(s)) for s in stories}
        kept.finish()

    def badge(self, honour_id: str, name: str, level_id: str, year: int, awarded_by: str) -> Badge:
        level = self.levels[level_id]
        return Badge(name, level.id, level.title, level.color, level.rank, year, awarded_by,
                     url_of(honour_uri(honour_id)))

    def badges(self, story: Story) -> tuple[Badge, ...]:
        items = [self.badge(h.honour_id, h.name, h.level, h.year, h.awarded_by) for h in story.honours]
        return tuple(sorted(items, key=lambda b: (b.rank, -b.year, b.name)))

    def _card(self, story: Story) -> Card:
        unit = self.units.get(story.unit)
        pioneer = self.pioneers.get(story.pioneer or "")
        return Card(
            slug=story.slug, url=url_of(story_uri(story.slug)), title=story.title,
            name=MASKED_NAME if story.masked else story.name,
            kind=story.kind.value, kind_label=KIND_LABELS[story.kind], unit=unit.name if unit else "",
            unit_path=" / ".join(unit.names[1:] or unit.names) if unit else "",
            pioneer=pioneer.title if pioneer else "", summary=story.summary or excerpt(story.body),
            photo=None if story.masked else story.photo,
            initial=placeholder_mark(story.name, story.kind, story.masked),
            date=story.date.isoformat(), year=story.date.year, badges=self.badges(story)[:3], draft=story.is_draft,
            films=len(story.films), picture=None if story.masked else self.pictures.get(story.photo or ""),
            masked=story.masked, position=story.position, focus=focus_position(story.photo_focus),
        )

    def film(self, film: Film, story: Story | None = None) -> FilmView:
        platform = self.platforms.get(film.platform or "")
        poster = self.pictures.get(film.poster or "")
        return FilmView(
            title=film.title, url=film.url, file=film.file, poster=poster.page.jpeg.uri if poster else film.poster,
            views=film.views,
            date=film.date.isoformat() if film.date else "",
            platform=platform.id if platform else ("local" if film.file and not film.url else "other"),
            platform_name=platform.name if platform else ("本地视频" if not film.url else "其他平台"),
            platform_color=platform.color if platform else "#555555",
            sources=tuple((src, "video/webm" if src.endswith(".webm") else "video/ogg" if src.endswith(".ogv")
                           else "video/mp4") for src in film.sources),
            story=self.cards.get(story.slug) if story else None,
            platform_mark=platform.mark if platform else ("本地" if not film.url else "其他"),
        )


DEFAULT_FOCUS = (50, 33)
"""Where a face usually is in a portrait: centred, a third of the way down."""


def focus_position(focus: tuple[int, int] | None) -> str:
    """The focal point as a CSS ``object-position`` ("50% 33%")."""
    x, y = focus or DEFAULT_FOCUS
    return f"{x}% {y}%"


def _cards(views: _Views, stories: Iterable[Story]) -> tuple[Card, ...]:
    return tuple(views.cards[s.slug] for s in stories)


def _paginate(first: str, title: str, template: str, kind: str, items: Sequence[T],
              view: Callable[[tuple[T, ...], Pager], object], size: int = PAGE_SIZE) -> list[PageSpec]:
    """A long list on pages of ``size`` items, each page's view made by ``view(items, pager)``.

    The pages' addresses come from :func:`generator.site.urls.list_page_uris`; a page's pager
    links only the pages near it, so its size does not grow with the list.
    """
    count = max(1, math.ceil(len(items) / size))
    uris = list_page_uris(first, count)
    pages = []
    for n, uri in enumerate(uris, start=1):
        pager = Pager(n, count, len(items), size, url_of(uris[n - 2]) if n > 1 else None,
                      url_of(uris[n]) if n < count else None, _pager_links(n, uris))
        page_title = title if n == 1 else f"{title}（第 {n} 页）"
        pages.append(PageSpec(uri, page_title, template, kind, view(tuple(items[(n - 1) * size : n * size]), pager)))
    return pages


def _pager_links(number: int, uris: Sequence[str]) -> tuple[tuple[int | None, str | None], ...]:
    """(page number, URL) for the first, the last and the pages near ``number``; (None, None) for a gap."""
    shown = sorted({1, len(uris), *range(max(1, number - PAGER_REACH), min(len(uris), number + PAGER_REACH) + 1)})
    links: list[tuple[int | None, str | None]] = []
    previous = 0
    for n in shown:
        if n > previous + 1:
            links.append((None, None))
        links.append((n, url_of(uris[n - 1])))
        previous = n
    return tuple(links)


def build_site_model(
    stories: tuple[Story, ...],
    vocab: Vocabulary,
    edition: Edition = Edition.INTERNAL,
    extra_pages: tuple[Callable[[SiteModel], list[PageSpec]], ...] = (),
    pictures: Mapping[str, Picture] | None = None,
    memo: SiteMemo | None = None,
    activities: tuple[Activity, ...] = (),
    coverage: tuple[Coverage, ...] = (),
    candidates: tuple[Story, ...] = (),
) -> SiteModel:
    """All pages of one edition from its (already chosen and redacted) stories: one function per
    page kind, each giving its pages' specs with their typed views (:mod:`generator.site.views`).

    ``pictures`` holds the resized versions of the images stories show, by source path.
    ``memo`` (the preview's, kept between its rebuilds) hands out again what the last build
    made from unchanged stories; without one, everything is made afresh.
    ``activities`` and ``coverage`` are the edition's; ``candidates`` (stories with a nomination,
    drafts included) make the internal edition's 「推荐评选」 page, never the public edition's.
    """
    memo = memo if memo is not None else SiteMemo()
    views = _Views(vocab, stories, pictures, memo)
    tree = indexes.unit_tree(stories, vocab)
    figures = _figures(stories, views, tree)
    columns = indexes.by_column(stories, vocab)
    tags = indexes.by_tag(stories)
    records = RecordViews(vocab, activities, coverage, {slug: (c.name, c.url) for slug, c in views.cards.items()})
    nominated = candidates if edition is Edition.INTERNAL else ()
    pages = [
        _home_page(stories, views, columns, figures),
        *_column_pages(views, columns),
        *_story_pages(stories, views, tags, memo, records),
        *_honour_pages(stories, views, figures),
        *_unit_pages(views, tree),
        *_pioneer_pages(stories, views),
        *_year_pages(stories, views),
        *_tag_pages(views, tags),
        PageSpec(urls.STATS, "数据统计", "stats.html", "stats",
                 StatsView(stats_page(stories, vocab, scope_prefix=edition.label, activities=activities,
                                      coverage=coverage))),
        *_film_pages(stories, views, figures),
        *_record_pages(records, activities, coverage),
        *_nomination_pages(nominated, views),
    ]
    nav = (
        NavItem("首页", urls.HOME),
        *(NavItem(c.title, column_uri(c.id)) for c in vocab.columns),
        NavItem("荣誉榜", urls.HONOURS),
        NavItem("单位", urls.UNITS),
        NavItem("先锋类型", urls.PIONEERS),
        NavItem("年份", urls.YEARS),
        NavItem("标签", urls.TAGS),
        NavItem("影像", urls.FILMS),
        *((NavItem("宣讲活动", ACTIVITIES_URI),) if activities else ()),
        *((NavItem("媒体报道", COVERAGE_URI),) if coverage else ()),
        *((NavItem("推荐评选", NOMINATIONS_URI),) if nominated else ()),
        NavItem("数据统计", urls.STATS),
    )
    model = SiteModel(edition, vocab, stories, tuple(pages), nav, views.cards, figures)
    for extra in extra_pages:
        model = _with_pages(model, extra(model))
    _check_unique(model.pages)
    return model


def _figures(stories: tuple[Story, ...], views: _Views, tree: Sequence[indexes.UnitNode]) -> dict[str, int]:
    """The archive's headline figures (the home page's, the films page's)."""
    films = [f for s in stories for f in s.films]
    return {
        "exemplars": len(stories),
        "home_level_honours": sum(1 for s in stories for h in s.honours if views.levels[h.level].home),
        "home_level_exemplars": sum(1 for s in stories if any(views.levels[h.level].home for h in s.honours)),
        "honours": sum(len(s.honours) for s in stories),
        "films": len(films),
        "film_views": sum(f.views or 0 for f in films),
        "units": sum(1 for n in indexes.flatten_units(tree) if n.total),
    }


def _home_page(stories: tuple[Story, ...], views: _Views, columns: Mapping[str, list[Story]],
               figures: Mapping[str, int]) -> PageSpec:
    featured = [s for s in stories if s.featured][:HOME_FEATURED]
    entries = tuple(
        ColumnEntry(c.id, c.title, c.description, len(columns.get(c.id, [])), url_of(column_uri(c.id)),
                    views.cards[columns[c.id][0].slug] if columns.get(c.id) else None)
        for c in views.vocab.columns)
    return PageSpec(urls.HOME, views.vocab.archive_name, "home.html", "home",
                    HomeView(entries, figures, _cards(views, stories[:HOME_LATEST]), _cards(views, featured),
                             views.vocab.home_level))


def _column_pages(views: _Views, columns: Mapping[str, list[Story]]) -> list[PageSpec]:
    pages: list[PageSpec] = []
    for column in views.vocab.columns:
        pages += _paginate(column_uri(column.id), column.title, "column.html", "column",
                           _cards(views, columns.get(column.id, [])),
                           partial(ColumnView, column))
    return pages


def _story_pages(stories: tuple[Story, ...], views: _Views, tags: Sequence[indexes.TagGroup],
                 memo: SiteMemo, records: RecordViews) -> list[PageSpec]:
    tag_urls = {t.tag: url_of(tag_uri(t.slug)) for t in tags}
    related = indexes.related_all(stories)
    kept = memo.story_pages.start((views.vocab, views.pictures))
    pages = []
    for story in stories:
        mentions = records.of_story(story.slug)
        inputs = (views.cards[story.slug], related[story.slug], tuple(tag_urls[t] for t in story.tags), mentions)
        pages.append(kept.get(story, inputs, lambda: _story_page(story, related[story.slug], views, views.vocab,
                                                                   tag_urls, mentions)))
    kept.finish()
    return pages


def _honour_pages(stories: tuple[Story, ...], views: _Views, figures: Mapping[str, int]) -> list[PageSpec]:
    groups = indexes.group_honours(stories, views.vocab)
    index = tuple(
        HonourLevelEntry(views.levels[g.level], g.count, tuple(
            HonourEntry(h.honour_id, h.name, h.count, url_of(honour_uri(h.honour_id)),
                        tuple(Award(views.cards[a.story.slug], a.honour.year)
                              for a in sorted(h.awards, key=lambda a: -a.honour.year)[:HONOUR_PREVIEW]),
                        len(h.awards) > HONOUR_PREVIEW)
            for h in g.honours))
        for g in groups)
    pages = [PageSpec(urls.HONOURS, "荣誉榜", "honours.html", "honours", HonoursView(index, figures["honours"]))]
    for group in groups:
        for h in group.honours:
            definition, level = views.vocab.honour(h.honour_id), views.levels[h.level]
            # an honour roll reads by year, newest first (then by name, as group_honours orders them)
            awards = [Award(views.cards[a.story.slug], a.honour.year, a.honour.awarded_by)
                      for a in sorted(h.awards, key=lambda a: -a.honour.year)]
            pages += _paginate(honour_uri(h.honour_id), h.name, "honour.html", "honour", awards,
                               partial(HonourView, definition, level, h.count), size=LIST_PAGE_SIZE)
    return pages


def _unit_entry(node: indexes.UnitNode) -> UnitEntry:
    return UnitEntry(node.unit, url_of(unit_uri(node.unit.key)), len(node.direct), len(node.total),
                     tuple(_unit_entry(c) for c in node.children))


def _unit_pages(views: _Views, tree: Sequence[indexes.UnitNode]) -> list[PageSpec]:
    pages = [PageSpec(urls.UNITS, "单位", "units.html", "units", UnitsView(tuple(_unit_entry(n) for n in tree)))]
    for node in indexes.flatten_units(tree):
        crumbs = _crumbs(node.unit.key, views)
        children = tuple(_unit_entry(c) for c in node.children)
        pages += _paginate(unit_uri(node.unit.key), node.unit.name, "unit.html", "unit", _cards(views, node.total),
                           partial(UnitView, node.unit, crumbs, len(node.direct), children))
    return pages


def _pioneer_pages(stories: tuple[Story, ...], views: _Views) -> list[PageSpec]:
    by_type = indexes.group_by(stories, "pioneer")
    entries = tuple(PioneerEntry(p, url_of(pioneer_uri(p.id)), len(by_type.get(p.id, []))) for p in views.vocab.pioneers)
    pages = [PageSpec(urls.PIONEERS, "先锋类型", "pioneers.html", "pioneers", PioneersView(entries))]
    for p in views.vocab.pioneers:
        pages += _paginate(pioneer_uri(p.id), p.title, "pioneer.html", "pioneer", _cards(views, by_type.get(p.id, [])),
                           partial(PioneerView, p))
    return pages


def _year_pages(stories: tuple[Story, ...], views: _Views) -> list[PageSpec]:
    years = indexes.by_year(stories)
    entries = tuple(YearEntry(y.year, url_of(year_uri(y.year)), len(y.stories), len(y.awards),
                              _honours_of_year(y, views, YEARS_PREVIEW)) for y in years)
    pages = [PageSpec(urls.YEARS, "年份", "years.html", "years", YearsView(entries))]
    for y in years:
        entry = YearEntry(y.year, url_of(year_uri(y.year)), len(y.stories), len(y.awards),
                          _honours_of_year(y, views, HONOUR_PREVIEW))
        pages += _paginate(year_uri(y.year), f"{y.year} 年", "year.html", "year", _cards(views, y.stories),
                           partial(YearView, entry))
    return pages


def _tag_pages(views: _Views, tags: Sequence[indexes.TagGroup]) -> list[PageSpec]:
    entries = tuple(TagEntry(t.tag, url_of(tag_uri(t.slug)), len(t.stories)) for t in tags)
    pages = [PageSpec(urls.TAGS, "标签", "tags.html", "tags", TagsView(entries))]
    for t in tags:
        pages += _paginate(tag_uri(t.slug), f"标签：{t.tag}", "tag.html", "tag", _cards(views, t.stories),
                           partial(TagView, t.tag))
    return pages


def _crumbs(unit_key: str, views: _Views) -> tuple[Crumb, ...]:
    return tuple(Crumb(u.name, url_of(unit_uri(u.key))) for u in indexes.unit_ancestors(unit_key, views.units))


def _check_unique(pages: Sequence[PageSpec]) -> None:
    """Two pages at one address would silently lose one (a unit with the id ``page-2``, say)."""
    seen = Counter(p.src_uri for p in pages)
    twice = sorted(uri for uri, n in seen.items() if n > 1)
    if twice:
        raise ValueError(f"two pages would be written to {', '.join(twice)}")


def _honours_of_year(year: indexes.YearGroup, views: _Views, names: int = HONOUR_PREVIEW) -> tuple[YearHonour, ...]:
    """Each honour received that year, once, with how many received it and who (the first
    ``names`` cards, in the awards' order; ``more`` when there are others): highest level first."""
    counts = Counter(a.honour.honour_id for a in year.awards)
    entries = []
    for honour_id, count in counts.items():
        definition = views.vocab.honour(honour_id)
        entries.append(YearHonour(views.badge(honour_id, definition.name, definition.level, year.year,
                                              definition.awarded_by), count,
                                  tuple(views.cards[a.story.slug] for a in year.awards
                                        if a.honour.honour_id == honour_id)[:names], count > names))
    return tuple(sorted(entries, key=lambda e: (e.badge.rank, e.badge.name, e.badge.url)))


def _with_pages(model: SiteModel, pages: list[PageSpec]) -> SiteModel:
    return SiteModel(model.edition, model.vocab, model.stories, model.pages + tuple(pages), model.nav,
                     model.cards, model.figures)


def _story_page(story: Story, related: tuple[Story, ...], views: _Views, vocab: Vocabulary,
                tag_urls: Mapping[str, str],
                mentions: tuple[tuple[ActivityView, ...], tuple[CoverageView, ...]] = ((), ())) -> PageSpec:
    card = views.cards[story.slug]
    grouped: list[LevelBadges] = []
    for level in vocab.levels:
        badges = tuple(b for b in views.badges(story) if b.level == level.id)
        if badges:
            grouped.append(LevelBadges(level.id, level.title, level.color, badges))
    pioneer = views.pioneers.get(story.pioneer or "")
    view = StoryView(
        card=card, story=story, crumbs=_crumbs(story.unit, views), honour_levels=tuple(grouped), pioneer=pioneer,
        pioneer_url=url_of(pioneer_uri(pioneer.id)) if pioneer else None,
        columns=tuple(Link(vocab.column(c).title, url_of(column_uri(c))) for c in story.columns),
        tags=tuple(TagEntry(t, tag_urls[t]) for t in story.tags),
        films=tuple(views.film(f) for f in story.films),
        related=_cards(views, related),
        poster_url=url_of(poster_uri(story.slug)),
        activities=mentions[0],
        coverage=mentions[1],
        timeline=honour_timeline(views.badges(story)),
        size=_size(story),
    )
    markdown = rebase_links(use_pictures(story.body, story.path, views.pictures, depth=1), story.path, depth=1)
    return PageSpec(story_uri(story.slug), story.title, "story.html", "story", view, markdown, story,
                    hide=("navigation",))


def _film_pages(stories: tuple[Story, ...], views: _Views, figures: Mapping[str, int]) -> list[PageSpec]:
    """The films page (each platform's most viewed films and the totals), and each platform's
    films on pages of their own when there are more than the films page shows."""
    films = [views.film(f, s) for s in stories for f in s.films]
    order = [p.id for p in views.vocab.platforms] + ["local", "other"]
    groups: list[FilmGroup] = []
    pages: list[PageSpec] = []
    for platform in order:
        items = sorted((f for f in films if f.platform == platform),
                       key=lambda f: (-(f.views or 0), f.date, f.title))
        if not items:
            continue
        first = items[0]
        group = FilmGroup(platform, first.platform_name, first.platform_mark, first.platform_color,
                          tuple(items), sum(f.views or 0 for f in items), len(items))
        if len(items) > FILMS_PREVIEW:
            bare = replace(group, films=())
            pages += _paginate(platform_uri(platform), f"影像：{group.name}", "films-platform.html", "films-platform",
                               items, partial(PlatformFilmsView, bare))
            group = replace(group, films=tuple(items[:FILMS_PREVIEW]), url=url_of(platform_uri(platform)))
        groups.append(group)
    pages.insert(0, PageSpec(urls.FILMS, "影像", "films.html", "films", FilmsView(
        tuple(groups), figures["films"], figures["film_views"],
        tuple(sorted(groups, key=lambda g: (-g.views, order.index(g.platform)))))))
    return pages


def _record_pages(records: RecordViews, activities: tuple[Activity, ...],
                  coverage: tuple[Coverage, ...]) -> list[PageSpec]:
    """宣讲活动 by year and kind, 媒体报道 by channel: each only when the edition has any."""
    pages = []
    if activities:
        pages.append(PageSpec(ACTIVITIES_URI, "宣讲活动", "activities.html", "activities", ActivitiesPage(
            records.by_year(), records.totals(), len(activities), sum(a.sessions for a in activities))))
    if coverage:
        pages.append(PageSpec(COVERAGE_URI, "媒体报道", "coverage.html", "coverage",
                              CoveragePage(records.by_channel(), len(coverage))))
    return pages


def _nomination_pages(candidates: tuple[Story, ...], views: _Views) -> list[PageSpec]:
    """The internal 「推荐评选」 page (the caller passes no candidates for the public edition)."""
    if not candidates:
        return []
    stages = nomination_stages(candidates, views.vocab, {slug: card.url for slug, card in views.cards.items()})
    return [PageSpec(NOMINATIONS_URI, "推荐评选", "nominations.html", "nominations",
                     NominationsPage(stages, sum(len(st.candidates) for st in stages)))]


def honour_timeline(badges: Iterable[Badge]) -> tuple[TimelineYear, ...]:
    """The honours year by year, oldest first (the story page's 荣誉历程)."""
    years: dict[int, list[Badge]] = {}
    for badge in badges:
        years.setdefault(badge.year, []).append(badge)
    return tuple(TimelineYear(y, tuple(sorted(b, key=lambda x: (x.rank, x.name)))) for y, b in sorted(years.items()))


def _size(story: Story) -> dict[str, Any] | None:
    """A collective's size for its page: 「40 支队伍 · 600 余人」."""
    if story.teams is None and story.members is None:
        return None
    return {"teams": story.teams, "members": story.members, "approx": story.members_approx}
