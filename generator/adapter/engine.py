"""Which engine ``mkdocs.*`` means in a process the adapter starts itself (the preview server).

Under ``properdocs build`` ProperDocs has already made every ``mkdocs.*`` import load its own
module (``properdocs.replacement``), so the plugin runs unchanged. ``python -m
generator.adapter.serve`` imports the engine itself: importing this module first does the
same there, when ``EXEMPLAR_ENGINE=properdocs`` (``exemplar serve`` passes down the engine
``exemplar build`` would use) or when ProperDocs is installed in place of MkDocs.
"""

from __future__ import annotations

import importlib.util
import os


def _engine() -> str:
    wanted = os.environ.get("EXEMPLAR_ENGINE", "").strip().lower()
    if wanted == "properdocs" or (
            not wanted and importlib.util.find_spec("mkdocs") is None and importlib.util.find_spec("properdocs")):
        import properdocs.replacement  # noqa: F401  every mkdocs.* import now loads properdocs.*
        return "properdocs"
    return "mkdocs"


ENGINE = _engine()
"""``mkdocs`` or ``properdocs``: also the name of the engine's top logger."""
