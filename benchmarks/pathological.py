"""Pathological story bodies: does checking (and rendering) stay linear in the body's size?

Not a test: a measurement. For each pattern, a body of about ``--size`` characters and one
twice as large are checked with ``check_body`` (what ``exemplar check`` and the build run)
and, with ``--render``, rendered by Markdown with the site's extensions; the time and the
ratio between the two sizes are printed (about 2 is linear, 4 quadratic).

    .venv/bin/python benchmarks/pathological.py --size 100000
    .venv/bin/python benchmarks/pathological.py --size 1000 --only backticks      # the 1 KB of issue 16
    .venv/bin/python benchmarks/pathological.py --story-mb 8                          # a whole 8 MB story file
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.core.safety import check_body  # noqa: E402
from generator.core.sanitise import MARKDOWN_EXTENSIONS  # noqa: E402

PLAIN = "黄小清二十年如一日守着敬老院，照顾孤寡老人。"
PATTERNS: dict[str, str] = {
    "plain": PLAIN,
    "paragraphs": PLAIN + "\n\n",
    "backticks": "`",
    "backtick-words": "`x",
    "fences": "```\n",
    "tildes": "~~~a\n",
    "lt": "<",
    "tag-open": "<a ",
    "tag-quote": '<a title="',
    "comments": "<!--",
    "cdata": "<![CDATA[",
    "brackets": "[",
    "brackets-close": "]",
    "link-open": "](a",
    "image-open": "![a](b",
    "refs": "[a]: b\n",
    "stars": "*",
    "underscores": "_a",
    "braces": "{: ",
    "attr-lists": "*a*{: .b }",
    "amps": "&",
    "entities": "&#106;",
    "quotes": "> ",
    "lists": "- ",
    "nested-lists": "  " * 3 + "- a\n",
    "headings": "# a\n",
    "html-blocks": "<div>\n",
    "md-in-html": '<div markdown="1">\n',
    "footnotes": "[^a]",
    "backslashes": "\\",
    "tables": "|a|\n",
}


def _body(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _time(fn, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def _check(body: str) -> None:
    check_body(body, 14, "stories/x.md", ("xuexi.cn",), resolve=lambda p: p, exists=lambda p: True)


def _render(body: str) -> None:
    import markdown

    markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS)).convert(body)


def run_patterns(size: int, only: list[str], render: bool) -> None:
    print(f"{'pattern':16s} {'check n':>9s} {'check 2n':>9s} {'ratio':>6s}" + ("   render n  render 2n  ratio" if render else ""))
    for name, unit in PATTERNS.items():
        if only and name not in only:
            continue
        line = f"{name:16s}"
        a, b = _time(_check, _body(unit, size)), _time(_check, _body(unit, 2 * size))
        line += f" {a:8.3f}s {b:8.3f}s {b / max(a, 1e-4):6.1f}"
        if render:
            c, d = _time(_render, _body(unit, size)), _time(_render, _body(unit, 2 * size))
            line += f"  {c:8.3f}s {d:8.3f}s {d / max(c, 1e-4):6.1f}"
        print(line, flush=True)


def run_story(megabytes: float, only: list[str]) -> None:
    """``exemplar check`` on a one-story copy of the sample archive whose body is ``megabytes`` MB."""
    for name, unit in PATTERNS.items():
        size = int(megabytes * 1024 * 1024 * len(unit) / len(unit.encode("utf-8"))) - 1024
        if only and name not in only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
            (root / "stories" / "media").mkdir(parents=True)
            shutil.copy(ROOT / "stories" / "vocab.yml", root / "stories" / "vocab.yml")
            (root / "stories" / "media" / "x.jpg").write_bytes(b"")
            head = ("---\ntitle: 测试\nname: 黄小清\nkind: person\nunit: 国网三明供电公司\ncolumns: [礼赞榜样]\n"
                    "date: 2019-10-08\nsummary: 测试。\nphoto: media/x.jpg\n---\n\n")
            body = _body(unit, size)
            data = (head + body).encode("utf-8")[: 8 * 1024 * 1024 - 1]
            (root / "stories" / "x.md").write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(root), "check"],
                                    capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                    timeout=3600)
            took = time.perf_counter() - start
            codes = sorted({w for w in result.stdout.split() if len(w) == 4 and w[0] in "EW" and w[1:].isdigit()})
            print(f"{name:16s} {len(data) / 1048576:5.1f} MB  check {took:7.2f}s  exit {result.returncode}  {' '.join(codes)}",
                  flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=50_000, help="characters in the smaller body")
    parser.add_argument("--only", default="", help="comma-separated pattern names")
    parser.add_argument("--render", action="store_true", help="also time Markdown rendering alone")
    parser.add_argument("--story-mb", type=float, default=0, help="run exemplar check on one story this large instead")
    args = parser.parse_args()
    only = [o for o in args.only.split(",") if o]
    if args.story_mb:
        run_story(args.story_mb, only)
    else:
        run_patterns(args.size, only, args.render)


if __name__ == "__main__":
    main()
