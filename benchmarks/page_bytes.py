"""Bytes per built page, by page kind, and how much of each page is chrome.

    .venv/bin/python benchmarks/page_bytes.py SITE_DIR [--json out.json] [--compare OTHER_SITE_DIR]

For a built site (``exemplar build --site-dir …`` or ``mkdocs build -d …`` of a corpus from
``benchmarks/corpus.py``), every ``.html`` file is put in a kind by its path (story, poster,
unit, honour, tag, year, column, pioneer, film, the index of each, home, stats, 404) and the
report gives, per kind: pages, total bytes, mean and median bytes per page, mean *chrome* bytes
(everything outside the page's own content: ``<article class="md-content__inner …">`` for theme
pages, ``<main class="ex-sheet">`` for posters), the mean of the bytes that are only indentation
and blank lines, and, for listing pages, bytes per listed story (distinct links to story pages).
``--compare`` prints the same table for a second site beside the first (before → after).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

CONTENT_OPEN = re.compile(rb'<article class="md-content__inner[^"]*">|<main class="ex-sheet"[^>]*>')
CONTENT_CLOSE = {b"<article": b"</article>", b"<main": b"</main>"}
STORY_LINK = re.compile(rb'href="(?:\.\./)*(?:\./)?stories/([^"#/]+)\.html"')
INDENT = re.compile(rb"^[ \t]+|^\s*\n", re.M)


def kind_of(rel: str) -> str:
    """A page's kind from its path inside the site."""
    parts = rel.split("/")
    if len(parts) == 1:
        return {"index.html": "home", "404.html": "404"}.get(parts[0], "other")
    top, name = parts[0], parts[-1]
    singular = {"stories": "story", "posters": "poster", "honours": "honour", "tags": "tag", "years": "year",
                "pioneers": "pioneer", "films": "film", "stats": "stats", "columns": "column", "units": "unit"}
    kind = singular.get(top, top)
    if kind == "column":
        return kind
    if kind in ("story", "poster", "stats"):
        return kind
    if len(parts) == 2 and name == "index.html":
        return f"{kind}s-index" if not kind.endswith("s") else f"{kind}-index"
    return kind


def content_span(html: bytes) -> tuple[int, int]:
    """Start and end of the page's own content (0, 0 if it has none)."""
    match = CONTENT_OPEN.search(html)
    if not match:
        return 0, 0
    close = CONTENT_CLOSE[match.group(0).split(b" ")[0]]
    end = html.rfind(close)
    return (match.start(), end + len(close)) if end > match.start() else (0, 0)


@dataclass
class Kind:
    sizes: list[int] = field(default_factory=list)
    chrome: list[int] = field(default_factory=list)
    indent: list[int] = field(default_factory=list)
    listed: list[tuple[int, int]] = field(default_factory=list)  # (content bytes, stories listed)


def measure(site: Path) -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        html = path.read_bytes()
        kind = kinds.setdefault(kind_of(rel), Kind())
        start, end = content_span(html)
        kind.sizes.append(len(html))
        kind.chrome.append(len(html) - (end - start))
        kind.indent.append(sum(len(m) for m in INDENT.findall(html)))
        listed = len(set(STORY_LINK.findall(html[start:end])))
        if listed >= 20:
            kind.listed.append((end - start, listed))
    return kinds


def summary(kinds: dict[str, Kind]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for name, kind in sorted(kinds.items(), key=lambda item: -sum(item[1].sizes)):
        row = {
            "pages": len(kind.sizes), "total": sum(kind.sizes),
            "mean": statistics.fmean(kind.sizes), "median": statistics.median(kind.sizes),
            "chrome": statistics.fmean(kind.chrome), "indent": statistics.fmean(kind.indent),
        }
        if kind.listed:
            row["per_listed"] = sum(b for b, _ in kind.listed) / sum(n for _, n in kind.listed)
        out[name] = row
    every = [s for k in kinds.values() for s in k.sizes]
    out["ALL"] = {"pages": len(every), "total": sum(every), "mean": statistics.fmean(every),
                  "median": statistics.median(every),
                  "chrome": statistics.fmean([c for k in kinds.values() for c in k.chrome]),
                  "indent": statistics.fmean([c for k in kinds.values() for c in k.indent])}
    return out


def print_table(rows: dict[str, dict[str, float]], before: dict[str, dict[str, float]] | None = None) -> None:
    def cell(name: str, key: str, width: int) -> str:
        now = rows.get(name, {}).get(key)
        was = (before or {}).get(name, {}).get(key)
        text = "" if now is None else f"{now:,.0f}"
        if before is not None:
            text = ("" if was is None else f"{was:,.0f}") + " → " + text
        return text.rjust(width)

    wide = 24 if before is not None else 12
    print(f"{'kind':<14}{'pages':>7}" + "".join(f"{h:>{wide}}" for h in
                                              ("total bytes", "mean", "median", "chrome mean", "indent mean",
                                               "B/listed story")))
    for name in rows:
        print(f"{name:<14}{rows[name]['pages']:>7.0f}"
              + "".join(cell(name, key, wide) for key in ("total", "mean", "median", "chrome", "indent", "per_listed")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--compare", type=Path, help="a second site: the table shows SITE → COMPARE")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    first = summary(measure(args.site))
    if args.compare:
        second = summary(measure(args.compare))
        print_table(second, before=first)
    else:
        print_table(first)
    if args.json:
        args.json.write_text(json.dumps(first if not args.compare else {"before": first, "after": second},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
