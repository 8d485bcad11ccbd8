"""Resized photos: what pages show instead of the editors' full-size files.

For every image a page shows (a story's photo, a film's poster, an image in a story body)
the build makes a small version for cards (cropped to the cards' 3:4), a large one for the
story page, each in WebP with a JPEG fallback, and a zoom version for the lightbox when
the photo is bigger than the large one. EXIF orientation is applied, colours are converted
to sRGB and every piece of metadata (EXIF, GPS, ICC, XMP, comments) is left out.

Output bytes depend only on the source bytes and the variant spec (reproducible builds),
and are cached under the source's SHA-256 and the spec's key: a second build of unchanged
photos reads their bytes to hash them and does no image work at all.

Pure core: Pillow, no MkDocs.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ..core.files import OutsideError, read_inside
from ..site.pictures import (
    ImageProblem,
    ImageUse,
    Picture,
    Pictures,
    Rendition,
    Version,
)
from .atomic import write_atomic

ENCODER_VERSION = 1
"""Part of every cache key: bump it when the rendering changes, so old cached files are not used."""

MIME = {"webp": "image/webp", "jpeg": "image/jpeg"}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
URI_FOLDER = "images"


@dataclass(frozen=True, slots=True)
class VariantSpec:
    """One version of an image: ``width`` wide at most (never upscaled); with a ``height``,
    cropped to that box's proportions first (like CSS ``object-fit: cover``)."""

    role: str
    format: str
    width: int
    height: int | None = None
    quality: int = 80

    @property
    def key(self) -> str:
        """The spec's name in the cache: every setting that changes the output bytes."""
        box = f"{self.width}x{self.height}" if self.height else f"{self.width}w"
        return f"{self.role}-{box}-q{self.quality}-v{ENCODER_VERSION}.{EXTENSIONS[self.format]}"


CARD_WEBP = VariantSpec("card", "webp", 360, 480, 78)
CARD_JPEG = VariantSpec("card", "jpeg", 360, 480, 80)
PAGE_WEBP = VariantSpec("page", "webp", 960, None, 80)
PAGE_JPEG = VariantSpec("page", "jpeg", 960, None, 82)
ZOOM_JPEG = VariantSpec("zoom", "jpeg", 1600, None, 84)
SPECS = (CARD_WEBP, CARD_JPEG, PAGE_WEBP, PAGE_JPEG, ZOOM_JPEG)


def specs_for(size: tuple[int, int]) -> tuple[VariantSpec, ...]:
    """The versions worth making: a zoom version only for photos wider than the large one."""
    return SPECS if size[0] > PAGE_JPEG.width else SPECS[:-1]


def geometry(size: tuple[int, int], spec: VariantSpec) -> tuple[tuple[int, int], tuple[int, int, int, int]]:
    """(output size, crop box in the source) for ``spec`` applied to an image of ``size``.

    A crop keeps the full width of tall images and the middle of wide ones; on tall
    images it keeps the upper part, where faces usually are.
    """
    w, h = size
    if spec.height is None:
        out_w = min(spec.width, w)
        return (out_w, max(1, round(h * out_w / w))), (0, 0, w, h)
    if w * spec.height > h * spec.width:  # wider than the box: crop the sides
        cw, ch = max(1, round(h * spec.width / spec.height)), h
    else:  # taller: crop the bottom mostly
        cw, ch = w, max(1, round(w * spec.height / spec.width))
    left, top = (w - cw) // 2, (h - ch) // 3
    out_w = min(spec.width, cw)
    return (out_w, max(1, round(ch * out_w / cw))), (left, top, left + cw, top + ch)


class ImageError(Exception):
    """A file that cannot be resized; the message says why, in Chinese, for editors."""


_SRGB = ImageCms.createProfile("sRGB")
MAX_SOURCE_BYTES = 200 * 1024 * 1024
"""Larger image files are not read at all."""
MAX_PIXELS = 80_000_000
"""Larger images are refused (a 50-megapixel phone photo has 50 000 000)."""


def _decode(data: bytes) -> Image.Image:
    """The image upright, in sRGB, as RGB or RGBA, with no metadata attached."""
    try:
        source = Image.open(io.BytesIO(data))
        if source.width * source.height > MAX_PIXELS:
            raise ImageError(f"尺寸过大（{source.width}×{source.height}）")
        if getattr(source, "n_frames", 1) > 1:
            raise ImageError("是动图，无法缩放")
        source.load()
        image = ImageOps.exif_transpose(source)
    except ImageError:
        raise
    except UnidentifiedImageError as exc:
        raise ImageError("不是可识别的图片（文件可能已损坏）") from exc
    except Exception as exc:  # noqa: BLE001 — Pillow raises many kinds on broken files; each becomes W608
        raise ImageError(f"图片文件已损坏（{type(exc).__name__}: {exc}）") from exc
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if alpha else "RGB"
    icc = source.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:  # before any mode change: the profile describes the pixels as stored (CMYK, grey …)
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, profile, _SRGB, outputMode=out_mode) or image
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels as they are are the best guess
    image = image.convert(mode)
    image.info = {}
    return image


def _encode(image: Image.Image, spec: VariantSpec) -> bytes:
    buffer = io.BytesIO()
    if spec.format == "webp":
        image.save(buffer, "WEBP", quality=spec.quality, method=4)
    else:
        if image.mode == "RGBA":  # JPEG has no transparency: on white, like the page
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        image.save(buffer, "JPEG", quality=spec.quality, optimize=True, progressive=True)
    return buffer.getvalue()


