"""Which site engine builds and previews the archive: MkDocs 1.x or ProperDocs, its maintained fork.

Both read the same mkdocs.yml and load the same plugin (generator/adapter) and theme
(mkdocs-material) unchanged, and both build byte-identical sites (tests/test_engines.py).
MkDocs 1.6.1 is the last of its line and mkdocs-material 9.8 reaches end of life on
2027-05-05; ProperDocs is the way out (README.md, "换用 ProperDocs").

The engine is the one installed, or the one ``EXEMPLAR_ENGINE`` (``mkdocs`` | ``properdocs``)
names. It always runs as a child process (``python -m mkdocs`` / ``python -m properdocs``),
so nothing here imports it: only generator/adapter does (tests/test_architecture.py). Where
it is installed is looked up without importing it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass

ENGINES = ("mkdocs", "properdocs")
"""In order of preference when both are installed (the lock file pins MkDocs)."""
LABELS = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}
SETTING = "EXEMPLAR_ENGINE"


class EngineError(Exception):
    """No usable engine; the message is for editors, in Chinese."""


@dataclass(frozen=True, slots=True)
class Engine:
    module: str

    @property
    def label(self) -> str:
        return LABELS[self.module]

    def command(self, *args: str) -> list[str]:
        """The command line that runs this engine with ``args`` under this Python."""
        return [sys.executable, "-m", self.module, *args]


def installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def choose_engine(environ: dict[str, str] | None = None) -> Engine:
    """The engine ``EXEMPLAR_ENGINE`` names, else the first of :data:`ENGINES` installed."""
    wanted = (os.environ if environ is None else environ).get(SETTING, "").strip().lower()
    if wanted:
        if wanted not in ENGINES:
            raise EngineError(f"环境变量 {SETTING}={wanted} 无法识别：只能是 mkdocs 或 properdocs（或不设，自动选用已安装的）")
        if not installed(wanted):
            raise EngineError(f"{SETTING}={wanted}，但此 Python 环境没有安装 {LABELS[wanted]}："
                              f"请按 README「换用 ProperDocs」一节安装，或去掉 {SETTING}")
        return Engine(wanted)
    for module in ENGINES:
        if installed(module):
            return Engine(module)
    raise EngineError("此 Python 环境既没有安装 MkDocs 也没有安装 ProperDocs：请先运行 bash scripts/dev.sh setup")
