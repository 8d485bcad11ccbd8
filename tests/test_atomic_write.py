"""generator.outputs.atomic.write_atomic: the one routine that writes a file readers may see."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.outputs.atomic import FILE_MODE, write_atomic


def test_bytes_text_and_a_writer_land_whole(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a/b.bin", b"\x00\x01", make_folders=True)
    write_atomic(tmp_path / "c.txt", "第一行\n第二行\n")

    def zip_like(temp: Path) -> None:
        temp.write_bytes(b"PK")

    write_atomic(tmp_path / "d.zip", zip_like)
    assert (tmp_path / "a/b.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "c.txt").read_bytes() == "第一行\n第二行\n".encode()
    assert (tmp_path / "d.zip").read_bytes() == b"PK"
    assert (tmp_path / "c.txt").stat().st_mode & 0o777 == FILE_MODE
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b.bin", "c.txt", "d.zip"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "roster.csv"
    target.write_text("old", encoding="utf-8")

    def broken(temp: Path) -> None:
        temp.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]
