"""Search on the test archive of the relevance set (tests/search/archive/), through the real
search box in Chromium, opened from disk: a subset of tests/search/fixture_relevance.yml by
class, the hints for words matched loosely or not at all, and the field a match was in."""

from __future__ import annotations

import pytest

from tests.archives import REPO, copy_archive
from tests.sitebuild import build_site

from .test_search import FIRST_LINK, search

pytestmark = pytest.mark.browser

FIXTURE = REPO / "tests" / "search" / "archive"


@pytest.fixture(scope="module")
def fixture_base(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = copy_archive(tmp_path_factory.mktemp("search") / "archive", FIXTURE / "stories")
    result = build_site(root / "site", root=root)
    assert result.returncode == 0, result.stderr[-4000:]
    return (root / "site").as_uri() + "/"


def status(page) -> str:  # type: ignore[no-untyped-def]
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('载入')")
    return str(page.locator(".md-search-result__meta").inner_text())


@pytest.mark.parametrize(("query", "story"), [
    ("陳海洋", "chen-haiyang"),  # traditional characters
    ("電力紅娘", "lin-xuemei"),
    ("新华社", "chen-haiyang"),  # a film platform (青年突击队 only mentions it)
    ("尤溪公司", "chen-haiyang"),  # a place's short name and 公司
    ("红娘", "lin-xuemei"),  # a nickname in a title
    ("冰河救人", "chen-haiyang"),  # a deed, mentioned by two other stories
    ("国网工匠 中新社", "zhou-guodong"),  # two terms
    ("ylf", "ye-lanfang"),  # initials
])
def test_the_story_comes_first(page, traffic, fixture_base: str, query: str, story: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_base + "index.html")
    search(page, query)
    assert page.locator(FIRST_LINK).first.get_attribute("href") == f"stories/{story}.html"
    assert traffic.failed == [] and traffic.console_errors == []


@pytest.mark.parametrize("name", ["王建军", "王建軍", "郑美华", "zhengmeihua"])
def test_masked_and_draft_names_find_nothing(page, fixture_base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_base + "index.html")
    page.keyboard.press("/")
    page.keyboard.type(name)
    assert status(page) == "没有找到符合条件的结果"


def test_a_word_that_matches_nothing_is_named_not_dropped(page, fixture_base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_base + "index.html")
    search(page, "林雪梅 赵德胜")
    assert page.locator(FIRST_LINK).first.get_attribute("href") == "stories/lin-xuemei.html"
    assert "没有找到「赵德胜」" in status(page)


def test_a_match_outside_the_card_is_shown_in_its_field(page, fixture_base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(fixture_base + "index.html")
    search(page, "中华全国总工会")  # who awarded 林雪梅's honour: not in her title, facts or text
    field = page.locator(".md-search-result__item").first.locator(".ex-search-result__field")
    field.wait_for()
    assert field.inner_text().startswith("荣誉：全国五一巾帼奖章")
    assert field.locator("mark").first.inner_text() == "中华全国总工会"
