"""Pictures as pages show them: an image of the archive and its resized versions, where
stories show images, and story bodies rewritten to show the resized versions.

The resizing itself (Pillow, the cache on disk) is :mod:`generator.outputs.images`; this module
is the data it hands the site model, and plain text work on story bodies.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..core.safety import strip_code
from ..core.schema import Story

RASTER_TYPES = (".jpg", ".jpeg", ".png", ".webp")
"""What gets resized. GIFs are published as they are (they may be animated)."""


@dataclass(frozen=True, slots=True)
class Rendition:
    """One file of the site made from a source image."""

    uri: str
    width: int
    height: int
    mime: str
    file: Path


@dataclass(frozen=True, slots=True)
class Version:
    """One size in two formats: WebP first, JPEG for browsers without WebP."""

    webp: Rendition
    jpeg: Rendition

    @property
    def width(self) -> int:
        return self.jpeg.width

    @property
    def height(self) -> int:
        return self.jpeg.height


@dataclass(frozen=True, slots=True)
class Picture:
    """An image of the archive as pages show it. ``source`` is its path in the stories folder."""

    source: str
    width: int
    height: int
    card: Version
    page: Version
    zoom: Rendition

    @property
    def renditions(self) -> tuple[Rendition, ...]:
        found = (self.card.webp, self.card.jpeg, self.page.webp, self.page.jpeg, self.zoom)
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class ImageUse:
    """Where a story shows an image: ``field`` is ``photo``, ``videos[0].poster`` or ``body``."""

    source: str
    story_path: str
    field: str


@dataclass(frozen=True, slots=True)
class ImageProblem:
    use: ImageUse
    reason: str


@dataclass(frozen=True, slots=True)
class Pictures:
    """Every image of one build that could be resized, and what went wrong with the others."""

    pictures: Mapping[str, Picture] = field(default_factory=dict)
    problems: tuple[ImageProblem, ...] = ()
    rendered: int = 0
    """How many sources had to be decoded (0 on a build with a warm cache)."""
    cached: int = 0
    """How many sources were found in the cache."""

    def renditions(self) -> list[Rendition]:
        """Every file to publish, each once, in a stable order."""
        out: dict[str, Rendition] = {}
        for source in sorted(self.pictures):
            for r in self.pictures[source].renditions:
                out.setdefault(r.uri, r)
        return [out[uri] for uri in sorted(out)]


def image_uses(stories: Iterable[Story]) -> list[ImageUse]:
    """The raster images stories show, in story order: photos, film posters, body images."""
    uses: list[ImageUse] = []
    for story in stories:
        if story.photo:
            uses.append(ImageUse(story.photo, story.path, "photo"))
        for i, film in enumerate(story.films):
            if film.poster:
                uses.append(ImageUse(film.poster, story.path, f"videos[{i}].poster"))
        uses += [ImageUse(src, story.path, "body") for src in body_images(story.body, story.path)]
    return [u for u in uses if u.source.lower().endswith(RASTER_TYPES)]


# --- images in story bodies -----------------------------------------------------------------

_MD_IMAGE = re.compile(
    r"!\[(?P<alt>[^\[\]\n]*)\]\(\s*<?(?P<src>(?:[^()\s<>\[\]]|\([^()\s\[\]]*\))+)>?(?P<title>\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
    r"(?!\{)"
)


def _resolve(target: str, story_path: str) -> str | None:
    if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", target, re.I):
        return None
    path = target.split("#", 1)[0].split("?", 1)[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(story_path), path)) if path else None


def body_images(body: str, story_path: str) -> list[str]:
    """Images a story body shows with Markdown's ``![alt](path)`` (paths in the stories folder)."""
    masked = strip_code(body)
    found = (_resolve(body[m.start("src"):m.end("src")], story_path) for m in _MD_IMAGE.finditer(masked))
    return list(dict.fromkeys(p for p in found if p))


def use_pictures(body: str, story_path: str, pictures: Mapping[str, Picture], depth: int) -> str:
    """The body with each ``![alt](photo.jpg)`` showing the large version, with its size and lazy
    loading, inside a link to the zoom version that the lightbox opens (without JavaScript the
    link opens the image itself).

    The image's path stays relative to the story file (:func:`generator.site.links.rebase_links`
    rebases it later); the link's target is one ``rebase_links`` does not see, so it is written
    for a page ``depth`` folders down. An image already followed by ``{…}`` attributes is left
    as the editor wrote it; one already inside a link keeps that link.
    """
    masked = strip_code(body)
    edits: list[tuple[int, int, str]] = []
    folder = posixpath.dirname(story_path)
    for match in _MD_IMAGE.finditer(masked):
        source = _resolve(body[match.start("src"):match.end("src")], story_path)
        picture = pictures.get(source or "")
        if picture is None:
            continue
        version = picture.page.jpeg
        src = posixpath.relpath(version.uri, folder or ".")
        alt = body[match.start("alt"):match.end("alt")]
        title = body[match.start("title"):match.end("title")] if match.group("title") else ""
        image = (f'![{alt}]({src}{title}){{ width="{version.width}" height="{version.height}" '
                 f'loading="lazy" decoding="async" }}')
        start, end = match.span()
        if masked[:start].endswith("["):  # [![alt](a.jpg)](https://…): the editor's link stays
            edits.append((start, end, image))
        else:
            edits.append((start, end, f"[{image}]({'../' * depth}{picture.zoom.uri}){{ .ex-zoom }}"))
    for start, end, new in reversed(edits):
        body = body[:start] + new + body[end:]
    return body
