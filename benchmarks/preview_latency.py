"""The editors' preview loop at scale: how long ``exemplar serve`` takes to show each kind of save.

    .venv/bin/python benchmarks/preview_latency.py --n 1000 [--out benchmarks/out/preview]

On a generated archive of N stories (benchmarks/corpus.py), with ``exemplar serve`` running:

- a body edit: save → the story's page shows the new line (http);
- a new story: ``exemplar new`` → its page is served;
- a broken save (an unclosed quote): save → every page answers with the error page, and the
  slowest of the requests made while the archive is broken;
- a fix: save → the page is back;
- Ctrl+C: SIGINT → the process has exited.

Figures, not assertions: the tests (tests/test_serve.py) check that each of these happens.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import write_configs, write_corpus  # noqa: E402

PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - a local server
            return int(response.status), response.read().decode("utf-8", "replace"), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode("utf-8", "replace"), time.monotonic() - started
    except OSError:
        return 0, "", time.monotonic() - started


def until(check: Callable[[], bool], timeout: float = 120) -> float:
    """Seconds until ``check`` holds (polled every 20 ms)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.02)
    raise TimeoutError("the preview did not get there")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "preview")
    args = parser.parse_args()

    write_corpus(args.out, args.n, args.seed)
    write_configs(args.out)
    archive = args.out / "archive"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (args.out / "serve.log").open("wb")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([PYTHON, "-m", "generator.cli.main", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=archive, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    figures: dict[str, float] = {}
    try:
        figures["startup"] = until(lambda: get(base + "index.html")[0] == 200, 900)
        story = sorted((archive / "stories").glob("*.md"))[0]
        page = base + f"stories/{story.stem}.html"
        text = story.read_text(encoding="utf-8")
        until(lambda: get(page)[0] == 200)
        time.sleep(3)  # the search update after the first build

        story.write_text(text + "\n预览测量：正文修改。\n", encoding="utf-8")
        figures["body edit → page shows it"] = until(lambda: "预览测量：正文修改" in get(page)[1])
        time.sleep(3)

        started = time.monotonic()
        subprocess.run([PYTHON, "-m", "generator.cli.main", "new", "预览测量", "--slug", "yulan-celiang"], cwd=archive,
                       env=env, check=True, capture_output=True)
        until(lambda: get(base + "stories/yulan-celiang.html")[0] == 200)
        figures["exemplar new → draft page served"] = time.monotonic() - started
        time.sleep(3)

        lines = text.splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
        broken = "".join([*lines[:at], 'title: "一个没有闭合的引号\n', *lines[at + 1:]])
        story.write_text(broken, encoding="utf-8")
        figures["broken save → error page"] = until(lambda: get(page)[0] == 500)
        slowest = max(get(url)[2] for url in (page, base, base + "index.html", base + "honours/index.html") * 5)
        figures["slowest request while broken"] = slowest

        story.write_text(text, encoding="utf-8")
        figures["fix → page back"] = until(lambda: get(page)[0] == 200)
        time.sleep(3)

        started = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)
        figures["Ctrl+C → exited"] = time.monotonic() - started
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
    print(f"exemplar serve at {args.n} stories (seconds):")
    for name, value in figures.items():
        print(f"  {name:36s} {value:6.2f}")
    (args.out / "preview_latency.json").write_text(json.dumps({"n": args.n, **figures}, ensure_ascii=False, indent=2),
                                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
