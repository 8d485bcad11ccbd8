"""Relative links in a story body, rebased for the page the story is published at.

Editors write paths relative to the story file (``media/a.jpg`` next to
``huang-xiaoqing.md``); the story is published at ``stories/<slug>.html``. Links are
rewritten to the same file seen from there, outside code blocks only.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from ..core.safety import strip_code
from .urls import story_uri

# Not the outer target of a link around an image: use_pictures writes the zoom link for the page
# already. Check limits "[" per paragraph (E510), which bounds this pattern's work per line.
_MD_TARGET = re.compile(r"(!?\[[^\]\n]*\]\(\s*<?)([^)\s>]+)")
_MD_REF = re.compile(r"^([ ]{0,3}\[[^\]\n]+\]:\s*<?)(\S+?)(?=>?(?:\s|$))", re.M)
# "[^<>]": a tag ends at the next "<" too, so many "<a " before one ">" cost one pass.
_HTML_ATTR = re.compile(r"(<(?:img|a|video|source|audio)\b[^<>]*?\b(?:src|href|poster)\s*=\s*[\"'])([^\"'<>]+)", re.I)


def rebase_target(target: str, story_path: str, depth: int) -> str:
    """``media/a.jpg`` in ``x/index.md`` → ``../x/media/a.jpg`` for a page ``depth`` folders down."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith(("#", "/")) or not parts.path:
        return target
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(story_path), parts.path))
    if resolved.endswith(".md"):  # a link to another story: point at its page
        stem = posixpath.splitext(resolved)[0]
        slug = posixpath.basename(posixpath.dirname(stem)) if stem.endswith("/index") else posixpath.basename(stem)
        resolved = story_uri(slug)
    rebased = "../" * depth + resolved
    suffix = ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")
    return rebased + suffix


LINK_PATTERNS = (_MD_TARGET, _MD_REF, _HTML_ATTR)


def local_targets(body: str, story_path: str) -> set[str]:
    """Files inside the archive that a body links to or shows (paths in the stories folder)."""
    masked = strip_code(body)
    found: set[str] = set()
    for pattern in LINK_PATTERNS:
        for match in pattern.finditer(masked):
            target = body[match.start(2) : match.end(2)]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("#", "/")) or not parts.path:
                continue
            found.add(posixpath.normpath(posixpath.join(posixpath.dirname(story_path), parts.path)))
    return found


def rebase_links(body: str, story_path: str, depth: int) -> str:
    """The body with every relative link and image path rebased (code left as written)."""
    masked = strip_code(body)
    edits: list[tuple[int, int, str]] = []
    for pattern in LINK_PATTERNS:
        for match in pattern.finditer(masked):
            start, end = match.span(2)
            original = body[start:end]
            new = rebase_target(original, story_path, depth)
            if new != original:
                edits.append((start, end, new))
    for start, end, new in sorted(set(edits), reverse=True):
        body = body[:start] + new + body[end:]
    return body
