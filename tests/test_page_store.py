"""The page store: what goes in comes out, per scope; unused entries go; a bad entry or folder is a miss."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from generator.adapter.kept_pages import PageLog, replay
from generator.outputs.page_store import DB_NAME, PageStore, StoredPage, toolchain_version, tree_content, unchanged

PAGE = StoredPage("<p>榜样\ud800</p>".encode("utf-8", "surrogatepass"),
                  (("mkdocs.structure.pages", logging.WARNING, "a link's target is not found"),),
                  (("a.md", "a.html", "INCLUDED"), ("gone.md", None, None)), ("top",), {"b.md": {"x": "b.md#x"}})


def test_a_page_comes_back_as_it_went_in(tmp_path: Path) -> None:
    store = PageStore.open(tmp_path, "internal-build")
    store.put("k1", PAGE)
    assert store.get("k1") is None  # on disk only once flushed
    store.flush()
    assert store.get("k1") == PAGE
    store.close()
    assert PageStore.open(tmp_path, "internal-build").get("k1") == PAGE


def test_scopes_are_apart_and_a_build_prunes_only_its_own(tmp_path: Path) -> None:
    internal, public = PageStore.open(tmp_path, "internal-build"), PageStore.open(tmp_path, "public-build")
    internal.put("old", PAGE)
    internal.put("kept", PAGE)
    internal.flush()
    public.put("old", PAGE)
    public.flush()
    assert public.get("kept") is None

    again = PageStore.open(tmp_path, "internal-build")
    assert again.get("kept") == PAGE
    again.use("kept")
    again.flush(prune=True)
    assert again.get("old") is None and again.get("kept") == PAGE
    assert public.get("old") == PAGE


def test_a_bad_entry_or_folder_is_a_miss_not_an_error(tmp_path: Path) -> None:
    store = PageStore.open(tmp_path, "s")
    store.put("k", PAGE)
    store.flush()
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("UPDATE page SET meta = '{not json'")
    assert store.get("k") is None

    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    unusable = PageStore.open(blocked, "s")
    assert not unusable.usable
    unusable.put("k", PAGE)
    unusable.flush()
    assert unusable.get("k") is None


def test_look_ups_decide_whether_an_entry_still_holds() -> None:
    files = {"a.md": ("a.html", "INCLUDED")}

    def answer(path: str) -> tuple[str | None, str | None]:
        return files.get(path, (None, None))

    assert unchanged(PAGE.lookups, answer)
    files["gone.md"] = ("gone.html", "INCLUDED")  # the missing target now exists: render again
    assert not unchanged(PAGE.lookups, answer)


def test_the_toolchain_version_follows_the_lock_file(tmp_path: Path) -> None:
    (tmp_path / "requirements.lock").write_text("mkdocs==1.6.1\n", encoding="utf-8")
    first = toolchain_version(tmp_path)
    assert toolchain_version(tmp_path) == first
    (tmp_path / "requirements.lock").write_text("mkdocs==1.6.2\n", encoding="utf-8")
    assert toolchain_version(tmp_path) != first


def test_the_theme_digest_follows_contents_not_dates(tmp_path: Path) -> None:
    template = tmp_path / "story.html"
    template.write_text("{{ page.title }}", encoding="utf-8")
    first = tree_content(tmp_path)
    template.touch()
    assert tree_content(tmp_path) == first
    template.write_text("{{ page.title }}!", encoding="utf-8")
    assert tree_content(tmp_path) != first
    assert tree_content(tmp_path / "none") == ""


def test_what_a_page_logged_is_logged_again(caplog: pytest.LogCaptureFixture) -> None:
    page_log = PageLog()
    logger = logging.getLogger("mkdocs.test_page_store")
    logger.addHandler(page_log)
    try:
        with page_log.recording() as logged:
            logger.warning("target %s is not found", "x.md")
            logger.debug("not kept")
        logger.warning("not this page's")
    finally:
        logger.removeHandler(page_log)
    assert logged == [("mkdocs.test_page_store", logging.WARNING, "target x.md is not found")]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.test_page_store"):
        replay(logged)
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == logged
