"""``exemplar import``: the honours of a roster spreadsheet added to the stories.

    exemplar import 名册.xlsx [--dry-run]

Rows are matched by 编号 (what ``exemplar stats --xlsx`` exports) or by name; people
not yet in the archive become draft stories. Every bad row or cell is reported with its
sheet, row and column, and then nothing at all is written. The new files are checked
like ``exemplar check`` before any is written.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import Any

from ...core.archive import list_files, load_archive
from ...core.diagnostics import Diagnostic, diag, format_diagnostics
from ...core.front_matter_edit import FrontMatterEditError, add_honours
from ...core.loader import parse_story_text
from ...core.slugs import is_slug, slugify
from ...core.validate import Context, validate_story
from ...core.vocab import Lookups
from ..settings import Settings


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "import", help="从 Excel 荣誉名册导入荣誉",
        description="把 Excel 荣誉名册（exemplar stats --xlsx 导出的格式）中的荣誉加到事迹稿里；"
                    "按“编号”对应事迹稿，档案里还没有的人新建为草稿；有任何一行出错则不写入任何文件",
    )
    parser.add_argument("file", type=Path, metavar="名册.xlsx", help="要导入的 Excel 文件")
    parser.add_argument("--dry-run", action="store_true", help="只列出将要做的修改，不写入文件")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from ...outputs.atomic import write_atomic
    from ...outputs.roster_import import read_and_plan
    from .new import render_story

    shown = str(args.file)
    if not args.file.is_file():
        print(f"exemplar：找不到文件 {shown}", file=sys.stderr)
        return 1
    archive = load_archive(settings.stories_dir, settings.vocab_file, settings.root)
    if archive.vocab is None or archive.errors:
        print(format_diagnostics(archive.errors), file=sys.stderr)
        print("exemplar：档案中有错误，未导入；请先修正（运行 exemplar check 查看）", file=sys.stderr)
        return 1
    vocab = archive.vocab
    plan = read_and_plan(args.file, shown, archive.stories, vocab)
    if not plan.ok:
        print(format_diagnostics(plan.diagnostics), file=sys.stderr)
        errors = sum(1 for d in plan.diagnostics if d.is_error)
        print(f"exemplar：名册中有 {errors} 处错误，未写入任何文件；改正后重新导入", file=sys.stderr)
        return 1

    stories_dir = settings.stories_dir
    root = settings.root
    writes: dict[Path, str] = {}
    report: list[str] = []
    problems: list[Diagnostic] = []
    for rel, honours in sorted(plan.added.items()):
        path = stories_dir / rel
        shown_story = _shown(path, root)
        try:
            text = path.read_bytes().decode("utf-8-sig")  # a BOM is dropped; the rest is kept as written
            writes[path] = add_honours(text, [h.item() for h in honours])
        except FrontMatterEditError as exc:
            problems.append(diag(shown_story, 1, 0, "E814", "honours", reason=str(exc)))
            continue
        listed = "、".join(f"{h.name}（{h.year}）" for h in honours)
        report.append(f"{shown_story}：新增荣誉 {listed}")

    taken = {s.slug for s in archive.stories}
    columns = [vocab.columns[0].title]
    for person in plan.new_people:
        slug = _free_slug(person, taken, stories_dir)
        text = render_story(title=f"{person.name}的故事", name=person.name, kind=person.kind.value, unit=person.unit,
                            columns=columns, slug=slug, position=person.position, party=person.party,
                            pioneer=person.pioneer)
        path = stories_dir / f"{slug}.md"
        writes[path] = add_honours(text, [h.item() for h in person.honours])
        listed = "、".join(f"{h.name}（{h.year}）" for h in person.honours) or "无"
        report.append(f"{_shown(path, root)}：新建草稿（{person.name}，{person.unit}；荣誉：{listed}）")

    # Every file as it would be written, checked like exemplar check, before any is written.
    files = list_files(stories_dir)
    lookups = Lookups(vocab)
    for path, text in writes.items():
        rel = path.relative_to(stories_dir).as_posix()
        raw, found = parse_story_text(text.encode("utf-8"), rel, _shown(path, root))
        if raw is not None:
            _, found = validate_story(raw, Context(lookups, exists=lambda p: p in files))
        problems.extend(d for d in found if d.is_error)
    if problems:
        print(format_diagnostics(problems), file=sys.stderr)
        print("exemplar：导入后的事迹稿会有错误，未写入任何文件", file=sys.stderr)
        return 1

    for line in report:
        print(line)
    summary = (f"共 {plan.rows} 行：{len(plan.added)} 篇事迹稿新增荣誉 {plan.honours_added - _new_honours(plan.new_people)} 项，"
               f"新建草稿 {len(plan.new_people)} 篇；已有的 {plan.already} 项荣誉未重复添加")
    if args.dry_run:
        print(f"{summary}。（试运行：未写入任何文件）")
        return 0
    for path, text in writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, functools.partial(_write_text, text=text))
    print(f"{summary}。新建的草稿请补全正文后把 status 改为 published；运行 exemplar check 检查。")
    return 0


def _write_text(temp: Path, text: str) -> None:
    temp.write_text(text, encoding="utf-8", newline="")  # the file's own line ends are kept


def _new_honours(people: list[Any]) -> int:
    return sum(len(p.honours) for p in people)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _free_slug(person: Any, taken: set[str], stories_dir: Path) -> str:
    """The name's pinyin, made unique with -2, -3 … against stories and files."""
    base = slugify(person.name)
    if not is_slug(base):
        base = "dianxing"
    slug, n = base, 2
    while slug in taken or (stories_dir / f"{slug}.md").exists() or (stories_dir / slug).exists():
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
