"""The preview's incremental rebuilds (``exemplar serve`` = ``mkdocs serve --dirty`` + the plugin).

MkDocs rebuilds the whole site after every save. Here the plugin lives on between rebuilds,
so :class:`Preview` can tell which pages an edit changed: each page's inputs are digested
(:mod:`generator.adapter.kept_pages`, the same keys that find pages kept by earlier builds), a page whose digest is the one it had when last written
keeps its file, files that left the site are removed, and the search data follows the reload
in a background thread that the next save cancels.

The plugin calls, per build: :meth:`Preview.plan` once the site model exists, :meth:`reused`
for each page while it lists the files, :meth:`rendered` for each page MkDocs wrote, and
:meth:`finish` (or :meth:`failed`). A plain ``mkdocs build`` uses none of this: its
:class:`Preview` is inactive and every method is a no-op or answers "render it".
"""

from __future__ import annotations

import gc
import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..outputs.search_index import (
    SearchCancelled,
    SearchIndex,
    SearchMemo,
    build_search_index,
    write_search_files,
)
from ..site.model import SiteModel
from .kept_pages import KeptPages, jobs_wanted
from .search_ahead import Early, SearchAhead
from .site_build import ModelInputs
from .watching import ChangesObserver, SaveNoticed, native_events_work

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.exemplar")

SEARCH_PAUSE = 0.75
"""Seconds the preview's search update waits after a rebuild: the browser's reload is served
first, without sharing the interpreter with the update (which takes 1–2 s at 1,000 stories)."""


class SearchWriter:
    """Writes the search data: at once in a build, in a cancellable thread in the preview."""

    def __init__(self, incremental: bool, memo: SearchMemo | None = None) -> None:
        self.incremental = incremental
        self.memo = memo if memo is not None else SearchMemo()
        self.written: dict[str, str] = {}
        """Search files on disk from earlier rebuilds of this session: path → digest."""
        self.thread: threading.Thread | None = None
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.on_idle: Callable[[], None] = lambda: None
        self.ahead, self.key = SearchAhead(), ""  # a build's: see start()
        self.kept: KeptPages | None = None

    def starter(self, cache_dir: Path, kept: KeptPages) -> Callable[[ModelInputs], None]:
        """:meth:`start` for ``prepare_build``, which calls it once the archive is loaded."""
        return lambda inputs: self.start(inputs, cache_dir, kept)

    def start(self, inputs: ModelInputs, cache_dir: Path, kept: KeptPages) -> None:
        """A build (not the preview), once the archive is loaded: the search files from the page store,
        else made by a forked process from a site model of its own while this one resizes the photos
        and renders the pages (:mod:`generator.adapter.search_ahead`). The search uses no pictures."""
        if self.incremental:
            return
        self.key = kept.search_key(inputs)
        self.ahead.start(kept.stored_search(self.key),
                         lambda early: self._index(inputs.model(), inputs.withheld, cache_dir, early=early).files,
                         fork=jobs_wanted() > 1)
        self.kept = kept

    def site_ready(self, site_dir: Path) -> None:
        """MkDocs is done clearing the site folder (``on_files``): a build's search process may write into it."""
        self.ahead.site_ready(site_dir)

    def write(self, model: SiteModel, withheld: frozenset[str], cache_dir: Path, site_dir: Path) -> None:
        if not self.incremental:
            files, new, written = self.ahead.result(lambda early: self._index(model, withheld, cache_dir).files)
            if not new and self.kept is not None:  # from the store: written with the pages it served
                written = self.kept.search_written
            write_search_files(SearchIndex(files, 0, 0, 0), site_dir, atomic=False,
                               skip={path: files[path] for path in written})
            if new and self.kept is not None:
                self.kept.keep_search(self.key, files)
            return
        # In the preview the page with the edit is shown at once; the search data follows
        # a moment later, written file by file with atomic renames.
        self.stop(wait=False)
        self.thread = threading.Thread(target=self._write, args=(model, withheld, cache_dir, site_dir,
                                                                 self.stop_event),
                                       name="exemplar-search", daemon=True)
        self.thread.start()

    def _index(self, model: SiteModel, withheld: frozenset[str], cache_dir: Path,
               stop: Callable[[], bool] | None = None, early: Early | None = None) -> SearchIndex:
        return build_search_index(model, withheld, cache_dir=cache_dir, stop=stop, memo=self.memo, early=early)

    def stop(self, wait: bool) -> None:
        """Tell the search update (if one runs) to stop; it checks between documents and never
        writes once told. A rebuild does not wait for it: it may still be finishing a step."""
        if self.thread is not None:
            self.stop_event.set()
            if wait:
                self.thread.join()
            self.thread = None
        self.stop_event = threading.Event()

    def _write(self, model: SiteModel, withheld: frozenset[str], cache_dir: Path, site_dir: Path,
               stop: threading.Event | None) -> None:
        if stop is not None and stop.wait(SEARCH_PAUSE):
            return  # a newer save came first
        try:
            index = self._index(model, withheld, cache_dir, stop.is_set if stop else None)
            with self.lock:  # one writer at a time, and never one that a newer save superseded
                if stop is not None and stop.is_set():
                    return
                write_search_files(index, site_dir, skip=self.written if self.incremental else None)
                if self.incremental:
                    for path in self.written.keys() - index.files.keys():  # fewer documents than before
                        (site_dir / path).unlink(missing_ok=True)
                    self.written = dict(index.files)
            if self.incremental and not (stop is not None and stop.is_set()):
                self.on_idle()
        except SearchCancelled:
            return
        except Exception as exc:
            if not self.incremental:
                raise
            log.error(f"搜索数据未能更新：{exc}")  # the preview goes on; the next save tries again


