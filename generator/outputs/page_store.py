"""Built pages kept between builds: a page's output bytes under the digest of everything it is made from.

A build renders a page only when no earlier build left its output under its key; the key is
the page's digest (:mod:`generator.adapter.page_digests`: its spec, what every page shares) salted
with :func:`toolchain_version` (the Python, every installed distribution's version — MkDocs,
mkdocs-material, Markdown, Jinja … —, the lock file and this package's source) and with the
theme's files and the site's configuration (the adapter's part). Change any of them and the key
changes: an entry is never stale, only unused, and unused entries are pruned at the end of each
build of the same edition. Deleting the folder costs one slower build, nothing else.

A page whose Markdown links to other files also depends on those files (does the target exist,
what is its address): each entry records the look-ups its rendering made, with their answers,
and is used only while every answer is still the same. What the rendering logged (MkDocs' link
warnings, which make a strict build fail) is kept with the entry and logged again when it is used,
so a build from the store fails exactly where a build without it does.

One SQLite file (``exemplar-pages.sqlite3``) per cache folder: what the build's main process
stores is committed at :meth:`PageStore.flush` (an interrupted build leaves the previous state);
forked processes that render ahead write through connections of their own. The store holds HTML that the site publishes: a cache folder is trusted as the
build's own (CI restores it from the same repository's runs). Pure: no MkDocs.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import connect, delete_unused

log = logging.getLogger("mkdocs.plugins.exemplar.cache")

DB_NAME = "exemplar-pages.sqlite3"
FORMAT = 1
"""Part of every key: bump it when what an entry means changes."""

Lookup = tuple[str, str | None, str | None]
"""A look-up a page's rendering made: (path, the address of the file found or None, its inclusion)."""


@dataclass(frozen=True, slots=True)
class StoredPage:
    """One page as a build wrote it, and what its rendering depended on and said."""

    output: bytes
    logged: tuple[tuple[str, int, str], ...] = ()
    """(logger name, level, message) of each record the rendering logged, in order."""
    lookups: tuple[Lookup, ...] = ()
    anchors: tuple[str, ...] = ()
    """The anchor ids the page holds (MkDocs checks links to them after the build)."""
    links: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Links to anchors in other pages: their source path → {anchor: the link as written}."""

    def meta(self) -> str:
        return json.dumps({"logged": self.logged, "lookups": self.lookups, "anchors": self.anchors,
                           "links": self.links}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_row(cls, meta: str, output: bytes) -> StoredPage | None:
        try:
            data = json.loads(meta)
            return cls(bytes(output), tuple((str(n), int(lv), str(m)) for n, lv, m in data["logged"]),
                       tuple((str(p), u, i) for p, u, i in data["lookups"]), tuple(map(str, data["anchors"])),
                       {str(k): dict(v) for k, v in data["links"].items()})
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


class PageStore:
    """The kept pages of one cache folder, for one *scope* (an edition, built or previewed).

    What :meth:`put` stores is written at once, in a transaction that :meth:`flush` commits (an
    interrupted build leaves the previous state), so a build holds no page in memory for the store;
    :meth:`writer` opens another connection to the same file for a forked process, which commits
    each batch it writes (its entries are valid whatever the build does next)."""

    def __init__(self, db: sqlite3.Connection | None, scope: str, path: Path | None = None) -> None:
        self._db = db
        self.scope = scope
        self.path = path
        self._used: set[str] = set()
        self.hits = 0
        self.stored = 0

    @classmethod
    def open(cls, folder: Path | None, scope: str) -> PageStore:
        """The store in ``folder`` (created if needed); one that keeps nothing if ``folder`` is None or
        unusable: the store is an optimisation, never a reason for a build to fail."""
        if folder is None:
            return cls(None, scope)
        path = folder / DB_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = connect(path, timeout=60)
            db.execute("CREATE TABLE IF NOT EXISTS page (scope TEXT, key TEXT, meta TEXT, output BLOB, "
                       "PRIMARY KEY (scope, key))")
        except (OSError, sqlite3.Error) as exc:
            log.debug(f"页面缓存不可用（{folder}）：{exc}")
            return cls(None, scope)
        return cls(db, scope, path)

    def writer(self) -> PageStore:
        """The same store through a connection of this process's own (a forked process must not use its parent's)."""
        return PageStore.open(self.path.parent, self.scope) if self.path is not None else PageStore(None, self.scope)

    def sibling(self, name: str) -> PageStore:
        """A store of other outputs (the search files) in the same file, pruned on its own."""
        return PageStore(self._db, f"{self.scope}/{name}", self.path)

    @property
    def usable(self) -> bool:
        return self._db is not None

    def get(self, key: str) -> StoredPage | None:
        """``key``'s entry without its output (see :meth:`output`), or None."""
        row = self._select("SELECT meta FROM page WHERE scope = ? AND key = ?", key)
        return StoredPage.from_row(row[0], b"") if row is not None else None

    def output(self, key: str) -> bytes | None:
        row = self._select("SELECT output FROM page WHERE scope = ? AND key = ?", key)
        return bytes(row[0]) if row is not None and isinstance(row[0], bytes) else None

    def use(self, key: str) -> None:
        """``key``'s entry served this build: keep it at the next prune."""
        self.keep(key)
        self.hits += 1

    def keep(self, key: str) -> None:
        """Keep ``key``'s entry at the next prune (a page this build did not need to write again)."""
        self._used.add(key)

    def put(self, key: str, page: StoredPage, commit: bool = False) -> bool:
        """Store ``page`` under ``key`` (committed by :meth:`flush`, or now); False if the store keeps nothing."""
        self._used.add(key)
        if self._db is None:
            return False
        try:
            self._db.execute("INSERT OR REPLACE INTO page (scope, key, meta, output) VALUES (?, ?, ?, ?)",
                             (self.scope, key, page.meta(), page.output))
            if commit:
                self._db.commit()
        except sqlite3.Error as exc:
            log.debug(f"页面缓存写入失败：{exc}")
            return False
        self.stored += 1
        return True

    def put_all(self, entries: Sequence[tuple[str, StoredPage]]) -> bool:
        """Store every entry in one transaction, committed now; False if the store kept none.

        For processes that write the same file at once (the forked renderers): SQLite lets one
        writer in at a time, from its first insert until its commit, so each holds the file for the
        inserts of a batch only, never while it renders the next pages."""
        self._used.update(key for key, _ in entries)
        if self._db is None or not entries:
            return False
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO page (scope, key, meta, output) VALUES (?, ?, ?, ?)",
                                     [(self.scope, key, page.meta(), page.output) for key, page in entries])
        except sqlite3.Error as exc:
            log.debug(f"页面缓存写入失败：{exc}")
            return False
        self.stored += len(entries)
        return True

    def commit(self) -> None:
        if self._db is not None:
            try:
                self._db.commit()
            except sqlite3.Error as exc:
                log.debug(f"页面缓存写入失败：{exc}")

    def flush(self, prune: bool = True) -> None:
        """Commit what this build stored; with ``prune``, drop this scope's entries it did not use."""
        if self._db is None:
            return
        try:
            with self._db:
                if prune:
                    delete_unused(self._db, "page", "scope", self.scope, self._used)
        except sqlite3.Error as exc:
            log.debug(f"页面缓存写入失败：{exc}")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()  # uncommitted writes are rolled back
            self._db = None

    def _select(self, sql: str, key: str) -> Any:
        if self._db is None:
            return None
        try:
            return self._db.execute(sql, (self.scope, key)).fetchone()
        except sqlite3.Error as exc:
            log.debug(f"页面缓存读取失败：{exc}")
            return None


