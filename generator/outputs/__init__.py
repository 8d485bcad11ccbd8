"""Outputs: what a build writes besides pages, and the machinery to write it safely.

``images`` resizes photos (with a cache on disk), ``media`` decides which archive files a
build publishes, ``search_index`` and ``segment`` make the search data, ``exports`` the
spreadsheets, ``cache`` keeps work between builds, ``publish`` replaces a site atomically.
Modules here may import the core and the site model, never the adapter or the CLI.
"""
