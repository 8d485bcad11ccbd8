"""What one build holds between MkDocs events (the archive, the site model, look-ups), and how
it is made: load and validate the archive, choose the edition's stories, resize their pictures,
build the site model. Kept apart from the adapter so that the plugin stays a thin list of hooks.
"""

from __future__ import annotations

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
from ..core.vocab import vocabulary_path
from ..outputs.kept_codes import keep_codes, load_codes
from ..outputs.media import hide_media_names, prepare_pictures
from ..outputs.memo import BuildMemo
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


def prepare_build(docs: Path, vocab_option: str | Path | None, root: Path, cache: Path, edition: Edition, *,
                  preview: bool, site_url: str, memo: BuildMemo) -> Prepared:
    """Load and validate the archive, then (when it has no errors) the edition's site model.
    ``vocab_option``: the plugin's ``vocab`` (see :func:`~generator.core.vocab.vocabulary_path`);
    ``memo`` (the plugin's) hands out again what the session's last build made from unchanged files."""
    vocab = vocabulary_path(docs, vocab_option, root)
    archive = load_archive(docs, vocab, root, memo=memo.stories)
    if not archive.ok or archive.vocab is None:
        return Prepared(None, archive.diagnostics, len(archive.errors))
    stories, aliases = hide_media_names(edition_stories(archive.stories, edition, preview=preview), archive.stories_dir)
    pictures, problems = prepare_pictures(archive, stories, root, cache / "exemplar-images", aliases)
    if not memo.site.qr_codes:  # a new session: the codes the last build drew
        load_codes(cache, memo.site.qr_codes)
    model = build_site_model(stories, archive.vocab, edition, pictures=pictures.pictures,
                             extra_pages=(poster_pages(site_url, memo.site),), memo=memo.site,
                             activities=edition_activities(archive.activities, edition, stories),
                             coverage=edition_coverage(archive.coverage, edition, stories),
                             candidates=nomination_candidates(archive.stories, edition))
    keep_codes(cache, memo.site.qr_codes, model)
    build = SiteBuild(archive=archive, model=model, preview=preview, vocab_file=vocab, pictures=pictures,
                      aliases=aliases)
    return Prepared(build, (*archive.diagnostics, *problems), 0)
