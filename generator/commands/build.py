"""``exemplar build`` and ``exemplar serve``: thin wrappers over MkDocs, run as a child process
so that nothing outside the plugin adapter imports MkDocs."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import Any

from ..settings import Settings

ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}


def mkdocs_env(**extra: str) -> dict[str, str]:
    return {**os.environ, **ENV, **extra}


def register_build(sub: Any) -> None:
    parser = sub.add_parser("build", help="生成网站", description="检查全部事迹稿并生成网站（严格模式：有警告也失败）")
    parser.add_argument("--edition", choices=("internal", "public"), default="internal",
                        help="internal 内网版（默认）| public 公开版（不含内网稿件和隐去字段）")
    parser.add_argument("--site-dir", default=None, help="输出文件夹（默认 site/，公开版默认 site-public/）")
    parser.add_argument("--no-strict", action="store_true", help="有警告时也生成")
    parser.set_defaults(run=run_build)


def register_serve(sub: Any) -> None:
    parser = sub.add_parser("serve", help="本地预览（保存即刷新）", description="启动本地预览：修改事迹稿或词表后浏览器自动刷新；草稿也会显示")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址，默认 127.0.0.1:8000")
    parser.add_argument("--edition", choices=("internal", "public"), default="internal")
    parser.set_defaults(run=run_serve)


def run_build(args: argparse.Namespace, settings: Settings) -> int:
    site_dir = args.site_dir or ("site-public" if args.edition == "public" else "site")
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", site_dir]
    if not args.no_strict:
        command.append("--strict")
    if settings.config_file:
        command += ["--config-file", str(settings.config_file)]
    return subprocess.call(command, cwd=settings.root, env=mkdocs_env(EXEMPLAR_EDITION=args.edition))


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.dev_addr]
    if settings.config_file:
        command += ["--config-file", str(settings.config_file)]
    return subprocess.call(command, cwd=settings.root, env=mkdocs_env(EXEMPLAR_EDITION=args.edition, EXEMPLAR_PREVIEW="1"))
