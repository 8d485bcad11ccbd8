"""The MkDocs adapter: the only module that imports MkDocs.

Each hook is a few lines over the pure core: load and validate in ``on_config``,
turn the site model's page specs into generated files in ``on_files``, hand each
template its data in ``on_page_context``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .archive import load_archive
from .editions import Edition, edition_stories
from .feed import build_feed
from .messages import WARNING
from .model import PageSpec, SiteModel, build_site_model
from .site import SiteBuild, media_to_publish

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.exemplar")


class ExemplarConfig(base.Config):
    vocab = c.Optional(c.File(exists=True))
    """The vocabulary file (columns, honours, units, …); default: ``<docs_dir>/vocab.yml``."""
    edition = c.Choice(("internal", "public"), default="internal")
    """Which edition to build: ``internal`` (内网版) or ``public`` (公开版)."""
    quiet_warnings = c.ListOfItems(c.Type(str), default=[])
    """Warning codes logged as information only, so that ``--strict`` builds pass with them."""


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
        archive = load_archive(docs, vocab, Path(config.config_file_path or ".").parent)
        quiet = set(self.config.quiet_warnings)
        for d in archive.diagnostics:
            level = logging.INFO if d.code in quiet else logging.WARNING if d.severity == WARNING else logging.ERROR
            log.log(level, d.format_text())
        if not archive.ok or archive.vocab is None:
            raise PluginError(f"事迹稿有 {len(archive.errors)} 个错误，网站未生成（运行 exemplar check 查看详情）")
        edition = Edition(os.environ.get("EXEMPLAR_EDITION") or self.config.edition)
        stories = edition_stories(archive.stories, edition, preview=self.preview)
        model = build_site_model(stories, archive.vocab, edition)
        self.build = SiteBuild(archive=archive, model=model, preview=self.preview, vocab_file=vocab)
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
        for spec in self.build.model.pages:
            files.append(File.generated(config, spec.src_uri, content=spec.markdown,
                                        inclusion=InclusionLevel.INCLUDED))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self._spec(page)
        if spec is not None:
            page.meta["template"] = spec.template
            # Escaped once here, so that theme parts that print the title without
            # autoescaping (the header, the tab title) show it as text.
            page.meta["title"] = escape(spec.title)
            page.meta["hide"] = list(spec.hide)
            if spec.story is not None and spec.story.is_draft:
                page.meta["draft"] = True
        return markdown

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        from . import filters

        env.filters.update(filters.FILTERS)
        return env

    @event_priority(50)
    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        assert self.build is not None
        spec = self._spec(page)
        context["ex"] = spec.context if spec else {}
        context["ex_page"] = spec
        context["ex_site"] = self.build.shared()
        return context

    def on_template_context(self, context: dict[str, Any], *, template_name: str,
                            config: MkDocsConfig) -> dict[str, Any]:
        if template_name == "feed.xml" and self.build is not None:
            context["ex_feed"] = build_feed(self.build.model, config.site_url or "")
        return context

    def _spec(self, page: Page) -> PageSpec | None:
        return self.build.specs.get(page.file.src_uri) if self.build else None

    @property
    def model(self) -> SiteModel | None:
        return self.build.model if self.build else None


def _from_folder(file: File, folder: Path) -> bool:
    return not file.generated_by and bool(file.abs_src_path) and Path(file.abs_src_path).resolve().is_relative_to(folder)
