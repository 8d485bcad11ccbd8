"""The statistics page of the sample build shows the same figures as ``exemplar stats``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from generator.cli.main import main
from tests.sitebuild import ROOT

pytestmark = pytest.mark.build


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_stats_page_matches_the_terminal(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "stats"]) == 0
    printed = capsys.readouterr().out
    tree = HTMLParser((site / "stats/index.html").read_text(encoding="utf-8"))
    sentences = [_squash(li.text()) for li in tree.css(".ex-stats-sentences li")]
    assert sentences, "the page shows report sentences"
    for sentence in sentences:
        assert sentence in _squash(printed), sentence
    assert "共有 4 名员工获评“中国好人”" in sentences
    # Every row of every table on the page is a row of the same table in the terminal.
    lines = [_squash(ln).split(" ") for ln in printed.splitlines()]
    rows = 0
    for row in tree.css("table tbody tr"):
        cells = [_squash(c.text()).replace(" ", "") for c in row.css("th, td")]
        assert any([t for t in line if t] == cells for line in lines) or \
            any("".join(line) == "".join(cells) for line in lines), cells
        rows += 1
    assert rows > 20
