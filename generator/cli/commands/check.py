"""``exemplar check``: every problem in every story, located, in Chinese."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from ...core.addresses import placeholder_address
from ...core.archive import default_jobs, load_archive
from ...core.diagnostics import Diagnostic, format_diagnostics
from ...core.publishing import photo_problems, unpublished_links
from ...core.schema import Story
from ..settings import Settings


def register(sub: Any) -> None:
    parser = sub.add_parser("check", help="检查全部事迹稿和词表", description="检查全部事迹稿和词表，列出每个问题的文件、行、字段和改法")
    parser.add_argument("--strict", action="store_true",
                        help="警告也按错误处理（退出码非 0），与生成网站的严格模式相同：mkdocs.yml 中 quiet_warnings 列出的只作提示")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text",
                        help="输出格式：text（默认）、github（GitHub Actions 注释）、json")
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help="同时检查的进程数，默认为本机处理器数；稿件少时只用一个")
    parser.set_defaults(run=run)


def published_problems(stories: Sequence[Story], settings: Settings) -> list[Diagnostic]:
    """What the build would reject beyond the stories' own rules: unreadable photos (E113),
    links to stories the edition leaves out (E405)."""
    texts: dict[str, str] = {}

    def read(rel: str) -> str:
        if rel not in texts:
            try:
                texts[rel] = (settings.stories_dir / rel).read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                texts[rel] = ""
        return texts[rel]

    try:
        prefix = settings.stories_dir.relative_to(settings.root).as_posix() + "/"
    except ValueError:
        prefix = settings.stories_dir.as_posix() + "/"
    return [*photo_problems(stories, settings.stories_dir, prefix, read), *unpublished_links(stories, read, prefix)]


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.stories_dir.is_dir():
        print(f"exemplar：找不到事迹稿文件夹 {settings.stories_dir}（请在档案根目录运行，或用 --root 指定）", file=sys.stderr)
        return 1
    jobs = args.jobs if args.jobs > 0 else default_jobs()
    # One load per process: nothing to remember for a later one.
    archive = load_archive(settings.stories_dir, settings.vocab_file, settings.root, jobs=jobs, memo=None, bodies=False)
    diagnostics = list(archive.diagnostics)
    diagnostics += published_problems(archive.stories, settings)
    config_text = settings.config_file.read_text(encoding="utf-8-sig") if settings.config_file else ""
    address = placeholder_address(settings.site_url, settings.config_file.name if settings.config_file else "mkdocs.yml",
                                  config_text, code="W609", purpose="二维码、feed.xml、sitemap.xml 和表格中的链接")
    if address is not None:
        diagnostics.append(address)
    output = format_diagnostics(diagnostics, args.format)
    if output:
        print(output, flush=True)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if args.format != "json":
        drafts = sum(1 for s in archive.stories if s.is_draft)
        ready = len(archive.stories) - drafts
        summary = (f"检查了 {archive.files_checked} 篇事迹稿：{errors} 个错误，{warnings} 个警告；"
                   f"可发布 {ready} 篇，草稿 {drafts} 篇")
        print(summary, file=sys.stderr)
    # As the strict build: the codes mkdocs.yml lists as quiet are information, not failures.
    failing = [d for d in diagnostics if not d.is_error and d.code not in settings.quiet_warnings]
    if errors or (args.strict and failing):
        return 1
    return 0
