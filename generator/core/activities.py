"""Activities and coverage as content: ``stories/activities.yml`` and ``stories/coverage.yml``.

Each file is a YAML list, one entry per activity (宣讲活动: a lecture tour, a reading
circle, a 道德讲堂 …) or per report about exemplars (媒体报道 on 网、报、微、端、视、屏).
Entries name their exemplars by story slug or name, so pages link both ways. Both files
are optional. Every problem is a located diagnostic like a story's (E815–E822, and the
story codes for the same problem: E104 dates, E205 units, E301 links, E106 choices).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, diag
from .located import Located
from .schema import Activity, Choice, Coverage, Story, Visibility, Vocabulary
from .slugs import is_slug
from .validate import is_http_url
from .vocab import Lookups, nearest, read_yaml_file, suggestion_hint

ACTIVITIES_FILE = "activities.yml"
COVERAGE_FILE = "coverage.yml"

ACTIVITY_FIELDS: dict[str, str] = {
    "id": "编号", "title": "名称", "kind": "活动类型", "date": "日期", "place": "地点", "unit": "组织单位",
    "sessions": "场次", "audience": "受众人次", "speakers": "宣讲典型", "summary": "简介", "visibility": "公开范围",
}
COVERAGE_FIELDS: dict[str, str] = {
    "id": "编号", "title": "标题", "outlet": "媒体", "channel": "渠道", "date": "日期", "url": "链接",
    "stories": "相关典型", "summary": "简介", "visibility": "公开范围",
}
_APPROX = re.compile(r"^\s*(\d+)\s*(?:余|多|\+)\s*$")


@dataclass(frozen=True, slots=True)
class Records:
    """What the two files hold, checked; ``diagnostics`` in file order."""

    activities: tuple[Activity, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def load_records(stories_dir: Path, vocab: Vocabulary, stories: Sequence[Story],
                 shown: Callable[[Path], str]) -> Records:
    """Read and check ``activities.yml`` and ``coverage.yml`` beside the stories (either may be absent)."""
    refs = _StoryRefs(stories)
    lookups = Lookups(vocab)
    problems: list[Diagnostic] = []
    activities: list[Activity] = []
    coverage: list[Coverage] = []
    for name, fields in ((ACTIVITIES_FILE, ACTIVITY_FIELDS), (COVERAGE_FILE, COVERAGE_FIELDS)):
        path = stories_dir / name
        if not path.is_file():
            continue
        items, found = _read_list(path, shown(path))
        problems.extend(found)
        if items is None:
            continue
        reader = _Reader(items, shown(path), lookups, refs)
        if name == ACTIVITIES_FILE:
            activities = reader.activities(vocab.activity_kinds)
        else:
            coverage = reader.coverage(vocab.channels)
        problems.extend(reader.problems)
    return Records(tuple(activities), tuple(coverage), tuple(problems))


def _read_list(path: Path, shown: str) -> tuple[Located | None, list[Diagnostic]]:
    located, problems = read_yaml_file(path, shown)
    if located is None:
        return None, problems
    if located.data is None:
        return None, []
    if not isinstance(located.data, list):
        return None, [diag(shown, 1, 1, "E815", "", found="“字段: 值”的一组" if isinstance(located.data, dict) else "一段文字")]
    return located, []


class _StoryRefs:
    """Stories named by slug, or by name when only one story has it."""

    def __init__(self, stories: Sequence[Story]) -> None:
        self.slugs = {s.slug for s in stories}
        names: dict[str, list[str]] = {}
        for s in stories:
            names.setdefault(s.name, []).append(s.slug)
        self.names = {n: slugs[0] for n, slugs in names.items() if len(slugs) == 1}
        self.ambiguous = {n for n, slugs in names.items() if len(slugs) > 1}

    def resolve(self, value: str) -> str | None:
        return value if value in self.slugs else self.names.get(value)

    def choices(self) -> list[str]:
        return [*self.slugs, *self.names]


@dataclass(slots=True)
class _Reader:
    located: Located
    shown: str
    lookups: Lookups
    refs: _StoryRefs
    problems: list[Diagnostic] = field(default_factory=list)

    def at(self, path: tuple[str | int, ...], code: str, field_name: str = "", *, on_key: bool = False,
           **args: object) -> None:
        line, col = self.located.key_pos(path) if on_key else self.located.pos(path)
        self.problems.append(diag(self.shown, line, col, code, field_name, **args))

    # --- one entry's fields ----------------------------------------------------------

    def entries(self, fields: dict[str, str], required: tuple[str, ...]) -> list[tuple[int, dict[str, Any], bool]]:
        """Every entry that is a mapping, and whether its keys are wrong (unknown or missing ones);
        its values are checked all the same, so an editor sees every problem at once."""
        out: list[tuple[int, dict[str, Any], bool]] = []
        known = {v: k for k, v in fields.items()}
        for i, item in enumerate(self.located.data):
            if not isinstance(item, dict):
                self.at((i,), "E815", f"[{i}]", found="一段文字" if isinstance(item, str) else "其他内容")
                continue
            before = len(self.problems)
            for key in item:
                if str(key) not in fields:
                    best = nearest(str(key), [*fields, *fields.values()])
                    hint = f"建议改为「{known.get(best, best)}」" if best else "可用字段：" + "、".join(fields)
                    self.at((i, key), "E816", f"[{i}].{key}", on_key=True, key=key, hint=hint)
            for key in required:
                if item.get(key) in (None, ""):
                    self.at((i,), "E817", f"[{i}].{key}", key=key, label=fields[key])
            out.append((i, item, len(self.problems) > before))
        return out

    def text(self, i: int, item: dict[str, Any], key: str) -> str:
        value = item.get(key)
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            self.at((i, key), "E103", f"[{i}].{key}", label=key, expected="一段文字", found="列表或一组字段",
                    hint="写成一行文字")
            return ""
        return str(value).strip()

    def date(self, i: int, item: dict[str, Any]) -> dt.date | None:
        value = item.get("date")
        if value is None or value == "":
            return None  # missing: said by E817
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.at((i, "date"), "E104", f"[{i}].date", value=value)
        return None

    def choice(self, i: int, item: dict[str, Any], key: str, choices: tuple[Choice, ...], code: str) -> str | None:
        value = self.text(i, item, key)
        if not value:
            return None  # missing: said by E817
        by = {c.id: c.id for c in choices} | {c.title: c.id for c in choices}
        if value in by:
            return by[value]
        hint = (suggestion_hint(value, [c.title for c in choices], "stories/vocab.yml")
                if choices else f"先在 stories/vocab.yml 中加上 {'activity_kinds' if key == 'kind' else 'channels'} 一节")
        self.at((i, key), code, f"[{i}].{key}", value=value, hint=hint)
        return None

    def count(self, i: int, item: dict[str, Any], key: str, default: int | None,
              low: int) -> tuple[int | None, bool]:
        value = item.get(key)
        if value is None or value == "":
            return default, False
        if isinstance(value, int) and not isinstance(value, bool) and value >= low:
            return value, False
        match = _APPROX.match(str(value)) if key == "audience" and isinstance(value, str) else None
        if match:
            return int(match.group(1)), True
        self.at((i, key), "E821", f"[{i}].{key}", value=value, label=ACTIVITY_FIELDS[key], low=low)
        return default, False

    def stories(self, i: int, item: dict[str, Any], key: str) -> tuple[str, ...]:
        value = item.get(key)
        if value is None or value == "":
            return ()
        values = value if isinstance(value, list) else [value]
        out: list[str] = []
        for n, one in enumerate(values):
            text = str(one).strip()
            slug = self.refs.resolve(text)
            where = (i, key, n) if isinstance(value, list) else (i, key)
            if slug is None:
                if text in self.refs.ambiguous:
                    hint = "有多篇事迹稿用这个名字，请改写网址名（文件名）"
                else:
                    hint = suggestion_hint(text, self.refs.choices(), "stories/ 中的事迹稿（写网址名或姓名）")
                self.at(where, "E820", f"[{i}].{key}", value=text, hint=hint)
            elif slug not in out:
                out.append(slug)
        return tuple(out)

    def visibility(self, i: int, item: dict[str, Any]) -> Visibility:
        value = self.text(i, item, "visibility") or Visibility.PUBLIC.value
        if value in (v.value for v in Visibility):
            return Visibility(value)
        self.at((i, "visibility"), "E106", f"[{i}].visibility", value=value, label="公开范围",
                choices="public、internal", hint="public 内外网都发布 | internal 仅内网版")
        return Visibility.INTERNAL

    def ident(self, i: int, item: dict[str, Any], default: str, seen: set[str]) -> str | None:
        given = self.text(i, item, "id")
        if given and not is_slug(given):
            self.at((i, "id"), "E107", f"[{i}].id", value=given, suggest=re.sub(r"[^a-z0-9]+", "-", given.lower()).strip("-") or "a-1")
            return None
        ident = given or default
        if given and ident in seen:
            self.at((i, "id"), "E822", f"[{i}].id", value=ident)
            return None
        n = 2
        while ident in seen:
            ident, n = f"{default}-{n}", n + 1
        seen.add(ident)
        return ident

    # --- the two kinds of entry ------------------------------------------------------

    def activities(self, kinds: tuple[Choice, ...]) -> list[Activity]:
        out: list[Activity] = []
        seen: set[str] = set()
        for i, item, bad in self.entries(ACTIVITY_FIELDS, ("title", "kind", "date")):
            before = len(self.problems)
            kind = self.choice(i, item, "kind", kinds, "E818")
            date = self.date(i, item)
            unit_text = self.text(i, item, "unit")
            unit = self.lookups.unit(unit_text) if unit_text else None
            if unit_text and unit is None:
                self.at((i, "unit"), "E205", f"[{i}].unit", value=unit_text,
                        hint=suggestion_hint(unit_text, self.lookups.unit_choices(), "vocab.yml 的 units"))
            sessions, _ = self.count(i, item, "sessions", 1, 1)
            audience, approx = self.count(i, item, "audience", None, 0)
            speakers = self.stories(i, item, "speakers")
            visibility = self.visibility(i, item)
            ident = self.ident(i, item, f"{kind}-{date.isoformat()}" if kind and date else f"a{i + 1}", seen)
            if bad or len(self.problems) > before or kind is None or date is None or ident is None:
                continue
            out.append(Activity(
                id=ident, title=self.text(i, item, "title"), kind=kind, date=date, place=self.text(i, item, "place"),
                unit=unit.key if unit else "", sessions=sessions or 1, audience=audience, audience_approx=approx,
                speakers=speakers, summary=self.text(i, item, "summary"), visibility=visibility,
            ))
        return out

    def coverage(self, channels: tuple[Choice, ...]) -> list[Coverage]:
        out: list[Coverage] = []
        seen: set[str] = set()
        for i, item, bad in self.entries(COVERAGE_FIELDS, ("title", "outlet", "channel", "date")):
            before = len(self.problems)
            channel = self.choice(i, item, "channel", channels, "E819")
            date = self.date(i, item)
            url = self.text(i, item, "url") or None
            if url and not is_http_url(url):
                self.at((i, "url"), "E301", f"[{i}].url", value=url)
            stories = self.stories(i, item, "stories")
            visibility = self.visibility(i, item)
            ident = self.ident(i, item, f"{channel}-{date.isoformat()}" if channel and date else f"c{i + 1}", seen)
            if bad or len(self.problems) > before or channel is None or date is None or ident is None:
                continue
            out.append(Coverage(
                id=ident, title=self.text(i, item, "title"), outlet=self.text(i, item, "outlet"), channel=channel,
                date=date, url=url, stories=stories, summary=self.text(i, item, "summary"), visibility=visibility,
            ))
        return out
