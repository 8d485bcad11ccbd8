"""Two archives built one after the other in one process get their own pages, with nothing reset
in between: whatever a build keeps for the next lives in the memo its owner passes down
(:class:`generator.outputs.memo.BuildMemo`), never in a module."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.adapter.site_build import prepare_build
from generator.core.editions import Edition
from generator.outputs.memo import BuildMemo

from .conftest import GOOD_STORY, make_tiny_archive

ROOT = Path(__file__).resolve().parent.parent


def archive_with(root: Path, name: str, slug: str, title: str) -> Path:
    """An archive of two stories: ``slug`` (named ``name``) and zhang-san, whose title is ``title``."""
    archive = make_tiny_archive(root)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "theme_overrides").symlink_to(ROOT / "theme_overrides")
    story = GOOD_STORY.format(name=name, slug=slug).replace(f"photo: media/{slug}.jpg\n", "")
    archive.write(f"stories/{slug}.md", story)
    same_path = GOOD_STORY.format(name="张三", slug="zhang-san").replace("photo: media/zhang-san.jpg\n", "")
    archive.write("stories/zhang-san.md", same_path.replace("二十余年守着一座敬老院", title))
    return root


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("two-archives")
    return (archive_with(base / "a", "黄小清", "huang-xiaoqing", "甲档案里的张三"),
            archive_with(base / "b", "李华", "li-hua", "乙档案里的张三"))


def prepared(root: Path, memo: BuildMemo) -> dict[str, str]:
    """src_uri → title of every story page of the archive at ``root``, built with ``memo``."""
    result = prepare_build(root / "stories", root / "stories" / "vocab.yml", root, root / ".cache",
                           Edition.INTERNAL, preview=False, site_url="https://x.example.org/", memo=memo)
    assert result.build is not None, [d.format_text() for d in result.diagnostics]
    return {p.src_uri: p.title for p in result.build.model.pages if p.kind in ("story", "poster")}


def test_one_memo_serves_two_archives_in_turn(archives: tuple[Path, Path]) -> None:
    a, b = archives
    memo = BuildMemo()
    first_a = prepared(a, memo)
    first_b = prepared(b, memo)
    assert set(first_a) == {"stories/huang-xiaoqing.md", "stories/zhang-san.md",
                            "posters/huang-xiaoqing.md", "posters/zhang-san.md"}
    assert set(first_b) == {"stories/li-hua.md", "stories/zhang-san.md", "posters/li-hua.md", "posters/zhang-san.md"}
    assert first_a["stories/zhang-san.md"] == "甲档案里的张三" and first_b["stories/zhang-san.md"] == "乙档案里的张三"
    assert prepared(a, memo) == first_a and prepared(b, BuildMemo()) == first_b


def build_in_process(root: Path, dest: Path) -> None:
    """``mkdocs build`` of ``root`` in this process, as ``mkdocs``' command line runs it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(dest))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


@pytest.mark.slow
def test_two_archives_built_in_one_process_get_their_own_pages(archives: tuple[Path, Path],
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    a, b = archives
    build_in_process(a, tmp_path / "a")
    build_in_process(b, tmp_path / "b")
    build_in_process(a, tmp_path / "a2")
    for site, mine, other, title in ((tmp_path / "a", "huang-xiaoqing", "li-hua", "甲档案里的张三"),
                                     (tmp_path / "b", "li-hua", "huang-xiaoqing", "乙档案里的张三"),
                                     (tmp_path / "a2", "huang-xiaoqing", "li-hua", "甲档案里的张三")):
        assert (site / f"stories/{mine}.html").is_file() and not (site / f"stories/{other}.html").exists()
        assert title in (site / "stories/zhang-san.html").read_text(encoding="utf-8")
        home = (site / "index.html").read_text(encoding="utf-8")
        assert f"stories/{mine}.html" in home and f"stories/{other}.html" not in home
        search = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.js") if "search" in p.as_posix())
        assert title in search and ("乙档案" if title.startswith("甲") else "甲档案") not in search
