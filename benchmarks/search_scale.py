"""Search at scale: a synthetic archive of N stories, our index against mkdocs-material's.

    .venv/bin/python benchmarks/search_scale.py --stories 5000 [--build] [--material] [--browser]

Always: writes N stories made from the sample's paragraphs and the source report's sentences
(fixed random seed), builds our search index with the core and prints its size and time.
``--browser`` alone times search in the sample site's pages with those search files.
``--build`` runs ``mkdocs build`` of that archive; with ``--material`` mkdocs-material's own
search plugin is added to the build, so that its ``search/search_index.json`` can be compared
with ``search/index.js`` for the same stories. ``--browser`` then opens the built site in
Chromium from file:// and over http, types a name and times the first result, and adds up
the search data the page loaded.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.core.archive import load_archive  # noqa: E402
from generator.core.editions import Edition, edition_stories  # noqa: E402
from generator.site.model import build_site_model  # noqa: E402
from generator.outputs.search_index import INDEX_FILE, build_search_index, write_search_files  # noqa: E402
from tests.sitebuild import build_site  # noqa: E402
from generator.core.vocab import load_vocabulary  # noqa: E402

SEED_TEXT = Path("/work/shared/seed/000_87b349444a0883e7.txt")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红海林玉春晓雨婷思远文彬永辉德旺小清立峰丽华雪梅俊宇晨阳佳怡子涵浩然欣怡梓萱雅琪诗琪嘉豪一鸣"


def sample_paragraphs() -> tuple[list[str], list[str], list[str]]:
    """Paragraphs and headings of the sample stories, and sentences of the source report."""
    paragraphs, headings, names = [], [], []
    for path in sorted((ROOT / "stories").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        front, _, body = text.partition("\n---\n")
        match = re.search(r"^name:\s*\"?([^\"\n]+)", front, re.M)
        if match:
            names.append(match.group(1).strip("“”\""))
        for block in body.split("\n\n"):
            block = block.strip()
            if block.startswith("## "):
                headings.append(block[3:])
            elif block and not block.startswith(("#", "!", "<", "|")):
                paragraphs.append(block)
    if SEED_TEXT.is_file():
        sentences = [s for s in re.split(r"(?<=[。；])", SEED_TEXT.read_text(encoding="utf-8")) if len(s) > 20]
        paragraphs += ["".join(sentences[i : i + 3]).strip() for i in range(0, len(sentences), 3)]
    return paragraphs, headings, [n for n in names if len(n) <= 4]


def synthesize(dest: Path, count: int, seed: int = 42, material: bool = False) -> Path:
    """An archive root with ``count`` stories, mkdocs.yml and the sample vocabulary."""
    rng = random.Random(seed)
    paragraphs, headings, sample_names = sample_paragraphs()
    vocab = load_vocabulary(ROOT / "stories" / "vocab.yml", "stories/vocab.yml")[0]
    assert vocab is not None
    units = ["/".join(u.names) for u in vocab.units]
    stories = dest / "stories"
    stories.mkdir(parents=True)
    shutil.copyfile(ROOT / "stories" / "vocab.yml", stories / "vocab.yml")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: theme_overrides", f"custom_dir: {ROOT / 'theme_overrides'}")
    if material:
        config = config.replace("\nplugins:\n", "\nplugins:\n  - search:\n      lang: zh\n", 1)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    tags = sorted({t for p in ["敬老", "志愿服务", "见义勇为", "技术创新", "带电作业", "班组建设", "安全生产",
                               "乡村振兴", "党建", "青年", "数字化", "客户服务", "科普", "家风"] for t in [p]})
    for n in range(count):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        body = []
        for _ in range(3):
            body.append("## " + rng.choice(headings))
            for _ in range(rng.randint(2, 4)):
                text = rng.choice(paragraphs)
                for old in sample_names:
                    text = text.replace(old, name)
                body.append(text)
        honours = rng.sample(vocab.honours, rng.randint(0, 3))
        honour_yaml = "".join(f"  - name: {h.name}\n    year: {rng.randint(2008, 2024)}\n" for h in honours)
        story = (
            "---\n"
            f"title: \"{name}：{rng.choice(headings)}\"\n"
            f"name: {name}\n"
            f"slug: s{n:05d}\n"
            "kind: person\n"
            f"unit: {rng.choice(units)}\n"
            f"pioneer: {rng.choice(vocab.pioneers).short}\n"
            f"columns: [{rng.choice(vocab.columns).title}]\n"
            + (f"honours:\n{honour_yaml}" if honours else "")
            + f"date: {rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
            f"tags: [{', '.join(rng.sample(tags, 3))}]\n"
            f"summary: \"{rng.choice(paragraphs)[:80].replace(chr(34), '')}\"\n"
            "status: published\nvisibility: public\n---\n\n" + "\n\n".join(body) + "\n"
        )
        (stories / f"s{n:05d}.md").write_text(story, encoding="utf-8")
    return dest


def core_index(root: Path, dest: Path) -> tuple[int, float, int]:
    """Our index of the archive at ``root``, written under ``dest``: size, seconds, terms."""
    archive = load_archive(root / "stories", root / "stories" / "vocab.yml", root)
    assert archive.vocab is not None and archive.ok, [d.format_text() for d in archive.errors[:5]]
    model = build_site_model(edition_stories(archive.stories, Edition.INTERNAL), archive.vocab)
    started = time.perf_counter()
    index = build_search_index(model)
    elapsed = time.perf_counter() - started
    write_search_files(index, dest)
    return index.index_bytes, elapsed, index.terms


def sample_site_with(search: Path, dest: Path) -> Path:
    """The sample archive's site with its search files replaced by ``search``'s (for timing)."""
    result = build_site(dest)
    assert result.returncode == 0, result.stderr[-2000:]
    shutil.rmtree(dest / "search")
    shutil.copytree(search / "search", dest / "search")
    return dest


def mkdocs_build(root: Path) -> tuple[Path, float]:
    site = root / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], cwd=root, env=env,
                   check=True, capture_output=True)
    return site, time.perf_counter() - started


def time_in_browser(site: Path, query: str) -> None:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bases = {"file": site.as_uri() + "/", "http": f"http://127.0.0.1:{server.server_address[1]}/"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for scheme, base in bases.items():
            page = browser.new_page()
            loaded: list[str] = []
            page.on("requestfinished", lambda r: loaded.append(r.url) if "/search/" in r.url else None)
            page.goto(base + "index.html")
            page.keyboard.press("/")
            started = time.perf_counter()
            page.keyboard.type(query)
            page.locator(".md-search-result__item").first.wait_for(timeout=30000)
            first = time.perf_counter() - started
            page.wait_for_timeout(500)
            size = sum((site / re.sub(r"^.*?/search/", "search/", u).split("?")[0]).stat().st_size for u in set(loaded))
            top = page.locator(".md-search-result__item").first.inner_text().splitlines()[0]
            print(f"{scheme}: first result {first * 1000:.0f} ms after the first key ({query!r} → {top}); "
                  f"search data loaded: {size / 1e6:.2f} MB in {len(set(loaded))} files")
            page.close()
        browser.close()
    server.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--build", action="store_true", help="also run mkdocs build")
    parser.add_argument("--material", action="store_true", help="add mkdocs-material's search plugin to the build")
    parser.add_argument("--browser", action="store_true",
                        help="time the first result in Chromium (in the built site, or without --build in "
                             "the sample site's pages with the synthetic search files)")
    parser.add_argument("--keep", type=Path, help="write the archive here and keep it")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="exemplar-scale-"))
    root = args.keep or tmp / "archive"
    try:
        if root.exists():
            shutil.rmtree(root)
        synthesize(root, args.stories, material=args.material)
        size, seconds, terms = core_index(root, tmp / "core")
        print(f"{args.stories} stories: search/index.js {size / 1e6:.2f} MB, {terms} terms, built in {seconds:.1f} s")
        if args.browser and not (args.build or args.material):
            site = sample_site_with(tmp / "core", tmp / "site")
            query = re.search(r"^name: (.+)$", (root / "stories" / f"s{args.stories // 2:05d}.md")
                              .read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]
            print("(the sample site's pages with the synthetic archive's search files)")
            time_in_browser(site, query)
        elif args.build or args.material:
            site, seconds = mkdocs_build(root)
            ours = (site / INDEX_FILE).stat().st_size
            texts = sum(f.stat().st_size for f in (site / "search" / "text").iterdir())
            print(f"mkdocs build: {seconds:.0f} s; search/index.js {ours / 1e6:.2f} MB, texts {texts / 1e6:.2f} MB")
            theirs = site / "search" / "search_index.json"
            if theirs.is_file():
                print(f"mkdocs-material search_index.json: {theirs.stat().st_size / 1e6:.2f} MB; "
                      f"ours is {ours / theirs.stat().st_size:.1%} of it")
            if args.browser:
                query = re.search(r"^name: (.+)$", (root / "stories" / f"s{args.stories // 2:05d}.md")
                                  .read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]
                time_in_browser(site, query)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
