"""``exemplar build`` publishes only finished builds: the swap itself, and end to end with a
tiny MkDocs archive (no exemplar plugin) whose build fails, is interrupted or is killed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.outputs import publish
from generator.core.archive import load_archive
from generator.cli.commands import build
from generator.cli.settings import load_settings

from tests.archives import REPO, SAMPLE


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def read_tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()}


# --- the swap -----------------------------------------------------------------------------

@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    write_tree(target, {"index.html": "旧版", "old-only.html": "x"})
    return target


def test_replace_tree_puts_the_new_tree_in_place_and_removes_the_old(site: Path) -> None:
    staging = publish.make_staging_dir(site)
    write_tree(staging, {"index.html": "新版", "search/search_index.json": "{}"})
    publish.replace_tree(staging, site)
    assert read_tree(site) == {"index.html": "新版", "search/search_index.json": "{}"}
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_replace_tree_without_an_atomic_exchange_uses_two_renames(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    staging = publish.make_staging_dir(site)
    write_tree(staging, {"index.html": "新版"})
    publish.replace_tree(staging, site)
    assert read_tree(site) == {"index.html": "新版"}
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_replace_tree_restores_the_old_site_when_the_second_rename_fails(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    staging = publish.make_staging_dir(site)
    write_tree(staging, {"index.html": "新版"})
    real_rename = os.rename

    def rename(src: object, dst: object) -> None:
        if Path(str(src)) == staging:
            raise PermissionError(13, "in use", str(src))
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(PermissionError):
        publish.replace_tree(staging, site)
    assert read_tree(site) == {"index.html": "旧版", "old-only.html": "x"}
    assert sorted(p.name for p in site.parent.iterdir()) == sorted(["site", staging.name])


def test_replace_tree_creates_a_missing_target(tmp_path: Path) -> None:
    target = tmp_path / "out" / "site-public"
    staging = publish.make_staging_dir(target)
    write_tree(staging, {"index.html": "新版"})
    publish.replace_tree(staging, target)
    assert read_tree(target) == {"index.html": "新版"}


def test_the_staging_folder_is_a_hidden_sibling_readable_by_a_web_server(site: Path) -> None:
    staging = publish.make_staging_dir(site)
    assert staging.parent == site.parent
    assert staging.name.startswith(".site-tmp-")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(staging.stat().st_mode) == 0o777 & ~umask  # not mkdtemp's 0700


def test_leftovers_are_only_this_targets_staging_and_backup_folders(tmp_path: Path) -> None:
    target = tmp_path / "site"
    mine = [tmp_path / ".site-tmp-0123abcd", tmp_path / ".site-old-89abcdef"]
    others = [tmp_path / ".site-public-tmp-0123abcd", tmp_path / "site-tmp-0123abcd", tmp_path / ".site-tmp-keep"]
    for path in mine + others:
        write_tree(path, {"index.html": ""})
    assert publish.remove_leftovers(target) == sorted(mine)
    assert all(not p.exists() for p in mine)
    assert all(p.exists() for p in others)


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX only")
def test_a_second_build_of_the_same_folder_waits_for_the_first(tmp_path: Path) -> None:
    target = tmp_path / "site"
    waiting, acquired = threading.Event(), threading.Event()

    def second() -> None:
        with publish.target_lock(target, on_wait=waiting.set) as locked:
            assert locked
            acquired.set()

    with publish.target_lock(target) as locked:
        assert locked
        thread = threading.Thread(target=second)
        thread.start()
        assert waiting.wait(10)
        assert not acquired.is_set()
    thread.join(10)
    assert acquired.is_set()


def test_tree_digests_tell_exactly_which_files_differ(tmp_path: Path) -> None:
    write_tree(tmp_path / "a", {"index.html": "同", "x/a.js": "1", "only-a.txt": ""})
    write_tree(tmp_path / "b", {"index.html": "同", "x/a.js": "2", "only-b.txt": ""})
    assert publish.diff_trees(tmp_path / "a", tmp_path / "b") == ["only-a.txt", "only-b.txt", "x/a.js"]
    assert publish.diff_trees(tmp_path / "a", tmp_path / "a") == []
    assert publish.tree_digest(tmp_path / "a") != publish.tree_digest(tmp_path / "b")


def test_the_build_date_is_midnight_utc_of_the_latest_date() -> None:
    dates = [dt.date(2019, 10, 8), dt.date(2023, 5, 30), dt.date(2021, 1, 1)]
    assert publish.epoch_of_dates(dates) == int(dt.datetime(2023, 5, 30, tzinfo=dt.UTC).timestamp())
    assert publish.epoch_of_dates([]) is None


def test_the_build_date_counts_only_stories_the_edition_publishes() -> None:
    settings = load_settings(SAMPLE)
    stories = load_archive(settings.stories_dir, settings.vocab_file, settings.root).stories
    published = [s for s in stories if not s.is_draft]
    internal = build.source_date_epoch(settings, "internal")
    public = build.source_date_epoch(settings, "public")
    assert internal == publish.epoch_of_dates(s.date for s in published)
    assert public == publish.epoch_of_dates(s.date for s in published if not s.is_internal)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_without_stories_the_build_date_is_the_commit_time(tmp_path: Path) -> None:
    write_tree(tmp_path, {"mkdocs.yml": "site_name: 空档案\n", "docs/index.md": "# 空\n"})
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_COMMITTER_DATE": "2023-05-30T08:00:00+08:00"}
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *command], cwd=tmp_path, env=env, check=True, capture_output=True)
    assert build.source_date_epoch(load_settings(tmp_path), "internal") == 1685404800
    assert publish.git_commit_epoch(tmp_path / "docs") == 1685404800
    assert publish.git_commit_epoch(tmp_path.parent) is None  # outside any work tree


# --- which folders a build may replace --------------------------------------------------

@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    write_tree(root, {
        "mkdocs.yml": "site_name: 小档案\nsite_url: http://exemplar.intranet/\ndocs_dir: docs\nhooks:\n  - hooks/probe.py\n",
        "docs/index.md": "# 旧版首页\n",
        "hooks/probe.py": (REPO / "tests" / "data" / "probe_hook.py").read_text(encoding="utf-8"),
    })
    return root


@pytest.mark.parametrize(("site_dir", "reason"), [
    (".", "会覆盖档案本身"),
    ("docs", "会覆盖档案本身"),
    ("..", "会覆盖档案本身"),
    ("mkdocs.yml", "会覆盖档案本身"),
    ("notes", "不像是之前生成的网站"),
    ("file.txt", "不是文件夹"),
])
def test_a_build_never_replaces_the_archive_or_an_unrelated_folder(archive: Path, site_dir: str, reason: str) -> None:
    write_tree(archive, {"notes/私人笔记.txt": "别删", "file.txt": ""})
    settings = load_settings(archive)
    problem = build.unsafe_target((archive / site_dir).resolve(), settings)
    assert problem is not None and reason in problem


def test_default_site_folders_per_edition(archive: Path) -> None:
    settings = load_settings(archive)
    assert build.default_site_dir(settings, "internal") == archive / "site"
    assert build.default_site_dir(settings, "public") == archive / "site-public"


# --- end to end: exemplar build over a tiny MkDocs archive -------------------------------

def exemplar_command(archive: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "generator.cli.main", "--root", str(archive), "build", *args]


def exemplar_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", **extra}


def exemplar_build(archive: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(exemplar_command(archive, *args), cwd=archive, env=exemplar_env(**env), timeout=120,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", check=False)


def leftovers(archive: Path) -> list[str]:
    return sorted(p.name for p in archive.iterdir() if p.name.startswith(".site"))


@pytest.fixture
def built(archive: Path) -> tuple[Path, str]:
    """The archive with a first, complete site/ in place, and that site's digest."""
    process = exemplar_build(archive)
    assert process.returncode == 0, process.stdout
    (archive / "docs" / "index.md").write_text("# 新版首页\n", encoding="utf-8")
    return archive / "site", publish.tree_digest(archive / "site")


