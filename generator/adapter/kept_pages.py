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
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from jinja2 import ChoiceLoader, DictLoader
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import write_file

from ..core.archive import default_jobs
from ..core.pool import can_fork, map_chunks
from ..outputs.page_store import Lookup, PageStore, StoredPage, toolchain_version, tree_content, unchanged
from ..outputs.search_index import SearchIndex, write_search_files
from ..core.schema import Story, Vocabulary
from ..site.model import Card, PageSpec
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

Rendered = tuple[str, StoredPage, bool]
"""One page rendered ahead: its src_uri, what the store keeps of it, and whether its output is
elsewhere (in the store or its file) — then the record comes back without it."""


class ArchivePage(Page):
    """A generated page. It skips MkDocs' Markdown converter when it has no Markdown (an index
    page, a poster: about half a millisecond each) and when its output is known or will be
    rendered ahead; when it converts its Markdown it records the look-ups the links made."""

    known = False
    """The page's finished template output is known: in the store under its key, or :attr:`held`."""
    held: str | None = None
    """The known output, when the store could not keep it."""
    ahead = False
    """Rendered ahead (in ``on_env``): skip the conversion while MkDocs reads the page."""
    written = False
    """Its file was written where it was rendered ahead."""
    key = ""
    lookups: tuple[Lookup, ...] = ()
    logged: list[tuple[str, int, str]] | None = None

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown and not self.known and not self.ahead:
            self.lookups = convert(self, config, files)
            return
        self.content = ""
        self.toc = get_toc([])
        if not self.known:
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
    search_files: Mapping[str, str] = field(default_factory=dict)
    """The search files the store served this build (:meth:`stored_search`): written with its pages."""
    search_written: frozenset[str] = frozenset()
    """Those of them written so (the build writes the others)."""
    ahead_done: int = 0
    may_fork: bool = False
    """This build renders and writes on every processor (a build, not the preview, where forking is safe)."""
    building: bool = False
    """``mkdocs build``: the process ends with the build (see :meth:`close`)."""
    built: bool = False
    alone: bool = False
    """No other plugin listens to ``on_shutdown``."""
    _toolchain: str = ""
    _salt: str = ""

    @classmethod
    def new(cls, command: str = "") -> KeptPages:
        """Kept pages for one session (``command``: MkDocs' ``build`` or ``serve``). The preview's loader
        hands out the same story, vocabulary, card and page objects again for unchanged files: their
        digests are kept too."""
        return cls(Digester(lasting=(Story, Vocabulary, Card, PageSpec)),
                   enabled=os.environ.get("EXEMPLAR_PAGE_CACHE", "on") != "off", building=command == "build")

    def begin(self, config: MkDocsConfig, cache_dir: Path, scope: str) -> None:
        """A build starts (``on_config``): its salt — the toolchain, mkdocs.yml, the site's address, the
        archive's settings and the theme's files — and the store of its scope (edition, build or preview)."""
        if not self._toolchain:
            self._toolchain = toolchain_version(Path(config.config_file_path or ".").parent)
        source = Path(config.config_file_path) if config.config_file_path else None
        self._salt = repr((
            self._toolchain, source.read_bytes() if source and source.is_file() else b"", config.site_url,
            sorted((k, v) for k, v in os.environ.items() if k.startswith("EXEMPLAR_") and k not in NOT_SALT),
            tree_content(config.theme.custom_dir),
        ))
        self.store.close()
        self.store = PageStore.open(cache_dir / "exemplar-pages" if self.enabled else None, scope)
        self.search_store = self.store.sibling("search")
        self.keys, self.pages, self.ahead_done, self.built = {}, {}, 0, False
        self.search_files, self.search_written = {}, frozenset()
        self.alone = len(config.plugins.events.get("shutdown", [])) <= 1

    def plan(self, specs: Sequence[PageSpec], shared: Mapping[str, Any], nav: Sequence[tuple[str, str]]) -> dict[str, str]:
        """This build's page keys (src_uri → key): each page's inputs and the navigation, with the
        build's salt. Empty if a page holds data the digests do not know (then every page is
        rendered, as MkDocs would)."""
        try:
            self.keys = page_digests(specs, shared, repr((self._salt, list(nav))), self.digester)
        except TypeError as exc:
            log.debug(f"页面摘要不可用，全部重新生成：{exc}")
            self.keys = {}
        return self.keys

    def search_key(self, inputs: Any) -> str:
        """The search files' key: what the site model is made from (:class:`~.site_build.ModelInputs`)
        with the build's salt; "" when it holds data the digests do not know."""
        if not self.enabled or not self._salt:
            return ""
        try:
            return self.digester.digest((self._salt, inputs)).hex()
        except TypeError:
            return ""

    def stored_search(self, key: str) -> dict[str, str] | None:
        stored = self.search_store.output(key) if key else None
        if stored is None:
            return None
        try:
            files = json.loads(stored.decode("utf-8", "surrogatepass"))
        except ValueError:
            return None
        if not isinstance(files, dict):
            return None
        self.search_store.use(key)
        self.search_files = files
        return files

    def keep_search(self, key: str, files: Mapping[str, str]) -> None:
        if key:
            self.search_store.put(key, StoredPage(json.dumps(dict(files), ensure_ascii=False).encode("utf-8", "surrogatepass")))
            self.search_store.flush(prune=True)

    def watch_logs(self) -> None:
        for name in {ENGINE, "mkdocs"}:
            logger = logging.getLogger(name)
            if self.page_log not in logger.handlers:
                logger.addHandler(self.page_log)
            logging.getLogger(f"{name}.commands.build").addFilter(self.skipped)

    def unwatch_logs(self) -> None:
        for name in {ENGINE, "mkdocs"}:
            logging.getLogger(name).removeHandler(self.page_log)
            logging.getLogger(f"{name}.commands.build").removeFilter(self.skipped)

    def skipped(self, record: logging.LogRecord) -> bool:
        """MkDocs' "Page skipped … Generated empty output" for a page whose file was written ahead: not said."""
        message = record.getMessage()
        if record.levelno == logging.INFO and message.startswith("Page skipped: '"):
            page = self.pages.get(message[len("Page skipped: '"):].split("'", 1)[0])
            return not (page is not None and page.written)
        return True

    def listed(self, page: ArchivePage, src_uri: str) -> None:
        """A page of this build: its output from the store when its inputs and links are unchanged."""
        page.key = self.keys.get(src_uri, "")
        page.known, page.held, page.ahead, page.written, page.lookups, page.logged = False, None, False, False, (), None
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
        self.may_fork = not preview and jobs_wanted() >= 2 and can_fork()
        if not self.may_fork or len(missing) < (1 if os.environ.get("EXEMPLAR_JOBS") else AHEAD_MIN):
            return
        for page in missing:
            if page.file.inclusion == InclusionLevel.INCLUDED:
                page.ahead = True

    def write_kept(self, config: MkDocsConfig) -> None:
        """Write the files of the pages the store served on every processor, as those rendered ahead are
        (each process reads the outputs through its own connection); MkDocs then writes nothing for them.
        The search files the store served are written with them (most are a story's text each)."""
        served = [page for page in self.pages.values() if page.known and not page.written and page.held is None]
        if not self.may_fork or len(served) < AHEAD_MIN or not self.store.usable or not pages_left_alone(config):
            return
        self.store.commit()
        readers: dict[int, PageStore] = {}
        search, site = sorted(self.search_files), Path(config.site_dir)

        def work(chunk: tuple[int, ...]) -> list[int]:
            reader = own_connection(readers, self.store)
            done = []
            for i in (i for i in chunk if i < len(served)):
                data = reader.output(served[i].key)
                if data is not None:
                    write_page(served[i], data.decode("utf-8", "surrogatepass"))
                    done.append(i)
            paths = [search[i - len(served)] for i in chunk if i >= len(served)]
            if paths:
                write_search_files(SearchIndex({p: self.search_files[p] for p in paths}, 0, 0, 0), site, atomic=False)
                done += [i for i in chunk if i >= len(served)]
            return done

        step, count, written = CHUNK * 4, len(served) + len(search), set()  # writing is quicker than rendering: larger pieces
        for part in map_chunks(work, [tuple(range(i, min(i + step, count))) for i in range(0, count, step)], jobs_wanted() - 1):
            for i in part:
                if i < len(served):
                    served[i].written = True
                else:
                    written.add(search[i - len(served)])
        self.search_written = frozenset(written)
        if search:
            log.debug(f"搜索数据：{len(written)} 个文件随缓存的页面写出")
        for reader in readers.values():
            reader.close()

    def render_ahead(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """Render the pages marked ahead on every processor (``on_env``: every page has been read)."""
        env.loader = ChoiceLoader([DictLoader({OUTPUT_TEMPLATE: "{{ ex_output }}"}), env.loader])  # type: ignore[list-item]
        self.write_kept(config)
        ahead = [page for page in self.pages.values() if page.ahead]
        if not ahead or self.nav is None:
            return
        nav, doc_files = self.nav, files.documentation_pages(inclusion=InclusionLevel.is_included)
        # One page of each template first, here: the processes forked next find every template compiled
        # and the shared chrome and cards in the memo, instead of each making them again.
        first = list({page.meta.get("template", "main.html"): i for i, page in reversed(list(enumerate(ahead)))}.values())
        rest = sorted(set(range(len(ahead))) - set(first))
        chunks = [tuple(rest[i:i + CHUNK]) for i in range(0, len(rest), CHUNK)]
        self.store.commit()  # no write of this connection's may hold the file while the others write
        page_log, main = self.page_log, os.getpid()
        writers: dict[int, PageStore] = {}
        # The pages' files are written where they are rendered, when nothing else would change them;
        # MkDocs then writes nothing for them.
        write = pages_left_alone(config)

        def work(chunk: tuple[int, ...]) -> list[Rendered]:
            if os.getpid() != main:
                quiet_forked_worker(page_log)
            writer, made = own_connection(writers, self.store), []
            for i in chunk:
                page = ahead[i]
                made.append((page, render_page(page, config, files, doc_files, nav, env, page_log)))
                if write:
                    write_page(page, made[-1][1].output.decode("utf-8", "surrogatepass"))
            # The outputs go to the store together (the other processes' renderers are not kept
            # waiting for the file meanwhile) and stay on disk, not in this process or the next.
            stored = writer.put_all([(page.key, record) for page, record in made if page.key])
            out = []
            for page, record in made:
                elsewhere = (stored and bool(page.key)) or write
                out.append((page.file.src_uri, replace(record, output=b"") if elsewhere else record, elsewhere))
            return out

        results = [work(tuple(first)), *map_chunks(work, chunks, jobs_wanted() - 1)]
        for writer in writers.values():
            writer.close()
        for part in results:
            for src_uri, record, elsewhere in part:
                page = self.pages[src_uri]
                replay(record.logged)
                page.lookups = record.lookups
                held = None
                if elsewhere:
                    self.store.keep(page.key)
                elif not (page.key and self.store.put(page.key, record)):
                    held = record.output.decode("utf-8", "surrogatepass")  # the store could not keep it
                self._serve(page, record, files, held=held, replay_log=False)
                page.written = write
                self.ahead_done += 1

    def reading(self, page: Page) -> None:
        """MkDocs reads ``page`` (``on_page_markdown``): a known output is printed by :data:`OUTPUT_TEMPLATE`;
        what converting any other page logs is kept with it."""
        if not isinstance(page, ArchivePage) or page.ahead:
            return
        if page.known:
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
        if isinstance(page, ArchivePage) and page.known:
            if page.written:  # its file is written: MkDocs writes nothing (and is told not to say so)
                return Markup("")
            output, page.held = page.held, None  # nothing of it kept once written
            if output is None:
                data = self.store.output(page.key)
                if data is None:
                    raise PluginError(f"页面缓存读取失败（{page.file.src_uri}）：请删除 .cache/exemplar-pages 文件夹后重新生成")
                output = data.decode("utf-8", "surrogatepass")
            return Markup(output)
        if isinstance(page, ArchivePage) and page.logged is not None:
            self.page_log.into = page.logged
        return None

    def rendered(self, page: Page, output: str) -> None:
        """A page MkDocs rendered itself: keep its output (before other plugins' ``on_post_page``)."""
        self.page_log.into = None
        if not isinstance(page, ArchivePage) or page.known or not page.key:
            return
        self.store.put(page.key, record_of(page, output, page.logged or (), page.lookups))

    def finish(self) -> None:
        """After a build that wrote every page: keep what it rendered, forget what it did not use."""
        self.store.flush(prune=True)
        self.built = True
        log.debug(f"页面：{self.store.hits} 个取自缓存，{self.ahead_done} 个并行生成")

    def close(self) -> None:
        """The session ends. After a ``mkdocs build`` that succeeded (no exception on its way out, no
        other plugin still to shut down), the process ends here: everything is written and flushed,
        and Python's teardown of the build's objects — about a second at 1,000 stories — is skipped."""
        self.store.close()
        self.unwatch_logs()
        if self.building and self.built and self.alone and sys.exc_info()[0] is None and run_as_command():
            logging.shutdown()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)

    def _serve(self, page: ArchivePage, stored: StoredPage, files: Files, held: str | None = None,
               replay_log: bool = True) -> None:
        """``page``'s output is known (in the store, or ``held``): MkDocs builds it with :data:`OUTPUT_TEMPLATE`."""
        if replay_log:
            replay(stored.logged)
        page.known, page.held, page.ahead = True, held, False
        page.present_anchor_ids = set(stored.anchors)
        linked: dict[File, dict[str, str]] = {}
        for src_uri, anchors in stored.links.items():
            target = files.get_file_from_path(src_uri)
            if target is not None:
                linked[target] = dict(anchors)
        page.links_to_anchors = linked
        page.meta["template"] = OUTPUT_TEMPLATE


