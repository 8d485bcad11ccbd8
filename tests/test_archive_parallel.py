"""``load_archive(jobs=2)`` says exactly what ``jobs=1`` says, in the same order.

The archive checked here holds every golden validator case (tests/cases/validate/)
at once, each in its own folder, so that every kind of problem crosses from a worker
process to the parent; chunks are made small so that both do some of the work.
"""

from __future__ import annotations

import base64
import multiprocessing
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.core import archive
from generator.core.archive import Archive, StoryMemo, load_archive

CASES_DIR = Path(__file__).parent / "cases" / "validate"


def write_all_cases(tiny_archive: Any) -> int:
    """Each case that keeps the sample vocabulary, in ``stories/<case>/``; returns how many."""
    written = 0
    for case_file in sorted(CASES_DIR.glob("*.yml")):
        case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
        files: dict[str, bytes] = {}
        for rel, text in (case.get("files") or {}).items():
            files[rel] = text.encode("utf-8") if isinstance(text, str) else text
        for rel, encoded in (case.get("base64") or {}).items():
            files[rel] = base64.b64decode("".join(encoded.split()))
        for rel, spec in (case.get("generated") or {}).items():
            files[rel] = (spec.get("head", "") + spec["repeat"] * spec["times"] + spec.get("tail", "")).encode("utf-8")
        if any(content is None or not rel.startswith("stories/") or rel.endswith("vocab.yml")
               for rel, content in files.items()):
            continue
        for rel, content in files.items():
            tiny_archive.write(f"stories/{case_file.stem}/{rel.removeprefix('stories/')}", content)
        written += 1
    return written


def lines(loaded: Archive) -> list[str]:
    return [d.format_text() for d in loaded.diagnostics]


@pytest.fixture
def all_cases(tiny_archive: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    assert write_all_cases(tiny_archive) > 80
    monkeypatch.setattr(archive, "PARALLEL_MIN", 1)
    monkeypatch.setattr(archive, "CHUNK", 3)
    # load_archive forks only when no other thread runs; in a test session a library may keep one
    # for the whole process (watchdog's inotify reader, once any watching test ran). What is tested
    # here is what the workers say, so fork wherever the platform can, whatever ran before.
    monkeypatch.setattr(archive, "can_fork", lambda: "fork" in multiprocessing.get_all_start_methods()
                        and sys.platform != "darwin")
    return tiny_archive


@pytest.fixture
def workers_used(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the worker path ran (it would fall back silently where it may not fork)."""
    calls: list[int] = []
    real = archive._check_in_workers

    def counted(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(archive, "_check_in_workers", counted)
    return calls


def test_workers_say_what_one_process_says(all_cases: Any, workers_used: list[int]) -> None:
    serial = load_archive(all_cases.stories, None, all_cases.root, jobs=1, memo=None)
    parallel = load_archive(all_cases.stories, None, all_cases.root, jobs=2, memo=None)
    assert workers_used == [1]
    assert len(serial.diagnostics) > 100 and serial.errors and serial.warnings and serial.stories
    assert lines(parallel) == lines(serial)
    assert parallel.diagnostics == serial.diagnostics
    assert parallel.stories == serial.stories
    assert (parallel.files_checked, parallel.files) == (serial.files_checked, serial.files)


def test_workers_and_the_memo_together(all_cases: Any, workers_used: list[int]) -> None:
    memo = StoryMemo()
    first = load_archive(all_cases.stories, None, all_cases.root, jobs=2, memo=memo)
    edited = all_cases.stories / "column_unknown_nearest" / "huang-xiaoqing.md"
    edited.write_bytes(edited.read_bytes() + "\n再添一句。\n".encode())
    second = load_archive(all_cases.stories, None, all_cases.root, jobs=2, memo=memo)
    assert workers_used == [1, 1]
    assert lines(second) == lines(first)
    assert all(a is b for a, b in zip(first.stories, second.stories))
    assert lines(second) == lines(load_archive(all_cases.stories, None, all_cases.root, memo=None))


def test_a_small_archive_is_checked_in_one_process(tiny_archive: Any, workers_used: list[int]) -> None:
    tiny_archive.add_good_story()
    assert load_archive(tiny_archive.stories, None, tiny_archive.root, jobs=2, memo=None).ok
    assert workers_used == []


def test_without_bodies_workers_say_the_same_and_send_stories_without_their_text(all_cases: Any,
                                                                                 workers_used: list[int]) -> None:
    import dataclasses

    serial = load_archive(all_cases.stories, None, all_cases.root, jobs=1, memo=None)
    light = load_archive(all_cases.stories, None, all_cases.root, jobs=2, memo=None, bodies=False)
    assert workers_used == [1]
    assert light.diagnostics == serial.diagnostics  # the bodies were checked all the same
    assert any(s.body for s in serial.stories) and not any(s.body for s in light.stories)
    assert light.stories == tuple(dataclasses.replace(s, body="") for s in serial.stories)
