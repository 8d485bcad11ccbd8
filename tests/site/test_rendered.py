"""A real ``mkdocs build --strict`` of the sample archive, the HTML parsed and checked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from generator.core.archive import load_archive
from generator.core.editions import Edition, edition_stories
from tests.archives import REPO
from tests.sitebuild import ROOT, build_site

pytestmark = pytest.mark.build


def parse(site: Path, url: str) -> HTMLParser:
    return HTMLParser((site / url).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def stories():
    archive = load_archive(ROOT / "stories")
    return edition_stories(archive.stories, Edition.INTERNAL), archive.vocab


def test_every_column_story_and_index_page_exists(site: Path, stories) -> None:
    published, vocab = stories
    expected = ["index.html", "honours/index.html", "units/index.html", "pioneers/index.html", "years/index.html",
                "tags/index.html", "404.html"]
    expected += [f"columns/{c.id}/index.html" for c in vocab.columns]
    expected += [f"stories/{s.slug}.html" for s in published]
    expected += [f"pioneers/{p.id}.html" for p in vocab.pioneers]
    missing = [url for url in expected if not (site / url).is_file()]
    assert not missing


def test_each_story_appears_on_the_pages_it_belongs_to(site: Path, stories) -> None:
    published, vocab = stories
    for story in published:
        href = f"../../stories/{story.slug}.html"
        for column in story.columns:
            links = {a.attributes.get("href") for a in parse(site, f"columns/{column}/index.html").css(".ex-card__link")}
            assert href in links, (story.slug, column)
        if story.pioneer:
            links = {a.attributes.get("href") for a in parse(site, f"pioneers/{story.pioneer}.html").css(".ex-card__link")}
            assert f"../stories/{story.slug}.html" in links
        unit_page = f"units/{story.unit}.html"
        depth = story.unit.count("/") + 1
        links = {a.attributes.get("href") for a in parse(site, unit_page).css(".ex-card__link")}
        assert "../" * depth + f"stories/{story.slug}.html" in links, unit_page


def test_counts_on_column_and_honour_pages(site: Path, stories) -> None:
    published, vocab = stories
    for column in vocab.columns:
        tree = parse(site, f"columns/{column.id}/index.html")
        count = sum(1 for s in published if column.id in s.columns)
        assert len(tree.css(".ex-card")) == count
        assert f"共 {count} 篇事迹" in tree.css_first(".ex-page-head").text()
    honours = parse(site, "honours/index.html")
    rows = {r.css_first("h3 a").text(): int(r.css_first("h3 .ex-count").text()) for r in honours.css(".ex-honour-row")}
    assert rows["中国好人"] == 4
    assert rows["全国五一劳动奖章"] == 2


def test_drafts_are_not_built(site: Path) -> None:
    assert not (site / "stories/guan-meiling.html").exists()
    assert "guan-meiling" not in (site / "index.html").read_text(encoding="utf-8")


def test_story_page_profile(site: Path) -> None:
    tree = parse(site, "stories/huang-xiaoqing.html")
    assert tree.css_first(".ex-profile__name").text() == "黄小清"
    crumbs = [a.text() for a in tree.css(".ex-crumbs a")]
    assert crumbs == ["国网三明供电公司", "国网清流县供电公司", "余朋供电所"]
    assert len(tree.css(".ex-honours li")) == 4
    assert tree.css_first(".ex-body h2") is not None


def test_masked_name_is_shown_as_a_neutral_label(site: Path) -> None:
    tree = parse(site, "stories/biandian-yunwei-laomo.html")
    assert tree.css_first(".ex-profile__name").text() == "姓名隐去"
    # the neutral 榜样 portrait, not a photo that would name the person as surely as the name
    assert tree.css_first(".ex-profile__photo .ex-portrait__initial").text() == "榜样"
    assert tree.css_first(".ex-profile__photo img") is None
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "陈立峰" not in html, page
        # no bare "*" as a name anywhere: cards, lists, posters, films
        assert not re.search(r">\s*\*\s*<", html), page


def test_page_weight_does_not_list_every_story(site: Path, stories) -> None:
    published, _ = stories
    html = (site / "tags/index.html").read_text(encoding="utf-8")
    nav = HTMLParser(html).css(".md-nav__link")
    assert len(nav) < 40
    assert sum(1 for s in published if f"stories/{s.slug}.html" in html) == 0


def test_script_in_front_matter_is_shown_as_text(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "theme_overrides").symlink_to(REPO / "theme_overrides")
    (root / "stories").mkdir()
    shutil.copy(ROOT / "stories/vocab.yml", root / "stories/vocab.yml")
    evil = "<script>alert('x')</script>"
    (root / "stories/evil.md").write_text(
        "---\n"
        f'title: "{evil}标题"\nname: "<b onmouseover=alert(1)>坏人</b>"\nkind: person\n'
        "unit: 国网三明供电公司\ncolumns: [礼赞榜样]\ndate: 2024-01-01\nstatus: published\n"
        f'visibility: public\nsummary: "{evil}摘要"\ntags: ["{evil}"]\n'
        "---\n正文。\n",
        encoding="utf-8",
    )
    result = build_site(root / "site", root=root)
    assert result.returncode == 0, result.stderr[-3000:]
    for url in ("stories/evil.html", "index.html", "columns/lizan-bangyang/index.html"):
        html = (root / "site" / url).read_text(encoding="utf-8")
        assert "<script>alert(" not in html, url
        assert "<b onmouseover" not in html, url
        assert "&lt;script&gt;alert(" in html, url


def test_the_tabs_and_the_drawer_name_every_tab_as_the_site_model_does(site: Path, stories) -> None:
    from generator.site.model import build_site_model

    from generator.core.editions import edition_activities, edition_coverage, nomination_candidates

    published, vocab = stories
    archive = load_archive(ROOT / "stories")  # the activities, coverage and candidates add tabs when there are any
    titles = [item.title for item in build_site_model(
        published, vocab, Edition.INTERNAL, activities=edition_activities(archive.activities, Edition.INTERNAL, published),
        coverage=edition_coverage(archive.coverage, Edition.INTERNAL, published),
        candidates=nomination_candidates(archive.stories, Edition.INTERNAL)).nav]
    for url in ("index.html", "years/2016.html", "stories/huang-xiaoqing.html", "units/sanming/yingxiao.html"):
        tree = parse(site, url)
        assert [a.text(strip=True) for a in tree.css(".md-tabs__link")] == titles, url
        assert [a.text(strip=True) for a in tree.css(".md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link")] \
            == titles, url
