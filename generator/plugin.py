"""The MkDocs adapter: the only module that imports MkDocs.

Each hook is a few lines over the pure core: load and validate in ``on_config``,
turn the site model's page specs into generated files in ``on_files``, hand each
template its data in ``on_page_context``.
"""

from __future__ import annotations

import gc
import logging
import os
import posixpath
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .archive import load_archive
from .diagnostics import Diagnostic
from .editions import Edition, edition_stories
from .feed import build_feed
from .messages import WARNING
from .model import Card, PageSpec, SiteModel, build_site_model
from .page_digests import Digester, page_digests, tree_stamp
from .posters import poster_pages
from .schema import Story, Vocabulary
from .search_index import (
    SearchCancelled,
    build_search_index,
    replaced_by_our_search,
    withheld_names,
    write_search_files,
)
from .site import SiteBuild, media_to_publish, prepare_pictures
from .watching import ChangesObserver, SaveNoticed, native_events_work

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger("mkdocs.plugins.exemplar")


class ExemplarConfig(base.Config):
    vocab = c.Optional(c.File(exists=True))
    """The vocabulary file (columns, honours, units, …); default: ``<docs_dir>/vocab.yml``."""
    edition = c.Choice(("internal", "public"), default="internal")
    """Which edition to build: ``internal`` (内网版) or ``public`` (公开版)."""
    quiet_warnings = c.ListOfItems(c.Type(str), default=[])
    """Warning codes logged as information only, so that ``--strict`` builds pass with them."""
    cache_dir = c.Type(str, default=".cache")
    """Where resized photos, segmented search text and compiled templates are kept between builds,
    relative to the archive root."""
    search_lang = c.Choice(("zh",), default="zh")
    """The search index's language: ``zh``, segmented with jieba (see ``generator.search_index``)."""


SEARCH_PAUSE = 0.75
"""Seconds the preview's search update waits after a rebuild: the browser's reload is served
first, without sharing the interpreter with the update (which takes 1–2 s at 1,000 stories)."""


