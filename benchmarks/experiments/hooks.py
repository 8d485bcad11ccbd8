"""MkDocs hooks that apply two proposed fixes at run time, to measure them — not a fix.

Built by ``benchmarks/run.py --experiments`` as a third site, ``archive+fixes``: the
archive's own mkdocs.yml plus ``hooks: [this file]``. Nothing in ``generator/`` changes.

1. ``generator.indexes.related`` answered from :func:`related_bitsets.related_all`
   (computed once per build, identical results);
2. ``generator.search_index._field_terms`` answered from ``generator.cache.ContentCache``
   in ``<archive>/.cache`` (segmentation reused when a document and the dictionary are
   unchanged; identical index files).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from related_bitsets import related_all  # noqa: E402
from search_cache import cached_field_terms  # noqa: E402

from generator import indexes, search_index  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

_related: dict[tuple[int, int, int], dict[str, Any]] = {}


def _fast_related(story: Any, stories: Any, limit: int = 4) -> list[Any]:
    key = (id(stories), len(stories), limit)
    if key not in _related:
        _related.clear()
        _related[key] = related_all(tuple(stories), limit)
    return list(_related[key][story.slug])


_field_terms, _opened = cached_field_terms(Path.cwd() / ".cache")
indexes.related = _fast_related
search_index._field_terms = _field_terms


@event_priority(-100)  # after the exemplar plugin has built the index
def on_post_build(config: Any) -> None:
    for cache in _opened:
        cache.flush(prune=True)
        cache.close()
    _opened.clear()
