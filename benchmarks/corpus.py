"""A seeded corpus of synthetic stories, written three times: as an archive, a blog and plain material.

    .venv/bin/python benchmarks/corpus.py --n 1000 --seed 9 --out benchmarks/out/corpus

writes ``<out>/archive/`` (our format: ``stories/*.md`` with front matter, a vocabulary
with a generated three-level unit tree, shared photos, mkdocs.yml) and ``<out>/blog/``
(the same stories as posts for mkdocs-material's ``blog`` plugin, with ``tags`` and
Chinese ``search``) and ``<out>/material/`` (the same stories as plain Markdown pages for
mkdocs-material with no plugin at all: MkDocs' own floor).

The Chinese text is real: sentences, clauses and headings are taken from the sample
stories in ``stories/`` and recombined, names come from a surname + given-name
generator. Everything is drawn from ``random.Random`` seeded per story, so the same
seed always gives byte-identical files, and the first 100 stories of N = 1,000 are the
stories of N = 100.

mkdocs.yml of the three corpora is (re)written by :func:`write_configs` from the project's
mkdocs.yml each time the runner builds, so a change to our configuration is measured
without regenerating the stories.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import random
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_STORIES = ROOT / "stories"
PROJECT_CONFIG = ROOT / "mkdocs.yml"
PHRASES = Path(__file__).resolve().parent / "phrases.json"
SOURCE_REPORT = Path("/work/shared/seed/000_87b349444a0883e7.txt")  # the domain's source report, if present
THEME_OVERRIDES = ROOT / "theme_overrides"

EDIT_BACKUP = ".edit-backup"  # in a corpus folder: originals of story files a runner is editing
PHOTO_COUNT = 60
COUNTIES = 20  # county companies in the generated unit tree

# ---------------------------------------------------------------------------------------
# Word banks (names, places, positions): data, not text to recombine.

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力鹏宇浩凯云莉兰志坚林斌峰晨"
    "婷雪琳颖思雨欣怡佳涵晓燕海波宁俊杰鑫博琪梅慧清松国庆永福春荣德祥德旺兴旭东升阳光晖瑶瑾"
    "翔鸿毅彬锋琦璐瑞嘉诚睿晴岚蓉菲薇莹倩楠蕾骏骁铭哲昊然"
)
COUNTY_NAMES = (
    "沙县", "将乐", "永安", "清流", "尤溪", "明溪", "宁化", "建宁", "泰宁", "大田", "三元", "梅列",
    "顺昌", "邵武", "光泽", "松溪", "政和", "浦城", "建阳", "武夷山", "连城", "长汀", "上杭", "武平",
    "永定", "漳平", "德化", "安溪", "永春", "闽清",
)
PLACE_CHARS = "城关安溪坪口田洋坑岭湖塘桥坊林山镇源水石岩峰竹茶洲下上新东西南北中头尾溪屯里村寨阳岗墩"
DEPARTMENTS = (
    ("dangjian", "党委党建部", ("党建工作室", "宣传中心", "团委")),
    ("bangongshi", "办公室", ("综合室", "档案室")),
    ("renli", "人力资源部", ("培训中心", "薪酬绩效室")),
    ("caiwu", "财务资产部", ("资金管理室", "会计核算室")),
    ("anjian", "安全监察部", ("安全督查队",)),
    ("yunjian", "运维检修部", ("变电运维一班", "变电运维二班", "带电作业班", "输电运检一班", "配电运检班",
                            "变电检修班", "无人机巡检班")),
    ("yingxiao", "营销部", ("客户服务中心", "计量中心", "用电检查班", "电费核算班")),
    ("keji", "科技信息部", ("信息通信运维班", "数据中心")),
    ("jianshe", "建设部", ("项目管理中心",)),
    ("diaodu", "电力调度控制中心", ("调度班", "自动化班", "监控班")),
)
COUNTY_DEPTS = ("营销部", "运维检修部", "办公室", "安全监察部", "电力调度控制中心")
POSITIONS = (
    "配电线路工", "电费核算员", "用电检查员", "带电作业班副班长、技师", "客户服务中心班长", "台区经理",
    "变电运维一班班长", "党支部书记", "信息通信工程师", "供电所收费员", "供电所所长", "变电运维工",
    "输电线路工", "调度员", "计量工", "营业厅班长", "安全督查员", "项目经理", "团委书记", "综合管理员",
    "变电检修工", "无人机巡检员", "农网配电营业工", "装表接电工", "客户经理", "培训师",
)
EXTRA_TAGS = (
    "抢修", "保供电", "迎峰度夏", "防汛抗台", "乡村振兴", "党员先锋", "青年突击队", "技能竞赛", "师带徒",
    "降损增效", "安全生产", "优质服务", "红色物业", "光伏扶贫", "电力助农", "智慧用电", "节能减排",
    "应急救援", "助学", "义诊", "学雷锋", "家风", "巾帼建功", "科技创新", "数字化转型", "QC小组",
)
EXTRA_HONOURS = (
    {"id": "quanguo-laomo", "name": "全国劳动模范", "level": "national", "awarded_by": "国务院"},
    {"id": "quanguo-youxiu-dangyuan", "name": "全国优秀共产党员", "level": "national", "awarded_by": "中共中央"},
    {"id": "fujian-laomo", "name": "福建省劳动模范", "level": "provincial", "awarded_by": "福建省人民政府"},
    {"id": "fujian-wuyi-laodong-jiangzhang", "name": "福建省五一劳动奖章", "level": "provincial",
     "awarded_by": "福建省总工会"},
    {"id": "fujian-qingnian-wusi-jiangzhang", "name": "福建青年五四奖章", "level": "provincial",
     "awarded_by": "共青团福建省委"},
    {"id": "guowang-laomo", "name": "国家电网公司劳动模范", "level": "state-grid", "awarded_by": "国家电网有限公司"},
    {"id": "guowang-youxiu-dangyuan", "name": "国家电网公司优秀共产党员", "level": "state-grid",
     "awarded_by": "国家电网有限公司党组"},
    {"id": "guowang-qingnian-gangwei-nengshou", "name": "国网青年岗位能手", "level": "state-grid",
     "awarded_by": "国家电网有限公司团委"},
    {"id": "youxiu-gongchandangyuan", "name": "优秀共产党员", "level": "company", "awarded_by": "国网三明供电公司党委"},
    {"id": "jishu-nengshou", "name": "技术能手", "level": "company", "awarded_by": "国网三明供电公司"},
    {"id": "sanming-laomo", "name": "三明市劳动模范", "level": "local", "awarded_by": "三明市人民政府"},
    {"id": "sanming-haoren", "name": "三明好人", "level": "local", "awarded_by": "三明市文明办"},
)
COLLECTIVE_SUFFIXES = ("共产党员服务队", "青年突击队", "巾帼志愿服务队", "党支部", "创新工作室", "“双满意”服务队")
BRAND_FORMS = ("“{x}”志愿服务品牌", "“{x}”党建品牌", "“{x}”服务品牌")
PLACE_FORMS = ("{x}村供电服务驿站", "{x}新时代文明实践站", "{x}电力爱心教室", "{x}“双满意”实践阵地")
BRAND_WORDS = ("光明使者", "电靓乡村", "暖心电力", "红色电波", "爱心妈妈", "点亮希望", "电力橙", "连心桥",
               "银发守护", "微光行动", "绿色小屋", "电亮万家")
FILM_TITLES = ("{name}：{phrase}", "“{phrase}”——记{name}", "{name}的一天", "走近{name}", "{phrase}")


# ---------------------------------------------------------------------------------------
# The phrase bank: real sentences from the sample stories, split and recombined.

_SENTENCE = re.compile(r"[^。！？\n]+[。！？]+[”」』）]?")


@dataclass(slots=True)
class PhraseBank:
    sentences: list[str]
    heads: list[str]
    tails: list[str]
    headings: list[str]
    titles: list[str]
    tags: list[str]

    @classmethod
    def from_stories(cls, folder: Path, report: Path | None = SOURCE_REPORT) -> PhraseBank:
        sentences: list[str] = []
        if report is not None and report.exists():  # the source report's prose (not its headings)
            for line in report.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.strip().replace(",", "，").replace(":", "：").replace(";", "；")
                if len(line) > 40:
                    sentences.extend(s.strip() for s in _SENTENCE.findall(line) if "*" not in s)
        headings: list[str] = []
        titles: list[str] = []
        tags: list[str] = []
        for path in sorted(folder.rglob("*.md")):
            front, body = _split(path.read_text(encoding="utf-8-sig"))
            data = yaml.safe_load(front) or {}
            names = [str(data.get("name") or "")]
            titles.append(_neutral(str(data.get("title") or ""), names))
            tags.extend(str(t) for t in data.get("tags") or [])
            for line in body.splitlines():
                line = line.strip()
                if line.startswith("## "):
                    headings.append(_neutral(line[3:].strip(), names))
                elif line and not line.startswith(("#", "<", "!", "|", ">", "-", "*")):
                    sentences.extend(_neutral(s.strip(), names) for s in _SENTENCE.findall(line))
        sentences = sorted({s for s in sentences if 6 <= len(s) <= 160 and _balanced(s)})
        heads, tails = [], []
        for s in sentences:
            if "，" in s and "{name}" not in s:
                head, _, tail = s.partition("，")
                if _balanced(head) and _balanced(tail) and len(head) >= 4 and len(tail) >= 6:
                    heads.append(head)
                    tails.append(tail)
        return cls(sentences, heads, tails, sorted(set(headings)), sorted(set(t for t in titles if t)),
                   sorted(set(tags)))

    @classmethod
    def load(cls, path: Path = PHRASES) -> PhraseBank:
        """The committed snapshot, so that a seed gives the same corpus after the samples change."""
        if not path.exists():
            cls.from_stories(SAMPLE_STORIES).save(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{k: data[k] for k in ("sentences", "heads", "tails", "headings", "titles", "tags")})

    def save(self, path: Path = PHRASES) -> None:
        data = {"source": "stories/**/*.md of the sample archive and the source report, "
                          "via benchmarks/corpus.py --refresh-phrases",
                "sentences": self.sentences, "heads": self.heads, "tails": self.tails,
                "headings": self.headings, "titles": self.titles, "tags": self.tags}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")

    def sentence(self, rng: random.Random) -> str:
        """An original sentence, or (one time in three) the head of one and the tail of another."""
        if self.heads and rng.random() < 0.33:
            return rng.choice(self.heads) + "，" + rng.choice(self.tails)
        return rng.choice(self.sentences)


def _split(text: str) -> tuple[str, str]:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[3:end], text[end + 4 :]
    return "", text


def _neutral(text: str, names: list[str]) -> str:
    for name in names:
        if name and len(name) >= 2:
            text = text.replace(name, "{name}")
    return text


def _balanced(text: str) -> bool:
    return all(text.count(a) == text.count(b) for a, b in ("“”", "「」", "（）", "《》", "()", "{}"))


# ---------------------------------------------------------------------------------------
# Vocabulary: the project's, with a generated unit tree and more honours.

@dataclass(frozen=True, slots=True)
class UnitRef:
    path: str  # names joined by "/", as editors write it
    depth: int


def _pinyin_id(text: str, taken: set[str], split: int = 0) -> str:
    """ASCII id from Chinese text: ``黄小清`` → ``huang-xiaoqing`` (split=1), ``团委`` → ``tuanwei``."""
    from pypinyin import lazy_pinyin

    def syllables(part: str) -> str:
        return "".join(re.sub(r"[^a-z0-9-]", "", s.lower().replace(" ", "-")) for s in lazy_pinyin(part))

    parts = [text[:split], text[split:]] if split else [text]
    base = "-".join(p for p in map(syllables, parts) if p)[:40].strip("-") or "x"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def generate_unit_tree(rng: random.Random, counties: int = COUNTIES) -> list[dict[str, Any]]:
    """A three-level tree: the city company → departments and county companies → teams and stations."""
    children: list[dict[str, Any]] = []
    for ident, name, teams in DEPARTMENTS:
        chosen = sorted(rng.sample(teams, k=max(1, rng.randint(len(teams) // 2, len(teams)))), key=teams.index)
        taken: set[str] = set()
        node: dict[str, Any] = {"id": ident, "name": name}
        node["children"] = [{"id": _pinyin_id(t, taken), "name": t} for t in chosen]
        children.append(node)
    taken_top = {d[0] for d in DEPARTMENTS}
    for county in sorted(rng.sample(COUNTY_NAMES, k=min(counties, len(COUNTY_NAMES))), key=COUNTY_NAMES.index):
        label = county if county.endswith("县") or len(county) > 2 else county + "县"
        name = f"国网{label}供电公司" if not label.endswith("山") else f"国网{label}市供电公司"
        kids: list[dict[str, Any]] = []
        taken: set[str] = set()
        for dept in rng.sample(COUNTY_DEPTS, k=rng.randint(1, 3)):
            kids.append({"id": _pinyin_id(dept, taken), "name": dept})
        towns: set[str] = set()
        for _ in range(rng.randint(4, 12)):
            town = rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS)
            if town[0] == town[1] or town in towns:
                continue
            towns.add(town)
            kids.append({"id": _pinyin_id(town, taken) + "-gds", "name": f"{town}供电所"})
        children.append({"id": _pinyin_id(county, taken_top), "name": name, "children": kids})
    return [{"id": "sanming", "name": "国网三明供电公司", "children": children}]


def unit_refs(tree: list[dict[str, Any]]) -> list[UnitRef]:
    out: list[UnitRef] = []

    def walk(nodes: list[dict[str, Any]], names: tuple[str, ...]) -> None:
        for node in nodes:
            path = (*names, node["name"])
            out.append(UnitRef("/".join(path), len(path)))
            walk(node.get("children") or [], path)

    walk(tree, ())
    return out


def generate_vocab(rng: random.Random) -> dict[str, Any]:
    vocab = yaml.safe_load((SAMPLE_STORIES / "vocab.yml").read_text(encoding="utf-8"))
    vocab["units"] = generate_unit_tree(rng)
    known = {h["name"] for h in vocab["honours"]}
    vocab["honours"] = list(vocab["honours"]) + [dict(h) for h in EXTRA_HONOURS if h["name"] not in known]
    return vocab


# ---------------------------------------------------------------------------------------
# Stories

@dataclass(slots=True)
class StoryData:
    slug: str
    title: str
    name: str
    kind: str
    unit: str
    date: dt.date
    columns: list[str]
    honours: list[dict[str, Any]]
    tags: list[str]
    summary: str
    photo: str | None
    films: list[dict[str, Any]]
    sections: list[tuple[str, list[str]]]  # (heading, paragraphs)
    position: str = ""
    party: str = ""
    pioneer: str = ""
    masked: bool = False
    featured: bool = False
    status: str = "published"
    visibility: str = "public"
    internal_fields: list[str] = field(default_factory=list)
    folder: bool = False  # stories/<slug>/index.md with its own photo

    @property
    def body(self) -> str:
        return "\n\n".join(f"## {h}\n\n" + "\n\n".join(ps) for h, ps in self.sections) + "\n"

    @property
    def body_chars(self) -> int:
        return sum(len(p) for _, ps in self.sections for p in ps)


def person_name(rng: random.Random) -> str:
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.01 else rng.choice(SURNAMES)
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.72 else "")
    return surname + given


def _entity_name(kind: str, rng: random.Random, unit: UnitRef) -> str:
    leaf = unit.path.split("/")[-1]
    town = rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS)
    if kind == "collective":
        return leaf + rng.choice(COLLECTIVE_SUFFIXES)
    if kind == "brand":
        return rng.choice(BRAND_FORMS).format(x=rng.choice(BRAND_WORDS))
    return rng.choice(PLACE_FORMS).format(x=town)


def _fill(text: str, name: str) -> str:
    return text.replace("{name}", name)


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _film(rng: random.Random, name: str, when: dt.date, bank: PhraseBank) -> dict[str, Any]:
    date = _date(rng, when, max(when, dt.date(2025, 12, 31)))
    hexid = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    digits = "".join(rng.choice("0123456789") for _ in range(20))
    platform = rng.choices(("xinhua", "xuexi", "chinanews", "cctv", "bilibili", "intranet"),
                           weights=(4, 4, 3, 2, 1, 2))[0]
    url = {
        "xinhua": f"https://www.news.cn/local/{date:%Y%m%d}/{hexid}/c.html",
        "xuexi": f"https://www.xuexi.cn/lgpage/detail/index.html?id={digits}&item_id={digits}",
        "chinanews": f"https://www.chinanews.com.cn/sh/{date:%Y}/{date:%m-%d}/{digits[:7]}.shtml",
        "cctv": f"https://tv.cctv.com/{date:%Y/%m/%d}/VIDE{hexid[:20].upper()}.shtml",
        "bilibili": "https://www.bilibili.com/video/BV1" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz123456789") for _ in range(9)),
        "intranet": f"https://portal.sgcc.com.cn/video/{digits[:12]}.html",
    }[platform]
    phrase = _fill(rng.choice(bank.headings), name).strip("“”")
    title = rng.choice(FILM_TITLES).format(name=name, phrase=phrase)
    views = int(rng.lognormvariate(10.5, 1.6))
    return {"title": title, "url": url, "views": max(300, min(views, 9_000_000)), "date": date}


def generate_story(i: int, seed: int, bank: PhraseBank, vocab: dict[str, Any], units: list[UnitRef],
                   taken: set[str]) -> StoryData:
    rng = random.Random(f"{seed}:{i}")
    kind = rng.choices(("person", "collective", "brand", "place"), weights=(82, 8, 5, 5))[0]
    unit = rng.choice([u for u in units if u.depth == 3] if rng.random() < 0.75 else units)
    name = person_name(rng) if kind == "person" else _entity_name(kind, rng, unit)
    if kind == "person":
        slug = _pinyin_id(name, taken, split=2 if name[:2] in COMPOUND_SURNAMES else 1)
    else:
        slug = _pinyin_id(re.sub(r"[^\u4e00-\u9fff]", "", name)[:6] + "-" + kind, taken)
    date = _date(rng, dt.date(2015, 1, 1), dt.date(2025, 12, 31))

    target = rng.randint(800, 3000)
    n_sections = rng.randint(2, 5)
    headings = rng.sample(bank.headings, k=n_sections)
    sections: list[tuple[str, list[str]]] = []
    chars = 0
    for s, heading in enumerate(headings):
        quota = (target - chars) // (n_sections - s)
        paragraphs: list[str] = []
        used = 0
        while used < quota or not paragraphs:
            paragraph = "".join(_fill(bank.sentence(rng), name) for _ in range(rng.randint(2, 5)))
            if used + len(paragraph) > quota + 120 and paragraphs:
                break
            paragraphs.append(paragraph)
            used += len(paragraph)
        sections.append((_fill(heading, name), paragraphs))
        chars += used
    # Exact bounds: trim or top up the last section so the body stays within 800–3,000 characters.
    story_chars = sum(len(p) for _, ps in sections for p in ps)
    while story_chars > 3000 and len(sections[-1][1]) > 1:
        story_chars -= len(sections[-1][1].pop())
    while story_chars < 800:
        extra = _fill(bank.sentence(rng), name)
        sections[-1][1].append(extra)
        story_chars += len(extra)

    honours: list[dict[str, Any]] = []
    levels = {"national": 8, "provincial": 12, "state-grid": 15, "company": 50, "local": 15}
    by_level: dict[str, list[dict[str, Any]]] = {}
    for h in vocab["honours"]:
        by_level.setdefault(h["level"], []).append(h)
    level_titles = {lv["id"]: lv["title"] for lv in vocab["levels"]}
    seen: set[tuple[str, int]] = set()
    for _ in range(rng.choices((0, 1, 2, 3, 4), weights=(15, 35, 28, 15, 7))[0]):
        level = rng.choices(list(levels), weights=list(levels.values()))[0]
        h = rng.choice(by_level[level])
        year = rng.randint(max(2005, date.year - 8), date.year)
        if (h["name"], year) in seen:
            continue
        seen.add((h["name"], year))
        entry: dict[str, Any] = {"name": h["name"], "year": year}
        if rng.random() < 0.2:
            entry["level"] = level_titles[h["level"]]
        honours.append(entry)

    columns = [c["title"] for c in rng.sample(vocab["columns"], k=1 if rng.random() < 0.75 else 2)]
    tag_pool = bank.tags + list(EXTRA_TAGS)
    tags = list(dict.fromkeys(rng.sample(tag_pool, k=rng.randint(1, 5))))
    lead = _fill(bank.sentence(rng), name) + _fill(bank.sentence(rng), name)
    summary = f"{unit.path.split('/')[-1]}{name}：{lead}"
    if len(summary) > 190:
        summary = summary[:189].rstrip("，、；：“") + "…"
    photo = None if rng.random() < 0.1 else f"media/photo-{rng.randrange(PHOTO_COUNT):02d}.jpg"
    films = [_film(rng, name, date, bank) for _ in range(rng.choices((0, 1, 2), weights=(60, 30, 10))[0])]
    story = StoryData(
        slug=slug, title=_fill(rng.choice(bank.titles + [f"{{name}}：{h}" for h in bank.headings]), name),
        name=name, kind=kind, unit=unit.path, date=date, columns=columns, honours=honours, tags=tags,
        summary=summary, photo=photo, films=films, sections=sections,
    )
    if kind == "person":
        story.position = rng.choice(POSITIONS)
        story.party = rng.choice(("中共党员", "中共党员", "中共党员", "共青团员", "群众", ""))
        story.masked = rng.random() < 0.01
        if story.masked:  # a masked name must not be spelled by its URL (exemplar check E112)
            taken.discard(story.slug)
            story.slug = f"masked-{i}"
            taken.add(story.slug)
    story.pioneer = rng.choice(("忠诚", "正派", "善小", ""))
    story.featured = rng.random() < 0.02
    story.status = "draft" if rng.random() < 0.03 else "published"
    story.visibility = "internal" if rng.random() < 0.25 else "public"
    if story.visibility == "public" and rng.random() < 0.1:
        story.internal_fields = ["position", "party"]
    story.folder = photo is not None and rng.random() < 0.01
    return story


def generate_stories(n: int, seed: int, bank: PhraseBank, vocab: dict[str, Any]) -> list[StoryData]:
    units = unit_refs(vocab["units"])
    taken: set[str] = set()
    return [generate_story(i, seed, bank, vocab, units, taken) for i in range(n)]


# ---------------------------------------------------------------------------------------
# Photos: small real JPEGs (≈30–60 KB), shared among stories.

def generate_photo(rng: random.Random, strength: float) -> bytes:
    from PIL import Image, ImageDraw, ImageFilter

    w, h = 480, 600
    img = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(img)
    top = [rng.randrange(60, 200) for _ in range(3)]
    bottom = [rng.randrange(60, 230) for _ in range(3)]
    for y in range(h):
        t = y / h
        draw.line([(0, y), (w, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    for _ in range(40):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.randrange(10, 80)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=tuple(rng.randrange(256) for _ in range(3)))
    skin = (rng.randrange(200, 240), rng.randrange(170, 205), rng.randrange(140, 180))
    draw.ellipse([w / 2 - 70, h * 0.16, w / 2 + 70, h * 0.16 + 170], fill=skin)
    draw.rounded_rectangle([w / 2 - 150, h * 0.58, w / 2 + 150, h + 60], radius=70,
                           fill=tuple(rng.randrange(20, 120) for _ in range(3)))
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h)).convert("RGB")
    img = Image.blend(img, noise, strength)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def write_photos(folder: Path, seed: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(PHOTO_COUNT):
        path = folder / f"photo-{k:02d}.jpg"
        if not path.exists():
            rng = random.Random(f"{seed}:photo:{k}")
            path.write_bytes(generate_photo(rng, 0.05 + 0.075 * rng.random()))
        paths.append(path)
    return paths


def _place(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


# ---------------------------------------------------------------------------------------
# Writing: our format, and blog posts

def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def story_markdown(s: StoryData) -> str:
    lines = [
        "---",
        f"title: {_q(s.title)}",
        f"name: {_q(s.name)}",
        f"mask_name: {'true' if s.masked else 'false'}",
        f"kind: {s.kind}",
        f"unit: {s.unit}",
        f"position: {_q(s.position)}",
        f"party: {_q(s.party)}",
        f"pioneer: {_q(s.pioneer)}",
        "columns:",
        *(f"  - {c}" for c in s.columns),
    ]
    if s.honours:
        lines.append("honours:")
        for h in s.honours:
            lines.append(f"  - name: {h['name']}")
            lines.append(f"    year: {h['year']}")
            if "level" in h:
                lines.append(f"    level: {h['level']}")
    else:
        lines.append("honours: []")
    lines += [
        f"date: {s.date.isoformat()}",
        "tags: [" + ", ".join(_q(t) for t in s.tags) + "]",
        f"summary: {_q(s.summary)}",
        f"photo: {_q(('photo.jpg' if s.folder else s.photo) or '')}",
    ]
    if s.films:
        lines.append("videos:")
        for f in s.films:
            lines += [f"  - title: {_q(f['title'])}", f"    url: {f['url']}", f"    views: {f['views']}",
                      f"    date: {f['date'].isoformat()}"]
    else:
        lines.append("videos: []")
    lines += [
        f"featured: {'true' if s.featured else 'false'}",
        f"status: {s.status}",
        f"visibility: {s.visibility}",
        "internal_fields: [" + ", ".join(s.internal_fields) + "]",
        "---",
        "",
        s.body,
    ]
    return "\n".join(lines)


def post_markdown(s: StoryData) -> str:
    """The same story as a blog post: categories = columns, tags = honours, the same body."""
    honours = list(dict.fromkeys(h["name"] for h in s.honours))
    lines = ["---", f"date: {s.date.isoformat()}", f"slug: {s.slug}", "categories:", *(f"  - {c}" for c in s.columns)]
    if honours:
        lines += ["tags:", *(f"  - {h}" for h in honours)]
    if s.status == "draft":
        lines.append("draft: true")
    lines += ["---", "", f"# {s.title}", ""]
    first_heading, paragraphs = s.sections[0]
    lines += [s.summary, "", "<!-- more -->", ""]
    if s.photo:
        lines += [f"![{s.name}](../../{s.photo}){{ width=240 }}", ""]
    lines += [profile_line(s), ""]
    if s.honours:
        lines += ["荣誉：" + "、".join(f"{h['name']}（{h['year']}）" for h in s.honours), ""]
    for f in s.films:
        lines += [f"- 宣传片：[{f['title']}]({f['url']})，点击量 {f['views']:,}", ""]
    lines.append(s.body)
    return "\n".join(lines)


def profile_line(s: StoryData) -> str:
    """The story's name (``*`` when masked), unit, position and party, as one bold line."""
    profile = [p for p in (s.name if not s.masked else "*", s.unit.split("/")[-1], s.position, s.party) if p]
    return "**" + "｜".join(profile) + "**"


