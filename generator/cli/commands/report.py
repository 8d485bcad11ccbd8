"""``exemplar report``: the figures section of the annual publicity report as a Word file.

    exemplar report --docx 报告.docx [--from 2021] [--to 2023] [--unit 单位] [--edition internal|public]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ...core.editions import Edition, edition_activities, edition_coverage, edition_stories
from ..settings import Settings


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "report", help="生成 Word 版数据报告",
        description="按公司公文格式生成先进典型选树宣传情况的 Word 报告：总体情况、荣誉、单位、年度、宣传片等，数字均从事迹稿统计",
    )
    parser.add_argument("--docx", type=Path, required=True, metavar="文件", help="写入的 Word 文件，如 报告.docx")
    parser.add_argument("--from", dest="since", type=int, default=None, metavar="年份", help="从这一年起（含），如 --from 2021")
    parser.add_argument("--to", dest="until", type=int, default=None, metavar="年份", help="到这一年止（含），如 --to 2023")
    parser.add_argument("--unit", default=None, metavar="单位",
                        help="只统计这个单位及其下级单位，如 --unit 国网三明供电公司/国网沙县供电公司")
    parser.add_argument("--edition", choices=("internal", "public"), default="internal",
                        help="internal 内网版（默认）| public 公开版（不含内网稿件和隐去的字段）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    # python-docx and the report modules load only for this command.
    from ...outputs.word_report import write_docx
    from ...site.report_document import build_report_document
    from ...site.stats import UnknownUnitError
    from .stats import load_for_counting, write_problem

    if args.since is not None and args.until is not None and args.since > args.until:
        print(f"exemplar：--from {args.since} 晚于 --to {args.until}；请把起始年份写在前面", file=sys.stderr)
        return 2
    if not args.docx.name.lower().endswith(".docx"):
        print(f"exemplar：{args.docx} 不是 .docx 文件名；请写成如 报告.docx", file=sys.stderr)
        return 2
    archive = load_for_counting(settings, "生成报告", "报告")
    if archive is None:
        return 1
    assert archive.vocab is not None  # load_for_counting returns only archives with a vocabulary
    edition = Edition(args.edition)
    stories = edition_stories(archive.stories, edition)
    try:
        document = build_report_document(
            stories, archive.vocab, since=args.since, until=args.until, unit=args.unit,
            edition_title=edition.label,
            activities=edition_activities(archive.activities, edition, stories),
            coverage=edition_coverage(archive.coverage, edition, stories),
        )
    except UnknownUnitError as exc:
        print(f"exemplar：{exc}", file=sys.stderr)
        return 2
    try:
        write_docx(args.docx, document)
    except OSError as exc:
        print(f"exemplar：无法写入 {args.docx}：{write_problem(exc)}", file=sys.stderr)
        return 1
    print(f"已生成 Word 报告：{args.docx}（{document.subtitle.strip('（）')}）", file=sys.stderr)
    return 0
