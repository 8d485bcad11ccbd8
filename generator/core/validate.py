"""Raw story → :class:`Story` or located diagnostics. Each rule is a small function.

All problems in a file are collected (never only the first); a story with errors is
not built, and its errors say so, so that no story disappears silently.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from .diagnostics import Diagnostic, diag
from .loader import RawStory
from .schema import Choice, Film, Honour, Kind, Nomination, Status, Story, Visibility
from .slugs import is_reserved, is_slug, slugify
from .vocab import Lookups, nearest, suggestion_hint

# Field → Chinese label, used in messages and to recognise fields written in Chinese.
LABELS: dict[str, str] = {
    "title": "标题",
    "name": "姓名",
    "mask_name": "隐去姓名",
    "kind": "类别",
    "unit": "单位",
    "position": "岗位",
    "party": "政治面貌",
    "pioneer": "先锋类型",
    "columns": "栏目",
    "honours": "荣誉",
    "date": "发布日期",
    "tags": "标签",
    "summary": "摘要",
    "photo": "照片",
    "photo_focus": "照片焦点",
    "videos": "宣传片",
    "featured": "首页推荐",
    "status": "状态",
    "visibility": "可见范围",
    "internal_fields": "公开版隐去的字段",
    "slug": "网址名",
    "members": "成员人数",
    "teams": "队伍数",
    "nomination": "推荐评选",
}
NOMINATION_FIELDS = {"stage": "阶段", "level": "推荐层级", "by": "推荐单位", "date": "推荐日期",
                     "visit": "走访日期", "notes": "走访座谈意见"}
REQUIRED = ("title", "name", "kind", "unit", "columns", "date")
EXAMPLES = {
    "title": "title: 二十年如一日的敬老院院长",
    "name": "name: 黄小清",
    "kind": "kind: person",
    "unit": "unit: 国网三明供电公司/营销部",
    "columns": "columns: [礼赞榜样]",
    "date": "date: 2023-05-30",
}
HONOUR_FIELDS = {"name": "荣誉名称", "level": "级别", "year": "年份", "awarded_by": "授予单位"}
FILM_FIELDS = {"title": "标题", "url": "平台链接", "file": "本地视频文件", "poster": "封面图",
               "views": "点击量", "views_date": "点击量统计日期", "date": "发布日期"}
HIDEABLE = ("position", "party", "unit", "photo", "videos", "honours", "tags", "summary")
KIND_LABELS = {Kind.PERSON: "个人", Kind.COLLECTIVE: "集体", Kind.BRAND: "品牌", Kind.PLACE: "阵地"}
STATUS_LABELS = {Status.DRAFT: "草稿", Status.PUBLISHED: "发布"}
VISIBILITY_LABELS = {Visibility.INTERNAL: "内网", Visibility.PUBLIC: "公开"}
IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
VIDEO_TYPES = (".mp4", ".webm", ".ogv", ".m4v")
FIRST_YEAR = 1949
LAST_YEAR = 2100


@dataclass(slots=True)
class Context:
    """What the rules need besides the story: the vocabulary and the files of the archive."""

    lookups: Lookups
    exists: Callable[[str], bool]
    bodies: bool = True
    """False: the story is made without its body text (checked all the same; see ``load_archive``)."""


@dataclass(slots=True)
class _Check:
    raw: RawStory
    ctx: Context
    problems: list[Diagnostic] = field(default_factory=list)

    def at(self, path: tuple[str | int, ...], code: str, field_name: str = "", on_key: bool = False,
           **args: object) -> None:
        line, col = self.raw.front.key_pos(path) if on_key else self.raw.front.pos(path)
        self.problems.append(diag(self.raw.shown, line, col, code, field_name or _dotted(path), **args))

    def text(self, path: tuple[str | int, ...], value: Any, label: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.at(path, "E103", label=label, expected="一段文字", found=_describe(value),
                    hint="给值加上引号，如 \"…\"")
            return None
        return str(value).strip()

    def flag(self, path: tuple[str | int, ...], value: Any, label: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.at(path, "E103", label=label, expected="true 或 false", found=_describe(value),
                    hint="填写 true（是）或 false（否）")
            return False
        return value

    def date(self, path: tuple[str | int, ...], value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        self.at(path, "E104", value=value)
        return None

    def year(self, path: tuple[str | int, ...], found: Any) -> int | None:
        value: int
        if isinstance(found, bool) or not isinstance(found, int):
            if isinstance(found, str) and found.strip().rstrip("年").isdigit():
                value = int(found.strip().rstrip("年"))
            else:
                self.at(path, "E103", label="年份", expected="四位数的年份", found=_describe(found),
                        hint="如 2021")
                return None
        else:
            value = found
        if not FIRST_YEAR <= value <= LAST_YEAR:
            self.at(path, "E108", value=value, low=FIRST_YEAR, high=LAST_YEAR)
            return None
        return value

    def strings(self, path: tuple[str | int, ...], value: Any, label: str) -> list[str]:
        """A list of texts; a single text is taken as a list of one."""
        if value is None:
            return []
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return [str(value).strip()] if str(value).strip() else []
        if not isinstance(value, list):
            self.at(path, "E103", label=label, expected="列表", found=_describe(value),
                    hint="写成 [甲, 乙] 或每项一行“- 甲”")
            return []
        out = []
        for i, item in enumerate(value):
            text = self.text((*path, i), item, label)
            if text:
                out.append(text)
        return out

    def media_path(self, path: tuple[str | int, ...], value: Any, label: str, types: tuple[str, ...]) -> str | None:
        """A path relative to the story file → a path relative to the stories folder."""
        text = self.text(path, value, label)
        if not text:
            return None
        return check_media_path(self, path, text, label, types)


def check_media_path(check: _Check, path: tuple[str | int, ...], text: str, label: str,
                     types: tuple[str, ...]) -> str | None:
    resolved = resolve_path(check.raw.path, text)
    if resolved is None:
        check.at(path, "E302", value=text)
        return None
    if types and not resolved.lower().endswith(types):
        check.at(path, "E304", value=text, label=label, choices="、".join(t.lstrip(".") for t in types))
        return None
    if not check.ctx.exists(resolved):
        folder = posixpath.dirname(check.raw.path) or "stories"
        check.at(path, "E303", value=text, hint=f"路径相对本文件所在文件夹（{folder}）填写，检查文件名和大小写")
        return None
    return resolved


def resolve_path(story_path: str, value: str) -> str | None:
    """A media path as written in a story → POSIX path inside the stories folder, or None if it leaves."""
    value = value.replace("\\", "/").strip()
    if not value or value.startswith(("/", "~")) or ":" in value.split("/")[0] or "\x00" in value:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(story_path), value))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None
    return joined


def is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"日期 {value}"
    if isinstance(value, list):
        return "一个列表"
    if isinstance(value, dict):
        return "一组“字段: 值”"
    return f"「{str(value)[:30]}」"


def _blank(value: Any) -> bool:
    """Nothing written: missing, only spaces, or a list of such (``columns: [""]``)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(item is None or (isinstance(item, str) and not item.strip()) for item in value)
    return False