def page_markdown(s: StoryData) -> str:
    """The same story as a plain page: title, profile line and the same body, nothing a plugin reads."""
    return "\n".join([f"# {s.title}", "", profile_line(s), "", s.body])


def material_index(title: str, tagline: str, stories: list[StoryData]) -> str:
    links = [f"- [{s.title}](stories/{s.slug}.md)" for s in stories]
    return "\n".join([f"# {title}", "", tagline, "", *links, ""])


def corpus_key(seed: int) -> str:
    """Changes when this generator, its phrase bank or the project's vocabulary change."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for path in (PHRASES, SAMPLE_STORIES / "vocab.yml"):
        h.update(path.read_bytes() if path.exists() else b"")
    h.update(str(seed).encode())
    return h.hexdigest()[:16]


def write_corpus(out: Path, n: int, seed: int, photos_cache: Path | None = None) -> dict[str, Any]:
    """Write ``out/archive``, ``out/blog`` and ``out/material`` for N stories; returns a manifest (also in
    out/manifest.json)."""
    bank = PhraseBank.load()
    vocab = generate_vocab(random.Random(f"{seed}:vocab"))
    stories = generate_stories(n, seed, bank, vocab)
    photos = write_photos(photos_cache or out / "_photos", seed)

    for sub in ("archive", "blog", "material"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    stories_dir = out / "archive" / "stories"
    (stories_dir / "media").mkdir(parents=True)
    with (stories_dir / "vocab.yml").open("w", encoding="utf-8") as fh:
        fh.write("# 基准测试用词表：由 benchmarks/corpus.py 生成（单位树按种子生成，荣誉有所扩充）\n")
        yaml.safe_dump(vocab, fh, allow_unicode=True, sort_keys=False, width=1000)
    docs = out / "blog" / "docs"
    (docs / "blog" / "posts").mkdir(parents=True)
    for p in photos:
        _place(p, stories_dir / "media" / p.name)
        _place(p, docs / "media" / p.name)
    for s in stories:
        if s.folder and s.photo:
            (stories_dir / s.slug).mkdir()
            _place(photos[int(s.photo[-6:-4])], stories_dir / s.slug / "photo.jpg")
            (stories_dir / s.slug / "index.md").write_text(story_markdown(s), encoding="utf-8")
        else:
            (stories_dir / f"{s.slug}.md").write_text(story_markdown(s), encoding="utf-8")
        (docs / "blog" / "posts" / f"{s.slug}.md").write_text(post_markdown(s), encoding="utf-8")
    (docs / "index.md").write_text(f"# {vocab['archive']['name']}\n\n{vocab['archive']['tagline']}\n\n"
                                   "[进入博客](blog/index.md)\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# 榜样故事\n", encoding="utf-8")
    (docs / "tags.md").write_text("# 标签\n\n<!-- material/tags -->\n", encoding="utf-8")

    published = [s for s in stories if s.status == "published"]
    write_material_pages(out / "material" / "docs", published, vocab["archive"])
    person = next((s for s in published if s.kind == "person" and not s.masked), published[0])
    manifest = {
        "n": n, "seed": seed, "key": corpus_key(seed),
        "stories": len(stories), "drafts": len(stories) - len(published),
        "internal": sum(1 for s in stories if s.visibility == "internal"),
        "body_chars": {"min": min(s.body_chars for s in stories), "max": max(s.body_chars for s in stories),
                       "mean": round(sum(s.body_chars for s in stories) / len(stories))},
        "units": len(unit_refs(vocab["units"])), "honours": len(vocab["honours"]),
        "films": sum(len(s.films) for s in stories), "photos": len(photos),
        # A story to edit and a name to search for, chosen the same way for every N.
        "probe": {"slug": person.slug, "path": f"stories/{person.slug}/index.md" if person.folder
                  else f"stories/{person.slug}.md", "name": person.name, "title": person.title,
                  "date": person.date.isoformat()},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    write_configs(out)
    return manifest


def write_material_pages(docs: Path, published: list[StoryData], archive: dict[str, Any]) -> None:
    """One plain page per published story under ``docs/stories/``, and an index linking them all."""
    (docs / "stories").mkdir(parents=True)
    for s in published:
        (docs / "stories" / f"{s.slug}.md").write_text(page_markdown(s), encoding="utf-8")
    (docs / "index.md").write_text(material_index(archive["name"], archive["tagline"], published), encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Configurations, rewritten from the project's mkdocs.yml at every run

def write_configs(out: Path) -> None:
    text = write_archive_config(out / "archive")
    write_control_configs(out, _lenient_load(text).get("markdown_extensions") or [])


def write_archive_config(archive: Path) -> str:
    """The project's mkdocs.yml, pointed at the corpus's stories; returns its text."""
    text = PROJECT_CONFIG.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^docs_dir:.*$", "docs_dir: stories", text)
    text = re.sub(r"(?m)^site_dir:.*$", "site_dir: site", text)
    text = _absolute_hooks(text)
    (archive / "mkdocs.yml").write_text(text, encoding="utf-8")
    (archive / "mkdocs-fixes.yml").unlink(missing_ok=True)  # left by older runners (run.py --experiments)
    link = archive / "theme_overrides"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(THEME_OVERRIDES, target_is_directory=True)
    # Anything else our mkdocs.yml names by a relative path (a data folder, say) is linked in too.
    for name in ("overrides", "hooks", "data", "scripts", "assets"):
        if (ROOT / name).exists() and f"{name}/" in text and not (archive / name).exists():
            (archive / name).symlink_to(ROOT / name, target_is_directory=True)
    return text


def write_control_configs(out: Path, extensions: list[Any]) -> None:
    """The blog plugin's site and plain mkdocs-material's, both with our Markdown extensions."""
    write_config(out / "blog", "对照组：mkdocs-material 的 blog + tags + search(zh)", material_config(
        "榜样档案（博客插件对照）", extensions, ["blog", "tags", {"search": {"lang": "zh"}}],
        [{"首页": "index.md"}, {"博客": ["blog/index.md"]}, {"标签": "tags.md"}],
        ["navigation.tabs", "navigation.top", "search.highlight", "content.tooltips"]))
    # No plugin at all: without a ``plugins`` key MkDocs would add its default search plugin.
    write_config(out / "material", "对照组：不带任何插件的 mkdocs-material（plugins: []）", material_config(
        "榜样档案（无插件的 mkdocs-material 对照）", extensions, [], [{"首页": "index.md"}],
        ["navigation.tabs", "navigation.top", "content.tooltips"]))


def material_config(site_name: str, extensions: list[Any], plugins: list[Any], nav: list[Any],
                    features: list[str]) -> dict[str, Any]:
    """A control site's mkdocs.yml: theme material in Chinese, no web fonts, our Markdown extensions."""
    return {
        "site_name": site_name,
        "site_url": "https://bangyang.example.org/",
        "use_directory_urls": False,
        "theme": {"name": "material", "language": "zh", "font": False, "features": features},
        "plugins": plugins,
        "markdown_extensions": extensions,
        "nav": nav,
        "validation": {"nav": {"omitted_files": "ignore"}},
    }


