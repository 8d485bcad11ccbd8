"""榜样档案 · Exemplar Archive: stories of exemplary people → a static, searchable, offline site.

The pure core (load → validate → model → index) imports no MkDocs; ``generator.adapter.plugin``
is the only adapter to it.
"""

from __future__ import annotations

from .core.archive import Archive, load_archive
from .core.diagnostics import Diagnostic, format_diagnostics
from .core.schema import Film, Honour, Kind, Status, Story, Visibility, Vocabulary

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
