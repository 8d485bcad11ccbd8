"""``exemplar new``: a new story from the commented template, never over an existing one."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from ...core.archive import load_archive
from ...core.diagnostics import format_diagnostics
from ...core.loader import load_story
from ...core.slugs import is_slug, short_slug, slugify
from ...core.validate import Context, validate_story
from ...core.vocab import Lookups
from ...outputs.atomic import write_atomic
from ..settings import Settings


def register(sub: Any) -> None:
    parser = sub.add_parser("new", help="新建一篇事迹稿", description="按模板新建一篇事迹稿（每个字段都有中文说明），不会覆盖已有文件")
    parser.add_argument("name", help="典型的姓名（集体、品牌、阵地填名称）")
    parser.add_argument("--column", action="append", default=[], help="所属栏目（名称或 id），可重复")
    parser.add_argument("--kind", default="person", choices=("person", "collective", "brand", "place"),
                        help="类别：person 个人 | collective 集体 | brand 品牌 | place 阵地")
    parser.add_argument("--unit", default=None, help="所在单位路径，如 国网三明供电公司/营销部")
    parser.add_argument("--title", default=None, help="标题（默认为“姓名的故事”）")
    parser.add_argument("--slug", default=None,
                        help="文件名和网址名（默认为姓名的拼音；集体、品牌、阵地取名称的前几个词）")
    parser.add_argument("--mask", action="store_true",
                        help="隐去姓名：网站上姓名显示为 *，文件名和网址名不含姓名（如 geren-20240530）")
    parser.add_argument("--folder", action="store_true", help="建成文件夹形式（stories/网址名/index.md），照片和视频可放在旁边")
    parser.set_defaults(run=run)


KIND_LABELS = {"person": "榜样", "collective": "先进集体", "brand": "品牌", "place": "阵地"}
KIND_WORDS = {"person": "geren", "collective": "jiti", "brand": "pinpai", "place": "zhendi"}
"""The start of a masked story's slug: the kind in pinyin, never the name."""


def default_slug(name: str, kind: str, mask: bool, taken: set[str], stories_dir: Path) -> str:
    """A person's name in pinyin; a collective's, brand's or place's first words; with ``mask``
    the kind and today's date (never the name), numbered when taken."""
    if not mask:
        return slugify(name) if kind == "person" else short_slug(name)
    base = f"{KIND_WORDS[kind]}-{dt.date.today():%Y%m%d}"
    slug, n = base, 1
    while slug in taken or (stories_dir / f"{slug}.md").exists() or (stories_dir / slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _quote(value: str) -> str:
    """A YAML-safe scalar: JSON strings are valid YAML double-quoted strings."""
    return json.dumps(value, ensure_ascii=False)


def render_story(*, title: str, name: str, kind: str, unit: str, columns: list[str], slug: str,
                 position: str = "", party: str = "", pioneer: str = "", mask: bool = False) -> str:
    """The commented template filled in: a draft, internal story (also used by exemplar import)."""
    import jinja2  # loaded only by the commands that make stories

    template = jinja2.Template(
        (Path(__file__).parent.parent / "scaffold" / "story.md.j2").read_text(encoding="utf-8"),
        keep_trailing_newline=True,
    )
    return str(template.render(
        title=_quote(title), name=_quote(name), kind=kind, unit=_quote(unit), columns=[_quote(c) for c in columns],
        mask="true" if mask else "false", date=dt.date.today().isoformat(), slug=slug, position=_quote(position) if position else "",
        party=_quote(party) if party else "", pioneer=_quote(pioneer) if pioneer else "",
    ))


def write_new(target: Path, text: str) -> bool:
    """Write ``target`` whole or not at all, never over an existing file; False if it exists.

    :func:`~generator.outputs.atomic.write_atomic` without replacing: a Ctrl-C or a full disk
    on the way leaves nothing behind, not even the folder made for it.
    """
    made = not target.parent.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_atomic(target, text, replace=False)
    except FileExistsError:
        return False
    except BaseException:
        if made:
            shutil.rmtree(target.parent, ignore_errors=True)
        raise
    return True


def run(args: argparse.Namespace, settings: Settings) -> int:
    archive = load_archive(settings.stories_dir, settings.vocab_file, settings.root)
    if archive.vocab is None:
        print(format_diagnostics(archive.diagnostics), file=sys.stderr)
        print("exemplar：词表有错误，请先修正", file=sys.stderr)
        return 1
    lookups = Lookups(archive.vocab)
    name = args.name.strip()
    if not name:
        print("exemplar：姓名不能为空", file=sys.stderr)
        return 2
    taken = {s.slug for s in archive.stories}
    slug = args.slug or default_slug(name, args.kind, args.mask, taken, settings.stories_dir)
    if not is_slug(slug):
        print(f"exemplar：「{slug}」不能用作网址名，请用 --slug 指定（小写英文字母、数字和连字符）", file=sys.stderr)
        return 2
    if not args.column and not archive.vocab.columns:
        print(f"exemplar：词表 {settings.vocab_file.name} 中还没有栏目（columns 是空的）：请先添加栏目，"
              "或用 --column 指定", file=sys.stderr)
        return 1
    if not args.unit and not archive.vocab.units:
        print(f"exemplar：词表 {settings.vocab_file.name} 中还没有单位（units 是空的）：请先添加单位，"
              "或用 --unit 指定", file=sys.stderr)
        return 1
    columns = args.column or [archive.vocab.columns[0].title]
    for column in columns:
        if column not in lookups.columns:
            titles = "、".join(c.title for c in archive.vocab.columns)
            print(f"exemplar：「{column}」不是已知的栏目（可选：{titles}）", file=sys.stderr)
            return 2
    unit = args.unit or "/".join(archive.vocab.units[0].names)
    if lookups.unit(unit) is None:
        print(f"exemplar：单位「{unit}」不在单位树中（见 {settings.vocab_file.name} 的 units）", file=sys.stderr)
        return 2
    target = settings.stories_dir / (f"{slug}/index.md" if args.folder else f"{slug}.md")
    if target.exists() or slug in taken or (settings.stories_dir / slug / "index.md").exists() \
            or (settings.stories_dir / f"{slug}.md").exists():
        print(f"exemplar：已有网址名为「{slug}」的事迹稿，未做任何改动。"
              f"如是同名的另一位典型，请用 --slug 指定不同的网址名，如 --slug {slug}-2", file=sys.stderr)
        return 1
    text = render_story(title=args.title or (f"一位{KIND_LABELS[args.kind]}的故事" if args.mask else f"{name}的故事"),
                        name=name, kind=args.kind, unit=unit, columns=columns, slug=slug, mask=args.mask)
    if not write_new(target, text):
        print(f"exemplar：已有 {target.name}，未做任何改动", file=sys.stderr)
        return 1
    raw, problems = load_story(settings.stories_dir, target, settings.root)
    if raw is not None:
        _, problems = validate_story(raw, Context(lookups, exists=lambda _p: True))
    errors = [p for p in problems if p.is_error]
    if errors:  # the template itself must always validate
        print(format_diagnostics(errors), file=sys.stderr)
        return 1
    print(f"已新建 {target.relative_to(settings.root).as_posix()}（状态为草稿）。"
          "填写完后运行 exemplar check 检查，运行 exemplar serve 预览。")
    return 0