def write_config(folder: Path, what: str, config: dict[str, Any]) -> None:
    (folder / "mkdocs.yml").write_text(f"# {what}，由 benchmarks/corpus.py 生成\n"
                                       + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _absolute_hooks(text: str) -> str:
    lines = text.splitlines(keepends=True)
    out, in_hooks = [], False
    for line in lines:
        if re.match(r"^hooks:\s*$", line):
            in_hooks = True
        elif in_hooks and re.match(r"^\s+-\s+", line):
            path = line.split("-", 1)[1].strip()
            if not os.path.isabs(path):
                line = re.sub(re.escape(path), str(ROOT / path), line)
        elif in_hooks and line.strip() and not line.startswith((" ", "#")):
            in_hooks = False
        out.append(line)
    return "".join(out)


class _Lenient(yaml.SafeLoader):
    pass


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]


_Lenient.add_multi_constructor("", _any_tag)


def _lenient_load(text: str) -> dict[str, Any]:
    data = yaml.load(text, Loader=_Lenient)  # noqa: S506 - a SafeLoader subclass
    return data if isinstance(data, dict) else {}


@contextlib.contextmanager
def edited(corpus_dir: Path, path: Path) -> Iterator[Path]:
    """Within the block ``path`` (a file of the corpus) may be edited; afterwards it is restored, always.

    Its original is also kept under ``<corpus>/.edit-backup/`` until then, so that a runner killed
    mid-edit leaves nothing changed for the next one (:func:`ensure_corpus` puts it back).
    """
    backup = corpus_dir / EDIT_BACKUP / path.relative_to(corpus_dir)
    backup.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, backup)
    try:
        yield path
    finally:
        shutil.copyfile(backup, path)
        shutil.rmtree(corpus_dir / EDIT_BACKUP, ignore_errors=True)


