"""Shared fixtures: a tiny archive in ``tmp_path``, and the ``--refresh-cases`` option.

``tiny_archive`` is an archive root holding ``mkdocs.yml`` and ``stories/vocab.yml``
(a copy of the sample archive's vocabulary); tests add stories and media to it::

    def test_x(tiny_archive):
        tiny_archive.add_good_story("huang-xiaoqing")
        tiny_archive.write("stories/li-hua.md", "---\\ntitle: …")
        assert tiny_archive.lines() == [...]
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.core.archive import Archive, load_archive

REPO = Path(__file__).resolve().parent.parent
SAMPLE_VOCAB = REPO / "stories" / "vocab.yml"

# A story that passes every rule without a warning, once its photo exists.
GOOD_STORY = """\
---
title: 二十余年守着一座敬老院
name: {name}
kind: person
unit: 国网三明供电公司
columns: [礼赞榜样]
date: 2019-10-08
summary: 一线收费员自办敬老院，二十余年如一日赡养孤寡老人。
photo: media/{slug}.jpg
---

{name}的故事。
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--refresh-cases",
        action="store_true",
        default=False,
        help="rewrite the expected output of tests/cases/validate/*.yml from what the validator says now",
    )


@dataclass
class TinyArchive:
    """An archive root in a temporary folder: ``mkdocs.yml`` + ``stories/vocab.yml``."""

    root: Path

    @property
    def stories(self) -> Path:
        return self.root / "stories"

    def write(self, rel: str, content: str | bytes = b"") -> Path:
        """Write a file (path relative to the archive root); text is written as UTF-8 with ``\\n``."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    def add_good_story(self, slug: str = "huang-xiaoqing", name: str = "黄小清") -> Path:
        """A story with no diagnostics at all, and its photo."""
        self.write(f"stories/media/{slug}.jpg", b"\xff\xd8\xff\xd9")
        return self.write(f"stories/{slug}.md", GOOD_STORY.format(name=name, slug=slug))

    def load(self) -> Archive:
        return load_archive(self.stories, None, self.root)

    def lines(self) -> list[str]:
        """Every diagnostic, formatted as ``exemplar check`` prints it."""
        return [d.format_text() for d in self.load().diagnostics]


def make_tiny_archive(root: Path) -> TinyArchive:
    archive = TinyArchive(root)
    archive.write("mkdocs.yml", "site_name: 测试档案\ndocs_dir: stories\n")
    archive.stories.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE_VOCAB, archive.stories / "vocab.yml")
    return archive


@pytest.fixture
def tiny_archive(tmp_path: Path) -> TinyArchive:
    return make_tiny_archive(tmp_path / "archive")


@pytest.fixture
def good_story() -> str:
    """The text of a story that passes every rule (its photo: ``media/huang-xiaoqing.jpg``)."""
    return GOOD_STORY.format(name="黄小清", slug="huang-xiaoqing")


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio",
    "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """Debian's Chromium, one per test process: Playwright's sync API cannot run two at once, so every
    browser test (tests/browser/, the nginx CSP test) opens its pages in this one."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed (/usr/bin/chromium): run the README's test command")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