class ExemplarPlugin(BasePlugin[ExemplarConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        """A new session (``mkdocs build`` or ``serve``): nothing on disk is known yet."""
        self.preview = False
        self.incremental = False
        self.build: SiteBuild | None = None
        self.digests: dict[str, str] = {}
        """This build's page digests (``incremental`` only): src_uri → digest."""
        self.written: dict[str, str] = {}
        """Pages on disk from earlier rebuilds of this session: src_uri → digest."""
        self.rendered: dict[str, str] = {}
        self.outputs: set[str] = set()
        """The files (output paths) the last build of this session published."""
        self.outputs_now: set[str] = set()
        self.page_files: dict[str, PageFile] = {}
        """The preview's page files of the last build, by src_uri (each with its MkDocs page)."""
        self.search_written: dict[str, str] = {}
        self.search_thread: threading.Thread | None = None
        self.search_stop = threading.Event()
        self.search_lock = threading.Lock()
        self.frozen = False
        self.digester = Digester(lasting=(Story, Vocabulary, Card, PageSpec))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._stop_search(wait=True)
        self._reset()
        self.preview = command == "serve"
        # ``mkdocs serve --dirty`` (``exemplar serve``): the plugin lives on between rebuilds
        # and renders only pages whose inputs changed; the files of the others are current.
        self.incremental = self.preview and dirty
        build_log = logging.getLogger("mkdocs.commands.build")
        if self.incremental and _not_dirty_notice not in build_log.filters:
            build_log.addFilter(_not_dirty_notice)
        if self.incremental:
            # Python's cyclic collector would otherwise stop a rebuild now and then for a few
            # tenths of a second to walk everything the preview keeps; it runs after each
            # search update instead, while the editor reads the page (see _write_search).
            gc.disable()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Callable[..., Any]) -> LiveReloadServer:
        """In the preview, saves are noticed from the operating system's file events (see
        ``generator.watching``) rather than by listing every file twice a second, and a save stops
        the previous save's search update at once."""
        if not self.incremental:
            return server
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
        server.observer.schedule(SaveNoticed(lambda: self.search_stop.set()), config.docs_dir, recursive=True)
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._stop_search(wait=False)  # a save during the preview's search update: that update is moot
        docs = Path(config.docs_dir)
        vocab = Path(self.config.vocab) if self.config.vocab else docs / "vocab.yml"
        root = Path(config.config_file_path or ".").parent
        archive = load_archive(docs, vocab, root)
        self._log(archive.diagnostics)
        if not archive.ok or archive.vocab is None:
            raise PluginError(f"事迹稿有 {len(archive.errors)} 个错误，网站未生成（运行 exemplar check 查看详情）")
        edition = Edition(os.environ.get("EXEMPLAR_EDITION") or self.config.edition)
        stories = edition_stories(archive.stories, edition, preview=self.preview)
        cache = root / self.config.cache_dir
        pictures, problems = prepare_pictures(archive, stories, root, cache / "exemplar-images")
        self._log(problems)
        log.debug(f"照片：{pictures.rendered} 张重新缩放，{pictures.cached} 张取自缓存")
        model = build_site_model(stories, archive.vocab, edition, pictures=pictures.pictures,
                                 extra_pages=(poster_pages(config.site_url or ""),))
        self.build = SiteBuild(archive=archive, model=model, preview=self.preview, vocab_file=vocab,
                               pictures=pictures)
        config.nav = [{item.title: item.src_uri} for item in model.nav]
        if self.incremental:
            self.digests = self._digests(config)
        config.theme.static_templates.add("feed.xml")
        config.watch.append(str(vocab))
        if self.preview and config.theme.custom_dir:
            config.watch.append(config.theme.custom_dir)  # a saved template shows at once in the preview
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        keep = media_to_publish(self.build)
        docs = os.path.join(os.path.normpath(config.docs_dir), "")
        for file in list(files):
            if _from_folder(file, docs) and file.src_uri not in keep:
                files.remove(file)  # stories become generated pages; unused media is not published
        for file in [f for f in files if replaced_by_our_search(f.src_uri)]:
            files.remove(file)  # mkdocs-material's search worker and lunr: our search replaces them
        tabs = {item.src_uri: item.title for item in self.build.model.nav}
        made: dict[str, PageFile] = {}
        for spec in self.build.model.pages:
            done = self.written.get(spec.src_uri)
            current = self.incremental and done is not None and done == self.digests.get(spec.src_uri)
            kept = self.page_files.get(spec.src_uri)
            if current and kept is not None and os.path.isfile(kept.abs_dest_path):
                page = kept  # the page on disk is current (same digest): the last build's file and page serve
            else:
                made_file = PageFile.generated(config, spec.src_uri, content=spec.markdown,
                                               inclusion=InclusionLevel.INCLUDED)
                assert isinstance(made_file, PageFile)
                page = made_file
                current = current and os.path.isfile(page.abs_dest_path)
                if not spec.markdown:  # MkDocs' nav takes a file's page as it is: with the nav's title
                    TemplatePage(tabs.get(spec.src_uri), page, config)
            page.current = current
            made[spec.src_uri] = page
            files.append(page)
        self.page_files = made if self.incremental else {}
        for image in self.build.pictures.renditions():  # resized photos, copied from the cache
            files.append(File.generated(config, image.uri, abs_src_path=str(image.file)))
        if self.incremental:
            self.outputs_now = {f.abs_dest_path for f in files}
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self._spec(page)
        if spec is not None:
            page.meta["template"] = spec.template
            # Escaped once here, so that theme parts that print the title without
            # autoescaping (the header, the tab title) show it as text.
            page.meta["title"] = escape(spec.title)
            page.meta["hide"] = list(spec.hide)
            page.meta.update(spec.meta)
            if spec.story is not None and spec.story.is_draft:
                page.meta["draft"] = True
        return markdown

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        from jinja2 import FileSystemBytecodeCache

        from . import filters

        env.filters.update(filters.FILTERS)
        memo = os.environ.get("EXEMPLAR_FRAGMENTS", "on") != "off"
        env.globals["ex_fragment"] = filters.fragment if memo else filters.fragment_unmemoised
        # Compiled templates kept between builds (keyed by each template's source, so an
        # edited template is compiled again): saves compiling ~40 templates per (re)build.
        folder = Path(config.config_file_path or ".").parent / self.config.cache_dir / "exemplar-templates"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        except OSError as exc:
            log.debug(f"模板缓存不可用：{exc}")
        return env

    @event_priority(50)
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        assert self.build is not None
        spec = self._spec(page)
        extra: dict[str, Any] = context  # type: ignore[assignment]  # our own keys beside MkDocs'
        extra["ex"] = spec.context if spec else {}
        extra["ex_page"] = spec
        extra["ex_site"] = self.build.shared()
        extra["ex_chrome"] = _chrome_keys(page, nav)
        return context

    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        if template_name == "feed.xml" and self.build is not None:
            extra: dict[str, Any] = context  # type: ignore[assignment]
            extra["ex_feed"] = build_feed(self.build.model, config.site_url or "")
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        digest = self.digests.get(page.file.src_uri)
        if self.incremental and digest is not None:
            self.rendered[page.file.src_uri] = digest
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.build is not None
        root = Path(config.config_file_path or ".").parent
        search = (self.build.model, withheld_names(self.build.archive.stories), root / self.config.cache_dir,
                  Path(config.site_dir))
        if not self.incremental:
            self._write_search(*search)
        else:
            # In the preview the page with the edit is shown at once; the search data follows
            # a moment later, written file by file with atomic renames.
            self._stop_search(wait=False)
            self.search_thread = threading.Thread(target=self._write_search, args=(*search, self.search_stop),
                                                  name="exemplar-search", daemon=True)
            self.search_thread.start()
            self.written.update(self.rendered)
            for path in self.outputs - self.outputs_now:  # gone from the site (a story deleted, a photo replaced)
                Path(path).unlink(missing_ok=True)
            self.outputs = self.outputs_now
            self.written = {uri: d for uri, d in self.written.items() if uri in self.digests}
        self.rendered.clear()

    def on_build_error(self, *, error: Exception) -> None:
        self.rendered.clear()  # what a failed build wrote is rendered again next time
        if self.incremental:
            gc.collect()  # no search update follows to collect after

    def on_shutdown(self) -> None:
        self._stop_search(wait=True)
        if self.incremental:
            if self.frozen:
                gc.unfreeze()
                self.frozen = False
            gc.enable()

    def _write_search(self, model: SiteModel, withheld: frozenset[str], cache_dir: Path, site_dir: Path,
                      stop: threading.Event | None = None) -> None:
        if stop is not None and stop.wait(SEARCH_PAUSE):
            return  # a newer save came first
        try:
            index = build_search_index(model, withheld, cache_dir=cache_dir, stop=stop.is_set if stop else None)
            with self.search_lock:  # one writer at a time, and never one that a newer save superseded
                if stop is not None and stop.is_set():
                    return
                write_search_files(index, site_dir, skip=self.search_written if self.incremental else None)
                if self.incremental:
                    for path in self.search_written.keys() - index.files.keys():  # fewer documents than before
                        (site_dir / path).unlink(missing_ok=True)
                    self.search_written = dict(index.files)
            if self.incremental and not (stop is not None and stop.is_set()):
                self._collect_garbage()
        except SearchCancelled:
            return
        except Exception as exc:
            if not self.incremental:
                raise
            log.error(f"搜索数据未能更新：{exc}")  # the preview goes on; the next save tries again

    def _collect_garbage(self) -> None:
        """The preview's cyclic garbage, collected after a search update, while the editor reads
        (see on_startup). The first time, what survives (the modules, the stories, the caches:
        most of what the preview keeps) is frozen, so that later collections walk only what later
        builds made: 0.05 s instead of 0.25 s at 1,000 stories."""
        gc.collect()
        if not self.frozen:
            gc.freeze()
            self.frozen = True

    def _stop_search(self, wait: bool) -> None:
        """Tell the preview's search update (if one runs) to stop; it checks between documents and
        never writes once told. A rebuild does not wait for it: it may still be finishing a step."""
        if self.search_thread is not None:
            self.search_stop.set()
            if wait:
                self.search_thread.join()
            self.search_thread = None
        self.search_stop = threading.Event()

    def _digests(self, config: MkDocsConfig) -> dict[str, str]:
        """Page digests salted with what all pages are made with: templates, configuration, address."""
        assert self.build is not None
        source = Path(config.config_file_path) if config.config_file_path else None
        salt = repr((
            source.read_bytes() if source and source.is_file() else b"", config.site_url,
            sorted((k, v) for k, v in os.environ.items() if k.startswith("EXEMPLAR_")),
            [(n.title, n.src_uri) for n in self.build.model.nav], tree_stamp(config.theme.custom_dir),
        ))
        try:
            return page_digests(self.build.model.pages, self.build.shared(), salt, self.digester)
        except TypeError as exc:  # data the digests do not know: render every page, as MkDocs would
            log.debug(f"页面摘要不可用，全部重新生成：{exc}")
            return {}

    def _log(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Errors and warnings one line each; the codes in ``quiet_warnings`` one line per code (each
        one at debug level, ``-v``): the preview logs after every save, and a list of every story
        without a photo would bury what the save changed."""
        quiet = set(self.config.quiet_warnings)
        muted: dict[str, list[Diagnostic]] = {}
        for d in diagnostics:
            if d.code in quiet:
                muted.setdefault(d.code, []).append(d)
                log.debug(d.format_text())
            else:
                log.log(logging.WARNING if d.severity == WARNING else logging.ERROR, d.format_text())
        for code, found in muted.items():
            log.info(f"{code}（{found[0].message}）：{len(found)} 篇，如 {found[0].path}；"
                     f"mkdocs.yml 的 quiet_warnings 使其只作提示，exemplar check 列出每一篇")

    def _spec(self, page: Page) -> PageSpec | None:
        return self.build.specs.get(page.file.src_uri) if self.build else None

    @property
    def model(self) -> SiteModel | None:
        return self.build.model if self.build else None


class PageFile(File):
    """A generated page that knows whether its output on disk is current (``mkdocs serve --dirty``)."""

    current = False

    def is_modified(self) -> bool:
        return not self.current


class TemplatePage(Page):
    """A page made by its template alone (an index page, a poster): it has no Markdown, so it
    skips MkDocs' Markdown converter, which costs about half a millisecond to set up for each page."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown:
            super().render(config, files)
            return
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


def _chrome_keys(page: Page, nav: Navigation) -> dict[str, tuple[Any, ...]]:
    """What each memoised part of the page chrome depends on (see ``generator.filters.fragment``).

    Links are relative (``use_directory_urls: false``), so every part depends on the page's
    folder; the tabs and the drawer also on which tab is active; the drawer also on what the
    page hides and, for a page that is itself a tab or has a table of contents, on the page.
    """
    folder = posixpath.dirname(page.url)
    active = tuple(bool(item.active) for item in nav.items)
    own = page.url if page.toc or any(item == page for item in nav.items) else ""
    hide = tuple(page.meta.get("hide") or ()) if isinstance(page.meta, dict) else ()
    return {"folder": (folder,), "tabs": (folder, active), "nav": (folder, active, hide, own)}


def _not_dirty_notice(record: logging.LogRecord) -> bool:
    """Drop MkDocs' warning that a dirty build may leave navigation stale: here the plugin
    decides which pages are current, so the warning is not true (and would fail ``--strict``)."""
    return not str(record.msg).startswith("A 'dirty' build is being performed")


def _from_folder(file: File, folder: str) -> bool:
    """True for a file MkDocs found in ``folder`` (a normalised path ending in a separator)."""
    source = file.abs_src_path
    return not file.generated_by and source is not None and os.path.normpath(source).startswith(folder)
