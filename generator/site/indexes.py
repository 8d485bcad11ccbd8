"""Groupings of stories for the index pages, with counts, in stable orders.

By honour level → honour → recipients (pinyin order); the unit tree with sub-units
rolled up; pioneer types; years; tags; columns; related stories. Pure functions over Story tuples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..core.schema import Honour, Story, Unit, Vocabulary
from ..core.slugs import is_reserved, pinyin_key, slugify


def by_name(stories: Iterable[Story]) -> list[Story]:
    """Stories ordered by the published name's pinyin, then slug."""
    return sorted(stories, key=lambda s: (*pinyin_key(s.display_name), s.slug))


def newest_first(stories: Iterable[Story]) -> list[Story]:
    return sorted(stories, key=lambda s: (-s.date.toordinal(), s.slug))


@dataclass(frozen=True, slots=True)
class Award:
    """One recipient of one honour."""

    story: Story
    honour: Honour


@dataclass(frozen=True, slots=True)
class HonourGroup:
    honour_id: str
    name: str
    level: str
    awards: tuple[Award, ...]

    @property
    def count(self) -> int:
        """Exemplars who received it (each once, whatever the years)."""
        return len({a.story.slug for a in self.awards})


@dataclass(frozen=True, slots=True)
class LevelGroup:
    level: str
    honours: tuple[HonourGroup, ...]

    @property
    def count(self) -> int:
        return len({a.story.slug for h in self.honours for a in h.awards})


def group_honours(stories: Iterable[Story], vocab: Vocabulary) -> tuple[LevelGroup, ...]:
    """Levels (highest first) → honours (vocabulary order) → recipients (pinyin, then year)."""
    awards: dict[str, list[Award]] = defaultdict(list)
    for story in stories:
        for honour in story.honours:
            awards[honour.honour_id].append(Award(story, honour))
    levels = []
    for level in vocab.levels:
        groups = []
        for definition in vocab.honours:
            if definition.level != level.id or definition.id not in awards:
                continue
            ordered = sorted(awards[definition.id],
                             key=lambda a: (*pinyin_key(a.story.display_name), a.honour.year, a.story.slug))
            groups.append(HonourGroup(definition.id, definition.name, level.id, tuple(ordered)))
        if groups:
            levels.append(LevelGroup(level.id, tuple(groups)))
    return tuple(levels)


@dataclass(frozen=True, slots=True)
class UnitNode:
    unit: Unit
    direct: tuple[Story, ...]
    total: tuple[Story, ...]  # this unit's and its sub-units' stories
    children: tuple[UnitNode, ...]


def unit_tree(stories: Iterable[Story], vocab: Vocabulary) -> tuple[UnitNode, ...]:
    """The unit tree with each unit's stories, sub-units rolled up; empty branches kept."""
    direct: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        direct[story.unit].append(story)
    by_key = {u.key: u for u in vocab.units}

    def node(unit: Unit) -> UnitNode:
        children = tuple(node(by_key["/".join((*unit.path, c))]) for c in unit.children
                         if "/".join((*unit.path, c)) in by_key)
        total = list(direct.get(unit.key, []))
        for child in children:
            total.extend(child.total)
        return UnitNode(unit, tuple(by_name(direct.get(unit.key, []))), tuple(by_name(total)), children)

    return tuple(node(u) for u in vocab.units if u.depth == 1)


def flatten_units(nodes: Iterable[UnitNode]) -> list[UnitNode]:
    out: list[UnitNode] = []
    for n in nodes:
        out.append(n)
        out.extend(flatten_units(n.children))
    return out


def group_by(stories: Iterable[Story], key_of: str) -> dict[str, list[Story]]:
    """Stories by the value of a single-valued field (``pioneer``, ``kind``)."""
    groups: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        value = getattr(story, key_of)
        if value:
            groups[str(value)].append(story)
    return {k: by_name(v) for k, v in groups.items()}


def by_column(stories: Iterable[Story], vocab: Vocabulary) -> dict[str, list[Story]]:
    """Column id → its stories, newest first; every column present, even if empty."""
    groups: dict[str, list[Story]] = {c.id: [] for c in vocab.columns}
    for story in stories:
        for column in story.columns:
            groups.setdefault(column, []).append(story)
    return {k: newest_first(v) for k, v in groups.items()}


@dataclass(frozen=True, slots=True)
class YearGroup:
    year: int
    stories: tuple[Story, ...]  # published that year
    awards: tuple[Award, ...]  # honours received that year


def by_year(stories: Iterable[Story]) -> tuple[YearGroup, ...]:
    """A timeline, newest year first: stories published and honours received each year."""
    items = list(stories)
    published: dict[int, list[Story]] = defaultdict(list)
    awarded: dict[int, list[Award]] = defaultdict(list)
    for story in items:
        published[story.date.year].append(story)
        for honour in story.honours:
            awarded[honour.year].append(Award(story, honour))
    years = sorted(set(published) | set(awarded), reverse=True)
    return tuple(
        YearGroup(
            year,
            tuple(newest_first(published.get(year, []))),
            tuple(sorted(awarded.get(year, []), key=lambda a: (*pinyin_key(a.story.display_name), a.honour.name))),
        )
        for year in years
    )


