"""The honour roster (荣誉名册) and its export to Excel and CSV.

One row per honour received; an exemplar without honours gets one row with the honour
columns empty. Names are always the published ones (``*`` when masked) — an export
leaves the archive and must never reveal a masked name. Files are written atomically
(a temporary file in the same folder, then ``os.replace``), so a failed export never
leaves half a file where the old one was.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.schema import Story, Vocabulary
from ..core.slugs import pinyin_key
from ..site.urls import story_uri, url_of
from ..site.report import Table
from ..site.stats import KIND_TITLES, in_unit, resolve_unit
from .atomic import write_atomic

ROSTER_HEADERS: tuple[str, ...] = (
    "姓名", "单位", "类别", "先锋类型", "荣誉", "荣誉级别", "年份", "授予单位", "事迹链接",
)
ROSTER_SHEET = "荣誉名册"
SUMMARY_SHEET = "汇总"
# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One line of the roster; the honour fields are empty for an exemplar without honours."""

    name: str
    unit: str
    kind: str
    pioneer: str
    honour: str
    level: str
    year: int | None
    awarded_by: str
    url: str

    @property
    def cells(self) -> tuple[str | int, ...]:
        return (self.name, self.unit, self.kind, self.pioneer, self.honour, self.level,
                "" if self.year is None else self.year, self.awarded_by, self.url)


def story_url(site_url: str, slug: str) -> str:
    """The story's address on the site: ``site_url`` + the page's URL in the site model
    (``stories/<slug>.html``, as the site is built with ``use_directory_urls: false``)."""
    path = url_of(story_uri(slug))
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def roster_rows(stories: Iterable[Story], vocab: Vocabulary, *, site_url: str = "",
                year: int | None = None, unit: str | None = None) -> tuple[RosterRow, ...]:
    """The roster of the published ``stories``, by name (pinyin), then honour year and level.

    With ``year``: the honours of that year, and the exemplars first published that year
    who have none of them. With ``unit`` (key or path of names): that unit and its
    sub-units. Raises :class:`~generator.site.stats.UnknownUnitError`.
    """
    scope = resolve_unit(vocab, unit).key if unit else None
    units = {u.key: "/".join(u.names) for u in vocab.units}
    pioneers = {p.id: p.title for p in vocab.pioneers}
    levels = {lv.id: lv for lv in vocab.levels}
    rank = {lv.id: lv.rank for lv in vocab.levels}
    rows: list[RosterRow] = []
    chosen = [s for s in stories if not s.is_draft and (scope is None or in_unit(s.unit, scope))]
    for story in sorted(chosen, key=lambda s: (pinyin_key(s.display_name), s.slug)):
        honours = [h for h in story.honours if year is None or h.year == year]
        if not honours and year is not None and story.date.year != year:
            continue
        common = {
            "name": story.display_name,
            "unit": units.get(story.unit, story.unit),
            "kind": KIND_TITLES[story.kind],
            "pioneer": pioneers.get(story.pioneer or "", ""),
            "url": story_url(site_url, story.slug),
        }
        if not honours:
            rows.append(RosterRow(honour="", level="", year=None, awarded_by="", **common))
            continue
        for h in sorted(honours, key=lambda h: (h.year, rank.get(h.level, 99), pinyin_key(h.name))):
            level = levels.get(h.level)
            rows.append(RosterRow(honour=h.name, level=level.title if level else h.level, year=h.year,
                                  awarded_by=h.awarded_by, **common))
    return tuple(rows)


def _safe_text(value: str | int) -> str | int:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(path: Path, rows: Sequence[RosterRow]) -> None:
    """The roster as CSV: UTF-8 with a BOM, so that Excel and WPS read the Chinese right."""

    def write(temp: Path) -> None:
        with temp.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(ROSTER_HEADERS)
            writer.writerows([_safe_text(c) for c in row.cells] for row in rows)

    write_atomic(path, write)


def write_xlsx(path: Path, rows: Sequence[RosterRow], tables: Sequence[Table], *,
               scope: str = "", sentences: Sequence[str] = ()) -> None:
    """The roster (sheet 荣誉名册) and the summary figures (sheet 汇总) as one workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = ROSTER_SHEET
    sheet.append(list(ROSTER_HEADERS))
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        sheet.append(list(row.cells))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
        if row.url.startswith(("http://", "https://")):
            sheet.cell(row=sheet.max_row, column=len(ROSTER_HEADERS)).hyperlink = row.url
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(ROSTER_HEADERS))}{max(sheet.max_row, 1)}"
    for i, width in enumerate((10, 36, 6, 10, 24, 12, 6, 24, 48), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width

    summary = book.create_sheet(SUMMARY_SHEET)
    if scope:
        summary.append(["统计范围", scope])
        summary.cell(row=summary.max_row, column=1).font = bold
    for sentence in sentences:
        summary.append([sentence])
    for table in tables:
        summary.append([])
        summary.append([table.title])
        summary.cell(row=summary.max_row, column=1).font = Font(bold=True, size=12)
        summary.append(list(table.headers))
        for cell in summary[summary.max_row]:
            cell.font = bold
        for line in table.rows:
            summary.append(list(line.cells))
            if line.depth:
                summary.cell(row=summary.max_row, column=1).alignment = Alignment(indent=line.depth)
    summary.column_dimensions["A"].width = 30
    for letter in "BCD":
        summary.column_dimensions[letter].width = 12
    summary.column_dimensions["E"].width = 40

    def save(temp: Path) -> None:
        # openpyxl opens its own scratch files in text mode without an encoding; that is
        # its business (it writes ASCII XML), not a forgotten encoding of ours.
        # Built in memory, then written: a full disk while openpyxl's own zip is open would leave
        # that zip to be closed (and fail again, with a traceback) when Python exits.
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", EncodingWarning)
            book.save(buffer)
        with temp.open("wb") as out:
            out.write(buffer.getvalue())

    write_atomic(path, save)
