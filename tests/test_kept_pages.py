"""Pages rendered on every processor and kept between builds: the site is byte for byte the site
of a one-process build without the store, cold, warm, after an edit, after a theme or
configuration change and with a damaged store; the store never serves one edition's pages to the other."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli.engine import choose_engine
from generator.outputs import publish
from generator.outputs.page_store import DB_NAME
from tests.archives import REPO, copy_archive

pytestmark = pytest.mark.build

PLAIN = {"EXEMPLAR_JOBS": "1", "EXEMPLAR_PAGE_CACHE": "off"}
"""A build in one process that neither reads nor writes the page store."""
PARALLEL = {"EXEMPLAR_JOBS": "2"}
"""Two processes, even for the fixture's hundred-odd pages (the default forks only for more)."""
COUNTS = re.compile(r"页面：(\d+) 个取自缓存，(\d+) 个并行生成")
SEARCH_WITH_PAGES = re.compile(r"搜索数据：(\d+) 个文件随缓存的页面写出")
LOGS: list[str] = []
"""What each build of the test printed, the last one last."""


def build(root: Path, dest: Path, env: dict[str, str], edition: str = "internal") -> tuple[int, int]:
    """A strict build of ``root`` into ``dest``; (pages served by the store, pages rendered ahead)."""
    shutil.rmtree(dest, ignore_errors=True)
    result = subprocess.run(
        [*choose_engine().command("build"), "--strict", "--verbose", "--site-dir", str(dest),
         "--config-file", str(root / "mkdocs.yml")],
        cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXEMPLAR_EDITION": edition, "PYTHONWARNINGS": "ignore", **env})
    assert result.returncode == 0, result.stderr[-4000:]
    LOGS.append(result.stderr)
    found = COUNTS.findall(result.stderr)
    assert found, "the build reports what the page store served"
    if env.get("EXEMPLAR_JOBS") != "1":  # the search files came from the store or the forked process, never made here
        assert "搜索数据：取自缓存" in result.stderr or "搜索数据：由分出的进程生成" in result.stderr, result.stderr[-3000:]
    return int(found[-1][0]), int(found[-1][1])


def pages_in(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def same(first: Path, second: Path) -> None:
    differing = publish.diff_trees(first, second)
    assert differing == [], f"files that differ from the one-process build without the store: {differing[:10]}"


def edit_a_story(root: Path) -> Path:
    story = next(p for p in sorted((root / "stories").glob("*.md")) if "draft: true" not in p.read_text(encoding="utf-8"))
    story.write_text(story.read_text(encoding="utf-8") + "\n新增的一段：保存后重新生成。\n", encoding="utf-8")
    return story


def test_parallel_and_kept_builds_are_the_one_process_build(tmp_path: Path) -> None:
    root = copy_archive(tmp_path / "archive")
    build(root, tmp_path / "plain", PLAIN)
    total = pages_in(tmp_path / "plain")
    shutil.rmtree(root / ".cache")

    served, ahead = build(root, tmp_path / "cold", PARALLEL)
    assert (served, ahead) == (0, total - 1)  # all but 404.html (a theme template, not a page) rendered ahead
    same(tmp_path / "plain", tmp_path / "cold")

    served, ahead = build(root, tmp_path / "warm", PARALLEL)
    assert (served, ahead) == (total - 1, 0)
    search_files = sum(1 for p in (tmp_path / "plain" / "search").rglob("*") if p.is_file())
    assert SEARCH_WITH_PAGES.findall(LOGS[-1]) == [str(search_files)]  # on both processors, with the pages
    same(tmp_path / "plain", tmp_path / "warm")

    story = edit_a_story(root)
    served, ahead = build(root, tmp_path / "edited", PARALLEL)
    assert 0 < ahead < (total - 1) / 4 and served + ahead == total - 1, (served, ahead)
    page = (tmp_path / "edited" / "stories" / f"{story.stem}.html").read_text(encoding="utf-8")
    assert "新增的一段" in page
    build(root, tmp_path / "edited-plain", PLAIN)
    same(tmp_path / "edited-plain", tmp_path / "edited")

    # The same store, the other edition: nothing of the internal edition's pages is served.
    build(root, tmp_path / "public-plain", PLAIN, edition="public")
    served, _ = build(root, tmp_path / "public", PARALLEL, edition="public")
    assert served == 0
    same(tmp_path / "public-plain", tmp_path / "public")


def test_a_changed_template_or_configuration_is_never_served_from_the_store(tmp_path: Path) -> None:
    root = copy_archive(tmp_path / "archive")
    (root / "theme_overrides").unlink()
    shutil.copytree(REPO / "theme_overrides", root / "theme_overrides")
    build(root, tmp_path / "first", PARALLEL)

    story_template = root / "theme_overrides" / "story.html"
    text = story_template.read_text(encoding="utf-8")
    assert '<header class="ex-profile">' in text
    story_template.write_text(text.replace('<header class="ex-profile">', '<header class="ex-profile kept-pages-probe">'),
                              encoding="utf-8")
    served, _ = build(root, tmp_path / "template", PARALLEL)
    assert served == 0
    stories = list((tmp_path / "template" / "stories").glob("*.html"))
    assert stories and all("kept-pages-probe" in p.read_text(encoding="utf-8") for p in stories)

    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: 榜样档案", "site_name: 榜样档案改名了"),
                      encoding="utf-8")
    served, _ = build(root, tmp_path / "renamed", PARALLEL)
    assert served == 0
    assert "榜样档案改名了" in (tmp_path / "renamed" / "index.html").read_text(encoding="utf-8")


def test_a_damaged_store_costs_a_slower_build_and_nothing_else(tmp_path: Path) -> None:
    root = copy_archive(tmp_path / "archive")
    build(root, tmp_path / "plain", PLAIN)
    build(root, tmp_path / "first", PARALLEL)
    store = root / ".cache" / "exemplar-pages" / DB_NAME
    assert store.is_file()
    store.write_bytes(b"not a database" * 1000)
    served, ahead = build(root, tmp_path / "damaged", PARALLEL)
    assert served == 0 and ahead > 0
    same(tmp_path / "plain", tmp_path / "damaged")

    shutil.rmtree(root / ".cache" / "exemplar-pages")
    (root / ".cache" / "exemplar-pages").write_text("a file where the store's folder goes", encoding="utf-8")
    build(root, tmp_path / "blocked", PARALLEL)
    same(tmp_path / "plain", tmp_path / "blocked")


def test_only_the_build_command_itself_skips_the_teardown() -> None:
    # mkdocs serve --clean builds as "build" too, and removes its temporary site after the plugins
    # shut down: ending the process there would leave it behind.
    import click

    from generator.adapter.kept_pages import run_as_command

    def under(root: str, command: str) -> bool:
        with click.Context(click.Group(root), info_name=root) as top, \
                click.Context(click.Command(command), parent=top, info_name=command):
            return run_as_command()

    assert under("mkdocs", "build")
    assert not under("mkdocs", "serve")
    assert not under("pytest", "build")
    assert not run_as_command()  # no command at all: a program calling MkDocs' functions
