"""A build's search files, made while the pages render: from the page store when the site model
is unchanged, else by a forked process that starts once the model exists and hands them back at
the end of the build (``on_post_build``). Where forking is not safe or the process fails, they
are made here, as before: the files are the same either way (tests/test_kept_pages.py).

The forked process also writes the per-story text files (most of the search files: one a story)
into the site itself, once this process says where the site is and that MkDocs is done clearing
it (:meth:`SearchAhead.site_ready`, from ``on_files``; with ``--dirty`` MkDocs clears nothing, and
every file is written whole either way): from a thread while it makes the index, and if the index
is done first, after it, while the pages render. It reports which it wrote; the build writes the
others at the end. Should the word never come (the build stopped before ``on_files``), the pipe
closes and the process writes nothing.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..core.pool import can_fork
from ..outputs.search_index import write_search_file

log = logging.getLogger("mkdocs.plugins.exemplar")

Early = Callable[[Mapping[str, str]], None]
"""Called by the index with the files it knows before the index is done (the text files)."""
Make = Callable[[Early | None], Mapping[str, str]]


class SearchAhead:
    """One build's search files (see the module docstring)."""

    def __init__(self) -> None:
        self.files: Mapping[str, str] | None = None
        self._process: Any = None
        self._conn: Connection | None = None
        self._site: Connection | None = None  # to tell the process where to write, once it may

    def start(self, stored: Mapping[str, str] | None, make: Make, fork: bool) -> None:
        """``stored``: the files the page store kept for this model, if any; else ``make`` them in a
        forked process when ``fork`` is wanted and safe."""
        self.abandon()
        self.files = stored
        if stored is not None or not fork or not can_fork():
            return
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        site_in, site_out = context.Pipe(duplex=False)
        try:
            self._process = context.Process(target=_make_and_send, args=(make, send, site_in, (receive, site_out)),
                                            daemon=True, name="exemplar-search")
            self._process.start()
        except OSError:
            self._process = None
            receive.close()
            site_out.close()
        else:
            self._conn, self._site = receive, site_out
        finally:
            send.close()
            site_in.close()

    def site_ready(self, site_dir: Path) -> None:
        """MkDocs is done clearing ``site_dir`` (``on_files``): the forked process may write into it."""
        if self._site is not None:
            try:
                self._site.send_bytes(os.fsencode(site_dir))
            except OSError:
                pass  # the process is gone: its files are written at the end
            self._site.close()
            self._site = None

    def result(self, make: Make) -> tuple[Mapping[str, str], bool, frozenset[str]]:
        """The search files, whether they are new (not from the store), and those already in the
        site (written by the forked process)."""
        if self.files is not None:
            log.debug("搜索数据：取自缓存")
            return self.files, False, frozenset()
        forked = self._conn is not None
        received = self._receive()
        if received is not None:
            log.debug(f"搜索数据：由分出的进程生成（已写入 {len(received[1])} 个文件）")
            return received[0], True, received[1]
        log.debug("搜索数据：分出的进程未能生成，由本进程生成" if forked else "搜索数据：由本进程生成")
        return make(None), True, frozenset()

    def _receive(self) -> tuple[Mapping[str, str], frozenset[str]] | None:
        if self._conn is None:
            return None
        self._no_word()
        try:
            data = json.loads(self._conn.recv_bytes().decode("utf-8", "surrogatepass"))
            files, written = data["files"], frozenset(data["written"])
        except (EOFError, OSError, ValueError, KeyError, TypeError):
            return None  # the process died or failed: made here, where any error is reported
        finally:
            self._conn.close()
            self._conn = None
            self._process.join()
            self._process = None
        return (files, written) if isinstance(files, dict) and written <= files.keys() else None

    def _no_word(self) -> None:
        """No word will come (the build's ``on_files`` did not run): the process writes nothing itself."""
        if self._site is not None:
            self._site.close()
            self._site = None

    def abandon(self) -> None:
        """A build that failed, or the next one starting: its process, if any, is stopped and reaped."""
        self._no_word()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None
        self.files = None


class EarlyWriter:
    """In the forked process: writes the files the index knows early into the site, from a thread,
    once the word comes that the site folder is ready (or nothing, when the pipe closes without it);
    :meth:`finish` waits for that and says which it wrote."""

    def __init__(self, site: Connection) -> None:
        self.site = site
        self.thread: threading.Thread | None = None
        self.stop = threading.Event()
        self.written: list[str] = []

    def start(self, files: Mapping[str, str]) -> None:
        self.thread = threading.Thread(target=self._write, args=(dict(files),), name="exemplar-search-files",
                                       daemon=True)
        self.thread.start()

    def finish(self) -> list[str]:
        """The files written, once the writer is done (it writes nothing when no word comes)."""
        if self.thread is None:
            return []
        self.thread.join()
        return list(self.written)

    def _write(self, files: dict[str, str]) -> None:
        try:
            while not self.site.poll(0.05):
                if self.stop.is_set():
                    return
            site = Path(os.fsdecode(self.site.recv_bytes()))
        except (EOFError, OSError):
            return  # the pipe closed: no word will come
        folders: set[Path] = set()
        for path, text in files.items():
            if self.stop.is_set():
                return
            try:
                write_search_file(site / path, text, folders)
            except OSError:
                return  # the build writes this one and the rest, and reports what fails
            self.written.append(path)


def _make_and_send(make: Make, send: Connection, site: Connection, theirs: tuple[Connection, ...]) -> None:
    for end in theirs:  # the main process's ends of both pipes: with them closed here, its closing them is seen
        end.close()
    logging.disable(logging.CRITICAL)  # what the index logs is for the main process (which makes it if this fails)
    early = EarlyWriter(site)
    try:
        files = make(early.start)
        written = early.finish()
    except BaseException:
        early.stop.set()
        send.close()
        raise SystemExit(1) from None
    send.send_bytes(json.dumps({"files": dict(files), "written": written}, ensure_ascii=False)
                    .encode("utf-8", "surrogatepass"))
    send.close()
