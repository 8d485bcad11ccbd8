"""``exemplar``: the editors' command line, over the same core as the MkDocs plugin.

    exemplar check [--strict] [--format text|github|json]
    exemplar new 黄小清 --column 礼赞榜样 [--kind person] [--unit 路径] [--title 标题]
    exemplar build [--edition internal|public] [--site-dir DIR]
    exemplar serve [--dev-addr 127.0.0.1:8000]
    exemplar posters [--story SLUG] [--size A4|A3] [--qr story|film] --out DIR

Every error an editor can cause ends with a Chinese message and a non-zero exit
status, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"exemplar：参数有误：{message}（运行 exemplar --help 查看用法）", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    from . import commands

    parser = _Parser(prog="exemplar", description="榜样档案：检查事迹稿、新建事迹稿、生成和预览网站")
    parser.add_argument("--root", type=Path, default=None, help="档案根目录（含 mkdocs.yml），默认为当前目录")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for register in commands.REGISTRY:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Everything below the imports above runs inside the handlers: a Ctrl-C while the commands
    # load (seconds on a busy machine), or a full disk anywhere, ends with a message, not a traceback.
    try:
        from .settings import SettingsError, find_root, load_settings

        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help()
            return EXIT_USAGE
        try:
            settings = load_settings(find_root((args.root or Path.cwd()).resolve()))
            result: int = args.run(args, settings)
            return result
        except SettingsError as exc:
            print(f"exemplar：{exc}", file=sys.stderr)
            return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("exemplar：已中断，未做任何改动", file=sys.stderr)
        return 130
    except OSError as exc:
        from ..core.files import os_problem

        print(f"exemplar：{os_problem(exc)}", file=sys.stderr)
        return EXIT_PROBLEMS


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
