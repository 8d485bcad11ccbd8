"""The archives the tests own, and how to make a buildable copy of one.

The tests are about the tool, not about today's stories: every fact a test asserts (counts,
names, rankings) is about a fixture archive under ``tests/fixtures/``, never about the live
``stories/`` folder, which editors change every week. ``tests/fixtures/sample/`` is a frozen
copy of the sample archive (stories, photos, vocabulary) with the repository's mkdocs.yml.

The live archive is checked only by rules that hold for any valid archive
(``tests/test_live_archive.py``, and CI's ``exemplar check`` and builds).
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
"""The repository: code, theme and the repository's mkdocs.yml."""
FIXTURES = REPO / "tests" / "fixtures"
SAMPLE = FIXTURES / "sample"
"""The fixture archive's root: ``mkdocs.yml`` (the repository's, theme found from here) and ``stories/``."""
SAMPLE_STORIES = SAMPLE / "stories"
SAMPLE_VOCAB = SAMPLE_STORIES / "vocab.yml"

NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", ".venv-*", "site", "site-public", ".site*", "dist", "build", "benchmarks",
                                     "__pycache__", "*.egg-info", ".pytest_cache", ".mypy_cache", ".hypothesis",
                                     "out", "tests", ".cache", "stories")
"""What a copy of the repository leaves out: outputs, caches, the tests and the live stories."""


def copy_archive(dest: Path, stories: Path = SAMPLE_STORIES, *, whole_repo: bool = False) -> Path:
    """A buildable archive root at ``dest`` holding a copy of ``stories`` (default: the fixture's).

    The fixture's mkdocs.yml is copied (the theme found beside it), and the repository's theme
    linked; with ``whole_repo`` the repository's sources are copied too (for tests that run the
    CLI from the copy, or compare builds made in two places), never its live stories.
    """
    if whole_repo:
        shutil.copytree(REPO, dest, ignore=NOT_SOURCES, symlinks=True)
    else:
        dest.mkdir(parents=True, exist_ok=True)
        (dest / "theme_overrides").symlink_to(REPO / "theme_overrides")
    config = (SAMPLE / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(config.replace("custom_dir: ../../../theme_overrides", "custom_dir: theme_overrides"),
                                     encoding="utf-8")
    shutil.copytree(stories, dest / "stories")
    return dest
