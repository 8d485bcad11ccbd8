"""The one Markdown → plain text pipeline: story cards, posters, the search data and the feed.

:func:`plain_text` turns a story body into plain text (one paragraph a line) and its
headings; :func:`prose` keeps only the paragraphs of running text (no headings, lists,
tables, quotes, code, HTML blocks, admonitions), each made plain by :func:`plain_text`;
:func:`excerpt` is the first of those, cut cleanly. Images go entirely (neither alt text nor
file name is shown or searchable); links keep their text; emphasis marks, attribute lists,
footnote references and HTML tags go; entities are decoded. Pure: no I/O.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

from .safety import comment_spans, fence_spans, without_spans

_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"[ \t\r\f\v]+")

# Each pattern stops at the next opening character too ("[^\[\]]", "<[^<>]*>"), so that text
# full of unclosed "![", "[" or "<" costs one pass, not one pass per opening character.
_IMAGE = re.compile(r"!\[[^\[\]]*\](?:\([^()]*\)|\[[^\[\]]*\])")
_LINK = re.compile(r"\[([^\[\]]*)\](?:\([^()]*\)|\[[^\[\]]*\])")
_REF_DEF = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:.*$", re.M)
_FOOTNOTE_REF = re.compile(r"\[\^[^\[\]]+\]")
_ATTR_LIST = re.compile(r"\{:?\s*[#.][^{}]*\}")
_TAG = re.compile(r"<[^<>]*>")
_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+([^\n]*)$", re.M)
_HEADING_END = " \t#"
_ADMONITION = re.compile(r'^[ ]{0,3}(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+"([^"]*)")?[ \t]*$', re.M)
_LINE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:[-*+][ \t]+|\d+[.)][ \t]+)?", re.M)
_EMPHASIS = re.compile(r"(\*\*|__|\*|~~|`)")
_TABLE_RULE = re.compile(r"^[ \t|:-]+$", re.M)
_BLOCKS = re.compile(r"\n\s*\n")
_NUMBERED = re.compile(r"^\d+[.)]\s")
NOT_PROSE = ("#", "<", "|", ">", "-", "*", "+", "[^", "!!!", "???", ":::")
"""How a block that is not running text starts (a heading, HTML, a table, a quote, a list,
a footnote, an admonition)."""
EXCERPT_CUT = "，、；："
"""Left off the end of a cut excerpt before its …"""


def clean(text: str) -> str:
    """Text as indexed and shown: NFC, no invisible or zero-width characters, single spaces."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text or ""))
    return _SPACES.sub(" ", text)


def without_code_blocks(markdown: str) -> str:
    """Markdown without fenced code blocks and HTML comments (in one pass each)."""
    text = without_spans(markdown, fence_spans(markdown)) if "```" in markdown or "~~~" in markdown else markdown
    return without_spans(text, comment_spans(text)) if "<!--" in text else text


def plain_text(markdown: str) -> tuple[str, tuple[str, ...]]:
    """Markdown as plain text (one paragraph a line) and its headings (see the module docstring)."""
    text = without_code_blocks(markdown)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_DEF.sub("", text)
    text = _FOOTNOTE_REF.sub("", text)
    text = _ATTR_LIST.sub("", text)
    text = _ADMONITION.sub(lambda m: m.group(1) or "", text)
    headings = tuple(clean(html.unescape(_TAG.sub("", h.rstrip(_HEADING_END)))).strip() for h in _HEADING.findall(text))
    text = _HEADING.sub(lambda m: m.group(1).rstrip(_HEADING_END), text)
    text = _TAG.sub(" ", text)
    text = _TABLE_RULE.sub("", text)
    text = _LINE_MARKS.sub("", text)
    text = _EMPHASIS.sub("", text).replace("|", " ")
    text = html.unescape(text)
    paragraphs = [clean(" ".join(block.split())) for block in re.split(r"\n[ \t]*\n|\n", text)]
    return "\n".join(p for p in paragraphs if p), tuple(h for h in headings if h)


def prose(markdown: str) -> Iterator[str]:
    """The paragraphs of running text, each plain and on one line (see the module docstring)."""
    in_fence = False
    for block in _BLOCKS.split(markdown):
        text = block.strip()
        if text.startswith(("```", "~~~")):
            in_fence = not in_fence if text.count("```") + text.count("~~~") == 1 else in_fence
            continue
        if in_fence or not text or text.startswith(NOT_PROSE) or _NUMBERED.match(text):
            continue
        text = " ".join(plain_text(text)[0].split())
        if text:
            yield text


def excerpt(markdown: str, limit: int = 90) -> str:
    """The first paragraph of running text, at most ``limit`` characters (cut with …)."""
    for text in prose(markdown):
        return text if len(text) <= limit else text[: limit - 1].rstrip(EXCERPT_CUT) + "…"
    return ""
