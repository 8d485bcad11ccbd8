"""Safe input for story bodies: raw HTML limited to an allowlist, links that stay safe.

``check_body`` is run by ``exemplar check`` and again by the build (it is part of
validation), so a body that would run a script, or embed a page from an unlisted
site, never reaches a reader. Diagnostics carry the line in the story file.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import markdown
from markdown.extensions.attr_list import get_attrs_and_remainder

from .diagnostics import Diagnostic, diag
from .sanitise import MARKDOWN_EXTENSIONS, POLICY, Sanitiser

ALLOWED_TAGS = POLICY.tags
URL_ATTRS = frozenset({"href", "src", "poster", "srcset", "action", "formaction", "xlink:href", "data", "cite"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", ""})
# Archive files a body may link to or show, by type: published in the site's origin, an .html,
# .svg or .xml file would run its scripts there. Stories (.md) become pages.
LINKABLE_TYPES = (".md", ".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif",
                  ".mp4", ".webm", ".ogv", ".m4v", ".mp3", ".m4a", ".ogg", ".oga", ".wav", ".pdf")
# What an attribute list ({: … }) may set: the sanitiser's global attributes and an image's size.
ATTR_LIST_KEYS = frozenset({".", "id", "class", "title", "alt", "lang", "dir", "width", "height", "loading", "decoding"})
# Every "](target": a link around an image ([![a](a.jpg)](target)) has two targets, and a
# target may hold balanced parentheses (media/合影(1).jpg).
_MD_LINK = re.compile(r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))+)")
_MD_REF = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)  # not a footnote
_FENCE_LINE = re.compile(r"^([ \t]*)(`{3,}|~{3,})([^\n]*)$", re.M)
_TICKS = re.compile(r"`+")
_NOT_NEWLINE = re.compile(r"[^\n]")


def is_linkable(path: str) -> bool:
    """True for an archive path of a type that is safe to publish (see :data:`LINKABLE_TYPES`)."""
    return path.lower().endswith(LINKABLE_TYPES)


def _blank_span(chars: list[str], start: int, end: int) -> None:
    chars[start:end] = _NOT_NEWLINE.sub(" ", "".join(chars[start:end]))


def strip_code(body: str) -> str:
    """The body with code blocks, inline code and comments blanked (same offsets and lines).

    One pass each, in time proportional to the body: a fence or comment that never closes
    and runs of backticks cost no more than plain text.
    """
    # Each construct needs its opening characters; most bodies have none of them.
    if "```" not in body and "~~~" not in body and "<!--" not in body and "`" not in body:
        return body
    chars = list(body)
    if "```" in body or "~~~" in body:
        _blank_fences(body, chars)
    if "<!--" in body:
        _blank_comments(body, chars)
    if "`" in body:
        _blank_code_spans("".join(chars), chars)
    return "".join(chars)


def fence_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each fenced code block, opening line to closing line, in one pass.

    A fence closes at the next line of the same indent and fence and nothing else; the
    closing lines of each kind are listed once, so an unclosed fence costs one look-up.
    """
    lines = list(_FENCE_LINE.finditer(body))
    closers: dict[tuple[str, str], list[int]] = {}
    for index, m in enumerate(lines):
        if not m.group(3).strip():
            closers.setdefault((m.group(1), m.group(2)), []).append(index)
    spans: list[tuple[int, int]] = []
    done = -1
    for index, m in enumerate(lines):
        if index <= done:
            continue
        candidates = closers.get((m.group(1), m.group(2)), [])
        after = bisect.bisect_right(candidates, index)
        if after == len(candidates):
            continue
        done = candidates[after]
        spans.append((m.start(), lines[done].end()))
    return spans


