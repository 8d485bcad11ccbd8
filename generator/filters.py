"""Jinja filters for the theme: numbers in Chinese style and reading time.

Formatting only: they return text, never HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
HAN_PER_MINUTE = 400


def cn_number(value: Any) -> str:
    """1500 0000 → 1500 万; 120 000 000 → 1.2 亿; small numbers as they are, with separators."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value or "")
    n = float(value)
    for unit, size in (("亿", 1e8), ("万", 1e4)):
        if abs(n) >= size:
            text = f"{n / size:.1f}".rstrip("0").rstrip(".")
            return f"{text} {unit}"
    return f"{int(n):,}"


def reading_minutes(text: str) -> int:
    """Minutes to read a Chinese text: Han characters at ~400 a minute (not words)."""
    han = len(_HAN.findall(text or ""))
    other = len(re.findall(r"[A-Za-z0-9]+", text or ""))
    return max(1, round((han + other) / HAN_PER_MINUTE))


FILTERS: dict[str, Callable[..., Any]] = {
    "cn_number": cn_number,
    "reading_minutes": reading_minutes,
}
