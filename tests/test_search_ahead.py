"""The build's search process: its files come back whole; the text files it writes into the site
itself (once told the folder is ready) are reported, and nothing is written without the word.

Each case runs in a fresh Python process, as a build does: the search process is forked only from
a process with no other thread (:func:`~generator.core.pool.can_fork`), and a test session may
hold threads that earlier tests left behind."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from generator.adapter.search_ahead import Early, SearchAhead
from tests.archives import REPO

TEXTS = {"search/text/0.js": "exemplarSearch.text(0,\"张立华\",[]);\n", "search/text/1.js": "exemplarSearch.text(1,\"邱建明\",[]);\n"}
FILES = {"search/index.js": "exemplarSearch.load({});\n", **TEXTS}
MADE_HERE = {"search/index.js": "made by the build itself\n"}


def make_waiting_for(site: Path | None) -> Callable[[Early | None], Mapping[str, str]]:
    """The index, which hands over its text files early and (with ``site``) finishes only once they are there."""
    def make(early: Early | None) -> Mapping[str, str]:
        if early is not None:
            early(TEXTS)
            deadline = time.monotonic() + 30
            while site is not None and not all((site / p).is_file() for p in TEXTS) and time.monotonic() < deadline:
                time.sleep(0.01)
        return FILES
    return make


def failing(early: Early | None) -> Mapping[str, str]:
    raise RuntimeError("the index failed")


def outcome(ahead: SearchAhead) -> list[Any]:
    files, new, written = ahead.result(lambda early: MADE_HERE)
    return [files, new, sorted(written)]


def told(site: Path | None, make: Callable[[Early | None], Mapping[str, str]],
         stored: Mapping[str, str] | None = None) -> list[Any]:
    """A build's search files: started, told where the site is (unless ``site`` is None), collected."""
    ahead = SearchAhead()
    ahead.start(stored, make, fork=True)
    if site is not None:
        ahead.site_ready(site)
    return outcome(ahead)


def site_ready(site: Path) -> list[Any]:
    return told(site, make_waiting_for(site))


def no_word(site: Path) -> list[Any]:
    return told(None, make_waiting_for(None))


def failed(site: Path) -> list[Any]:
    return told(site, failing)


def stored(site: Path) -> list[Any]:
    return told(site, make_waiting_for(site), stored=FILES)


def late_word(site: Path) -> list[Any]:
    """The index is done long before MkDocs has cleared the site (a cold build: photos come first)."""
    ahead = SearchAhead()
    ahead.start(None, make_waiting_for(None), fork=True)
    time.sleep(0.5)
    ahead.site_ready(site)
    return outcome(ahead)


def abandoned(site: Path) -> list[Any]:
    """A build that fails while its search process still works: the process is stopped and reaped."""
    def endless(early: Early | None) -> Mapping[str, str]:
        time.sleep(600)
        return FILES

    ahead = SearchAhead()
    ahead.start(None, endless, fork=True)
    process = ahead._process
    started = time.monotonic()
    ahead.abandon()
    return [process is not None and process.exitcode is not None, time.monotonic() - started < 10,
            multiprocessing.active_children() == []]


CASES = {"site_ready": site_ready, "no_word": no_word, "failed": failed, "stored": stored, "late_word": late_word,
         "abandoned": abandoned}


def run(case: str, site: Path) -> list[Any]:
    """``case`` in a fresh process (see the module docstring); what it returned."""
    code = ("import json, sys; from pathlib import Path; from tests.test_search_ahead import CASES; "
            "print(json.dumps(CASES[sys.argv[1]](Path(sys.argv[2])), ensure_ascii=False))")
    result = subprocess.run([sys.executable, "-c", code, case, str(site)], cwd=REPO, capture_output=True,
                            text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    found: list[Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def test_the_process_writes_the_text_files_once_the_site_is_ready(tmp_path: Path) -> None:
    assert run("site_ready", tmp_path) == [FILES, True, sorted(TEXTS)]
    assert {p: (tmp_path / p).read_text(encoding="utf-8") for p in TEXTS} == TEXTS
    assert not (tmp_path / "search" / "index.js").exists()  # the build writes the rest


def test_without_the_word_nothing_is_written_and_everything_comes_back(tmp_path: Path) -> None:
    assert run("no_word", tmp_path) == [FILES, True, []]
    assert list(tmp_path.iterdir()) == []


def test_an_index_done_before_the_site_is_ready_is_written_once_it_is(tmp_path: Path) -> None:
    assert run("late_word", tmp_path) == [FILES, True, sorted(TEXTS)]
    assert {p: (tmp_path / p).read_text(encoding="utf-8") for p in TEXTS} == TEXTS


def test_an_abandoned_process_is_stopped_and_reaped(tmp_path: Path) -> None:
    assert run("abandoned", tmp_path) == [True, True, True]


def test_a_failed_process_leaves_the_index_to_the_build(tmp_path: Path) -> None:
    assert run("failed", tmp_path) == [MADE_HERE, True, []]


def test_stored_files_are_used_as_they_are(tmp_path: Path) -> None:
    assert run("stored", tmp_path) == [FILES, False, []]
    assert list(tmp_path.iterdir()) == []


def test_without_fork_the_build_makes_the_files_itself(tmp_path: Path) -> None:
    ahead = SearchAhead()
    ahead.start(None, make_waiting_for(tmp_path), fork=False)
    ahead.site_ready(tmp_path)
    assert outcome(ahead) == [MADE_HERE, True, []]
