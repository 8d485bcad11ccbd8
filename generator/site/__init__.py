"""The site model: every page of one edition as plain data, built from the core's stories.

``model`` turns stories into page specs (cards, story pages, index pages), using ``indexes``
(groupings), ``stats`` and ``report`` (figures and sentences), ``charts`` (geometry),
``pictures`` (images as pages show them), ``links``, ``portraits``, ``feed`` and ``posters``.
No MkDocs, no files written: modules here import the core and each other only.
"""
