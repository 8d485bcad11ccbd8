"""Pages rendered once: taken from the page store when their inputs are unchanged, the others
rendered ahead on every processor.

A build goes through MkDocs' usual steps for every page, but a page whose output is known —
kept by an earlier build (:mod:`generator.outputs.page_store`) or rendered ahead in this one — is
read and built as that output alone: its Markdown is not converted and its template is a
template that prints the output (:data:`OUTPUT_TEMPLATE`). MkDocs still writes every file, runs
``on_post_page`` and checks links to anchors, so what reaches the site is what a plain build writes.

Rendering ahead: once every page has been read (``on_env``), the pages the store did not have
are converted and rendered by this process and forked ones together (:func:`~generator.core.pool.map_chunks`),
each page exactly as MkDocs' own loop would (the same events, the same context). What the
rendering logs goes back to this process and is logged here, where MkDocs counts the warnings of
a strict build. Forking is used only where it is safe (:func:`~generator.core.pool.can_fork`: a
build, not the preview's server with its threads) and worth it; else MkDocs renders the pages
itself, one after another, and they are kept for the next build just the same.

The preview (``exemplar serve``) uses the same keys to tell which pages a save changed.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import ChoiceLoader, DictLoader
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..core.archive import default_jobs
from ..core.pool import can_fork, map_chunks
from ..outputs.page_store import Lookup, PageStore, StoredPage, toolchain_version, tree_content, unchanged
from ..core.schema import Story, Vocabulary
from ..site.model import Card, PageSpec, SiteModel
from .engine import ENGINE
from .page_digests import Digester, page_digests

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.nav import Navigation

log = logging.getLogger("mkdocs.plugins.exemplar")

OUTPUT_TEMPLATE = "exemplar-output.html"
"""A page whose output is known is built with this template: it prints the output as it is."""
AHEAD_MIN = 48
"""Fewer pages to render than this: forking costs more than it saves."""
CHUNK = 16
"""Pages per piece of work handed to a processor: small enough to share the load evenly."""
NOT_SALT = ("EXEMPLAR_JOBS", "EXEMPLAR_PAGE_CACHE")
"""Settings that decide how pages are made, never what they hold (tests/test_kept_pages.py)."""

Rendered = tuple[str, str, tuple[tuple[str, int, str], ...], tuple[Lookup, ...], tuple[str, ...],
                 dict[str, dict[str, str]]]
"""One page rendered ahead: (src_uri, output, logged, look-ups, anchor ids, links to anchors)."""


class ArchivePage(Page):
    """A generated page. It skips MkDocs' Markdown converter when it has no Markdown (an index
    page, a poster: about half a millisecond each) and when its output is known or will be
    rendered ahead; when it converts its Markdown it records the look-ups the links made."""

    output: str | None = None
    """The page's finished template output, when known (from the store, or rendered ahead)."""
    ahead = False
    """Rendered ahead (in ``on_env``): skip the conversion while MkDocs reads the page."""
    key = ""
    lookups: tuple[Lookup, ...] = ()
    logged: list[tuple[str, int, str]] | None = None

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown and self.output is None and not self.ahead:
            self.lookups = convert(self, config, files)
            return
        self.content = ""
        self.toc = get_toc([])
        if self.output is None:
            self.present_anchor_ids = set()
            self.links_to_anchors = {}


def convert(page: Page, config: MkDocsConfig, files: Files) -> tuple[Lookup, ...]:
    """MkDocs' own conversion of ``page``'s Markdown, and every look-up of a file its links made."""
    made: list[Lookup] = []
    find = files.get_file_from_path

    def recorded(path: str) -> File | None:
        found = find(path)
        made.append((path, *answer_of(found)))
        return found

    files.get_file_from_path = recorded  # type: ignore[method-assign]  # this conversion only
    try:
        Page.render(page, config, files)
    finally:
        del files.get_file_from_path
    return tuple(made)