def start_slow_build(archive: Path, tmp_path: Path) -> tuple[subprocess.Popen[str], int, Path]:
    """Start a build that pauses in on_post_build; return it, MkDocs' pid and the staging folder."""
    marker = tmp_path / "post-build.txt"
    process = subprocess.Popen(exemplar_command(archive), cwd=archive,
                               env=exemplar_env(PROBE_MARKER=str(marker), PROBE_SLEEP="60"),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                               start_new_session=True)  # its own process group, as in a terminal
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, "the build never reached on_post_build"
        time.sleep(0.05)
    time.sleep(0.1)  # the hook writes the marker in one call; let it finish
    pid, staging = marker.read_text(encoding="utf-8").split(" ", 1)
    return process, int(pid), Path(staging)


@pytest.mark.build
def test_a_successful_build_replaces_the_site_and_leaves_nothing_behind(built: tuple[Path, str]) -> None:
    site, _ = built
    archive = site.parent
    process = exemplar_build(archive)
    assert process.returncode == 0, process.stdout
    assert "新版首页" in (site / "index.html").read_text(encoding="utf-8")
    assert "已生成内网版：site/" in process.stdout
    assert leftovers(archive) == []
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(site.stat().st_mode) == 0o777 & ~umask


@pytest.mark.build
def test_the_public_edition_goes_to_its_own_folder_with_its_edition_and_a_fixed_date(archive: Path) -> None:
    process = exemplar_build(archive, "--edition", "public", SOURCE_DATE_EPOCH="1685404800")
    assert process.returncode == 0, process.stdout
    assert (archive / "site-public" / "index.html").is_file()
    assert not (archive / "site").exists()
    env = (archive / "site-public" / "probe-env.txt").read_text(encoding="utf-8")
    assert env == "EXEMPLAR_EDITION=public SOURCE_DATE_EPOCH=1685404800"
    assert "<lastmod>2023-05-30</lastmod>" in (archive / "site-public" / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.build
def test_a_failed_build_leaves_the_previous_site_untouched(built: tuple[Path, str]) -> None:
    site, digest = built
    archive = site.parent
    config = archive / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "not_an_option: 1\n", encoding="utf-8")
    process = exemplar_build(archive)
    assert process.returncode == 1
    assert "原有网站未改动（site/）" in process.stdout
    assert publish.tree_digest(site) == digest
    assert leftovers(archive) == []


