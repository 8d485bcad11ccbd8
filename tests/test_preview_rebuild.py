"""The preview (``exemplar serve`` = ``mkdocs serve --dirty``) renders only what an edit changed,
and what it leaves on disk is exactly what a clean build of the edited archive writes.

An in-process session does what serve's builder does (load the configuration again, build
with ``dirty=True``, plugin kept); after each edit its folder is compared, file by file,
with a clean preview build of the same sources in a separate process.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.archives import copy_archive

SERVE_URL = "http://127.0.0.1:8000/"

pytestmark = pytest.mark.build

PREVIEW_BUILD = """
import os, sys
os.environ["NO_MKDOCS_2_WARNING"] = "1"
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
config.site_url = sys.argv[3]
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url=config.site_url, dirty=False)
config.plugins.on_shutdown()
"""


class PreviewSession:
    """What ``mkdocs serve --dirty`` does between saves, without the http server."""

    def __init__(self, root: Path, site: Path) -> None:
        from mkdocs.config import load_config

        self.root, self.site = root, site
        self._load = lambda: load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
        self.config = self._config()
        self.config.plugins.on_startup(command="serve", dirty=True)
        self.plugin = self.config.plugins["exemplar"]

    def _config(self):  # type: ignore[no-untyped-def]
        config = self._load()
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> None:
        from mkdocs.commands.build import build

        config = self._config()
        assert config.plugins["exemplar"] is self.plugin, "serve keeps the plugin between rebuilds"
        build(config, serve_url=SERVE_URL, dirty=True)
        if self.plugin.preview.search.thread is not None:  # the search data follows the page; wait for it here
            self.plugin.preview.search.thread.join()

    def close(self) -> None:
        self.config.plugins.on_shutdown()


def snapshot(site: Path) -> dict[str, tuple[int, str]]:
    """Every file: (mtime in ns, SHA-256)."""
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            out[path.relative_to(site).as_posix()] = (path.stat().st_mtime_ns,
                                                      hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def clean_preview(root: Path, site: Path) -> dict[str, str]:
    result = subprocess.run([sys.executable, "-c", PREVIEW_BUILD, str(root / "mkdocs.yml"), str(site), SERVE_URL],
                            cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=600,
                            env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert result.returncode == 0, result.stderr[-4000:]
    return {k: v[1] for k, v in snapshot(site).items()}


def rewritten_pages(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> set[str]:
    """Generated pages (from the site model) written again by the last rebuild."""
    return {k for k, v in after.items() if k.endswith(".html") and before.get(k, (None,))[0] != v[0]
            and k not in ("404.html",)}


@pytest.fixture()
def session(tmp_path: Path) -> Iterator[PreviewSession]:
    root = tmp_path / "archive"
    copy_archive(root, whole_repo=True)
    s = PreviewSession(root, tmp_path / "preview")
    s.rebuild()
    yield s
    s.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_renders_only_the_pages_it_changes_and_leaves_what_a_clean_build_writes(
        session: PreviewSession, tmp_path: Path) -> None:
    stories = session.root / "stories"
    site = session.site
    first = snapshot(site)
    assert len([k for k in first if k.endswith(".html")]) > 100

    # 1. A line added to a story's body: its page and its poster (whose text comes from it), nothing else.
    story = stories / "huang-xiaoqing.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n补充一句：预览中的修改。\n", encoding="utf-8")
    session.rebuild()
    after = snapshot(site)
    assert rewritten_pages(first, after) == {"stories/huang-xiaoqing.html", "posters/huang-xiaoqing.html"}
    assert "预览中的修改" in (site / "stories/huang-xiaoqing.html").read_text(encoding="utf-8")
    assert {k: v[1] for k, v in after.items()} == clean_preview(session.root, tmp_path / "clean-1")

    # 2. The summary (shown on cards): the story page and the pages that list its card.
    edit(story, 'summary: "一线收费员黄小清', 'summary: "国网一线收费员黄小清')
    session.rebuild()
    before, after = after, snapshot(site)
    changed = rewritten_pages(before, after)
    assert "stories/huang-xiaoqing.html" in changed and "index.html" in changed  # featured on the home page
    assert any(k.startswith("columns/") for k in changed) and any(k.startswith("units/") for k in changed)
    assert len(changed) < len([k for k in after if k.endswith(".html")]) / 2
    assert {k: v[1] for k, v in after.items()} == clean_preview(session.root, tmp_path / "clean-2")

    # 3. A story deleted: its page (and poster) go; the pages that listed it follow.
    (stories / "cai-yonghui.md").unlink()
    session.rebuild()
    after = snapshot(site)
    assert "stories/cai-yonghui.html" not in after and "posters/cai-yonghui.html" not in after
    assert {k: v[1] for k, v in after.items()} == clean_preview(session.root, tmp_path / "clean-3")

    # 4. The vocabulary (what every page shares): everything is rendered again.
    before = after
    edit(stories / "vocab.yml", "tagline: 让榜样可见", "tagline: 让榜样看得见")
    session.rebuild()
    after = snapshot(site)
    assert rewritten_pages(before, after) == {k for k in after if k.endswith(".html") and k != "404.html"}
    assert {k: v[1] for k, v in after.items()} == clean_preview(session.root, tmp_path / "clean-4")


def test_a_build_with_an_error_changes_nothing_and_the_next_good_save_recovers(session: PreviewSession) -> None:
    story = session.root / "stories" / "huang-xiaoqing.md"
    good = story.read_text(encoding="utf-8")
    before = snapshot(session.site)
    story.write_text(good.replace("kind: person", "kind: robot", 1), encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - MkDocs' Abort or our PluginError, as serve shows it
        session.rebuild()
    assert snapshot(session.site) == before
    story.write_text(good + "\n恢复后的修改。\n", encoding="utf-8")
    session.rebuild()
    assert "恢复后的修改" in (session.site / "stories/huang-xiaoqing.html").read_text(encoding="utf-8")
    assert rewritten_pages(before, snapshot(session.site)) == {"stories/huang-xiaoqing.html",
                                                                "posters/huang-xiaoqing.html"}
