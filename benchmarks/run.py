"""The benchmark runner: our archive against mkdocs-material's blog plugin, on the same stories.

    .venv/bin/python benchmarks/run.py --sizes 100,1000          # builds, check, serve, search
    .venv/bin/python benchmarks/run.py                           # N = 100, 1,000, 5,000
    .venv/bin/python benchmarks/run.py --big                     # … and 10,000
    .venv/bin/python benchmarks/run.py --sizes 1000 --skip-serve --skip-search --only archive

For each N the seeded corpus (benchmarks/corpus.py) is generated once and cached under
benchmarks/out/corpus/. Both sites are built in turn (A B A B …), each build a whole
``python -m mkdocs build -q -d DIR`` process, measuring wall time, CPU time (user + sys
of the child, from ``os.wait4``), peak memory (the child's ``ru_maxrss``), pages, output
size and search index size. Also measured: ``exemplar check``; ``mkdocs serve`` showing a
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
TARGETS = ("archive", "blog")
SERVE_LABELS = {("archive", False): "archive: exemplar serve", ("archive", True): "archive: plain mkdocs serve",
                ("blog", False): "blog: mkdocs serve", ("blog", True): "blog: mkdocs serve --dirty"}
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
    output_mb: float
    files: int
    search_files: dict[str, int]  # site-relative path → bytes

    @property
    def search_mb(self) -> float:
        """Every search file on disk (an index plus, say, per-story text shards)."""
        return sum(self.search_files.values()) / 1e6

    @property
    def search_index_mb(self) -> float:
        """The index files a page must load before it can show a first result."""
        return sum(n for rel, n in self.search_files.items() if is_search_index(rel)) / 1e6


def site_figures(site: Path) -> SiteFigures:
    pages = files = size = 0
    search: dict[str, int] = {}
    for dirpath, _, filenames in os.walk(site):
        for name in filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(site).as_posix()
            n = path.stat().st_size
            files += 1
            size += n
            if name.endswith(".html"):
                pages += 1
            if is_search_data(rel):
                search[rel] = n
    return SiteFigures(pages, size / 1e6, files, dict(sorted(search.items())))


def site_fields(site: SiteFigures) -> dict[str, Any]:
    return {"pages": site.pages, "files": site.files, "output_mb": site.output_mb, "search_mb": site.search_mb,
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


def build_command(site: Path, target: str = "archive") -> list[str]:
    return [PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(site)]


def target_dir(corpus_dir: Path, target: str) -> Path:
    return corpus_dir / target


def measure_builds(corpus_dir: Path, targets: tuple[str, ...], repeat: int, sites: Path, timeout: float,
                   log: Any, cold: bool = False, progress: Any = None) -> dict[str, BuildResult]:
    """A B A B …: each target built ``repeat`` times, alternating; the last site of each is kept.

    Our build keeps resized photos and QR codes in ``<archive>/.cache`` between builds (so
    the first build of a new corpus is cold, later ones warm); ``cold`` empties it first.
    """
    results = {t: BuildResult() for t in targets}
    for i in range(repeat):
        for target in targets:
            site = sites / target
            shutil.rmtree(site, ignore_errors=True)
            if cold:
                shutil.rmtree(target_dir(corpus_dir, target) / ".cache", ignore_errors=True)
            run = run_measured(build_command(site, target), target_dir(corpus_dir, target), timeout)
            results[target].runs.append(run)
            status = "ok" if run.ok else f"FAILED (exit {run.returncode})"
            log(f"    {target:<7} #{i + 1}: {run.wall:7.2f} s wall, {run.cpu:7.2f} s CPU, "
                f"{run.maxrss_mb:6.0f} MB peak — {status}")
            if not run.ok:
                log("      " + run.stderr_tail.strip().splitlines()[-1] if run.stderr_tail.strip() else "")
            if run.ok and i == repeat - 1:
                results[target].site = site_figures(site)
            if progress is not None:  # keep what was measured, should the run be stopped
                progress(results)
    return results


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
    if target != "blog":
        return corpus_dir / "archive" / probe["path"]
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
    with tempfile.TemporaryFile() as logfile:
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
        finally:
            path.write_bytes(original)
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


def size_table(n: int, data: dict[str, Any]) -> list[str]:
    a, b = data.get("archive", {}), data.get("blog", {})
    rows = [f"#### N = {n:,}", "", "| | archive (ours) | blog plugin | archive / blog |", "|---|---:|---:|---:|"]

    def wall(d: dict[str, Any]) -> str:
        if "wall_median" not in d:
            return "failed" if d.get("failed") else "—"
        return f"{d['wall_median']:.2f} s ({d['wall_min']:.2f}–{d['wall_max']:.2f})"

    def num(d: dict[str, Any], key: str, form: str) -> str:
        return form.format(d[key]) if key in d else "—"

    rows.append(f"| build wall time, median (min–max) | {wall(a)} | {wall(b)} | "
                f"{ratio(a.get('wall_median'), b.get('wall_median'))} |")
    rows.append(f"| build CPU time (user+sys), median | {num(a, 'cpu_median', '{:.2f} s')} | "
                f"{num(b, 'cpu_median', '{:.2f} s')} | {ratio(a.get('cpu_median'), b.get('cpu_median'))} |")
    rows.append(f"| peak memory (max RSS) | {num(a, 'maxrss_mb', '{:.0f} MB')} | {num(b, 'maxrss_mb', '{:.0f} MB')} | "
                f"{ratio(a.get('maxrss_mb'), b.get('maxrss_mb'))} |")
    rows.append(f"| pages (.html) | {num(a, 'pages', '{:,}')} | {num(b, 'pages', '{:,}')} | "
                f"{ratio(a.get('pages'), b.get('pages'))} |")
    rows.append(f"| output size | {num(a, 'output_mb', '{:.1f} MB')} | {num(b, 'output_mb', '{:.1f} MB')} | "
                f"{ratio(a.get('output_mb'), b.get('output_mb'))} |")
    rows.append(f"| search index a page loads first | {num(a, 'search_index_mb', '{:.2f} MB')} | "
                f"{num(b, 'search_index_mb', '{:.2f} MB')} | "
                f"{ratio(a.get('search_index_mb'), b.get('search_index_mb'))} |")
    rows.append(f"| all search files (count) | {num(a, 'search_mb', '{:.2f} MB')} ({a.get('search_file_count', '—')}) | "
                f"{num(b, 'search_mb', '{:.2f} MB')} ({b.get('search_file_count', '—')}) | "
                f"{ratio(a.get('search_mb'), b.get('search_mb'))} |")
    if "check" in data:
        c = data["check"]
        rows.append(f"| `exemplar check` wall (CPU) | {c['wall_median']:.2f} s ({c['cpu_median']:.2f} s) | — | |")
    # rows with nothing measured (a run with --skip-build) say nothing: drop them
    rows = rows[:4] + [r for r in rows[4:] if any(c.strip() not in ("—", "— (—)", "") for c in r.split("|")[2:4])]
    for target in ("archive", "blog"):
        err = data.get(target, {}).get("error")
        if err:
            last = [ln for ln in err.strip().splitlines() if ln.strip()][-1:]
            rows.append(f"| {target} build error | `{(last[0] if last else '')[:150]}` | | |")
    return rows + [""]


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
                 f"{meta['load_start']}, at end {meta.get('load_end', '—')}; seed {meta['seed']}, "
                 f"{meta['repeat']} builds of each" + (", each archive build cold (.cache emptied)" if meta.get("cold")
                                                      else " (archive .cache kept between builds)"), ""]
    for n, data in results["sizes"].items():
        lines += size_table(int(n), data)
    if results.get("serve"):
        lines += serve_table(results["serve"])
    if results.get("search"):
        lines += search_table(results["search"])
    return "\n".join(lines)


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
                if key in TARGETS and ("wall_median" not in value and "wall_median" in into.get(key, {})):
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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", type=_sizes, default=[100, 1000, 5000], help="story counts (default 100,1000,5000)")
    p.add_argument("--big", action="store_true", help="add N = 10,000")
    p.add_argument("--repeat", type=int, default=3, help="builds of each site per N (default 3)")
    p.add_argument("--seed", type=int, default=9)
    p.add_argument("--only", choices=TARGETS, help="build only one of the two sites")
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
    p.add_argument("--cold", action="store_true", help="empty the archive's .cache before each build")
    p.add_argument("--reuse-sites", action="store_true",
                   help="with --skip-build: search the sites left in out/sites/ instead of building them")
    p.add_argument("--keep-sites", action="store_true", help="keep the built sites under out/sites/")
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--merge", type=Path, nargs="+", metavar="RESULTS_JSON",
                   help="only print one Markdown report made from these result files")
    args = p.parse_args(argv)
    if args.merge:
        print(markdown_report(merge_results(args.merge)))
        return 0

    sizes = sorted(set(args.sizes + ([10000] if args.big else [])))
    targets = (args.only,) if args.only else TARGETS
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    mk, mat = _versions()
    results: dict[str, Any] = {"meta": {
        "timestamp": stamp, "command": "benchmarks/run.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:])),
        "cpus": os.cpu_count(), "python": platform.python_version(), "mkdocs": mk, "material": mat,
        "git": _git(), "seed": args.seed, "repeat": args.repeat, "cold": args.cold,
        "load_start": " ".join(f"{x:.2f}" for x in os.getloadavg())}, "sizes": {}, "serve": {}, "search": {}}
    lines: list[str] = []

    def log(msg: str) -> None:
        print(msg, flush=True)

    def save() -> None:
        results["meta"]["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        (args.out / f"results-{stamp}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2,
                                                                   default=str), encoding="utf-8")
        (args.out / f"results-{stamp}.md").write_text(markdown_report(results) + "\n", encoding="utf-8")

    sites_root = args.out / "sites"
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
            want_search = not args.skip_search and n in args.search_sizes
            if not args.skip_build:
                log(f"  builds ({' '.join(targets)}) × {args.repeat}, alternating:")
                def progress(built: dict[str, BuildResult]) -> None:
                    for target, res in built.items():
                        if res.runs:
                            entry[target] = res.summary()
                    save()

                measure_builds(corpus_dir, targets, args.repeat, sites, args.timeout, log, args.cold, progress)
            elif want_search:
                for target in targets:
                    if args.reuse_sites and (sites / target / "index.html").exists():
                        log(f"  reusing {sites / target} (built by an earlier run)")
                        entry[target] = {"reused_site": True, **site_fields(site_figures(sites / target))}
                        continue
                    run = run_measured(build_command(sites / target, target), target_dir(corpus_dir, target),
                                       args.timeout)
                    entry[target] = {"untimed_build_ok": run.ok}
                    if run.ok:
                        entry[target].update(site_fields(site_figures(sites / target)))
            if not args.skip_check and "archive" in targets:
                entry["check"] = measure_check(corpus_dir / "archive", args.repeat, args.timeout)
                c = entry["check"]
                log(f"  exemplar check: {c['wall_median']:.2f} s wall, {c['cpu_median']:.2f} s CPU, "
                    f"{c['maxrss_mb']:.0f} MB" + (f" — exit {c['returncode']}" if c["returncode"] else ""))
            save()
            if want_search:
                query = args.query or manifest["probe"]["name"]
                log(f"  search for 「{query}」 in Chromium:")
                have = {t: sites / t for t in targets if (sites / t / "index.html").exists()}
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
    finally:
        save()
        if not args.keep_sites:
            shutil.rmtree(sites_root, ignore_errors=True)
    print(markdown_report(results))
    print(f"\nwritten: {args.out / f'results-{stamp}.json'} and .md")
    del lines
    return 0


if __name__ == "__main__":
    sys.exit(main())
