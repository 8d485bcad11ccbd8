"""Profile one build of the benchmark corpus with cProfile and say what dominates.

    .venv/bin/python benchmarks/profile_build.py --n 1000 --target archive
    .venv/bin/python benchmarks/profile_build.py --n 1000 --target blog
    .venv/bin/python benchmarks/profile_build.py --n 1000 --target material   # plain mkdocs-material
    .venv/bin/python benchmarks/profile_build.py --analyse benchmarks/out/profile-archive-n1000.prof

Writes ``benchmarks/out/profile-<target>-n<N>.prof`` (open it with ``python -m pstats`` or
snakeviz) and ``….md``: time by library (each function's own time; a C function's time is
charged to the library that called it), the phases of the build (cumulative time of
named functions), and the top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from run import OUT, PYTHON, TARGETS, run_measured  # noqa: E402

GENERATOR = str(corpus.ROOT / "generator") + "/"

# (label, path fragment) — the first that matches a function's file wins
LIBRARIES = (
    ("our core: generator/", GENERATOR),
    ("jieba (segmentation; the blog plugin's search)", "/jieba/"),
    ("rjieba (our segmentation)", "/rjieba/"),
    ("Markdown (markdown + pymdownx)", "/markdown/"),
    ("Markdown (markdown + pymdownx)", "/pymdownx/"),
    ("Jinja2 templates", "/jinja2/"),
    ("Jinja2 templates", "<template>"),
    ("material search plugin", "/material/plugins/search/"),
    ("material blog plugin", "/material/plugins/blog/"),
    ("material tags plugin", "/material/plugins/tags/"),
    ("material (other)", "/material/"),
    ("mkdocs core", "/mkdocs/"),
    ("PyYAML", "/yaml/"),
    ("pypinyin", "/pypinyin/"),
    ("Pillow", "/PIL/"),
    ("markupsafe", "/markupsafe/"),
    ("zxing-cpp (QR codes)", "/zxingcpp/"),
    ("babel", "/babel/"),
    ("glightbox", "glightbox"),
    ("watchdog/ghp/other site-packages", "site-packages"),
    ("Python stdlib: html.parser", "/html/parser.py"),
    ("Python stdlib: json", "/json/"),
    ("Python stdlib: re", "/re/"),
    ("Python stdlib: xml/etree", "/xml/"),
    ("Python stdlib (other)", "/lib/python3"),
)

# Phases: cumulative time of these functions (file fragment, function name)
PHASES = (
    ("whole build: mkdocs.commands.build.build", "mkdocs/commands/build.py", "build"),
    ("config load + plugin on_config (all plugins)", "mkdocs/config/base.py", "load_config"),
    ("our on_config: load + validate + site model", "generator/adapter/plugin.py", "on_config"),
    ("  load_archive (read + validate every story)", "generator/core/archive.py", "load_archive"),
    ("  build_site_model", "generator/site/model.py", "build_site_model"),
    ("our on_files", "generator/adapter/plugin.py", "on_files"),
    ("our on_post_build", "generator/adapter/plugin.py", "on_post_build"),
    ("  build_search_index (ours)", "generator/outputs/search_index.py", "build_search_index"),
    ("  write_search_files (ours)", "generator/outputs/search_index.py", "write_search_files"),
    ("Markdown → HTML: Page.render (every page)", "mkdocs/structure/pages.py", "render"),
    ("  markdown.Markdown.convert", "markdown/core.py", "convert"),
    ("page build incl. templates: _build_page", "mkdocs/commands/build.py", "_build_page"),
    ("  Jinja2 Template.render", "jinja2/environment.py", "render"),
    ("  our on_page_context", "generator/adapter/plugin.py", "on_page_context"),
    ("material search: on_page_context (parse + segment each page)", "material/plugins/search/plugin.py",
     "on_page_context"),
    ("material search: on_post_build (write index)", "material/plugins/search/plugin.py", "on_post_build"),
    ("jieba: Tokenizer.cut", "jieba/__init__.py", "cut"),
    ("jieba: dictionary load (initialize)", "jieba/__init__.py", "initialize"),
    ("material blog: on_page_markdown", "material/plugins/blog/plugin.py", "on_page_markdown"),
    ("material blog: Excerpt.render (excerpts re-rendered)", "material/plugins/blog/structure/__init__.py",
     "render"),
    ("material blog: on_files / on_nav", "material/plugins/blog/plugin.py", "on_files"),
    ("material tags: on_page_markdown", "material/plugins/tags/plugin.py", "on_page_markdown"),
    ("files copied: File.copy_file", "mkdocs/structure/files.py", "copy_file"),
    ("sitemap/404/static templates: _build_theme_template", "mkdocs/commands/build.py", "_build_theme_template"),
)


PROFILED_BUILD = """
import cProfile, sys
from mkdocs.__main__ import cli
profile = cProfile.Profile()
profile.enable()
try:
    cli.main(args=["build", "-q", "-d", sys.argv[2]], prog_name="profiled-build", standalone_mode=False)
