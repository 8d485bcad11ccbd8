"""Reading time is counted in Chinese characters (about 400 a minute), not in space-separated words."""

from __future__ import annotations

from generator.adapter.filters import HAN_PER_MINUTE, reading_minutes


def test_chinese_text_is_counted_by_characters() -> None:
    assert HAN_PER_MINUTE == 400
    assert reading_minutes("敬" * 1200) == 3  # one "word" without spaces, three minutes of reading
    assert reading_minutes("敬老 " * 600) == 3  # spaces change nothing


def test_punctuation_and_markup_do_not_count_and_a_short_text_takes_a_minute() -> None:
    assert reading_minutes("，。！？“”——" * 500) == 1
    assert reading_minutes("") == 1


def test_latin_words_and_numbers_count_as_one_each() -> None:
    assert reading_minutes("CCTV 2021 " * 400) == 2
