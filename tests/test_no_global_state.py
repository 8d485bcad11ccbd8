"""No module of ``generator/`` keeps state between builds: caches live in the one memo
(:class:`generator.outputs.memo.BuildMemo`) that the plugin owns and passes down.

Read from the source with ``ast``: a module-level dict, list or set that a function changes,
a module-level lock or instance of a self-filling dict, a ``global`` statement, an
``lru_cache``/``cache`` decorator — each is state that outlives a build, so the next build
(or the next test) could see the last one's. The few that remain are listed in
:data:`ALLOWED`, each with why it cannot make one build see another's data; the list must
stay true (an entry that no longer exists fails too).
"""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

ALLOWED: dict[str, str] = {
    "core/slugs.py:pinyin_syllables": "pure: the pinyin of a text depends only on the text",
    "core/located.py:_IMPLICIT_TAGS": "pure: the YAML tag of a plain scalar depends only on its text",
    "core/located.py:_PLAIN_VALUES": "pure: the YAML value of a plain scalar depends only on its text",
    "outputs/segment.py:segmenter_version": "pure: the installed segmenter's version",
    "outputs/search_index.py:_common_chars": "pure: a table made from GB 2312 and pypinyin",
    "outputs/scripts.py:_converter": "pure: an OpenCC converter of the installed dictionaries, read-only",
    "outputs/scripts.py:_all_pairs": "pure: a table made from the installed OpenCC dictionaries",
    "core/pool.py:_WORKER": "hand-off to forked workers, set in the child only (one map_chunks call's work)",
}

MUTATORS = frozenset({"append", "extend", "insert", "pop", "popitem", "clear", "update", "setdefault", "add",
                      "discard", "remove", "__setitem__", "__delitem__", "sort", "reverse"})
CONTAINER_CALLS = frozenset({"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque",
                             "WeakKeyDictionary", "WeakValueDictionary", "WeakSet"})
STATE_CALLS = frozenset({"Lock", "RLock", "Event", "Condition", "Semaphore", "local", "KeptPerStory", "StoryMemo",
                         "SiteMemo", "BuildMemo", "SearchMemo", "WordMemo", "MemoryLayer"})
CACHE_DECORATORS = frozenset({"lru_cache", "cache", "cached_property"})


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        return _name(node.func)
    if isinstance(node, ast.Subscript):  # dict[str, Any]
        return _name(node.value)
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _is_container(value: ast.AST | None) -> bool:
    return isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)) or (
        isinstance(value, ast.Call) and _name(value) in CONTAINER_CALLS)


def module_state(source: str, filename: str = "<source>") -> dict[str, int]:
    """name → line of every piece of module-level state in ``source`` (see the module docstring)."""
    tree = ast.parse(source, filename)
    found: dict[str, int] = {}
    containers: dict[str, int] = {}
    self_filling = {node.name for node in tree.body if isinstance(node, ast.ClassDef)
                    and any(_name(base) in ("dict", "defaultdict", "OrderedDict") for base in node.bases)
                    and any(isinstance(item, ast.FunctionDef) and item.name == "__missing__" for item in node.body)}
    for node in tree.body:
        targets: list[ast.expr] = []
        value: ast.AST | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            if _is_container(value):
                containers[target.id] = node.lineno
            elif isinstance(value, ast.Call) and (_name(value) in STATE_CALLS or _name(value) in self_filling):
                found[target.id] = node.lineno
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if any(_name(d) in CACHE_DECORATORS for d in node.decorator_list):
                found[node.name] = node.lineno
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            for name in node.names:
                found.setdefault(name, node.lineno)
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))]
    for function in functions:
        for node in ast.walk(function):
            changed: ast.AST | None = None
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
                for target in (node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]):
                    if isinstance(target, ast.Subscript):
                        changed = target.value
                    elif isinstance(node, ast.AugAssign):
                        changed = target
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
                changed = node.func.value
            if isinstance(changed, ast.Name) and changed.id in containers:
                found.setdefault(changed.id, containers[changed.id])
    return found


def test_no_module_keeps_state_between_builds() -> None:
    found: list[str] = []
    for path in sorted(GENERATOR.rglob("*.py")):
        rel = path.relative_to(GENERATOR).as_posix()
        for name, line in module_state(path.read_text(encoding="utf-8"), str(path)).items():
            if f"{rel}:{name}" not in ALLOWED:
                found.append(f"generator/{rel}:{line}: {name}")
    assert not found, ("module-level state (keep it in generator/outputs/memo.py's BuildMemo and pass it down, "
                       "or say in ALLOWED why it cannot carry one build's data into another):\n" + "\n".join(found))


def test_every_allowed_entry_still_exists() -> None:
    for entry in ALLOWED:
        rel, name = entry.split(":")
        assert name in module_state((GENERATOR / rel).read_text(encoding="utf-8")), f"{entry}: gone, remove it from ALLOWED"


def test_the_scan_finds_each_kind_of_state() -> None:
    source = '''
import threading
from functools import lru_cache
_SEEN: dict[str, int] = {}
TABLE = {"a": 1}
_LOCK = threading.Lock()
_LIST = []
_COUNT = {}

class _Memo(dict[str, str]):
    def __missing__(self, key):
        self[key] = key
        return key

_MEMO = _Memo()

@lru_cache(maxsize=None)
def slow(x):
    return x

def remember(key, value):
    global _LAST
    _SEEN[key] = value
    _LIST.append(key)
    _COUNT["n"] += 1
    return TABLE[key]
'''
    assert set(module_state(source)) == {"_SEEN", "_LOCK", "_LIST", "_COUNT", "_MEMO", "slow", "_LAST"}
