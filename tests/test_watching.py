"""The preview's file events (generator/adapter/watching.py): changes reach the handler, reads do not."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from generator.adapter.watching import ChangesObserver, SaveNoticed, native_events_work


class Recorder(FileSystemEventHandler):
    def __init__(self) -> None:
        self.events: list[tuple[str, str, bool]] = []
        self.seen = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.events.append((event.event_type, os.path.basename(str(event.src_path)), event.is_directory))
        self.seen.set()


@pytest.fixture()
def watched(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not native_events_work(str(tmp_path)):
        pytest.skip("no native file events on this file system")
    (tmp_path / "a.md").write_text("一\n", encoding="utf-8")
    recorder = Recorder()
    observer = ChangesObserver()
    observer.schedule(recorder, str(tmp_path), recursive=True)
    observer.start()
    time.sleep(0.1)
    yield tmp_path, recorder
    observer.stop()
    observer.join(timeout=5)


def settle(recorder: Recorder, seconds: float = 0.5) -> list[tuple[str, str, bool]]:
    time.sleep(seconds)
    return list(recorder.events)


def test_reading_a_file_is_not_a_change(watched) -> None:  # type: ignore[no-untyped-def]
    folder, recorder = watched
    for _ in range(3):
        assert (folder / "a.md").read_text(encoding="utf-8") == "一\n"
    assert settle(recorder) == []  # a build reads every story: that must not start another build


def test_a_save_is_a_change_also_when_written_to_a_temporary_file_and_renamed(watched) -> None:  # type: ignore[no-untyped-def]
    folder, recorder = watched
    (folder / "a.md").write_text("二\n", encoding="utf-8")
    assert recorder.seen.wait(5)
    assert ("modified", "a.md", False) in settle(recorder, 0.2)
    recorder.events.clear()
    (folder / ".a.md.swp").write_text("三\n", encoding="utf-8")
    os.replace(folder / ".a.md.swp", folder / "a.md")  # how many editors save
    events = settle(recorder)
    assert any(kind == "moved" for kind, _, _ in events)
    assert {kind for kind, _, _ in events} <= {"created", "modified", "moved", "deleted"}


def test_save_noticed_ignores_folders() -> None:
    calls: list[int] = []
    handler = SaveNoticed(lambda: calls.append(1))

    class Event:
        def __init__(self, is_directory: bool) -> None:
            self.is_directory = is_directory

    handler.on_any_event(Event(True))  # type: ignore[arg-type]
    assert calls == []
    handler.on_any_event(Event(False))  # type: ignore[arg-type]
    assert calls == [1]


def test_a_folder_that_cannot_be_watched_falls_back(tmp_path: Path) -> None:
    assert native_events_work(str(tmp_path / "missing")) is False
