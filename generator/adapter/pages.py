"""The site model's page specs as MkDocs files and pages, and what the shared chrome depends on."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..core.diagnostics import Diagnostic
from ..outputs.media import clean_media, media_to_publish
from ..outputs.search_index import replaced_by_our_search
from ..site.memo import KeptPerStory
from ..site.model import PageSpec
from .build_log import log
from .kept_pages import ArchivePage, KeptPages
from .preview import Preview
from .site_build import SiteBuild

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation


class PageFile(File):
    """A generated page that knows whether its output on disk is current (``mkdocs serve --dirty``)."""

    current = False

    def is_modified(self) -> bool:
        return not self.current


def configure(config: MkDocsConfig, build: SiteBuild, preview: Preview, kept: KeptPages) -> None:
    """The nav, the pages' keys (for the page store and the preview) and what MkDocs watches and
    renders besides pages, for ``build``."""
    # Titles escaped once: material prints nav titles (tabs, drawer) without autoescaping.
    config.nav = [{escape(item.title): item.src_uri} for item in build.model.nav]
    log.debug(f"照片：{build.pictures.rendered} 张重新缩放，{build.pictures.cached} 张取自缓存")
    preview.plan(kept.plan(build.model.pages, build.shared(), [(n.title, n.src_uri) for n in build.model.nav]))
    config.theme.static_templates.add("feed.xml")
    config.watch.append(str(build.vocab_file))
    if preview.preview and config.theme.custom_dir:
        config.watch.append(config.theme.custom_dir)  # a saved template shows at once in the preview


def site_files(files: Files, build: SiteBuild, config: MkDocsConfig, cache_dir: Path, preview: Preview, kept: KeptPages,
               kept_media: KeptPerStory[frozenset[str]], report: Callable[[list[Diagnostic]], None]) -> None:
    """The site's files: stories become generated pages, unused media and material's search go,
    published media are cleaned (their problems to ``report``), resized photos come from the cache."""
    keep = media_to_publish(build.model.stories, build.pictures, kept_media)
    docs = os.path.join(os.path.normpath(config.docs_dir), "")
    for file in list(files):
        if (from_folder(file, docs) and file.src_uri not in keep) or replaced_by_our_search(file.src_uri):
            files.remove(file)
    report(add_media(files, keep, build.aliases, config, cache_dir))
    tabs = {item.src_uri: escape(item.title) for item in build.model.nav}
    pages = add_pages(files, build.model.pages, tabs, config, preview, kept)
    for image in build.pictures.renditions():
        files.append(File.generated(config, image.uri, abs_src_path=str(image.file)))
    preview.listed(pages, (f.abs_dest_path for f in files))
    preview.search.site_ready(Path(config.site_dir))  # MkDocs is done clearing it before this event


def set_meta(page: Page, spec: PageSpec | None) -> None:
    """The page's template, title and options from its spec (none: a page of the docs folder). The title
    escaped once here, so that theme parts that print it without autoescaping show it as text."""
    if spec is None:
        return
    page.meta.update(template=spec.template, title=escape(spec.title), hide=list(spec.hide))
    page.meta.update(spec.meta)
    if spec.story is not None and spec.story.is_draft:
        page.meta["draft"] = True


def add_pages(files: Files, specs: tuple[PageSpec, ...], tabs: Mapping[str, str], config: MkDocsConfig,
              preview: Preview, kept: KeptPages) -> dict[str, PageFile]:
    """A generated file and page for each page spec (the preview's own file when its output is current)."""
    made: dict[str, PageFile] = {}
    for spec in specs:
        page = preview.kept(spec.src_uri)
        current = page is not None
        if page is None:
            page = PageFile.generated(config, spec.src_uri, content=spec.markdown, inclusion=InclusionLevel.INCLUDED)
            current = preview.current(spec.src_uri) and os.path.isfile(page.abs_dest_path)
            ArchivePage(tabs.get(spec.src_uri), page, config)  # MkDocs' nav takes a file's page as it is
        page.current = current
        assert isinstance(page.page, ArchivePage)
        kept.listed(page.page, spec.src_uri)
        made[spec.src_uri] = page
        files.append(page)
    return made


def add_media(files: Files, keep: set[str], aliases: Mapping[str, str], config: MkDocsConfig,
              cache_dir: Path) -> list[Diagnostic]:
    """Published images without their metadata, and masked stories' files under names made from
    their bytes (``aliases``: published name → real path); W611 for an image that kept its metadata."""
    docs = os.path.normpath(config.docs_dir)
    root = Path(config.config_file_path or ".").parent
    shown = Path(os.path.relpath(docs, root)).as_posix() + "/"
    published = {uri for uri in keep if uri in aliases or files.get_file_from_path(uri) is not None}
    cleaned, problems = clean_media(published, Path(docs), aliases, cache_dir, shown)
    for uri in sorted(cleaned.keys() - aliases.keys()):
        original = files.get_file_from_path(uri)
        if original is not None:
            files.remove(original)
    for uri in sorted(cleaned.keys() | (keep & aliases.keys())):
        source = cleaned.get(uri) or os.path.join(docs, aliases[uri])
        files.append(File.generated(config, uri, abs_src_path=str(source)))
    return problems


def from_folder(file: File, folder: str) -> bool:
    """True for a file MkDocs found in ``folder`` (a normalised path ending in a separator)."""
    source = file.abs_src_path
    return not file.generated_by and source is not None and os.path.normpath(source).startswith(folder)


def page_context(context: Any, page: Page, nav: Navigation, spec: PageSpec | None, build: SiteBuild,
                 kept: KeptPages) -> None:
    """Our keys beside MkDocs' in ``page``'s template context; only its output when that is known."""
    if (output := kept.context(page)) is not None:  # the page's template prints it, nothing else
        context["ex_output"] = output
        return
    context.update(ex=spec.context if spec else {}, ex_page=spec, ex_site=build.shared(),
                   ex_chrome=chrome_keys(page, nav))


def chrome_keys(page: Page, nav: Navigation) -> dict[str, tuple[Any, ...]]:
    """What each memoised part of the page chrome depends on (see ``generator.adapter.filters.fragment``).

    Links are relative (``use_directory_urls: false``), so every part depends on the page's
    folder; the tabs and the drawer also on which tab is active; the drawer also on what the
    page hides and, for a page that is itself a tab or has a table of contents, on the page.
    """
    folder = posixpath.dirname(page.url)
    active = tuple(bool(item.active) for item in nav.items)
    own = page.url if page.toc or any(item == page for item in nav.items) else ""
    hide = tuple(page.meta.get("hide") or ()) if isinstance(page.meta, dict) else ()
    return {"folder": (folder,), "tabs": (folder, active), "nav": (folder, active, hide, own)}
