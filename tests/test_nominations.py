"""Nominations (the internal 推荐评选 page), collectives' size and the honour timeline on
story pages (archive: tests/stats_archive.py; located errors: tests/cases/validate/nomination_*.yml,
collective_size_*.yml, person_with_members.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.archive import Archive
from generator.core.editions import Edition, edition_stories, nomination_candidates
from generator.site.model import SiteModel, build_site_model
from generator.site.report import stats_tables
from generator.site.stats import compute_stats

from .conftest import TinyArchive
from .stats_archive import make_stats_archive


def nominate(archive: TinyArchive, slug: str, block: str) -> None:
    path = archive.stories / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: 事迹摘要。\n", f"summary: 事迹摘要。\n{block}"), encoding="utf-8")


@pytest.fixture
def archive(tmp_path: Path) -> TinyArchive:
    made = make_stats_archive(tmp_path / "archive")
    nominate(made, "liu-yang", "nomination:\n  stage: 走访座谈\n  level: 党委\n  by: 营销部党委\n  date: 2025-03-10\n"
                               "  visit: 2025-04-02\n  notes: 群众评价好\n")  # a draft
    nominate(made, "yunwei-banzhang", "nomination:\n  stage: 推荐\n  level: 党支部\n  date: 2025-05-06\n")  # masked
    nominate(made, "zhao-min", "nomination:\n  stage: 发布\n  level: 公司\n  date: 2023-01-01\n")
    nominate(made, "fuwudui", "teams: 40\nmembers: 600余\n")
    nominate(made, "aixin-mama", "members: 12\n")
    return made


def model(result: Archive, edition: Edition) -> SiteModel:
    assert result.vocab is not None
    return build_site_model(edition_stories(result.stories, edition), result.vocab, edition,
                            candidates=nomination_candidates(result.stories, edition))


def test_internal_page_lists_candidates_by_stage_drafts_included(archive: TinyArchive) -> None:
    site = model(archive.load_valid(), Edition.INTERNAL)
    page = site.page("nominations/index.md")
    assert page is not None and page.template == "nominations.html"
    stages = {s.title: s.candidates for s in page.context.stages}
    assert list(stages) == ["推荐", "走访座谈", "评审", "公示", "发布"]
    (draft,) = stages["走访座谈"]
    assert (draft.name, draft.url, draft.draft, draft.visit, draft.notes, draft.level) == (
        "刘洋", None, True, "2025-04-02", "群众评价好", "党委")
    (masked,) = stages["推荐"]
    assert (masked.name, masked.url) == ("*", "stories/yunwei-banzhang.html")
    assert "王强" not in repr(page.context)
    assert [s.name for s in stages["发布"]] == ["赵敏"]
    assert "推荐评选" in [n.title for n in site.nav]


def test_public_edition_shows_none_of_it(archive: TinyArchive) -> None:
    result = archive.load_valid()
    site = model(result, Edition.PUBLIC)
    assert site.page("nominations/index.md") is None
    assert "推荐评选" not in [n.title for n in site.nav]
    assert all(s.nomination is None for s in site.stories)
    assert nomination_candidates(result.stories, Edition.PUBLIC) == ()
    # even handed candidates, the public model makes no page
    assert result.vocab is not None
    forced = build_site_model(edition_stories(result.stories, Edition.PUBLIC), result.vocab, Edition.PUBLIC,
                              candidates=nomination_candidates(result.stories, Edition.INTERNAL))
    assert forced.page("nominations/index.md") is None


def test_collectives_size_shown_and_summed(archive: TinyArchive) -> None:
    result = archive.load_valid()
    assert result.vocab is not None
    site = model(result, Edition.INTERNAL)
    page = site.page("stories/fuwudui.md")
    assert page is not None and page.context.size == {"teams": 40, "members": 600, "approx": True}
    stats = compute_stats(result.stories, result.vocab)
    assert (stats.teams, stats.members, stats.members_approx) == (40, 612, True)
    overview = next(t for t in stats_tables(stats) if t.key == "overview")
    assert ("集体的成员（人）", "612余") in [r.cells for r in overview.rows]
    assert ("集体的队伍（支）", 40) in [r.cells for r in overview.rows]


def test_honour_timeline_year_by_year(archive: TinyArchive) -> None:
    site = model(archive.load_valid(), Edition.INTERNAL)
    page = site.page("stories/li-hua.md")
    assert page is not None
    timeline = [(t.year, [(b.name, b.level_title) for b in t.badges]) for t in page.context.timeline]
    assert timeline == [
        (2019, [("中国好人", "国家级")]),
        (2021, [("全国五一劳动奖章", "国家级"), ("福建好人", "省级")]),
        (2023, [("中国好人", "国家级")]),
    ]
    assert page.context.timeline[1].badges[1].color == "#d9480f"  # level colours from the vocabulary