def render_variants(data: bytes, plan: Callable[[tuple[int, int]], Sequence[VariantSpec]] = specs_for,
                    ) -> tuple[tuple[int, int], dict[VariantSpec, bytes]]:
    """Decode ``data`` once and encode every version ``plan`` asks for; (upright size, bytes by spec).

    The one function that does image work: the cache exists to avoid calling it.
    """
    image = _decode(data)
    out: dict[VariantSpec, bytes] = {}
    resized: dict[tuple[tuple[int, int], tuple[int, int, int, int]], Image.Image] = {}
    for spec in plan(image.size):
        size, box = geometry(image.size, spec)
        if (size, box) not in resized:  # the WebP and JPEG of one size share one resize
            resized[size, box] = image if size == image.size and box == (0, 0, *image.size) else \
                image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
        out[spec] = _encode(resized[size, box], spec)
    return image.size, out


class ImageCache:
    """Rendered versions on disk, by source SHA-256 and spec key: ``<folder>/ab/abcdef…/<spec key>``.

    Files are written to a temporary name and renamed, so builds running side by side
    never read a half-written file.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def entry(self, digest: str) -> Path:
        return self.folder / digest[:2] / digest

    def file(self, digest: str, spec: VariantSpec) -> Path:
        return self.entry(digest) / spec.key

    def source_size(self, digest: str) -> tuple[int, int] | None:
        try:
            data = json.loads((self.entry(digest) / "source.json").read_text(encoding="utf-8"))
            return int(data["width"]), int(data["height"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def complete(self, digest: str, specs: Iterable[VariantSpec]) -> bool:
        return all(self.file(digest, spec).is_file() for spec in specs)

    def store(self, digest: str, size: tuple[int, int], files: Mapping[VariantSpec, bytes]) -> None:
        for spec, data in files.items():
            write_atomic(self.file(digest, spec), data, make_folders=True)
        # written last: an entry with its size is an entry with all its files
        write_atomic(self.entry(digest) / "source.json",
                     json.dumps({"width": size[0], "height": size[1]}).encode("utf-8"), make_folders=True)




def _stem(source: str) -> str:
    stem = posixpath.splitext(source)[0].strip("/").lower()
    return re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-") or "image"


def _picture(source: str, digest: str, size: tuple[int, int], cache: ImageCache) -> Picture:
    stem = f"{URI_FOLDER}/{_stem(source)}.{digest[:10]}"

    def rendition(spec: VariantSpec) -> Rendition:
        (w, h), _ = geometry(size, spec)
        return Rendition(f"{stem}.{spec.role}.{EXTENSIONS[spec.format]}", w, h, MIME[spec.format],
                         cache.file(digest, spec))

    page = Version(rendition(PAGE_WEBP), rendition(PAGE_JPEG))
    zoom = rendition(ZOOM_JPEG) if ZOOM_JPEG in specs_for(size) else page.jpeg
    return Picture(source, size[0], size[1], Version(rendition(CARD_WEBP), rendition(CARD_JPEG)), page, zoom)


def make_pictures(stories_dir: Path, uses: Sequence[ImageUse], cache: ImageCache,
                  workers: int | None = None, aliases: Mapping[str, str] | None = None) -> Pictures:
    """A :class:`Picture` for every used image, rendering only what the cache does not hold.

    ``aliases``: a source that is another name for a file (see ``outputs.media.hide_media_names``)
    → that file's path."""
    sources = sorted({u.source for u in uses})
    problems: dict[str, str] = {}
    found: dict[str, tuple[str, tuple[int, int]]] = {}
    todo: dict[str, bytes] = {}  # digest → source bytes, for the images to render
    digests: dict[str, str] = {}
    for source in sources:
        try:
            data = read_inside(stories_dir, (aliases or {}).get(source, source), MAX_SOURCE_BYTES)
        except OutsideError as exc:  # never what the file holds
            problems[source] = f"无法读取（{exc}）"
            continue
        except OSError as exc:
            problems[source] = f"无法读取（{exc.strerror or exc}）"
            continue
        digest = hashlib.sha256(data).hexdigest()
        digests[source] = digest
        size = cache.source_size(digest)
        if size is not None and cache.complete(digest, specs_for(size)):
            found[source] = (digest, size)
        else:
            todo[digest] = data

    def work(item: tuple[str, bytes]) -> tuple[str, tuple[int, int] | str]:
        digest, data = item
        try:
            size, files = render_variants(data)
        except ImageError as exc:
            return digest, str(exc)
        cache.store(digest, size, files)
        return digest, size

    jobs = sorted(todo.items())
    count = min(len(jobs), workers or os.cpu_count() or 1)
    if count > 1:  # Pillow releases the GIL while resizing and encoding
        with ThreadPoolExecutor(count) as pool:
            results = dict(pool.map(work, jobs))
    else:
        results = dict(map(work, jobs))
    for source, digest in digests.items():
        if source in found:
            continue
        result = results[digest]
        if isinstance(result, str):
            problems[source] = result
        else:
            found[source] = (digest, result)

    pictures = {source: _picture(source, digest, size, cache) for source, (digest, size) in sorted(found.items())}
    listed = tuple(ImageProblem(u, problems[u.source]) for u in uses if u.source in problems)
    return Pictures(pictures, listed, rendered=len(jobs), cached=len(digests) - len(todo))
