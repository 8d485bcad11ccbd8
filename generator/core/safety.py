"""Safe input for story bodies: raw HTML limited to an allowlist, links that stay safe.

``check_body`` is run by ``exemplar check`` and again by the build (it is part of
validation), so a body that would run a script, or embed a page from an unlisted
site, never reaches a reader. Diagnostics carry the line in the story file.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urlsplit

from .diagnostics import Diagnostic, diag

ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em "
    "figcaption figure h1 h2 h3 h4 h5 h6 hr i iframe img ins kbd li mark ol p picture pre q "
    "rp rt ruby s samp small source span strong sub summary sup table tbody td tfoot th thead "
    "time tr u ul var video audio track wbr".split()
)
URL_ATTRS = frozenset({"href", "src", "poster", "srcset", "action", "formaction", "xlink:href", "data"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", ""})
_FENCE = re.compile(r"^(\s*)(```+|~~~+)[^\n]*\n.*?^\1\2[ \t]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
# Every "](target": a link around an image ([![a](a.jpg)](target)) has two targets, and a
# target may hold balanced parentheses (media/合影(1).jpg).
_MD_LINK = re.compile(r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))+)")
_MD_REF = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def strip_code(body: str) -> str:
    """The body with code blocks, inline code and comments blanked (same offsets and lines)."""
    # Each pattern needs its opening characters; most bodies have none of them.
    if "```" in body or "~~~" in body:
        body = _FENCE.sub(_blank, body)
    if "<!--" in body:
        body = _HTML_COMMENT.sub(_blank, body)
    if "`" in body:
        body = _INLINE_CODE.sub(_blank, body)
    return body


def is_safe_url(value: str) -> bool:
    """http(s), mailto, tel, anchors and relative paths; never javascript:, data: or vbscript:."""
    # Markdown keeps character references in href ("&#106;avascript:"); browsers decode them.
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value)).lower()
    scheme = urlsplit(cleaned).scheme if ":" in cleaned.split("/")[0] else ""
    return scheme in SAFE_SCHEMES


class _TagScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        self.found.append((line, col, tag, attrs))

    handle_startendtag = handle_starttag


def check_body(
    body: str,
    body_line: int,
    shown: str,
    iframe_hosts: tuple[str, ...],
    resolve: Callable[[str], str | None],
    exists: Callable[[str], bool],
) -> list[Diagnostic]:
    """Every unsafe tag, attribute and link in a story body, located in the story file."""
    problems: list[Diagnostic] = []
    text = strip_code(body)
    first = body_line

    scanner = _TagScanner()
    if "<" in text:  # no tag without one
        try:
            scanner.feed(text)
            scanner.close()
        except (AssertionError, ValueError):  # malformed markup HTMLParser cannot read on
            pass
    for line, col, tag, attrs in scanner.found:
        where = first + line - 1
        if tag not in ALLOWED_TAGS:
            hint = ("正文只能用普通 Markdown 和少量安全的 HTML；要放视频请用 videos 字段" if tag in ("script", "object", "embed")
                    else "删除该标签，改用 Markdown 写法")
            problems.append(diag(shown, where, col + 1, "E501", "正文", tag=tag, hint=hint))
            continue
        for attr, value in attrs:
            if attr.startswith("on") or attr in ("srcdoc", "formaction"):
                problems.append(diag(shown, where, col + 1, "E502", "正文", tag=tag, attr=attr))
            elif attr in URL_ATTRS and value is not None:
                candidates = [v.strip().split(" ")[0] for v in value.split(",")] if attr == "srcset" else [value]
                if not all(is_safe_url(v) for v in candidates):
                    problems.append(diag(shown, where, col + 1, "E503", "正文", value=value[:60]))
            elif attr == "style" and value and re.search(r"expression\s*\(|url\s*\(|javascript:", value, re.I):
                problems.append(diag(shown, where, col + 1, "E502", "正文", tag=tag, attr="style"))
        if tag == "iframe":
            src = dict(attrs).get("src") or ""
            host = (urlsplit(src).hostname or "").lower()
            if urlsplit(src).scheme != "https" or not any(host == h or host.endswith("." + h) for h in iframe_hosts):
                problems.append(diag(shown, first + line - 1, col + 1, "E504", "正文", value=host or src[:60]))

    # Line starts once (and only for a body with links), so that a body full of links
    # costs n log n, not n².
    starts: list[int] = []
    for pattern in (_MD_LINK, _MD_REF):
        for match in pattern.finditer(text):
            if not starts:
                starts = [0, *(m.end() for m in re.finditer("\n", text))]
            target = match.group(1)
            index = bisect.bisect_right(starts, match.start(1)) - 1
            where = first + index
            col = match.start(1) - starts[index] + 1
            problems.extend(_check_link(target, shown, where, col, resolve, exists))
    return problems


def _check_link(target: str, shown: str, line: int, col: int,
                resolve: Callable[[str], str | None], exists: Callable[[str], bool]) -> list[Diagnostic]:
    if not is_safe_url(target):
        return [diag(shown, line, col, "E503", "正文", value=target[:60])]
    parts = urlsplit(target)
    if parts.scheme or target.startswith("#") or parts.netloc:
        return []
    path = parts.path
    if not path:
        return []
    resolved = resolve(path)
    if resolved is None:
        return [diag(shown, line, col, "E302", "正文", value=path)]
    if not exists(resolved) and not exists(resolved.rstrip("/") + "/index.md"):
        return [diag(shown, line, col, "E303", "正文", value=path,
                     hint="链接和图片路径相对本文件所在文件夹填写，检查文件名和大小写")]
    return []
