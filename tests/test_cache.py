"""generator.outputs.cache: content-addressed, salted, safe to lose."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.outputs import cache


def test_fingerprint_is_stable_and_length_prefixed() -> None:
    assert cache.fingerprint("ab", "c") == cache.fingerprint("ab", "c")
    assert cache.fingerprint("ab", "c") != cache.fingerprint("a", "bc")
    assert cache.fingerprint(["a", ("b",)]) != cache.fingerprint(["a", "b"])
    assert cache.fingerprint({"b", "a"}) == cache.fingerprint(["a", "b"])


def test_computes_once_then_answers_from_memory(tmp_path: Path) -> None:
    calls: list[str] = []
    store = cache.ContentCache.open(tmp_path, "terms", salt="v1", memory=cache.MemoryLayer())
    compute = lambda: calls.append("x") or {"body": {"榜样": 1.0}}  # noqa: E731
    assert store.get_or_compute(("黄小清", "正文"), compute) == {"body": {"榜样": 1.0}}
    assert store.get_or_compute(("黄小清", "正文"), compute) == {"body": {"榜样": 1.0}}
    assert calls == ["x"]
    assert (store.hits, store.misses) == (1, 1)
    store.close()


def test_disk_layer_survives_a_new_process(tmp_path: Path) -> None:
    first = cache.ContentCache.open(tmp_path, "terms", salt="v1")
    first.get_or_compute("正文", lambda: [1, 2, 3])
    first.close()
    # a new cache without the first one's memory layer: as if a new build started
    second = cache.ContentCache.open(tmp_path, "terms", salt="v1")
    assert second.get_or_compute("正文", lambda: pytest.fail("should come from disk")) == [1, 2, 3]
    second.close()


def test_a_different_salt_or_namespace_never_sees_old_values(tmp_path: Path) -> None:
    first = cache.ContentCache.open(tmp_path, "terms", salt="dictionary-1")
    first.get_or_compute("正文", lambda: "old")
    first.close()
    assert cache.ContentCache.open(tmp_path, "terms", salt="dictionary-2").get_or_compute("正文", lambda: "new") == "new"
    assert cache.ContentCache.open(tmp_path, "other", salt="dictionary-1").get_or_compute("正文", lambda: "n") == "n"


def test_prune_forgets_what_this_build_did_not_use(tmp_path: Path) -> None:
    memory = cache.MemoryLayer()  # one session's
    build1 = cache.ContentCache.open(tmp_path, "terms", memory=memory)
    build1.get_or_compute("a", lambda: 1)
    build1.get_or_compute("b", lambda: 2)
    build1.close()
    build2 = cache.ContentCache.open(tmp_path, "terms", memory=memory)
    build2.get_or_compute("a", lambda: 1)
    build2.flush(prune=True)
    build2.close()
    assert [k for _, k in memory.values] == [build2.key("a")]
    build3 = cache.ContentCache.open(tmp_path, "terms")
    assert build3.get(build3.key("b")) is None
    assert build3.get(build3.key("a")) == 1
    build3.close()


def test_an_unusable_folder_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    store = cache.ContentCache.open(blocker / "cache", "terms")
    assert store.get_or_compute("x", lambda: {"k": 1}) == {"k": 1}
    store.close()


def test_a_corrupt_entry_is_recomputed(tmp_path: Path) -> None:
    store = cache.ContentCache.open(tmp_path, "terms")
    key = store.key("x")
    store.close()
    import sqlite3

    with sqlite3.connect(tmp_path / cache.DB_NAME) as db:
        db.execute("INSERT OR REPLACE INTO entry VALUES (?, ?, ?)", ("terms", key, "{not json"))
    db.close()
    store = cache.ContentCache.open(tmp_path, "terms")
    assert store.get_or_compute("x", lambda: "fresh") == "fresh"
    store.close()


def test_commits_keep_one_journal_file_rather_than_making_one_each(tmp_path: Path) -> None:
    # A new file is dear on a file system that has just deleted thousands (MkDocs empties the
    # site before each build): the journal stays, the same file, from commit to commit.
    store = cache.ContentCache.open(tmp_path, "terms")
    journal = tmp_path / (cache.DB_NAME + "-journal")
    store.put(store.key("a"), 1)
    store.flush()
    first = journal.stat().st_ino
    store.put(store.key("b"), 2)
    store.flush()
    assert journal.stat().st_ino == first
    store.close()
    assert cache.ContentCache.open(tmp_path, "terms").get(store.key("b")) == 2
