"""The internal 「推荐评选」 page: candidates by stage of the nomination trail.

Entries are nominated from the bottom (党支部 → 党委 → 公司), visited and interviewed by a
panel, then published; each story's ``nomination`` says where it stands. Drafts may be
candidates (they are listed without a link: they have no page yet). The public edition
never gets this page, and its stories carry no nomination (:func:`generator.core.editions.redact`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..core.schema import Story, Vocabulary
from ..core.slugs import pinyin_key

NOMINATIONS_URI = "nominations/index.md"


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    url: str | None
    """The story page; None for a draft (no page yet)."""
    unit: str
    level: str
    by: str
    date: str
    visit: str
    notes: str
    draft: bool


@dataclass(frozen=True, slots=True)
class Stage:
    id: str
    title: str
    description: str
    candidates: tuple[Candidate, ...]


def nomination_stages(candidates: Iterable[Story], vocab: Vocabulary, pages: Mapping[str, str]) -> tuple[Stage, ...]:
    """Every stage of the vocabulary, in order, with its candidates (by nomination date, then name).

    ``candidates`` are the internal edition's stories with a nomination, drafts included,
    names already masked; ``pages`` maps a slug to its page URL when it has one."""
    units = {u.key: "/".join(u.names[1:] or u.names) for u in vocab.units}
    levels = {lv.id: lv.title for lv in vocab.nomination_levels}
    pool = sorted((s for s in candidates if s.nomination is not None),
                  key=lambda s: (s.nomination.date.isoformat() if s.nomination and s.nomination.date else "",
                                 pinyin_key(s.display_name), s.slug))
    stages = []
    for stage in vocab.nomination_stages:
        here = []
        for story in pool:
            nomination = story.nomination
            assert nomination is not None
            if nomination.stage != stage.id:
                continue
            here.append(Candidate(
                name=story.display_name, url=pages.get(story.slug), unit=units.get(story.unit, ""),
                level=levels.get(nomination.level, ""), by=nomination.by,
                date=nomination.date.isoformat() if nomination.date else "",
                visit=nomination.visit.isoformat() if nomination.visit else "", notes=nomination.notes,
                draft=story.is_draft,
            ))
        stages.append(Stage(stage.id, stage.title, stage.description, tuple(here)))
    return tuple(stages)