def record_of(page: Page, output: str, logged: Sequence[tuple[str, int, str]], lookups: tuple[Lookup, ...]) -> StoredPage:
    """What the store keeps of a rendered page: its template output, what rendering it logged and looked
    up, the anchors it holds and its links to anchors elsewhere."""
    links = {f.src_uri: dict(a) for f, a in (page.links_to_anchors or {}).items()}
    return StoredPage(output.encode("utf-8", "surrogatepass"), tuple(logged), lookups,
                      tuple(sorted(page.present_anchor_ids or ())), links)


def pages_left_alone(config: MkDocsConfig) -> bool:
    """No plugin but ours changes a page's output after its template (ours only keeps it): its file
    may be written where it is rendered."""
    return len(config.plugins.events.get("post_page", [])) <= 1


def own_connection(stores: dict[int, PageStore], store: PageStore) -> PageStore:
    """``store`` through this process's own connection (one per process, kept in ``stores``)."""
    pid = os.getpid()
    if pid not in stores:
        stores[pid] = store.writer()
    return stores[pid]


def write_page(page: Page, output: str) -> None:
    """``page``'s file, as MkDocs writes it (an empty output is not written)."""
    if output.strip():
        write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)


def run_as_command() -> bool:
    """This process is the ``mkdocs build`` (or ``properdocs build``) command itself, not a program that
    builds through MkDocs' functions and goes on afterwards (a test, say), nor ``mkdocs serve --clean``,
    which builds as ``build`` too but has its temporary site to remove after the plugins shut down."""
    context = click.get_current_context(silent=True)
    return (context is not None and context.info_name == "build"
            and (context.find_root().info_name or "").split(" ")[-1] in ("mkdocs", ENGINE))


