"""Which files of the stories folder a build publishes, and the resized pictures it shows.

A build publishes only the media its edition's stories use; photos are published as resized
versions (from the image cache when it holds them), never full size.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from ..core.archive import Archive
from ..core.diagnostics import Diagnostic, diag
from ..core.files import open_plain, read_inside, real_inside
from ..core.safety import is_linkable, strip_code
from ..core.schema import Story
from ..site.links import LINK_PATTERNS, local_targets
from ..site.memo import KeptPerStory
from ..site.pictures import Picture, Pictures, image_uses, use_pictures
from .atomic import write_atomic
from .images import ImageCache, make_pictures
from .metadata import STRIPPED_TYPES, MetadataError, strip_metadata


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
    # Only types safe to serve from the site's origin (check refuses the others: E305).
    keep.update(path for path in local_targets(use_pictures(story.body, story.path, pictures, depth=1), story.path)
                if is_linkable(path))
    return frozenset(keep)


ALIAS_FOLDER = "media"


def hide_media_names(stories: tuple[Story, ...], stories_dir: Path) -> tuple[tuple[Story, ...], dict[str, str]]:
    """Masked stories with every file they use renamed to a name made from its bytes.

    ``media/huang-xiaoqing.mp4`` would publish a masked name in a URL; the story shows
    ``media/<SHA-256 of the bytes, 16 hex digits>.mp4`` instead (the same file, the same
    name, on every machine). Returns the stories and ``alias → real path`` for the build
    to publish them under (photos shown resized get names from the alias too).
    """
    aliases: dict[str, str] = {}
    out: list[Story] = []
    for story in stories:
        if not story.masked:
            out.append(story)
            continue
        mapping: dict[str, str] = {}
        for path in sorted(_used_files(story)):
            alias = _alias(stories_dir, path)
            if alias is not None:
                mapping[path] = alias
                aliases[alias] = path
        out.append(_renamed(story, mapping) if mapping else story)
    return tuple(out), aliases


def _used_files(story: Story) -> set[str]:
    used = {story.photo} if story.photo else set()
    for film in story.films:
        used.update(film.sources)
        if film.file:
            used.add(film.file)
        if film.poster:
            used.add(film.poster)
    used.update(p for p in local_targets(story.body, story.path) if not p.endswith(".md"))
    return used


def _alias(stories_dir: Path, path: str) -> str | None:
    try:
        with open(open_plain(real_inside(stories_dir, path)), "rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:  # a folder, a missing file: nothing to publish under another name
        return None
    ext = posixpath.splitext(path)[1].lower()
    return f"{ALIAS_FOLDER}/{digest[:16]}{ext}"


def _renamed(story: Story, mapping: Mapping[str, str]) -> Story:
    def one(path: str | None) -> str | None:
        return mapping.get(path, path) if path else path

    films = tuple(replace(f, file=one(f.file), poster=one(f.poster), sources=tuple(mapping.get(s, s) for s in f.sources))
                  for f in story.films)
    folder = posixpath.dirname(story.path)
    edits: list[tuple[int, int, str]] = []
    masked = strip_code(story.body)
    for pattern in LINK_PATTERNS:
        for match in pattern.finditer(masked):
            start, end = match.span(2)
            target = story.body[start:end]
            path, sep, rest = target.partition("#")
            path, qsep, query = path.partition("?")
            resolved = posixpath.normpath(posixpath.join(folder, path)) if path else ""
            if resolved in mapping:
                new = posixpath.relpath(mapping[resolved], folder or ".") + qsep + query + sep + rest
                edits.append((start, end, new))
    body = story.body
    for start, end, new in sorted(set(edits), reverse=True):
        body = body[:start] + new + body[end:]
    return replace(story, photo=one(story.photo), films=films, body=body)


def prepare_pictures(archive: Archive, stories: tuple[Story, ...], root: Path,
                     cache_dir: Path, aliases: Mapping[str, str] | None = None) -> tuple[Pictures, list[Diagnostic]]:
    """Resized versions of every image the stories show (from the cache when it holds them),
    and a warning for each image that could not be resized (paths shown from ``root``)."""
    pictures = make_pictures(archive.stories_dir, image_uses(stories), ImageCache(cache_dir), aliases=aliases)
    folder = archive.stories_dir.resolve()
    shown = folder.relative_to(root.resolve()).as_posix() if folder.is_relative_to(root.resolve()) else str(folder)
    problems = [diag(f"{shown}/{p.use.story_path}", 1, 0, "W608", p.use.field, value=p.use.source, reason=p.reason)
                for p in pictures.problems]
    return pictures, problems


CLEAN_FOLDER = "exemplar-clean"


def clean_media(uris: Iterable[str], stories_dir: Path, aliases: Mapping[str, str], cache_dir: Path,
                shown_prefix: str = "") -> tuple[dict[str, Path], list[Diagnostic]]:
    """Published images without their metadata: ``uri → cleaned copy`` (in ``cache_dir``), for each
    image that had any; W611 for an image that could not be cleaned (it is published as it is)."""
    cleaned: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    for uri in sorted(uris):
        ext = posixpath.splitext(uri)[1].lower()
        if ext not in STRIPPED_TYPES:
            continue
        real = aliases.get(uri, uri)
        try:
            data = read_inside(stories_dir, real)
            clean = strip_metadata(data, ext)
        except (OSError, MetadataError) as exc:
            reason = str(exc) if isinstance(exc, MetadataError) else "无法读取"
            problems.append(diag(shown_prefix + real, 1, 0, "W611", value=real, reason=reason))
            continue
        if clean == data:
            continue
        target = cache_dir / CLEAN_FOLDER / f"{hashlib.sha256(clean).hexdigest()}{ext}"
        if not target.is_file():
            write_atomic(target, clean, make_folders=True)
        cleaned[uri] = target
    return cleaned, problems
