"""The posters' QR codes kept between builds: back for the same encoder and drawing code, never for another."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.editions import Edition
from generator.core.archive import load_archive
from generator.outputs.kept_codes import keep_codes, load_codes
from generator.site import posters
from generator.site.memo import SiteMemo
from generator.site.model import build_site_model
from tests.archives import SAMPLE, SAMPLE_STORIES, SAMPLE_VOCAB


def posters_model(memo: SiteMemo):  # type: ignore[no-untyped-def]
    archive = load_archive(SAMPLE_STORIES, SAMPLE_VOCAB, SAMPLE)
    stories = tuple(s for s in archive.stories if not s.is_draft)
    assert archive.vocab is not None
    return build_site_model(stories, archive.vocab, Edition.INTERNAL,
                            extra_pages=(posters.poster_pages("https://bangyang.fixture.test/", memo),), memo=memo)


def test_codes_come_back_for_the_same_drawing_code_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memo = SiteMemo()
    model = posters_model(memo)
    assert memo.qr_codes
    keep_codes(tmp_path, memo.qr_codes, model)

    again: dict[tuple[str, int], tuple[int, str]] = {}
    load_codes(tmp_path, again)
    assert again and again.items() <= memo.qr_codes.items()

    changed = tmp_path / "posters.py"  # the drawing module as another version would have it
    changed.write_bytes(Path(posters.__file__).read_bytes() + b"\n# drawn another way\n")
    monkeypatch.setattr(posters, "__file__", str(changed))
    stale: dict[tuple[str, int], tuple[int, str]] = {}
    load_codes(tmp_path, stale)
    assert stale == {}
