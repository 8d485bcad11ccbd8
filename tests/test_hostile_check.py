"""``exemplar check`` on the hostile archive (tests/fixtures/hostile): every story with a payload
in its body is refused with located errors; the clean control story and the front-matter story
(whose markup the templates escape) load."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.archives import SAMPLE

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
LINE = re.compile(r"^stories/(?P<file>[a-z-]+\.md):(?P<line>\d+):(?P<col>\d+): 错误 (?P<code>E\d{3}) ")
BODY_CODES = {"E305", "E501", "E502", "E503", "E504", "E505", "E506", "E507", "E508", "E509", "E510", "E511"}


def test_every_hostile_body_is_refused_with_located_errors(tmp_path: Path) -> None:
    shutil.copytree(HOSTILE / "stories", tmp_path / "stories")
    shutil.copy(SAMPLE / "mkdocs.yml", tmp_path / "mkdocs.yml")  # a real site address: no W609 here
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(tmp_path), "check"],
                            capture_output=True, text=True, encoding="utf-8", timeout=300, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    found: dict[str, set[str]] = {}
    for line in result.stdout.splitlines():
        match = LINE.match(line)
        assert match, line
        assert int(match["line"]) > 14  # in the body, below the front matter
        found.setdefault(match["file"], set()).add(match["code"])
    assert set(found) == {"attr-lists.md", "raw-html.md", "hidden-tags.md", "links.md"}
    for codes in found.values():
        assert codes <= BODY_CODES
    assert "E505" in found["attr-lists.md"]
    assert "E305" in found["links.md"]
