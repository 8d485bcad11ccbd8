"""The MkDocs adapter: the only package that imports MkDocs (or ProperDocs, its fork).

``plugin`` holds the event hooks; ``site_build`` what one build keeps between events;
``page_digests`` and ``watching`` serve the preview's incremental rebuilds; ``filters`` are
the Jinja filters the theme templates use. Everything it calls lives in the layers below.
"""
