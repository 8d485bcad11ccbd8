"""The hostile archive (tests/fixtures/hostile) as a site: built with the source check of
bodies switched off, so that only the sanitiser and the templates stand in the way."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.archives import REPO as ROOT
from tests.sitebuild import build_site

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
HOOK = ROOT / "tests" / "data" / "source_check_off_hook.py"


def hostile_archive(dest: Path) -> Path:
    """A copy of the hostile archive with the sample's mkdocs.yml (theme and the test hook by absolute path)."""
    shutil.copytree(HOSTILE / "stories", dest / "stories")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^  custom_dir: .*$", f"  custom_dir: {ROOT / 'theme_overrides'}", config)
    config = config.replace("\nstrict: true", "\nstrict: false")  # links to the refused files warn
    config += f"\nhooks:\n  - {HOOK}\n"
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def build_hostile_site(tmp: Path) -> Path:
    root = hostile_archive(tmp / "archive")
    site = tmp / "site"
    result = build_site(site, "internal", root=root, strict=False)
    assert result.returncode == 0, result.stderr[-4000:]
    return site