@pytest.mark.build
@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_an_interrupted_build_leaves_the_previous_site_untouched(
        built: tuple[Path, str], tmp_path: Path, signum: int, status: int) -> None:
    site, digest = built
    archive = site.parent
    process, mkdocs_pid, staging = start_slow_build(archive, tmp_path)
    assert staging.parent == archive and (staging / "index.html").is_file()  # well under way
    started = time.monotonic()
    process.send_signal(signum)  # to exemplar alone: it must stop MkDocs itself
    output = process.communicate(timeout=30)[0]
    assert time.monotonic() - started < build.GRACE_SECONDS  # stopped, not sat out
    assert process.returncode == status, output
    assert "已中断，原有网站未改动" in output
    assert publish.tree_digest(site) == digest
    assert leftovers(archive) == []
    with pytest.raises(ProcessLookupError):
        os.kill(mkdocs_pid, 0)


@pytest.mark.build
def test_ctrl_c_in_a_terminal_leaves_the_previous_site_untouched(built: tuple[Path, str], tmp_path: Path) -> None:
    site, digest = built
    archive = site.parent
    process, _, _ = start_slow_build(archive, tmp_path)
    os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches exemplar and MkDocs alike
    output = process.communicate(timeout=30)[0]
    assert process.returncode == 130, output
    assert publish.tree_digest(site) == digest
    assert leftovers(archive) == []


@pytest.mark.build
def test_a_killed_mkdocs_leaves_the_previous_site_untouched(built: tuple[Path, str], tmp_path: Path) -> None:
    site, digest = built
    archive = site.parent
    process, mkdocs_pid, _ = start_slow_build(archive, tmp_path)
    os.kill(mkdocs_pid, signal.SIGKILL)
    output = process.communicate(timeout=30)[0]
    assert process.returncode == 1, output
    assert f"MkDocs 被信号 {int(signal.SIGKILL)} 终止" in output
    assert publish.tree_digest(site) == digest
    assert leftovers(archive) == []


@pytest.mark.build
def test_the_next_build_removes_what_a_killed_exemplar_left(built: tuple[Path, str], tmp_path: Path) -> None:
    site, digest = built
    archive = site.parent
    process, mkdocs_pid, staging = start_slow_build(archive, tmp_path)
    process.kill()  # exemplar itself, with no chance to clean up
    os.kill(mkdocs_pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert publish.tree_digest(site) == digest
    assert leftovers(archive) == [staging.name]
    again = exemplar_build(archive)
    assert again.returncode == 0, again.stdout
    assert f"已删除上次中断留下的临时文件夹 {staging.name}" in again.stdout
    assert leftovers(archive) == []
    assert "新版首页" in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_a_swap_the_system_refuses_leaves_the_previous_site_and_says_why(
        built: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    site, digest = built
    archive = site.parent

    def refuse(new: Path, target: Path) -> None:
        raise PermissionError(13, "拒绝访问", str(target))

    monkeypatch.setattr(publish, "replace_tree", refuse)
    status = build.build_site(load_settings(archive), "internal", site)
    assert status == 1
    assert "无法替换 site/（拒绝访问），原有网站未改动" in capsys.readouterr().err
    assert publish.tree_digest(site) == digest
    assert leftovers(archive) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux only")
def test_on_linux_the_swap_is_one_atomic_exchange(tmp_path: Path) -> None:
    write_tree(tmp_path / "a", {"index.html": "甲"})
    write_tree(tmp_path / "b", {"index.html": "乙"})
    assert publish._exchange(tmp_path / "a", tmp_path / "b")
    assert read_tree(tmp_path / "a") == {"index.html": "乙"}
    assert read_tree(tmp_path / "b") == {"index.html": "甲"}


@pytest.mark.build
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_mkdocs_dies_with_a_killed_exemplar_and_the_next_build_cleans_up(built: tuple[Path, str],
                                                                          tmp_path: Path) -> None:
    site, digest = built
    archive = site.parent
    process, mkdocs_pid, staging = start_slow_build(archive, tmp_path)
    process.kill()  # exemplar alone, with no chance to stop MkDocs itself
    process.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while _alive(mkdocs_pid):
        assert time.monotonic() < deadline, "MkDocs outlived exemplar"
        time.sleep(0.05)
    assert publish.tree_digest(site) == digest
    again = exemplar_build(archive)
    assert again.returncode == 0, again.stdout
    assert leftovers(archive) == []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (dead, not yet reaped by init) counts as gone
    with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.build
def test_concurrent_builds_of_one_folder_both_finish_and_leave_a_whole_site(built: tuple[Path, str]) -> None:
    site, _ = built
    archive = site.parent
    processes = [subprocess.Popen(exemplar_command(archive), cwd=archive, env=exemplar_env(),
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
                 for _ in range(2)]
    outputs = [p.communicate(timeout=180)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert "新版首页" in (site / "index.html").read_text(encoding="utf-8")
    assert leftovers(archive) == []
