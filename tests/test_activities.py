"""Activities and coverage (stories/activities.yml, coverage.yml): loading, editions, pages,
links both ways, statistics, report sentences and search (archive: tests/stats_archive.py;
the located errors are golden cases in tests/cases/validate/activities_*.yml, coverage_*.yml)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from generator.cli.main import main
from generator.core.archive import Archive
from generator.core.editions import Edition, edition_activities, edition_coverage, edition_stories
from generator.outputs.search_index import page_docs
from generator.site.model import SiteModel, build_site_model
from generator.site.report import report_sentences, stats_tables
from generator.site.stats import compute_stats

from .conftest import TinyArchive
from .stats_archive import make_stats_archive

ACTIVITIES = """\
- title: 先进人物事迹巡讲团“七进”巡讲
  kind: “七进”巡讲
  date: 2023-03-01
  unit: 国网三明供电公司
  sessions: 27
  audience: 1000余
  speakers: [li-hua, yunwei-banzhang, 陈静]
- id: jiangtang
  title: 道德讲堂
  kind: daode-jiangtang
  date: 2022-09-20
  unit: 国网三明供电公司/国网沙县供电公司
  audience: 300
  speakers: [赵敏]
  visibility: internal
"""
COVERAGE = """\
- title: 服务队的民情微党课
  outlet: 央视新闻
  channel: 电视与视频
  date: 2023-12-02
  url: https://news.cctv.com/a.html
  stories: [fuwudui]
- title: 李华的故事
  outlet: 公司内网
  channel: wang
  date: 2019-10-08
  stories: [李华, chen-jing]
