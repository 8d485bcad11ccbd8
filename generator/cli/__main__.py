"""``python -m generator.cli``: the same as the ``exemplar`` command."""

from .main import main

raise SystemExit(main())
