"""``exemplar check`` reports, with a located code, what a strict build would reject beyond the
stories' own rules: photos that cannot be used (E113) and links to stories that the edition
does not publish (E405)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.cli.main import main


def check(archive: Any, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["--root", str(archive.root), "check"])
    return status, capsys.readouterr().out


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "是空文件（0 字节）"),
    (b"\xff\xd8\xff\xd9", "不是能打开的图片"),
    (b"not an image at all", "不是能打开的图片"),
])
def test_a_photo_that_cannot_be_used(tiny_archive: Any, capsys: pytest.CaptureFixture[str], content: bytes,
                                     reason: str) -> None:
    tiny_archive.add_good_story()
    tiny_archive.write("stories/media/huang-xiaoqing.jpg", content)
    status, out = check(tiny_archive, capsys)
    assert status == 1
    assert out.startswith("stories/huang-xiaoqing.md:9:8: 错误 E113 photo：照片「media/huang-xiaoqing.jpg」" + reason)


def test_an_oversized_photo(tiny_archive: Any, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.core import publishing

    monkeypatch.setattr(publishing, "MAX_PHOTO_BYTES", 100)
    tiny_archive.add_good_story()
    status, out = check(tiny_archive, capsys)
    assert status == 1 and "E113 photo" in out and "超过上限" in out


def _linking(tiny_archive: Any, target_front: str) -> None:
    story = tiny_archive.add_good_story()
    text = story.read_text(encoding="utf-8").replace("---\n\n", "status: published\nvisibility: public\n---\n\n", 1)
    story.write_text(text + "\n另见[李华的事迹](li-hua.md)。\n", encoding="utf-8")
    other = tiny_archive.add_good_story("li-hua", "李华")
    other.write_text(other.read_text(encoding="utf-8").replace("---\n\n", target_front + "---\n\n", 1), encoding="utf-8")


def test_a_public_story_linking_to_an_internal_one(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    _linking(tiny_archive, "status: published\nvisibility: internal\n")
    status, out = check(tiny_archive, capsys)
    assert status == 1
    assert "stories/huang-xiaoqing.md:16:11: 错误 E405 正文链接到了内网稿件「li-hua.md」" in out
    assert "把「li-hua」也设为 visibility: public" in out


def test_a_story_linking_to_a_draft(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    _linking(tiny_archive, "status: draft\n")
    status, out = check(tiny_archive, capsys)
    assert status == 1 and "E405 正文链接到了草稿「li-hua.md」" in out


def test_links_between_published_public_stories_are_fine(tiny_archive: Any, capsys: pytest.CaptureFixture[str]) -> None:
    _linking(tiny_archive, "status: published\nvisibility: public\n")
    status, out = check(tiny_archive, capsys)
    assert status == 0 and "E405" not in out and "E113" not in out
