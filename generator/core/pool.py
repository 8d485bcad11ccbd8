"""The one fork-based process pool: a list of chunks worked through by this process and forked ones.

Forked workers inherit the work (a closure, a loaded dictionary, a validation job) without
pickling it; only results travel back. Whoever is free takes the next chunk (a shared counter),
so a worker whose processor is busy with something else takes fewer. Results come back in chunk
order; a chunk no worker finished (none could be started, or one died) is done here.
"""

from __future__ import annotations

import functools
import multiprocessing
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

C = TypeVar("C")
R = TypeVar("R")

_WORKER: tuple[Callable[[Any], Any], Sequence[Any], Any] | None = None


def can_fork() -> bool:
    """Forking is safe here: the platform has it (not macOS), no other thread runs (mkdocs serve's), and
    this is not a daemonic process (the build's search process), which multiprocessing lets have no children."""
    return ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and threading.current_thread() is threading.main_thread() and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


def map_chunks(work: Callable[[C], R], chunks: Sequence[C], processes: int) -> list[R]:
    """``[work(chunk) for chunk in chunks]``, by this process and ``processes`` forked ones.
    Only where :func:`can_fork` says so."""
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    done: dict[int, R] = {}
    pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker,
                               initargs=(work, chunks, counter))
    try:
        pending = [pool.submit(_next_chunk) for _ in chunks]
        for index in iter(functools.partial(_claim, counter, len(chunks)), None):
            done[index] = work(chunks[index])
        for future in pending:
            result = None if future.cancel() else future.result()  # cancelled: not started, nothing left
            if result is not None:
                done[result[0]] = result[1]
    except (OSError, BrokenProcessPool):  # no worker to be had, or one died: its chunks are done below
        pass
    finally:  # on Ctrl-C too: leave the workers nothing more to take
        with counter.get_lock():
            counter.value = len(chunks)
        pool.shutdown(cancel_futures=True)
    return [done[index] if index in done else work(chunk) for index, chunk in enumerate(chunks)]


def _claim(counter: Any, count: int) -> int | None:
    """The next chunk nobody has taken, or None."""
    with counter.get_lock():
        index: int = counter.value
        if index >= count:
            return None
        counter.value = index + 1
    return index


def _start_worker(work: Callable[[Any], Any], chunks: Sequence[Any], counter: Any) -> None:
    global _WORKER
    _WORKER = (work, chunks, counter)  # in the forked child only: the hand-off of one map_chunks call


def _next_chunk() -> tuple[int, Any] | None:
    assert _WORKER is not None
    work, chunks, counter = _WORKER
    index = _claim(counter, len(chunks))
    if index is None:
        return None
    return index, work(chunks[index])
