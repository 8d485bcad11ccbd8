"""A content-addressed cache for build work that depends only on its inputs.

A value is stored under the SHA-256 of everything that decides it: the inputs (a
story's text, say) and a *salt* naming the code and data that turn inputs into the
value (a format version, jieba's version, a hash of the user dictionary …). Change any
of them and the key changes, so a stale value is never returned; nothing is ever
"invalidated" by hand.

Two layers:

- in memory, in a :class:`MemoryLayer` its owner passes in — ``mkdocs serve`` keeps its
  plugin (and the plugin its :class:`~generator.outputs.memo.BuildMemo`) between rebuilds, so
  an edit re-does only what the edit changed;
- on disk (optional), one SQLite file per cache folder, so that a second
  ``mkdocs build`` — or a CI job that restores the folder — starts warm.

Values are JSON (never pickle): a cache folder copied from elsewhere can hold wrong
values at worst, not code. Writes are batched and committed by :meth:`ContentCache.flush`;
a build that dies before it leaves the previous state intact (SQLite's transaction).
A cache that cannot be opened or written is skipped with a debug message: caching is
an optimisation, never a reason for a build to fail.

Pure: no MkDocs. Usage::

    cache = ContentCache.open(root / ".cache", "search-terms", salt=segmenter.fingerprint())
    terms = cache.get_or_compute((doc.title, doc.body), lambda: field_terms(doc))
    ...
    cache.flush(prune=True)   # drop entries this build did not use
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger("mkdocs.plugins.exemplar.cache")

T = TypeVar("T")

FORMAT = 1
"""Part of every key: bump it if the storage format changes."""

DB_NAME = "exemplar-cache.sqlite3"



class MemoryLayer:
    """The in-memory layer of every :class:`ContentCache` opened with it: (namespace, key) → value."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], Any] = {}
        self.lock = threading.Lock()

    def clear(self) -> None:
        """Forget everything (to measure a cold rebuild inside one process)."""
        with self.lock:
            self.values.clear()


def fingerprint(*parts: str | bytes | int | float | None | Iterable[Any]) -> str:
    """A stable SHA-256 (hex) of ``parts``; nested lists and tuples are walked in order.

    Each part is length-prefixed, so ``("ab", "c")`` and ``("a", "bc")`` differ.
    """
    h = hashlib.sha256()

    def feed(part: Any) -> None:
        if isinstance(part, (list, tuple)):
            h.update(b"L%d:" % len(part))
            for item in part:
                feed(item)
            return
        if isinstance(part, (set, frozenset)):
            feed(sorted(part))
            return
        if isinstance(part, bytes):
            data = part
        elif part is None:
            data = b"\x00none"
        else:
            data = str(part).encode("utf-8")
        h.update(b"%d:" % len(data))
        h.update(data)

    for part in parts:
        feed(part)
    return h.hexdigest()


def delete_unused(db: sqlite3.Connection, table: str, group: str, name: str, used: Iterable[str]) -> None:
    """Delete the rows of ``table`` whose ``group`` column is ``name`` and whose ``key`` is not in ``used``
    (in the caller's transaction). ``table`` and ``group`` are this package's own names, never input."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
    db.execute("DELETE FROM used")
    db.executemany("INSERT OR IGNORE INTO used (key) VALUES (?)", [(k,) for k in used])
    db.execute(f"DELETE FROM {table} WHERE {group} = ? AND key NOT IN (SELECT key FROM used)", (name,))  # noqa: S608


def connect(path: Path, timeout: float, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection to one of the cache's SQLite files. Its rollback journal is kept between
    transactions rather than created and deleted by each: a build commits a few hundred times,
    and a new file costs far more than a write on a file system that has just deleted thousands
    (the site MkDocs empties before every build)."""
    db = sqlite3.connect(path, timeout=timeout, check_same_thread=check_same_thread)
    try:
        db.execute("PRAGMA journal_size_limit=1048576")  # kept, but not at the size of the largest transaction
        db.execute("PRAGMA journal_mode=PERSIST")
    except sqlite3.Error as exc:  # another connection holds the file: its journal as it is
        log.debug(f"缓存日志模式未设置：{exc}")
    return db


