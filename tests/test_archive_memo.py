"""Loading the same archive again in one process (``mkdocs serve``) re-checks only what changed.

A file's result is reused, as the very same :class:`Story` object, only while its
bytes, the vocabulary and every "does this file exist?" answer its checks depended on
are unchanged. Checks across files run on every load.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.core.archive import Archive, StoryMemo, load_archive

BODY_LINK = "\n见[另一篇](li-hua.md)。\n"


def load(archive: Any, memo: StoryMemo | None) -> Archive:
    return load_archive(archive.stories, None, archive.root, memo=memo)


def by_path(loaded: Archive) -> dict[str, Any]:
    return {s.path: s for s in loaded.stories}


@pytest.fixture
def memo() -> StoryMemo:
    return StoryMemo()


def test_an_unchanged_file_gives_the_same_story_object(tiny_archive: Any, memo: StoryMemo) -> None:
    tiny_archive.add_good_story("huang-xiaoqing", "黄小清")
    tiny_archive.add_good_story("li-hua", "李华")
    first = by_path(load(tiny_archive, memo))
    second = by_path(load(tiny_archive, memo))
    assert second["huang-xiaoqing.md"] is first["huang-xiaoqing.md"]
    assert second["li-hua.md"] is first["li-hua.md"]


def test_an_edited_file_is_read_again_and_its_neighbour_is_not(tiny_archive: Any, memo: StoryMemo) -> None:
    tiny_archive.add_good_story("huang-xiaoqing", "黄小清")
    path = tiny_archive.add_good_story("li-hua", "李华")
    first = by_path(load(tiny_archive, memo))
    path.write_text(path.read_text(encoding="utf-8").replace("李华的故事。", "李华的新故事。"), encoding="utf-8")
    second = by_path(load(tiny_archive, memo))
    assert "李华的新故事。" in second["li-hua.md"].body
    assert second["li-hua.md"] is not first["li-hua.md"]
    assert second["huang-xiaoqing.md"] is first["huang-xiaoqing.md"]


def test_an_edit_that_breaks_a_file_is_reported(tiny_archive: Any, memo: StoryMemo) -> None:
    path = tiny_archive.add_good_story()
    assert load(tiny_archive, memo).ok
    path.write_text(path.read_text(encoding="utf-8").replace("kind: person", "kind: 个体"), encoding="utf-8")
    loaded = load(tiny_archive, memo)
    assert [d.code for d in loaded.diagnostics] == ["E106"]
    assert loaded.stories == ()


def test_a_deleted_photo_changes_the_result_of_an_unchanged_file(tiny_archive: Any, memo: StoryMemo) -> None:
    tiny_archive.add_good_story()
    assert load(tiny_archive, memo).ok
    photo = tiny_archive.stories / "media" / "huang-xiaoqing.jpg"
    photo.unlink()
    loaded = load(tiny_archive, memo)
    assert [(d.path, d.code, d.field) for d in loaded.diagnostics] == [("stories/huang-xiaoqing.md", "E303", "photo")]
    assert loaded.stories == ()
    photo.write_bytes(b"\xff\xd8\xff\xd9")  # and put back: the story is back
    assert [s.slug for s in load(tiny_archive, memo).stories] == ["huang-xiaoqing"]


def test_a_deleted_link_target_in_the_body_is_reported(tiny_archive: Any, memo: StoryMemo) -> None:
    path = tiny_archive.add_good_story("huang-xiaoqing", "黄小清")
    path.write_text(path.read_text(encoding="utf-8") + BODY_LINK, encoding="utf-8")
    other = tiny_archive.add_good_story("li-hua", "李华")
    assert load(tiny_archive, memo).ok
    other.unlink()
    assert [(d.path, d.code) for d in load(tiny_archive, memo).diagnostics] == [("stories/huang-xiaoqing.md", "E303")]


def test_a_changed_vocabulary_checks_every_file_again(tiny_archive: Any, memo: StoryMemo) -> None:
    tiny_archive.add_good_story()
    first = by_path(load(tiny_archive, memo))
    vocab = tiny_archive.stories / "vocab.yml"
    text = vocab.read_text(encoding="utf-8")
    assert "title: 礼赞榜样" in text
    vocab.write_text(text.replace("title: 礼赞榜样", "title: 礼赞典型"), encoding="utf-8")
    loaded = load(tiny_archive, memo)
    assert [d.code for d in loaded.diagnostics] == ["E201"]
    vocab.write_text(text, encoding="utf-8")
    again = by_path(load(tiny_archive, memo))
    assert again["huang-xiaoqing.md"] == first["huang-xiaoqing.md"]


def test_checks_across_files_run_on_every_load(tiny_archive: Any, memo: StoryMemo) -> None:
    tiny_archive.add_good_story("huang-xiaoqing", "黄小清")
    assert load(tiny_archive, memo).ok
    tiny_archive.write("stories/a/huang-xiaoqing/index.md", (tiny_archive.stories / "huang-xiaoqing.md").read_text(
        encoding="utf-8").replace("media/", "../../media/"))
    loaded = load(tiny_archive, memo)
    assert [(d.path, d.code) for d in loaded.diagnostics] == [("stories/huang-xiaoqing.md", "E401")]
    (tiny_archive.stories / "a" / "huang-xiaoqing" / "index.md").unlink()
    assert load(tiny_archive, memo).ok


def test_a_deleted_story_is_gone(tiny_archive: Any, memo: StoryMemo) -> None:
    tiny_archive.add_good_story("huang-xiaoqing", "黄小清")
    other = tiny_archive.add_good_story("li-hua", "李华")
    load(tiny_archive, memo)
    other.unlink()
    loaded = load(tiny_archive, memo)
    assert [s.slug for s in loaded.stories] == ["huang-xiaoqing"]
    assert loaded.files_checked == 1


def test_without_a_memo_every_load_reads_every_file(tiny_archive: Any) -> None:
    tiny_archive.add_good_story()
    first, second = load(tiny_archive, None), load(tiny_archive, None)
    assert first.stories == second.stories
    assert first.stories[0] is not second.stories[0]


def test_the_memo_keeps_only_the_last_few_folders(tmp_path: Any) -> None:
    from tests.conftest import make_tiny_archive

    memo = StoryMemo(folders=2)
    archives = [make_tiny_archive(tmp_path / f"a{i}") for i in range(3)]
    for archive in archives:
        archive.add_good_story()
    first = [load(archive, memo).stories[0] for archive in archives]
    assert load(archives[2], memo).stories[0] is first[2]
    assert load(archives[0], memo).stories[0] is not first[0]  # forgotten: the oldest of three
