"""Which stories an edition publishes, and what of them it may show.

- internal (内网版): every published story; drafts too in the live preview.
- public (公开版): published stories marked public, without their internal-only fields.

Masked names are replaced by ``*`` here, before any page, feed or index sees them, so
no template or index can leak a masked name by mistake: the name field, and the name as
typed in the title, summary, tags, film titles and body (in characters or pinyin; see
:mod:`.masking`, and ``exemplar check``'s W610 for the spellings it cannot catch).
"""

from __future__ import annotations

import re
from dataclasses import replace
from enum import StrEnum

from .masking import name_forms, scrub
from .schema import MASK, Activity, Coverage, Story


class Edition(StrEnum):
    INTERNAL = "internal"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        """内网版 or 公开版: how messages, the statistics and the CLI name the edition."""
        return _LABELS[self]


_LABELS = {Edition.INTERNAL: "内网版", Edition.PUBLIC: "公开版"}


_BLANK: dict[str, object] = {
    "position": "",
    "party": "",
    "photo": None,
    "films": (),
    "honours": (),
    "tags": (),
    "summary": "",
}


def publishable(story: Story, edition: Edition, preview: bool = False) -> bool:
    if story.is_draft and not preview:
        return False
    return not (edition is Edition.PUBLIC and story.is_internal)


def redact(story: Story, edition: Edition) -> Story:
    """The story as the edition may show it."""
    changes: dict[str, object] = {}
    if story.masked:
        changes["name"] = MASK
        changes.update(_scrubbed(story))
    if edition is Edition.PUBLIC:
        if story.nomination is not None:  # the nomination trail is internal, always
            changes["nomination"] = None
        for field_name in story.internal_fields:
            key = "films" if field_name == "videos" else field_name
            if key in _BLANK:
                changes[key] = _BLANK[key]
            elif key == "unit":  # keep the company, hide the team
                changes["unit"] = story.unit.split("/")[0]
        changes["internal_fields"] = frozenset()
    return replace(story, **changes) if changes else story  # type: ignore[arg-type]


_LINK_TARGET = re.compile(r"\]\([^)\n]*\)|\b(?:src|href|poster)\s*=\s*(?:\"[^\"]*\"|'[^']*')")


def _scrubbed(story: Story) -> dict[str, object]:
    """The story's texts with its masked name replaced by ``*`` (link targets left as written)."""
    forms = name_forms(story.name)
    if not forms.given:
        return {}

    def text(value: str) -> str:
        return scrub(value, forms)

    pieces = _LINK_TARGET.split(story.body)
    targets = _LINK_TARGET.findall(story.body)
    body = "".join(text(piece) + (targets[i] if i < len(targets) else "") for i, piece in enumerate(pieces))
    return {
        "title": text(story.title), "summary": text(story.summary), "position": text(story.position),
        "tags": tuple(text(t) for t in story.tags), "body": body,
        "films": tuple(replace(f, title=text(f.title)) for f in story.films),
        "honours": tuple(replace(h, awarded_by=text(h.awarded_by)) for h in story.honours),
    }


def edition_stories(stories: tuple[Story, ...], edition: Edition, preview: bool = False) -> tuple[Story, ...]:
    """The edition's stories, redacted, in a stable order (newest first, then slug)."""
    chosen = [redact(s, edition) for s in stories if publishable(s, edition, preview)]
    chosen.sort(key=lambda s: (-s.date.toordinal(), s.slug))
    return tuple(chosen)


def edition_activities(activities: tuple[Activity, ...], edition: Edition,
                       stories: tuple[Story, ...]) -> tuple[Activity, ...]:
    """The activities the edition shows (internal ones only in the internal edition), each
    naming only the speakers whose stories the edition has; newest first."""
    slugs = {s.slug for s in stories}
    chosen = [replace(a, speakers=tuple(s for s in a.speakers if s in slugs))
              for a in activities if not (edition is Edition.PUBLIC and a.is_internal)]
    chosen.sort(key=lambda a: (-a.date.toordinal(), a.id))
    return tuple(chosen)


def edition_coverage(coverage: tuple[Coverage, ...], edition: Edition,
                     stories: tuple[Story, ...]) -> tuple[Coverage, ...]:
    """The coverage the edition shows, each naming only the stories the edition has; newest first."""
    slugs = {s.slug for s in stories}
    chosen = [replace(c, stories=tuple(s for s in c.stories if s in slugs))
              for c in coverage if not (edition is Edition.PUBLIC and c.is_internal)]
    chosen.sort(key=lambda c: (-c.date.toordinal(), c.id))
    return tuple(chosen)


def nomination_candidates(stories: tuple[Story, ...], edition: Edition) -> tuple[Story, ...]:
    """The stories with a nomination, drafts included, masked as the internal edition shows
    them; none at all for the public edition."""
    if edition is Edition.PUBLIC:
        return ()
    return tuple(redact(s, Edition.INTERNAL) for s in stories if s.nomination is not None)
