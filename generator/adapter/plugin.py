"""The MkDocs adapter's hooks: each a few lines over the layers below.

Load and validate in ``on_config``, turn the site model's page specs into generated files in
``on_files``, hand each template its data in ``on_page_context``, write the search data in
``on_post_build``. The preview's incremental machinery is :mod:`generator.adapter.preview`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from ..core.diagnostics import Diagnostic
from ..core.editions import Edition
from ..core.sanitise import Sanitiser
from ..outputs.media import media_to_publish
from ..outputs.memo import BuildMemo
from ..outputs.publish import write_site_marker
from ..outputs.search_index import replaced_by_our_search, withheld_names
from ..site.feed import build_feed
from ..site.model import PageSpec
from .build_log import drop_dirty_notice, log, log_diagnostics, report_faults_plainly
from .config import ExemplarConfig
from .pages import add_media, add_pages, chrome_keys, from_folder
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
        self.memo, self.preview = BuildMemo(), Preview()
        self.problems: tuple[Diagnostic, ...] = ()
        """The last build's diagnostics (the preview's error page lists them when it fails)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # One memo per session. ``mkdocs serve --dirty`` (``exemplar serve``): the plugin lives on between
        # rebuilds and renders only pages whose inputs changed; the files of the others are current.
        self.preview.close()
        self.memo, serve = BuildMemo(), command == "serve"
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
        root = Path(config.config_file_path or ".").parent
        edition = Edition(os.environ.get("EXEMPLAR_EDITION") or self.config.edition)
        prepared = prepare_build(Path(config.docs_dir), self.config.vocab, root, root / self.config.cache_dir, edition,
                                 preview=self.preview.preview, site_url=config.site_url or "", memo=self.memo)
        log_diagnostics(prepared.diagnostics, self.config.quiet_warnings)
        self.problems = prepared.diagnostics
        if prepared.build is None:
            raise PluginError(f"事迹稿有 {prepared.errors} 个错误，网站未生成（运行 exemplar check 查看详情）")
        self.build = build = prepared.build
        self.sanitiser = Sanitiser(tuple(h for p in build.model.vocab.platforms for h in p.hosts))
        log.debug(f"照片：{build.pictures.rendered} 张重新缩放，{build.pictures.cached} 张取自缓存")
        # Titles escaped once: material prints nav titles (tabs, drawer) without autoescaping.
        config.nav = [{escape(item.title): item.src_uri} for item in build.model.nav]
        self.preview.plan(build.model.pages, build.shared(), config,
                          [(n.title, n.src_uri) for n in build.model.nav])
        config.theme.static_templates.add("feed.xml")
        config.watch.append(str(build.vocab_file))
        if self.preview.preview and config.theme.custom_dir:
            config.watch.append(config.theme.custom_dir)  # a saved template shows at once in the preview
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        keep = media_to_publish(self.build.model.stories, self.build.pictures, self.memo.media)
        docs = os.path.join(os.path.normpath(config.docs_dir), "")
        for file in list(files):
            if (from_folder(file, docs) and file.src_uri not in keep) or replaced_by_our_search(file.src_uri):
                files.remove(file)  # stories become generated pages; unused media and material's search go
        root = Path(config.config_file_path or ".").parent
        log_diagnostics(add_media(files, keep, self.build.aliases, config, root / self.config.cache_dir),
                        self.config.quiet_warnings)
        tabs = {item.src_uri: escape(item.title) for item in self.build.model.nav}
        pages = add_pages(files, self.build.model.pages, tabs, config, self.preview)
        for image in self.build.pictures.renditions():  # resized photos, copied from the cache
            files.append(File.generated(config, image.uri, abs_src_path=str(image.file)))
        self.preview.listed(pages, (f.abs_dest_path for f in files))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self._spec(page)
        if spec is not None:
            # The title escaped once here, so that theme parts that print it without autoescaping
            # (the header, the tab title) show it as text.
            page.meta.update(template=spec.template, title=escape(spec.title), hide=list(spec.hide))
            page.meta.update(spec.meta)
            if spec.story is not None and spec.story.is_draft:
                page.meta["draft"] = True
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Every rendered Markdown body through the allowlist, whatever check found in its source.
        return self.sanitiser.clean(html) if page.markdown else html

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        from .filters import install_filters

        install_filters(env, Path(config.config_file_path or ".").parent / self.config.cache_dir)
        return env

    @event_priority(50)
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        assert self.build is not None
        spec = self._spec(page)
        extra: dict[str, Any] = context  # type: ignore[assignment]  # our own keys beside MkDocs'
        extra.update(ex=spec.context if spec else {}, ex_page=spec, ex_site=self.build.shared(),
                     ex_chrome=chrome_keys(page, nav))
        return context

    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        if template_name == "feed.xml" and self.build is not None:
            extra: dict[str, Any] = context  # type: ignore[assignment]
            extra["ex_feed"] = build_feed(self.build.model, config.site_url or "")
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.preview.rendered(page.file.src_uri)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.build is not None
        root = Path(config.config_file_path or ".").parent
        self.preview.search.write(self.build.model, withheld_names(self.build.archive.stories),
                                  root / self.config.cache_dir, Path(config.site_dir))
        write_site_marker(Path(config.site_dir), self.build.model.edition.value)
        self.preview.finish()

    def on_build_error(self, *, error: Exception) -> None:
        self.preview.failed()

    def on_shutdown(self) -> None:
        self.preview.close()

    def _spec(self, page: Page) -> PageSpec | None:
        return self.build.specs.get(page.file.src_uri) if self.build else None