class Preview:
    """What one ``exemplar serve`` session knows about the files it has written."""

    def __init__(self, *, preview: bool = False, incremental: bool = False, memo: SearchMemo | None = None) -> None:
        self.preview = preview
        self.incremental = incremental
        self.digests: dict[str, str] = {}
        """This build's page digests (``incremental`` only): src_uri → digest."""
        self.written: dict[str, str] = {}
        """Pages on disk from earlier rebuilds of this session: src_uri → digest."""
        self._rendered: dict[str, str] = {}
        self.outputs: set[str] = set()
        """The files (output paths) the last build of this session published."""
        self._outputs_now: set[str] = set()
        self.pages: dict[str, Any] = {}
        """The last build's page files, by src_uri (each with its MkDocs page)."""
        self.search = SearchWriter(incremental, memo)
        self.search.on_idle = self._collect_garbage
        self._frozen = False
        if incremental:
            # Python's cyclic collector would otherwise stop a rebuild now and then for a few
            # tenths of a second to walk everything the preview keeps; it runs after each
            # search update instead, while the editor reads the page (see _collect_garbage).
            gc.disable()

    def watch_natively(self, server: LiveReloadServer, config: MkDocsConfig) -> None:
        """Saves noticed from the operating system's file events (see :mod:`generator.adapter.watching`)
        rather than by listing every file twice a second; a save stops the search update at once."""
        if not self.incremental:
            return
        if native_events_work(config.docs_dir):
            # What MkDocs watches before this event (the docs, the configuration, with --watch-theme the
            # theme) moves to the native observer; what it watches after (config.watch) goes there directly.
            moved = []
            for path in dict.fromkeys([config.docs_dir, config.config_file_path or "", *config.theme.dirs]):
                try:
                    server.unwatch(path)
                except KeyError:  # not watched (no --watch-theme, say)
                    continue
                moved.append(path)
            server.observer = ChangesObserver()
            for path in moved:
                server.watch(path)
        # The update would share the interpreter with MkDocs' rebuild, which writes the search data again.
        server.observer.schedule(SaveNoticed(lambda: self.search.stop_event.set()), config.docs_dir, recursive=True)

    def plan(self, digests: dict[str, str]) -> None:
        """This build's page keys (:meth:`generator.adapter.kept_pages.KeptPages.plan`): a page whose
        key is the one it had when last written keeps its file. Empty: render every page."""
        if self.incremental:
            self.digests = digests

    def current(self, src_uri: str) -> bool:
        """Whether the page on disk was written from the inputs it has now."""
        done = self.written.get(src_uri)
        return self.incremental and done is not None and done == self.digests.get(src_uri)

    def kept(self, src_uri: str) -> Any:
        """The last build's page file for ``src_uri`` if its output on disk is current, else None."""
        kept = self.pages.get(src_uri)
        if self.current(src_uri) and kept is not None and os.path.isfile(kept.abs_dest_path):
            return kept
        return None

    def listed(self, pages: dict[str, Any], outputs: Iterable[str]) -> None:
        """This build's page files and every output path it publishes."""
        if self.incremental:
            self.pages = pages
            self._outputs_now = set(outputs)

    def rendered(self, src_uri: str) -> None:
        digest = self.digests.get(src_uri)
        if self.incremental and digest is not None:
            self._rendered[src_uri] = digest

    def finish(self) -> None:
        """After a build that succeeded: remember what is on disk; remove what left the site."""
        if self.incremental:
            self.written.update(self._rendered)
            for path in self.outputs - self._outputs_now:  # gone from the site (a story deleted, a photo replaced)
                Path(path).unlink(missing_ok=True)
            self.outputs = self._outputs_now
            self.written = {uri: d for uri, d in self.written.items() if uri in self.digests}
        self._rendered.clear()

    def failed(self) -> None:
        self._rendered.clear()  # what a failed build wrote is rendered again next time
        self.search.ahead.abandon()  # its search process, if one still works
        if self.incremental:
            gc.collect()  # no search update follows to collect after

    def close(self) -> None:
        self.search.stop(wait=True)
        if self.incremental:
            if self._frozen:
                gc.unfreeze()
                self._frozen = False
            gc.enable()

    def _collect_garbage(self) -> None:
        """The preview's cyclic garbage, collected after a search update, while the editor reads.
        The first time, what survives (the modules, the stories, the caches: most of what the
        preview keeps) is frozen, so that later collections walk only what later builds made:
        0.05 s instead of 0.25 s at 1,000 stories."""
        gc.collect()
        if not self._frozen:
            gc.freeze()
            self._frozen = True
