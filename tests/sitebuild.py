"""Build a real site with MkDocs (as CI and editors do), once per test session and edition.

The engine is the one ``exemplar build`` would run (generator/cli/engine.py): MkDocs, or
ProperDocs where it is installed in its place or ``EXEMPLAR_ENGINE=properdocs`` says so (CI's
ProperDocs job runs tests/site that way)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from generator.cli.engine import choose_engine
from tests.archives import SAMPLE

ROOT = SAMPLE
"""The archive the tests build by default: the fixture archive, never the live stories/."""


def build_site(dest: Path, edition: str = "internal", root: Path = ROOT, strict: bool = True,
               extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` (or ProperDocs') of ``root`` into ``dest``; returns the finished process (check returncode)."""
    if dest.exists():
        shutil.rmtree(dest)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXEMPLAR_EDITION": edition, "PYTHONWARNINGS": "ignore",
           **(extra_env or {})}
    command = [*choose_engine().command("build"), "--site-dir", str(dest), "--config-file", str(root / "mkdocs.yml")]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, encoding="utf-8", timeout=900)
