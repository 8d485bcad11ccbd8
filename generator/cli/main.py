"""``exemplar``: the editors' command line, over the same core as the MkDocs plugin.

    exemplar check [--strict] [--format text|github|json]
    exemplar new 黄小清 --column 礼赞榜样 [--kind person] [--unit 路径] [--title 标题]
    exemplar build [--edition internal|public] [--site-dir DIR]
    exemplar serve [--dev-addr 127.0.0.1:8000]
    exemplar posters [--story SLUG] [--size A4|A3] [--qr story|film] --out DIR
    exemplar stats [--year 2023] [--unit 单位] [--xlsx 名册.xlsx] [--csv 名册.csv]
    exemplar report --docx 报告.docx [--from 2021] [--to 2023] [--unit 单位]

Every error an editor can cause ends with a Chinese message and a non-zero exit
status, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


# argparse's own messages, in Chinese (its texts come from gettext, which has no Chinese catalogue).
_ARGPARSE_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"argument (?P<arg>\S+): invalid int value: '(?P<value>.*)'", "{arg} 应为整数，「{value}」不是整数（只写阿拉伯数字）"),
    (r"argument (?P<arg>\S+): invalid choice: '(?P<value>.*)' \(choose from (?P<choices>.*)\)",
     "{arg} 不能是「{value}」，可选：{choices}"),
    (r"argument (?P<arg>\S+): expected one argument", "{arg} 后面要跟一个值"),
    (r"argument (?P<arg>\S+): not allowed with argument (?P<other>\S+)", "{arg} 不能与 {other} 同时使用"),
    (r"argument (?P<arg>\S+): (?P<rest>.*)", "{arg}：{rest}"),
    (r"the following arguments are required: (?P<args>.*)", "缺少必填参数：{args}"),
    (r"unrecognized arguments: (?P<args>.*)", "无法识别的参数：{args}"),
    (r"ambiguous option: (?P<arg>\S+) could match (?P<choices>.*)", "{arg} 有歧义，可能是：{choices}"),
)
_ARGPARSE_HEADINGS = (("usage: ", "用法："), ("\noptions:\n", "\n选项：\n"),
                      ("\npositional arguments:\n", "\n位置参数：\n"), ("show this help message and exit", "显示本帮助并退出"))


def chinese_argparse_message(message: str) -> str:
    """One of argparse's error messages in Chinese (an unknown one is kept as it is)."""
    for pattern, text in _ARGPARSE_MESSAGES:
        found = re.fullmatch(pattern, message)
        if found:
            values = {k: v.replace("'", "") for k, v in found.groupdict().items()}
            if "choices" in values:
                values["choices"] = "、".join(c.strip() for c in values["choices"].split(","))
            return text.format(**values)
    return message


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"exemplar：参数有误：{chinese_argparse_message(message)}（运行 {self.prog} --help 查看用法）",
              file=sys.stderr)
        raise SystemExit(EXIT_USAGE)

    def format_usage(self) -> str:
        return _chinese_headings(super().format_usage())

    def format_help(self) -> str:
        return _chinese_headings(super().format_help())


def _chinese_headings(text: str) -> str:
    for english, chinese in _ARGPARSE_HEADINGS:
        text = text.replace(english, chinese)
    return text


def build_parser() -> argparse.ArgumentParser:
    from . import commands

    parser = _Parser(prog="exemplar", description="榜样档案：检查事迹稿、新建事迹稿、生成和预览网站")
    parser.add_argument("--root", type=Path, default=None, help="档案根目录（含 mkdocs.yml），默认为当前目录")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for register in commands.REGISTRY:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    previous = _stop_like_ctrl_c()
    try:
        return _main(argv)
    finally:
        import signal

        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _stop_like_ctrl_c() -> dict[int, Any]:
    """SIGTERM and SIGHUP (a closed terminal, a CI timeout) stop exemplar as Ctrl-C does: every
    ``with`` block and ``finally`` runs, so no temporary site or partial file is left. Returns the
    handlers to put back."""
    import signal
    import threading

    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is not None and signal.getsignal(signum) == signal.SIG_DFL:
                previous[signum] = signal.signal(signum, _interrupt)
    return previous


def _main(argv: Sequence[str] | None) -> int:
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
