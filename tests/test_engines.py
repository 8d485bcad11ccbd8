"""MkDocs and ProperDocs (its maintained fork) build the same archive into byte-identical sites.

MkDocs 1.6.1 is the last MkDocs 1.x and mkdocs-material 9.8 reaches end of life on 2027-05-05;
ProperDocs is the way out (generator/cli/engine.py). This is the proof that switching changes
nothing a reader can see: the sample (fixture) archive, both editions, every output file compared byte
for byte. ProperDocs runs in its own environment, .venv-properdocs, installed from
requirements-properdocs.lock by ``bash scripts/dev.sh setup`` (and ``test``, so CI runs it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import engine
from generator.cli.engine import Engine, EngineError, choose_engine
from generator.outputs import publish
from tests.archives import copy_archive

REPO = Path(__file__).resolve().parent.parent
PROPERDOCS_PYTHON = REPO / ".venv-properdocs" / "bin" / "python"


# --- choosing the engine (no build) ------------------------------------------------------------

@pytest.fixture
def only(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def install(*modules: str) -> None:
        monkeypatch.setattr(engine, "installed", lambda module: module in modules)
    return install


def test_the_installed_engine_is_chosen_mkdocs_first(only) -> None:  # type: ignore[no-untyped-def]
    only("properdocs")
    assert choose_engine({}).module == "properdocs"
    only("mkdocs", "properdocs")
    assert choose_engine({}).module == "mkdocs"
    assert choose_engine({"EXEMPLAR_ENGINE": "properdocs"}).module == "properdocs"
    assert choose_engine({"EXEMPLAR_ENGINE": " ProperDocs "}).command("build")[1:] == ["-m", "properdocs", "build"]


@pytest.mark.parametrize(("setting", "installed", "said"), [
    ("sphinx", ("mkdocs",), "只能是 mkdocs 或 properdocs"),
    ("properdocs", ("mkdocs",), "没有安装 ProperDocs"),
    ("", (), "既没有安装 MkDocs 也没有安装 ProperDocs"),
])
def test_an_unusable_engine_is_named_in_chinese(only, setting: str, installed: tuple[str, ...], said: str) -> None:  # type: ignore[no-untyped-def]
    only(*installed)
    with pytest.raises(EngineError, match=said):
        choose_engine({"EXEMPLAR_ENGINE": setting})


def test_the_engine_is_looked_up_without_importing_it() -> None:
    before = set(sys.modules)
    assert engine.installed("mkdocs") in (True, False)
    assert engine.installed("no_such_engine_here") is False
    assert not {m for m in set(sys.modules) - before if m.split(".")[0] in engine.ENGINES}


@pytest.mark.slow
@pytest.mark.parametrize("command", [["build", "--site-dir", "x"], ["serve"]])
def test_build_and_serve_refuse_an_unknown_engine_without_a_traceback(tmp_path: Path, command: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "generator.cli.main", "--root", str(REPO), *command],
                          cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env={**os.environ, "EXEMPLAR_ENGINE": "sphinx"})
    assert done.returncode == 2
    assert "EXEMPLAR_ENGINE=sphinx 无法识别" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x").exists()


# --- both engines, every byte -------------------------------------------------------------------

def build_both_editions(python: Path, name: str, archive: Path, out: Path) -> float:
    """``exemplar build`` of both editions with engine ``name`` under ``python``; seconds taken."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "VIRTUAL_ENV")}
    env.update(EXEMPLAR_ENGINE=name, PYTHONWARNINGS="ignore", PYTHONPATH=str(REPO))
    started = time.monotonic()
    for edition in ("internal", "public"):
        done = subprocess.run([str(python), "-m", "generator.cli.main", "--root", str(archive), "build",
                               "--edition", edition, "--site-dir", str(out / edition)],
                              cwd=archive, capture_output=True, text=True, encoding="utf-8", timeout=900, env=env)
        assert done.returncode == 0, f"{name}, {edition}:\n{done.stderr[-4000:]}"
        assert (out / edition / "index.html").is_file()
    return time.monotonic() - started


def has_module(python: Path, module: str) -> bool:
    code = f"import importlib.util, sys; sys.exit(0 if importlib.util.find_spec({module!r}) else 1)"
    return subprocess.run([str(python), "-c", code], capture_output=True, timeout=60).returncode == 0


@pytest.mark.build
def test_mkdocs_and_properdocs_build_byte_identical_sites(tmp_path: Path) -> None:
    if not PROPERDOCS_PYTHON.is_file():
        if os.environ.get("CI"):
            pytest.fail(".venv-properdocs is missing in CI: .ci/run must create it (bash scripts/dev.sh test)")
        pytest.skip(".venv-properdocs (ProperDocs in place of MkDocs) is absent: bash scripts/dev.sh setup creates it")
    assert has_module(PROPERDOCS_PYTHON, "properdocs") and not has_module(PROPERDOCS_PYTHON, "mkdocs"), \
        ".venv-properdocs must have ProperDocs and no MkDocs: rm -rf .venv-properdocs; bash scripts/dev.sh setup"
    if not engine.installed("mkdocs"):
        pytest.skip("this environment has no MkDocs to compare with (bash scripts/dev.sh setup)")
    # Each engine builds its own copy with its own cold cache: nothing one made is reused by the other.
    for name in ("mkdocs", "properdocs"):
        copy_archive(tmp_path / name / "archive", whole_repo=True)
    build_both_editions(Path(sys.executable), "mkdocs", tmp_path / "mkdocs" / "archive", tmp_path / "mkdocs")
    build_both_editions(PROPERDOCS_PYTHON, "properdocs", tmp_path / "properdocs" / "archive", tmp_path / "properdocs")
    for edition in ("internal", "public"):
        ours, theirs = tmp_path / "mkdocs" / edition, tmp_path / "properdocs" / edition
        assert publish.diff_trees(ours, theirs) == [], f"{edition}: files that differ between MkDocs and ProperDocs"
        assert publish.tree_size(ours) == publish.tree_size(theirs)
        assert publish.site_edition(theirs) == edition
        pages = list(ours.rglob("*.html"))
        assert pages and not [p for p in pages if b'name="generator"' in p.read_bytes()]


def test_the_engine_class_runs_under_this_python() -> None:
    assert Engine("properdocs").command("serve") == [sys.executable, "-m", "properdocs", "serve"]
    assert Engine("mkdocs").label == "MkDocs"