finally:
    profile.disable()
    profile.dump_stats(sys.argv[1])
"""
"""``mkdocs build`` under cProfile, under another name: a build run as the ``mkdocs`` command ends
without Python's teardown once it succeeds (generator/adapter/kept_pages.py), and
``python -m cProfile`` would then never write its file."""


def library(filename: str) -> str:
    if filename.endswith((".html", ".xml", ".svg", ".js", ".css")):
        return "Jinja2 templates"  # compiled templates carry their template's file name
    for label, fragment in LIBRARIES:
        if fragment in filename:
            return label
    return "other"


def by_library(stats: pstats.Stats) -> dict[str, float]:
    """Own time per library; a built-in's time goes to its callers' libraries."""
    totals: dict[str, float] = {}
    raw = stats.stats  # type: ignore[attr-defined]
    for func, (_cc, _nc, tt, _ct, callers) in raw.items():
        filename = func[0]
        if filename == "~" or filename.startswith("<built-in") or filename == "<frozen>":
            if not callers:
                totals["builtins"] = totals.get("builtins", 0.0) + tt
                continue
            charged = sum(c[2] for c in callers.values()) or 1.0
            for caller, c in callers.items():
                lib = library(caller[0]) if caller[0] != "~" else "builtins"
                totals[lib] = totals.get(lib, 0.0) + tt * c[2] / charged
        else:
            lib = library(filename)
            totals[lib] = totals.get(lib, 0.0) + tt
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def phases(stats: pstats.Stats) -> list[tuple[str, float, int]]:
    raw = stats.stats  # type: ignore[attr-defined]
    out = []
    for label, fragment, name in PHASES:
        best = None
        for func, (_cc, nc, _tt, ct, _callers) in raw.items():
            if func[2] == name and func[0].endswith(fragment.split("/", 1)[-1]) and fragment in func[0]:
                if best is None or ct > best[0]:
                    best = (ct, nc)
        if best:
            out.append((label, best[0], best[1]))
    return out


def top_cumulative(stats: pstats.Stats, limit: int) -> list[tuple[str, float, float, int]]:
    raw = stats.stats  # type: ignore[attr-defined]
    rows = []
    for func, (_cc, nc, tt, ct, _callers) in raw.items():
        filename, line, name = func
        short = filename.split("site-packages/")[-1].replace(str(corpus.ROOT) + "/", "")
        rows.append((f"{short}:{line}({name})", ct, tt, nc))
    rows.sort(key=lambda r: -r[1])
    return rows[:limit]


def analyse(prof: Path, limit: int = 40) -> str:
    stats = pstats.Stats(str(prof))
    total = stats.total_tt  # type: ignore[attr-defined]
    lines = [f"## Profile {prof.name}", "", f"Total profiled time: {total:.1f} s (cProfile adds overhead: "
             "compare shares, not absolute seconds)", "", "### Own time by library", "",
             "| library | s | share |", "|---|---:|---:|"]
    for lib, t in by_library(stats).items():
        if t / total >= 0.003:
            lines.append(f"| {lib} | {t:.1f} | {100 * t / total:.1f} % |")
    lines += ["", "### Phases (cumulative time of named functions; they overlap)", "",
              "| phase | s | share | calls |", "|---|---:|---:|---:|"]
    for label, ct, nc in phases(stats):
        lines.append(f"| {label} | {ct:.1f} | {100 * ct / total:.1f} % | {nc:,} |")
    lines += ["", f"### Top {limit} functions by cumulative time", "", "| function | cumulative s | own s | calls |",
              "|---|---:|---:|---:|"]
    for name, ct, tt, nc in top_cumulative(stats, limit):
        lines.append(f"| `{name}` | {ct:.1f} | {tt:.1f} | {nc:,} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Profile one build of the benchmark corpus.")
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--seed", type=int, default=9)
    p.add_argument("--target", choices=TARGETS, default="archive")
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--analyse", type=Path, help="only analyse an existing .prof file")
    args = p.parse_args(argv)
    if args.analyse:
        print(analyse(args.analyse, args.top))
        return 0
    corpus_dir, _ = corpus.ensure_corpus(OUT / "corpus", args.n, args.seed)
    prof = OUT / f"profile-{args.target}-n{args.n}.prof"
    with tempfile.TemporaryDirectory(dir=OUT) as site:
        run = run_measured([PYTHON, "-c", PROFILED_BUILD, str(prof), site], corpus_dir / args.target, timeout=7200)
    print(f"profiled build: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, {run.maxrss_mb:.0f} MB, exit {run.returncode}")
    if not run.ok:
        print(run.stderr_tail, file=sys.stderr)
        return 1
    report = analyse(prof, args.top)
    prof.with_suffix(".md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
