"""Shared fixtures: a tiny archive in ``tmp_path``, and the ``--refresh-cases`` option.

``tiny_archive`` is an archive root holding ``mkdocs.yml`` and ``stories/vocab.yml``
(a copy of the sample archive's vocabulary); tests add stories and media to it::

    def test_x(tiny_archive):
        tiny_archive.add_good_story("huang-xiaoqing")
        tiny_archive.write("stories/li-hua.md", "---\\ntitle: …")
        assert tiny_archive.lines() == [...]
"""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import threading
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import settings

from generator.core.archive import Archive, load_archive

from .profiles import PROFILE

settings.register_profile("quick", max_examples=50, deadline=None, database=None)
settings.register_profile("full", max_examples=500, deadline=None, database=None)
settings.load_profile(PROFILE)

# mkdocs-material sets NO_MKDOCS_2_WARNING when its templates module is first imported (a
# side effect of the import, not of a test): import it before any test, so that the leak guard
# below sees the variable as the session's, whichever test happens to import MkDocs first.
import material.templates  # noqa: E402, F401  isort: skip

from tests.archives import SAMPLE_VOCAB

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that builds a site or drives the browser is slow: ``pytest -m "not slow"`` skips them."""
    for item in items:
        if item.get_closest_marker("build") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@dataclass
class _State:
    """What a test must leave as it found it (see :func:`pytest_runtest_teardown`)."""

    threads: set[threading.Thread] = field(default_factory=set)
    env: dict[str, str] = field(default_factory=dict)
    cwd: str = ""


def _loop_left() -> str | None:
    """An event loop running, or set and not closed, in this thread: Playwright's sync API (and
    anything using ``asyncio.run``) fails in the next test that meets it."""
    if asyncio._get_running_loop() is not None:
        return "an asyncio event loop is still running"
    local = getattr(asyncio.get_event_loop_policy(), "_local", None)
    loop = getattr(local, "_loop", None)
    if loop is not None and not loop.is_closed():
        return "an asyncio event loop is still set and open"
    return None


_BEFORE = _State()


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Threads are compared at module boundaries (a module-scoped fixture may keep a browser or a
    # server for the module's tests); environment and working folder around every test.
    first_of_module = getattr(item.session, "_exemplar_module", None) != item.module
    if first_of_module:
        item.session._exemplar_module = item.module  # type: ignore[attr-defined]
        _BEFORE.threads = {t for t in threading.enumerate() if t.is_alive()}
    _BEFORE.env, _BEFORE.cwd = dict(os.environ), os.getcwd()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    """Fail a test that leaves threads, event loops, environment variables or a changed working
    folder behind: the suite must pass serially, with xdist and in any order."""
    yield
    problems: list[str] = []
    env = dict(os.environ)
    changed = sorted(k for k in env.keys() | _BEFORE.env.keys() if env.get(k) != _BEFORE.env.get(k))
    if changed:
        problems.append(f"environment variables changed: {changed}")
        for key in changed:  # put back, so that one leak does not fail every later test
            if key in _BEFORE.env:
                os.environ[key] = _BEFORE.env[key]
            else:
                os.environ.pop(key, None)
    if os.getcwd() != _BEFORE.cwd:
        problems.append(f"working folder changed to {os.getcwd()}")
        os.chdir(_BEFORE.cwd)
    if nextitem is None or nextitem.module != item.module:
        left = _new_threads(deadline=time.monotonic() + 5)
        if left:
            problems.append(f"threads still running after the module's tests: {sorted(t.name for t in left)}")
        loop = _loop_left()
        if loop:
            problems.append(loop)
    if problems:
        raise AssertionError("the test left state behind: " + "; ".join(problems))


PROCESS_THREADS = ("InotifyFD",)
"""Threads a library starts once per process and keeps by design (watchdog's one inotify reader,
shared by every observer): not left behind by a test."""


def _new_threads(deadline: float) -> list[threading.Thread]:
    """Threads started since the module's first test, given until ``deadline`` to finish."""
    while True:
        left = [t for t in threading.enumerate() if t.is_alive() and t not in _BEFORE.threads
                and type(t).__name__ not in PROCESS_THREADS]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


def _tiny_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 112, 107)).save(out, "JPEG")
    return out.getvalue()


TINY_JPEG = _tiny_jpeg()
"""A real 8×8 JPEG: exemplar check opens photos (E113), so a good story's photo must be one."""


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
        self.write(f"stories/media/{slug}.jpg", TINY_JPEG)
        return self.write(f"stories/{slug}.md", GOOD_STORY.format(name=name, slug=slug))

    def load(self) -> Archive:
        return load_archive(self.stories, None, self.root)

    def load_valid(self) -> Archive:
        """The archive, which the test expects to have no error (the errors are the failure's message)."""
        result = self.load()
        assert result.ok, [d.format_text() for d in result.errors]
        return result

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
