"""Fuzzing the loader and the validator: whatever the bytes, the answer is a Story or
at least one located error — never an exception, never silently nothing.

Three kinds of generated input: YAML-ish text built from YAML's special characters and
the archive's own words, real mappings dumped with PyYAML (so the rules, not only the
parser, are exercised), and raw bytes. Bodies mix Markdown links and HTML.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .profiles import examples

from generator.core.vocab import VOCAB_NAME
from generator.core.diagnostics import Diagnostic
from generator.core.loader import parse_story_text
from generator.core.messages import MESSAGES
from generator.core.safety import check_body
from generator.core.validate import FILM_FIELDS, HONOUR_FIELDS, LABELS, Context, resolve_path, validate_story
from generator.core.vocab import Lookups, load_vocabulary
from tests.archives import SAMPLE_STORIES

VOCAB_PATH = SAMPLE_STORIES / VOCAB_NAME
VOCAB, _problems = load_vocabulary(VOCAB_PATH, "stories/vocab.yml")
assert VOCAB is not None, _problems
LOOKUPS = Lookups(VOCAB)
CTX = Context(lookups=LOOKUPS, exists=lambda path: path.startswith("media/"))
HOSTS = tuple(h for p in VOCAB.platforms for h in p.hosts)
SHOWN = "stories/fuzz.md"

FUZZ = settings(
    max_examples=examples(1200),
    deadline=None,
    database=None,  # nothing written into the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

# --- words the rules know, so generated stories reach past the first check ------------
WORDS = sorted({
    *LABELS, *LABELS.values(), *HONOUR_FIELDS, *FILM_FIELDS,
    *(c.title for c in VOCAB.columns), *(c.id for c in VOCAB.columns),
    *(lv.title for lv in VOCAB.levels), *(h.name for h in VOCAB.honours),
    *("/".join(u.names) for u in VOCAB.units[:6]), *(p.short for p in VOCAB.pioneers),
    *VOCAB.parties, "person", "collective", "draft", "published", "public", "internal",
    "media/a.jpg", "media/a.mp4", "../x.jpg", "https://www.xuexi.cn/a", "ftp://x", "javascript:x()",
    "2019-10-08", "2019-02-30", "2015", "15", "黄小清", "*", "true", "null", "~", "",
})
YAML_BITS = [
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "!", "!!str ", "!!binary ", "|", ">",
    "'", '"', "#", "%", "@", "`", "?", " ", "  ", "\t", "\n", "\r\n", "\r", "\\", "\\x", "---", "...",
    "：", "\u3000", "\x00", "\x07", "\x1b", "\ufeff", "\ufffe", "\u2028", "\U0001F600", "<<: ",
]
yamlish = st.lists(st.sampled_from(YAML_BITS + WORDS), max_size=60).map("".join)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(WORDS), st.text(max_size=20),
    st.dates(min_value=dt.date(1, 1, 1)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(WORDS) | st.text(max_size=6), inner, max_size=4),
    ),
    max_leaves=8,
)
fields = st.dictionaries(st.sampled_from(WORDS) | st.text(max_size=8), values, max_size=8)
DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

HTML_BITS = [
    "<script>", "</script>", "<iframe src=\"https://player.bilibili.com/x\">", "<iframe src=\"//evil\">",
    "<a href=\"javascript:x\">", "<img src=x onerror=y>", "<p style=\"url(x)\">", "<!--", "-->",
    "```", "`", "[a](", "](", ")", "(", "![i](media/a.jpg)", "[r]: ", "&#106;", "&amp;", "<", ">",
    "\n", " ", "正文", "media/", "../", "<![CDATA[", "</", "<svg/onload=x>", "\x00", "\r",
]
bodies = st.lists(st.sampled_from(HTML_BITS) | st.text(max_size=8), max_size=40).map("".join)


def _check(raw: bytes) -> None:
    """The invariant: a Story, or at least one error on this file; every diagnostic well formed."""
    story_raw, problems = parse_story_text(raw, "fuzz.md", SHOWN)
    if story_raw is None:
        assert any(p.is_error for p in problems), "no story and no error"
        _well_formed(problems, raw)
        return
    story, problems = validate_story(story_raw, CTX)
    body_problems = check_body(story_raw.body, story_raw.body_line, SHOWN, HOSTS,
                               resolve=lambda value: resolve_path("fuzz.md", value), exists=CTX.exists)
    everything = problems + body_problems
    if story is None:
        assert any(p.is_error for p in problems), "story dropped without an error"
    else:
        assert not any(p.is_error for p in problems), "a story built despite an error"
    _well_formed(everything, raw)


def _well_formed(problems: list[Diagnostic], raw: bytes) -> None:
    lines = raw.count(b"\n") + raw.count(b"\r") + 2
    for p in problems:
        assert p.code in MESSAGES
        assert p.path == SHOWN
        assert 1 <= p.line <= lines, (p, lines)
        assert p.col >= 0
        p.format_text()
        p.format_github()


def _story(front: str, body: str) -> bytes:
    return f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass")


@FUZZ
@given(front=yamlish, body=bodies)
def test_yamlish_front_matter(front: str, body: str) -> None:
    _check(_story(front, body))


@settings(FUZZ, max_examples=examples(500))
@given(data=fields, body=bodies)
def test_dumped_mappings(data: dict[str, Any], body: str) -> None:
    try:
        front = yaml.dump(data, Dumper=DUMPER, allow_unicode=True, default_flow_style=None)
    except yaml.YAMLError:  # e.g. a value PyYAML cannot represent; nothing to test
        return
    _check(_story(front, body))


@settings(FUZZ, max_examples=examples(500))
@given(data=fields)
def test_dumped_mappings_on_a_good_story(data: dict[str, Any]) -> None:
    """Start from a valid story and overwrite some fields, so the deeper rules run too."""
    base: dict[str, Any] = {
        "title": "标题", "name": "黄小清", "kind": "person", "unit": "国网三明供电公司",
        "columns": ["礼赞榜样"], "date": dt.date(2019, 10, 8), "summary": "摘要", "photo": "media/a.jpg",
    }
    try:
        front = yaml.dump({**base, **data}, Dumper=DUMPER, allow_unicode=True)
    except yaml.YAMLError:
        return
    _check(_story(front, "正文\n"))


@settings(FUZZ, max_examples=examples(800))
@given(raw=st.binary(max_size=2048))
def test_random_bytes(raw: bytes) -> None:
    _check(raw)


@settings(FUZZ, max_examples=examples(800))
@given(raw=st.binary(max_size=512))
def test_random_bytes_after_a_front_matter_fence(raw: bytes) -> None:
    _check(b"---\n" + raw + b"\n---\n")