def _unknown_keys(check: _Check, data: dict[str, Any], at: tuple[str | int, ...], known: dict[str, str]) -> None:
    unknown = [key for key in data if key not in known]
    if not unknown:
        return
    chinese = {label: key for key, label in known.items()}
    for key in unknown:
        guess = chinese.get(key) or nearest(key, known) or nearest(key, chinese)
        guess = chinese.get(guess, guess) if guess else None
        hint = f"是否想写「{guess}」？" if guess else f"可用字段：{', '.join(known)}"
        check.at((*at, key), "E101", _dotted((*at, key)), on_key=True, key=key, hint=hint)


def validate_story(raw: RawStory, ctx: Context) -> tuple[Story | None, list[Diagnostic]]:
    """Check one raw story; return the story (when it has no error) and every problem found."""
    check = _Check(raw, ctx)
    data = raw.data
    _unknown_keys(check, data, (), LABELS)
    for key in REQUIRED:
        if _blank(data.get(key)):
            if key in data:
                check.at((key,), "E105", key, label=LABELS[key])
            else:
                check.at((), "E102", key, key=key, label=LABELS[key], example=EXAMPLES[key])

    title = check.text(("title",), data.get("title"), LABELS["title"])
    name = check.text(("name",), data.get("name"), LABELS["name"])
    masked = check.flag(("mask_name",), data.get("mask_name"), LABELS["mask_name"])
    kind = _choice(check, "kind", data.get("kind"), Kind, KIND_LABELS, None)
    status = _choice(check, "status", data.get("status"), Status, STATUS_LABELS, Status.PUBLISHED)
    visibility = _choice(check, "visibility", data.get("visibility"), Visibility, VISIBILITY_LABELS,
                         Visibility.INTERNAL)
    unit = _unit(check, data.get("unit"))
    position = check.text(("position",), data.get("position"), LABELS["position"]) or ""
    party = _party(check, data.get("party"))
    pioneer = _pioneer(check, data.get("pioneer"))
    columns = _columns(check, data.get("columns"))
    honours = _honours(check, data.get("honours"))
    date = check.date(("date",), data["date"]) if not _blank(data.get("date")) else None
    tags = tuple(dict.fromkeys(check.strings(("tags",), data.get("tags"), LABELS["tags"])))
    summary = check.text(("summary",), data.get("summary"), LABELS["summary"]) or ""
    photo = check.media_path(("photo",), data.get("photo"), LABELS["photo"], IMAGE_TYPES)
    photo_focus = _photo_focus(check, data.get("photo_focus"))
    films = _films(check, data.get("videos"))
    featured = check.flag(("featured",), data.get("featured"), LABELS["featured"])
    internal_fields = _internal_fields(check, data.get("internal_fields"))
    slug = _slug(check, data.get("slug"))
    members, members_approx = _size(check, "members", data.get("members"), kind)
    teams, _ = _size(check, "teams", data.get("teams"), kind)
    nomination = _nomination(check, data.get("nomination"))

    if masked and name and slug and _slug_reveals(slug, name):
        check.at(("slug",) if "slug" in data else ("mask_name",), "E112", "slug", value=slug,
                 suggest=f"{kind.value if kind else 'person'}-{unit.rsplit('/', 1)[-1] if unit else 'story'}")

    if not data.get("photo") and kind is not None:
        check.at(("photo",) if "photo" in data else (), "W601", "photo")
    if not summary:
        check.at(("summary",) if "summary" in data else (), "W602", "summary")
    elif len(summary) > 200:
        check.at(("summary",), "W603", length=len(summary), limit=200)
    if not raw.body.strip():
        check.problems.append(diag(raw.shown, raw.body_line, 0, "W604"))

    if any(p.is_error for p in check.problems):
        return None, check.problems
    # Every rule above reports what it rejects; should one ever return nothing silently,
    # say so here rather than drop the story without a word.
    for key, value in (("title", title), ("name", name), ("kind", kind), ("unit", unit), ("date", date),
                       ("columns", columns), ("slug", slug)):
        if not value:
            check.at((key,), "E105", key, label=LABELS[key])
    if any(p.is_error for p in check.problems):
        return None, check.problems
    assert title and name and kind and unit and date and slug and columns  # for the type checker
    story = Story(
        path=raw.path, slug=slug, title=title, name=name, masked=masked, kind=kind, unit=unit,
        date=date, columns=columns, body=raw.body if check.ctx.bodies else "", body_line=raw.body_line,
        position=position, party=party, pioneer=pioneer, honours=honours, tags=tags, summary=summary, photo=photo,
        photo_focus=photo_focus,
        films=films, featured=featured, status=status or Status.PUBLISHED,
        visibility=visibility or Visibility.INTERNAL, internal_fields=internal_fields,
        members=members, members_approx=members_approx, teams=teams, nomination=nomination,
    )
    if masked:
        _masked_mentions(check, story)
    return story, check.problems


