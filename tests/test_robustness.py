"""No input may crash the loader, hang it, or make another story disappear.

Each hostile file is put beside a good story. Loading the archive must finish quickly,
report the hostile file with a located error (when it cannot be a story), and still
publish the good one. These are correctness tests, not benchmarks: the time bounds
are generous.
"""

from __future__ import annotations

import os

import random
import time
from typing import Any

import pytest

from generator.core.messages import MESSAGES

RNG = random.Random(20230530)

BILLION_LAUGHS = (
    "---\n"
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
        for prev, name in zip("abcdefgh", "bcdefghi")
    )
    + "---\n\n正文。\n"
)

FRONT = "---\ntitle: 标题\nname: 李华\nkind: person\nunit: 国网三明供电公司\ncolumns: [礼赞榜样]\ndate: 2020-01-01\n"

# Files that cannot be a story: each must give at least one error on its own path.
REJECTED: dict[str, bytes] = {
    "empty": b"",
    "only_newlines": b"\n\n\n",
    "random_binary": RNG.randbytes(64 * 1024),
    "random_binary_without_nul": bytes(b or 1 for b in RNG.randbytes(64 * 1024)),
    "png_header": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "front_matter_10mb": ("---\ntitle: " + "长" * (10 * 1024 * 1024 // 3) + "\n---\n正文\n").encode(),
    "front_matter_300kb_of_keys": ("---\n" + "".join(f"k{i}: v{i}\n" for i in range(30000)) + "---\n正文\n").encode(),
    "one_line_of_2mb": ("---\ntitle: " + "x" * (2 * 1024 * 1024) + "\n---\n").encode(),
    "billion_laughs": BILLION_LAUGHS.encode(),
    "merge_key_alias": b"---\nbase: &b {kind: person}\nother:\n  <<: *b\n---\n",
    "deep_flow_nesting": ("---\ntitle: " + "[" * 50000 + "]" * 50000 + "\n---\n").encode(),
    "deep_flow_mapping": ("---\ntitle: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n---\n").encode(),
    "deep_block_nesting": ("---\n" + "".join(" " * i + f"k{i}:\n" for i in range(400)) + " " * 400 + "x\n---\n").encode(),
    "deep_block_sequence": ("---\ntitle:\n" + "".join(" " * i + "-\n" for i in range(1, 400)) + "---\n").encode(),
    "control_characters_in_front_matter": (FRONT.replace("标题", "标\x01\x02\x1b题") + "---\n正文\n").encode(),
    "utf8_encoded_surrogate": FRONT.encode() + b"position: \xed\xa0\x80\n---\n",
    "overlong_utf8": FRONT.encode() + b"position: \xc0\xaf\n---\n",
    "beyond_unicode": FRONT.encode() + b"position: \xf4\x90\x80\x80\n---\n",
    "truncated_utf8": FRONT.encode()[:-1] + "黄".encode()[:2],
    "utf16_without_bom": FRONT.encode("utf-16-le"),
    "utf32": FRONT.encode("utf-32"),
    "latin1": (FRONT + "position: caf\xe9\n---\n").encode("latin-1", "replace"),
    "nbsp_noncharacter": (FRONT + "position: \ufffe\uffff\n---\n").encode("utf-8", "surrogatepass"),
    "python_tags": (FRONT + "x: !!python/object/apply:os.system [echo hi]\ny: !!binary '*&^'\n"
                    "z: !!int abc\nw: !!float x\nv: !!timestamp 2019-99-99\n---\n").encode(),
    "non_scalar_keys": (FRONT + "? [a, b]\n: 1\n? {c: d}\n: 2\n---\n").encode(),
    "null_and_bool_keys": (FRONT + "null: 1\ntrue: 2\n~: 3\n---\n").encode(),
    "huge_numbers": (FRONT + "honours:\n  - name: 中国好人\n    year: 1e999\n"
                     "videos:\n  - title: x\n    url: https://xuexi.cn/a\n    views: " + "9" * 5000 + "\n---\n").encode(),
    "unclosed_everything": b"---\ntitle: \"[{'\n",
    "only_dashes": b"---\n",
    "dashes_and_dots": b"---\n...\n",
    "nested_lists_as_values": (FRONT.replace("礼赞榜样", "[[[[礼赞榜样]]]]") + "honours: [[[]]]\nvideos: {a: [b]}\n---\n").encode(),
    "wrong_types_everywhere": ("---\ntitle: {a: 1}\nname: [1]\nkind: 3\nunit: true\ncolumns: {x: y}\ndate: [2020]\n"
                              "honours: 7\nvideos: yes\ntags: {a: b}\nphoto: 5\nfeatured: 2\nslug: [a]\n"
                              "internal_fields: 9\nstatus: [x]\nvisibility: {a: 1}\nmask_name: maybe\n---\n").encode(),
    "blank_required_values": ('---\ntitle: " "\nname: "\t"\nkind: " "\nunit: " "\ncolumns: [" ", ~]\n'
                              'date: " "\nslug: " "\n---\n正文\n').encode(),
}

# Files that are odd but may be stories: they must not crash or hide the neighbour.
TOLERATED: dict[str, bytes] = {
    "control_characters_in_body": (FRONT + "---\n正文\x01\x02\x1b[31m\x7f\n").encode(),
    "mixed_line_ends": (FRONT.replace("\n", "\r\n", 3) + "---\r\r\n正文\r").encode(),
    "bom_then_crlf": b"\xef\xbb\xbf" + (FRONT + "---\n正文\n").replace("\n", "\r\n").encode(),
    "body_of_4mb": (FRONT + "---\n" + "正文很长。\n" * 300_000).encode(),
    "body_html_soup": (FRONT + "---\n" + "<div><p <a href=\"x\" <<script>>" * 2000 + "<!-- <![CDATA[ </").encode(),
    "body_many_links": (FRONT + "---\n" + "[a](b)(c)[d](" * 20000).encode(),
    "body_unclosed_fence": (FRONT + "---\n```\n<script>\n" * 1000).encode(),
    "body_deep_parentheses": (FRONT + "---\n[x](" + "(" * 50000 + ")" * 50000 + ")\n").encode(),
}


def _load_beside_good_story(tiny_archive: Any, content: bytes) -> tuple[Any, float]:
    tiny_archive.add_good_story("huang-xiaoqing")
    tiny_archive.write("stories/hostile.md", content)
    start = time.monotonic()
    archive = tiny_archive.load()
    return archive, time.monotonic() - start


def _assert_well_formed(archive: Any) -> None:
    for d in archive.diagnostics:
        assert d.code in MESSAGES
        assert d.line >= 1 and d.col >= 0
        text = d.format_text() + d.format_github()
        assert "Traceback" not in text and "None" not in d.message


@pytest.mark.parametrize("content", REJECTED.values(), ids=REJECTED.keys())
def test_hostile_file_is_reported_and_neighbour_survives(tiny_archive: Any, content: bytes) -> None:
    archive, seconds = _load_beside_good_story(tiny_archive, content)
    assert seconds < 10
    assert [s.slug for s in archive.stories] == ["huang-xiaoqing"]
    assert not [d for d in archive.diagnostics if d.path == "stories/huang-xiaoqing.md"]
    assert [d for d in archive.errors if d.path == "stories/hostile.md"], archive.diagnostics
    _assert_well_formed(archive)


@pytest.mark.parametrize("content", TOLERATED.values(), ids=TOLERATED.keys())
def test_odd_file_does_not_crash_or_hide_neighbour(tiny_archive: Any, content: bytes) -> None:
    archive, seconds = _load_beside_good_story(tiny_archive, content)
    assert seconds < 10
    assert "huang-xiaoqing" in [s.slug for s in archive.stories]
    assert not [d for d in archive.diagnostics if d.path == "stories/huang-xiaoqing.md"]
    hostile = [s for s in archive.stories if s.path == "hostile.md"]
    assert hostile or [d for d in archive.errors if d.path == "stories/hostile.md"]
    _assert_well_formed(archive)


def test_unreadable_file_is_reported(tiny_archive: Any) -> None:
    """A dangling symlink gives E306 (a link is never followed), not a traceback."""
    tiny_archive.add_good_story("huang-xiaoqing")
    (tiny_archive.stories / "ghost.md").symlink_to(tiny_archive.root / "nowhere.md")
    archive = tiny_archive.load()
    assert [s.slug for s in archive.stories] == ["huang-xiaoqing"]
    assert [(d.path, d.code) for d in archive.diagnostics] == [("stories/ghost.md", "E306")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_a_file_without_permission_is_reported(tiny_archive: Any) -> None:
    tiny_archive.add_good_story("huang-xiaoqing")
    locked = tiny_archive.write("stories/locked.md", "---\ntitle: x\n---\n")
    locked.chmod(0)
    archive = tiny_archive.load()
    assert [(d.path, d.code) for d in archive.diagnostics] == [("stories/locked.md", "E011")]


def test_many_broken_files_each_get_their_own_error(tiny_archive: Any) -> None:
    """Collect all: every hostile file at once, each reported, the good story kept."""
    tiny_archive.add_good_story("huang-xiaoqing")
    for name, content in REJECTED.items():
        if len(content) < 1024 * 1024:
            tiny_archive.write(f"stories/{name.replace('_', '-')}.md", content)
    start = time.monotonic()
    archive = tiny_archive.load()
    assert time.monotonic() - start < 10
    assert [s.slug for s in archive.stories] == ["huang-xiaoqing"]
    reported = {d.path for d in archive.errors}
    for name, content in REJECTED.items():
        if len(content) < 1024 * 1024:
            assert f"stories/{name.replace('_', '-')}.md" in reported, name


VOCAB_BREAKAGES: dict[str, bytes] = {
    "binary": RNG.randbytes(4096),
    "list": b"- a\n- b\n",
    "scalar": b"just words\n",
    "sections_of_wrong_type": b"columns: x\nlevels: 3\nhonours: {a: b}\nunits: true\npioneers: ~\nplatforms: [1]\n",
    "items_of_wrong_type": b"columns: [1, [2]]\nlevels: [a]\nhonours: [~]\nunits: [x, {id: a}]\npioneers: [[]]\nplatforms: [{}]\n",
    "children_not_a_list": b"columns: []\nlevels: []\nhonours: []\nunits: [{id: a, name: A, children: nope}]\npioneers: []\nplatforms: []\n",
    "alias_bomb": BILLION_LAUGHS.removeprefix("---\n").split("---")[0].encode(),
    "hosts_not_a_list": b"columns: []\nlevels: []\nhonours: []\nunits: []\npioneers: []\nplatforms: [{id: a, name: A, hosts: 5}]\n",
}


@pytest.mark.parametrize("content", VOCAB_BREAKAGES.values(), ids=VOCAB_BREAKAGES.keys())
def test_broken_vocabulary_gives_diagnostics(tiny_archive: Any, content: bytes) -> None:
    tiny_archive.add_good_story("huang-xiaoqing")
    tiny_archive.write("stories/vocab.yml", content)
    archive = tiny_archive.load()  # must not raise
    _assert_well_formed(archive)
    if archive.vocab is None:
        assert archive.errors and all(d.path == "stories/vocab.yml" for d in archive.errors)
    else:  # a vocabulary with empty sections is valid; the story then fails against it
        assert [d for d in archive.errors if d.path == "stories/huang-xiaoqing.md"]