def toolchain_version(root: Path | None = None) -> str:
    """What every kept page was made with besides its own inputs: this Python, the version of every
    installed distribution, the lock file at ``root`` and the source of this package (a changed
    line of code, a new mkdocs-material, a re-locked dependency: a new version)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}|{sys.version}|{sys.implementation.name}".encode())
    names = sorted({(d.metadata["Name"] or "", d.version) for d in importlib.metadata.distributions()})
    h.update(repr(names).encode())
    for path in _sources(Path(__file__).resolve().parent.parent, root):
        try:
            h.update(path.encode("utf-8", "surrogatepass"))
            with open(path, "rb") as source:
                h.update(source.read())
        except OSError:
            h.update(b"\x00missing")
    return h.hexdigest()


def _sources(package: Path, root: Path | None) -> Iterable[str]:
    """The package's Python and data files, in a stable order, and the lock files at ``root``."""
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith((".pyc", ".pyo")):
                yield os.path.join(folder, name)
    if root is not None:
        for name in ("requirements.lock", "requirements-properdocs.lock"):
            if (root / name).is_file():
                yield str(root / name)


def tree_content(folder: str | Path | None) -> str:
    """A digest of every file under ``folder`` (its relative path and bytes); "" when there is none."""
    if folder is None or not os.path.isdir(folder):
        return ""
    h = hashlib.blake2b(digest_size=16)
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            h.update(os.path.relpath(path, folder).encode("utf-8", "surrogatepass") + b"\x00")
            h.update(b"%d:" % len(data) + data)
    return h.hexdigest()


def unchanged(lookups: Iterable[Lookup], answer: Any) -> bool:
    """Whether each recorded look-up gets the same answer now (``answer(path)`` → (address, inclusion))."""
    return all(answer(path) == (url, inclusion) for path, url, inclusion in lookups)
