"""What one build holds between MkDocs events (the archive, the site model, look-ups), and how
it is made: load and validate the archive, choose the edition's stories, resize their pictures,
build the site model. Kept apart from the adapter so that the plugin stays a thin list of hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.archive import Archive, load_archive
from ..core.diagnostics import Diagnostic
from ..core.editions import (
    Edition,
    edition_activities,
    edition_coverage,
    edition_stories,
    nomination_candidates,
)
from ..core.schema import Activity, Coverage, Story, Vocabulary
from ..core.vocab import vocabulary_path
from ..outputs.kept_codes import keep_codes, load_codes
from ..outputs.media import hide_media_names, prepare_pictures
from ..outputs.memo import BuildMemo
from ..outputs.search_index import withheld_names
from ..site.memo import SiteMemo
from ..site.model import PageSpec, SiteModel, build_site_model
from ..site.pictures import Pictures
from ..site.posters import poster_pages


@dataclass(slots=True)
class SiteBuild:
    archive: Archive
    model: SiteModel
    preview: bool
    vocab_file: Path
    specs: dict[str, PageSpec] = field(default_factory=dict)
    pictures: Pictures = field(default_factory=Pictures)
    aliases: dict[str, str] = field(default_factory=dict)
    """Files published under a name made from their bytes (masked stories' media) → their real path."""

    def __post_init__(self) -> None:
        self.specs = {p.src_uri: p for p in self.model.pages}

    def shared(self) -> dict[str, Any]:
        """What every template may use: the vocabulary, figures, edition and mode."""
        return {
            "vocab": self.model.vocab,
            "figures": self.model.figures,
            "edition": self.model.edition.value,
            "preview": self.preview,
        }


@dataclass(frozen=True, slots=True)
class Prepared:
    """A build's data, or why there is none: every diagnostic in the order found."""

    build: SiteBuild | None
    diagnostics: tuple[Diagnostic, ...]
    errors: int


@dataclass(frozen=True, slots=True)
class ModelInputs:
    """What an edition's site model is made from, besides pictures and posters (the search uses neither)."""

    stories: tuple[Story, ...]
    vocab: Vocabulary
    edition: Edition
    activities: tuple[Activity, ...]
    coverage: tuple[Coverage, ...]
    candidates: tuple[Story, ...]
    withheld: frozenset[str]

    def model(self, pictures: Pictures | None = None, extra_pages: tuple[Callable[[SiteModel], list[PageSpec]], ...] = (),
              memo: SiteMemo | None = None) -> SiteModel:
        return build_site_model(self.stories, self.vocab, self.edition, pictures=pictures.pictures if pictures else None,
                                extra_pages=extra_pages, memo=memo, activities=self.activities,
                                coverage=self.coverage, candidates=self.candidates)


def prepare_build(docs: Path, vocab_option: str | Path | None, root: Path, cache: Path, edition: Edition, *,
                  preview: bool, site_url: str, memo: BuildMemo,
                  loaded: Callable[[ModelInputs], None] = lambda inputs: None) -> Prepared:
    """Load and validate the archive, then (when it has no errors) the edition's site model.
    ``vocab_option``: the plugin's ``vocab`` (see :func:`~generator.core.vocab.vocabulary_path`);
    ``memo`` (the plugin's) hands out again what the session's last build made from unchanged files."""
    vocab = vocabulary_path(docs, vocab_option, root)
    archive = load_archive(docs, vocab, root, memo=memo.stories)
    if not archive.ok or archive.vocab is None:
        return Prepared(None, archive.diagnostics, len(archive.errors))
    stories, aliases = hide_media_names(edition_stories(archive.stories, edition, preview=preview), archive.stories_dir)
    inputs = ModelInputs(stories, archive.vocab, edition, edition_activities(archive.activities, edition, stories),
                         edition_coverage(archive.coverage, edition, stories),
                         nomination_candidates(archive.stories, edition), withheld_names(archive.stories))
    loaded(inputs)  # the search files can start now: they need no pictures
    pictures, problems = prepare_pictures(archive, stories, root, cache / "exemplar-images", aliases)
    if not memo.site.qr_codes:  # a new session: the codes the last build drew
        load_codes(cache, memo.site.qr_codes)
    model = inputs.model(pictures, (poster_pages(site_url, memo.site),), memo.site)
    keep_codes(cache, memo.site.qr_codes, model)
    build = SiteBuild(archive=archive, model=model, preview=preview, vocab_file=vocab, pictures=pictures,
                      aliases=aliases)
    return Prepared(build, (*archive.diagnostics, *problems), 0)
