"""What one build holds between MkDocs events: the archive, the site model, look-ups.

Kept apart from the adapter so that the plugin stays a thin list of hooks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .archive import Archive
from .diagnostics import Diagnostic, diag
from .images import ImageCache, Picture, Pictures, image_uses, make_pictures, use_pictures
from .links import local_targets
from .model import KeptPerStory, PageSpec, SiteModel
from .schema import Story


@dataclass(slots=True)
class SiteBuild:
    archive: Archive
    model: SiteModel
    preview: bool
    vocab_file: Path
    specs: dict[str, PageSpec] = field(default_factory=dict)
    pictures: Pictures = field(default_factory=Pictures)

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

    A public edition must not carry the photos and films of internal stories. Images shown
    in resized versions are not published full size (the versions carry no EXIF or GPS data);
    a body that links to the file itself (``[原图](media/a.jpg)``) still gets it.
    """
    pictures = build.pictures.pictures
    keep: set[str] = set()
    kept = _KEPT_MEDIA.start(pictures)
    for story in build.model.stories:
        keep.update(kept.get(story, (), lambda: _story_media(story, pictures)))
    kept.finish()
    return keep


def _story_media(story: Story, pictures: Mapping[str, Picture]) -> frozenset[str]:
    keep: set[str] = set()
    if story.photo and story.photo not in pictures:
        keep.add(story.photo)
    for film in story.films:
        keep.update(film.sources)
        if film.poster and film.poster not in pictures:
            keep.add(film.poster)
    keep.update(local_targets(use_pictures(story.body, story.path, pictures, depth=1), story.path))
    return frozenset(keep)


_KEPT_MEDIA: KeptPerStory[frozenset[str]] = KeptPerStory()
"""Each story's files to publish, from the preview's last build (they depend on the story and the pictures)."""


def prepare_pictures(archive: Archive, stories: tuple[Story, ...], root: Path,
                     cache_dir: Path) -> tuple[Pictures, list[Diagnostic]]:
    """Resized versions of every image the stories show (from the cache when it holds them),
    and a warning for each image that could not be resized (paths shown from ``root``)."""
    pictures = make_pictures(archive.stories_dir, image_uses(stories), ImageCache(cache_dir))
    folder = archive.stories_dir.resolve()
    shown = folder.relative_to(root.resolve()).as_posix() if folder.is_relative_to(root.resolve()) else str(folder)
    problems = [diag(f"{shown}/{p.use.story_path}", 1, 0, "W608", p.use.field, value=p.use.source, reason=p.reason)
                for p in pictures.problems]
    return pictures, problems
