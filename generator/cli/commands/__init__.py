"""The CLI's subcommands: each module has ``register(subparsers)`` that adds its parser
and sets ``run(args, settings) -> exit status``. Add a command by listing its module here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import build, check, check_site, importing, new, package, posters, report, stats

REGISTRY: list[Callable[[Any], None]] = [
    check.register,
    check_site.register,
    new.register,
    build.register_build,
    build.register_serve,
    stats.register,
    report.register,
    importing.register,
    posters.register,
    package.register,
]
