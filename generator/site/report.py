"""Figures in words and tables: the report's sentences and the statistics tables.

The sentences read like the experience report (「共有 6 名员工获评“中国好人”」,
「拍摄先进典型事迹宣传片 12 部，累计点击量达 1500 万人次」); which honours get one is
the editors' choice (``report: true`` in vocab.yml). The tables are shared by the
terminal (``exemplar stats``), the spreadsheet's 汇总 sheet and the statistics page,
so the three always agree. Pure functions; the Chinese wording lives in the tables below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..core.schema import MASK, Activity, Coverage, Kind, Story, Vocabulary
from .charts import BarChart, bar_chart
from .portraits import MASKED_NAME
from .stats import HonourCount, Stats, compute_stats

# Chinese wording, in one place.
PHRASES: dict[str, str] = {
    "honour": "{recipients}获评“{honour}”",
    "films": "拍摄先进典型事迹宣传片 {count} 部",
    "activity": "开展{kind} {sessions} 场",
    "audience": "受众达 {audience}",
    "coverage": "刊播媒体报道 {count} 篇",
    "coverage_by": "（{parts}）",
    "coverage_part": "{channel} {count} 篇",
    "views": "累计点击量达 {views}",
    "first": "共有 {phrase}",
    "list_sep": "、",
    "clause_sep": "，",
    "end": "。",
    "scope_all": "全部单位、全部年份",
    "scope_year": "{year} 年",
    "scope_years": "{since}—{until} 年",
    "scope_since": "{since} 年以来",
    "scope_until": "{until} 年及以前",
    "scope_sep": "，",
}
# Measure word and noun per kind: 「6 名员工」「1 个集体」.
RECIPIENTS: dict[str, str] = {
    Kind.PERSON.value: "{n} 名员工",
    Kind.COLLECTIVE.value: "{n} 个集体",
    Kind.BRAND.value: "{n} 个品牌",
    Kind.PLACE.value: "{n} 个阵地",
}
VIEWS_UNIT = "人次"
WAN, YI = 10**4, 10**8


def format_cn(n: int) -> str:
    """A count in Chinese style: 9800 → "9800"; 123456 → "12.3 万"; 15004200 → "1500 万";
    123456789 → "1.2 亿".

    One decimal below 100 of the unit (dropped when zero), none from 100 up, as reports
    write them; a value that rounds up to the next unit moves to it (99,999,999 → "1 亿").
    """
    if n < 0:
        return "-" + format_cn(-n)
    if n < WAN:
        return str(n)
    size, name = (YI, "亿") if n >= YI else (WAN, "万")
    value = _rounded(n, size)
    if size == WAN and value >= WAN:
        size, name, value = YI, "亿", _rounded(n, YI)
    return f"{value.normalize():f} {name}"


def _rounded(n: int, size: int) -> Decimal:
    value = Decimal(n) / Decimal(size)
    step = Decimal("1") if value >= 100 else Decimal("0.1")
    return value.quantize(step, rounding=ROUND_HALF_UP)


def quantity(n: int, unit: str) -> str:
    """A count with its unit, spaced the way the report reads: "9800 人次", "1500 万人次"."""
    text = format_cn(n)
    return f"{text}{unit}" if text[-1] in "万亿" else f"{text} {unit}"


def reported_honours(stats: Stats, vocab: Vocabulary) -> tuple[HonourCount, ...]:
    """The honours that get a sentence: those marked ``report: true`` in the vocabulary,
    or, when none is marked, every honour of the levels marked ``report: true`` (国家级, 省级 in the sample)."""
    if any(h.report for h in vocab.honours):
        return tuple(h for h in stats.by_honour if h.report)
    stated = {lv.id for lv in vocab.levels if lv.report}
    return tuple(h for h in stats.by_honour if h.level in stated)


def honour_phrase(honour: HonourCount) -> str:
    """「6 名员工获评“中国好人”」; 「1 名员工、1 个集体获评“全国敬老文明号”」."""
    recipients = PHRASES["list_sep"].join(RECIPIENTS[c.key].format(n=c.count) for c in honour.by_kind)
    return PHRASES["honour"].format(recipients=recipients, honour=honour.name)


def film_phrase(stats: Stats) -> str | None:
    """「拍摄先进典型事迹宣传片 12 部，累计点击量达 1500 万人次」, or None without films."""
    films = stats.films
    if not films.count:
        return None
    phrase = PHRASES["films"].format(count=films.count)
    if films.with_views:
        phrase += PHRASES["clause_sep"] + PHRASES["views"].format(views=quantity(films.views, VIEWS_UNIT))
    return phrase


def activity_phrases(stats: Stats) -> tuple[str, ...]:
    """「开展“七进”巡讲 27 场，受众达 1000 余人次」, one per kind of activity."""
    out = []
    for a in stats.activities:
        phrase = PHRASES["activity"].format(kind=a.title, sessions=a.sessions)
        if a.audience:
            amount = f"{format_cn(a.audience)} 余{VIEWS_UNIT}" if a.approx else quantity(a.audience, VIEWS_UNIT)
            phrase += PHRASES["clause_sep"] + PHRASES["audience"].format(audience=amount)
        out.append(phrase)
    return tuple(out)


def coverage_phrase(stats: Stats) -> str | None:
    """「刊播媒体报道 4 篇（电视与视频 1 篇、网站 1 篇）」, or None without coverage."""
    if not stats.coverage_total:
        return None
    parts = PHRASES["list_sep"].join(PHRASES["coverage_part"].format(channel=c.label, count=c.count)
                                     for c in stats.coverage)
    return PHRASES["coverage"].format(count=stats.coverage_total) + PHRASES["coverage_by"].format(parts=parts)


def _media_phrases(stats: Stats) -> list[str]:
    out = []
    films = film_phrase(stats)
    if films:
        out.append(films)
    out.extend(activity_phrases(stats))
    coverage = coverage_phrase(stats)
    if coverage:
        out.append(coverage)
    return out


def report_sentences(stats: Stats, vocab: Vocabulary) -> tuple[str, ...]:
    """One sentence per reported honour that someone received, then the films, each kind
    of activity and the coverage; each stands alone (「共有 6 名员工获评“中国好人”」)."""
    out = [PHRASES["first"].format(phrase=honour_phrase(h)) for h in reported_honours(stats, vocab)]
    out.extend(_media_phrases(stats))
    return tuple(out)


def report_paragraph(stats: Stats, vocab: Vocabulary) -> str:
    """The sentences as one passage, the way the report runs them together:
    「共有 6 名员工获评“中国好人”，2 名员工获评“福建省见义勇为先进个人”，拍摄……。」"""
    phrases = [honour_phrase(h) for h in reported_honours(stats, vocab)]
    if phrases:
        phrases[0] = PHRASES["first"].format(phrase=phrases[0])
    phrases.extend(_media_phrases(stats))
    return PHRASES["clause_sep"].join(phrases) + PHRASES["end"] if phrases else ""


def scope_label(stats: Stats, edition_title: str = "") -> str:
    """What the figures cover: 「内网版，国网三明供电公司/国网沙县供电公司，2023 年」."""
    parts = [p for p in (edition_title, stats.unit_name) if p]
    years = years_label(stats.since, stats.until)
    if years:
        parts.append(years)
    if not stats.unit_name and not years:
        parts.append(PHRASES["scope_all"])
    return PHRASES["scope_sep"].join(parts)


def years_label(since: int | None, until: int | None) -> str:
    """「2023 年」「2021—2023 年」「2021 年以来」「2023 年及以前」, or "" for all years."""
    if since is not None and since == until:
        return PHRASES["scope_year"].format(year=since)
    if since is not None and until is not None:
        return PHRASES["scope_years"].format(since=since, until=until)
    if since is not None:
        return PHRASES["scope_since"].format(since=since)
    if until is not None:
        return PHRASES["scope_until"].format(until=until)
    return ""


# --- tables -------------------------------------------------------------------------

Cell = str | int


@dataclass(frozen=True, slots=True)
class Row:
    """One table row; ``depth`` indents tree rows (the unit table)."""

    cells: tuple[Cell, ...]
    depth: int = 0


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table of figures. ``chart`` holds the (label, value) pairs to draw as
    bars, empty when the table is not charted; ``numeric`` marks right-aligned columns."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    numeric: tuple[bool, ...]
    chart: tuple[tuple[str, int], ...] = ()
    chart_title: str = ""


def stats_tables(stats: Stats) -> tuple[Table, ...]:
    """Every figure of ``stats`` as tables, in reading order."""
    films = stats.films
    overview = Table(
        key="overview", title="汇总", headers=("项目", "数量"), numeric=(False, True),
        rows=(
            Row(("先进典型", stats.exemplars)),
            Row(("获得荣誉的典型", stats.honoured)),
            Row(("荣誉（次）", stats.awards)),
            Row(("宣传片（部）", films.count)),
            Row(("平台发布", films.online), 1),
            Row(("本地存档", films.local), 1),
            Row(("累计点击量（人次）", films.views)),
            *((Row(("集体的队伍（支）", stats.teams)),) if stats.teams else ()),
            *((Row(("集体的成员（人）", f"{stats.members}余" if stats.members_approx else stats.members)),)
              if stats.members else ()),
        ),
    )
    kinds = Table(
        key="kind", title="按类别", headers=("类别", "典型数"), numeric=(False, True),
        rows=tuple(Row((c.label, c.count)) for c in stats.by_kind),
        chart=tuple((c.label, c.count) for c in stats.by_kind), chart_title="先进典型按类别",
    )
    levels = Table(
        key="level", title="按荣誉级别", headers=("荣誉级别", "获得者", "荣誉次数"), numeric=(False, True, True),
        rows=tuple(Row((lv.title, lv.exemplars, lv.awards)) for lv in stats.by_level),
        chart=tuple((lv.title, lv.exemplars) for lv in stats.by_level), chart_title="各级荣誉获得者",
    )
    honours = Table(
        key="honour", title="按荣誉", headers=("荣誉", "级别", "获得者", "次数", "名单"),
        numeric=(False, False, True, True, False),
        rows=tuple(Row((h.name, h.level_title, h.exemplars, h.awards, "、".join(MASKED_NAME if n == MASK else n for n in h.names)))
                   for h in stats.by_honour),
        chart=tuple((h.name, h.exemplars) for h in stats.by_honour), chart_title="各项荣誉获得者",
    )
    years = Table(
        key="year", title="按年份", headers=("年份", "新增典型", "获得荣誉"), numeric=(False, True, True),
        rows=tuple(Row((str(y.year), y.exemplars, y.awards)) for y in stats.by_year),
        chart=tuple((f"{y.year}", y.awards) for y in stats.by_year), chart_title="每年获得荣誉（次）",
    )
    base = min((u.depth for u in stats.by_unit), default=1)
    units = Table(
        key="unit", title="按单位（合计含下级单位）", headers=("单位", "合计", "本级"), numeric=(False, True, True),
        rows=tuple(Row((u.name, u.total, u.direct), u.depth - base) for u in stats.by_unit),
        chart=tuple((u.name, u.total) for u in stats.by_unit if u.depth == base + 1),
        chart_title="下级单位的先进典型（含其下级）",
    )
    pioneers = Table(
        key="pioneer", title="按先锋类型", headers=("先锋类型", "典型数"), numeric=(False, True),
        rows=tuple(Row((c.label, c.count)) for c in stats.by_pioneer),
        chart=tuple((c.label, c.count) for c in stats.by_pioneer), chart_title="先进典型按先锋类型",
    )
    platforms = Table(
        key="platform", title="宣传片按平台", headers=("平台", "宣传片"), numeric=(False, True),
        rows=tuple(Row((c.label, c.count)) for c in films.by_platform),
        chart=tuple((c.label, c.count) for c in films.by_platform if c.count), chart_title="宣传片按发布平台",
    )
    tables = [overview, kinds, levels, honours, years, units, pioneers, platforms]
    if stats.activities:
        tables.append(Table(
            key="activity", title="宣讲活动", headers=("活动类型", "活动", "场次", "受众（人次）"),
            numeric=(False, True, True, True),
            rows=tuple(Row((a.title, a.entries, a.sessions, f"{a.audience}余" if a.approx else a.audience))
                       for a in stats.activities),
            chart=tuple((a.title, a.sessions) for a in stats.activities), chart_title="各类宣讲活动场次",
        ))
    if stats.coverage:
        tables.append(Table(
            key="coverage", title="媒体报道按渠道", headers=("渠道", "报道（篇）"), numeric=(False, True),
            rows=tuple(Row((c.label, c.count)) for c in stats.coverage),
            chart=tuple((c.label, c.count) for c in stats.coverage), chart_title="媒体报道按渠道",
        ))
    return tuple(tables)


# --- the statistics page -----------------------------------------------------------


def wide_chart(items: tuple[tuple[str, int], ...]) -> BarChart:
    """A chart in a card of the desktop page's two columns: drawn at about its own size (1 unit ≈ 1 px)."""
    return bar_chart(items, width=560, font_size=14, max_label_width=196)


