"""Figures, sentences and chart geometry, checked against counts made by hand
(see the table in tests/stats_archive.py). No MkDocs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from generator.core.archive import load_archive
from generator.site.charts import bar_chart, fit_text, nice_step, text_width
from generator.core.editions import Edition, edition_stories
from generator.site.report import (
    format_cn,
    honour_phrase,
    quantity,
    report_paragraph,
    report_sentences,
    stats_page,
    stats_tables,
)
from generator.site.stats import Count, HonourCount, UnknownUnitError, YearCount, compute_stats

from .conftest import TinyArchive
from .stats_archive import flag_honours_for_report, make_stats_archive

THEME = Path(__file__).resolve().parent.parent / "theme_overrides"


@pytest.fixture
def archive(tmp_path: Path) -> TinyArchive:
    return make_stats_archive(tmp_path / "archive")


def stories_of(archive: TinyArchive, edition: Edition = Edition.INTERNAL):  # type: ignore[no-untyped-def]
    loaded = archive.load()
    assert loaded.ok and loaded.vocab is not None, [d.format_text() for d in loaded.errors]
    return edition_stories(loaded.stories, edition), loaded.vocab


def counts(items: tuple[Count, ...]) -> dict[str, int]:
    return {c.label: c.count for c in items}


# --- the whole archive -------------------------------------------------------------------

def test_exemplars_by_kind_leave_out_the_draft(archive: TinyArchive) -> None:
    stats = compute_stats(*stories_of(archive))
    assert stats.exemplars == 7
    assert counts(stats.by_kind) == {"个人": 4, "集体": 1, "品牌": 1, "阵地": 1}


def test_drafts_never_count_even_when_passed_in(archive: TinyArchive) -> None:
    loaded = archive.load()
    assert loaded.vocab is not None
    stats = compute_stats(loaded.stories, loaded.vocab)  # the draft liu-yang is among them
    assert stats.exemplars == 7
    assert next(h for h in stats.by_honour if h.name == "中国好人").exemplars == 3
    assert stats.films.count == 5


def test_honours_by_level_count_each_exemplar_once(archive: TinyArchive) -> None:
    stats = compute_stats(*stories_of(archive))
    assert stats.awards == 11
    assert stats.honoured == 5
    assert [(lv.title, lv.exemplars, lv.awards) for lv in stats.by_level] == [
        ("国家级", 4, 6),
        ("省级", 2, 2),
        ("国网级", 1, 1),
        ("公司级", 2, 2),
        ("地方联合评选", 0, 0),
    ]


def test_honours_by_honour_names_in_pinyin_order(archive: TinyArchive) -> None:
    stats = compute_stats(*stories_of(archive))
    rows = [(h.name, h.level_title, h.exemplars, h.awards, h.names) for h in stats.by_honour]
    assert rows == [
        ("中国好人", "国家级", 3, 4, ("*", "李华", "赵敏")),
        ("全国敬老文明号", "国家级", 1, 1, ("双满意服务队",)),
        ("全国五一劳动奖章", "国家级", 1, 1, ("李华",)),
        ("福建好人", "省级", 1, 1, ("李华",)),
        ("福建省见义勇为先进个人", "省级", 1, 1, ("赵敏",)),
        ("国网工匠", "国网级", 1, 1, ("*",)),
        ("红星党员", "公司级", 1, 1, ("陈静",)),
        ("星级员工", "公司级", 1, 1, ("*",)),
    ]


def test_masked_name_never_appears_in_the_figures(archive: TinyArchive) -> None:
    stats = compute_stats(*stories_of(archive))
    assert "王强" not in repr(stats)
    assert "王强" not in repr(stats_tables(stats))


def test_new_exemplars_and_honours_per_year(archive: TinyArchive) -> None:
    stats = compute_stats(*stories_of(archive))
    assert stats.by_year == (
        YearCount(2019, 0, 1),
        YearCount(2020, 1, 1),
        YearCount(2021, 1, 3),
        YearCount(2022, 1, 2),
        YearCount(2023, 3, 4),
        YearCount(2024, 1, 0),
    )


def test_units_roll_up_sub_units_in_tree_order(archive: TinyArchive) -> None:
    stats = compute_stats(*stories_of(archive))
    rows = {u.key: (u.total, u.direct) for u in stats.by_unit}
    assert [u.key for u in stats.by_unit][:4] == ["sanming", "sanming/dangjian", "sanming/yunjian",
                                                 "sanming/yunjian/biandian-yunwei"]
    assert rows["sanming"] == (7, 2)
    assert rows["sanming/yunjian"] == (1, 0)
    assert rows["sanming/yunjian/biandian-yunwei/yunwei-yiban"] == (1, 1)
    assert rows["sanming/yingxiao"] == (1, 0)
    assert rows["sanming/yingxiao/kefu-zhongxin"] == (1, 1)
    assert rows["sanming/shaxian"] == (3, 2)
    assert rows["sanming/shaxian/chengqu-gds"] == (1, 1)
    assert rows["sanming/jiangle"] == (0, 0)
    assert sum(direct for _, direct in rows.values()) == 7


def test_pioneer_types_with_the_unclassified(archive: TinyArchive) -> None:
    stats = compute_stats(*stories_of(archive))
    assert counts(stats.by_pioneer) == {"忠诚先锋": 2, "正派先锋": 1, "善小先锋": 3, "未分类": 1}


def test_films_local_and_online_by_platform(archive: TinyArchive) -> None:
    films = compute_stats(*stories_of(archive)).films
    assert (films.count, films.online, films.local, films.views, films.with_views) == (5, 4, 1, 15_300_000, 4)
    assert counts(films.by_platform) == {"新华社": 1, "学习强国": 1, "中新社": 1, "央视": 0, "哔哩哔哩": 1,
                                         "微信视频号": 0, "公司内网": 0}


# --- filters -----------------------------------------------------------------------------

def test_year_keeps_that_years_stories_and_honours(archive: TinyArchive) -> None:
    stats = compute_stats(*stories_of(archive), year=2023)
    assert stats.exemplars == 3
    assert counts(stats.by_kind) == {"个人": 2, "集体": 1, "品牌": 0, "阵地": 0}
    assert (stats.awards, stats.honoured) == (4, 3)
    assert [(h.name, h.exemplars, h.names) for h in stats.by_honour] == [
        ("中国好人", 2, ("李华", "赵敏")),
        ("福建省见义勇为先进个人", 1, ("赵敏",)),
        ("红星党员", 1, ("陈静",)),
    ]
    assert stats.by_year == (YearCount(2023, 3, 4),)
    assert (stats.films.count, stats.films.views) == (2, 11_800_000)
    assert stats.by_unit[0].key == "sanming" and (stats.by_unit[0].total, stats.by_unit[0].direct) == (3, 0)


@pytest.mark.parametrize("unit", ["国网三明供电公司/国网沙县供电公司", "sanming/shaxian", "国网沙县供电公司",
                                  " 国网三明供电公司 / 国网沙县供电公司 "])
def test_unit_keeps_the_unit_and_its_sub_units(archive: TinyArchive, unit: str) -> None:
    stats = compute_stats(*stories_of(archive), unit=unit)
    assert (stats.unit, stats.unit_name) == ("sanming/shaxian", "国网三明供电公司/国网沙县供电公司")
    assert stats.exemplars == 3
    assert counts(stats.by_kind) == {"个人": 1, "集体": 1, "品牌": 0, "阵地": 1}
    assert (stats.awards, stats.honoured) == (3, 2)
    assert [(u.key, u.total, u.direct) for u in stats.by_unit] == [
        ("sanming/shaxian", 3, 2),
        ("sanming/shaxian/chengqu-gds", 1, 1),
    ]
    assert stats.films.count == 1


def test_year_and_unit_together(archive: TinyArchive) -> None:
    stats = compute_stats(*stories_of(archive), year=2021, unit="国网三明供电公司/国网沙县供电公司")
    assert stats.exemplars == 0
    assert [(h.name, h.exemplars) for h in stats.by_honour] == [("全国敬老文明号", 1)]


def test_unknown_unit_is_an_error_with_a_suggestion(archive: TinyArchive) -> None:
    with pytest.raises(UnknownUnitError) as caught:
        compute_stats(*stories_of(archive), unit="国网三明供电公司/国网沙县公司")
    assert "单位「国网三明供电公司/国网沙县公司」不在单位树中" in str(caught.value)
    assert caught.value.suggestion == "国网三明供电公司/国网沙县供电公司"


def test_public_edition_drops_internal_stories_and_fields(archive: TinyArchive) -> None:
    stats = compute_stats(*stories_of(archive, Edition.PUBLIC))
    assert stats.exemplars == 6
    assert counts(stats.by_kind)["个人"] == 3
    assert stats.awards == 10
    assert "陈静" not in repr(stats)
    # li-hua's films are internal-only
    assert (stats.films.count, stats.films.views) == (2, 14_000_000)


# --- sentences -------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "text"), [
    (0, "0"), (9800, "9800"), (10_000, "1 万"), (12_000, "1.2 万"), (123_456, "12.3 万"),
    (15_000_000, "1500 万"), (15_004_200, "1500 万"), (99_999_999, "1 亿"), (120_000_000, "1.2 亿"),
    (123_456_789, "1.2 亿"),
])
def test_numbers_in_chinese_style(n: int, text: str) -> None:
    assert format_cn(n) == text


def test_quantities_are_spaced_like_the_report() -> None:
    assert quantity(15_000_000, "人次") == "1500 万人次"
    assert quantity(1000, "人次") == "1000 人次"


def test_sentences_default_to_national_and_provincial_honours(archive: TinyArchive) -> None:
    stories, vocab = stories_of(archive)
    assert report_sentences(compute_stats(stories, vocab), vocab) == (
        "共有 3 名员工获评“中国好人”",
        "共有 1 个集体获评“全国敬老文明号”",
        "共有 1 名员工获评“全国五一劳动奖章”",
        "共有 1 名员工获评“福建好人”",
        "共有 1 名员工获评“福建省见义勇为先进个人”",
        "拍摄先进典型事迹宣传片 5 部，累计点击量达 1530 万人次",
    )


def test_editors_choose_the_reported_honours_in_the_vocabulary(archive: TinyArchive) -> None:
    flag_honours_for_report(archive, "zhongguo-haoren", "guowang-gongjiang", "zuimei-guowangren")
    stories, vocab = stories_of(archive)
    stats = compute_stats(stories, vocab)
    assert report_sentences(stats, vocab) == (
        "共有 3 名员工获评“中国好人”",
        "共有 1 名员工获评“国网工匠”",
        "拍摄先进典型事迹宣传片 5 部，累计点击量达 1530 万人次",
    )
    assert report_paragraph(stats, vocab) == (
        "共有 3 名员工获评“中国好人”，1 名员工获评“国网工匠”，拍摄先进典型事迹宣传片 5 部，累计点击量达 1530 万人次。"
    )


def test_report_flag_must_be_true_or_false(archive: TinyArchive) -> None:
    path = archive.stories / "vocab.yml"
    text = path.read_text(encoding="utf-8").replace("  - id: zhongguo-haoren\n", "  - id: zhongguo-haoren\n    report: 是\n")
    path.write_text(text, encoding="utf-8")
    loaded = load_archive(archive.stories, None, archive.root)
    assert loaded.vocab is None
    assert any(d.code == "E706" and d.field.endswith(".report") for d in loaded.errors)


def test_honour_phrase_names_each_kind_of_recipient() -> None:
    honour = HonourCount("x", "全国敬老文明号", "national", "国家级", 2, 2,
                         (Count("person", "个人", 1), Count("collective", "集体", 1)), ("甲", "乙"), False)
    assert honour_phrase(honour) == "1 名员工、1 个集体获评“全国敬老文明号”"


def test_no_films_no_film_sentence(archive: TinyArchive) -> None:
    stories, vocab = stories_of(archive)
    stats = compute_stats(stories, vocab, year=2020)
    assert report_sentences(stats, vocab) == ()
    assert report_paragraph(stats, vocab) == ""


# --- charts ------------------------------------------------------------------------------

def test_bar_geometry() -> None:
    chart = bar_chart([("个人", 4), ("集体", 1), ("品牌", 0), ("阵地", 3)])
    widths = [b.width for b in chart.bars]
    assert widths[0] == pytest.approx(4 * widths[1], abs=0.02)
    assert widths[2] == 0
    assert [b.percent for b in chart.bars] == [50.0, 12.5, 0.0, 37.5]
    assert [b.percent_label for b in chart.bars] == ["50%", "12.5%", "0%", "37.5%"]
    assert [t.value for t in chart.ticks] == [0, 1, 2, 3, 4]
    assert chart.ticks[-1].x == pytest.approx(chart.plot_x + chart.plot_width)
    ys = [b.y for b in chart.bars]
    assert ys == sorted(ys) and len(set(ys)) == 4
    assert all(b.x + b.width <= chart.width for b in chart.bars)
    assert chart.height > chart.bars[-1].y + chart.bars[-1].height
    assert chart.description == "个人 4（50%）；集体 1（12.5%）；品牌 0（0%）；阵地 3（37.5%）"


def test_ticks_are_round_numbers() -> None:
    assert [nice_step(n) for n in (0, 1, 4, 7, 12, 60, 1234)] == [1, 1, 1, 2, 5, 20, 500]
    assert [t.value for t in bar_chart([("a", 12)]).ticks] == [0, 5, 10, 15]
    assert [t.value for t in bar_chart([]).ticks] == [0, 1]


def test_long_cjk_labels_are_shortened_to_fit() -> None:
    assert text_width("国网", 10) == 20 and text_width("ab", 10) == 12
    short = fit_text("福建省见义勇为先进个人", 60, 14)
    assert short.endswith("…") and text_width(short, 14) <= 60


def render(template: str, **context: object) -> str:
    env = Environment(loader=FileSystemLoader(THEME), autoescape=False)  # as MkDocs does
    env.filters["cn_number"] = lambda n: format_cn(int(n))  # as generator/adapter/filters.py installs it
    return env.get_template(template).render(**context)


def test_chart_partial_is_accessible_and_escaped() -> None:
    chart = bar_chart([("<b>甲&乙</b>", 2), ("丙", 1)])
    html = render("partials/chart-bars.svg.html", chart=chart, chart_id="c1", chart_title="标题<script>")
    assert 'role="img"' in html and 'aria-labelledby="c1-title c1-desc"' in html
    assert '<title id="c1-title">标题&lt;script&gt;</title>' in html
    assert 'id="c1-desc"' in html
    assert "<b>" not in html and "&lt;b&gt;甲&amp;乙&lt;/b&gt;" in html
    assert html.count('class="ex-chart__bar"') == 2
    assert re.search(r'<rect class="ex-chart__bar" x="[\d.]+" y="[\d.]+" width="[\d.]+"', html)


def test_table_partial_has_row_and_column_headers(archive: TinyArchive) -> None:
    stories, vocab = stories_of(archive)
    table = next(t for t in stats_tables(compute_stats(stories, vocab)) if t.key == "unit")
    html = render("partials/stats-table.html", table=table, table_id="t1")
    assert "<caption>按单位（合计含下级单位）</caption>" in html
    assert html.count('<th scope="col"') == 3
    assert '<th scope="row" style="--ex-depth: 1">国网沙县供电公司</th>' in html


def test_stats_page_data(archive: TinyArchive) -> None:
    stories, vocab = stories_of(archive)
    page = stats_page(stories, vocab, scope_prefix="内网版")
    assert page.scope == "内网版，全部单位、全部年份"
    assert page.sentences[0] == "共有 3 名员工获评“中国好人”"
    sections = {s.id: s for s in page.sections}
    assert sections["ex-stats-overview"].chart is None
    kind_chart = sections["ex-stats-kind"].chart
    assert kind_chart is not None and [b.value for b in kind_chart.bars] == [4, 1, 1, 1]
    # the unit chart shows the sub-units of the top unit
    unit_chart = sections["ex-stats-unit"].chart
    assert unit_chart is not None and unit_chart.bars[0].label == "党委党建部"
