"""What a rebuild of ``mkdocs serve`` costs after a one-line edit, phase by phase, in one process.

    .venv/bin/python benchmarks/profile_rebuild.py --n 1000            # exemplar serve (dirty)
    .venv/bin/python benchmarks/profile_rebuild.py --n 1000 --clean    # plain mkdocs serve
    .venv/bin/python benchmarks/profile_rebuild.py --n 1000 --profile  # + cProfile of the rebuild

Does what ``mkdocs serve`` does, without the http server: loads the configuration, runs
``on_startup(command="serve")``, builds once into a temporary folder, appends a line to the
probe story, loads the configuration again (as serve's builder does) and builds again —
``--edits`` times. Prints the time of each rebuild and, with ``--profile``, what dominates
the last one (``benchmarks/out/profile-rebuild-n<N>.md``). The story file is restored.
The end-to-end figure (save → browser shows it) is ``run.py``'s serve measurement; this
one says where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import corpus  # noqa: E402
from profile_build import analyse  # noqa: E402
from run import OUT  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--seed", type=int, default=9)
    p.add_argument("--edits", type=int, default=3)
    p.add_argument("--clean", action="store_true", help="as plain `mkdocs serve` (no --dirty)")
    p.add_argument("--profile", action="store_true", help="cProfile the last rebuild")
    p.add_argument("--front-matter", action="store_true", help="edit the summary instead of the body")
    p.add_argument("--pause", type=float, default=3.0,
                   help="seconds between a rebuild and the next edit, as an editor reads the page (default 3)")
    args = p.parse_args(argv)

    corpus_dir, manifest = corpus.ensure_corpus(OUT / "corpus", args.n, args.seed)
    archive = corpus_dir / "archive"
    story = archive / manifest["probe"]["path"]
    original = story.read_text(encoding="utf-8")
    os.chdir(archive)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    dirty = not args.clean
    with tempfile.TemporaryDirectory(dir=OUT) as site:
        def config():  # what serve's builder does before every build
            cfg = load_config(config_file=str(archive / "mkdocs.yml"), site_dir=site)
            cfg.site_url = "http://127.0.0.1:8000/"
            return cfg

        cfg = config()
        cfg.plugins.on_startup(command="serve", dirty=dirty)
        t = time.perf_counter()
        build(cfg, serve_url=cfg.site_url, dirty=dirty)
        print(f"N = {args.n}: first build {time.perf_counter() - t:.2f} s ({'dirty' if dirty else 'clean'})")
        profiler = cProfile.Profile()
        try:
            for k in range(args.edits):
                time.sleep(args.pause)  # the preview's search update runs meanwhile, as in a session
                if args.front_matter:
                    text = original.replace("summary: ", f"summary: 第{k}次修改。", 1)
                else:
                    text = original.rstrip("\n") + f"\n\n修改第 {k} 次：补充一句巡检记录。\n"
                story.write_text(text, encoding="utf-8")
                t = time.perf_counter()
                cfg = config()
                last = k == args.edits - 1
                if last and args.profile:
                    profiler.enable()
                build(cfg, serve_url=cfg.site_url, dirty=dirty)
                if last and args.profile:
                    profiler.disable()
                page = Path(site, "stories", manifest["probe"]["slug"] + ".html").read_text(encoding="utf-8")
                shown = f"修改第 {k} 次" in page or f"第{k}次修改" in page
                print(f"  rebuild after edit {k + 1}: {time.perf_counter() - t:.2f} s; page has the edit: {shown}")
        finally:
            story.write_text(original, encoding="utf-8")
            cfg.plugins.on_shutdown()
    if args.profile:
        prof = OUT / f"profile-rebuild-n{args.n}.prof"
        profiler.dump_stats(str(prof))
        report = analyse(prof, 40)
        prof.with_suffix(".md").write_text(report, encoding="utf-8")
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
