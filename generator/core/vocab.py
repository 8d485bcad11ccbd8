"""Editor-owned vocabularies (stories/vocab.yml) → :class:`Vocabulary`, plus look-ups.

Values in stories may name a vocabulary entry by id or by its Chinese title (or an
honour by a listed alias); the look-ups here resolve them and suggest the nearest
entry when nothing matches.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .diagnostics import Diagnostic, diag
from .files import open_plain
from .loader import MAX_FILE as MAX_VOCAB
from .loader import decode
from .located import Located, parse_located
from .schema import Choice, Column, HonourDef, Level, Pioneer, Platform, Unit, Vocabulary
from .slugs import is_reserved

VOCAB_NAME = "vocab.yml"


def vocabulary_path(stories_dir: Path, configured: str | Path | None = None, base: Path | None = None) -> Path:
    """Where the vocabulary is: the plugin's ``vocab`` option when set (relative to ``base``, the
    folder of mkdocs.yml), else ``vocab.yml`` in the stories folder. The one place that decides it,
    for ``exemplar check``/``new``/``stats``…, the plugin and :func:`~generator.core.archive.load_archive`."""
    if configured:
        return base / str(configured) if base is not None else Path(configured)
    return stories_dir / VOCAB_NAME

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def nearest(value: str, choices: Iterable[str]) -> str | None:
    """The closest of ``choices`` to ``value``, if any is reasonably close."""
    pool = list(dict.fromkeys(choices))
    if not pool:
        return None
    hits = difflib.get_close_matches(value, pool, n=1, cutoff=0.4)
    if hits:
        return hits[0]
    # A value that contains an entry or is contained in one ("五一" → "全国五一劳动奖章").
    contained = [c for c in pool if value and (value in c or c in value)]
    return contained[0] if contained else None


def suggestion_hint(value: str, choices: Iterable[str], where: str) -> str:
    best = nearest(value, choices)
    if best:
        return f"建议改为「{best}」"
    return f"可选值见 {where}"


class Lookups:
    """Fast resolution of story values against one vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.columns = {c.id: c for c in vocab.columns} | {c.title: c for c in vocab.columns}
        self.levels = {lv.id: lv for lv in vocab.levels} | {lv.title: lv for lv in vocab.levels}
        self.honours: dict[str, HonourDef] = {}
        for h in vocab.honours:
            for key in (h.id, h.name, *h.aliases):
                self.honours.setdefault(key, h)
        self.units_by_names = {"/".join(u.names): u for u in vocab.units}
        self.units_by_key = {u.key: u for u in vocab.units}
        self.pioneers: dict[str, Pioneer] = {}
        for p in vocab.pioneers:
            for key in (p.id, p.title, p.short):
                self.pioneers.setdefault(key, p)
        self.parties = set(vocab.parties)

    def unit(self, value: str) -> Unit | None:
        """A unit by its path of names (``国网三明供电公司/营销部``) or of ids (``sanming/yingxiao``)."""
        parts = [p.strip() for p in re.split(r"[/／>＞]", value) if p.strip()]
        joined = "/".join(parts)
        return self.units_by_names.get(joined) or self.units_by_key.get(joined)

    def unit_choices(self) -> list[str]:
        return list(self.units_by_names)

    def level_by_meaning(self, value: str) -> Level | None:
        """The level whose title or alias is ``value`` (spaces and a trailing 级 aside)."""
        key = value.strip().removesuffix("级")
        for level in self.vocab.levels:
            if key in (w.strip().removesuffix("级") for w in (level.title, *level.aliases)):
                return level
        return None

    def unit_hint(self, value: str, vocab_shown: str = "stories/vocab.yml") -> str:
        """What to write instead of an unknown unit: the full path of a unit with that last name,
        else the exact lines that add it to the unit tree."""
        parts = [p.strip() for p in re.split(r"[/／>＞]", value) if p.strip()]
        if not parts:
            return f"单位见 {vocab_shown} 的 units"
        same_leaf = ["/".join(u.names) for u in self.vocab.units if u.names[-1] == parts[-1]]
        if same_leaf:
            return "按单位树写全路径：" + " 或 ".join(f"「{p}」" for p in same_leaf)
        parent = self.unit("/".join(parts[:-1])) if len(parts) > 1 else None
        from .slugs import short_slug  # only for this hint

        best = nearest(value, self.unit_choices())
        near = f"建议改为「{best}」；若是新单位，" if best else "新单位"
        item = f"- id: {short_slug(parts[-1], 2) or 'new-unit'}，name: {parts[-1]}"
        where = f"「{'/'.join(parent.names)}」的 children 下" if parent is not None else "顶层或所属单位的 children 下"
        return f"{near}请先加到 {vocab_shown}：在 units 中{where}加一项 {item}"

    def platform_for(self, url: str) -> Platform | None:
        """The platform whose host (or a parent domain of it) serves ``url``."""
        host = (urlsplit(url).hostname or "").lower()
        for platform in self.vocab.platforms:
            for known in platform.hosts:
                if host == known or host.endswith("." + known):
                    return platform
        return None


