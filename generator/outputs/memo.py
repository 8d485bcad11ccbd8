"""The one memo of a build session: everything a build keeps for the next one.

``mkdocs serve`` (``exemplar serve``) keeps its plugin alive between rebuilds, and a rebuild
after a save should redo only what the save changed. What the last build made is kept here —
checked story files, cards, story pages, posters, QR codes, files to publish, search documents,
segmented words and cached terms — and nowhere else: the plugin owns one :class:`BuildMemo`
(a new one for each session) and passes its parts down to the layers that use them. A call
given no memo keeps nothing, so two archives built in one process never meet, and a test never
has to reset anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.archive import StoryMemo
from ..site.memo import KeptPerStory, SiteMemo
from .search_index import SearchMemo


@dataclass(slots=True)
class BuildMemo:
    """One session's memo, by layer (see the module docstring)."""

    stories: StoryMemo = field(default_factory=StoryMemo)
    """Checked story files (core): an unchanged file is not checked again."""
    site: SiteMemo = field(default_factory=SiteMemo)
    """Cards, story pages, posters and QR codes (the site model)."""
    media: KeptPerStory[frozenset[str]] = field(default_factory=KeptPerStory)
    """Each story's files to publish (they depend on the story and the pictures)."""
    search: SearchMemo = field(default_factory=SearchMemo)
    """Search documents, segmented words and cached terms."""
