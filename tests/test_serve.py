"""``exemplar serve`` end to end: a real preview server on a copy of the sample archive.

A save reaches the page it changed and, a moment later, the search data; reading files (as
every build does) never starts another build; the server stops cleanly. How fast this
happens is measured by ``benchmarks/run.py``, not here.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.archives import copy_archive


pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local test server
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(check: Callable[[], bool], seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


class Preview:
    def __init__(self, root: Path, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log = log
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "generator.cli.main", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
                cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def builds(self) -> int:
        return len(re.findall(r"Documentation built in", self.log.read_text(encoding="utf-8", errors="replace")))

    def stop(self) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                return self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode


@pytest.fixture()
def preview(tmp_path: Path) -> Iterator[tuple[Preview, Path]]:
    root = tmp_path / "archive"
    copy_archive(root, whole_repo=True)
    server = Preview(root, tmp_path / "serve.log")
    page = server.base + "stories/huang-xiaoqing.html"
    try:
        assert wait_for(lambda: "黄小清" in fetch(page), 180), server.log.read_text(encoding="utf-8")[-3000:]
        yield server, root
    finally:
        server.stop()


def test_a_save_shows_on_its_page_then_in_search_and_reads_start_no_build(preview) -> None:  # type: ignore[no-untyped-def]
    server, root = preview
    page = server.base + "stories/huang-xiaoqing.html"
    assert wait_for(lambda: server.builds() == 1, 30)
    story = root / "stories" / "huang-xiaoqing.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n预览保存标记：配网抢修夜。\n", encoding="utf-8")
    assert wait_for(lambda: "预览保存标记" in fetch(page), 60), server.log.read_text(encoding="utf-8")[-3000:]

    def searchable() -> bool:  # the story's text for result snippets, written by the search update
        return any("预览保存标记" in fetch(f"{server.base}search/text/{n}.js") for n in range(40))

    assert wait_for(searchable, 60)
    # Every build reads every story; the preview must not take those reads for saves.
    time.sleep(3)
    assert server.builds() == 2, server.log.read_text(encoding="utf-8")[-3000:]
    assert server.stop() in (0, -signal.SIGINT, 130)


def get(url: str) -> tuple[int, str]:
    """Status and text of a page, error pages included (0: no answer within 5 s)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local test server
            return int(response.status), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode("utf-8")
    except OSError:
        return 0, ""


def exemplar(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli.main", *args], cwd=root, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, env={**os.environ, "PYTHONWARNINGS": "ignore"})


def test_a_new_draft_shows_a_broken_save_is_explained_and_the_fix_brings_the_page_back(preview) -> None:  # type: ignore[no-untyped-def]
    server, root = preview
    made = exemplar(root, "new", "王小明", "--column", "礼赞榜样")
    assert made.returncode == 0, made.stderr
    draft = root / "stories" / "wang-xiaoming.md"
    page = server.base + "stories/wang-xiaoming.html"
    # A draft with an empty summary (a warning) previews: warnings never stop the preview.
    assert wait_for(lambda: "王小明" in fetch(page), 60), server.log.read_text(encoding="utf-8")[-3000:]

    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace('title: "王小明的故事"', 'title: "王小明的故事', 1), encoding="utf-8")  # unclosed quote
    assert wait_for(lambda: get(page)[0] == 500, 60), server.log.read_text(encoding="utf-8")[-3000:]
    for url in (page, server.base, server.base + "index.html", server.base + "honours/index.html"):
        status, html = get(url)  # every page answers at once (the old preview hung here for minutes)
        assert status == 500 and "stories/wang-xiaoming.md:" in html and "E006" in html, url
        assert "保存的内容有错误" in html and "/livereload/" in html  # reloads itself once fixed
    status, last_good = get(server.base + "_exemplar/last-good/stories/huang-xiaoqing.html")
    assert status == 200 and "黄小清" in last_good
    assert get(server.base + "_exemplar/last-good/stories/wang-xiaoming.html")[0] == 200

    draft.write_text(text, encoding="utf-8")
    assert wait_for(lambda: get(page)[0] == 200, 60), server.log.read_text(encoding="utf-8")[-3000:]
    assert "王小明" in get(page)[1]
    assert "Traceback" not in server.log.read_text(encoding="utf-8")


@pytest.mark.parametrize("broken", [False, True], ids=["good", "broken"])
def test_ctrl_c_ends_the_preview_within_two_seconds(preview, broken: bool) -> None:  # type: ignore[no-untyped-def]
    server, root = preview
    if broken:
        story = root / "stories" / "huang-xiaoqing.md"
        story.write_text(story.read_text(encoding="utf-8").replace("title:", "title: [", 1), encoding="utf-8")
    expected = 500 if broken else 200
    assert wait_for(lambda: get(server.base + "index.html")[0] == expected, 60), \
        server.log.read_text(encoding="utf-8")[-3000:]
    started = time.monotonic()
    os.killpg(server.process.pid, signal.SIGINT)
    server.process.wait(timeout=10)
    assert time.monotonic() - started < 2.0
    assert server.process.returncode in (0, 130)
