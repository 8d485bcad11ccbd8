"""Which files of the stories folder a build publishes, and the resized pictures it shows.

A build publishes only the media its edition's stories use; photos are published as resized
versions (from the image cache when it holds them), never full size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ..core.archive import Archive
from ..core.diagnostics import Diagnostic, diag
from ..core.schema import Story
from ..site.links import local_targets
from ..site.memo import KeptPerStory
from ..site.pictures import Picture, Pictures, image_uses, use_pictures
from .images import ImageCache, make_pictures


def media_to_publish(stories: Iterable[Story], pictures: Pictures,
                     kept_before: KeptPerStory[frozenset[str]] | None = None) -> set[str]:
    """Files of the stories folder that the edition's stories use; nothing else is published.

    A public edition must not carry the photos and films of internal stories. Images shown
    in resized versions are not published full size (the versions carry no EXIF or GPS data);
    a body that links to the file itself (``[原图](media/a.jpg)``) still gets it.
    ``kept_before`` (the preview's) hands out again each unchanged story's files from its last build.
    """
    keep: set[str] = set()
    kept = (kept_before if kept_before is not None else KeptPerStory()).start(pictures.pictures)
    for story in stories:
        keep.update(kept.get(story, (), lambda: _story_media(story, pictures.pictures)))
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