"""


@pytest.fixture
def archive(tmp_path: Path) -> TinyArchive:
    made = make_stats_archive(tmp_path / "archive")
    made.write("stories/activities.yml", ACTIVITIES)
    made.write("stories/coverage.yml", COVERAGE)
    return made


def model(result: Archive, edition: Edition) -> SiteModel:
    assert result.vocab is not None
    stories = edition_stories(result.stories, edition)
    return build_site_model(stories, result.vocab, edition,
                            activities=edition_activities(result.activities, edition, stories),
                            coverage=edition_coverage(result.coverage, edition, stories))


def test_loaded_with_names_resolved_to_stories(archive: TinyArchive) -> None:
    result = archive.load_valid()
    tour, hall = sorted(result.activities, key=lambda a: a.date, reverse=True)
    assert (tour.kind, tour.sessions, tour.audience, tour.audience_approx) == ("qijin-xunjiang", 27, 1000, True)
    assert tour.speakers == ("li-hua", "yunwei-banzhang", "chen-jing")
    assert (hall.id, hall.speakers, hall.unit) == ("jiangtang", ("zhao-min",), "sanming/shaxian")
    assert [c.channel for c in result.coverage] == ["shi", "wang"]
    assert result.coverage[1].stories == ("li-hua", "chen-jing")


def test_pages_and_links_both_ways(archive: TinyArchive) -> None:
    site = model(archive.load_valid(), Edition.INTERNAL)
    page = site.page("activities/index.md")
    assert page is not None and page.template == "activities.html"
    assert [y.year for y in page.context.years] == [2023, 2022]
    tour = page.context.years[0].kinds[0].activities[0]
    assert [(p.name, p.url) for p in tour.speakers] == [
        ("李华", "stories/li-hua.html"), ("姓名隐去", "stories/yunwei-banzhang.html"), ("陈静", "stories/chen-jing.html")]
    assert tour.audience == "1000 余人次"
    coverage = site.page("coverage/index.md")
    assert coverage is not None
    assert [(g.title, len(g.reports)) for g in coverage.context.channels] == [("网站", 1), ("电视与视频", 1)]
    story = site.page("stories/li-hua.md")
    assert story is not None
    assert [a.url for a in story.context.activities] == ["activities/index.html#qijin-xunjiang-2023-03-01"]
    assert [c.url for c in story.context.coverage] == ["coverage/index.html#wang-2019-10-08"]
    assert [n.title for n in site.nav][-3:] == ["宣讲活动", "媒体报道", "数据统计"]


def test_public_edition_shows_only_public_entries_and_stories(archive: TinyArchive) -> None:
    site = model(archive.load_valid(), Edition.PUBLIC)
    page = site.page("activities/index.md")
    assert page is not None
    activities = [a for y in page.context.years for k in y.kinds for a in k.activities]
    assert [a.title for a in activities] == ["先进人物事迹巡讲团“七进”巡讲"]  # the internal 道德讲堂 is gone
    assert [p.slug for p in activities[0].speakers] == ["li-hua", "yunwei-banzhang"]  # chen-jing is internal
    zhao = site.page("stories/zhao-min.md")
    assert zhao is not None and zhao.context.activities == ()
    assert "陈静" not in repr(site.page("coverage/index.md"))


def test_public_edition_without_any_entry_has_no_page(archive: TinyArchive) -> None:
    archive.write("stories/coverage.yml", COVERAGE.replace("  stories: [fuwudui]\n", "  stories: [fuwudui]\n  visibility: internal\n")
                  .replace("  stories: [李华, chen-jing]\n", "  stories: [李华, chen-jing]\n  visibility: internal\n"))
    site = model(archive.load_valid(), Edition.PUBLIC)
    assert site.page("coverage/index.md") is None
    assert "媒体报道" not in [n.title for n in site.nav]


def test_statistics_and_report_sentences(archive: TinyArchive) -> None:
    result = archive.load_valid()
    assert result.vocab is not None
    stats = compute_stats(result.stories, result.vocab, activities=result.activities, coverage=result.coverage)
    sentences = report_sentences(stats, result.vocab)
    assert "开展“七进”巡讲 27 场，受众达 1000 余人次" in sentences
    assert "开展道德讲堂 1 场，受众达 300 人次" in sentences
    assert sentences[-1] == "刊播媒体报道 2 篇（网站 1 篇、电视与视频 1 篇）"
    tables = {t.key: t for t in stats_tables(stats)}
    assert [r.cells for r in tables["activity"].rows] == [("“七进”巡讲", 1, 27, "1000余"), ("道德讲堂", 1, 1, 300)]
    shaxian = compute_stats(result.stories, result.vocab, unit="sanming/shaxian", activities=result.activities,
                            coverage=result.coverage)
    assert [a.title for a in shaxian.activities] == ["道德讲堂"]
    assert [c.label for c in shaxian.coverage] == ["电视与视频"]  # 服务队 is in 沙县
    in_2019 = compute_stats(result.stories, result.vocab, year=2019, activities=result.activities,
                            coverage=result.coverage)
    assert in_2019.activities == () and in_2019.coverage_total == 1


def test_found_by_search(archive: TinyArchive) -> None:
    docs = {d.url: d for d in page_docs(model(archive.load_valid(), Edition.INTERNAL))}
    tour = docs["activities/index.html#qijin-xunjiang-2023-03-01"]
    assert (tour.title, tour.kind) == ("先进人物事迹巡讲团“七进”巡讲", "活动")
    assert docs["coverage/index.html#shi-2023-12-02"].kind == "报道"
    assert docs["activities/index.html"].title == "宣讲活动"


def test_word_report_has_a_part_for_them(archive: TinyArchive, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    assert main(["--root", str(archive.root), "report", "--docx", str(target)]) == 0, capsys.readouterr().err
    lines = [p.text for p in docx.Document(str(target)).paragraphs if p.text]
    assert "六、宣讲活动与媒体报道" in lines
    assert "开展“七进”巡讲 27 场，受众达 1000 余人次。" in lines
    assert main(["--root", str(archive.root), "report", "--docx", str(target), "--edition", "public"]) == 0
    lines = [p.text for p in docx.Document(str(target)).paragraphs if p.text]
    assert not any("道德讲堂" in line for line in lines)
