"""Search in Chromium, served over http and opened from disk: what a reader types finds the story.

The ranking itself is measured on the whole relevance set by tests/test_search_relevance.py
(the same search.js under node); here the dialog, the loading from file:// and the snippets.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")
FIRST_LINK = ".md-search-result__link"
CLOCK = """() => {
  document.addEventListener("input", () => { window.__exFirstInput ??= performance.now(); }, true);
  new MutationObserver((_, observer) => {
    if (document.querySelector(".md-search-result__item")) {
      window.__exFirstResult = performance.now();
      observer.disconnect();
    }
  }).observe(document.body, { childList: true, subtree: true });
}"""


def base_of(where: str, http_base: str, file_base: str) -> str:
    return http_base if where == "http" else file_base


def search(page, query: str) -> None:  # type: ignore[no-untyped-def]
    """Open search with the keyboard, as a reader does, and type the query."""
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize(("query", "story"), [
    ("黄小清", "huang-xiaoqing"),  # a name
    ("国网工匠", "luo-jianhua"),  # an honour
    ("变电运维一班", "biandian-yunwei-laomo"),  # a unit (the masked exemplar's)
    ("小清", "huang-xiaoqing"),  # part of a name
    ("hxq", "huang-xiaoqing"),  # initials
])
def test_typing_shows_the_expected_story_first(page, traffic, where: str, query: str, story: str,  # type: ignore[no-untyped-def]
                                                http_base: str, file_base: str) -> None:
    base = base_of(where, http_base, file_base)
    page.goto(base + "columns/lizan-bangyang/index.html")
    search(page, query)
    first = page.locator(FIRST_LINK).first
    assert first.get_attribute("href") == f"../../stories/{story}.html"
    page.locator(".md-search-result__item mark").first.wait_for()  # what matched is highlighted
    page.locator(".ex-search-result__snippet").first.wait_for()  # and the story's text came
    first.click()
    page.wait_for_url(base + f"stories/{story}.html")
    assert traffic.foreign == [] and traffic.failed == [] and traffic.console_errors == []


@pytest.mark.parametrize("where", ["http", "file"])
def test_the_index_loads_on_demand_and_the_first_result_comes_within_a_second(page, traffic, where: str,  # type: ignore[no-untyped-def]
                                                                             http_base: str, file_base: str) -> None:
    searched: list[str] = []
    page.on("request", lambda r: searched.append(r.url) if "/search/" in r.url else None)
    page.goto(base_of(where, http_base, file_base) + "index.html")
    page.wait_for_load_state("load")
    assert searched == []  # a page that nobody searches from loads no search data
    page.evaluate(CLOCK)
    search(page, "罗建华")
    assert page.evaluate("window.__exFirstResult - window.__exFirstInput") < 1000  # ms, measured in the page
    assert searched[0].endswith("search/index.js")
    # his story, and the activities and reports that name him
    assert page.locator(".md-search-result__meta").inner_text().endswith("符合条件的结果")
    assert traffic.console_errors == []


def test_keyboard_opens_moves_and_closes(page, http_base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(http_base + "index.html")
    toggle = page.locator("#__search")
    page.keyboard.press("s")
    assert toggle.is_checked()
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("见义勇为")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Escape")
    assert not toggle.is_checked()
    page.keyboard.press("/")
    page.keyboard.press("Enter")  # Enter opens the first result
    page.wait_for_url(re.compile(r"/stories/(qiu-jianming|xiao-wenbin)\.html$"))


def test_results_and_copied_text_carry_no_invisible_characters(page, http_base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(http_base + "index.html")
    search(page, "中国好人")
    page.locator(".ex-search-result__snippet mark").first.wait_for()
    shown = page.locator(".md-search-result").evaluate("e => e.innerText + e.textContent")
    assert "中国好人" in shown and not INVISIBLE.search(shown)
    page.locator(FIRST_LINK).first.click()
    page.wait_for_url(re.compile(r"/stories/"))
    copied = page.evaluate("""() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('article'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return getSelection().toString();
    }""")
    assert "中国好人" in copied and not INVISIBLE.search(copied)


def test_a_masked_name_finds_nothing(page, http_base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(http_base + "index.html")
    page.keyboard.press("/")
    page.keyboard.type("陈立峰")
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('载入')")
    assert meta.inner_text() == "没有找到符合条件的结果"


def test_search_opens_from_a_link_with_the_query(page, file_base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(file_base + "index.html?q=" + "五一劳动奖章")
    page.locator(".md-search-result__item").first.wait_for()
    hrefs = page.locator(FIRST_LINK).evaluate_all("links => links.slice(0, 2).map(a => a.getAttribute('href'))")
    assert set(hrefs) == {"stories/huang-xiaoqing.html", "stories/biandian-yunwei-laomo.html"}
