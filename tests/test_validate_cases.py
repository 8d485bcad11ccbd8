"""Golden validator cases: tests/cases/validate/<case>.yml, one kind of input per file.

Each case writes its files into a fresh archive (the sample vocabulary unless the case
brings its own), runs the same load + validate as ``exemplar check``, and compares every
diagnostic line — file:line:col, code and the full Chinese text — and the slugs of the
stories that load. See tests/cases/README.md for the format and for
``--refresh-cases``.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.core.messages import MESSAGES

CASES_DIR = Path(__file__).parent / "cases" / "validate"
CASES = sorted(CASES_DIR.glob("*.yml"))
GENERATED_MARK = "# ↓ 以下由 pytest tests/test_validate_cases.py --refresh-cases 生成，请勿手改"
LINE_RE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>[1-9]\d*)(?::(?P<col>[1-9]\d*))?: (?:错误 E|警告 W)\d{3}[ ]\S"
)
# Codes no case can reach through files alone (an unreadable file: see test_robustness.py).
NOT_IN_CASES = {"E011", "E306", "E307"}  # links and pipes: a case file cannot hold them (tests/test_outside_files.py)
GENERATOR = Path(__file__).resolve().parent.parent / "generator" / "core"
VALIDATOR_MODULES = ("archive.py", "loader.py", "located.py", "validate.py", "safety.py", "vocab.py", "activities.py")


def read_case(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: a case is a mapping"
    unknown = set(data) - {"about", "files", "base64", "generated", "loaded", "expected"}
    assert not unknown, f"{path.name}: unknown keys {unknown}"
    assert data.get("about"), f"{path.name}: say in 'about' what the case shows"
    return data


def build_case(case: dict[str, Any], archive: Any) -> None:
    """Write a case's files into a tiny archive; ``None`` as a file's content deletes that file."""
    for rel, text in (case.get("files") or {}).items():
        if text is None:
            (archive.root / rel).unlink()
        else:
            archive.write(rel, text)
    for rel, encoded in (case.get("base64") or {}).items():
        archive.write(rel, base64.b64decode("".join(encoded.split())))
    for rel, spec in (case.get("generated") or {}).items():
        archive.write(rel, spec.get("head", "") + spec["repeat"] * spec["times"] + spec.get("tail", ""))


def run_case(case: dict[str, Any], archive: Any) -> tuple[list[str], list[str]]:
    build_case(case, archive)
    loaded = archive.load()
    return [s.slug for s in loaded.stories], [d.format_text() for d in loaded.diagnostics]


def write_expected(path: Path, loaded: list[str], lines: list[str]) -> None:
    """Replace the generated tail of a case file, keeping everything above it as written."""
    text = path.read_text(encoding="utf-8")
    head = text.split(GENERATED_MARK, 1)[0].rstrip("\n")
    tail = yaml.dump({"loaded": loaded, "expected": lines}, allow_unicode=True, width=10**6,
                     sort_keys=False, default_flow_style=False)
    path.write_text(f"{head}\n\n{GENERATED_MARK}\n{tail}", encoding="utf-8", newline="\n")


@pytest.mark.parametrize("case_file", CASES, ids=[p.stem for p in CASES])
def test_case(case_file: Path, tiny_archive: Any, request: pytest.FixtureRequest) -> None:
    case = read_case(case_file)
    loaded, lines = run_case(case, tiny_archive)
    if request.config.getoption("--refresh-cases"):
        write_expected(case_file, loaded, lines)
        return
    assert "expected" in case, f"{case_file.name}: no expected output yet; run with --refresh-cases"
    assert lines == (case["expected"] or [])
    assert loaded == (case["loaded"] or [])


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 35


@pytest.mark.parametrize("case_file", CASES, ids=[p.stem for p in CASES])
def test_expected_lines_are_located(case_file: Path) -> None:
    """Every expected line names the file and a line (and a column where there is one)."""
    for line in read_case(case_file).get("expected") or []:
        assert LINE_RE.match(line), line
        assert "Traceback" not in line


def validator_codes() -> set[str]:
    """The codes that ``exemplar check`` can give: those named in the validating modules
    (codes the build gives, such as an image that cannot be resized, are tested with it)."""
    source = "".join((GENERATOR / name).read_text(encoding="utf-8") for name in VALIDATOR_MODULES)
    return set(re.findall(r"\"([EW]\d{3})\"", source)) & set(MESSAGES)


def test_every_message_code_has_a_case() -> None:
    seen: set[str] = set()
    for case_file in CASES:
        for line in read_case(case_file).get("expected") or []:
            seen.update(re.findall(r" (?:错误|警告) ([EW]\d{3}) ", line))
    codes = validator_codes()
    assert len(codes) >= 50
    missing = codes - seen - NOT_IN_CASES
    assert not missing, f"codes with no golden case: {sorted(missing)}"


def test_case_names_read_as_a_spec() -> None:
    for case_file in CASES:
        assert re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*", case_file.stem), case_file.name
