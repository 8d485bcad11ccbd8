"""A MkDocs hook for tests/test_atomic_build.py: records what the build was given and can
pause after writing the site, so a test can interrupt a build that is well under way."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any


def on_post_build(config: Any) -> None:
    site = Path(config["site_dir"])
    edition = os.environ.get("EXEMPLAR_EDITION", "")
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    (site / "probe-env.txt").write_text(f"EXEMPLAR_EDITION={edition} SOURCE_DATE_EPOCH={epoch}", encoding="utf-8")
    marker = os.environ.get("PROBE_MARKER")
    if marker:
        Path(marker).write_text(f"{os.getpid()} {site}", encoding="utf-8")
        time.sleep(float(os.environ.get("PROBE_SLEEP", "0")))