def restore_edits(corpus_dir: Path) -> list[Path]:
    """Put back the story files an interrupted runner left edited; returns them."""
    folder = corpus_dir / EDIT_BACKUP
    restored = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    for backup in restored:
        shutil.copyfile(backup, corpus_dir / backup.relative_to(folder))
    shutil.rmtree(folder, ignore_errors=True)
    return [corpus_dir / p.relative_to(folder) for p in restored]


def ensure_corpus(cache: Path, n: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The corpus for (seed, N) under ``cache``, generated when missing or out of date."""
    out = cache / f"seed{seed}-n{n}"
    for path in restore_edits(out):
        print(f"restored {path}, left edited by an interrupted run", file=sys.stderr)
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("key") == corpus_key(seed):
            write_configs(out)
            return out, manifest
    manifest = write_corpus(out, n, seed, photos_cache=cache / f"photos-seed{seed}")
    return out, manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a seeded synthetic corpus (archive + blog).")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "corpus")
    parser.add_argument("--refresh-phrases", action="store_true",
                        help="rebuild benchmarks/phrases.json from the sample stories (changes every corpus)")
    args = parser.parse_args(argv)
    if args.refresh_phrases:
        PhraseBank.from_stories(SAMPLE_STORIES).save()
    out, manifest = ensure_corpus(args.out, args.n, args.seed)
    print(out)
    print(json.dumps(manifest, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
