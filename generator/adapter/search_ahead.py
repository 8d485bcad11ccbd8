"""A build's search files, made while the pages render: from the page store when the site model
is unchanged, else by a forked process that starts once the model exists and hands them back at
the end of the build (``on_post_build``). Where forking is not safe or the process fails, they
are made here, as before: the files are the same either way (tests/test_kept_pages.py).
"""

from __future__ import annotations

import json
import logging
import multiprocessing
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from typing import Any

from ..core.pool import can_fork

Make = Callable[[], Mapping[str, str]]


class SearchAhead:
    """One build's search files (see the module docstring)."""

    def __init__(self) -> None:
        self.files: Mapping[str, str] | None = None
        self._process: Any = None
        self._conn: Connection | None = None

    def start(self, stored: Mapping[str, str] | None, make: Make, fork: bool) -> None:
        """``stored``: the files the page store kept for this model, if any; else ``make`` them in a
        forked process when ``fork`` is wanted and safe."""
        self.files, self._process, self._conn = stored, None, None
        if stored is not None or not fork or not can_fork():
            return
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        try:
            self._process = context.Process(target=_make_and_send, args=(make, send), daemon=True,
                                            name="exemplar-search")
            self._process.start()
        except OSError:
            self._process = None
            receive.close()
        else:
            self._conn = receive
        finally:
            send.close()

    def result(self, make: Make) -> tuple[Mapping[str, str], bool]:
        """The search files, and whether they are new (not from the store): the forked process's,
        else made here."""
        if self.files is not None:
            return self.files, False
        files = self._receive()
        return (files if files is not None else make()), True

    def _receive(self) -> Mapping[str, str] | None:
        if self._conn is None:
            return None
        files: Mapping[str, str] | None
        try:
            files = json.loads(self._conn.recv_bytes().decode("utf-8", "surrogatepass"))
        except (EOFError, OSError, ValueError):
            files = None  # the process died or failed: made here, where any error is reported
        finally:
            self._conn.close()
            self._conn = None
            self._process.join()
        return files


def _make_and_send(make: Make, send: Connection) -> None:
    logging.disable(logging.CRITICAL)  # what the index logs is for the main process (which makes it if this fails)
    try:
        files = make()
    except BaseException:
        send.close()
        raise SystemExit(1) from None
    send.send_bytes(json.dumps(dict(files), ensure_ascii=False).encode("utf-8", "surrogatepass"))
    send.close()