def comment_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each ``<!-- … -->``; an unclosed one ends the search (none after it can close)."""
    spans: list[tuple[int, int]] = []
    at = body.find("<!--")
    while at != -1:
        end = body.find("-->", at + 4)
        if end == -1:
            break
        spans.append((at, end + 3))
        at = body.find("<!--", end + 3)
    return spans


def without_spans(body: str, spans: list[tuple[int, int]]) -> str:
    """``body`` with the (sorted, disjoint) spans cut out."""
    kept: list[str] = []
    at = 0
    for start, end in spans:
        if start >= at:
            kept.append(body[at:start])
            at = end
    kept.append(body[at:])
    return "".join(kept)


def _blank_fences(body: str, chars: list[str]) -> None:
    for start, end in fence_spans(body):
        _blank_span(chars, start, end)


def _blank_comments(body: str, chars: list[str]) -> None:
    for start, end in comment_spans(body):
        _blank_span(chars, start, end)


def _blank_code_spans(text: str, chars: list[str]) -> None:
    # A run of n backticks opens a span that the next run of exactly n backticks closes;
    # "the next run of the same length" is worked out once, from the right.
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    following: list[int] = [-1] * len(runs)
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = seen.get(length, -1)
        seen[length] = index
    index = 0
    while index < len(runs):
        close = following[index]
        if close == -1:
            index += 1
            continue
        _blank_span(chars, runs[index][0], runs[close][1])
        index = close + 1


def is_safe_url(value: str) -> bool:
    """http(s), mailto, tel, anchors and relative paths; never javascript:, data: or vbscript:."""
    # Markdown keeps character references in href ("&#106;avascript:"); browsers decode them.
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value)).lower()
    scheme = urlsplit(cleaned).scheme if ":" in cleaned.split("/")[0] else ""
    return scheme in SAFE_SCHEMES


_TAG_NAME = re.compile(r"[A-Za-z][^\s/>]*")
_GAP = re.compile(r"[\s/]*")
_ATTR_NAME = re.compile(r"[^\s/>][^\s/>=]*")
_EQUALS = re.compile(r"\s*=\s*")
_UNQUOTED = re.compile(r"[^\s>]*")


_TAG_OR_MARKUP = re.compile(r"<[A-Za-z/!?]")


def _next_markup(text: str, pos: int) -> int:
    found = _TAG_OR_MARKUP.search(text, pos)
    return found.start() if found else -1


def scan_tags(text: str) -> list[tuple[int, str, list[tuple[str, str | None]]]]:
    """(offset, tag, attributes) of every start tag, read as a browser's tokenizer reads them.

    One pass, never looking back: comments, ``<!…>`` and ``<?…>`` declarations (CDATA
    included) end where a browser ends them, a quoted value runs to its quote (a ``<!--``
    inside it is text), and a tag, comment or value left open takes the rest of the body,
    as in the browser. Names are lower case, character references decoded.
    """
    found: list[tuple[int, str, list[tuple[str, str | None]]]] = []
    size = len(text)
    start = _TAG_OR_MARKUP.search(text)
    at = start.start() if start else -1
    while at != -1 and at + 1 < size:
        if text.startswith("<!--", at):
            if text.startswith(("<!-->", "<!--->"), at):
                at = _next_markup(text, at + 4)
                continue
            end = text.find("-->", at + 4)
            if end == -1:
                break
            at = _next_markup(text, end + 3)
            continue
        if text[at + 1] in "!?":  # a bogus comment, to the next ">"
            end = text.find(">", at + 2)
            if end == -1:
                break
            at = _next_markup(text, end + 1)
            continue
        closing = text[at + 1] == "/"
        name = _TAG_NAME.match(text, at + 2 if closing else at + 1)
        if name is None:
            at = _next_markup(text, at + 1)
            continue
        tag = _read_attributes(text, name.end())
        if tag is None:
            break
        end, attrs = tag
        if not closing:
            found.append((at, name.group(0).lower(), attrs))
        at = _next_markup(text, end)
    return found


def _read_attributes(text: str, pos: int) -> tuple[int, list[tuple[str, str | None]]] | None:
    """The attributes of a tag from ``pos`` and the offset after its ``>``; None if it never ends."""
    attrs: list[tuple[str, str | None]] = []
    size = len(text)
    while True:
        pos = _GAP.match(text, pos).end()  # type: ignore[union-attr]  # matches the empty string
        if pos >= size:
            return None
        if text[pos] == ">":
            return pos + 1, attrs
        name = _ATTR_NAME.match(text, pos)
        if name is None:
            return None
        pos = name.end()
        value: str | None = None
        equals = _EQUALS.match(text, pos)
        if equals is not None:
            pos = equals.end()
            if pos >= size:
                return None
            if text[pos] in "\"'":
                close = text.find(text[pos], pos + 1)
                if close == -1:
                    return None
                value, pos = text[pos + 1:close], close + 1
            else:
                unquoted = _UNQUOTED.match(text, pos)
                assert unquoted is not None  # matches the empty string
                value, pos = unquoted.group(0), unquoted.end()
        attrs.append((name.group(0).lower(), html.unescape(value) if value is not None else None))


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
    first = body_line
    fences = len(_FENCE_LINE.findall(body)) if "```" in body or "~~~" in body else 0
    if fences > MAX_FENCES:  # before blanking them
        return [diag(shown, first, 1, "E511", "正文", what=f"代码块分隔行 {fences} 个", limit=MAX_FENCES)]
    text = strip_code(body)
    lines = _Lines(text, first)
    limits = markup_limits(text, shown, lines)
    if limits:  # Markdown would take hours over this body: nothing more is read
        return limits

    for offset, tag, attrs in scan_tags(text) if "<" in text else ():
        if len(problems) >= MAX_PROBLEMS:
            break
        where, col = lines.at(offset)
        if tag not in ALLOWED_TAGS:
            hint = ("正文只能用普通 Markdown 和少量安全的 HTML；要放视频请用 videos 字段" if tag in ("script", "object", "embed")
                    else "删除该标签，改用 Markdown 写法")
            problems.append(diag(shown, where, col, "E501", "正文", tag=tag, hint=hint))
            continue
        # md_in_html reads markdown="1" and removes it
        allowed = POLICY.attributes["*"] | POLICY.attributes.get(tag, frozenset()) | {"markdown"}
        for attr, value in attrs:
            if attr.startswith("on") or attr in ("srcdoc", "formaction"):
                problems.append(diag(shown, where, col, "E502", "正文", tag=tag, attr=attr))
            elif attr in URL_ATTRS and value is not None:
                candidates = [v.strip().split(" ")[0] for v in value.split(",")] if attr == "srcset" else [value]
                if not all(is_safe_url(v) for v in candidates):
                    problems.append(diag(shown, where, col, "E503", "正文", value=value[:60]))
                elif attr not in allowed:
                    problems.append(diag(shown, where, col, "E506", "正文", tag=tag, attr=attr))
                else:
                    for v in candidates:
                        problems.extend(_check_file_type(v, shown, where, col, resolve, exists))
            elif attr == "style" and value and re.search(r"expression\s*\(|url\s*\(|javascript:", value, re.I):
                problems.append(diag(shown, where, col, "E502", "正文", tag=tag, attr="style"))
            elif attr == "style" and value and not _style_allowed(value):
                problems.append(diag(shown, where, col, "E507", "正文", tag=tag, value=value[:60],
                                     choices="、".join(sorted(POLICY.style_properties))))
            elif attr not in allowed:
                problems.append(diag(shown, where, col, "E506", "正文", tag=tag, attr=attr))
        if tag == "iframe":
            src = dict(attrs).get("src") or ""
            host = (urlsplit(src).hostname or "").lower()
            if urlsplit(src).scheme != "https" or not any(host == h or host.endswith("." + h) for h in iframe_hosts):
                problems.append(diag(shown, where, col, "E504", "正文", value=host or src[:60]))

    if "{" in text:
        problems.extend(_check_attr_lists(text, shown, lines))

    for pattern in (_MD_LINK, _MD_REF):
        for match in pattern.finditer(text):
            if len(problems) >= MAX_PROBLEMS:
                break
            target = match.group(1)
            where, col = lines.at(match.start(1))
            problems.extend(_check_link(target, shown, where, col, resolve, exists))
    del problems[MAX_PROBLEMS:]  # an editor fixes the first ones; a hostile body is not listed in full
    if (not any(d.is_error for d in problems) and len(body) <= MAX_RENDERED_CHECK
            and (any(c in body for c in "<{&") or "]:" in body)):
        # What this scan cannot see the way Markdown does (raw HTML blocks, code spans inside
        # attribute values …) shows in the rendered HTML: whatever the sanitiser would remove.
        problems.extend(rendered_problems(body, shown, _Lines(body, first), Sanitiser(iframe_hosts)))
    return problems


def rendered_problems(body: str, shown: str, lines: _Lines, sanitiser: Sanitiser) -> list[Diagnostic]:
    """What the sanitiser would remove from the body as the build renders it (E508), located
    at the first place in the source that names it."""
    rendered = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS)).convert(body)
    cleaned = sanitiser.clean(rendered)
    if cleaned is rendered:
        return []
    kept = _inventory(cleaned)
    problems: list[Diagnostic] = []
    reported: set[tuple[str, str]] = set()
    lower = body.lower()
    for tag, attr in _inventory(rendered):
        if (tag, attr) in kept or (tag, attr) in reported or len(reported) >= 5:
            continue
        reported.add((tag, attr))
        name = attr.split("=", 1)[0]
        at = lower.find(name) if name else lower.find("<" + tag)
        where, col = lines.at(at) if at != -1 else (lines.first, 1)
        what = f"<{tag}> 标签" if not attr else f"<{tag}> 的「{attr[:60]}」"
        problems.append(diag(shown, where, col, "E508", "正文", what=what))
    return problems


def _inventory(html_text: str) -> list[tuple[str, str]]:
    """Each element as ("tag", "") and each attribute as ("tag", "name=value"), in order."""
    found: list[tuple[str, str]] = []
    for _, tag, attrs in scan_tags(html_text):
        found.append((tag, ""))
        for name, value in attrs:
            if name == "style":  # written again by the sanitiser: compare the properties
                value = ";".join(sorted(p.split(":", 1)[0].strip().lower() for p in (value or "").split(";") if p.strip()))
            found.append((tag, f"{name}={value or ''}"))
    return found


# What makes Markdown (python-markdown) slower than linear, found by benchmarks/pathological.py:
# raw HTML left open rescans the rest of the body for every "<"; "[" in one paragraph are
# matched against each other; fenced blocks and nested quotes cost more with each one.
MAX_BRACKETS_PER_PARAGRAPH = 100
MAX_PROBLEMS = 100  # per body
# Bodies up to this many characters are also rendered by check (a few tenths of a second);
# a longer one is left to the source scan here and to the sanitiser in the build.
MAX_RENDERED_CHECK = 256 * 1024
MAX_FENCES = 1000
MAX_QUOTE_DEPTH = 16
_OPENERS = (("<!--", "-->"), ("<![CDATA[", "]]>"))
_TAG_START = re.compile(r"<[!?/A-Za-z]")
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|$)")
_DEEP_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]*){%d}" % (MAX_QUOTE_DEPTH + 1), re.M)


def markup_limits(text: str, shown: str, lines: _Lines) -> list[Diagnostic]:
    """Constructs that would make rendering the body slower than linear, located (E509–E511).

    ``text`` is the body with code blanked. Every test is one pass over the text.
    """
    problems: list[Diagnostic] = []
    if "<" in text:
        last_close = text.rfind(">")
        opened: list[tuple[int, str]] = []
        for opener, closer in _OPENERS:
            last = text.rfind(closer)
            at = text.find(opener, max(0, last - len(opener) + 1))
            if at != -1 and text.find(closer, at + len(opener)) == -1:
                opened.append((at, opener))
        tag = _TAG_START.search(text, last_close + 1)
        if tag is not None:
            opened.append((tag.start(), text[tag.start():tag.start() + 12].split()[0]))
        if opened:
            at, what = min(opened)
            where, col = lines.at(at)
            problems.append(diag(shown, where, col, "E509", "正文", value=what))
    for mark in "[{":  # links and attribute lists: Markdown pairs them up within a paragraph
        if text.count(mark) <= MAX_BRACKETS_PER_PARAGRAPH:
            continue
        start = count = offset = 0
        for line in text.split("\n"):
            if line.strip():
                count += line.count(mark)
            else:
                start, count = offset + len(line) + 1, 0
            if count > MAX_BRACKETS_PER_PARAGRAPH:
                where, _ = lines.at(start)
                problems.append(diag(shown, where, 1, "E510", "正文", mark=mark, count=_paragraph_count(text, start, mark),
                                     limit=MAX_BRACKETS_PER_PARAGRAPH))
                break
            offset += len(line) + 1
        if problems:
            break
    if ">" in text:
        deep = _DEEP_QUOTE.search(text)
        if deep is not None:
            where, col = lines.at(deep.start())
            problems.append(diag(shown, where, col, "E511", "正文", what="引用嵌套超过 16 层", limit=MAX_QUOTE_DEPTH))
    return problems


def _paragraph_count(text: str, start: int, mark: str) -> int:
    end = _BLANK_LINE.search(text, start)
    return text.count(mark, start, end.start() if end else len(text))


class _Lines:
    """Offsets in a body as (line in the story file, column); line starts found once, when first asked."""

    def __init__(self, text: str, first: int) -> None:
        self.text = text
        self.first = first
        self.starts: list[int] = []

    def at(self, offset: int) -> tuple[int, int]:
        if not self.starts:
            self.starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first + index, offset - self.starts[index] + 1


def _style_allowed(value: str) -> bool:
    return all(part.split(":", 1)[0].strip().lower() in POLICY.style_properties
               for part in value.split(";") if part.strip())


_BRACED_LINE = re.compile(r"^[^\n{]*\{[^\n]*\}[^\n]*$", re.M)
_MAX_LISTS_PER_LINE = 20  # more are left to the rendered check (a line of "{" costs no more)


def _check_attr_lists(text: str, shown: str, lines: _Lines) -> list[Diagnostic]:
    """Attribute lists that set more than :data:`ATTR_LIST_KEYS` (Markdown's own parser reads them).

    Markdown reads "{…}" as one after an inline element ("![a](b){…}", "*x*{…}") and at the
    end of a heading or a block's line; the list runs to the line's last "}".
    """
    problems: list[Diagnostic] = []
    for line_match in _BRACED_LINE.finditer(text):
        line = line_match.group(0)
        last = line.rfind("}")
        seen = 0
        brace = line.find("{")
        while brace != -1 and brace < last and seen < _MAX_LISTS_PER_LINE:
            before = line[brace - 1] if brace else ""
            inline = before in ")]*_`>"
            block = (not before or before in " \t") and not line[last + 1:].strip()
            if inline or block:
                seen += 1
                inner = line[brace + 1:last].lstrip(":").strip()
                attrs, _ = get_attrs_and_remainder(inner)
                for key, _value in attrs:
                    if key.lower() not in ATTR_LIST_KEYS:
                        where, col = lines.at(line_match.start() + brace)
                        problems.append(diag(shown, where, col, "E505", "正文", attr=key[:40],
                                             choices=" ".join(sorted(k for k in ATTR_LIST_KEYS if k != "."))))
                        break
            brace = line.find("{", brace + 1)
    return problems


def _check_file_type(target: str, shown: str, line: int, col: int,
                     resolve: Callable[[str], str | None], exists: Callable[[str], bool]) -> list[Diagnostic]:
    """An archive file that raw HTML links to or shows, if it is of a type not to publish (E305)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or target.startswith("#"):
        return []
    resolved = resolve(parts.path)
    if resolved is None or is_linkable(resolved) or not exists(resolved):
        return []
    return [diag(shown, line, col, "E305", "正文", value=parts.path, kind=posixpath.splitext(resolved)[1] or "无扩展名",
                 choices=" ".join(t.lstrip(".") for t in LINKABLE_TYPES))]


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
    folder_story = not exists(resolved) and exists(resolved.rstrip("/") + "/index.md")
    if not exists(resolved) and not folder_story:
        return [diag(shown, line, col, "E303", "正文", value=path,
                     hint="链接和图片路径相对本文件所在文件夹填写，检查文件名和大小写")]
    if not folder_story and not is_linkable(resolved):
        return [diag(shown, line, col, "E305", "正文", value=path, kind=posixpath.splitext(resolved)[1] or "无扩展名",
                     choices=" ".join(t.lstrip(".") for t in LINKABLE_TYPES))]
    return []
