"""榜样档案 · Exemplar Archive: stories of exemplary people → a static, searchable, offline site.

The pure core (load → validate → model → index) imports no MkDocs; ``generator.adapter.plugin``
is the only adapter to it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .core.archive import Archive, load_archive
    from .core.diagnostics import Diagnostic, format_diagnostics
    from .core.schema import Film, Honour, Kind, Status, Story, Visibility, Vocabulary

_HOMES = {
    "Archive": ".core.archive", "load_archive": ".core.archive",
    "Diagnostic": ".core.diagnostics", "format_diagnostics": ".core.diagnostics",
    **dict.fromkeys(("Film", "Honour", "Kind", "Status", "Story", "Visibility", "Vocabulary"), ".core.schema"),
}
"""Where each public name lives. They are imported when first used: ``exemplar`` imports this
package before anything else, and a Ctrl-C while the core loads must reach its handler."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home, __name__), name)

__all__ = [
    "Archive",
    "Diagnostic",
    "Film",
    "Honour",
    "Kind",
    "Status",
    "Story",
    "Visibility",
    "Vocabulary",
    "format_diagnostics",
    "load_archive",
]