class ContentCache:
    """Values of one kind (a *namespace*), keyed by the fingerprint of their inputs plus a salt."""

    def __init__(self, namespace: str, salt: str = "", db: sqlite3.Connection | None = None,
                 memory: MemoryLayer | None = None) -> None:
        self.namespace = namespace
        self.memory = memory if memory is not None else MemoryLayer()
        self.salt = fingerprint(FORMAT, sys.version_info[:2], namespace, salt)
        self._db = db
        self._pending: dict[str, str] = {}
        self._used: set[str] = set()
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, folder: Path | None, namespace: str, salt: str = "",
             memory: MemoryLayer | None = None) -> ContentCache:
        """A cache in ``folder`` (created if needed); in memory only if ``folder`` is None or unusable.
        ``memory``: the in-memory layer, shared by the caches its owner opens (None: this cache's own)."""
        db = None
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                db = connect(folder / DB_NAME, timeout=30, check_same_thread=False)
                db.execute("CREATE TABLE IF NOT EXISTS entry (ns TEXT, key TEXT, value TEXT, PRIMARY KEY (ns, key))")
            except (OSError, sqlite3.Error) as exc:
                log.debug(f"缓存不可用（{folder}）：{exc}")
                db = None
        return cls(namespace, salt, db, memory)

    def key(self, inputs: Any) -> str:
        return fingerprint(self.salt, inputs)

    def get(self, key: str) -> Any | None:
        """The value stored under ``key`` (from :meth:`key`), or None."""
        self._used.add(key)
        with self.memory.lock:
            if (self.namespace, key) in self.memory.values:
                self.hits += 1
                return self.memory.values[(self.namespace, key)]
        if self._db is not None:
            try:
                row = self._db.execute("SELECT value FROM entry WHERE ns = ? AND key = ?",
                                       (self.namespace, key)).fetchone()
            except sqlite3.Error as exc:
                log.debug(f"缓存读取失败：{exc}")
                row = None
            if row is not None:
                try:
                    value = json.loads(row[0])
                except ValueError:
                    value = None
                if value is not None:
                    self.hits += 1
                    self._remember(key, value)
                    return value
        self.misses += 1
        return None

    def put(self, key: str, value: Any) -> None:
        """Store a JSON-able value; it reaches the disk at :meth:`flush`.

        Values handed out by :meth:`get` are shared: treat them as read-only.
        """
        self._used.add(key)
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # insertion order kept
        self._remember(key, json.loads(text))  # what a later get returns: JSON's view of the value
        self._pending[key] = text

    def get_or_compute(self, inputs: Any, compute: Callable[[], T]) -> T:
        """The cached value for ``inputs``, else ``compute()`` (stored for next time).

        ``compute`` must return JSON-able data (dicts with string keys, lists, numbers,
        strings); tuples come back as lists.
        """
        key = self.key(inputs)
        value = self.get(key)
        if value is None:
            value = compute()
            self.put(key, value)
            value = self.memory.values.get((self.namespace, key), value)
        return value  # type: ignore[no-any-return]

    def flush(self, prune: bool = False) -> None:
        """Write pending values; with ``prune``, forget this namespace's entries not used since opening."""
        if prune:
            with self.memory.lock:
                values = self.memory.values
                for k in [k for k in values if k[0] == self.namespace and k[1] not in self._used]:
                    del values[k]
        if self._db is None:
            self._pending.clear()
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO entry (ns, key, value) VALUES (?, ?, ?)",
                                     [(self.namespace, k, v) for k, v in self._pending.items()])
                if prune:
                    delete_unused(self._db, "entry", "ns", self.namespace, self._used)
        except sqlite3.Error as exc:
            log.debug(f"缓存写入失败：{exc}")
        self._pending.clear()

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None

    def _remember(self, key: str, value: Any) -> None:
        with self.memory.lock:
            self.memory.values[(self.namespace, key)] = value
