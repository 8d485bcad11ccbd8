"""Page digests (core, no MkDocs): a page's digest changes exactly when what it is made from does."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from generator.core.archive import Archive, load_archive
from generator.core.editions import Edition, edition_stories
from generator.site.memo import SiteMemo
from generator.site.model import SiteModel, build_site_model
from generator.adapter.page_digests import Digester, page_digests

from tests.archives import SAMPLE as ROOT



@pytest.fixture(scope="module")
def archive() -> Archive:
    loaded = load_archive(ROOT / "stories", ROOT / "stories" / "vocab.yml", ROOT)
    assert loaded.ok and loaded.vocab is not None
    return loaded


def model_of(archive: Archive, memo: SiteMemo | None = None, **change: object) -> SiteModel:
    """The site model, with ``change`` applied to the story huang-xiaoqing; ``memo``: the preview's."""
    assert archive.vocab is not None
    stories = edition_stories(archive.stories, Edition.INTERNAL)
    if change:
        stories = tuple(dataclasses.replace(s, **change) if s.slug == "huang-xiaoqing" else s  # type: ignore[arg-type]
                        for s in stories)
    return build_site_model(stories, archive.vocab, Edition.INTERNAL, memo=memo)


def digests(model: SiteModel, salt: str = "") -> dict[str, str]:
    return page_digests(model.pages, {"vocab": model.vocab, "figures": model.figures}, salt)


def changed(a: dict[str, str], b: dict[str, str]) -> set[str]:
    return {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)}


def test_the_same_sources_give_the_same_digests(archive: Archive) -> None:
    first, second = digests(model_of(archive)), digests(model_of(archive))
    assert first == second and len(first) == len(model_of(archive).pages)
    assert len(set(first.values())) == len(first)  # no two pages alike


def test_a_body_edit_changes_only_the_story_page(archive: Archive) -> None:
    story = next(s for s in archive.stories if s.slug == "huang-xiaoqing")
    edited = digests(model_of(archive, body=story.body + "\n\n新增的一段。\n"))
    assert changed(digests(model_of(archive)), edited) == {"stories/huang-xiaoqing.md"}


def test_a_summary_edit_changes_every_page_that_shows_the_card(archive: Archive) -> None:
    base = model_of(archive)
    after = changed(digests(base), digests(model_of(archive, summary="新的摘要。")))
    listing = {p.src_uri for p in base.pages if any(getattr(c, "slug", None) == "huang-xiaoqing"
                                                   for c in getattr(p.context, "cards", ()))}
    assert listing and listing <= after and "stories/huang-xiaoqing.md" in after and "index.md" in after
    assert len(after) < len(base.pages) / 3  # the others are left alone


def test_what_all_pages_share_changes_all_of_them(archive: Archive) -> None:
    model = model_of(archive)
    assert changed(digests(model), digests(model, salt="templates changed")) == set(digests(model))


def test_values_are_told_apart_by_type_and_order() -> None:
    d = Digester()
    assert d.digest(("1",)) != d.digest((1,)) and d.digest((None,)) != d.digest(("None",))
    assert d.digest({"a": 1, "b": 2}) != d.digest({"b": 2, "a": 1})  # templates iterate in order
    assert d.digest(("ab", "c")) != d.digest(("a", "bc"))
    assert d.digest(frozenset({"x", "y"})) == Digester().digest(frozenset({"y", "x"}))
    assert d.digest(dt.date(2024, 1, 2)) != d.digest(dt.date(2024, 1, 3))


def test_an_unknown_kind_of_value_is_refused_not_guessed() -> None:
    with pytest.raises(TypeError, match="cannot digest"):
        Digester().digest((object(),))


def test_a_kept_digester_reuses_lasting_objects_and_still_sees_changes(archive: Archive) -> None:
    from generator.core.schema import Story

    model = model_of(archive)
    kept = Digester(lasting=(Story,))
    first = page_digests(model.pages, {}, "", kept)
    again = page_digests(model_of(archive).pages, {}, "", kept)  # new cards, the same story objects
    assert again == first == page_digests(model.pages, {}, "")
    story = next(s for s in archive.stories if s.slug == "huang-xiaoqing")
    edited = page_digests(model_of(archive, body=story.body + "新增。").pages, {}, "", kept)
    assert changed(first, edited) == {"stories/huang-xiaoqing.md"}


def test_the_next_build_keeps_the_cards_of_unchanged_stories_only(archive: Archive) -> None:
    memo = SiteMemo()
    first = model_of(archive, memo)
    again = model_of(archive, memo)
    masked = {s.slug for s in archive.stories if s.masked}  # redacted anew for every build
    assert masked and all(again.cards[slug] is card for slug, card in first.cards.items() if slug not in masked)
    assert all(model_of(archive).cards[slug] is not card for slug, card in first.cards.items())  # no memo: none kept
    story = next(s for s in archive.stories if s.slug == "huang-xiaoqing")
    edited = model_of(archive, memo, summary=story.summary + "（修改）")
    assert edited.cards["huang-xiaoqing"] is not first.cards["huang-xiaoqing"]
    assert edited.cards["huang-xiaoqing"].summary.endswith("（修改）")
    assert edited.cards["luo-jianhua"] is first.cards["luo-jianhua"]
    assert archive.vocab is not None
    other = dataclasses.replace(archive.vocab, tagline="另一句口号")
    renamed = build_site_model(edition_stories(archive.stories, Edition.INTERNAL), other, Edition.INTERNAL, memo=memo)
    assert renamed.cards["luo-jianhua"] is not first.cards["luo-jianhua"]