_APPROX_COUNT = re.compile(r"^\s*(\d+)\s*(?:余|多|\+)\s*$")


def _size(check: _Check, key: str, value: Any, kind: Kind | None) -> tuple[int | None, bool]:
    """成员人数 / 队伍数: a whole number (「600余」 for about 600); not for a person."""
    if _blank(value):
        return None, False
    if kind is Kind.PERSON:
        check.at((key,), "E824", key, label=LABELS[key])
        return None, False
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value, False
    match = _APPROX_COUNT.match(str(value)) if isinstance(value, str) and key == "members" else None
    if match:
        return int(match.group(1)), True
    check.at((key,), "E823", key, label=LABELS[key], value=value)
    return None, False


def _nomination(check: _Check, value: Any) -> Nomination | None:
    """推荐评选: stage (required), level, by, date, visit, notes."""
    if _blank(value):
        return None
    if not isinstance(value, dict):
        check.at(("nomination",), "E103", "nomination", label=LABELS["nomination"], expected="“字段: 值”的一组",
                 found=_describe(value), hint="写成 nomination: 下一行缩进的 stage: 推荐、level: 党支部 等")
        return None
    _unknown_keys(check, value, ("nomination",), NOMINATION_FIELDS)
    before = len(check.problems)
    vocab = check.ctx.lookups.vocab
    stage = _nomination_choice(check, value, "stage", vocab.nomination_stages, "E825", "nomination_stages")
    if stage is None and _blank(value.get("stage")):
        check.at(("nomination",), "E102", "nomination.stage", key="nomination.stage", label="推荐评选的阶段",
                 example="stage: 推荐")
    level = _nomination_choice(check, value, "level", vocab.nomination_levels, "E826", "nomination_levels")
    by = check.text(("nomination", "by"), value.get("by"), NOMINATION_FIELDS["by"]) or ""
    notes = check.text(("nomination", "notes"), value.get("notes"), NOMINATION_FIELDS["notes"]) or ""
    date = check.date(("nomination", "date"), value["date"]) if not _blank(value.get("date")) else None
    visit = check.date(("nomination", "visit"), value["visit"]) if not _blank(value.get("visit")) else None
    if stage is None or any(p.is_error for p in check.problems[before:]):
        return None
    return Nomination(stage=stage, level=level or "", by=by, date=date, visit=visit, notes=notes)


