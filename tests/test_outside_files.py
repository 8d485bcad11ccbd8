"""Only files inside the stories folder are read or published; every link out is refused, located,
without a byte of what it points at in any message (issue 16: symlinked photos, stories, films, PDFs)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from generator.cli.main import main
from generator.core.files import OutsideError, read_inside, scan_files
from tests.conftest import TinyArchive

SECRET = "EXEMPLAR_TEST_SECRET=do-not-publish-7f3a"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the archive, holding a file no build may read."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (folder / "story.md").write_text(f"---\ntitle: {SECRET}\nname: 外人\n---\n{SECRET}\n", encoding="utf-8")
    return folder


def check(archive: TinyArchive, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["--root", str(archive.root), "check"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out + err


@pytest.mark.parametrize("link", ["media/huang-xiaoqing.jpg", "media/film.mp4", "media/report.pdf"])
def test_a_media_file_linked_from_outside_is_refused_where_the_link_is(
        tiny_archive: TinyArchive, outside: Path, capsys: pytest.CaptureFixture[str], link: str) -> None:
    tiny_archive.add_good_story()
    path = tiny_archive.stories / link
    path.unlink(missing_ok=True)
    os.symlink(outside / "secret.txt", path)
    status, output = check(tiny_archive, capsys)
    assert status == 1
    assert f"stories/{link}:1: 错误 E306 「{link}」是符号链接，指向档案之外" in output
    assert SECRET not in output and "elsewhere" not in output


def test_a_story_linked_from_outside_is_never_read(tiny_archive: TinyArchive, outside: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.add_good_story()
    os.symlink(outside / "story.md", tiny_archive.stories / "wai-ren.md")
    os.symlink("/proc/self/environ", tiny_archive.stories / "huan-jing.md")
    status, output = check(tiny_archive, capsys)
    assert status == 1
    assert "stories/wai-ren.md:1: 错误 E306" in output and "stories/huan-jing.md:1: 错误 E306" in output
    assert SECRET not in output and "外人" not in output
    assert [s.slug for s in tiny_archive.load().stories] == ["huang-xiaoqing"]


def test_a_linked_folder_is_refused_and_not_walked(tiny_archive: TinyArchive, outside: Path) -> None:
    tiny_archive.add_good_story()
    os.symlink(outside, tiny_archive.stories / "media" / "more")
    os.symlink("..", tiny_archive.stories / "media" / "loop")  # a loop MkDocs would walk forever
    lines = tiny_archive.lines()
    assert [line.split(": ")[0] + " " + line.split(" ")[2] for line in lines] == [
        "stories/media/loop:1 E306", "stories/media/more:1 E306"]
    assert "secret.txt" not in scan_files(tiny_archive.stories).files


def test_a_link_to_a_file_inside_the_archive_is_used(tiny_archive: TinyArchive) -> None:
    tiny_archive.add_good_story()
    photo = tiny_archive.stories / "media" / "huang-xiaoqing.jpg"
    photo.rename(photo.with_name("real.jpg"))
    os.symlink("real.jpg", photo)
    assert tiny_archive.lines() == []
    assert read_inside(tiny_archive.stories, "media/huang-xiaoqing.jpg") == photo.with_name("real.jpg").read_bytes()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_never_stalls_a_check(tiny_archive: TinyArchive, capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.add_good_story()
    photo = tiny_archive.stories / "media" / "huang-xiaoqing.jpg"
    photo.unlink()
    os.mkfifo(photo)
    os.mkfifo(tiny_archive.stories / "guan-dao.md")
    started = time.monotonic()
    status, output = check(tiny_archive, capsys)
    assert time.monotonic() - started < 20
    assert status == 1
    assert "stories/media/huang-xiaoqing.jpg:1: 错误 E307 「media/huang-xiaoqing.jpg」是管道" in output
    assert "stories/guan-dao.md:1: 错误 E307" in output


def test_a_vocabulary_linked_from_outside_is_not_read(tiny_archive: TinyArchive, outside: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tiny_archive.stories / "vocab.yml").unlink()
    os.symlink(outside / "secret.txt", tiny_archive.stories / "vocab.yml")
    status, output = check(tiny_archive, capsys)
    assert status != 0
    assert "stories/vocab.yml:1: 错误 E306" in output and SECRET not in output


def test_read_inside_never_leaves_the_folder(tiny_archive: TinyArchive, outside: Path) -> None:
    tiny_archive.write("stories/media/a.jpg", b"ok")
    os.symlink(outside / "secret.txt", tiny_archive.stories / "media" / "b.jpg")
    assert read_inside(tiny_archive.stories, "media/a.jpg") == b"ok"
    for rel in ("media/b.jpg", "../elsewhere/secret.txt", "media/../../elsewhere/secret.txt", "media"):
        with pytest.raises(OSError) as caught:
            read_inside(tiny_archive.stories, rel)
        assert SECRET not in str(caught.value)
    with pytest.raises(OutsideError):
        read_inside(tiny_archive.stories, "media/a.jpg", limit=1)


def test_a_build_refuses_before_reading_anything(tiny_archive: TinyArchive, outside: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The plugin validates first, so MkDocs never walks or copies a refused link."""
    from generator.adapter.site_build import prepare_build
    from generator.core.editions import Edition
    from generator.outputs.memo import BuildMemo

    tiny_archive.add_good_story()
    photo = tiny_archive.stories / "media" / "huang-xiaoqing.jpg"
    photo.unlink()
    os.symlink(outside / "secret.txt", photo)
    prepared = prepare_build(tiny_archive.stories, tiny_archive.stories / "vocab.yml", tiny_archive.root,
                             tmp_path / "cache", Edition.PUBLIC, preview=False, site_url="",
                             memo=BuildMemo())
    assert prepared.build is None and prepared.errors == 1
    assert [d.code for d in prepared.diagnostics] == ["E306"]
    assert not (tmp_path / "cache").exists() or SECRET.encode() not in b"".join(
        p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file())