def narrow_chart(items: tuple[tuple[str, int], ...]) -> BarChart:
    """A chart on a phone: a 390 px screen leaves about 330 px in the card."""
    return bar_chart(items, width=330, font_size=14, max_label_width=112)


@dataclass(frozen=True, slots=True)
class Section:
    """One figure of the statistics page: a table and, when it is charted, its bars."""

    id: str
    table: Table
    chart: BarChart | None
    chart_narrow: BarChart | None = None
    """The same bars laid out for a phone's width, so that its text is drawn at a readable size
    (≥ 12 px at 390 px) instead of the wide chart scaled down."""


@dataclass(frozen=True, slots=True)
class StatsPage:
    """Everything the statistics page shows (template ``stats.html``)."""

    stats: Stats
    scope: str
    sentences: tuple[str, ...]
    paragraph: str
    sections: tuple[Section, ...]


def stats_page(stories: Iterable[Story], vocab: Vocabulary, *, year: int | None = None,
               unit: str | None = None, scope_prefix: str = "", activities: Iterable[Activity] = (),
               coverage: Iterable[Coverage] = ()) -> StatsPage:
    """The statistics page's data for the edition's ``stories``, activities and coverage."""
    stats = compute_stats(stories, vocab, year=year, unit=unit, activities=activities, coverage=coverage)
    sections = tuple(
        Section(id=f"ex-stats-{t.key}", table=t, chart=wide_chart(t.chart) if t.chart else None,
                chart_narrow=narrow_chart(t.chart) if t.chart else None)
        for t in stats_tables(stats)
    )
    return StatsPage(stats=stats, scope=scope_label(stats, scope_prefix), sentences=report_sentences(stats, vocab),
                     paragraph=report_paragraph(stats, vocab), sections=sections)