@dataclass(frozen=True, slots=True)
class TagGroup:
    tag: str
    slug: str
    stories: tuple[Story, ...]


def by_tag(stories: Iterable[Story]) -> tuple[TagGroup, ...]:
    """Tags in pinyin order, each with a unique ASCII slug and its stories."""
    groups: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        for tag in story.tags:
            groups[tag].append(story)
    out: list[TagGroup] = []
    taken: set[str] = set()
    for tag in sorted(groups, key=pinyin_key):
        base = slugify(tag) or "tag"
        slug, n = base, 2
        while slug in taken or is_reserved(slug):  # a tag "index" must not overwrite the tags page
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        out.append(TagGroup(tag, slug, tuple(newest_first(groups[tag]))))
    return tuple(out)


RELATED_HONOUR = 3
RELATED_UNIT = 2
RELATED_PARENT_UNIT = 1
RELATED_COLUMN = 1
"""What a shared feature adds to two stories' relatedness: each common honour, the same unit,
else the same unit two levels down the tree (below the first level), each common column."""


def related_all(stories: Sequence[Story], limit: int = 4) -> dict[str, tuple[Story, ...]]:
    """Slug → up to ``limit`` other stories with something in common, best score first, then
    newest, then slug (scores: the ``RELATED_*`` weights); no story with nothing in common.

    Comparing every pair costs N² set operations (minutes at 10,000 stories). Here each
    feature is a Python ``int`` used as a bitset over the stories, numbered in tie-break
    order; a story's scores against all others are added up bit-sliced (``planes[j]`` holds
    bit j of every score), a few big-int operations per feature, done in C.
    """
    order = newest_first(stories)
    position = {id(s): i for i, s in enumerate(order)}
    by_honour: dict[str, int] = defaultdict(int)
    by_unit: dict[str, int] = defaultdict(int)
    by_parent: dict[tuple[str, ...], int] = defaultdict(int)
    by_col: dict[str, int] = defaultdict(int)
    for i, story in enumerate(order):
        for honour in {h.honour_id for h in story.honours}:
            by_honour[honour] |= 1 << i
        by_unit[story.unit] |= 1 << i
        by_parent[_parent_unit(story.unit)] |= 1 << i
        for column in set(story.columns):
            by_col[column] |= 1 << i
    everyone = (1 << len(order)) - 1
    out: dict[str, tuple[Story, ...]] = {}
    for story in stories:
        planes: list[int] = []
        for honour in {h.honour_id for h in story.honours}:
            _add_score(planes, by_honour[honour], RELATED_HONOUR)
        _add_score(planes, by_unit[story.unit], RELATED_UNIT)
        if "/" in story.unit:
            _add_score(planes, by_parent[_parent_unit(story.unit)] & ~by_unit[story.unit], RELATED_PARENT_UNIT)
        for column in set(story.columns):
            _add_score(planes, by_col[column], RELATED_COLUMN)
        others = everyone & ~(1 << position[id(story)])
        out[story.slug] = tuple(order[i] for i in _best(planes, others, limit))
    return out


def _parent_unit(key: str) -> tuple[str, ...]:
    return tuple(key.split("/")[:2])


def _add_score(planes: list[int], members: int, weight: int) -> None:
    """Add ``weight`` to the score of every story in ``members``: binary addition, one plane per bit."""
    level = 0
    while weight:
        if weight & 1:
            carry, j = members, level
            while carry:
                planes.extend([0] * (j + 1 - len(planes)))
                planes[j], carry = planes[j] ^ carry, planes[j] & carry
                j += 1
        weight >>= 1
        level += 1


def _best(planes: list[int], candidates: int, limit: int) -> list[int]:
    """Positions of up to ``limit`` candidates, highest score first, lowest position first; score > 0."""
    chosen: list[int] = []
    for score in range((1 << len(planes)) - 1, 0, -1):
        match = candidates
        for j, plane in enumerate(planes):
            match &= plane if score >> j & 1 else ~plane
            if not match:
                break
        while match and len(chosen) < limit:
            low = match & -match
            chosen.append(low.bit_length() - 1)
            match ^= low
        if len(chosen) == limit:
            break
    return chosen


def unit_ancestors(key: str, units: Mapping[str, Unit]) -> list[Unit]:
    """The unit and its parents, root first (for breadcrumbs); ``units`` is the unit tree by key."""
    parts = key.split("/")
    return [units[k] for k in ("/".join(parts[: i + 1]) for i in range(len(parts))) if k in units]
