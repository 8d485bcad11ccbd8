"""The plugin's options in mkdocs.yml (``plugins: - exemplar: …``), validated by MkDocs' option types."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ExemplarConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__
    vocab = c.Optional(c.File(exists=True))
    """The vocabulary file (columns, honours, units, …); default: ``<docs_dir>/vocab.yml``."""
    edition = c.Choice(("internal", "public"), default="internal")
    """Which edition to build: ``internal`` (内网版) or ``public`` (公开版)."""
    quiet_warnings = c.ListOfItems(c.Type(str), default=[])
    """Warning codes logged as information only, so that ``--strict`` builds pass with them."""
    cache_dir = c.Type(str, default=".cache")
    """Where resized photos, segmented search text and compiled templates are kept between builds,
    relative to the archive root."""
