"""``exemplar posters``: print-ready PDF posters, one per exemplar, printed by headless Chromium.

    exemplar posters [--story 网址名或姓名] [--size A4|A3|SCREEN] [--qr story|film] [--edition …] --out 文件夹

The site is built first, into a temporary folder, by ``python -m mkdocs build`` in a child
process (nothing here imports MkDocs); each poster page (``posters/<slug>.html``) is then
printed from disk with its ``?size=`` and ``?qr=`` switches. ``--size SCREEN`` makes the 16:9 screen
poster for outdoor and lobby screens: a PDF page and a 1920 × 1080 PNG of the same sheet. Every failure
ends with a Chinese message and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ...core.archive import load_archive
from ...core.editions import Edition, edition_stories
from ...core.schema import Story
from ...outputs import publish
from ...outputs.atomic import write_atomic
from ...site.urls import poster_uri, url_of
from ..engine import EngineError, choose_engine
from ..settings import Settings
from .build import child_options, mkdocs_env, placeholder_refused

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--mute-audio", "--no-pdf-header-footer",
)
PRINT_TIMEOUT = 120
PARALLEL = min(4, os.cpu_count() or 1)
"""Chromium processes printing at once: each spends most of its time starting up, not working."""
BUILD_TIMEOUT = 900
SIZE_LABELS = {"SCREEN": "屏幕（16:9）"}
SCREEN_PIXELS = (1920, 1080)
"""The screen poster's PNG, in pixels: the sheet's own size (poster.css), so nothing is scaled."""


class PosterError(Exception):
    """Why no poster could be made, in Chinese."""


def register(sub: Any) -> None:
    parser = sub.add_parser("posters", help="生成海报 PDF（每位典型一张）",
                            description="生成可打印的海报 PDF：照片、姓名、单位、主要荣誉、简介和二维码。"
                                        "先生成网站到临时文件夹，再用 Chromium 打印每张海报页")
    parser.add_argument("--story", metavar="网址名", help="只生成这一篇（网址名或姓名，如 luo-jianhua 或 罗建华）；默认全部")
    parser.add_argument("--size", type=str.upper, choices=("A4", "A3", "SCREEN"), default="A4",
                        help="尺寸：A4（默认）或 A3，纵向；SCREEN 为 16:9 屏幕海报（1920×1080，PDF 和 PNG 各一份）")
    parser.add_argument("--qr", choices=("story", "film"), default="story",
                        help="二维码指向：story 事迹页（默认）| film 宣传片（没有宣传片的事迹跳过）")
    parser.add_argument("--edition", choices=("internal", "public"), default="internal",
                        help="internal 内网版（默认）| public 公开版")
    parser.add_argument("--out", type=Path, required=True, help="PDF 输出文件夹（不存在时自动创建）")
    parser.add_argument("--chromium", type=Path, default=None,
                        help="Chromium 或 Chrome 的可执行文件（默认在 PATH 中查找，也可设环境变量 EXEMPLAR_CHROMIUM）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        stories = choose_stories(settings, args.edition, args.story, args.qr)
        if placeholder_refused(settings, "海报上的二维码", args.edition):
            return 1
        chromium = find_chromium(args.chromium)
        args.out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="exemplar-posters-") as tmp:
            site = Path(tmp) / "site"
            build_site(settings, args.edition, site)
            written = print_posters(chromium, site, [s.slug for s in stories], args.size, args.qr, args.out,
                                    Path(tmp) / "profiles")
    except PosterError as exc:
        print(f"exemplar：{exc}", file=sys.stderr)
        return 1
    label = Edition(args.edition).label
    size = SIZE_LABELS.get(args.size, args.size)
    print(f"已生成 {len(written)} 张{size}海报（{label}）：{args.out}", file=sys.stderr)
    return 0


def choose_stories(settings: Settings, edition: str, wanted: str | None, qr: str) -> list[Story]:
    """The stories to print: all published ones of the edition, or the one asked for."""
    archive = load_archive(settings.stories_dir, settings.vocab_file, settings.root)
    if not archive.ok:
        raise PosterError(f"事迹稿有 {len(archive.errors)} 个错误，无法生成海报（运行 exemplar check 查看详情）")
    stories = list(edition_stories(archive.stories, Edition(edition), preview=False))
    if wanted:
        stories = [find_story(wanted, stories, archive.stories, edition)]
        if qr == "film" and not stories[0].films:
            raise PosterError(f"「{stories[0].slug}」没有宣传片，无法生成指向宣传片的二维码（去掉 --qr film 即可）")
    elif qr == "film":
        stories = [s for s in stories if s.films]
    if not stories:
        raise PosterError("没有可以生成海报的事迹" + ("（都没有宣传片）" if qr == "film" else ""))
    return stories


def find_story(wanted: str, published: list[Story], everything: tuple[Story, ...], edition: str) -> Story:
    """The story whose slug or name is ``wanted``; else a message naming the nearest slug."""
    key = wanted.strip().lower().removesuffix(".md")
    for story in published:
        if key in (story.slug, story.name.lower(), story.display_name.lower()):
            return story
    for story in everything:
        if key in (story.slug, story.name.lower()):
            if story.is_draft:
                raise PosterError(f"「{story.slug}」还是草稿，不生成海报（发布后再试）")
            raise PosterError(f"「{story.slug}」只在内网版发布，{Edition(edition).label}没有它的海报")
    names = {s.slug: s.slug for s in published} | {s.name: s.slug for s in published if not s.masked}
    near = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.0)
    if not near:
        raise PosterError(f"找不到事迹「{wanted}」")
    slug = names[near[0]]
    name = next(s.display_name for s in published if s.slug == slug)
    raise PosterError(f"找不到事迹「{wanted}」；最接近的是「{slug}」（{name}）")


def find_chromium(given: Path | None) -> Path:
    candidates = [str(given)] if given else [os.environ.get("EXEMPLAR_CHROMIUM", ""), *CHROMIUM_NAMES]
    for candidate in filter(None, candidates):
        found = shutil.which(candidate)
        if found:
            return Path(found)
    if given:
        raise PosterError(f"找不到可执行的浏览器 {given}")
    raise PosterError("找不到 Chromium 或 Chrome 浏览器：请安装 chromium，或用 --chromium 指定其路径")


def build_site(settings: Settings, edition: str, target: Path) -> None:
    """``mkdocs build`` (or ProperDocs') into ``target`` (warnings allowed: a poster is not a published site)."""
    try:
        engine = choose_engine()
    except EngineError as exc:
        raise PosterError(str(exc)) from exc
    command = engine.command("build", "--quiet", "--site-dir", str(target))
    if settings.config_file:
        command += ["--config-file", str(settings.config_file)]
    print("正在生成网站……", file=sys.stderr)
    try:
        done = subprocess.run(command, cwd=settings.root, env=mkdocs_env(EXEMPLAR_EDITION=edition),
                              capture_output=True, text=True, encoding="utf-8", errors="replace",
                              timeout=BUILD_TIMEOUT, **child_options())
    except subprocess.TimeoutExpired as exc:
        raise PosterError(f"生成网站超时（{BUILD_TIMEOUT} 秒），未生成海报") from exc
    if done.returncode != 0 or not (target / "index.html").is_file():
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise PosterError(f"生成网站失败（{engine.label} 退出码 {done.returncode}），未生成海报：\n{tail}")
    if publish.site_edition(target) != edition:  # e.g. mkdocs.yml pins another edition
        raise PosterError(f"生成的网站不是{Edition(edition).label}（E308），未生成海报：请检查 mkdocs.yml 中 exemplar 的 edition")


def print_posters(chromium: Path, site: Path, slugs: list[str], size: str, qr: str, out: Path,
                  profiles: Path) -> list[Path]:
    """Print every poster, a few at a time (each Chromium with its own profile folder)."""
    def one(slug: str) -> Path:
        return print_poster(chromium, site, slug, size, qr, out, profiles / slug)

    with ThreadPoolExecutor(min(PARALLEL, len(slugs))) as pool:
        return list(pool.map(one, slugs))


def print_poster(chromium: Path, site: Path, slug: str, size: str, qr: str, out: Path, profile: Path) -> Path:
    """Print ``posters/<slug>.html`` to ``<out>/<slug>-<size>[-film].pdf`` (and, for SCREEN, a ``.png`` beside it)."""
    page = site / url_of(poster_uri(slug))
    if not page.is_file():
        raise PosterError(f"网站中没有「{slug}」的海报页（{page.name}）")
    target = out / f"{slug}-{size}{'-film' if qr == 'film' else ''}.pdf"
    query = f"?size={size.lower()}" + ("&qr=film" if qr == "film" else "")
    run_chromium(chromium, slug, target, b"%PDF-", [f"--user-data-dir={profile}", f"--print-to-pdf={{partial}}",
                                                    page.as_uri() + query])
    print(f"  {target.name}", file=sys.stderr)
    if size == "SCREEN":
        picture = target.with_suffix(".png")
        width, height = SCREEN_PIXELS
        run_chromium(chromium, slug, picture, b"\x89PNG",
                     [f"--user-data-dir={profile}", "--hide-scrollbars", f"--window-size={width},{height}",
                      "--force-device-scale-factor=1", "--screenshot={partial}", page.as_uri() + query + "&sheet=only"])
        print(f"  {picture.name}", file=sys.stderr)
    return target


def run_chromium(chromium: Path, slug: str, target: Path, magic: bytes, arguments: list[str]) -> None:
    """Headless Chromium writes ``target`` (atomically) from ``arguments`` ({partial} names the file it writes);
    the file must start with ``magic``."""
    def print_to(partial: Path) -> None:
        partial.unlink()  # Chromium writes the file itself: its being there afterwards says it did
        # Chromium picks the screenshot's format by the file's ending: write <partial>.png, then move it
        written = partial.with_name(partial.name + ".png") if magic == b"\x89PNG" else partial
        command = [str(chromium), *CHROMIUM_FLAGS, *(a.replace("{partial}", str(written)) for a in arguments)]
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                              timeout=PRINT_TIMEOUT, stdin=subprocess.DEVNULL)
        if written != partial and written.is_file():
            written.replace(partial)
        ok = done.returncode == 0 and partial.is_file() and partial.read_bytes()[:len(magic)] == magic
        if not ok:
            detail = "\n".join(line for line in done.stderr.splitlines() if "ERROR" in line and "dbus" not in line)[-800:]
            raise PosterError(f"Chromium 打印「{slug}」失败（退出码 {done.returncode}）" + (f"：\n{detail}" if detail else ""))

    try:
        write_atomic(target, print_to)
    except subprocess.TimeoutExpired as exc:
        raise PosterError(f"Chromium 打印「{slug}」超时（{PRINT_TIMEOUT} 秒）") from exc
    except OSError as exc:
        raise PosterError(f"无法运行 Chromium（{chromium}）：{exc.strerror or exc}") from exc
