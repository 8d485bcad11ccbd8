"""The core: an archive read, validated and checked, with no MkDocs and no output.

``loader`` reads each story file (front matter with every value's line and column, via
``located`` and ``block_yaml``), ``vocab`` reads the editors' vocabularies, ``validate`` turns
a raw story into a :class:`~generator.core.schema.Story` or located diagnostics (``messages``
holds every message, ``diagnostics`` formats them), ``safety`` checks bodies, ``slugs`` and
``editions`` hold names and what each edition may show, and ``archive`` is the one entry
point that loads a whole stories folder. Modules here import only each other.
"""
