"""Every spelling of a masked name is found and replaced (issue 16): pinyin in either order, each
reading of the surname, compound surnames, initials, the given name alone."""

from __future__ import annotations

import pytest

from generator.core.masking import mentions, name_forms, scrub, slug_reveals, split_name


@pytest.mark.parametrize(("name", "parts"), [("黄小清", ("黄", "小清")), ("欧阳明远", ("欧阳", "明远")),
                                             ("司马光", ("司马", "光")), ("王五", ("王", "五")),
                                             ("*", ("*", "")), ("Anna", ("Anna", ""))])
def test_names_split_into_surname_and_given_name(name: str, parts: tuple[str, str]) -> None:
    assert split_name(name) == parts


@pytest.mark.parametrize(("slug", "name"), [
    ("huang-xiaoqing", "黄小清"), ("xiaoqing-huang", "黄小清"), ("story-of-xiaoqing", "黄小清"),
    ("hxq", "黄小清"), ("mingyuan-ouyang", "欧阳明远"), ("ouyang-mingyuan-2021", "欧阳明远"),
    ("shan-tianfang", "单田芳"), ("dan-tianfang", "单田芳"), ("tianfang-shan", "单田芳"),
    ("lu-xiaoyu", "吕小雨"), ("lv-xiaoyu", "吕小雨"),
])
def test_a_slug_that_spells_the_name_is_caught(slug: str, name: str) -> None:
    assert slug_reveals(slug, name_forms(name)) is not None


@pytest.mark.parametrize(("slug", "name"), [("biandian-yunwei-laomo", "陈立峰"), ("huang-story", "黄小清"),
                                            ("person-sanming", "欧阳明远"), ("hx-story", "黄小清")])
def test_a_slug_that_does_not_is_left_alone(slug: str, name: str) -> None:
    assert slug_reveals(slug, name_forms(name)) is None


def test_mentions_in_characters_pinyin_and_by_given_name() -> None:
    forms = name_forms("欧阳明远")
    text = "欧阳明远说：明远不怕苦。Ouyang Mingyuan, mingyuan-ouyang"
    assert [word for _, word in mentions(text, forms)] == ["欧阳明远", "明远", "Ouyang Mingyuan", "mingyuan-ouyang"]


def test_scrub_replaces_the_whole_name_in_every_spelling_only() -> None:
    forms = name_forms("黄小清")
    assert scrub("黄小清：HUANG XIAOQING 与 xiaoqing huang，黄河", forms) == "*：* 与 *，黄河"
    assert scrub("huangxiaoqingdao", forms) == "huangxiaoqingdao"  # inside a longer word: not the name
    assert scrub("没有名字", name_forms("*")) == "没有名字"
