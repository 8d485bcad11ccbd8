"""The page store: what goes in comes out, per scope; unused entries go; a bad entry or folder is a miss."""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from pathlib import Path

import pytest

from generator.adapter.kept_pages import PageLog, replay
from generator.outputs.page_store import DB_NAME, PageStore, StoredPage, toolchain_version, tree_content, unchanged

PAGE = StoredPage("<p>榜样\ud800</p>".encode("utf-8", "surrogatepass"),
                  (("mkdocs.structure.pages", logging.WARNING, "a link's target is not found"),),
                  (("a.md", "a.html", "INCLUDED"), ("gone.md", None, None)), ("top",), {"b.md": {"x": "b.md#x"}})


def kept(store: PageStore, key: str) -> StoredPage | None:
    meta, output = store.get(key), store.output(key)
    return None if meta is None or output is None else dataclasses.replace(meta, output=output)


def test_a_page_comes_back_as_it_went_in(tmp_path: Path) -> None:
    store = PageStore.open(tmp_path, "internal-build")
    assert store.put("k1", PAGE)
    assert kept(store, "k1") == PAGE
    assert store.get("k1") == dataclasses.replace(PAGE, output=b"")  # the entry without its output
    store.flush()
    store.close()
    assert kept(PageStore.open(tmp_path, "internal-build"), "k1") == PAGE


def test_what_an_interrupted_build_stored_is_gone_and_a_writer_commits_its_own(tmp_path: Path) -> None:
    store = PageStore.open(tmp_path, "s")
    writer = store.writer()  # a forked process's, while this one holds no write
    writer.put("forked", PAGE)
    writer.commit()
    writer.close()
    store.put("interrupted", PAGE)
    store.close()  # never flushed: the build did not finish
    again = PageStore.open(tmp_path, "s")
    assert kept(again, "interrupted") is None
    assert kept(again, "forked") == PAGE


def test_a_batch_is_stored_at_once_and_leaves_the_file_to_the_other_writers(tmp_path: Path) -> None:
    # The forked renderers share one SQLite file, which lets one writer in at a time: a renderer that
    # held it from its first page to the end of its batch kept the others waiting (a cold build ran
    # on one processor). A batch goes in as one short transaction instead.
    store = PageStore.open(tmp_path, "s")
    renderer = store.writer()
    assert renderer.put_all([("a", PAGE), ("b", PAGE)])
    other = sqlite3.connect(tmp_path / DB_NAME, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # "database is locked" while a write is still open
    other.rollback()
    other.close()
    assert kept(store, "a") == PAGE and kept(store, "b") == PAGE  # committed: other connections see them
    assert not renderer.put_all([])
    assert not PageStore.open(None, "s").put_all([("c", PAGE)])  # a store that keeps nothing says so
    renderer.close()
    store.close()


def test_scopes_are_apart_and_a_build_prunes_only_its_own(tmp_path: Path) -> None:
    internal, public = PageStore.open(tmp_path, "internal-build"), PageStore.open(tmp_path, "public-build")
    internal.put("old", PAGE)
    internal.put("kept", PAGE)
    internal.flush()
    public.put("old", PAGE)
    public.flush()
    assert kept(public, "kept") is None

    again = PageStore.open(tmp_path, "internal-build")
    assert kept(again, "kept") == PAGE
    again.use("kept")
    again.flush(prune=True)
    assert kept(again, "old") is None and kept(again, "kept") == PAGE
    assert kept(public, "old") == PAGE


def test_a_bad_entry_or_folder_is_a_miss_not_an_error(tmp_path: Path) -> None:
    store = PageStore.open(tmp_path, "s")
    store.put("k", PAGE)
    store.flush()
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("UPDATE page SET meta = '{not json', output = NULL")
    assert store.get("k") is None and store.output("k") is None

    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    unusable = PageStore.open(blocked, "s")
    assert not unusable.usable
    assert not unusable.put("k", PAGE)
    unusable.flush()
    assert unusable.get("k") is None and unusable.output("k") is None


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
