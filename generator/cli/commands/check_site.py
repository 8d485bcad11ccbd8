"""``exemplar check-site DIR``: a built site folder, checked before it is published or copied.

The rules live in :mod:`generator.outputs.site_check`; this only prints them in Chinese
(file in the site:line:col, code, what to do) and turns them into the exit status.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ...core.addresses import edition_site_url
from ...core.diagnostics import format_diagnostics
from ...outputs.publish import site_edition
from ...outputs.site_check import check_site
from ..settings import Settings


def register(sub: Any) -> None:
    parser = sub.add_parser("check-site", help="检查已生成的网站文件夹",
                            description="检查已生成的网站文件夹：站内链接和图片都能找到，没有从外部网站加载的脚本、样式、图片、"
                                        "字体、框架或音视频（普通外链 <a href> 可以），没有示例网址，有版本记录 exemplar-site.json")
    parser.add_argument("site", type=Path, metavar="DIR", help="网站文件夹，如 site/ 或 site-public/")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text",
                        help="输出格式：text（默认）、github（GitHub Actions 注释）、json")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    site: Path = args.site
    shown = site.as_posix().rstrip("/") or "."
    # Where the site is mounted (root-relative references, as in 404.html): its edition's address.
    address = edition_site_url(site_edition(site) or "public", settings.site_url, os.environ)[0]
    report = check_site(site, shown=shown, base_path=urlsplit(address).path or "/")
    output = format_diagnostics(report.diagnostics, args.format)
    if output:
        print(output, flush=True)
    if report.diagnostics:
        if args.format != "json":
            print(f"exemplar：网站 {shown}/ 有 {len(report.diagnostics)} 个问题，改正后重新生成再检查", file=sys.stderr)
        return 1
    print(f"网站 {shown}/ 检查通过：{report.files} 个文件，{report.references} 个站内外引用，没有问题")
    return 0
