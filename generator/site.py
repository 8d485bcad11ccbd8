"""What one build holds between MkDocs events: the archive, the site model, look-ups.

Kept apart from the adapter so that the plugin stays a thin list of hooks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .archive import Archive
from .links import local_targets
from .model import PageSpec, SiteModel


@dataclass(slots=True)
class SiteBuild:
    archive: Archive
    model: SiteModel
    preview: bool
    vocab_file: Path
    specs: dict[str, PageSpec] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.specs = {p.src_uri: p for p in self.model.pages}

    def shared(self) -> dict[str, Any]:
        """What every template may use: the vocabulary, figures, edition and mode."""
        return {
            "vocab": self.model.vocab,
            "figures": self.model.figures,
            "edition": self.model.edition.value,
            "preview": self.preview,
        }


def media_to_publish(build: SiteBuild) -> set[str]:
    """Files of the stories folder that the edition's stories use; nothing else is published.

    A public edition must not carry the photos and films of internal stories.
    """
    keep: set[str] = set()
    for story in build.model.stories:
        if story.photo:
            keep.add(story.photo)
        for film in story.films:
            keep.update(film.sources)
            if film.poster:
                keep.add(film.poster)
        keep.update(local_targets(story.body, story.path))
    return keep