def jobs_wanted() -> int:
    """Processors to render with: ``EXEMPLAR_JOBS``, else every one this process may use."""
    try:
        wanted = int(os.environ.get("EXEMPLAR_JOBS", "0"))
    except ValueError:
        wanted = 0
    return wanted if wanted > 0 else default_jobs()


def render_page(page: ArchivePage, config: MkDocsConfig, files: Files, doc_files: Sequence[File],
                nav: Navigation, env: Environment, page_log: PageLog) -> StoredPage:
    """What MkDocs' loop does for ``page`` up to its template's output: convert its Markdown, run
    ``on_page_content``, make its context, run ``on_page_context`` and render its template."""
    with page_log.recording() as logged:
        lookups: tuple[Lookup, ...] = convert(page, config, files) if page.markdown else ()
        page.content = config.plugins.on_page_content(page.content or "", page=page, config=config, files=files)
        page.active = True
        try:
            context = get_context(nav, doc_files, config, page)
            template = env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            output = template.render(context)
        finally:
            page.active = False
    return record_of(page, output, logged, lookups)


def quiet_forked_worker(page_log: PageLog) -> None:
    """In a forked worker: log nothing to the console; :class:`PageLog` sends it to the main process."""
    for logger in (logging.getLogger(), logging.getLogger("mkdocs"), logging.getLogger(ENGINE)):
        logger.handlers = [h for h in logger.handlers if h is page_log]


def replay(logged: Sequence[tuple[str, int, str]]) -> None:
    """Log again what a page's rendering logged (elsewhere, or in an earlier build)."""
    for name, level, message in logged:
        logging.getLogger(name).log(level, "%s", message)