def read_yaml_file(path: Path, shown: str, unreadable: str = "E011") -> tuple[Located | None, list[Diagnostic]]:
    """An archive YAML file (the vocabulary, the activity and coverage lists) read as located data:
    a plain file only (no link followed, a pipe named like it never stalls the build), at most
    MAX_VOCAB bytes, decoded and parsed with every problem a located diagnostic, never a traceback.
    ``unreadable`` is the code for a file that cannot be opened (E701 names the vocabulary)."""
    try:
        with os.fdopen(open_plain(path), "rb") as file:
            raw = file.read(MAX_VOCAB + 1)
    except OSError as exc:
        if unreadable == "E701":
            return None, [diag(shown, 1, 0, "E701", expected=shown)]
        return None, [diag(shown, 1, 0, unreadable, reason=exc.strerror or str(exc))]
    if len(raw) > MAX_VOCAB:
        return None, [diag(shown, 1, 0, "E011", reason=f"文件过大（超过 {MAX_VOCAB // 1024 // 1024} MB）")]
    text, problem = decode(raw, shown)
    if text is None:
        return None, [problem] if problem else []
    located, yaml_problem = parse_located(text)
    if yaml_problem:
        code = {"alias": "E008", "duplicate": "E010"}.get(yaml_problem.kind, "E006")
        return None, [diag(shown, yaml_problem.line, yaml_problem.col, code, yaml_problem.key,
                           problem=yaml_problem.problem, hint=yaml_problem.hint,
                           key=yaml_problem.key, first=yaml_problem.first_line)]
    assert located is not None
    return located, []


def load_vocabulary(path: Path, shown: str) -> tuple[Vocabulary | None, list[Diagnostic]]:
    """Read and check the vocabulary file; a broken one yields diagnostics, never a traceback."""
    located, problems = read_yaml_file(path, shown, "E701")
    if located is None:
        return None, problems
    reader = _VocabReader(located, shown)
    vocab = reader.read()
    return (vocab if not reader.problems else None), reader.problems


