"""``exemplar stats``: the archive's figures in the terminal, and the roster as Excel or CSV.

    exemplar stats [--year 2023] [--unit 国网三明供电公司/国网沙县供电公司]
                   [--edition internal|public] [--xlsx 名册.xlsx] [--csv 名册.csv]
"""

from __future__ import annotations

import argparse
import errno
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...core.archive import Archive, load_archive
from ...core.diagnostics import format_diagnostics
from ...core.editions import Edition, edition_activities, edition_coverage, edition_stories
from ..settings import Settings

if TYPE_CHECKING:
    from ...site.report import Table


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "stats", help="统计数据，导出荣誉名册",
        description="按类别、荣誉级别、荣誉、年份、单位、先锋类型和宣传片统计先进典型；可导出 Excel 或 CSV 荣誉名册",
    )
    parser.add_argument("--year", type=int, default=None, metavar="年份",
                        help="只统计这一年：当年发布的典型、当年获得的荣誉，如 --year 2023")
    parser.add_argument("--unit", default=None, metavar="单位",
                        help="只统计这个单位及其下级单位，如 --unit 国网三明供电公司/国网沙县供电公司")
    parser.add_argument("--edition", choices=("internal", "public"), default="internal",
                        help="internal 内网版（默认）| public 公开版（不含内网稿件和隐去的字段）")
    parser.add_argument("--xlsx", type=Path, default=None, metavar="文件", help="把荣誉名册和汇总导出为 Excel 文件")
    parser.add_argument("--csv", type=Path, default=None, metavar="文件", help="把荣誉名册导出为 CSV 文件（UTF-8，Excel、WPS 可直接打开）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # The statistics, report and spreadsheet modules load only for this command (not for exemplar check).
    from ...outputs.exports import film_rows, roster_rows, write_csv, write_xlsx
    from ...site.report import (
        report_sentences,
        scope_label,
        stats_tables,
    )
    from ...site.stats import UnknownUnitError, compute_stats

    archive = load_for_counting(settings, "统计", "统计")
    if archive is None:
        return 1
    vocab = archive.vocab
    assert vocab is not None
    edition = Edition(args.edition)
    stories = edition_stories(archive.stories, edition)
    try:
        stats = compute_stats(stories, vocab, year=args.year, unit=args.unit,
                              activities=edition_activities(archive.activities, edition, stories),
                              coverage=edition_coverage(archive.coverage, edition, stories))
        rows = roster_rows(stories, vocab, site_url=settings.site_url, year=args.year, unit=args.unit)
        films = film_rows(stories, vocab, year=args.year, unit=args.unit)
    except UnknownUnitError as exc:
        print(f"exemplar：{exc}", file=sys.stderr)
        return 2

    scope = scope_label(stats, edition.label)
    sentences = report_sentences(stats, vocab)
    tables = stats_tables(stats)
    print(f"{vocab.archive_name} · 数据统计（{scope}）")
    if sentences:
        print()
        for sentence in sentences:
            print(f"  {sentence}")
    for table in tables:
        print()
        print(format_table(table))

    for path, kind in ((args.xlsx, "Excel"), (args.csv, "CSV")):
        if path is None:
            continue
        try:
            if kind == "Excel":
                write_xlsx(path, rows, tables, scope=scope, sentences=sentences, films=films)
            else:
                write_csv(path, rows)
        except OSError as exc:
            print(f"exemplar：无法写入 {path}：{write_problem(exc)}", file=sys.stderr)
            return 1
        print(f"已导出 {kind} 荣誉名册：{path}（{len(rows)} 行）", file=sys.stderr)
    return 0


WRITE_PROBLEMS = {
    errno.ENOENT: "文件夹不存在，请先建好文件夹或换一个位置",
    errno.EACCES: "没有写入权限，请换一个位置",
    errno.EPERM: "没有写入权限，请换一个位置",
    errno.EISDIR: "这是一个文件夹，请在后面加上文件名，如 名册.xlsx",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的，请换一个位置",
    errno.EBUSY: "文件正被其他程序占用，请关闭 Excel 或 WPS 后再试",
}


def load_for_counting(settings: Settings, doing: str, into: str) -> Archive | None:
    """The archive that ``stats`` and ``report`` count, or None (said on stderr) when there is none:
    no stories folder, or a broken vocabulary. Stories with errors are left out, and said so."""
    if not settings.stories_dir.is_dir():
        print(f"exemplar：找不到事迹稿文件夹 {settings.stories_dir}（请在档案根目录运行，或用 --root 指定）", file=sys.stderr)
        return None
    archive = load_archive(settings.stories_dir, settings.vocab_file, settings.root)
    if archive.vocab is None:
        print(format_diagnostics(archive.errors, "text"), file=sys.stderr)
        print(f"exemplar：词表有错误，无法{doing}；请先修正（运行 exemplar check 查看）", file=sys.stderr)
        return None
    if archive.errors:
        print(f"exemplar：注意：有 {len(archive.errors)} 个错误，出错的事迹稿未计入{into}（运行 exemplar check 查看）",
              file=sys.stderr)
    return archive


def write_problem(exc: OSError) -> str:
    """Why a file could not be written, in words an editor can act on."""
    if exc.errno in WRITE_PROBLEMS:
        return WRITE_PROBLEMS[exc.errno]
    return f"{exc.strerror or exc}（请检查文件夹是否存在、文件是否正被其他程序打开）"


def display_width(text: str) -> int:
    """Columns the text takes in a terminal: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill


def format_table(table: Table, indent: str = "  ") -> str:
    """A titled, aligned text table; numbers right-aligned, tree rows indented."""
    cells: list[Sequence[str]] = [table.headers]
    for row in table.rows:
        first, *rest = (str(c) for c in row.cells)
        cells.append([indent * row.depth + first, *rest])
    widths = [max(display_width(r[i]) for r in cells) for i in range(len(table.headers))]
    lines = [table.title]
    for n, row_cells in enumerate(cells):
        parts = [pad(c, widths[i], right=table.numeric[i]) for i, c in enumerate(row_cells)]
        lines.append(indent + "  ".join(parts).rstrip())
        if n == 0:
            lines.append(indent + "  ".join("-" * w for w in widths))
    return "\n".join(lines)
