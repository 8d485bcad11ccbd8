"""Reading an honour roster back in (``exemplar import FILE.xlsx``).

The roster is what ``exemplar stats --xlsx`` writes, or a spreadsheet from HR, the union
or the youth league laid out the same way (the columns are found by their headers, in
any order; only 荣誉 and 年份, and 编号 or 姓名, are needed). A row names its story by
编号 (the story's slug, which the export carries, so masked people are matched without
their name), or else by 姓名 when exactly one story has that name; a person the archive
does not know yet becomes a draft story. Every bad row or cell is a located diagnostic
(file, sheet, row, column); :func:`plan_import` returns them all, and the caller writes
nothing when there is any. Reading and planning only: writing is the command's.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, diag
from ..core.schema import MASK, Kind, Story, Vocabulary
from ..core.vocab import Lookups, suggestion_hint
from ..site.stats import KIND_TITLES
from .exports import ROSTER_SHEET

# The headers the import understands (those the export writes); 编号 or 姓名 must be there.
REQUIRED = ("荣誉", "年份")
KNOWN = ("编号", "姓名", "单位", "类别", "岗位", "政治面貌", "先锋类型", "荣誉", "荣誉级别", "年份", "授予单位", "事迹链接")
YEAR_RANGE = (1949, 2100)
KIND_BY_TITLE = {title: kind for kind, title in KIND_TITLES.items()} | {k.value: k for k in Kind}


@dataclass(frozen=True, slots=True)
class Cell:
    """Where a value came from: for the located messages."""

    sheet: str
    row: int
    col: int
    header: str

    @property
    def ref(self) -> str:
        """``荣誉名册!H5（荣誉）``."""
        from openpyxl.utils import get_column_letter

        return f"{self.sheet}!{get_column_letter(self.col)}{self.row}（{self.header}）"


@dataclass(frozen=True, slots=True)
class RosterLine:
    """One data row: the text of each known column, and where each sits."""

    row: int
    values: dict[str, str]
    cells: dict[str, Cell]


@dataclass(frozen=True, slots=True)
class NewHonour:
    """An honour to add: what to write into the story's ``honours`` list."""

    honour_id: str
    name: str
    year: int
    awarded_by: str = ""

    def item(self) -> dict[str, str | int]:
        out: dict[str, str | int] = {"name": self.name, "year": self.year}
        if self.awarded_by:
            out["awarded_by"] = self.awarded_by
        return out


@dataclass(slots=True)
class NewPerson:
    """A person not in the archive yet: becomes a draft story."""

    name: str
    unit: str
    kind: Kind
    position: str = ""
    party: str = ""
    pioneer: str = ""
    honours: list[NewHonour] = field(default_factory=list)


@dataclass(slots=True)
class ImportPlan:
    """What the import would do; nothing may be written while ``diagnostics`` has an error."""

    added: dict[str, list[NewHonour]] = field(default_factory=dict)  # story path → honours
    new_people: list[NewPerson] = field(default_factory=list)
    already: int = 0
    rows: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    @property
    def honours_added(self) -> int:
        return sum(len(v) for v in self.added.values()) + sum(len(p.honours) for p in self.new_people)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_roster(path: Path, shown: str) -> tuple[str, list[RosterLine], list[Diagnostic]]:
    """The roster sheet's rows (blank rows left out), or the diagnostics saying why not."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it does not read
            book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        return "", [], [diag(shown, 1, 0, "E801", reason=reason)]
    try:
        sheet_name = ROSTER_SHEET if ROSTER_SHEET in book.sheetnames else book.sheetnames[0]
        if ROSTER_SHEET not in book.sheetnames and len(book.sheetnames) > 1:
            return "", [], [diag(shown, 1, 0, "E802", sheet=ROSTER_SHEET, sheets="、".join(book.sheetnames))]
        rows = list(book[sheet_name].iter_rows(values_only=True))
    finally:
        book.close()
    if not rows:
        return sheet_name, [], [diag(shown, 1, 1, "E803", f"{sheet_name}!A1", header="、".join(REQUIRED))]
    headers = [_text(h) for h in rows[0]]
    columns = {h: i for i, h in reversed(list(enumerate(headers))) if h in KNOWN}
    missing = [h for h in REQUIRED if h not in columns]
    if "编号" not in columns and "姓名" not in columns:
        missing.append("编号或姓名")
    if missing:
        return sheet_name, [], [diag(shown, 1, 1, "E803", f"{sheet_name}!1", header="、".join(missing))]
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        values = {h: _text(row[i]) if i < len(row) else "" for h, i in columns.items()}
        if not any(values.values()):
            continue
        cells = {h: Cell(sheet_name, number, i + 1, h) for h, i in columns.items()}
        lines.append(RosterLine(number, values, cells))
    return sheet_name, lines, []


def plan_import(lines: Sequence[RosterLine], stories: Iterable[Story], vocab: Vocabulary, shown: str) -> ImportPlan:
    """Match each row to a story (or a new person) and work out the honours to add.

    ``stories`` are the archive's own (names not masked, drafts included)."""
    lookups = Lookups(vocab)
    by_slug = {s.slug: s for s in stories}
    by_name: dict[str, list[Story]] = {}
    for known in by_slug.values():
        by_name.setdefault(known.name, []).append(known)
    plan = ImportPlan(rows=len(lines))
    have = {s.path: {(h.honour_id, h.year) for h in s.honours} for s in by_slug.values()}
    people: dict[str, NewPerson] = {}

    def problem(cell: Cell, code: str, **args: object) -> None:
        plan.diagnostics.append(diag(shown, cell.row, cell.col, code, cell.ref, **args))

    for line in lines:
        before = len(plan.diagnostics)
        story = _match_story(line, by_slug, by_name, problem)
        person: NewPerson | None = None
        if story is None and len(plan.diagnostics) == before:
            person = _new_person(line, lookups, vocab, people, problem)
        honour = _honour(line, lookups, vocab, problem)
        if len(plan.diagnostics) > before or honour is None:
            continue
        if story is not None:
            key = (honour.honour_id, honour.year)
            if key in have[story.path]:
                plan.already += 1
                continue
            have[story.path].add(key)
            plan.added.setdefault(story.path, []).append(honour)
        elif person is not None:
            if any((h.honour_id, h.year) == (honour.honour_id, honour.year) for h in person.honours):
                plan.already += 1
                continue
            person.honours.append(honour)
    plan.new_people = list(people.values())
    return plan


