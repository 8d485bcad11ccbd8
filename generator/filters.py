"""Jinja filters for the theme: numbers in Chinese style and reading time.

Formatting only: they return text, never HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .report import format_cn

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
HAN_PER_MINUTE = 400


def cn_number(value: Any) -> str:
    """Counts as reports write them (1500 万, 1.2 亿); the same function as the statistics."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value or "")
    return format_cn(int(value))


def reading_minutes(text: str) -> int:
    """Minutes to read a Chinese text: Han characters at ~400 a minute (not words)."""
    han = len(_HAN.findall(text or ""))
    other = len(re.findall(r"[A-Za-z0-9]+", text or ""))
    return max(1, round((han + other) / HAN_PER_MINUTE))


FILTERS: dict[str, Callable[..., Any]] = {
    "cn_number": cn_number,
    "reading_minutes": reading_minutes,
}
