"""The honour roster (荣誉名册) and its export to Excel and CSV.

One row per honour received; an exemplar without honours gets one row with the honour
columns empty. Names are always the published ones (``*`` when masked) — an export
leaves the archive and must never reveal a masked name; the 编号 column (the story's
slug, which may not spell a masked name: check E112) tells masked rows apart, and is what
``exemplar import`` matches rows by, so an exported roster can be read back in.
The workbook also lists the films (views with the day they were counted) and puts each
summary table on its own sheet. Files are written atomically
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
    "编号", "姓名", "单位", "类别", "岗位", "政治面貌", "先锋类型", "荣誉", "荣誉级别", "年份", "授予单位", "事迹链接",
)
ROSTER_WIDTHS = (18, 10, 36, 6, 16, 10, 10, 24, 12, 6, 24, 48)
FILM_HEADERS: tuple[str, ...] = ("编号", "姓名", "片名", "平台", "平台链接", "本地文件", "点击量", "点击量统计日期", "发布日期")
FILM_WIDTHS = (18, 10, 36, 10, 48, 24, 12, 14, 12)
ROSTER_SHEET = "荣誉名册"
SUMMARY_SHEET = "汇总"
FILM_SHEET = "宣传片"
# Characters a sheet name may not hold, and its length limit (Excel's rules).
_SHEET_FORBIDDEN = str.maketrans({c: "・" for c in "[]:*?/\\"})
_SHEET_MAX = 31
# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One line of the roster; the honour fields are empty for an exemplar without honours.
    ``id`` is the story's slug."""

    id: str
    name: str
    unit: str
    kind: str
    position: str
    party: str
    pioneer: str
    honour: str
    level: str
    year: int | None
    awarded_by: str
    url: str

    @property
    def cells(self) -> tuple[str | int, ...]:
        return (self.id, self.name, self.unit, self.kind, self.position, self.party, self.pioneer, self.honour,
                self.level, "" if self.year is None else self.year, self.awarded_by, self.url)


@dataclass(frozen=True, slots=True)
class FilmRow:
    """One film of the films sheet."""

    id: str
    name: str
    title: str
    platform: str
    url: str
    file: str
    views: int | None
    views_date: str
    date: str

    @property
    def cells(self) -> tuple[str | int, ...]:
        return (self.id, self.name, self.title, self.platform, self.url, self.file,
                "" if self.views is None else self.views, self.views_date, self.date)


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
            "id": story.slug,
            "name": story.display_name,
            "position": story.position,
            "party": story.party,
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


def film_rows(stories: Iterable[Story], vocab: Vocabulary, *, year: int | None = None,
              unit: str | None = None) -> tuple[FilmRow, ...]:
    """Every film of the published ``stories`` (in the roster's order of people); with
    ``year``, the films of that year (their own date, else their story's)."""
    scope = resolve_unit(vocab, unit).key if unit else None
    platforms = {p.id: p.name for p in vocab.platforms}
    chosen = [s for s in stories if not s.is_draft and (scope is None or in_unit(s.unit, scope))]
    rows = []
    for story in sorted(chosen, key=lambda s: (pinyin_key(s.display_name), s.slug)):
        for film in story.films:
            day = film.date or story.date
            if year is not None and day.year != year:
                continue
            counted = film.views_date or film.date
            rows.append(FilmRow(
                id=story.slug, name=story.display_name, title=film.title,
                platform=platforms.get(film.platform or "", "其他平台" if film.url else ""),
                url=film.url or "", file=film.file or "", views=film.views,
                views_date=counted.isoformat() if counted and film.views is not None else "",
                date=film.date.isoformat() if film.date else "",
            ))
    return tuple(rows)


def sheet_title(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name for a table title (Excel: no []:*?/\\, at most 31 characters)."""
    base = title.translate(_SHEET_FORBIDDEN)[:_SHEET_MAX]
    name, n = base, 2
    while name in taken:
        suffix = f"（{n}）"
        name, n = base[: _SHEET_MAX - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


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
               scope: str = "", sentences: Sequence[str] = (), films: Sequence[FilmRow] = ()) -> None:
    """One workbook: the roster (sheet 荣誉名册), the films (宣传片), the scope, sentences and
    overview (汇总), then each other summary table on a sheet of its own."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    bold = Font(bold=True)
    link = Font(color="0563C1", underline="single")
    book = Workbook()

    def listing(sheet: Worksheet, headers: Sequence[str], lines: Iterable[tuple[str | int, ...]],
                widths: Sequence[int], links: Sequence[int]) -> None:
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = bold
        for cells in lines:
            sheet.append(list(cells))
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
            for column in links:  # real hyperlinks, clickable in Excel and WPS
                cell = sheet.cell(row=sheet.max_row, column=column)
                if isinstance(cell.value, str) and cell.value.startswith(("http://", "https://")):
                    cell.hyperlink = cell.value
                    cell.font = link
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(sheet.max_row, 1)}"
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width

    roster = book.active
    roster.title = ROSTER_SHEET
    listing(roster, ROSTER_HEADERS, (r.cells for r in rows), ROSTER_WIDTHS, (len(ROSTER_HEADERS),))
    listing(book.create_sheet(FILM_SHEET), FILM_HEADERS, (f.cells for f in films), FILM_WIDTHS,
            (FILM_HEADERS.index("平台链接") + 1,))

    def put_table(sheet: Worksheet, table: Table) -> None:
        sheet.append([table.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.append(list(table.headers))
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for line in table.rows:
            sheet.append(list(line.cells))
            if line.depth:
                sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(indent=line.depth)
        sheet.column_dimensions["A"].width = 30
        for letter in "BCD":
            sheet.column_dimensions[letter].width = 12
        sheet.column_dimensions["E"].width = 40

    taken = {ROSTER_SHEET, FILM_SHEET, SUMMARY_SHEET}
    summary = book.create_sheet(SUMMARY_SHEET)
    if scope:
        summary.append(["统计范围", scope])
        summary.cell(row=summary.max_row, column=1).font = bold
    for sentence in sentences:
        summary.append([sentence])
    for n, table in enumerate(tables):
        if n == 0:  # the overview stays with the scope and the sentences
            summary.append([])
            put_table(summary, table)
        else:
            put_table(book.create_sheet(sheet_title(table.title, taken)), table)

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
