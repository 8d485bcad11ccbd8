"""The MkDocs adapter's hooks: each a few lines over the layers below.

Load and validate in ``on_config``, turn the site model's page specs into generated files in
``on_files``, serve kept pages and render the others on every processor (:mod:`.kept_pages`), hand each
template its data in ``on_page_context``, write the search data in ``on_post_build`` (preview: :mod:`.preview`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from ..core.addresses import edition_site_url
from ..core.diagnostics import Diagnostic
from ..core.editions import Edition
from ..core.sanitise import Sanitiser
from ..outputs.memo import BuildMemo
from ..outputs.publish import write_site_marker
from ..outputs.search_index import withheld_names
from ..site.feed import build_feed
from ..site.model import PageSpec
from .build_log import drop_dirty_notice, log, log_diagnostics, report_faults_plainly
from .config import ExemplarConfig
from .filters import install_filters
from .kept_pages import KeptPages
from .pages import configure, page_context, plan_rendering, set_meta, site_files
from .preview import Preview
from .site_build import SiteBuild, prepare_build

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext


class ExemplarPlugin(BasePlugin[ExemplarConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build: SiteBuild | None = None
        self.sanitiser = Sanitiser()
        self.memo, self.preview, self.kept = BuildMemo(), Preview(), KeptPages.new()
        self.problems: tuple[Diagnostic, ...] = ()  # the last build's (the preview's error page lists them)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # One memo per session; ``exemplar serve`` (``mkdocs serve --dirty``) renders only pages whose inputs changed.
        self.on_shutdown()
        self.memo, serve, self.kept = BuildMemo(), command == "serve", KeptPages.new()
        self.preview = Preview(preview=serve, incremental=serve and dirty, memo=self.memo.search)
        if self.preview.incremental:
            drop_dirty_notice()
        if command == "build":
            report_faults_plainly()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Callable[..., Any]) -> LiveReloadServer:
        self.preview.watch_natively(server, config)
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.preview.search.stop(wait=False)  # a save during the preview's search update: that update is moot
        root, cache = Path(config.config_file_path or ".").parent, self._cache(config)
        edition = Edition(os.environ.get("EXEMPLAR_EDITION") or self.config.edition)
        if not self.preview.preview:  # the preview serves at its own address
            config.site_url = edition_site_url(edition.value, config.site_url or "", os.environ)[0] or None
        prepared = prepare_build(Path(config.docs_dir), self.config.vocab, root, cache, edition,
                                 preview=self.preview.preview, site_url=config.site_url or "", memo=self.memo)
        log_diagnostics(prepared.diagnostics, self.config.quiet_warnings)
        self.problems = prepared.diagnostics
        if prepared.build is None:
            raise PluginError(f"事迹稿有 {prepared.errors} 个错误，网站未生成（运行 exemplar check 查看详情）")
        self.build = build = prepared.build
        self.sanitiser = Sanitiser(tuple(h for p in build.model.vocab.platforms for h in p.hosts))
        log.debug(f"照片：{build.pictures.rendered} 张重新缩放，{build.pictures.cached} 张取自缓存")
        configure(config, build, self.preview, self.kept, cache)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        site_files(files, self.build, config, self._cache(config), self.preview, self.kept, self.memo.media,
                   lambda problems: log_diagnostics(problems, self.config.quiet_warnings))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        plan_rendering(nav, files, self.build, self.kept, self.preview, self._cache(config))
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        set_meta(page, self._spec(page))
        self.kept.reading(page)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.kept.converted()  # every converted body through the allowlist, whatever check found in its source
        return self.sanitiser.clean(html) if page.markdown and html else html

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        install_filters(env, self._cache(config))
        self.kept.render_ahead(env, config, files)
        return env

    @event_priority(50)
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        assert self.build is not None
        page_context(context, page, nav, self._spec(page), self.build, self.kept)
        return context

    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        if template_name == "feed.xml" and self.build is not None:
            context["ex_feed"] = build_feed(self.build.model, config.site_url or "")  # type: ignore[typeddict-unknown-key]
        return context

    @event_priority(100)  # first: the page store keeps the template's output, before any other plugin's changes
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.kept.rendered(page, output)
        self.preview.rendered(page.file.src_uri)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.build is not None
        self.preview.search.write(self.build.model, withheld_names(self.build.archive.stories),
                                  self._cache(config), Path(config.site_dir))
        write_site_marker(Path(config.site_dir), self.build.model.edition.value)
        self.kept.finish()
        self.preview.finish()

    def on_build_error(self, *, error: Exception) -> None:
        self.preview.failed()  # the page store keeps nothing of a failed build

    def on_shutdown(self) -> None:
        self.preview.close()
        self.kept.close()

    def _cache(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").parent / self.config.cache_dir

    def _spec(self, page: Page) -> PageSpec | None:
        return self.build.specs.get(page.file.src_uri) if self.build else None
