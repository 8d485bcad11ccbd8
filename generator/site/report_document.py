"""The Word report's content (``exemplar report --docx``): headings, sentences and tables.

The figures section of the company's annual publicity report, laid out the way the
report is written: a title, the scope, numbered parts (「一、总体情况」…), each a passage
of sentences and a table. Every number is counted from the stories by
:func:`~generator.site.stats.compute_stats`, exactly as on the statistics page; each
reported honour gets its own sentence with the number of its holders. This module
only decides *what* the document says; :mod:`generator.outputs.word_report` writes it
in the house style. Pure: no I/O, no python-docx.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.schema import Activity, Coverage, Story, Vocabulary
from .report import (
    PHRASES,
    Row,
    Table,
    activity_phrases,
    coverage_phrase,
    film_phrase,
    format_cn,
    honour_phrase,
    report_paragraph,
    reported_honours,
    scope_label,
    stats_tables,
)
from .stats import Stats, compute_stats

# Chinese wording of the document, in one place.
WORDING: dict[str, str] = {
    "title": "{organisation}先进典型选树宣传情况",
    "subtitle": "（{scope}）",
    "dated": "{organisation}　{year} 年 {month} 月 {day} 日",
    "part": "{number}、{title}",
    "overview": "总体情况",
    "honours": "荣誉获得情况",
    "units": "分单位情况",
    "years": "分年度情况",
    "films": "宣传片",
    "activities": "宣讲活动与媒体报道",
    "activities_text": "{phrases}。",
    "overview_text": "统计范围内共有先进典型 {exemplars} 个（人），其中{kinds}；{honoured} 个（人）获得荣誉 {awards} 次。",
    "no_honours": "统计范围内没有获得荣誉的记录。",
    "honours_text": "{sentences}。",
    "units_text": "各单位先进典型数如下表（“合计”含下级单位）。",
    "years_text": "各年度新增先进典型和获得荣誉次数如下表，“较上年”为获得荣誉次数的增减。",
    "no_films": "统计范围内没有宣传片。",
    "films_text": "{films}。",
    "kind_part": "{label} {count} 个",
    "yoy_none": "—",
    "yoy_up": "增加 {diff} 次（{pct}）",
    "yoy_down": "减少 {diff} 次（{pct}）",
    "yoy_same": "持平",
    "yoy_new": "增加 {diff} 次",
}
PART_NUMBERS = "一二三四五六七八九十"
KIND_MEASURE = {"个人": "个人 {n} 名", "集体": "集体 {n} 个", "品牌": "品牌 {n} 个", "阵地": "阵地 {n} 个"}


@dataclass(frozen=True, slots=True)
class Part:
    """One numbered part: its heading, its passage, then its tables."""

    heading: str
    paragraphs: tuple[str, ...]
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """Everything the Word report says, in reading order."""

    title: str
    subtitle: str
    dated: str
    parts: tuple[Part, ...]
    stats: Stats
    author: str


def build_report_document(stories: Iterable[Story], vocab: Vocabulary, *, since: int | None = None,
                          until: int | None = None, unit: str | None = None, edition_title: str = "",
                          today: dt.date | None = None, activities: Iterable[Activity] = (),
                          coverage: Iterable[Coverage] = ()) -> ReportDocument:
    """The report for the edition's ``stories``, ``activities`` and ``coverage`` in the years
    ``since``–``until`` and the ``unit`` subtree (raises :class:`~generator.site.stats.UnknownUnitError`).
    """
    pool = tuple(stories)
    stats = compute_stats(pool, vocab, unit=unit, since=since, until=until, activities=activities,
                          coverage=coverage)
    tables = {t.key: t for t in stats_tables(stats)}
    parts = [
        _overview(stats, vocab, tables),
        _honours(stats, vocab, tables),
        Part(WORDING["units"], (WORDING["units_text"],), (tables["unit"],)),
        _years(pool, vocab, stats, unit),
        _films(stats, tables),
    ]
    if stats.activities or stats.coverage:
        parts.append(_activities(stats, tables))
    numbered = tuple(
        Part(WORDING["part"].format(number=_number(i), title=p.heading), p.paragraphs, p.tables)
        for i, p in enumerate(parts, start=1)
    )
    day = today or dt.date.today()
    return ReportDocument(
        title=WORDING["title"].format(organisation=vocab.organisation),
        subtitle=WORDING["subtitle"].format(scope=scope_label(stats, edition_title)),
        dated=WORDING["dated"].format(organisation=vocab.organisation, year=day.year, month=day.month, day=day.day),
        parts=numbered,
        stats=stats,
        author=vocab.organisation,
    )


def _number(n: int) -> str:
    """一 … 十, 十一 … 十九 (a report never has more parts than that)."""
    if n <= 10:
        return PART_NUMBERS[n - 1]
    return "十" + PART_NUMBERS[n - 11]


def _overview(stats: Stats, vocab: Vocabulary, tables: dict[str, Table]) -> Part:
    kinds = "、".join(KIND_MEASURE[c.label].format(n=c.count) for c in stats.by_kind if c.count) or "无"
    text = WORDING["overview_text"].format(exemplars=stats.exemplars, kinds=kinds, honoured=stats.honoured,
                                           awards=stats.awards)
    paragraphs = [text]
    summary = report_paragraph(stats, vocab)
    if summary:
        paragraphs.append(summary)
    return Part(WORDING["overview"], tuple(paragraphs), (tables["overview"], tables["kind"], tables["pioneer"]))


def _honours(stats: Stats, vocab: Vocabulary, tables: dict[str, Table]) -> Part:
    """One sentence per reported honour, each with the number of its holders, then the tables."""
    reported = reported_honours(stats, vocab)
    if not stats.awards:
        return Part(WORDING["honours"], (WORDING["no_honours"],))
    paragraphs = tuple(PHRASES["first"].format(phrase=honour_phrase(h)) + PHRASES["end"] for h in reported)
    return Part(WORDING["honours"], paragraphs, (tables["level"], tables["honour"]))


def _years(stories: tuple[Story, ...], vocab: Vocabulary, stats: Stats, unit: str | None) -> Part:
    """New exemplars, honours and films per year, with the change in honours over the year before."""
    years = [y.year for y in stats.by_year]
    if stats.since is not None and stats.until is not None and stats.since <= stats.until:
        years = list(range(stats.since, stats.until + 1))
    rows: list[Row] = []
    previous: int | None = None
    for year in years:
        one = compute_stats(stories, vocab, unit=unit, year=year)
        rows.append(Row((str(year), one.exemplars, one.awards, year_change(previous, one.awards), one.films.count)))
        previous = one.awards
    table = Table(key="year-change", title="分年度情况", headers=("年份", "新增典型", "获得荣誉（次）", "较上年", "宣传片（部）"),
                  numeric=(False, True, True, False, True), rows=tuple(rows))
    return Part(WORDING["years"], (WORDING["years_text"],), (table,))


def year_change(previous: int | None, current: int) -> str:
    """「增加 2 次（+50%）」「减少 1 次（-25%）」「持平」; 「—」 for the first year."""
    if previous is None:
        return WORDING["yoy_none"]
    diff = current - previous
    if diff == 0:
        return WORDING["yoy_same"]
    if previous == 0:
        return WORDING["yoy_new"].format(diff=diff)
    pct = f"{diff / previous:+.0%}"
    key = "yoy_up" if diff > 0 else "yoy_down"
    return WORDING[key].format(diff=abs(diff), pct=pct)


def _films(stats: Stats, tables: dict[str, Table]) -> Part:
    phrase = film_phrase(stats)
    if not phrase:
        return Part(WORDING["films"], (WORDING["no_films"],))
    views = Table(key="film-views", title="宣传片点击量", headers=("项目", "数量"), numeric=(False, False),
                  rows=(Row(("宣传片（部）", str(stats.films.count))),
                        Row(("有点击量记录的（部）", str(stats.films.with_views))),
                        Row(("累计点击量（人次）", format_cn(stats.films.views)))))
    return Part(WORDING["films"], (WORDING["films_text"].format(films=phrase),), (tables["platform"], views))


def _activities(stats: Stats, tables: dict[str, Table]) -> Part:
    """「开展“七进”巡讲 27 场，受众达 1000 余人次。」 and the coverage, with their tables."""
    phrases = [*activity_phrases(stats)]
    coverage = coverage_phrase(stats)
    if coverage:
        phrases.append(coverage)
    paragraphs = tuple(WORDING["activities_text"].format(phrases=p) for p in phrases)
    return Part(WORDING["activities"], paragraphs, tuple(tables[k] for k in ("activity", "coverage") if k in tables))
