"""The fixture archive stays a faithful copy of the repository's configuration, and no test
reads the live ``stories/`` folder (editors change it; the tests are about the tool)."""

from __future__ import annotations

import re

from tests.archives import FIXTURES, REPO, SAMPLE

THEME_LINE = "  custom_dir: ../../../theme_overrides   # the repository's theme\n"
ADDRESS_LINE = "site_url: https://bangyang.fixture.test/   # fixed: not the CI variable, so tests see the same address everywhere\n"
REPO_LINES = {THEME_LINE: "  custom_dir: theme_overrides\n",
              ADDRESS_LINE: 'site_url: !ENV [EXEMPLAR_SITE_URL, "https://bangyang.example.org/"]'
                            "   # the published address (QR codes, feed, sitemap)\n"}
LIVE_STORIES = re.compile(r"""(REPO|parent\.parent|parents\[1\])\s*/\s*["']stories\b""")


def test_the_fixture_archive_uses_the_repository_configuration() -> None:
    fixture = (SAMPLE / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    ours = fixture[2:]  # after the two lines that say what the file is
    repo = (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    assert THEME_LINE in ours and ADDRESS_LINE in ours
    assert [REPO_LINES.get(line, line) for line in ours] == repo


def test_no_test_reads_the_live_stories_folder() -> None:
    readers = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        if FIXTURES in path.parents:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if LIVE_STORIES.search(line):
                readers.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert readers == [], "use tests.archives (the fixture archive) instead:\n" + "\n".join(readers)
