"""Internal and public editions built from the same stories: what the public one must not carry."""

from __future__ import annotations

import xml.dom.minidom
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from generator.core.archive import load_archive
from tests.sitebuild import ROOT

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def archive():
    return load_archive(ROOT / "stories")


def _all_text(site: Path) -> str:
    parts = []
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".xml", ".json", ".js", ".txt"):
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def test_public_edition_leaves_out_internal_stories_everywhere(public_site: Path, archive) -> None:
    internal = [s for s in archive.stories if s.is_internal]
    assert internal
    text = _all_text(public_site)
    for story in internal:
        assert not (public_site / f"stories/{story.slug}.html").exists()
        assert story.slug not in text, story.slug
        assert story.title not in text, story.title
        if story.photo:
            assert not (public_site / story.photo).exists(), story.photo


def test_public_edition_hides_internal_only_fields(public_site: Path, archive) -> None:
    for story in archive.stories:
        if story.is_internal or story.is_draft or "position" not in story.internal_fields or not story.position:
            continue
        facts = HTMLParser((public_site / f"stories/{story.slug}.html").read_text(encoding="utf-8"))
        shown = facts.css_first(".ex-facts").text()
        assert story.position not in shown and "岗位" not in shown and "政治面貌" not in shown, story.slug


def test_internal_edition_has_them(site: Path, archive) -> None:
    for story in archive.stories:
        if story.is_internal and not story.is_draft:
            assert (site / f"stories/{story.slug}.html").exists()


def test_masked_names_stay_masked_in_titles_feed_and_sitemap(site: Path, public_site: Path, archive) -> None:
    masked = [s for s in archive.stories if s.masked]
    assert masked
    for built in (site, public_site):
        text = _all_text(built)
        for story in masked:
            assert story.name not in text


def test_feed_per_edition(site: Path, public_site: Path, archive) -> None:
    for built, edition_title in ((site, "内网版"), (public_site, "公开版")):
        doc = xml.dom.minidom.parse(str(built / "feed.xml"))
        assert edition_title in doc.getElementsByTagName("title")[0].firstChild.data
        links = [e.getElementsByTagName("id")[0].firstChild.data for e in doc.getElementsByTagName("entry")]
        assert links, "the feed lists the newest stories"
        for story in archive.stories:
            url = f"stories/{story.slug}.html"
            listed = any(link.endswith(url) for link in links)
            if story.is_draft or (built is public_site and story.is_internal):
                assert not listed, story.slug
    sitemap = (public_site / "sitemap.xml").read_text(encoding="utf-8")
    for story in archive.stories:
        if story.is_internal:
            assert f"stories/{story.slug}.html" not in sitemap


def test_each_built_site_records_its_edition(site: Path, public_site: Path) -> None:
    from generator.outputs.publish import site_edition

    assert (site_edition(site), site_edition(public_site)) == ("internal", "public")
