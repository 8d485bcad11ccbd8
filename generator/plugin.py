"""The MkDocs adapter: the only module that imports MkDocs.

Each hook is a few lines over the pure core: load and validate in ``on_config``,
turn the site model's page specs into generated files in ``on_files``, hand each
template its data in ``on_page_context``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .archive import load_archive
from .diagnostics import Diagnostic
from .editions import Edition, edition_stories
from .feed import build_feed
from .messages import WARNING
from .model import PageSpec, SiteModel, build_site_model
from .posters import poster_pages
from .search_index import build_search_index, replaced_by_our_search, withheld_names, write_search_files
from .site import SiteBuild, media_to_publish, prepare_pictures

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
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
    """Where resized photos and QR codes are kept between builds, relative to the archive root."""
    search_lang = c.Choice(("zh",), default="zh")
    """The search index's language: ``zh``, segmented with jieba (see ``generator.search_index``)."""


class ExemplarPlugin(BasePlugin[ExemplarConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preview = False
        self.build: SiteBuild | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
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
                                 extra_pages=(poster_pages(config.site_url or "", cache / "exemplar-qr"),))
        self.build = SiteBuild(archive=archive, model=model, preview=self.preview, vocab_file=vocab,
                               pictures=pictures)
        config.nav = [{item.title: item.src_uri} for item in model.nav]
        config.theme.static_templates.add("feed.xml")
        config.watch.append(str(vocab))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        keep = media_to_publish(self.build)
        docs = Path(config.docs_dir).resolve()
        for file in list(files):
            if _from_folder(file, docs) and file.src_uri not in keep:
                files.remove(file)  # stories become generated pages; unused media is not published
        for file in [f for f in files if replaced_by_our_search(f.src_uri)]:
            files.remove(file)  # mkdocs-material's search worker and lunr: our search replaces them
        for spec in self.build.model.pages:
            files.append(File.generated(config, spec.src_uri, content=spec.markdown,
                                        inclusion=InclusionLevel.INCLUDED))
        for image in self.build.pictures.renditions():  # resized photos, copied from the cache
            files.append(File.generated(config, image.uri, abs_src_path=str(image.file)))
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
        from . import filters

        env.filters.update(filters.FILTERS)
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
        return context

    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        if template_name == "feed.xml" and self.build is not None:
            extra: dict[str, Any] = context  # type: ignore[assignment]
            extra["ex_feed"] = build_feed(self.build.model, config.site_url or "")
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.build is not None
        index = build_search_index(self.build.model, withheld_names(self.build.archive.stories))
        write_search_files(index, Path(config.site_dir))

    def _log(self, diagnostics: Iterable[Diagnostic]) -> None:
        quiet = set(self.config.quiet_warnings)
        for d in diagnostics:
            level = logging.INFO if d.code in quiet else logging.WARNING if d.severity == WARNING else logging.ERROR
            log.log(level, d.format_text())

    def _spec(self, page: Page) -> PageSpec | None:
        return self.build.specs.get(page.file.src_uri) if self.build else None

    @property
    def model(self) -> SiteModel | None:
        return self.build.model if self.build else None


def _from_folder(file: File, folder: Path) -> bool:
    source = file.abs_src_path
    return not file.generated_by and source is not None and Path(source).resolve().is_relative_to(folder)
