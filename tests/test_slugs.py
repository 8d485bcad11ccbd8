"""ASCII pinyin slugs, and names ordered by pinyin rather than by code point."""

from __future__ import annotations

import pytest

from generator.core.slugs import is_slug, pinyin_full, pinyin_initials, pinyin_key, slugify
from generator.core.validate import default_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("黄小清", "huang-xiaoqing"),  # surname + given name
        ("李华", "li-hua"),
        ("李", "li"),
        ("爱心妈妈", "ai-xin-ma-ma"),  # longer runs: one word per syllable
        ("常口村驿站", "chang-kou-cun-yi-zhan"),
        ("Hello World", "hello-world"),
        ("Zhōu Jié", "zhou-jie"),  # accents folded
        ("A-B_c", "a-b-c"),
        ("黄小清 2023", "huang-xiaoqing-2023"),
        ("", ""),
        ("😀！？", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert slug == "" or is_slug(slug)


@pytest.mark.parametrize("value", ["huang-xiaoqing", "a", "x2", "2023-wuyi"])
def test_is_slug(value: str) -> None:
    assert is_slug(value)


@pytest.mark.parametrize("value", ["", "Huang", "huang_xiaoqing", "-a", "a-", "a--b", "黄", "a b", "a/b", "a.md"])
def test_is_not_slug(value: str) -> None:
    assert not is_slug(value)


def test_pinyin_order_not_code_point_order() -> None:
    # By code point 周 (U+5468) < 安 (U+5B89) < 黄 (U+9EC4); by pinyin an < huang < zhou.
    assert sorted(["周", "黄", "安"]) != ["安", "黄", "周"]
    assert sorted(["周", "黄", "安"], key=pinyin_key) == ["安", "黄", "周"]
    names = ["周杰", "黄小清", "安然", "蔡永辉", "黄晓东", "邱建明"]
    assert sorted(names, key=pinyin_key) == ["安然", "蔡永辉", "黄晓东", "黄小清", "邱建明", "周杰"]  # xiao dong < xiao qing


def test_pinyin_key_breaks_ties_by_text() -> None:
    # 黄 and 皇 both read huang: the text decides, so the order never depends on input order.
    assert sorted(["黄", "皇"], key=pinyin_key) == sorted(["皇", "黄"], key=pinyin_key)
    assert pinyin_key("黄")[0] == pinyin_key("皇")[0] == "huang"


def test_pinyin_for_search() -> None:
    assert pinyin_full("黄小清") == "huangxiaoqing"
    assert pinyin_initials("黄小清") == "hxq"
    assert pinyin_initials("爱心妈妈") == "axmm"


@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("huang-xiaoqing.md", "huang-xiaoqing"),
        ("aixin-mama/index.md", "aixin-mama"),
        ("aixin-mama/README.md", "aixin-mama"),
        ("a/b/c.md", "c"),
        ("index.md", "index"),
    ],
)
def test_default_slug_from_path(path: str, slug: str) -> None:
    assert default_slug(path) == slug
