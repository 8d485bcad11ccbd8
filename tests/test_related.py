"""Related stories: ``indexes.related_all`` gives, for every story, what scoring every pair would."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

import pytest

from generator.site.indexes import (RELATED_COLUMN, RELATED_HONOUR, RELATED_PARENT_UNIT, RELATED_UNIT,
                               related_all)
from generator.core.schema import Honour, Kind, Story

UNITS = ("a", "a/b", "a/b/c", "a/b/d", "a/e", "a/e/f", "g", "g/h", "g/h/i")
HONOURS = ("h1", "h2", "h3", "h4", "h5")
COLUMNS = ("c1", "c2", "c3")


def brute_force(story: Story, stories: Sequence[Story], limit: int = 4) -> list[Story]:
    """The rule, stated directly: score every other story (the oracle; O(N²) over the archive)."""
    honours = {h.honour_id for h in story.honours}
    columns = set(story.columns)
    scored = []
    for other in stories:
        if other.slug == story.slug:
            continue
        score = RELATED_HONOUR * len(honours & {h.honour_id for h in other.honours})
        if other.unit == story.unit:
            score += RELATED_UNIT
        elif "/" in story.unit and other.unit.split("/")[:2] == story.unit.split("/")[:2]:
            score += RELATED_PARENT_UNIT
        score += RELATED_COLUMN * len(columns & set(other.columns))
        if score:
            scored.append((-score, -other.date.toordinal(), other.slug, other))
    scored.sort(key=lambda t: t[:3])
    return [t[3] for t in scored[:limit]]


def random_stories(rng: random.Random, n: int) -> tuple[Story, ...]:
    """Few units, honours, columns and dates, so that scores and dates tie often."""
    stories = []
    for i in range(n):
        honours = tuple(Honour(h, h, "national", rng.randint(2015, 2025))
                        for h in rng.choices(HONOURS, k=rng.randint(0, 4)))  # repeats: one honour, two years
        stories.append(Story(
            path=f"s{i}.md", slug=f"s{rng.randint(0, 10**6):07d}-{i}", title="t", name="n", masked=False,
            kind=Kind.PERSON, unit=rng.choice(UNITS), date=dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 20)),
            columns=tuple(rng.sample(COLUMNS, rng.randint(0, 2))), body="", honours=honours,
        ))
    return tuple(stories)


@pytest.mark.parametrize("seed", range(12))
def test_related_all_matches_scoring_every_pair(seed: int) -> None:
    rng = random.Random(seed)
    stories = random_stories(rng, rng.choice((1, 2, 7, 40, 150)))
    limit = rng.choice((1, 4, 9))
    fast = related_all(stories, limit)
    assert set(fast) == {s.slug for s in stories}
    for story in stories:
        assert [s.slug for s in fast[story.slug]] == [s.slug for s in brute_force(story, stories, limit)], story.slug


def test_nothing_in_common_is_not_related() -> None:
    day = dt.date(2021, 5, 1)
    lone = Story("a.md", "a", "t", "n", False, Kind.PERSON, "a", day, ("c1",), "")
    other = Story("b.md", "b", "t", "n", False, Kind.PERSON, "g/h", day, ("c2",), "")
    assert related_all((lone, other)) == {"a": (), "b": ()}
    assert related_all(()) == {}
