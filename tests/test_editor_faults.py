"""Faults an editor can cause end with a Chinese message and a non-zero exit, never a traceback,
and leave nothing half-written (issue 16): empty vocabularies, reserved names, a full disk,
Ctrl-C, terminal escape sequences in values."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.core.vocab import load_vocabulary
from tests.conftest import TinyArchive


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exc:  # pragma: no cover - argparse
        status = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def files_of(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _vocab_without(archive: TinyArchive, key: str) -> None:
    path = archive.stories / "vocab.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"{key}:")
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i][0].isspace()
                and not lines[i].startswith("#")), len(lines))
    path.write_text("\n".join([*lines[:start], f"{key}: []", *lines[end:]]) + "\n", encoding="utf-8")


@pytest.mark.parametrize(("key", "says"), [("columns", "还没有栏目"), ("units", "还没有单位")])
def test_new_with_an_empty_vocabulary_list_says_so(tiny_archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                                   key: str, says: str) -> None:
    _vocab_without(tiny_archive, key)
    before = files_of(tiny_archive.stories)
    status, _, err = run(capsys, "--root", str(tiny_archive.root), "new", "黄小清")
    assert status != 0 and says in err
    assert files_of(tiny_archive.stories) == before


def test_ctrl_c_while_new_writes_leaves_nothing(tiny_archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    before = files_of(tiny_archive.stories)

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "link", interrupted)
    status, _, err = run(capsys, "--root", str(tiny_archive.root), "new", "黄小清", "--folder")
    assert status == 130 and "已中断" in err
    assert files_of(tiny_archive.stories) == before


def test_a_full_disk_during_new_leaves_nothing(tiny_archive: TinyArchive, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    before = files_of(tiny_archive.stories)
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, fd: int, *args: object, **kwargs: object) -> None:
            self.file = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *_exc: object) -> None:
            self.file.close()

        def __getattr__(self, name: str) -> object:
            return getattr(self.file, name)

        def write(self, _text: object) -> int:
            if self.file.mode not in ("w", "wb"):  # the story's temporary file (exemplar new's write_atomic)
                return int(self.file.write(_text))
            raise OSError(errno.ENOSPC, "No space left on device", "stories/huang-xiaoqing.md")

    monkeypatch.setattr(os, "fdopen", FullDisk)
    status, _, err = run(capsys, "--root", str(tiny_archive.root), "new", "黄小清")
    assert status == 1 and "E309 磁盘空间不足" in err
    assert files_of(tiny_archive.stories) == before


def test_a_full_disk_during_stats_xlsx_leaves_nothing(tiny_archive: TinyArchive, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.outputs import atomic

    tiny_archive.add_good_story()
    out = tmp_path / "out"
    out.mkdir()

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)  # the one atomic write (exports use it)
    status, _, err = run(capsys, "--root", str(tiny_archive.root), "stats", "--xlsx", str(out / "名册.xlsx"))
    assert status == 1 and "磁盘空间不足" in err
    assert files_of(out) == []


def test_a_full_disk_in_the_mkdocs_child_is_one_chinese_line(capsys: pytest.CaptureFixture[str]) -> None:
    from generator.adapter.build_log import _fault_hook

    try:
        raise OSError(errno.ENOSPC, "No space left on device", "site/media/a.mp4")
    except OSError as exc:
        _fault_hook(OSError, exc, exc.__traceback__)
    err = capsys.readouterr().err
    assert err.strip() == "exemplar：错误 E309 磁盘空间不足，无法写入（site/media/a.mp4）；原有文件未改动，清理磁盘后重试"


def test_reserved_names_are_refused_by_check_not_by_the_build(tiny_archive: TinyArchive) -> None:
    path = tiny_archive.stories / "vocab.yml"
    text = path.read_text(encoding="utf-8")
    first_column = next(line for line in text.splitlines() if line.strip().startswith("- id:"))
    path.write_text(text.replace(first_column, first_column.split("id:")[0] + "id: index", 1), encoding="utf-8")
    vocab, problems = load_vocabulary(path, "stories/vocab.yml")
    assert [p.code for p in problems] == ["E114"], [p.format_text() for p in problems]
    assert "「index」是保留的名字" in problems[0].message


def test_a_tag_named_index_gets_a_page_of_its_own() -> None:
    import datetime as dt

    from generator.core.schema import Kind, Story
    from generator.site.indexes import by_tag

    story = Story(path="a.md", slug="a", title="t", name="n", masked=False, kind=Kind.PERSON, unit="u",
                  date=dt.date(2020, 1, 1), columns=("c",), body="", tags=("index", "page-2", "Index"))
    assert sorted(t.slug for t in by_tag([story])) == ["index-2", "index-3", "page-2-2"]


def test_check_escapes_control_characters_it_prints(tiny_archive: TinyArchive,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    tiny_archive.add_good_story()
    story = tiny_archive.stories / "huang-xiaoqing.md"
    text = story.read_text(encoding="utf-8").replace("columns: [礼赞榜样]",
                                                     'columns: ["\\e]0;pwned\\a\\e[2K\\r✓ 全部通过\\u202e"]')
    story.write_text(text, encoding="utf-8")
    for fmt in ("text", "github"):
        status, out, _ = run(capsys, "--root", str(tiny_archive.root), "check", "--format", fmt)
        assert status == 1
        assert "\x1b" not in out and "\r" not in out and "\x07" not in out and "\u202e" not in out
        assert "\\x1b]0;pwned\\x07" in out and "\\u202e" in out
        assert len(out.strip().splitlines()) == 1


def test_an_interrupted_package_leaves_no_partial_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from generator.cli.commands.package import write_package

    site = tmp_path / "site"
    site.mkdir()
    for name in ("index.html", "a.html", "b.html"):
        (site / name).write_text("<p>页</p>", encoding="utf-8")
    calls = []
    real = zipfile.ZipFile.writestr

    def interrupted(self: zipfile.ZipFile, *args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "writestr", interrupted)
    out = tmp_path / "dist"
    with pytest.raises(KeyboardInterrupt):
        write_package(site, out / "x.zip", "x", 315532800, "<p>打开</p>")
    assert files_of(out) == []