class _VocabReader:
    def __init__(self, located: Located, shown: str) -> None:
        self.located = located
        self.shown = shown
        self.problems: list[Diagnostic] = []

    def _at(self, path: tuple[str | int, ...], code: str, field: str = "", **args: object) -> None:
        line, col = self.located.pos(path)
        self.problems.append(diag(self.shown, line, col, code, field, **args))

    def _list(self, data: dict[str, Any], key: str, required: bool = True) -> list[Any]:
        value = data.get(key)
        if value is None:
            if required:
                self._at((), "E702", key, key=key, hint=f"在词表中加上 {key}: 一节")
            return []
        if not isinstance(value, list):
            self._at((key,), "E706", key, label=key, expected="列表", found=type(value).__name__)
            return []
        return value

    def _entries(self, data: dict[str, Any], key: str, fields: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
        entries: list[tuple[int, dict[str, Any]]] = []
        seen: set[str] = set()
        for i, item in enumerate(self._list(data, key)):
            where = f"{key}[{i}]"
            if not isinstance(item, dict):
                self._at((key, i), "E706", where, label=where, expected="“字段: 值”的一组", found="其他内容")
                continue
            missing = [f for f in fields if item.get(f) in (None, "")]
            for f in missing:
                self._at((key, i), "E702", f"{where}.{f}", key=f"{where}.{f}", hint=f"给这一项加上 {f}")
            if missing:
                continue
            ident = str(item["id"]) if "id" in fields else str(item[fields[0]])
            if "id" in fields and not ID_RE.match(ident):
                self._at((key, i, "id"), "E704", f"{where}.id", value=ident, suggest=_ascii_id(ident))
                continue
            if "id" in fields and is_reserved(ident):
                self._at((key, i, "id"), "E114", f"{where}.id", value=ident, label="id", suggest=f"{key}-{ident}")
                continue
            if ident in seen:
                self._at((key, i, "id" if "id" in fields else fields[0]), "E703", f"{where}.id", value=ident)
                continue
            seen.add(ident)
            entries.append((i, item))
        return entries

    def _color(self, path: tuple[str | int, ...], value: Any, default: str) -> str:
        """A colour as ``#rgb`` or ``#rrggbb`` only: it is printed into ``style=`` and SVG."""
        if value is None or value == "":
            return default
        if isinstance(value, str) and _COLOR.fullmatch(value):
            return value
        self._at(path, "E708", f"{path[0]}[{path[1]}].color", value=str(value)[:40])
        return default

    def _flag(self, item: dict[str, Any], at: tuple[str | int, ...], key: str) -> bool:
        value = item.get(key, False)
        if not isinstance(value, bool):
            where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in at).replace(".[", "[")
            self._at((*at, key), "E706", f"{where}.{key}", label=f"{where}.{key}", expected="true 或 false",
                     found=str(value))
            return False
        return value

    def _levels(self, data: dict[str, Any]) -> tuple[Level, ...]:
        """The honour levels, each rank used once, the home page's level declared once (``home: true``)."""
        levels: list[Level] = []
        by_rank: dict[int, Level] = {}
        homes: list[tuple[int, Level]] = []
        entries = self._entries(data, "levels", ("id", "title"))
        for i, lv in entries:
            level = Level(id=str(lv["id"]), title=str(lv["title"]), rank=_int(lv.get("rank"), i + 1),
                          color=self._color(("levels", i, "color"), lv.get("color"), "#c8102e"),
                          aliases=tuple(str(a) for a in lv.get("aliases") or () if isinstance(a, (str, int))),
                          home=self._flag(lv, ("levels", i), "home"),
                          report=self._flag(lv, ("levels", i), "report"))
            other = by_rank.setdefault(level.rank, level)
            if other is not level:
                self._at(("levels", i, "rank") if "rank" in lv else ("levels", i), "E709", f"levels[{i}].rank",
                         value=level.title, rank=level.rank, other=other.title)
            if level.home:
                homes.append((i, level))
            levels.append(level)
        if entries and not homes:
            self._at(("levels",), "E710", "levels", role="home",
                     hint="在首页统计的级别（如国家级）下加一行 home: true")
        for i, _ in homes[1:]:
            self._at(("levels", i, "home"), "E711", f"levels[{i}].home", role="home",
                     values="、".join(lv.title for _, lv in homes), hint="只留一个级别的 home: true")
        return tuple(levels)

    def read(self) -> Vocabulary | None:
        data = self.located.data
        if not isinstance(data, dict):
            self._at((), "E706", "", label="词表", expected="“字段: 值”的一组", found="其他内容")
            return None
        found = data.get("archive")
        archive: dict[str, Any] = found if isinstance(found, dict) else {}
        columns = tuple(
            Column(id=str(c["id"]), title=str(c["title"]), description=str(c.get("description") or ""),
                   order=_int(c.get("order"), i))
            for i, c in self._entries(data, "columns", ("id", "title"))
        )
        levels = self._levels(data)
        level_keys = {lv.id: lv.id for lv in levels} | {lv.title: lv.id for lv in levels}
        honours: list[HonourDef] = []
        for i, h in self._entries(data, "honours", ("id", "name", "level")):
            level = level_keys.get(str(h["level"]))
            if level is None:
                self._at(("honours", i, "level"), "E705", f"honours[{i}].level", honour=h["name"],
                         value=h["level"], hint=suggestion_hint(str(h["level"]), level_keys, "levels"))
                continue
            aliases = h.get("aliases") or []
            report = h.get("report", False)
            if not isinstance(report, bool):
                self._at(("honours", i, "report"), "E706", f"honours[{i}].report", label=f"honours[{i}].report",
                         expected="true 或 false", found=str(report))
                report = False
            honours.append(HonourDef(id=str(h["id"]), name=str(h["name"]), level=level,
                                     awarded_by=str(h.get("awarded_by") or ""),
                                     aliases=tuple(str(a) for a in aliases) if isinstance(aliases, list) else (),
                                     report=report))
        units: list[Unit] = []
        self._units(self._list(data, "units"), ("units",), (), (), units)
        pioneers = tuple(
            Pioneer(id=str(p["id"]), title=str(p["title"]), short=str(p.get("short") or p["title"]),
                    description=str(p.get("description") or ""))
            for _, p in self._entries(data, "pioneers", ("id", "title"))
        )
        platforms = tuple(
            Platform(id=str(p["id"]), name=str(p["name"]),
                     hosts=tuple(str(h).lower() for h in p.get("hosts") or []) if isinstance(p.get("hosts"), list) else (),
                     color=self._color(("platforms", i, "color"), p.get("color"), "#555555"), mark=str(p.get("mark") or str(p["name"])[:2]))
            for i, p in self._entries(data, "platforms", ("id", "name"))
        )
        parties = tuple(str(p) for p in self._list(data, "parties", required=False))
        words = tuple(str(w) for w in self._list(data, "search_words", required=False))
        activity_kinds = self._choices(data, "activity_kinds")
        channels = self._choices(data, "channels")
        stages = self._choices(data, "nomination_stages")
        nomination_levels = self._choices(data, "nomination_levels")
        if self.problems:
            return None
        return Vocabulary(
            archive_name=str(archive.get("name") or "榜样档案"),
            organisation=str(archive.get("organisation") or ""),
            tagline=str(archive.get("tagline") or ""),
            columns=tuple(sorted(columns, key=lambda c: (c.order, c.id))),
            levels=tuple(sorted(levels, key=lambda lv: (lv.rank, lv.id))),
            honours=tuple(honours),
            units=tuple(units),
            pioneers=pioneers,
            parties=parties,
            platforms=platforms,
            search_words=words,
            activity_kinds=activity_kinds,
            channels=channels,
            nomination_stages=stages,
            nomination_levels=nomination_levels,
        )

    def _choices(self, data: dict[str, Any], key: str) -> tuple[Choice, ...]:
        """An optional list of ``{id, title, description}`` (activity kinds, coverage channels)."""
        if data.get(key) is None:
            return ()
        return tuple(Choice(id=str(c["id"]), title=str(c["title"]), description=str(c.get("description") or ""))
                     for _, c in self._entries(data, key, ("id", "title")))

    def _units(self, items: list[Any], at: tuple[str | int, ...], path: tuple[str, ...],
               names: tuple[str, ...], out: list[Unit]) -> None:
        seen = {u.key for u in out}
        for i, item in enumerate(items):
            where = (*at, i)
            label = ".".join(str(p) for p in where)
            if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
                self._at(where, "E702", label, key=f"{label} 的 id 和 name", hint="每个单位都要有 id 和 name")
                continue
            ident = str(item["id"])
            if not ID_RE.match(ident):
                self._at((*where, "id"), "E704", f"{label}.id", value=ident, suggest=_ascii_id(ident))
                continue
            if is_reserved(ident):
                self._at((*where, "id"), "E114", f"{label}.id", value=ident, label="id", suggest=f"unit-{ident}")
                continue
            unit_path = (*path, ident)
            if "/".join(unit_path) in seen:
                self._at((*where, "id"), "E703", f"{label}.id", value=ident)
                continue
            seen.add("/".join(unit_path))  # so that a sibling with the same id is caught too
            children = item.get("children") or []
            child_list = children if isinstance(children, list) else []
            child_ids = tuple(str(c.get("id")) for c in child_list if isinstance(c, dict) and c.get("id"))
            out.append(Unit(id=ident, name=str(item["name"]), path=unit_path,
                            names=(*names, str(item["name"])), children=child_ids))
            self._units(child_list, (*where, "children"), unit_path, (*names, str(item["name"])), out)


_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _ascii_id(value: str) -> str:
    from .slugs import slugify

    return slugify(value) or "my-id"
