"""The core imports no MkDocs: only the adapter (generator/plugin.py) may.

Moving to a fork of MkDocs or another builder then touches one file. The check reads
the source with ``ast``, so an import hidden in a function or under TYPE_CHECKING
counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
ADAPTER = GENERATOR / "plugin.py"
FORBIDDEN = ("mkdocs", "material")
CORE = sorted(p for p in GENERATOR.rglob("*.py") if p != ADAPTER)


def forbidden_imports(source: str, filename: str) -> list[str]:
    """``line: module`` for every import of MkDocs, Material, or the adapter itself."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: `from .plugin import …` pulls MkDocs in too
                modules = [node.module] if node.module else [alias.name for alias in node.names]
                found.extend(f"{node.lineno}: .{m}" for m in modules if m.split(".")[0] == "plugin")
                continue
            names = [node.module or ""]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names = [str(node.args[0].value)]
        else:
            continue
        for name in names:
            if name.split(".")[0] in FORBIDDEN or name in ("generator.plugin",):
                found.append(f"{node.lineno}: {name}")
    return found


def test_there_is_a_core_to_check() -> None:
    assert len(CORE) >= 10
    assert GENERATOR / "validate.py" in CORE and ADAPTER not in CORE


@pytest.mark.parametrize("path", CORE, ids=[p.relative_to(GENERATOR).as_posix() for p in CORE])
def test_core_module_imports_no_mkdocs(path: Path) -> None:
    assert forbidden_imports(path.read_text(encoding="utf-8"), str(path)) == []


@pytest.mark.parametrize(
    "source",
    ["import mkdocs", "import mkdocs.plugins as p", "from mkdocs.config import base",
     "from material.plugins.blog import plugin", "import material", "def f():\n    import mkdocs.utils",
     "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from mkdocs.structure.files import File",
     "from .plugin import ExemplarPlugin", "from . import plugin", "import generator.plugin",
     "import importlib\nimportlib.import_module('mkdocs.commands.build')"],
)
def test_the_check_catches(source: str) -> None:
    assert forbidden_imports(source, "<test>")


@pytest.mark.parametrize("source", ["import yaml", "from .loader import RawStory", "import markdown",
                                    "from . import commands", "x = 'mkdocs'"])
def test_the_check_allows(source: str) -> None:
    assert forbidden_imports(source, "<test>") == []
