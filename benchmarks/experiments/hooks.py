"""MkDocs hooks that apply a proposed fix at run time, to measure it — not a fix.

Built by ``benchmarks/run.py --experiments`` as a third site, ``archive+fixes``: the
archive's own mkdocs.yml plus ``hooks: [this file]``. Nothing in ``generator/`` changes.

``generator.search_index._field_terms`` answered from ``generator.cache.ContentCache``
in ``<archive>/.cache`` (segmentation reused when a document and the dictionary are
unchanged; identical index files).

(The other fix measured here, related stories from bitsets, is now
``generator.indexes.related_all``, used by every build.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_cache import cached_field_terms  # noqa: E402

from generator import search_index  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

_field_terms, _opened = cached_field_terms(Path.cwd() / ".cache")
search_index._field_terms = _field_terms


@event_priority(-100)  # after the exemplar plugin has built the index
def on_post_build(config: Any) -> None:
    for cache in _opened:
        cache.flush(prune=True)
        cache.close()
    _opened.clear()