def _nomination_choice(check: _Check, value: dict[str, Any], key: str, choices: tuple[Choice, ...], code: str,
                       section: str) -> str | None:
    if _blank(value.get(key)):
        return None
    text = str(value[key]).strip()
    found = {c.id: c.id for c in choices} | {c.title: c.id for c in choices}
    if text in found:
        return found[text]
    hint = (suggestion_hint(text, [c.title for c in choices], "stories/vocab.yml") if choices
            else f"先在 stories/vocab.yml 中加上 {section} 一节")
    check.at(("nomination", key), code, f"nomination.{key}", value=text, hint=hint)
    return None


FOCUS_WORDS: dict[str, tuple[int, int]] = {
    "上": (50, 15), "中": (50, 50), "下": (50, 85), "左": (20, 33), "右": (80, 33),
    "左上": (20, 15), "右上": (80, 15), "top": (50, 15), "center": (50, 50), "bottom": (50, 85),
}
"""Words an editor may write instead of percentages (photo_focus: 上)."""


def _photo_focus(check: _Check, value: Any) -> tuple[int, int] | None:
    """Where the face is in the photo, as (x %, y %) from the top left: "50% 25%", "50 25" or a word
    (上、中、下、左、右、左上、右上). Crops keep this point in view; None means the default (upper third)."""
    if value is None:
        return None
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text in FOCUS_WORDS:
        return FOCUS_WORDS[text]
    parts = (text or "").replace("％", "%").replace(",", " ").replace("，", " ").split()
    numbers = [p.removesuffix("%") for p in parts]
    if len(numbers) == 2 and all(n.isdigit() and 0 <= int(n) <= 100 for n in numbers):
        return int(numbers[0]), int(numbers[1])
    check.at(("photo_focus",), "E712", "photo_focus", value=value)
    return None


MAX_BODY_MENTIONS = 5
TEXT_HINT = "网站上的全名会换成 *，但名字、拼音等其他写法换不全；请改写为不含姓名的说法（如“她”“这位老师傅”）"
FILE_HINT = "网站上此文件以编号名发布，但文件名仍可能随档案流传；请改为与姓名无关的文件名"
"""W610 for the body: the first few places (each says where; the editor finds the rest)."""


