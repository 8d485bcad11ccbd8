"""Bar-chart geometry for the statistics page: numbers in, rectangles out.

The charts are static SVG drawn at build time, but no SVG is written here: this module
only computes where each bar, label and axis tick goes, and the partial
``theme_overrides/partials/chart-bars.svg.html`` draws them. Bars are horizontal, so
long Chinese labels (单位、荣誉名称) stay readable on a phone.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its rectangle, where its label and value go, and its share of the total."""

    x: float
    y: float
    width: float
    height: float
    label: str  # in full (for the tooltip and the description)
    text: str  # as drawn: shortened with … when it would not fit
    value: int
    percent: float  # share of the total, 0–100, one decimal
    label_x: float  # right edge of the label (text-anchor: end)
    value_x: float  # left edge of the value text
    text_y: float  # baseline of both texts

    @property
    def percent_label(self) -> str:
        """"50%", "33.3%"."""
        return f"{self.percent:g}%"


@dataclass(frozen=True, slots=True)
class Tick:
    """An axis tick: a value, its x and a vertical grid line from ``y1`` to ``y2``."""

    value: int
    x: float
    y1: float
    y2: float
    label_y: float


@dataclass(frozen=True, slots=True)
class BarChart:
    """Everything the partial needs to draw one chart in a ``0 0 width height`` viewBox."""

    width: float
    height: float
    plot_x: float
    plot_y: float
    plot_width: float
    plot_height: float
    font_size: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    total: int
    max_value: int

    @property
    def description(self) -> str:
        """The chart in words, for screen readers: 「个人 5（50%）；集体 2（20%）」."""
        return "；".join(f"{b.label} {b.value}（{b.percent_label}）" for b in self.bars)


def text_width(text: str, font_size: float) -> float:
    """Estimated drawn width: full-width (CJK) characters one em, others about 0.6 em."""
    return sum(font_size if unicodedata.east_asian_width(ch) in "WF" else font_size * 0.6 for ch in text)


def fit_text(text: str, max_width: float, font_size: float) -> str:
    """``text``, shortened with … so that it fits in ``max_width``."""
    if text_width(text, font_size) <= max_width:
        return text
    out = text
    while out and text_width(out + ELLIPSIS, font_size) > max_width:
        out = out[:-1]
    return out + ELLIPSIS


def nice_step(max_value: int, target_ticks: int = 5) -> int:
    """A round tick step (1, 2, 5 × 10ⁿ, never below 1) giving about ``target_ticks`` ticks."""
    if max_value <= 0:
        return 1
    raw = max_value / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(1, int(factor * magnitude))
    return max(1, int(10 * magnitude))  # pragma: no cover - the loop always returns


def bar_chart(items: Sequence[tuple[str, int]], *, width: float = 480, bar_height: float = 22,
              gap: float = 10, font_size: float = 14, max_label_width: float = 168,
              target_ticks: int = 5) -> BarChart:
    """Horizontal bars for ``(label, value)`` pairs, in the order given."""
    pad = font_size * 0.5
    label_room = min(max((text_width(label, font_size) for label, _ in items), default=0.0), max_label_width)
    max_value = max((value for _, value in items), default=0)
    total = sum(value for _, value in items)
    step = nice_step(max_value, target_ticks)
    scale_max = max(step, math.ceil(max_value / step) * step)
    value_room = text_width(str(max_value), font_size) + pad
    plot_x = _r(label_room + pad)
    plot_y = _r(pad)
    plot_width = _r(max(width - plot_x - value_room - pad, 1.0))
    plot_height = _r(len(items) * (bar_height + gap) - gap if items else 0.0)
    axis_y = plot_y + plot_height + pad / 2

    bars = []
    for i, (label, value) in enumerate(items):
        y = plot_y + i * (bar_height + gap)
        bar_width = plot_width * value / scale_max
        bars.append(Bar(
            x=plot_x, y=_r(y), width=_r(bar_width), height=_r(bar_height), label=label,
            text=fit_text(label, max_label_width, font_size), value=value,
            percent=round(100 * value / total, 1) if total else 0.0,
            label_x=_r(plot_x - pad), value_x=_r(plot_x + bar_width + pad / 2),
            text_y=_r(y + bar_height / 2 + font_size * 0.35),
        ))
    ticks = tuple(
        Tick(value=v, x=_r(plot_x + plot_width * v / scale_max), y1=plot_y, y2=_r(axis_y),
             label_y=_r(axis_y + font_size * 1.1))
        for v in range(0, scale_max + 1, step)
    )
    return BarChart(
        width=_r(width), height=_r(axis_y + font_size * 1.5), plot_x=plot_x, plot_y=plot_y,
        plot_width=plot_width, plot_height=plot_height, font_size=font_size, bars=tuple(bars),
        ticks=ticks, total=total, max_value=max_value,
    )


def _r(value: float) -> float:
    # Two decimals keep the SVG small and the output byte-identical between builds.
    return round(value, 2)
