"""The layers of ``generator/`` as the folder list shows them, held by reading the source.

    core     the archive read and validated          imports only core
    site     the site model (pages as plain data)    imports core, site
    outputs  images, search data, exports, publish   imports core, site, outputs
    adapter  the MkDocs (or ProperDocs) plugin       imports anything below; the only
                                                     package that imports the engine
    cli      the ``exemplar`` command line           imports anything below but the adapter
                                                     (builds run the engine as a child process)

Moving to a fork of MkDocs or another builder then touches one package. The check reads the
source with ``ast``, so an import hidden in a function or under TYPE_CHECKING counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
ENGINES = ("mkdocs", "material", "properdocs")
LAYERS = ("core", "site", "outputs", "adapter", "cli")
ALLOWED = {
    "core": {"core"},
    "site": {"core", "site"},
    "outputs": {"core", "site", "outputs"},
    "adapter": {"core", "site", "outputs", "adapter"},
    "cli": {"core", "site", "outputs", "cli"},
    "": {"core"},  # generator/__init__.py: the public API is the core's
}
MODULES = sorted(GENERATOR.rglob("*.py"))


def layer_of(path: Path) -> str:
    parts = path.relative_to(GENERATOR).parts
    return parts[0] if len(parts) > 1 else ""


def package_of(path: Path) -> list[str]:
    """``generator.core`` for generator/core/x.py and for generator/core/__init__.py."""
    return ["generator", *path.relative_to(GENERATOR).parent.parts]


def imported(source: str, filename: str, package: list[str]) -> list[tuple[int, str]]:
    """(line, absolute module) for every import, relative ones resolved from ``package``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                if node.module:
                    found.append((node.lineno, ".".join([*base, node.module])))
                else:
                    found += [(node.lineno, ".".join([*base, alias.name])) for alias in node.names]
            else:
                found.append((node.lineno, node.module or ""))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def violations(source: str, filename: str, layer: str, package: list[str]) -> list[str]:
    """``line: module`` for every import the layer rule forbids."""
    bad: list[str] = []
    for line, module in imported(source, filename, package):
        parts = module.split(".")
        if parts[0] in ENGINES and layer != "adapter":
            bad.append(f"{line}: {module} (only generator/adapter may import the engine)")
        elif parts[0] == "generator" and len(parts) > 1 and parts[1] in LAYERS and parts[1] not in ALLOWED[layer]:
            bad.append(f"{line}: {module} ({layer or 'generator'} may not import {parts[1]})")
    return bad


def test_the_folders_are_the_layers() -> None:
    assert sorted(p.name for p in GENERATOR.iterdir() if p.is_dir() and (p / "__init__.py").is_file()) == \
        sorted(LAYERS)
    assert [p.name for p in GENERATOR.glob("*.py")] == ["__init__.py"]
    for layer in LAYERS:
        assert ast.get_docstring(ast.parse((GENERATOR / layer / "__init__.py").read_text(encoding="utf-8"))), layer
    assert len([p for p in MODULES if layer_of(p) == "core"]) >= 10


@pytest.mark.parametrize("path", MODULES, ids=[p.relative_to(GENERATOR).as_posix() for p in MODULES])
def test_module_keeps_to_its_layer(path: Path) -> None:
    assert violations(path.read_text(encoding="utf-8"), str(path), layer_of(path), package_of(path)) == []


@pytest.mark.parametrize(
    ("source", "layer", "package"),
    [("import mkdocs", "core", ["generator", "core"]),
     ("import properdocs.plugins as p", "site", ["generator", "site"]),
     ("from mkdocs.config import base", "cli", ["generator", "cli", "commands"]),
     ("from material.plugins.blog import plugin", "outputs", ["generator", "outputs"]),
     ("def f():\n    import mkdocs.utils", "core", ["generator", "core"]),
     ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from mkdocs.structure.files import File",
      "site", ["generator", "site"]),
     ("from ..adapter.plugin import ExemplarPlugin", "cli", ["generator", "cli"]),
     ("from ...adapter import plugin", "cli", ["generator", "cli", "commands"]),
     ("import generator.adapter.plugin", "outputs", ["generator", "outputs"]),
     ("from ..site.model import PageSpec", "core", ["generator", "core"]),
     ("from ..outputs import images", "site", ["generator", "site"]),
     ("from generator.cli.settings import Settings", "adapter", ["generator", "adapter"]),
     ("from .site.model import Card", "", ["generator"]),
     ("import importlib\nimportlib.import_module('mkdocs.commands.build')", "core", ["generator", "core"])],
)
def test_the_check_catches(source: str, layer: str, package: list[str]) -> None:
    assert violations(source, "<test>", layer, package)


@pytest.mark.parametrize(
    ("source", "layer", "package"),
    [("import yaml", "core", ["generator", "core"]),
     ("from .loader import RawStory", "core", ["generator", "core"]),
     ("from ..core.schema import Story", "site", ["generator", "site"]),
     ("from ...outputs import publish", "cli", ["generator", "cli", "commands"]),
     ("from mkdocs.plugins import BasePlugin", "adapter", ["generator", "adapter"]),
     ("from ..site.model import PageSpec", "outputs", ["generator", "outputs"]),
     ("from .core.archive import load_archive", "", ["generator"]),
     ("x = 'mkdocs'", "core", ["generator", "core"])],
)
def test_the_check_allows(source: str, layer: str, package: list[str]) -> None:
    assert violations(source, "<test>", layer, package) == []


PLUGIN_LINES = 150
"""The adapter stays a thin list of hooks; what a hook does lives in the adapter's other modules
(pages, site_build, preview, build_log)."""


def test_the_plugin_is_a_thin_list_of_hooks() -> None:
    lines = len((GENERATOR / "adapter" / "plugin.py").read_text(encoding="utf-8").splitlines())
    assert lines <= PLUGIN_LINES, (f"generator/adapter/plugin.py has {lines} lines (at most {PLUGIN_LINES}): "
                                   "move what a hook does into pages.py, site_build.py or preview.py")