def answer_of(found: File | None) -> tuple[str | None, str | None]:
    return (found.url, found.inclusion.name) if found is not None else (None, None)


class PageLog(logging.Handler):
    """What is logged while a page renders, kept with the page (replayed when the store serves it)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.into: list[tuple[str, int, str]] | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.into is not None:
            self.into.append((record.name, record.levelno, record.getMessage()))

    @contextmanager
    def recording(self) -> Iterator[list[tuple[str, int, str]]]:
        made: list[tuple[str, int, str]] = []
        self.into = made
        try:
            yield made
        finally:
            self.into = None


@dataclass
class KeptPages:
    """One plugin's page keys, store and pages rendered ahead (see the module docstring)."""

    digester: Digester
    enabled: bool = True
    keys: dict[str, str] = field(default_factory=dict)
    store: PageStore = field(default_factory=lambda: PageStore(None, ""))
    pages: dict[str, ArchivePage] = field(default_factory=dict)
    nav: Navigation | None = None
    page_log: PageLog = field(default_factory=PageLog)
    search_store: PageStore = field(default_factory=lambda: PageStore(None, ""))
    ahead_done: int = 0
    _toolchain: str = ""
    _salt: str = ""

    @classmethod
    def new(cls) -> KeptPages:
        """Kept pages for one session. The preview's loader hands out the same story, vocabulary,
        card and page objects again for unchanged files: their digests are kept too."""
        return cls(Digester(lasting=(Story, Vocabulary, Card, PageSpec)),
                   enabled=os.environ.get("EXEMPLAR_PAGE_CACHE", "on") != "off")

    def plan(self, specs: Sequence[PageSpec], shared: Mapping[str, Any], config: MkDocsConfig,
             nav: Sequence[tuple[str, str]], cache_dir: Path, scope: str) -> dict[str, str]:
        """This build's page keys (src_uri → key): each page's inputs, salted with the toolchain,
        the theme's files, the configuration and the navigation. Empty if a page holds data the
        digests do not know (then every page is rendered, as MkDocs would)."""
        if not self._toolchain:
            self._toolchain = toolchain_version(Path(config.config_file_path or ".").parent)
        source = Path(config.config_file_path) if config.config_file_path else None
        salt = repr((
            self._toolchain, source.read_bytes() if source and source.is_file() else b"", config.site_url,
            sorted((k, v) for k, v in os.environ.items() if k.startswith("EXEMPLAR_") and k not in NOT_SALT),
            list(nav), tree_content(config.theme.custom_dir),
        ))
        self._salt = salt
        try:
            self.keys = page_digests(specs, shared, salt, self.digester)
        except TypeError as exc:
            log.debug(f"页面摘要不可用，全部重新生成：{exc}")
            self.keys = {}
        self.store.close()
        self.store = PageStore.open(cache_dir / "exemplar-pages" if self.enabled and self.keys else None, scope)
        self.search_store = self.store.sibling("search")
        self.pages = {}
        self.ahead_done = 0
        return self.keys

    def search_key(self, model: SiteModel, withheld: frozenset[str]) -> str:
        """The search files' key: the whole site model and the withheld names, with this build's salt."""
        if not self.keys:
            return ""
        try:
            return self.digester.digest((self._salt, model, sorted(withheld))).hex()
        except TypeError:
            return ""

    def stored_search(self, key: str) -> dict[str, str] | None:
        stored = self.search_store.get(key) if key else None
        if stored is None:
            return None
        try:
            files = json.loads(stored.output.decode("utf-8", "surrogatepass"))
        except ValueError:
            return None
        self.search_store.use(key)
        return files if isinstance(files, dict) else None

    def keep_search(self, key: str, files: Mapping[str, str]) -> None:
        if key:
            self.search_store.put(key, StoredPage(json.dumps(dict(files), ensure_ascii=False).encode("utf-8", "surrogatepass")))
            self.search_store.flush(prune=True)

    def watch_logs(self) -> None:
        for name in {ENGINE, "mkdocs"}:
            logger = logging.getLogger(name)
            if self.page_log not in logger.handlers:
                logger.addHandler(self.page_log)

    def unwatch_logs(self) -> None:
        for name in {ENGINE, "mkdocs"}:
            logging.getLogger(name).removeHandler(self.page_log)

    def listed(self, page: ArchivePage, src_uri: str) -> None:
        """A page of this build: its output from the store when its inputs and links are unchanged."""
        page.key = self.keys.get(src_uri, "")
        page.output, page.ahead, page.lookups, page.logged = None, False, (), None
        self.pages[src_uri] = page

    def navigation(self, nav: Navigation, files: Files, *, preview: bool) -> None:
        """``on_nav`` (MkDocs' files are final): serve the pages the store has, mark the rest to render ahead."""
        self.nav = nav
        self.watch_logs()
        self.plan_ahead(self.take_stored(files), preview=preview)

    def take_stored(self, files: Files) -> list[ArchivePage]:
        """Serve what the store has (once MkDocs' files are final); the pages still to render."""
        def answer(path: str) -> tuple[str | None, str | None]:
            return answer_of(files.get_file_from_path(path))

        missing = []
        for page in self.pages.values():
            if not page.file.is_modified():  # the preview's page on disk is current: MkDocs skips it
                self.store.keep(page.key)
                continue
            stored = self.store.get(page.key) if page.key else None
            if stored is not None and unchanged(stored.lookups, answer):
                self.store.use(page.key)
                self._serve(page, stored, files)
            else:
                missing.append(page)
        return missing

    def plan_ahead(self, missing: list[ArchivePage], *, preview: bool) -> None:
        """Mark the pages to render ahead: in a build that may fork, when there are enough of them."""
        jobs = jobs_wanted()
        if preview or jobs < 2 or not can_fork() or len(missing) < (1 if os.environ.get("EXEMPLAR_JOBS") else AHEAD_MIN):
            return
        for page in missing:
            if page.file.inclusion == InclusionLevel.INCLUDED:
                page.ahead = True

    def render_ahead(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """Render the pages marked ahead on every processor (``on_env``: every page has been read)."""
        env.loader = ChoiceLoader([DictLoader({OUTPUT_TEMPLATE: "{{ ex_output }}"}), env.loader])  # type: ignore[list-item]
        ahead = [page for page in self.pages.values() if page.ahead]
        if not ahead or self.nav is None:
            return
        nav, doc_files = self.nav, files.documentation_pages(inclusion=InclusionLevel.is_included)
        chunks = [tuple(range(i, min(i + CHUNK, len(ahead)))) for i in range(0, len(ahead), CHUNK)]
        page_log, main = self.page_log, os.getpid()

        def work(chunk: tuple[int, ...]) -> list[Rendered]:
            if os.getpid() != main:
                quiet_forked_worker(page_log)
            return [render_page(ahead[i], config, files, doc_files, nav, env, page_log) for i in chunk]

        results = map_chunks(work, chunks, jobs_wanted() - 1)
        for part in results:
            for src_uri, output, logged, lookups, anchors, links in part:
                page = self.pages[src_uri]
                replay(logged)
                page.lookups = lookups
                stored = StoredPage(output.encode("utf-8", "surrogatepass"), logged, lookups, anchors, links)
                if page.key:
                    self.store.put(page.key, stored)
                self._serve(page, stored, files, replay_log=False)
                self.ahead_done += 1

    def reading(self, page: Page) -> None:
        """MkDocs reads ``page`` (``on_page_markdown``): a known output is printed by :data:`OUTPUT_TEMPLATE`;
        what converting any other page logs is kept with it."""
        if not isinstance(page, ArchivePage) or page.ahead:
            return
        if page.output is not None:
            page.meta["template"] = OUTPUT_TEMPLATE
        else:
            page.logged = []
            self.page_log.into = page.logged

    def converted(self) -> None:
        """``on_page_content`` and ``on_post_page``: the page's own logging ends."""
        self.page_log.into = None

    def context(self, page: Page) -> Markup | None:
        """The known output of ``page`` for :data:`OUTPUT_TEMPLATE`, or None: MkDocs renders it, and
        what that logs is kept with the page."""
        if isinstance(page, ArchivePage) and page.output is not None:
            return Markup(page.output)
        if isinstance(page, ArchivePage) and page.logged is not None:
            self.page_log.into = page.logged
        return None

    def rendered(self, page: Page, output: str) -> None:
        """A page MkDocs rendered itself: keep its output (before other plugins' ``on_post_page``)."""
        self.page_log.into = None
        if not isinstance(page, ArchivePage) or page.output is not None or not page.key:
            return
        links = {f.src_uri: dict(a) for f, a in (page.links_to_anchors or {}).items()}
        self.store.put(page.key, StoredPage(output.encode("utf-8", "surrogatepass"), tuple(page.logged or ()),
                                            page.lookups, tuple(sorted(page.present_anchor_ids or ())), links))

    def finish(self) -> None:
        """After a build that wrote every page: keep what it rendered, forget what it did not use."""
        self.store.flush(prune=True)
        log.debug(f"页面：{self.store.hits} 个取自缓存，{self.ahead_done} 个并行生成")

    def close(self) -> None:
        self.store.close()
        self.unwatch_logs()

    def _serve(self, page: ArchivePage, stored: StoredPage, files: Files, replay_log: bool = True) -> None:
        if replay_log:
            replay(stored.logged)
        page.output = stored.output.decode("utf-8", "surrogatepass")
        page.ahead = False
        page.present_anchor_ids = set(stored.anchors)
        linked: dict[File, dict[str, str]] = {}
        for src_uri, anchors in stored.links.items():
            target = files.get_file_from_path(src_uri)
            if target is not None:
                linked[target] = dict(anchors)
        page.links_to_anchors = linked
        page.meta["template"] = OUTPUT_TEMPLATE


def jobs_wanted() -> int:
    """Processors to render with: ``EXEMPLAR_JOBS``, else every one this process may use."""
    try:
        wanted = int(os.environ.get("EXEMPLAR_JOBS", "0"))
    except ValueError:
        wanted = 0
    return wanted if wanted > 0 else default_jobs()


def render_page(page: ArchivePage, config: MkDocsConfig, files: Files, doc_files: Sequence[File],
                nav: Navigation, env: Environment, page_log: PageLog) -> Rendered:
    """What MkDocs' loop does for ``page`` up to its template's output: convert its Markdown, run
    ``on_page_content``, make its context, run ``on_page_context`` and render its template."""
    with page_log.recording() as logged:
        lookups = convert(page, config, files) if page.markdown else ()
        page.content = config.plugins.on_page_content(page.content or "", page=page, config=config, files=files)
        page.active = True
        try:
            context = get_context(nav, doc_files, config, page)
            template = env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            output = template.render(context)
        finally:
            page.active = False
    links = {f.src_uri: dict(a) for f, a in (page.links_to_anchors or {}).items()}
    return (page.file.src_uri, output, tuple(logged), lookups, tuple(sorted(page.present_anchor_ids or ())), links)


def quiet_forked_worker(page_log: PageLog) -> None:
    """In a forked worker: log nothing to the console; :class:`PageLog` sends it to the main process."""
    for logger in (logging.getLogger(), logging.getLogger("mkdocs"), logging.getLogger(ENGINE)):
        logger.handlers = [h for h in logger.handlers if h is page_log]


def replay(logged: Sequence[tuple[str, int, str]]) -> None:
    """Log again what a page's rendering logged (elsewhere, or in an earlier build)."""
    for name, level, message in logged:
        logging.getLogger(name).log(level, "%s", message)
