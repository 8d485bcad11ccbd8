"""The build log: diagnostics one line each, quiet codes summed up, MkDocs' notices filtered."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from types import TracebackType

from ..core.diagnostics import Diagnostic
from ..core.files import os_problem
from ..core.messages import WARNING

log = logging.getLogger("mkdocs.plugins.exemplar")


def log_diagnostics(diagnostics: Iterable[Diagnostic], quiet: Iterable[str]) -> None:
    """Errors and warnings one line each; the codes in ``quiet`` one line per code (each one at
    debug level, ``-v``): the preview logs after every save, and a list of every story without
    a photo would bury what the save changed."""
    quiet = set(quiet)
    muted: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.code in quiet:
            muted.setdefault(d.code, []).append(d)
            log.debug(d.format_text())
        else:
            log.log(logging.WARNING if d.severity == WARNING else logging.ERROR, d.format_text())
    for code, found in muted.items():
        log.info(f"{code}（{found[0].message}）：{len(found)} 篇，如 {found[0].path}；"
                 f"mkdocs.yml 的 quiet_warnings 使其只作提示，exemplar check 列出每一篇")


def drop_dirty_notice() -> None:
    """Drop MkDocs' warning that a dirty build may leave navigation stale: in the preview the
    plugin decides which pages are current, so the warning is not true (and would fail ``--strict``)."""
    # The engine's own logger: "mkdocs.commands.build", or "properdocs.commands.build" under ProperDocs
    # (whose import aliases hand its module out for mkdocs.commands.build).
    from mkdocs.commands import build as engine_build

    build_log: logging.Logger = engine_build.log
    if _not_dirty_notice not in build_log.filters:
        build_log.addFilter(_not_dirty_notice)


def _not_dirty_notice(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith("A 'dirty' build is being performed")


def _fault_hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if isinstance(exc, OSError):
        print(f"exemplar：{os_problem(exc)}", file=sys.stderr)
    elif isinstance(exc, KeyboardInterrupt):
        print("exemplar：已中断", file=sys.stderr)
    else:
        sys.__excepthook__(kind, exc, tb)


def report_faults_plainly() -> None:
    """In ``mkdocs build``: a full disk or an unwritable folder ends the build with one Chinese line
    (MkDocs would print a traceback); exemplar build keeps the old site and removes the new one."""
    sys.excepthook = _fault_hook
