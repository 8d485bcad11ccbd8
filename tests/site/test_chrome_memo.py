"""The page chrome memo (``ex_fragment``) changes no byte of any page.

mkdocs-material's tabs, navigation drawer, header tools and script configuration are rendered
once per build for each key that ``generator.adapter.pages.chrome_keys`` gives a page. A key that
missed something a part depends on (the active tab, the page's folder, its table of contents)
would show here as a page whose chrome differs from the same page rendered without the memo.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.outputs import publish
from tests.sitebuild import build_site

pytestmark = pytest.mark.build


def test_pages_are_the_same_with_and_without_the_chrome_memo(site: Path, tmp_path: Path) -> None:
    plain = tmp_path / "unmemoised"
    result = build_site(plain, "internal", extra_env={"EXEMPLAR_FRAGMENTS": "off"})
    assert result.returncode == 0, result.stderr[-4000:]
    assert publish.diff_trees(site, plain) == []
    # the chrome that the memo shares does differ between pages: the test compares something
    tabs = {page: (site / page).read_text(encoding="utf-8").split('<nav class="md-tabs"')[1].split("</nav>")[0]
            for page in ("index.html", "honours/index.html", "units/index.html")}
    assert len(set(tabs.values())) == 3