def _masked_mentions(check: _Check, story: Story) -> None:
    """W610 wherever a masked name still shows: fields, film titles, file names, the body."""
    from .masking import mentions, name_forms, slug_reveals

    forms = name_forms(story.name)
    if not forms.given:
        return
    data = check.raw.data
    texts: list[tuple[tuple[str | int, ...], str, str]] = [
        (("title",), story.title, "标题"), (("summary",), story.summary, "摘要"), (("position",), story.position, "职务"),
    ]
    tags = data.get("tags")
    for i, tag in enumerate(story.tags):
        texts.append((("tags", i) if isinstance(tags, list) else ("tags",), tag, "标签"))
    for i, item in enumerate(data.get("honours") or []):
        if isinstance(item, dict) and isinstance(item.get("awarded_by"), str):
            texts.append((("honours", i, "awarded_by"), item["awarded_by"], "授予单位"))
    files: list[tuple[tuple[str | int, ...], str, str]] = [(("photo",), story.photo or "", "照片文件名")]
    for i, item in enumerate(data.get("videos") or []):
        if isinstance(item, dict):
            for key, label, target in (("title", "宣传片标题", texts), ("file", "视频文件名", files),
                                       ("poster", "封面图文件名", files)):
                if isinstance(item.get(key), str):
                    target.append((("videos", i, key), item[key], label))
    for path, text, label in texts:
        found = mentions(text, forms)
        if found:
            check.at(path, "W610", label=label, value=found[0][1], hint=TEXT_HINT)
    for path, text, label in files:
        name = posixpath.basename(text)
        spelled = forms.name if forms.name in name else slug_reveals(name.rsplit(".", 1)[0], forms)
        if spelled:
            check.at(path, "W610", label=label, value=spelled, hint=FILE_HINT)
    count = 0
    for index, line in enumerate(check.raw.body.split("\n")):
        for offset, word in mentions(line, forms):
            check.problems.append(diag(check.raw.shown, check.raw.body_line + index, offset + 1, "W610", "正文",
                                       label="正文", value=word, hint=TEXT_HINT))
            count += 1
            if count >= MAX_BODY_MENTIONS:
                return


def _slug_reveals(slug: str, name: str) -> bool:
    """Whether a slug spells a (masked) name: its pinyin in either order and any reading of the
    surname (compound surnames too), its given name, or its initials (see :mod:`.masking`)."""
    from .masking import name_forms, slug_reveals
    from .slugs import pinyin_full

    if slug_reveals(slug, name_forms(name)):
        return True
    full = pinyin_full(name)  # names that are not a Chinese surname + given name
    return bool(len(full) >= 4 and full in slug.replace("-", ""))


def _choice(check: _Check, key: str, value: Any, enum: Any, labels: dict[Any, str], default: Any) -> Any:
    if _blank(value):
        return default
    text = str(value).strip()
    member = _MEMBERS[enum].get(text)
    if member is not None:
        return member
    choices = "、".join(f"{m.value}（{labels[m]}）" for m in enum)
    best = nearest(text, [m.value for m in enum])
    hint = f"建议改为「{best}」" if best else "从可选值中选一个"
    check.at((key,), "E106", key, value=text, label=LABELS[key], choices=choices, hint=hint)
    return None


def _members(enum: Any, labels: dict[Any, str]) -> dict[str, Any]:
    """An enum's members by value and by label (``person`` and ``个人``)."""
    return {**{label: member for member, label in labels.items()}, **{member.value: member for member in enum}}


_MEMBERS: Mapping[Any, Mapping[str, Any]] = MappingProxyType({
    enum: MappingProxyType(_members(enum, labels))
    for enum, labels in ((Kind, KIND_LABELS), (Status, STATUS_LABELS), (Visibility, VISIBILITY_LABELS))})
"""The enums a story field chooses from: their members by value and label, made once at import."""


def _unit(check: _Check, value: Any) -> str | None:
    text = check.text(("unit",), value, LABELS["unit"])
    if not text:
        return None
    unit = check.ctx.lookups.unit(text)
    if unit is None:
        check.at(("unit",), "E205", value=text, hint=check.ctx.lookups.unit_hint(text))
        return None
    return unit.key


def _party(check: _Check, value: Any) -> str:
    text = check.text(("party",), value, LABELS["party"])
    if not text:
        return ""
    parties = check.ctx.lookups.parties
    if parties and text not in parties:
        check.at(("party",), "E207", value=text, hint=suggestion_hint(text, parties, "vocab.yml 的 parties"))
        return ""
    return text


def _pioneer(check: _Check, value: Any) -> str | None:
    text = check.text(("pioneer",), value, LABELS["pioneer"])
    if not text:
        return None
    pioneer = check.ctx.lookups.pioneers.get(text)
    if pioneer is None:
        check.at(("pioneer",), "E206", value=text,
                 hint=suggestion_hint(text, [p.short for p in check.ctx.lookups.vocab.pioneers], "vocab.yml 的 pioneers"))
        return None
    return pioneer.id


