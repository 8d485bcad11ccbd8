"""What a build rejects that no rule about one story's text sees: photos that cannot be read,
and links from a story to one that its edition does not publish. ``exemplar check`` runs these
after loading the archive, so that a strict build never fails on something check let through.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from .diagnostics import Diagnostic, diag
from .schema import Story

MAX_PHOTO_BYTES = 40_000_000
"""Larger photo files are refused: no phone photo is this big; a scan or a RAW file is."""
MAX_PIXELS = 80_000_000
"""As the build's resizer (generator.outputs.images.MAX_PIXELS)."""

_STORY_LINK = re.compile(r"""(?:\]\(\s*<?|\bhref\s*=\s*["'])([^)\s>"'#?]+\.md)\b""", re.I)


def field_position(text: str, field: str) -> tuple[int, int]:
    """(line, column) of a top-level front-matter field's value; (1, 0) when it is not found."""
    for number, line in enumerate(text.splitlines(), start=1):
        found = re.match(rf"{re.escape(field)}\s*:\s*", line)
        if found:
            return number, found.end() + 1
    return 1, 0


def photo_problem(path: Path) -> str | None:
    """Why the photo at ``path`` cannot be published, in Chinese; None when it can."""
    try:
        size = path.stat().st_size
        if size == 0:
            return "是空文件（0 字节）"
        if size > MAX_PHOTO_BYTES:
            return f"有 {size / 1e6:.0f} MB，超过上限 {MAX_PHOTO_BYTES / 1e6:.0f} MB"
        from PIL import Image, UnidentifiedImageError  # only for archives with photos

        try:
            with Image.open(path) as image:  # reads the header only
                width, height = image.size
        except (UnidentifiedImageError, SyntaxError, ValueError):
            return "不是能打开的图片（文件已损坏，或并非 JPEG、PNG、WebP 等图片）"
        if width * height > MAX_PIXELS:
            return f"尺寸过大（{width}×{height}）"
    except OSError as exc:
        return f"无法读取（{exc.strerror or exc}）"
    return None


def photo_problems(stories: Iterable[Story], stories_dir: Path, shown_prefix: str,
                   read: Callable[[str], str]) -> list[Diagnostic]:
    """E113 for each story whose photo is empty, too large or cannot be opened."""
    out = []
    for story in stories:
        if not story.photo:
            continue
        reason = photo_problem(stories_dir / story.photo)
        if reason:
            line, col = field_position(read(story.path), "photo")
            out.append(diag(shown_prefix + story.path, line, col, "E113", "photo", value=story.photo, reason=reason))
    return out


def unpublished_links(stories: Iterable[Story], read: Callable[[str], str], shown_prefix: str) -> list[Diagnostic]:
    """E405 for each link from a published story to a story its edition leaves out: from a public
    story to an internal one (the public edition has no such page), from any story to a draft."""
    stories = list(stories)
    by_path = {s.path: s for s in stories}
    out = []
    for story in stories:
        if story.is_draft:
            continue
        text = read(story.path)
        for match in _STORY_LINK.finditer(text):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(story.path), match.group(1)))
            other = by_path.get(target)
            if other is None or other is story:
                continue
            if other.is_draft:
                what, fix = "草稿", f"等「{other.slug}」发布后再加链接，或先删去"
            elif other.is_internal and not story.is_internal:
                what, fix = "内网稿件", f"删去链接，或把「{other.slug}」也设为 visibility: public"
            else:
                continue
            line = text.count("\n", 0, match.start(1)) + 1
            col = match.start(1) - (text.rfind("\n", 0, match.start(1)) + 1) + 1
            out.append(diag(shown_prefix + story.path, line, col, "E405", "", value=match.group(1), what=what, fix=fix))
    return out
