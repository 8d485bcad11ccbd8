"""The build's search process: its files come back whole; the text files it writes into the site
itself (once told the folder is ready) are reported, and nothing is written without the word."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from generator.adapter.search_ahead import Early, SearchAhead
from generator.core.pool import can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="the search process is forked only where forking is safe")

TEXTS = {"search/text/0.js": "exemplarSearch.text(0,\"张立华\",[]);\n", "search/text/1.js": "exemplarSearch.text(1,\"邱建明\",[]);\n"}
FILES = {"search/index.js": "exemplarSearch.load({});\n", **TEXTS}


def make_waiting_for(site: Path | None) -> object:
    """The index, which hands over its text files early and (with ``site``) finishes only once they are there."""
    def make(early: Early | None) -> Mapping[str, str]:
        if early is not None:
            early(TEXTS)
            deadline = time.monotonic() + 30
            while site is not None and not all((site / p).is_file() for p in TEXTS) and time.monotonic() < deadline:
                time.sleep(0.01)
        return FILES
    return make


def test_the_process_writes_the_text_files_once_the_site_is_ready(tmp_path: Path) -> None:
    ahead = SearchAhead()
    ahead.start(None, make_waiting_for(tmp_path), fork=True)  # type: ignore[arg-type]
    ahead.site_ready(tmp_path)
    files, new, written = ahead.result(lambda early: {})
    assert (files, new, written) == (FILES, True, frozenset(TEXTS))
    assert {p: (tmp_path / p).read_text(encoding="utf-8") for p in TEXTS} == TEXTS
    assert not (tmp_path / "search" / "index.js").exists()  # the build writes the rest


def test_without_the_word_nothing_is_written_and_everything_comes_back(tmp_path: Path) -> None:
    ahead = SearchAhead()
    ahead.start(None, make_waiting_for(None), fork=True)  # type: ignore[arg-type]
    files, new, written = ahead.result(lambda early: {})
    assert (files, new, written) == (FILES, True, frozenset())
    assert list(tmp_path.iterdir()) == []


def test_a_failed_process_leaves_the_index_to_the_build(tmp_path: Path) -> None:
    def failing(early: Early | None) -> Mapping[str, str]:
        raise RuntimeError("the index failed")

    ahead = SearchAhead()
    ahead.start(None, failing, fork=True)
    ahead.site_ready(tmp_path)
    made_here: list[Early | None] = []
    files, new, written = ahead.result(lambda early: made_here.append(early) or FILES)
    assert (files, new, written, made_here) == (FILES, True, frozenset(), [None])


def test_stored_files_are_used_as_they_are(tmp_path: Path) -> None:
    ahead = SearchAhead()
    ahead.start(FILES, make_waiting_for(tmp_path), fork=True)  # type: ignore[arg-type]
    ahead.site_ready(tmp_path)
    assert ahead.result(lambda early: {}) == (FILES, False, frozenset())
    assert list(tmp_path.iterdir()) == []
