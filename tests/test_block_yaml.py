"""The quick front-matter reader says nothing libyaml would not: where it answers, its data
is exactly (types too) what composing with libyaml and walking the nodes gives; where
libyaml refuses the text or the walker refuses it (aliases, duplicate keys), it does
not answer. Checked on the sample stories and vocabulary, on hand-picked awkward lines,
and on generated line-shaped YAML.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .profiles import examples

from generator.core import located
from generator.core.block_yaml import read_block_yaml
from generator.core.loader import decode, find_story_files, split_front_matter

from tests.archives import SAMPLE as ROOT



def quick(text: str) -> Any:
    return read_block_yaml(text, located._PLAIN_VALUES)


def libyaml(text: str) -> tuple[bool, Any]:
    """(whether libyaml and the walker accept ``text``, the data they make of it)."""
    try:
        node = yaml.compose(text, Loader=located._Loader)
        if node is None:
            return True, None
        return True, located._Walker(0).walk(node)
    except (yaml.YAMLError, located._Refused, RecursionError):
        return False, None


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (True == 1 and 1 == 1.0 in Python)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return bool(a == b) or (a != a and b != b)  # nan


def agrees(text: str) -> None:
    data = quick(text)
    if data is None:
        return
    ok, expected = libyaml(text)
    assert ok, f"libyaml refuses what the quick reader read: {text!r} → {data!r}"
    assert same(data, expected), f"{text!r}: quick {data!r}, libyaml {expected!r}"


def sample_texts() -> list[str]:
    texts = [(ROOT / "stories" / "vocab.yml").read_text(encoding="utf-8")]
    for path in find_story_files(ROOT / "stories"):
        text, _ = decode(path.read_bytes(), path.name)
        assert text is not None
        texts.append(split_front_matter(text, path.name)[0])
    return texts


def test_reads_every_sample_story_and_the_vocabulary_as_libyaml_does() -> None:
    texts = sample_texts()
    assert len(texts) > 15
    for text in texts:
        data = quick(text)
        assert data is not None, text[:200]  # what editors write is what it is for
        agrees(text)


def test_a_typical_front_matter() -> None:
    text = ("title: \"二十余年守着一座“幸福敬老院”\"\nname: 黄小清\nmask_name: false\n# 注释\n"
            "columns:\n  - 礼赞榜样\nhonours:\n- name: 中国好人\n  year: 2015\n  level: 国家级 # 注\n"
            "date: 2019-10-08\ntags: [敬老, '孝老''爱亲', \"志愿\"]\nvideos: []\nphoto:\n")
    assert quick(text) == {
        "title": "二十余年守着一座“幸福敬老院”", "name": "黄小清", "mask_name": False, "columns": ["礼赞榜样"],
        "honours": [{"name": "中国好人", "year": 2015, "level": "国家级"}], "date": dt.date(2019, 10, 8),
        "tags": ["敬老", "孝老'爱亲", "志愿"], "videos": [], "photo": None,
    }
    agrees(text)


@pytest.mark.parametrize("text", [
    "a: 1\n\tb: 2\n",  # a tab
    "summary: |\n  一段\n",  # a block scalar
    "a: \"x\\ny\"\n",  # an escape
    "a: &x 1\nb: *x\n",  # an anchor and an alias
    "a: !!str 1\n",  # a tag
    "a: {b: 1}\n",  # a flow mapping
    "summary: 一段\n  接着写\n",  # text running onto the next line
    "title: \"一段\n  接着写\"\n",  # a quoted string over two lines
    "name: a\nname: b\n",  # a repeated key
    "yes: 1\n",  # a key that is not text
    "a:\n    b: 1\n  c: 2\n",  # indentation libyaml refuses
    "a: b: c\n",  # a second colon
    "tags: [a, b,]\n",  # a trailing comma
    "a: 1\r\nb: 2\n",  # a carriage return
    "a: x\u2028y\n",  # a YAML 1.1 line break
    "  a: 1\n",  # an indented mapping
    "- a\n- b\n",  # not a mapping
    "# only a comment\n",
    "",
])
def test_leaves_to_libyaml_what_it_is_not_sure_of(text: str) -> None:
    assert quick(text) is None


def test_positions_still_come_from_libyaml() -> None:
    found, problem = located.parse_located("name: 黄小清\nhonours:\n- name: 中国好人\n  year: 2015\n", line_offset=1)
    assert problem is None and found is not None
    assert found.composed is located._UNCOMPOSED  # read quickly, not composed …
    assert found.pos(("honours", 0, "year")) == (5, 9)  # … until a position is asked for
    assert found.key_pos(("name",)) == (2, 1)


# --- generated line-shaped YAML -------------------------------------------------------

KEYS = ["name", "title", "year", "a", "b", "awarded_by", "x-y", "yes", "null", "on", "y", "1", "a b", "名称", '"q"',
        "~", "<<", "?a", "_k", "Null"]
ORDINARY = [
    "", "黄小清", "2015", "2019-10-08", "2019-02-30", "2019-10-08 12:30:00", "true", "True", "yes", "no", "off", "~",
    "null", "0x1F", "0o17", "017", "1_000", "1:30", "190:20:30", "-1", "+1", ".5", "1e3", "1.0e+3", ".inf", "-.INF",
    ".nan", "=", "a b  c", "a #b", "a#b", "a:b", "http://x/#a", "'x'", "'it''s'", "\"x\"", "\"\"", "''",
    "\"a\" # c", "[]", "[ ]", "[a, b]", "[a,b]", "[ 1, 2 ]", "[a, \"b, c\"]", "['a', 'b']", "[yes, 1.5, ~]",
    "[2019-10-08]", "[a] # c", "全角：冒号", "a\\b", "😀", "a\"b", "a'b", "a :b", "-a", "a [b]", "a, b",
]
TRICKY = [
    "<<", "-", "- a", "--", "---", "...", "a: b", "a:", "'a", "\"a\\\"b\"", "\"a\"b", "'a' 'b'", "[a, [b]]",
    "[a, {b: c}]", "[a, b,]", "[, a]", "[a: b]", "[-a]", "[a", "[a] x", "{}", "{a: 1}", "&a x", "*a", "!!int 1",
    "!x", "|", "|-", ">", "@x", "`x`", "%x", "? a", ": a", ",a", "# c", "\u3000a", "a\u3000", "\u00a0",
    "[\"a\"b]", "[a b, 'c' ]", "[ \"x\" ,y]",
]
VALUES = ORDINARY + TRICKY
PREFIXES = ["", "- ", "-  ", "-", "- - "]


@st.composite
def line_shaped(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        indent = " " * draw(st.sampled_from([0, 0, 0, 1, 2, 2, 3, 4, 6]))
        shape = draw(st.integers(0, 9))
        if shape == 0:
            lines.append(indent + "# " + draw(st.sampled_from(VALUES)))
        elif shape == 1:
            lines.append("")
        elif shape == 2:
            lines.append(indent + draw(st.sampled_from(PREFIXES)) + draw(st.sampled_from(VALUES)))
        else:
            key = draw(st.sampled_from(KEYS))
            colon = draw(st.sampled_from([": ", ": ", ":", " : ", ":  "]))
            lines.append(indent + draw(st.sampled_from(PREFIXES[:2] if shape == 9 else [""])) + key + colon
                         + draw(st.sampled_from(VALUES)) + draw(st.sampled_from(["", "", " ", " # c"])))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


@st.composite
def nested(draw: st.DrawFn) -> str:
    """Mappings and lists, a few levels deep, written out with varying indentation, list
    styles and comments; now and then one line is moved sideways."""
    step = draw(st.sampled_from([1, 2, 2, 3, 4]))
    lines: list[str] = []

    def scalar() -> str:
        value = draw(st.sampled_from(VALUES if draw(st.integers(0, 5)) == 0 else ORDINARY))
        return value + draw(st.sampled_from(["", "", " ", " # c"]))

    def mapping(indent: int, depth: int, first: str | None = None) -> None:
        keys = st.sampled_from(KEYS if draw(st.integers(0, 5)) == 0 else KEYS[:7])
        for number, key in enumerate(draw(st.lists(keys, min_size=1, max_size=4, unique=True))):
            lead = first if number == 0 and first is not None else " " * indent
            kind = draw(st.integers(0, 5)) if depth < 3 else 0
            if kind <= 2:
                lines.append(f"{lead}{key}: {scalar()}".rstrip(" ") if draw(st.booleans()) else f"{lead}{key}:")
            elif kind <= 4:
                lines.append(f"{lead}{key}:" + draw(st.sampled_from(["", " # c"])))
                same = draw(st.booleans())
                sequence(indent if same else indent + step, depth + 1)
            else:
                lines.append(f"{lead}{key}:")
                mapping(indent + step, depth + 1)
            if draw(st.integers(0, 9)) == 0:
                lines.append(" " * draw(st.integers(0, 6)) + "# " + draw(st.sampled_from(VALUES)))

    def sequence(indent: int, depth: int) -> None:
        for _ in range(draw(st.integers(1, 3))):
            dash = " " * indent + draw(st.sampled_from(["- ", "- ", "-  "]))
            if depth < 3 and draw(st.booleans()):
                mapping(len(dash), depth + 1, first=dash)
            else:
                lines.append((dash + scalar()).rstrip(" "))

    mapping(0, 0)
    if draw(st.integers(0, 3)) == 0:  # one line moved sideways
        index = draw(st.integers(0, len(lines) - 1))
        shift = draw(st.sampled_from([-2, -1, 1, 2]))
        lines[index] = lines[index][-shift:] if shift < 0 else " " * shift + lines[index]
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(1500), deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested())
def test_generated_nested_yaml(text: str) -> None:
    agrees(text)


@settings(max_examples=examples(1500), deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(line_shaped())
def test_generated_line_shaped_yaml(text: str) -> None:
    agrees(text)


@settings(max_examples=examples(500), deadline=None, database=None)
@given(st.lists(st.sampled_from(["a", "b:", ": ", ":", "- ", "-", " ", "  ", "\n", "[", "]", ",", "'", '"', "#",
                                 "1", "x y", "是"]), max_size=30).map("".join))
def test_generated_yaml_bits(text: str) -> None:
    agrees(text)
