"""Which stories an edition publishes, and what of them it may show.

- internal (内网版): every published story; drafts too in the live preview.
- public (公开版): published stories marked public, without their internal-only fields.

Masked names are replaced by ``*`` here, before any page, feed or index sees them, so
no template or index can leak a masked name by mistake.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from .schema import MASK, Story


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
    if edition is Edition.PUBLIC:
        for field_name in story.internal_fields:
            key = "films" if field_name == "videos" else field_name
            if key in _BLANK:
                changes[key] = _BLANK[key]
            elif key == "unit":  # keep the company, hide the team
                changes["unit"] = story.unit.split("/")[0]
        changes["internal_fields"] = frozenset()
    return replace(story, **changes) if changes else story  # type: ignore[arg-type]


def edition_stories(stories: tuple[Story, ...], edition: Edition, preview: bool = False) -> tuple[Story, ...]:
    """The edition's stories, redacted, in a stable order (newest first, then slug)."""
    chosen = [redact(s, edition) for s in stories if publishable(s, edition, preview)]
    chosen.sort(key=lambda s: (-s.date.toordinal(), s.slug))
    return tuple(chosen)