def _columns(check: _Check, value: Any) -> tuple[str, ...]:
    out: list[str] = []
    items = value if isinstance(value, list) else [value] if not _blank(value) else []
    if isinstance(value, bool) or not isinstance(value, (list, str, int, float, type(None))):
        check.strings(("columns",), value, LABELS["columns"])
        return ()
    for i, item in enumerate(items):
        path: tuple[str | int, ...] = ("columns", i) if isinstance(value, list) else ("columns",)
        text = check.text(path, item, LABELS["columns"])
        if not text:
            continue
        column = check.ctx.lookups.columns.get(text)
        if column is None:
            titles = [c.title for c in check.ctx.lookups.vocab.columns]
            check.at(path, "E201", value=text,
                     hint=suggestion_hint(text, titles, "vocab.yml 的 columns") + "；新栏目请先加到 vocab.yml 的 columns 中")
            continue
        if column.id in out:
            check.at(path, "W606", value=text)
            continue
        out.append(column.id)
    return tuple(out)


def _honours(check: _Check, value: Any) -> tuple[Honour, ...]:
    if value is None or value == "":
        return ()
    if not isinstance(value, list):
        check.at(("honours",), "E103", label=LABELS["honours"], expected="列表", found=_describe(value),
                 hint="每项以“- name: 荣誉名称”开头，下一行写 year: 年份")
        return ()
    out: list[Honour] = []
    lookups = check.ctx.lookups
    for i, item in enumerate(value):
        at: tuple[str | int, ...] = ("honours", i)
        if isinstance(item, str):
            check.at(at, "E103", label=f"honours[{i}]", expected="“name: 荣誉名称”和“year: 年份”",
                     found=_describe(item), hint=f"写成：- name: {item}（换行）year: 2021")
            continue
        if not isinstance(item, dict):
            check.at(at, "E103", label=f"honours[{i}]", expected="“name: 荣誉名称”和“year: 年份”",
                     found=_describe(item), hint="每项以“- name: 荣誉名称”开头")
            continue
        _unknown_keys(check, item, at, HONOUR_FIELDS)
        for key in ("name", "year"):
            if _blank(item.get(key)):
                check.at(at, "E102", _dotted((*at, key)), key=key, label=HONOUR_FIELDS[key],
                         example=f"{key}: {'全国五一劳动奖章' if key == 'name' else 2021}")
        name = check.text((*at, "name"), item.get("name"), "荣誉名称")
        year = check.year((*at, "year"), item["year"]) if not _blank(item.get("year")) else None
        awarded_by = check.text((*at, "awarded_by"), item.get("awarded_by"), "授予单位") or ""
        if not name:
            continue
        definition = lookups.honours.get(name)
        if definition is None:
            names = [h.name for h in lookups.vocab.honours]
            check.at((*at, "name"), "E202", value=name,
                     hint=suggestion_hint(name, names, "vocab.yml 的 honours") + "；新荣誉请先加到 vocab.yml 的 honours 中")
            continue
        level_text = check.text((*at, "level"), item.get("level"), "级别")
        if level_text:
            level = lookups.levels.get(level_text)
            if level is None:
                titles = [lv.title for lv in lookups.vocab.levels]
                meant = lookups.level_by_meaning(level_text)
                check.at((*at, "level"), "E203", value=level_text,
                         hint=f"建议改为「{meant.title}」" if meant else
                         suggestion_hint(level_text, titles, "vocab.yml 的 levels"))
                continue
            if level.id != definition.level:
                expected = lookups.vocab.level(definition.level).title
                check.at((*at, "level"), "E204", honour=definition.name, expected=expected, value=level_text)
                continue
        if year is None:
            continue
        if any(h.honour_id == definition.id and h.year == year for h in out):
            check.at(at, "W607", value=definition.name, year=year)
            continue
        out.append(Honour(honour_id=definition.id, name=definition.name, level=definition.level, year=year,
                          awarded_by=awarded_by or definition.awarded_by))
    return tuple(out)


