"""The ``story_card`` filter: a card's HTML comes from its partial, made once per build and page depth."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader
from mkdocs.utils.templates import url_filter

from generator.core.archive import load_archive
from generator.core.editions import Edition, edition_stories
from generator.adapter.filters import filters
from generator.site.model import build_site_model

from tests.archives import REPO as ROOT, SAMPLE_STORIES

GRID = '{% set cards = ex_cards %}{% include "partials/ex-card-grid.html" %}'


class PageAt:
    """What the url filter reads of a page: its URL."""

    def __init__(self, url: str) -> None:
        self.url = url


@pytest.fixture(scope="module")
def cards():  # type: ignore[no-untyped-def]
    archive = load_archive(SAMPLE_STORIES)
    model = build_site_model(edition_stories(archive.stories, Edition.INTERNAL), archive.vocab)
    return list(model.cards.values())


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(ROOT / "theme_overrides"))
    env.filters.update(filters())
    env.filters["url"] = url_filter
    return env


def render_grid(env: Environment, cards: list, page_url: str, base_url: str) -> str:  # type: ignore[type-arg]
    return env.from_string(GRID).render(ex_cards=cards, page=PageAt(page_url), base_url=base_url)


def render_included(env: Environment, cards: list, page_url: str, base_url: str) -> str:  # type: ignore[type-arg]
    """The cards included one by one (no filter), as the grid did before the memo."""
    text = '{% for card in ex_cards %}{% include "partials/ex-story-card.html" %}{% endfor %}'
    return env.from_string(text).render(ex_cards=cards, page=PageAt(page_url), base_url=base_url)


@pytest.mark.parametrize(("page_url", "base_url", "story_href"), [
    ("index.html", ".", "stories/"),
    ("tags/a.html", "..", "../stories/"),
    ("units/a/b/c.html", "../../..", "../../../stories/"),
])
def test_cards_link_from_the_page_depth(cards, page_url: str, base_url: str, story_href: str) -> None:  # type: ignore[no-untyped-def]
    html = render_grid(environment(), cards, page_url, base_url)
    for card in cards:
        assert f'href="{story_href}{card.slug}.html"' in html, card.slug
    assert 'href="./' not in html


def test_the_same_html_as_including_the_partial_where_links_agree(cards) -> None:  # type: ignore[no-untyped-def]
    env = environment()
    assert render_grid(env, cards, "tags/a.html", "..") == render_grid(environment(), cards, "tags/a.html", "..")
    inner = render_grid(env, cards, "tags/a.html", "..")
    assert inner.count('<article class="ex-card') == len(cards)
    assert "".join(render_included(env, cards, "tags/a.html", "..").split()) in "".join(inner.split())


def test_each_card_is_rendered_once_per_depth(cards, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    env = environment()
    template = env.get_template("partials/ex-story-card.html")
    renders: list[str] = []
    real = template.render
    monkeypatch.setattr(template, "render", lambda *a, **k: renders.append(k["card"].slug) or real(*a, **k))
    for url in ("tags/a.html", "tags/b.html", "pioneers/c.html", "stories/d.html"):
        render_grid(env, cards, url, "..")
    assert sorted(renders) == sorted(c.slug for c in cards)
    render_grid(env, cards, "columns/x/index.html", "../..")
    assert len(renders) == 2 * len(cards)
