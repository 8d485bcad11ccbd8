"""The benchmark runner: our archive against mkdocs-material's blog plugin and plain mkdocs-material.

    .venv/bin/python benchmarks/run.py --sizes 100,1000          # builds, check, serve, search
    .venv/bin/python benchmarks/run.py                           # N = 100, 1,000, 5,000
    .venv/bin/python benchmarks/run.py --big                     # … and 10,000
    .venv/bin/python benchmarks/run.py --sizes 1000 --skip-serve --skip-search --only archive

For each N the seeded corpus (benchmarks/corpus.py) is generated once and cached under
benchmarks/out/corpus/. The three sites are built in turn, each build a whole
``python -m mkdocs build -q -d DIR`` process into an empty folder, the archive once per
cache mode (its ``.cache`` emptied; kept with nothing changed; kept with one story
changed), so that one repetition is: blog, archive cold, material, archive unchanged,
archive one-story. Measured: wall time, CPU time (user + sys of the child, from
``os.wait4``), peak memory (the child's ``ru_maxrss``), pages, output size, bytes per
page and search index size. Also measured: ``exemplar check``; ``mkdocs serve`` showing a
one-line edit (N = 1,000); the time from opening a page in Chromium to the first search
result (N = 1,000 and 5,000, over http and file://).

Results go to benchmarks/out/results-<timestamp>.json and .md, and are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fnmatch
import functools
import http.server
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

ROOT = corpus.ROOT
OUT = Path(__file__).resolve().parent / "out"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
TARGETS = ("archive", "blog", "material")
SEARCHABLE = ("archive", "blog")  # plain material has no search plugin, so no search to time
CACHE_MODES = ("cold", "unchanged", "one-story")
EDIT_MARKER = "BENCHMARK-ONE-STORY"  # + a unique suffix: the paragraph the one-story mode appends
SERVE_LABELS = {("archive", False): "archive: exemplar serve", ("archive", True): "archive: plain mkdocs serve",
                ("blog", False): "blog: mkdocs serve", ("blog", True): "blog: mkdocs serve --dirty",
                ("material", False): "plain material: mkdocs serve"}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
SEARCH_INDEX_PATTERNS = ("*search*index*", "*search_index*", "*searchindex*")


# ---------------------------------------------------------------------------------------
# One measured process

@dataclass(slots=True)
class Run:
    """One child process: what it cost and how it ended."""

    wall: float
    user: float
    sys: float
    maxrss_mb: float
    returncode: int
    stderr_tail: str = ""

    @property
    def cpu(self) -> float:
        return self.user + self.sys

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_measured(cmd: list[str], cwd: Path, timeout: float) -> Run:
    """Run ``cmd`` to the end; its wall time, CPU time and peak RSS come from ``os.wait4``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=err, start_new_session=True)
        timer = threading.Timer(timeout, _kill_group, (proc.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl+C or SIGTERM: the build stops too
            _kill_group(proc.pid)
            os.waitpid(proc.pid, 0)
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        tail = err.read()[-4000:].decode("utf-8", "replace")
    return Run(wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode,
               "" if proc.returncode == 0 else tail)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


# ---------------------------------------------------------------------------------------
# Builds

@dataclass(slots=True)
class SiteFigures:
    pages: int
    output_bytes: int
    files: int
    search_files: dict[str, int]  # site-relative path → bytes
    page_median_bytes: float  # the median size of one .html file

    @property
    def output_mb(self) -> float:
        return self.output_bytes / 1e6

    @property
    def bytes_per_page(self) -> float:
        """All output (pages, assets, search data, images) divided by the pages."""
        return self.output_bytes / self.pages if self.pages else 0.0

    @property
    def search_mb(self) -> float:
        """Every search file on disk (an index plus, say, per-story text shards)."""
        return sum(self.search_files.values()) / 1e6

    @property
    def search_index_mb(self) -> float:
        """The index files a page must load before it can show a first result."""
        return sum(n for rel, n in self.search_files.items() if is_search_index(rel)) / 1e6


def site_figures(site: Path) -> SiteFigures:
    files = size = 0
    pages: list[int] = []
    search: dict[str, int] = {}
    for dirpath, _, filenames in os.walk(site):
        for name in filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(site).as_posix()
            n = path.stat().st_size
            files += 1
            size += n
            if name.endswith(".html"):
                pages.append(n)
            if is_search_data(rel):
                search[rel] = n
    return SiteFigures(len(pages), size, files, dict(sorted(search.items())),
                       statistics.median(pages) if pages else 0.0)


def site_fields(site: SiteFigures) -> dict[str, Any]:
    return {"pages": site.pages, "files": site.files, "output_mb": site.output_mb,
            "bytes_per_page": site.bytes_per_page, "page_median_bytes": site.page_median_bytes,
            "search_mb": site.search_mb,
            "search_index_mb": site.search_index_mb, "search_file_count": len(site.search_files),
            "search_index_files": {k: v for k, v in site.search_files.items() if is_search_index(k)}}


def is_search_index(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1].lower()
    return is_search_data(rel) and "index" in name


def is_search_data(rel: str) -> bool:
    """Files a page loads for search: ``search/…`` data, or any ``*search*index*`` under ``assets/``.

    Worker and bundle code (``*.min.js`` under ``assets/javascripts/``) is not index data.
    """
    name = rel.rsplit("/", 1)[-1].lower()
    if rel.startswith("assets/javascripts/") and name.endswith(".min.js"):
        return False
    if rel.startswith("search/") and not name.endswith((".html", ".min.js")):
        return True
    return rel.startswith(("assets/", "search/")) and any(fnmatch.fnmatch(name, p) for p in SEARCH_INDEX_PATTERNS)


@dataclass(slots=True)
class BuildResult:
    runs: list[Run] = field(default_factory=list)
    site: SiteFigures | None = None

    def summary(self) -> dict[str, Any]:
        ok = [r for r in self.runs if r.ok]
        out: dict[str, Any] = {"runs": len(self.runs), "failed": len(self.runs) - len(ok),
                               "each": [{"wall": r.wall, "cpu": r.cpu, "maxrss_mb": r.maxrss_mb, "ok": r.ok}
                                        for r in self.runs]}
        if ok:
            walls = [r.wall for r in ok]
            out.update(wall_median=statistics.median(walls), wall_min=min(walls), wall_max=max(walls),
                       cpu_median=statistics.median(r.cpu for r in ok),
                       user_median=statistics.median(r.user for r in ok),
                       sys_median=statistics.median(r.sys for r in ok),
                       maxrss_mb=max(r.maxrss_mb for r in ok))
        if self.site:
            out.update(site_fields(self.site))
        failed = [r for r in self.runs if not r.ok]
        if failed:
            out["error"] = failed[-1].stderr_tail[-1500:]
        return out


def build_command(site: Path) -> list[str]:
    return [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(site)]


def target_dir(corpus_dir: Path, target: str) -> Path:
    return corpus_dir / target


@dataclass(frozen=True, slots=True)
class Step:
    """One measured build: a site, and for the archive how its ``.cache`` is left before it."""

    target: str
    mode: str = ""  # the archive's: cold | unchanged | one-story

    @property
    def key(self) -> str:
        """The build's name in the results: ``blog``, ``material``, ``archive:cold`` …"""
        return f"{self.target}:{self.mode}" if self.mode else self.target


def build_plan(targets: tuple[str, ...], modes: tuple[str, ...]) -> list[Step]:
    """One repetition: the other sites and the archive's modes in turn, so that each archive
    mode directly follows the archive build whose ``.cache`` it keeps —
    blog, archive:cold, material, archive:unchanged, archive:one-story."""
    others = [Step(t) for t in targets if t != "archive"]
    archive = [Step("archive", m) for m in modes] if "archive" in targets else []
    plan: list[Step] = []
    for i in range(max(len(others), len(archive))):
        plan += others[i:i + 1] + archive[i:i + 1]
    return plan


class StaleOutputError(RuntimeError):
    """A build's output does not show the stories as they were: a cache served an old page."""


def measure_builds(corpus_dir: Path, plan: list[Step], repeat: int, sites: Path, timeout: float,
                   log: Any, probe: dict[str, Any], progress: Any = None) -> dict[str, BuildResult]:
    """The plan ``repeat`` times over; the figures of each step's last site are kept.

    Each build writes into an empty folder (as CI does). The archive's ``.cache`` is emptied
    before a cold build; an unchanged or one-story build needs it to hold the current
    stories' build, and gets an unmeasured build first when it does not (the first
    repetition without a cold mode, or after a one-story build's edit was undone).
    """
    results = {step.key: BuildResult() for step in plan}
    warm = False  # the archive's .cache holds a build of the stories as they are now
    for i in range(repeat):
        for step in plan:
            site = sites / step.target
            if step.mode in ("unchanged", "one-story") and not warm:
                log("    archive: an unmeasured build to fill .cache")
                warm = build_step(Step("archive"), corpus_dir, site, timeout, probe).ok
            run = build_step(step, corpus_dir, site, timeout, probe)
            if step.target == "archive":
                warm = run.ok and step.mode != "one-story"
            results[step.key].runs.append(run)
            log_run(log, step, i, run)
            if run.ok and i == repeat - 1:
                results[step.key].site = site_figures(site)
            if progress is not None:  # keep what was measured, should the run be stopped
                progress(results)
    return results


def build_step(step: Step, corpus_dir: Path, site: Path, timeout: float, probe: dict[str, Any]) -> Run:
    """One build into an empty ``site``, the archive's ``.cache`` left as ``step.mode`` asks."""
    shutil.rmtree(site, ignore_errors=True)
    folder = target_dir(corpus_dir, step.target)
    if step.mode == "cold":
        shutil.rmtree(folder / ".cache", ignore_errors=True)
    elif step.mode:
        touch_tree(folder / "stories")
    with story_change(corpus_dir, probe, step.mode == "one-story") as marker:
        run = run_measured(build_command(site), folder, timeout)
    if run.ok and step.target == "archive":
        check_probe_page(site / story_url("archive", probe), marker)
    return run


def touch_tree(folder: Path) -> None:
    """Every file's mtime to now, as a fresh CI checkout has it: a kept cache must go by content, not by time."""
    now = time.time()
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            os.utime(Path(dirpath) / name, (now, now))


@contextlib.contextmanager
def story_change(corpus_dir: Path, probe: dict[str, Any], change: bool) -> Iterator[str | None]:
    """With ``change``, the probe story gets a paragraph of its own (the marker) until the block ends."""
    if not change:
        yield None
        return
    marker = f"{EDIT_MARKER}-{os.getpid()}-{time.time_ns()}"
    with corpus.edited(corpus_dir, story_file(corpus_dir, "archive", probe)) as path:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
        yield marker


def check_probe_page(page: Path, marker: str | None) -> None:
    """The probe story's page shows this build's edit (``marker``), or no edit at all without one."""
    if not page.is_file():
        if marker:
            raise StaleOutputError(f"{page} was not written by the one-story build")
        return  # not in this edition, say: nothing to check
    text = page.read_text(encoding="utf-8", errors="replace")
    if marker and marker not in text:
        raise StaleOutputError(f"{page} lacks the paragraph just added to its story: an old page was served")
    if not marker and EDIT_MARKER in text:
        raise StaleOutputError(f"{page} still shows an edit that was undone: an old page was served")


def log_run(log: Any, step: Step, i: int, run: Run) -> None:
    status = "ok" if run.ok else f"FAILED (exit {run.returncode})"
    log(f"    {step.key:<17} #{i + 1}: {run.wall:7.2f} s wall, {run.cpu:7.2f} s CPU, "
        f"{run.maxrss_mb:6.0f} MB peak — {status}")
    if not run.ok and run.stderr_tail.strip():
        log("      " + run.stderr_tail.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------
# exemplar check

def measure_check(archive: Path, repeat: int, timeout: float) -> dict[str, Any]:
    runs = [run_measured([PYTHON, "-m", "generator.cli.main", "--root", str(archive), "check"], archive, timeout)
            for _ in range(repeat)]
    walls = [r.wall for r in runs]
    return {"wall_median": statistics.median(walls), "wall_min": min(walls), "wall_max": max(walls),
            "cpu_median": statistics.median(r.cpu for r in runs), "maxrss_mb": max(r.maxrss_mb for r in runs),
            # exit 1 means errors in the stories: that would be a corpus bug, so say so
            "returncode": runs[-1].returncode, "error": runs[-1].stderr_tail[-800:] if runs[-1].returncode else ""}


# ---------------------------------------------------------------------------------------
# Browser helpers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def static_server(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()),
                                             functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# ---------------------------------------------------------------------------------------
# Search in Chromium

@dataclass(frozen=True, slots=True)
class SearchUI:
    """How to search a built page: material's header search unless our theme says otherwise."""

    input: str = "input.md-search__input"
    opener: str = 'label[for="__search"]'
    result: str = ".md-search-result__item"


def detect_search_ui(site: Path) -> tuple[SearchUI, str]:
    """Read the built home page: if material's search form is there, use it; else look for another."""
    home = (site / "index.html").read_text(encoding="utf-8", errors="replace") if (site / "index.html").exists() else ""
    if "data-ex-search" in home:
        return SearchUI(), "our search (theme_overrides/partials/search.html + assets/exemplar/search.js)"
    if "md-search__input" in home:
        return SearchUI(), "material search form (input.md-search__input → .md-search-result__item)"
    match = re.search(r'<input[^>]*type="search"[^>]*>', home)
    if match:
        ident = re.search(r'\b(?:id|class)="([^"]+)"', match.group(0))
        selector = f'input[type="search"]' if not ident else (
            f"#{ident.group(1)}" if "id=" in ident.group(0) else "input." + ident.group(1).split()[0])
        return SearchUI(input=selector, opener="", result="[data-search-result], .ex-search-result, "
                        ".md-search-result__item"), f"own search input {selector}"
    return SearchUI(), "no search form found in index.html; trying material's"


def measure_search(browser: Any, url: str, query: str, ui: SearchUI, site: Path, timeout: float) -> dict[str, Any]:
    """Open ``url`` in a fresh context, search for ``query``; time open → first result."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    out: dict[str, Any] = {"url": url, "query": query}
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
        out["dom_s"] = time.perf_counter() - t0
        box = page.locator(ui.input).first
        if ui.opener and not box.is_visible() and page.locator(ui.opener).first.is_visible():
            page.locator(ui.opener).first.click()
        try:
            box.wait_for(state="visible", timeout=10_000)
        except Exception:
            # material hides its search form when its Web Worker cannot start (file://)
            raise RuntimeError("search form stays hidden: search is unavailable on this page") from None
        box.click(timeout=timeout * 1000)
        box.fill(query)
        page.keyboard.press("End")  # a keyup: material reads the query on keyup, and fill() sends none
        t_typed = time.perf_counter()
        out["typed_s"] = t_typed - t0
        page.wait_for_selector(ui.result, timeout=timeout * 1000)
        t_result = time.perf_counter()
        out["first_result_s"] = t_result - t0
        out["typing_to_result_s"] = t_result - t_typed
        first = page.locator(ui.result).first.inner_text(timeout=5000)
        out["first_result_text"] = " ".join(first.split())[:80]
        out["first_result_has_query"] = query in first
    except Exception as exc:  # a timeout is a result here: no search result appeared
        out["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    finally:
        out["page_errors"] = errors[:3]
        out["search_data_bytes"] = _requested_search_bytes(requested, url, site)
        context.close()
    return out


def _requested_search_bytes(urls: list[str], base: str, site: Path) -> int:
    total = 0
    root = base.rsplit("/", 1)[0] + "/"
    for u in dict.fromkeys(urls):
        if not u.startswith(root):
            continue
        rel = urllib.request.url2pathname(u[len(root):].split("?")[0].split("#")[0])
        if is_search_data(rel) and (site / rel).is_file():
            total += (site / rel).stat().st_size
    return total


def search_benchmark(sites: dict[str, Path], query: str, repeat: int, timeout: float,
                     log: Any, results: dict[str, Any] | None = None, progress: Any = None) -> dict[str, Any]:
    results = {} if results is None else results
    with chromium() as browser:
        for target, site in sites.items():
            ui, how = detect_search_ui(site)
            log(f"    {target}: {how}")
            with static_server(site) as base:
                for mode, url in (("http", base + "index.html"), ("file", (site / "index.html").as_uri())):
                    runs = [measure_search(browser, url, query, ui, site, timeout) for _ in range(repeat)]
                    times = [r["first_result_s"] for r in runs if "first_result_s" in r]
                    entry = {"runs": runs, "ui": how,
                             "search_data_bytes": max(r["search_data_bytes"] for r in runs)}
                    if times:
                        entry.update(first_result_median=statistics.median(times), first_result_min=min(times),
                                     first_result_max=max(times),
                                     typing_to_result_median=statistics.median(
                                         r["typing_to_result_s"] for r in runs if "typing_to_result_s" in r))
                    else:
                        entry["error"] = runs[-1].get("error", "no result")
                    results[f"{target}/{mode}"] = entry
                    shown = (f"{entry['first_result_median']:.2f} s" if times
                             else f"no result ({entry['error'][:90]})")
                    log(f"    {target:<7} {mode:<4}: open → first result {shown}; "
                        f"search data loaded {entry['search_data_bytes'] / 1e6:.2f} MB")
                    if progress is not None:
                        progress()
    return results


# ---------------------------------------------------------------------------------------
# mkdocs serve: a one-line edit until the browser shows it

def story_url(target: str, probe: dict[str, Any]) -> str:
    if target != "blog":
        return f"stories/{probe['slug']}.html"
    date = dt.date.fromisoformat(probe["date"])
    return f"blog/{date:%Y/%m/%d}/{probe['slug']}.html"


def story_file(corpus_dir: Path, target: str, probe: dict[str, Any]) -> Path:
    if target == "archive":
        return corpus_dir / "archive" / probe["path"]
    if target == "material":
        return corpus_dir / "material" / "docs" / "stories" / f"{probe['slug']}.md"
    return corpus_dir / "blog" / "docs" / "blog" / "posts" / f"{probe['slug']}.md"


def _get(url: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - 127.0.0.1 only
            return resp.status, resp.read().decode("utf-8", "replace")
    except Exception:
        return 0, ""


def measure_serve(browser: Any, corpus_dir: Path, target: str, probe: dict[str, Any], edits: int,
                  startup_timeout: float, reload_timeout: float, log: Any, dirty: bool = False) -> dict[str, Any]:
    port = free_port()
    if target == "archive" and not dirty:  # what an editor runs: exemplar serve (= mkdocs serve --dirty + plugin)
        cmd = [PYTHON, "-m", "generator.cli.main", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    elif target == "archive":  # --serve-dirty's second figure for the archive: plain mkdocs serve, every page again
        cmd = [PYTHON, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--livereload"]
    else:
        cmd = [PYTHON, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--livereload"] + (["--dirty"] if dirty else [])
    path = story_file(corpus_dir, target, probe)
    original = path.read_bytes()
    url = f"http://127.0.0.1:{port}/{story_url(target, probe)}"
    out: dict[str, Any] = {"target": target, "url_path": story_url(target, probe), "dirty": dirty, "edits": []}
    with corpus.edited(corpus_dir, path), tempfile.TemporaryFile() as logfile:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=target_dir(corpus_dir, target), env=ENV, stdout=logfile, stderr=logfile,
                                start_new_session=True)
        context = None
        try:
            while time.perf_counter() - t0 < startup_timeout:
                if proc.poll() is not None:
                    raise RuntimeError(f"mkdocs serve exited with {proc.returncode}")
                status, _ = _get(url, 2)
                if status == 200:
                    break
                time.sleep(0.25)
            else:
                raise TimeoutError(f"mkdocs serve did not serve {url} within {startup_timeout:.0f} s")
            out["startup_s"] = time.perf_counter() - t0
            log(f"    {target}: serving after {out['startup_s']:.1f} s")
            context = browser.new_context()
            page = context.new_page()
            page.goto(url, wait_until="load")
            time.sleep(1.0)  # let the livereload long-poll connect
            text = original.decode("utf-8")
            for k in range(edits):
                marker = f"BENCHMARK-MARKER-{os.getpid()}-{k}-{int(time.time())}"
                edited = text.rstrip("\n") + f"\n\n{marker}\n"
                t_edit = time.perf_counter()
                path.write_text(edited, encoding="utf-8")
                seen_http = seen_browser = None
                while time.perf_counter() - t_edit < reload_timeout and (seen_http is None or seen_browser is None):
                    if seen_http is None and marker in _get(url, 5)[1]:
                        seen_http = time.perf_counter() - t_edit
                    if seen_browser is None:
                        with contextlib.suppress(Exception):  # the page may be mid-reload
                            if page.evaluate("m => !!document.body && document.body.innerText.includes(m)", marker):
                                seen_browser = time.perf_counter() - t_edit
                    time.sleep(0.1)
                edit = {"http_s": seen_http, "browser_s": seen_browser}
                out["edits"].append(edit)
                log(f"    {target}: edit {k + 1}: built page has it after "
                    f"{'%.2f s' % seen_http if seen_http else 'timeout'}, browser shows it after "
                    f"{'%.2f s' % seen_browser if seen_browser else 'timeout'}")
                time.sleep(1.0)
        except Exception as exc:
            out["error"] = f"{type(exc).__name__}: {exc}"
            log(f"    {target}: {out['error']}")
        finally:  # the story itself is restored by corpus.edited, once the server has stopped
            if context is not None:
                context.close()
            _stop(proc)
            logfile.seek(0)
            tail = logfile.read()[-3000:].decode("utf-8", "replace")
            if "error" in out:
                out["log_tail"] = tail
                why = [ln.strip() for ln in tail.splitlines() if ln.strip().startswith(("Aborted", "ERROR", "Error"))]
                if why:
                    out["error"] += f" — {why[-1][:120]}"
    browser_times = [e["browser_s"] for e in out["edits"] if e["browser_s"] is not None]
    if browser_times:
        out["browser_median"] = statistics.median(browser_times)
    return out


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop mkdocs serve and everything it started: SIGINT first (a clean shutdown), then SIGKILL."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            proc.wait(5)
    with contextlib.suppress(ProcessLookupError):  # stragglers of the group, if any
        os.killpg(proc.pid, signal.SIGKILL)


# ---------------------------------------------------------------------------------------
# Report

def fmt_s(v: float | None) -> str:
    return "—" if v is None else (f"{v:.2f} s" if v < 100 else f"{v:.0f} s")


def ratio(a: float | None, b: float | None) -> str:
    return "—" if not a or not b else f"{a / b:.2f}"


# The builds in the order a report lists them; "archive" alone is a result file from before the cache modes.
BUILD_LABELS = {
    "archive:cold": "archive, cold (.cache emptied)",
    "archive:unchanged": "archive, .cache kept, nothing changed",
    "archive:one-story": "archive, .cache kept, one story changed",
    "archive": "archive (ours)",
    "blog": "blog plugin",
    "material": "plain mkdocs-material, no plugin",
}
# Issue 20's "done when", at 1,000 stories: (build, divided by, goal, how it compares)
GOALS = (
    ("archive:cold", "blog", 0.30, "≤"),
    ("archive:cold", "material", 1.0, "<"),
    ("archive:unchanged", "blog", 0.10, "≤"),
    ("archive:one-story", "blog", 0.15, "≤"),
)
SCALE_GOAL = 8.0  # 10,000 stories' cold build ÷ 1,000 stories'
MEMORY_GOAL_MB = 3000.0  # peak memory of any archive build of 10,000 stories


def built_keys(data: dict[str, Any]) -> list[str]:
    return [key for key in BUILD_LABELS if isinstance(data.get(key), dict)]


def wall_cell(d: dict[str, Any]) -> str:
    if "wall_median" not in d:
        return "failed" if d.get("failed") else "—"
    return f"{d['wall_median']:.2f} s ({d['wall_min']:.2f}–{d['wall_max']:.2f})"


def cell(d: dict[str, Any], key: str, form: str) -> str:
    return form.format(d[key]) if key in d else "—"


def size_table(n: int, data: dict[str, Any]) -> list[str]:
    keys = built_keys(data)
    rows = [f"#### N = {n:,}", ""]
    if any("wall_median" in data[k] or data[k].get("failed") for k in keys):
        rows += time_rows(data, keys)
    if any("pages" in data[k] for k in keys):
        rows += output_rows(data, keys)
    if "check" in data:
        c = data["check"]
        rows += [f"`exemplar check`: {c['wall_median']:.2f} s wall ({c['cpu_median']:.2f} s CPU), "
                 f"{c['maxrss_mb']:.0f} MB", ""]
    rows += goal_rows(data)
    for key in keys:
        err = data[key].get("error")
        if err:
            last = [ln for ln in err.strip().splitlines() if ln.strip()][-1:]
            rows += [f"{BUILD_LABELS[key]} build error: `{(last[0] if last else '')[:150]}`", ""]
    return rows


def time_rows(data: dict[str, Any], keys: list[str]) -> list[str]:
    blog, material = data.get("blog", {}).get("wall_median"), data.get("material", {}).get("wall_median")
    rows = ["| build | wall, median (min–max) | CPU (user+sys), median | peak memory | wall ÷ blog | "
            "wall ÷ material |", "|---|---:|---:|---:|---:|---:|"]
    for key in keys:
        d = data[key]
        rows.append(f"| {BUILD_LABELS[key]} | {wall_cell(d)} | {cell(d, 'cpu_median', '{:.2f} s')} | "
                    f"{cell(d, 'maxrss_mb', '{:.0f} MB')} | {ratio(d.get('wall_median'), blog)} | "
                    f"{ratio(d.get('wall_median'), material)} |")
    return rows + [""]


def output_rows(data: dict[str, Any], keys: list[str]) -> list[str]:
    rows = ["| output | pages (.html) | output size | bytes per page | median page | "
            "search index a page loads first | all search files (count) |", "|---|---:|---:|---:|---:|---:|---:|"]
    for key in (k for k in keys if "pages" in data[k]):
        d = data[key]
        rows.append(f"| {BUILD_LABELS[key]} | {d['pages']:,} | {d['output_mb']:.1f} MB | "
                    f"{cell(d, 'bytes_per_page', '{:,.0f} B')} | {cell(d, 'page_median_bytes', '{:,.0f} B')} | "
                    f"{d['search_index_mb']:.2f} MB | {d['search_mb']:.2f} MB ({d['search_file_count']}) |")
    return rows + [""]


def goal_rows(data: dict[str, Any]) -> list[str]:
    rows = ["| issue 20's targets (set at N = 1,000) | goal | measured | |", "|---|---:|---:|---|"]
    for key, over, goal, sign in GOALS:
        a, b = data.get(key, {}).get("wall_median"), data.get(over, {}).get("wall_median")
        if a and b:
            rows.append(f"| {BUILD_LABELS[key]}, wall ÷ {BUILD_LABELS[over]} | {sign} {goal:.2f} | {a / b:.2f} | "
                        f"{verdict(a / b, goal, sign)} |")
    return rows + [""] if len(rows) > 2 else []


def verdict(value: float, goal: float, sign: str) -> str:
    return "met" if (value <= goal if sign == "≤" else value < goal) else "**not met**"


def scale_table(sizes: dict[str, Any]) -> list[str]:
    """Issue 20's 10,000-story targets: the cold build's growth over 1,000 stories, and its memory."""
    small, big = sizes.get("1000", {}), sizes.get("10000", {})
    cold = "archive:cold" if "archive:cold" in big else "archive"
    a, b = big.get(cold, {}).get("wall_median"), small.get(cold, {}).get("wall_median")
    memory = [big[k]["maxrss_mb"] for k in built_keys(big) if k.startswith("archive") and "maxrss_mb" in big[k]]
    rows = ["| issue 20's targets at 10,000 stories | goal | measured | |", "|---|---:|---:|---|"]
    if a and b:
        rows.append(f"| {BUILD_LABELS[cold]}: wall at 10,000 ÷ wall at 1,000 | ≤ {SCALE_GOAL:.0f} | {a / b:.2f} | "
                    f"{verdict(a / b, SCALE_GOAL, '≤')} |")
    if memory:
        rows.append(f"| peak memory of the archive's builds at 10,000 | < {MEMORY_GOAL_MB / 1000:.0f} GB | "
                    f"{max(memory) / 1000:.2f} GB | {verdict(max(memory), MEMORY_GOAL_MB, '<')} |")
    return rows + [""] if len(rows) > 2 else []


def serve_table(serve: dict[str, Any]) -> list[str]:
    rows = ["| mkdocs serve, one-line edit | N | startup | edit → built page (http) | edit → browser shows it |",
            "|---|---:|---:|---:|---:|"]
    for key, s in serve.items():
        target, n = key.split("@")
        http_ = ", ".join(fmt_s(e["http_s"]) for e in s.get("edits", [])) or "—"
        brow = ", ".join(fmt_s(e["browser_s"]) for e in s.get("edits", [])) or s.get("error", "—")[:80]
        rows.append(f"| {target} | {int(n):,} | {fmt_s(s.get('startup_s'))} "
                    f"| {http_} | {brow} |")
    return rows + [""]


def search_table(search: dict[str, Any]) -> list[str]:
    rows = ["| search in Chromium | N | open → first result, median (min–max) | typing → result | "
            "search data loaded |", "|---|---:|---:|---:|---:|"]
    for key, s in search.items():
        where, n = key.split("@")
        if "first_result_median" in s:
            shown = f"{s['first_result_median']:.2f} s ({s['first_result_min']:.2f}–{s['first_result_max']:.2f})"
            typing = fmt_s(s.get("typing_to_result_median"))
        else:
            shown, typing = f"no result ({s.get('error', '')[:100]})", "—"
        rows.append(f"| {where} | {int(n):,} | {shown} | {typing} | {s['search_data_bytes'] / 1e6:.2f} MB |")
    return rows + [""]


def markdown_report(results: dict[str, Any]) -> str:
    meta = results["meta"]
    if meta.get("parts"):
        lines = ["### Results from several runs", "",
                 f"{meta['cpus']} CPUs, Python {meta['python']}, mkdocs {meta['mkdocs']}, "
                 f"mkdocs-material {meta['material']}, seed {meta['seed']}; made by:", "",
                 *(f"- `{part.split(' (')[0]}` ({part.split(' (', 1)[1]}" for part in meta["parts"]), ""]
    else:
        lines = [f"### Results {meta['timestamp']}", "",
                 f"`{meta['command']}` — {meta['cpus']} CPUs, Python {meta['python']}, mkdocs {meta['mkdocs']}, "
                 f"mkdocs-material {meta['material']}, git {meta['git']}; load average at start "
                 f"{meta['load_start']}, at end {meta.get('load_end', '—')}; seed {meta['seed']}; "
                 f"{order_note(meta)}", ""]
    if results.get("stale_output"):
        lines += [f"**This run failed: {results['stale_output']}. Its figures are not valid.**", ""]
    for n, data in sorted(results["sizes"].items(), key=lambda item: int(item[0])):
        lines += size_table(int(n), data)
    lines += scale_table(results["sizes"])
    if results.get("serve"):
        lines += serve_table(results["serve"])
    if results.get("search"):
        lines += search_table(results["search"])
    return "\n".join(lines)


def order_note(meta: dict[str, Any]) -> str:
    if "order" not in meta:  # a result file from before the cache modes
        return f"{meta['repeat']} builds of each" + (", each archive build cold (.cache emptied)" if meta.get("cold")
                                                    else " (archive .cache kept between builds)")
    if not meta["order"]:
        return "no timed builds"
    return f"{meta['repeat']} × in turn: " + ", ".join(meta["order"]) + ", each into an empty folder"


def merge_results(paths: list[Path]) -> dict[str, Any]:
    """Several result files as one report: later files fill in (or replace) what earlier ones measured."""
    merged: dict[str, Any] = {"meta": {}, "sizes": {}, "serve": {}, "search": {}}
    commands = []
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        commands.append(f"{data['meta']['command']} ({data['meta']['timestamp']}, git {data['meta']['git']})")
        merged["meta"] = {**data["meta"]}
        for n, entry in data["sizes"].items():
            into = merged["sizes"].setdefault(n, {})
            for key, value in entry.items():
                if key == "archive" and data["meta"].get("cold"):
                    key = "archive:cold"  # a file from before the cache modes, made with --cold
                if key in BUILD_LABELS and ("wall_median" not in value and "wall_median" in into.get(key, {})):
                    continue  # a run that skipped the builds does not replace measured builds
                into[key] = value
        merged["serve"].update(data.get("serve", {}))
        merged["search"].update(data.get("search", {}))
    merged["meta"]["parts"] = commands
    return merged


def _versions() -> tuple[str, str]:
    from importlib.metadata import version

    return version("mkdocs"), version("mkdocs-material")


def _git() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "theme_overrides", "mkdocs.yml"],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return rev + ("+uncommitted" if dirty else "")
    except Exception:
        return "?"


def _sizes(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def _choices(allowed: tuple[str, ...]) -> Any:
    """An argparse type: a comma-separated list of some of ``allowed``, in ``allowed``'s order."""
    def parse(text: str) -> tuple[str, ...]:
        chosen = {x.strip() for x in text.split(",") if x.strip()}
        if not chosen or chosen - set(allowed):
            raise argparse.ArgumentTypeError(f"choose from {','.join(allowed)}")
        return tuple(x for x in allowed if x in chosen)
    return parse


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", type=_sizes, default=[100, 1000, 5000], help="story counts (default 100,1000,5000)")
    p.add_argument("--big", action="store_true", help="add N = 10,000")
    p.add_argument("--repeat", type=int, default=3, help="builds of each site per N (default 3)")
    p.add_argument("--seed", type=int, default=9)
    p.add_argument("--only", type=_choices(TARGETS), default=TARGETS,
                   help="the sites to build, comma-separated (default archive,blog,material)")
    p.add_argument("--cache-modes", type=_choices(CACHE_MODES), default=CACHE_MODES,
                   help="the archive's builds, each measured on its own (default cold,unchanged,one-story):\n"
                        "cold: .cache emptied first; unchanged: .cache kept, nothing changed;\n"
                        "one-story: .cache kept, a paragraph added to the probe story")
    p.add_argument("--cold", action="store_true", help="the same as --cache-modes cold")
    p.add_argument("--skip-build", action="store_true", help="no timed builds (search still builds once)")
    p.add_argument("--skip-check", action="store_true", help="do not time exemplar check")
    p.add_argument("--skip-serve", action="store_true", help="do not time mkdocs serve")
    p.add_argument("--skip-search", action="store_true", help="do not time search in Chromium")
    p.add_argument("--serve-sizes", type=_sizes, default=[1000], help="N at which to time serve (default 1000)")
    p.add_argument("--serve-edits", type=int, default=2, help="edits per serve session (default 2)")
    p.add_argument("--serve-dirty", action="store_true",
                   help="also time the blog with mkdocs serve --dirty, and the archive with plain mkdocs serve")
    p.add_argument("--search-sizes", type=_sizes, default=[1000, 5000], help="N for search (default 1000,5000)")
    p.add_argument("--search-repeat", type=int, default=3)
    p.add_argument("--search-timeout", type=float, default=180, help="seconds to wait for a first result")
    p.add_argument("--query", help="search query (default: the name of the corpus's probe story)")
    p.add_argument("--timeout", type=float, default=3600, help="seconds allowed for one build")
    p.add_argument("--reuse-sites", action="store_true",
                   help="with --skip-build: search the sites left in out/sites/ instead of building them")
    p.add_argument("--keep-sites", action="store_true", help="keep the built sites under out/sites/")
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--merge", type=Path, nargs="+", metavar="RESULTS_JSON",
                   help="only print one Markdown report made from these result files")
    return p


def log(msg: str) -> None:
    print(msg, flush=True)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # so that every finally runs: edited stories are restored


def timed_builds(args: argparse.Namespace, plan: list[Step], corpus_dir: Path, manifest: dict[str, Any],
                 entry: dict[str, Any], sites: Path, save: Any) -> None:
    log(f"  builds × {args.repeat}, in turn: {', '.join(step.key for step in plan)}")

    def progress(built: dict[str, BuildResult]) -> None:
        for key, res in built.items():
            if res.runs:
                entry[key] = res.summary()
        save()

    measure_builds(corpus_dir, plan, args.repeat, sites, args.timeout, log, manifest["probe"], progress)


def untimed_builds(args: argparse.Namespace, targets: tuple[str, ...], corpus_dir: Path, entry: dict[str, Any],
                   sites: Path) -> None:
    """With --skip-build, the sites search needs: built once, untimed (or reused with --reuse-sites)."""
    for target in targets:
        if args.reuse_sites and (sites / target / "index.html").exists():
            log(f"  reusing {sites / target} (built by an earlier run)")
            entry[target] = {"reused_site": True, **site_fields(site_figures(sites / target))}
            continue
        run = run_measured(build_command(sites / target), target_dir(corpus_dir, target), args.timeout)
        entry[target] = {"untimed_build_ok": run.ok}
        if run.ok:
            entry[target].update(site_fields(site_figures(sites / target)))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.merge:
        print(markdown_report(merge_results(args.merge)))
        return 0

    sizes = sorted(set(args.sizes + ([10000] if args.big else [])))
    targets: tuple[str, ...] = args.only
    plan = build_plan(targets, ("cold",) if args.cold else args.cache_modes)
    searchable = tuple(t for t in targets if t in SEARCHABLE)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    mk, mat = _versions()
    results: dict[str, Any] = {"meta": {
        "timestamp": stamp, "command": "benchmarks/run.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:])),
        "cpus": os.cpu_count(), "python": platform.python_version(), "mkdocs": mk, "material": mat,
        "git": _git(), "seed": args.seed, "repeat": args.repeat, "order": [] if args.skip_build else [step.key for step in plan],
        "load_start": _load()}, "sizes": {}, "serve": {}, "search": {}}

    def save() -> None:
        results["meta"]["load_end"] = _load()
        (args.out / f"results-{stamp}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2,
                                                                   default=str), encoding="utf-8")
        (args.out / f"results-{stamp}.md").write_text(markdown_report(results) + "\n", encoding="utf-8")

    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    sites_root = args.out / "sites"
    status = 0
    try:
        for n in sizes:
            log(f"== N = {n:,}")
            t = time.perf_counter()
            corpus_dir, manifest = corpus.ensure_corpus(args.out / "corpus", n, args.seed)
            log(f"  corpus {corpus_dir.relative_to(ROOT) if corpus_dir.is_relative_to(ROOT) else corpus_dir} "
                f"ready in {time.perf_counter() - t:.1f} s ({manifest['stories']} stories, "
                f"{manifest['drafts']} drafts, body {manifest['body_chars']['min']}–{manifest['body_chars']['max']} "
                f"chars)")
            entry: dict[str, Any] = {"corpus": manifest}
            results["sizes"][str(n)] = entry
            sites = sites_root / f"n{n}"
            want_search = not args.skip_search and n in args.search_sizes and bool(searchable)
            if not args.skip_build:
                timed_builds(args, plan, corpus_dir, manifest, entry, sites, save)
            elif want_search:
                untimed_builds(args, searchable, corpus_dir, entry, sites)
            if not args.skip_check and "archive" in targets:
                entry["check"] = measure_check(corpus_dir / "archive", args.repeat, args.timeout)
                c = entry["check"]
                log(f"  exemplar check: {c['wall_median']:.2f} s wall, {c['cpu_median']:.2f} s CPU, "
                    f"{c['maxrss_mb']:.0f} MB" + (f" — exit {c['returncode']}" if c["returncode"] else ""))
            save()
            if want_search:
                query = args.query or manifest["probe"]["name"]
                log(f"  search for 「{query}」 in Chromium:")
                have = {t: sites / t for t in searchable if (sites / t / "index.html").exists()}
                found: dict[str, Any] = {}

                def search_progress() -> None:
                    for key, value in found.items():
                        target, mode = key.split("/")
                        results["search"][f"{target} / {mode}@{n}"] = value
                    save()

                search_benchmark(have, query, args.search_repeat, args.search_timeout, log, found, search_progress)
            if not args.keep_sites:
                shutil.rmtree(sites, ignore_errors=True)
            if not args.skip_serve and n in args.serve_sizes:
                log("  mkdocs serve, one-line edit:")
                with chromium() as browser:
                    for target in targets:
                        for dirty in (False, True) if args.serve_dirty else (False,):
                            label = SERVE_LABELS.get((target, dirty), f"{target}{' --dirty' if dirty else ''}")
                            results["serve"][f"{label}@{n}"] = \
                                measure_serve(browser, corpus_dir, target, manifest["probe"], args.serve_edits,
                                              startup_timeout=args.timeout, reload_timeout=300, log=log,
                                              dirty=dirty)
                save()
            print("\n".join(size_table(n, entry)), flush=True)
    except StaleOutputError as exc:
        results["stale_output"] = str(exc)
        print(f"\nFAILED: {exc}\nThe figures of this run are not valid: a build published an old page.",
              file=sys.stderr, flush=True)
        status = 1
    finally:
        save()
        if not args.keep_sites:
            shutil.rmtree(sites_root, ignore_errors=True)
    print(markdown_report(results))
    print(f"\nwritten: {args.out / f'results-{stamp}.json'} and .md")
    return status


if __name__ == "__main__":
    sys.exit(main())