def _films(check: _Check, value: Any) -> tuple[Film, ...]:
    if value is None or value == "":
        return ()
    if not isinstance(value, list):
        check.at(("videos",), "E103", label=LABELS["videos"], expected="列表", found=_describe(value),
                 hint="每项以“- title: 片名”开头，再写 url 或 file")
        return ()
    out: list[Film] = []
    for i, item in enumerate(value):
        at: tuple[str | int, ...] = ("videos", i)
        if not isinstance(item, dict):
            check.at(at, "E103", label=f"videos[{i}]", expected="“title: 片名”等字段", found=_describe(item),
                     hint="每项以“- title: 片名”开头，再写 url 或 file")
            continue
        _unknown_keys(check, item, at, FILM_FIELDS)
        before = len(check.problems)
        title = check.text((*at, "title"), item.get("title"), "片名")
        if not title:
            check.at(at, "E102", _dotted((*at, "title")), key="title", label="片名", example="title: 宣传片标题")
        url = check.text((*at, "url"), item.get("url"), "平台链接")
        platform = None
        if url:
            if not is_http_url(url):
                check.at((*at, "url"), "E301", value=url)
            else:
                found = check.ctx.lookups.platform_for(url)
                platform = found.id if found else None
                if found is None:
                    check.at((*at, "url"), "W605", value=urlsplit(url).hostname or url)
        file = check.media_path((*at, "file"), item.get("file"), "视频", VIDEO_TYPES)
        poster = check.media_path((*at, "poster"), item.get("poster"), "封面图", IMAGE_TYPES)
        if not item.get("url") and not item.get("file"):
            check.at(at, "E111", _dotted(at))
        views = item.get("views")
        if views is not None and (isinstance(views, bool) or not isinstance(views, int)):
            check.at((*at, "views"), "E103", label="点击量", expected="整数", found=_describe(views),
                     hint="只写数字，如 1200000（不要写“120万”）")
            views = None
        elif isinstance(views, int) and views < 0:
            check.at((*at, "views"), "E109", value=views)
            views = None
        date = check.date((*at, "date"), item["date"]) if item.get("date") not in (None, "") else None
        views_date = (check.date((*at, "views_date"), item["views_date"])
                      if item.get("views_date") not in (None, "") else None)
        if any(p.is_error for p in check.problems[before:]):
            continue
        sources: tuple[str, ...] = ()
        if file:
            stem = file.rsplit(".", 1)[0]
            sources = (file, *(f"{stem}{ext}" for ext in (".webm", ".mp4")
                               if not file.endswith(ext) and check.ctx.exists(f"{stem}{ext}")))
        out.append(Film(title=title or "", url=url, file=file, poster=poster, views=views, date=date,
                        platform=platform, sources=sources, views_date=views_date))
    return tuple(out)


def _internal_fields(check: _Check, value: Any) -> frozenset[str]:
    out = set()
    for i, item in enumerate(check.strings(("internal_fields",), value, LABELS["internal_fields"])):
        key = item if item in HIDEABLE else {LABELS[k]: k for k in HIDEABLE}.get(item)
        if key is None:
            path: tuple[str | int, ...] = ("internal_fields", i) if isinstance(value, list) else ("internal_fields",)
            check.at(path, "E110", value=item, choices="、".join(HIDEABLE))
            continue
        out.add(key)
    return frozenset(out)


def default_slug(story_path: str) -> str:
    """huang-xiaoqing.md → huang-xiaoqing; huang-xiaoqing/index.md → huang-xiaoqing."""
    stem = posixpath.splitext(posixpath.basename(story_path))[0]
    if stem in ("index", "README") and "/" in story_path:
        stem = posixpath.basename(posixpath.dirname(story_path))
    return stem


def _slug(check: _Check, value: Any) -> str | None:
    slug = _slug_of(check, value)
    if slug is not None and is_reserved(slug):
        check.at(("slug",) if not _blank(value) else (), "E114", "slug", value=slug, label="网址名",
                 suggest=f"{slug}-story" if slug == "index" else f"story-{slug}")
        return None
    return slug


def _slug_of(check: _Check, value: Any) -> str | None:
    if not _blank(value):
        text = check.text(("slug",), value, LABELS["slug"])
        if text and not is_slug(text):
            check.at(("slug",), "E107", value=text, suggest=slugify(text) or "huang-xiaoqing")
            return None
        return text
    stem = default_slug(check.raw.path)
    if is_slug(stem):
        return stem
    # Name what the editor must rename: the folder of a folder story, else the file.
    in_folder = stem != posixpath.splitext(posixpath.basename(check.raw.path))[0]
    written, ending = (stem, "") if in_folder else (posixpath.basename(check.raw.path), ".md")
    if stem.isascii():  # capitals, spaces or underscores: not a Chinese name
        check.problems.append(diag(check.raw.shown, 1, 0, "E107", "slug", value=written,
                                   suggest=(slugify(stem) or "huang-xiaoqing") + ending))
        return None
    name = str(check.raw.data.get("name") or stem)
    suggest = (slugify(name) or slugify(stem) or "huang-xiaoqing") + ending
    check.problems.append(diag(check.raw.shown, 1, 0, "E402", "slug", value=written, suggest=suggest))
    return None
