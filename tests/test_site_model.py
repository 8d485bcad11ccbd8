"""The page model on the core, without MkDocs: which pages, which stories on each, order, counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.archive import load_archive
from generator.core.editions import Edition, edition_stories
from generator.site.indexes import by_name, group_honours, unit_tree
from generator.site.model import PAGE_SIZE, build_site_model
from generator.core.schema import MASK

from tests.archives import SAMPLE_STORIES as STORIES


@pytest.fixture(scope="module")
def archive():
    loaded = load_archive(STORIES)
    assert loaded.ok, [d.format_text() for d in loaded.errors]
    return loaded


@pytest.fixture(scope="module")
def internal(archive):
    return build_site_model(edition_stories(archive.stories, Edition.INTERNAL), archive.vocab, Edition.INTERNAL)


@pytest.fixture(scope="module")
def public(archive):
    return build_site_model(edition_stories(archive.stories, Edition.PUBLIC), archive.vocab, Edition.PUBLIC)


def test_every_published_story_has_a_page_and_drafts_have_none(archive, internal):
    uris = {p.src_uri for p in internal.pages}
    for story in archive.stories:
        assert (f"stories/{story.slug}.md" in uris) is (not story.is_draft), story.slug


def test_preview_shows_drafts(archive):
    preview = edition_stories(archive.stories, Edition.INTERNAL, preview=True)
    assert any(s.is_draft for s in preview)


def test_public_edition_leaves_out_internal_stories(archive, public):
    uris = {p.src_uri for p in public.pages}
    internal_slugs = [s.slug for s in archive.stories if s.is_internal]
    assert internal_slugs, "the sample archive must have an internal story"
    for slug in internal_slugs:
        assert f"stories/{slug}.md" not in uris


def test_every_column_page_lists_its_stories_newest_first(archive, internal):
    for column in archive.vocab.columns:
        page = internal.page(f"columns/{column.id}/index.md")
        assert page is not None
        expected = [s.slug for s in internal.stories if column.id in s.columns]
        listed = [c.slug for c in page.context.cards]
        assert listed == expected[:PAGE_SIZE]
        dates = [c.date for c in page.context.cards]
        assert dates == sorted(dates, reverse=True)
        assert page.context.pager.total == len(expected)


def test_column_pages_paginate_when_long(archive):
    many = tuple(s for s in edition_stories(archive.stories, Edition.INTERNAL))
    # The same stories under 3 × PAGE_SIZE slugs make one column long enough for 3 pages.
    from dataclasses import replace
    grown = tuple(replace(s, slug=f"{s.slug}-{i}", columns=("lizan-bangyang",))
                  for i in range(3 * PAGE_SIZE // len(many) + 1) for s in many)
    model = build_site_model(grown, archive.vocab)
    pages = [p for p in model.pages if p.src_uri.startswith("columns/lizan-bangyang/")]
    assert len(pages) == -(-len(grown) // PAGE_SIZE)
    assert pages[1].src_uri == "columns/lizan-bangyang/page-2.md"
    assert sum(len(p.context.cards) for p in pages) == len(grown)


def test_honour_index_counts_people_once_per_honour(archive, internal):
    page = internal.page("honours/index.md")
    counts = {h.name: h.count for level in page.context.levels for h in level.honours}
    expected = {}
    for story in internal.stories:
        for name in {h.name for h in story.honours}:
            expected[name] = expected.get(name, 0) + 1
    assert counts == expected
    assert counts["中国好人"] == 4
    levels = [level.level.rank for level in page.context.levels]
    assert levels == sorted(levels)


def test_recipients_are_in_pinyin_order(archive, internal):
    for level in group_honours(internal.stories, archive.vocab):
        for honour in level.honours:
            names = [a.story.display_name for a in honour.awards]
            assert names == [s.display_name for s in by_name(a.story for a in honour.awards)]
    people = [s.display_name for s in by_name(internal.stories) if s.kind.value == "person" and s.display_name != "*"]
    assert people == ["蔡永辉", "黄小清", "刘德旺", "罗建华", "邱建明", "吴思远", "肖文彬", "杨雨桐", "张丽华", "郑晓岚"]
    assert people != sorted(people)  # code-point order would differ


def test_unit_pages_roll_up_sub_units(archive, internal):
    root = unit_tree(internal.stories, archive.vocab)[0]
    assert len(root.total) == len(internal.stories)
    page = internal.page("units/sanming/shaxian.md")
    slugs = {c.slug for c in page.context.cards}
    assert slugs == {s.slug for s in internal.stories if s.unit.startswith("sanming/shaxian")}


def test_masked_name_never_reaches_the_model(archive, internal, public):
    masked = [s for s in archive.stories if s.masked]
    assert masked
    for model in (internal, public):
        for story in model.stories:
            for original in masked:
                if story.slug == original.slug:
                    assert story.name == MASK
        text = repr([p.context for p in model.pages])
        for original in masked:
            assert original.name not in text


def test_public_edition_hides_internal_fields(archive, public):
    hidden = [s for s in archive.stories if "position" in s.internal_fields and not s.is_internal and not s.is_draft]
    assert hidden
    for original in hidden:
        story = next(s for s in public.stories if s.slug == original.slug)
        assert story.position == "" and story.party == ""


def test_home_figures_come_from_the_data(internal):
    home = internal.page("index.md")
    figures = home.context.figures
    assert figures["exemplars"] == len(internal.stories)
    assert figures["films"] == sum(len(s.films) for s in internal.stories)
    assert figures["film_views"] == sum(f.views or 0 for s in internal.stories for f in s.films)
    assert [c.slug for c in home.context.featured] == [s.slug for s in internal.stories if s.featured][:4]


def test_story_page_groups_honours_by_level_and_links_related(internal):
    page = internal.page("stories/huang-xiaoqing.md")
    assert [g.title for g in page.context.honour_levels] == ["国家级"]
    assert len(page.context.honour_levels[0].badges) == 4
    related = [c.slug for c in page.context.related]
    assert related and "huang-xiaoqing" not in related
    assert page.context.crumbs[-1].title == "余朋供电所"


def test_urls_are_ascii_and_depend_on_the_slug_only(archive, internal):
    for page in internal.pages:
        assert page.src_uri.isascii(), page.src_uri
    from dataclasses import replace
    story = internal.stories[0]
    renamed = build_site_model((replace(story, title="全新的标题"),) + internal.stories[1:], archive.vocab)
    assert renamed.page(f"stories/{story.slug}.md") is not None


# --- long lists: paginated, every story reachable, no page growing with the archive -----------

def grown_model(archive, copies: int):  # type: ignore[no-untyped-def]
    """The sample stories ``copies`` times under new slugs: every list longer than a page."""
    from dataclasses import replace
    stories = edition_stories(archive.stories, Edition.INTERNAL)
    grown = tuple(replace(s, slug=f"{s.slug}-{i}") for i in range(copies) for s in stories)
    return build_site_model(grown, archive.vocab)


@pytest.fixture(scope="module")
def grown(archive):
    return grown_model(archive, 26)


def listing(model, first: str) -> list:  # type: ignore[type-arg]
    """The pages of one paginated list, first page first (``a/b.md``, then ``a/b/page-2.md`` …)."""
    folder = first.removesuffix("/index.md") if first.endswith("/index.md") else first.removesuffix(".md")
    later = [p for p in model.pages if p.src_uri.startswith(f"{folder}/page-")]
    return [model.page(first), *sorted(later, key=lambda p: int(p.src_uri.rsplit("-", 1)[1].removesuffix(".md")))]


def test_unit_tag_pioneer_and_year_pages_paginate_and_reach_every_story(archive, grown):
    from generator.site.indexes import by_tag, by_year
    root = unit_tree(grown.stories, archive.vocab)[0]
    lists = {f"units/{root.unit.key}.md": [s.slug for s in root.total]}
    lists |= {f"tags/{t.slug}.md": [s.slug for s in t.stories] for t in by_tag(grown.stories)}
    lists |= {f"pioneers/{p.id}.md": [s.slug for s in by_name(s for s in grown.stories if s.pioneer == p.id)]
              for p in archive.vocab.pioneers}
    lists |= {f"years/{y.year}.md": [s.slug for s in y.stories] for y in by_year(grown.stories)}
    for first, expected in lists.items():
        pages = listing(grown, first)
        assert len(pages) == max(1, -(-len(expected) // PAGE_SIZE)), first
        assert all(len(p.context.cards) <= PAGE_SIZE for p in pages)
        assert [c.slug for p in pages for c in p.context.cards] == expected, first
        assert [p.context.pager.number for p in pages] == list(range(1, len(pages) + 1))
        assert all(p.context.pager.total == len(expected) for p in pages)
    assert len(listing(grown, f"units/{root.unit.key}.md")) > 10


def test_pager_links_only_the_pages_near_this_one(grown):
    from generator.site.model import PAGER_REACH
    pages = listing(grown, f"units/{grown.stories[0].unit.split('/')[0]}.md")
    count = len(pages)
    assert count > 2 * PAGER_REACH + 4
    middle = pages[count // 2].context.pager
    numbers = [n for n, _ in middle.pages]
    assert numbers[0] == 1 and numbers[-1] == count and None in numbers
    assert len(numbers) <= 2 * PAGER_REACH + 5
    assert middle.previous == pages[count // 2 - 1].url and middle.next == pages[count // 2 + 1].url
    assert [n for n, _ in pages[0].context.pager.pages] == [1, 2, 3, None, count]


def test_honour_pages_paginate_and_the_index_names_only_the_first_recipients(archive, grown):
    from generator.site.model import HONOUR_PREVIEW, LIST_PAGE_SIZE
    index = grown.page("honours/index.md")
    for level in group_honours(grown.stories, archive.vocab):
        for honour in level.honours:
            pages = listing(grown, f"honours/{honour.honour_id}.md")
            listed = [(a.card.slug, a.year) for p in pages for a in p.context.awards]
            roll = sorted(honour.awards, key=lambda a: -a.honour.year)  # an honour roll: newest year first
            assert listed == [(a.story.slug, a.honour.year) for a in roll]
            assert all(len(p.context.awards) <= LIST_PAGE_SIZE for p in pages)
            entry = next(h for lv in index.context.levels for h in lv.honours if h.id == honour.honour_id)
            assert [a.card.slug for a in entry.awards] == [a.story.slug for a in roll][:HONOUR_PREVIEW]
            assert entry.more is (len(honour.awards) > HONOUR_PREVIEW)
    assert any(len(listing(grown, f"honours/{h.honour_id}.md")) > 1
               for lv in group_honours(grown.stories, archive.vocab) for h in lv.honours)


def test_films_page_shows_the_most_viewed_and_each_platform_has_all_its_films(grown):
    from generator.site.model import FILMS_PREVIEW
    films = grown.page("films/index.md")
    assert films.context.count == sum(len(s.films) for s in grown.stories)
    for group in films.context.groups:
        assert len(group.films) <= FILMS_PREVIEW
        views = [f.views or 0 for f in group.films]
        assert views == sorted(views, reverse=True)
        if group.count > FILMS_PREVIEW:
            pages = listing(grown, group.url.removesuffix(".html") + ".md")
            assert sum(len(p.context.films) for p in pages) == group.count
            assert [f.title for f in group.films] == [f.title for f in pages[0].context.films][:FILMS_PREVIEW]
    assert any(g.url for g in films.context.groups)


def test_years_index_counts_without_listing_stories(grown):
    years = grown.page("years/index.md").context.years
    assert sum(y.stories for y in years) == len(grown.stories)
    assert sum(y.awards for y in years) == sum(len(s.honours) for s in grown.stories)
    for y in years:
        assert sum(h.count for h in y.honours) == y.awards


def listed_items(value) -> int:  # type: ignore[no-untyped-def]
    """How many cards, films and awards a page's context holds, however deeply."""
    from dataclasses import fields, is_dataclass

    from generator.site.model import Card, FilmView
    if isinstance(value, (Card, FilmView)):
        return 1
    if isinstance(value, dict):
        return sum(listed_items(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(listed_items(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return sum(listed_items(getattr(value, f.name)) for f in fields(value))
    return 0


def test_no_page_grows_with_the_number_of_stories(archive, grown):
    """Twice the stories: more pages, none of them longer (the stories' own text aside)."""
    bigger = grown_model(archive, 52)
    most: dict[str, int] = {}
    for page in grown.pages:
        most[page.kind] = max(most.get(page.kind, 0), listed_items(page.context))
    for page in bigger.pages:
        assert listed_items(page.context) <= most[page.kind], page.src_uri
    assert len(bigger.pages) > len(grown.pages)
    assert max(most.values()) <= 2 * 100


def test_a_rebuild_hands_out_the_story_pages_and_posters_whose_inputs_did_not_change(archive):
    """``mkdocs serve`` rebuilds the model after every save: a story page (and poster) made from the
    same story object, card, related stories and tag addresses is the last build's object, so that
    digesting it costs nothing; any other is made again, equal to what a fresh build makes."""
    import dataclasses

    from generator.site.memo import SiteMemo
    from generator.site.posters import poster_pages

    stories = edition_stories(archive.stories, Edition.INTERNAL)
    memo = SiteMemo()  # the preview's, kept between its rebuilds
    posters = (poster_pages("https://bangyang.example.org/", memo),)

    def specs(model):
        return {p.src_uri: p for p in model.pages if p.kind in ("story", "poster")}

    first = specs(build_site_model(stories, archive.vocab, Edition.INTERNAL, extra_pages=posters, memo=memo))
    again = specs(build_site_model(stories, archive.vocab, Edition.INTERNAL, extra_pages=posters, memo=memo))
    unkept = specs(build_site_model(stories, archive.vocab, Edition.INTERNAL,
                                    extra_pages=(poster_pages("https://bangyang.example.org/"),)))
    assert unkept == first and all(unkept[k] is not first[k] for k in first)  # no memo: nothing kept
    assert first.keys() == again.keys() and all(again[k] is first[k] for k in first)

    edited = stories[0]
    changed = tuple(dataclasses.replace(s, body=s.body + "\n\n新增一段。\n") if s is edited else s for s in stories)
    after = specs(build_site_model(changed, archive.vocab, Edition.INTERNAL, extra_pages=posters, memo=memo))
    mine = {f"stories/{edited.slug}.md", f"posters/{edited.slug}.md"}
    assert all(after[k] is not again[k] for k in mine)
    assert "新增一段" in after[f"stories/{edited.slug}.md"].markdown
    assert sum(after[k] is again[k] for k in after) >= len(after) - len(mine) - 8  # related pages may show its card

    other_vocab = dataclasses.replace(archive.vocab, tagline=archive.vocab.tagline + "！")
    fresh = specs(build_site_model(changed, other_vocab, Edition.INTERNAL, extra_pages=posters, memo=memo))
    assert all(fresh[k] is not after[k] for k in fresh)


def test_a_photo_is_cropped_at_its_focal_point_or_the_upper_third() -> None:
    from generator.site.model import focus_position
    assert focus_position(None) == "50% 33%"
    assert focus_position((40, 20)) == "40% 20%"
