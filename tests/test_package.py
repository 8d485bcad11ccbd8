"""``exemplar package``: one zip, one ASCII top-level folder, 打开我.html beside index.html,
ASCII paths, UTF-8 flagged names, the same bytes for the same site."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from generator.cli.main import main
from tests.sitebuild import ROOT, build_site

pytestmark = pytest.mark.build

FOLDER = "bang-yang-dang-an-internal"
UTF8_NAMES = 0x800


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("package") / "site"
    result = build_site(site)
    assert result.returncode == 0, result.stderr[-2000:]
    return site


def package(out: Path, *extra: str) -> Path:
    assert main(["--root", str(ROOT), "package", "--out", str(out), *extra]) == 0
    (made,) = out.glob("*.zip")
    return made


def test_the_zip_holds_one_folder_with_the_site_and_an_opener(built: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1715644800")  # 2024-05-14
    made = package(tmp_path / "dist", "--site-dir", str(built))
    assert made.name == f"{FOLDER}-2024-05-14.zip"
    with zipfile.ZipFile(made) as zf:
        assert zf.testzip() is None
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert {n.split("/")[0] for n in names} == {FOLDER}
        assert f"{FOLDER}/index.html" in names and f"{FOLDER}/search/index.js" in names
        opener = zf.getinfo(f"{FOLDER}/打开我.html")
        assert opener.flag_bits & UTF8_NAMES
        assert 'url=index.html' in zf.read(opener).decode("utf-8")
        assert [n for n in names if not n.isascii()] == [opener.filename]  # ASCII paths otherwise
        assert names[2:] == sorted(names[2:])
        assert {i.date_time for i in infos} == {(2024, 5, 14, 0, 0, 0)}
        site_files = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
        assert names[2:] == [f"{FOLDER}/{f}" for f in site_files]
        video = zf.getinfo(f"{FOLDER}/media/luo-jianhua-film.mp4")
        assert video.compress_type == zipfile.ZIP_STORED
        assert zf.read(f"{FOLDER}/index.html") == (built / "index.html").read_bytes()


def test_the_same_site_gives_the_same_bytes(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # then: the newest story's date
    first = package(tmp_path / "a", "--site-dir", str(built))
    second = package(tmp_path / "b", "--site-dir", str(built))
    assert first.name == second.name
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()


def test_package_builds_the_site_when_none_is_given(tmp_path: Path) -> None:
    made = package(tmp_path / "dist", "--edition", "public")
    with zipfile.ZipFile(made) as zf:
        names = zf.namelist()
    assert made.name.startswith("bang-yang-dang-an-public-")
    assert "bang-yang-dang-an-public/index.html" in names
    assert not any("yang-yutong" in n for n in names)  # an internal story is not in the public zip


def test_a_folder_that_is_not_a_site_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "package", "--out", str(tmp_path), "--site-dir", str(tmp_path)]) == 1
    assert "index.html" in capsys.readouterr().err
