"""Two builds of the same sources are byte-identical, wherever and whenever they run.

The second build runs from a copy of the archive in another folder, seconds later, so an
absolute path, a clock reading or an unordered listing in any output file shows up here as
a named differing file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.outputs import publish
from generator.core.archive import load_archive
from generator.cli.settings import load_settings

from tests.archives import SAMPLE, copy_archive

pytestmark = pytest.mark.build


def exemplar_build(root: Path, site: Path, edition: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli.main", "--root", str(root), "build", "--edition", edition, "--site-dir", str(site)],
        cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=600, check=False,
        env={**env, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 0, result.stderr[-4000:]


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path: Path, edition: str) -> None:
    # Both builds read frozen copies: the work tree may change under a running test.
    here, elsewhere = tmp_path / "here" / "archive", tmp_path / "elsewhere" / "archive"
    copy_archive(here, whole_repo=True)
    shutil.copytree(here, elsewhere)
    exemplar_build(here, tmp_path / "first", edition)
    exemplar_build(elsewhere, tmp_path / "second", edition)
    differing = publish.diff_trees(tmp_path / "first", tmp_path / "second")
    assert differing == [], f"files that differ between two builds of the same sources: {differing}"


def test_the_build_date_is_the_latest_story_date_not_today(tmp_path: Path) -> None:
    settings = load_settings(SAMPLE)
    stories = load_archive(settings.stories_dir, settings.vocab_file, settings.root).stories
    latest = max(s.date for s in stories if not s.is_draft and not s.is_internal)
    exemplar_build(SAMPLE, tmp_path / "site", "public")
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{latest.isoformat()}</lastmod>" in sitemap