def _fake_site(folder: Path, edition: str | None) -> Path:
    config = folder.parent / "archive" / "mkdocs.yml"  # the tiny archive's: package needs a real address
    if config.is_file() and "site_url" not in config.read_text(encoding="utf-8"):
        config.write_text(config.read_text(encoding="utf-8") + "site_url: http://exemplar.intranet/\n",
                          encoding="utf-8")
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<p>内网稿件</p>", encoding="utf-8")
    if edition:
        (folder / "exemplar-site.json").write_text(f'{{"generator": "exemplar", "edition": "{edition}"}}\n',
                                                   encoding="utf-8")
    return folder


@pytest.mark.parametrize(("recorded", "asked"), [("internal", "public"), ("public", "internal"), (None, "public")])
def test_package_refuses_a_site_of_another_edition(tiny_archive: TinyArchive, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  recorded: str | None, asked: str) -> None:
    tiny_archive.add_good_story()
    site = _fake_site(tmp_path / "site", recorded)
    out = tmp_path / "dist"
    status = main(["--root", str(tiny_archive.root), "package", "--edition", asked, "--site-dir", str(site),
                   "--out", str(out)])
    _, err = capsys.readouterr()
    assert status == 1
    assert "错误 E308" in err and "已打包" not in err and "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


def test_package_takes_a_site_of_its_own_edition(tiny_archive: TinyArchive, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.add_good_story()
    site = _fake_site(tmp_path / "site", "public")
    status = main(["--root", str(tiny_archive.root), "package", "--edition", "public", "--site-dir", str(site),
                   "--out", str(tmp_path / "dist")])
    assert status == 0, capsys.readouterr().err
    assert len(list((tmp_path / "dist").glob("*.zip"))) == 1


def test_an_internal_build_never_replaces_a_public_site(tiny_archive: TinyArchive, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.add_good_story()
    site = _fake_site(tmp_path / "served", "public")
    status = main(["--root", str(tiny_archive.root), "build", "--site-dir", str(site)])
    err: Any = capsys.readouterr().err
    assert status == 2 and "错误 E308" in err
    assert (site / "exemplar-site.json").read_text(encoding="utf-8").count("public") == 1