def _match_story(line: RosterLine, by_slug: dict[str, Story], by_name: dict[str, list[Story]],
                 problem: Any) -> Story | None:
    v, at = line.values, line.cells
    ident, name = v.get("编号", ""), v.get("姓名", "")
    if ident:
        story = by_slug.get(ident)
        if story is None:
            problem(at["编号"], "E804", value=ident, hint=suggestion_hint(ident, by_slug, "导出的名册（编号即网址名）"))
            return None
        if name and name not in (MASK, story.name):
            problem(at["姓名"], "E805", value=name, ident=ident)
        return story
    if name == MASK:
        problem(at["姓名"], "E806")
        return None
    if not name:
        problem(at.get("姓名") or at["荣誉"], "E806")
        return None
    same = by_name.get(name, [])
    if len(same) > 1:
        problem(at["姓名"], "E812", value=name, slugs="、".join(sorted(s.slug for s in same)))
        return None
    return same[0] if same else None


def _new_person(line: RosterLine, lookups: Lookups, vocab: Vocabulary, people: dict[str, NewPerson],
                problem: Any) -> NewPerson | None:
    v, at = line.values, line.cells
    name = v["姓名"]
    if name in people:
        return people[name]
    unit_text = v.get("单位", "")
    unit = lookups.unit(unit_text) if unit_text else None
    if unit is None:
        cell = at.get("单位") or at["姓名"]
        problem(cell, "E810", value=unit_text or "（空）",
                hint=suggestion_hint(unit_text, lookups.unit_choices(), "vocab.yml 的 units") if unit_text
                else "新人员须填写单位，如“国网三明供电公司/营销部”")
        return None
    kind_text = v.get("类别", "")
    kind = KIND_BY_TITLE.get(kind_text or "个人")
    if kind is None:
        problem(at["类别"], "E811", value=kind_text)
        return None
    pioneer_text = v.get("先锋类型", "")
    pioneer = lookups.pioneers.get(pioneer_text) if pioneer_text else None
    if pioneer_text and pioneer is None:
        problem(at["先锋类型"], "E813", value=pioneer_text, label="先锋类型",
                choices="、".join(p.title for p in vocab.pioneers))
        return None
    party = v.get("政治面貌", "")
    if party and party not in lookups.parties:
        problem(at["政治面貌"], "E813", value=party, label="政治面貌", choices="、".join(vocab.parties))
        return None
    person = NewPerson(name=name, unit="/".join(unit.names), kind=kind, position=v.get("岗位", ""), party=party,
                       pioneer=pioneer.title if pioneer else "")
    people[name] = person
    return person


def _honour(line: RosterLine, lookups: Lookups, vocab: Vocabulary, problem: Any) -> NewHonour | None:
    """The row's honour, or None for a row that only lists a person (empty 荣誉 and 年份)."""
    v, at = line.values, line.cells
    name, year_text = v["荣誉"], v["年份"]
    if not name and not year_text:
        return None
    definition = lookups.honours.get(name) if name else None
    if definition is None:
        problem(at["荣誉"], "E807", value=name or "（空）",
                hint=suggestion_hint(name, lookups.honours, "vocab.yml 的 honours") if name else "填写荣誉名称，或把年份也留空")
        return None
    try:
        year = int(year_text)
    except ValueError:
        year = 0
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        problem(at["年份"], "E809", value=year_text or "（空）", low=YEAR_RANGE[0], high=YEAR_RANGE[1])
        return None
    level_text = v.get("荣誉级别", "")
    if level_text:
        level = lookups.levels.get(level_text)
        if level is None or level.id != definition.level:
            expected = vocab.level(definition.level).title
            problem(at["荣誉级别"], "E808", value=level_text, honour=definition.name, expected=expected)
            return None
    awarded_by = v.get("授予单位", "")
    return NewHonour(definition.id, definition.name, year, "" if awarded_by in ("", definition.awarded_by) else awarded_by)


def read_and_plan(path: Path, shown: str, stories: Iterable[Story], vocab: Vocabulary) -> ImportPlan:
    """:func:`read_roster`, then :func:`plan_import`."""
    _, lines, problems = read_roster(path, shown)
    if problems:
        return ImportPlan(diagnostics=problems)
    return plan_import(lines, stories, vocab, shown)
