"""The editor-owned vocabulary: loading, located errors, look-ups and nearest matches."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.vocab import Lookups, load_vocabulary, nearest, suggestion_hint

from tests.archives import SAMPLE_VOCAB as SAMPLE
SHOWN = "stories/vocab.yml"

MINIMAL = """\
columns:
  - id: lizan-bangyang
    title: 礼赞榜样
levels:
  - id: national
    title: 国家级
    home: true
honours:
  - id: zhongguo-haoren
    name: 中国好人
    level: national
units:
  - id: sanming
    name: 国网三明供电公司
    children:
      - id: yingxiao
        name: 营销部
pioneers:
  - id: shanxiao
    title: 善小先锋
    short: 善小
platforms:
  - id: xuexi
    name: 学习强国
    hosts: [xuexi.cn]
"""


def load(tmp_path: Path, text: str | None) -> tuple[object, list[str]]:
    path = tmp_path / "vocab.yml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    vocab, problems = load_vocabulary(path, SHOWN)
    return vocab, [p.format_text() for p in problems]


def test_sample_vocabulary_loads() -> None:
    vocab, problems = load_vocabulary(SAMPLE, SHOWN)
    assert problems == []
    assert vocab is not None
    assert [c.title for c in vocab.columns] == ["礼赞榜样", "榜样就在身边", "科技工作者日"]
    assert [lv.id for lv in vocab.levels][0] == "national"  # ordered by rank
    assert {p.short for p in vocab.pioneers} == {"忠诚", "正派", "善小"}
    assert any(u.names == ("国网三明供电公司", "营销部", "客户服务中心") for u in vocab.units)


def test_minimal_vocabulary_loads(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, MINIMAL)
    assert problems == [] and vocab is not None


def test_missing_vocabulary_file(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, None)
    assert vocab is None
    assert problems == ["stories/vocab.yml:1: 错误 E701 找不到词表文件；词表应在 stories/vocab.yml，可从示例档案复制一份"]


def test_duplicate_id_is_located(tmp_path: Path) -> None:
    text = MINIMAL.replace("columns:\n", "columns:\n  - id: lizan-bangyang\n    title: 礼赞模范\n")
    vocab, problems = load(tmp_path, text)
    assert vocab is None
    assert problems == ["stories/vocab.yml:4:9: 错误 E703 columns[1].id：词表中的 id「lizan-bangyang」重复；每个条目的 id 必须唯一"]


def test_duplicate_unit_id_among_siblings_only(tmp_path: Path) -> None:
    # The same id under two parents is fine (sanming/yingxiao vs yongan/yingxiao) …
    ok = MINIMAL.replace("pioneers:", "  - id: yongan\n    name: 永安\n    children:\n      - id: yingxiao\n        name: 营销部\npioneers:")
    assert load(tmp_path, ok)[1] == []
    # … twice under the same parent is not.
    twice = MINIMAL.replace("        name: 营销部\n", "        name: 营销部\n      - id: yingxiao\n        name: 营销二部\n")
    vocab, problems = load(tmp_path, twice)
    assert vocab is None
    assert problems == ["stories/vocab.yml:18:13: 错误 E703 units.0.children.1.id：词表中的 id「yingxiao」重复；每个条目的 id 必须唯一"]


def test_bad_id_suggests_an_ascii_one(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, MINIMAL.replace("id: lizan-bangyang", "id: 礼赞榜样"))
    assert vocab is None
    assert problems == [
        "stories/vocab.yml:2:9: 错误 E704 columns[0].id：词表中的 id「礼赞榜样」不合规：只能用小写英文字母、数字和连字符；例如改为「li-zan-bang-yang」"
    ]


def test_bad_unit_id(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, MINIMAL.replace("id: yingxiao", "id: Ying_Xiao"))
    assert vocab is None
    assert [p.split(" 错误 ")[0] for p in problems] == ["stories/vocab.yml:16:13:"]
    assert "E704" in problems[0] and "ying-xiao" in problems[0]


def test_honour_with_unknown_level(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, MINIMAL.replace("level: national", "level: nation"))
    assert vocab is None
    assert problems == [
        "stories/vocab.yml:11:12: 错误 E705 honours[0].level：荣誉「中国好人」的级别「nation」不在 levels 中；建议改为「national」"
    ]


def test_honour_level_by_chinese_title(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, MINIMAL.replace("level: national", "level: 国家级"))
    assert problems == [] and vocab is not None
    assert vocab.honours[0].level == "national"


def test_missing_section(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, MINIMAL.replace("pioneers:", "pioneer:"))
    assert vocab is None
    assert any(" E702 pioneers：词表中缺少「pioneers」" in p for p in problems)


def test_entry_missing_a_field(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, MINIMAL.replace("    title: 礼赞榜样\n", ""))
    assert vocab is None
    assert problems == ["stories/vocab.yml:2:5: 错误 E702 columns[0].title：词表中缺少「columns[0].title」；给这一项加上 title"]


def test_section_of_wrong_type(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, MINIMAL.replace("columns:\n", "columns: 礼赞榜样\nx:\n"))
    assert vocab is None
    assert problems[0].startswith("stories/vocab.yml:1:10: 错误 E706 columns：")


def test_vocabulary_yaml_error_is_located(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, MINIMAL.replace("title: 国家级", "title: 国家级: 最高"))
    assert vocab is None
    assert [p.split(" 错误 ")[0] for p in problems] == ["stories/vocab.yml:6:15:"]
    assert "E006" in problems[0]


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    text = MINIMAL.replace("id: lizan-bangyang", "id: 礼赞").replace("level: national", "level: x")
    vocab, problems = load(tmp_path, text)
    assert vocab is None
    assert [p.split(" ")[2] for p in problems] == ["E704", "E705"]


# --- look-ups ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def lookups() -> Lookups:
    vocab, _ = load_vocabulary(SAMPLE, SHOWN)
    assert vocab is not None
    return Lookups(vocab)


@pytest.mark.parametrize(
    "written",
    ["国网三明供电公司/营销部/客户服务中心", "sanming/yingxiao/kefu-zhongxin", "国网三明供电公司／营销部／客户服务中心",
     " 国网三明供电公司 / 营销部 / 客户服务中心 ", "国网三明供电公司>营销部>客户服务中心"],
)
def test_unit_by_names_or_ids(lookups: Lookups, written: str) -> None:
    unit = lookups.unit(written)
    assert unit is not None and unit.key == "sanming/yingxiao/kefu-zhongxin"


def test_unknown_unit(lookups: Lookups) -> None:
    assert lookups.unit("营销部") is None  # a path from the top, not a bare name


def test_honour_by_name_id_or_alias(lookups: Lookups) -> None:
    for key in ("全国五一劳动奖章", "wuyi-laodong-jiangzhang", "五一劳动奖章"):
        assert lookups.honours[key].id == "wuyi-laodong-jiangzhang"


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://www.xuexi.cn/lgpage/detail/index.html?id=1", "xuexi"),
        ("https://xuexi.cn/a", "xuexi"),
        ("http://www.news.cn/a", "xinhua"),
        ("https://channels.weixin.qq.com/x", "wechat-channels"),
        ("https://notxuexi.cn/a", None),  # a suffix match must stop at a dot
        ("https://www.youtube.com/watch?v=1", None),
        ("not a url", None),
    ],
)
def test_platform_by_host(lookups: Lookups, url: str, platform: str | None) -> None:
    found = lookups.platform_for(url)
    assert (found.id if found else None) == platform


# --- nearest ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "choices", "expected"),
    [
        ("礼赞模范", ["礼赞榜样", "榜样就在身边", "科技工作者日"], "礼赞榜样"),
        ("中国好仁", ["中国好人", "福建好人", "时代楷模"], "中国好人"),
        ("国家", ["国家级", "省级", "公司级"], "国家级"),
        ("五一", ["全国五一劳动奖章", "中国好人"], "全国五一劳动奖章"),  # contained in an entry
        ("publish", ["draft", "published"], "published"),
        ("nmae", ["title", "name", "kind"], "name"),
        ("完全无关的词", ["礼赞榜样"], None),
        ("x", [], None),
        ("", ["礼赞榜样"], None),
    ],
)
def test_nearest(value: str, choices: list[str], expected: str | None) -> None:
    assert nearest(value, choices) == expected


def test_suggestion_hint() -> None:
    assert suggestion_hint("国家", ["国家级"], "levels") == "建议改为「国家级」"
    assert suggestion_hint("完全无关", ["国家级"], "vocab.yml 的 levels") == "可选值见 vocab.yml 的 levels"


TWO_LEVELS = MINIMAL.replace("    home: true\n", "    rank: 1\n    home: true\n    report: true\n  - id: provincial\n"
                             "    title: 省级\n    rank: 2\n")


def test_levels_declare_their_roles(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, TWO_LEVELS)
    assert problems == [] and vocab is not None
    assert vocab.home_level is not None and vocab.home_level.id == "national"  # type: ignore[attr-defined]
    assert [lv.id for lv in vocab.levels if lv.report] == ["national"]  # type: ignore[attr-defined]


def test_two_levels_of_one_rank(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, TWO_LEVELS.replace("rank: 2", "rank: 1"))
    assert vocab is None
    assert problems == ["stories/vocab.yml:12:11: 错误 E709 levels[1].rank：级别「省级」的 rank 1 与级别「国家级」相同；"
                        "每个级别的 rank 必须不同（1 为最高），改为未用过的数"]


def test_the_home_level_must_be_declared(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, TWO_LEVELS.replace("    home: true\n", ""))
    assert vocab is None
    assert len(problems) == 1 and " E710 levels：levels 中没有哪个级别标明 home: true；" in problems[0]


def test_the_home_level_must_be_one(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, TWO_LEVELS.replace("rank: 2\n", "rank: 2\n    home: true\n"))
    assert vocab is None
    assert len(problems) == 1 and problems[0].startswith("stories/vocab.yml:13:11: 错误 E711 levels[1].home：")
    assert "（国家级、省级）" in problems[0]


def test_a_role_is_true_or_false(tmp_path: Path) -> None:
    vocab, problems = load(tmp_path, TWO_LEVELS.replace("report: true", "report: 是"))
    assert vocab is None
    assert len(problems) == 1 and " E706 levels[0].report：" in problems[0]


def test_colours_must_be_hex_colours(tmp_path: Path) -> None:
    # A colour is printed into style= and SVG: anything but #rgb / #rrggbb could carry CSS or markup.
    good = MINIMAL.replace("    title: 国家级\n", '    title: 国家级\n    color: "#C8102E"\n')
    vocab, problems = load(tmp_path, good)
    assert problems == [] and vocab is not None and vocab.levels[0].color == "#C8102E"
    for bad in ('"red;background:url(x)"', '"#c8102e\\" onmouseover=\\"alert(1)"', "'#12345'", "12"):
        vocab, problems = load(tmp_path, MINIMAL.replace("    title: 国家级\n", f"    title: 国家级\n    color: {bad}\n"))
        assert vocab is None
        assert [p.split("：")[0] for p in problems] == ["stories/vocab.yml:7:12: 错误 E708 levels[0].color"], bad
    vocab, problems = load(tmp_path, MINIMAL.replace("    hosts: [xuexi.cn]\n", "    hosts: [xuexi.cn]\n    color: '</style><script>'\n"))
    assert vocab is None and [p.split(" ")[2] for p in problems] == ["E708"]
