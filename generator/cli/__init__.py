"""The ``exemplar`` command line: check, new, build, serve, posters, package, stats.

``main`` parses arguments, ``settings`` reads the archive's layout from ``mkdocs.yml``
without MkDocs, ``commands`` holds one module per command and ``scaffold`` the templates
``exemplar new`` and ``exemplar package`` write. Builds run MkDocs as a child process, so
nothing here imports the adapter.
"""
