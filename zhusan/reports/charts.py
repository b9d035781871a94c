"""Geometry for the few honest charts of the dashboard, drawn as inline SVG by the templates.

No chart library and no script: a chart is a list of shapes with their numbers, so it renders
offline, prints, and reads the same in every language. Suppressed cells are drawn as gaps and
labelled, never as zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

PALETTE = ("#2f6b8f", "#c77c2e", "#5a8f3c", "#8a4f9e", "#b8483d", "#6b6b6b", "#3d8f8a")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str
    value: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass
class Chart:
    kind: str  # "bars" (vertical, stacked), "hbars" (horizontal), "lines"
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (colour, points, label)
    points: list[Bar] = field(default_factory=list)
    plot: tuple[float, float, float, float] = (0, 0, 0, 0)  # left, top, right, bottom


def nice_max(value: float) -> float:
    """A round number at or above value for the axis (1, 2, 2.5, 5 × 10^k)."""
    if value <= 0:
        return 1
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def _y_ticks(top: float, y0: float, y1: float, n: int = 4) -> list[Tick]:
    return [Tick(y1 - (y1 - y0) * i / n, f"{top * i / n:g}") for i in range(n + 1)]


def stacked_bars(
    categories: list[str],
    series: list[tuple[str, list[int | None]]],
    *,
    width: int = 640,
    height: int = 260,
) -> Chart:
    """Vertical bars, one per category, stacked by series (None = suppressed: drawn as nothing)."""
    left, top, right, bottom = 48, 12, width - 8, height - 56
    totals = [
        sum(v or 0 for _, values in series for v in [values[i]]) for i in range(len(categories))
    ]
    peak = nice_max(max(totals, default=0))
    chart = Chart("bars", width, height, plot=(left, top, right, bottom))
    chart.y_ticks = _y_ticks(peak, top, bottom)
    slot = (right - left) / max(len(categories), 1)
    bar_w = min(48.0, slot * 0.7)
    for i, cat in enumerate(categories):
        x = left + slot * i + (slot - bar_w) / 2
        y = bottom
        for s, (name, values) in enumerate(series):
            v = values[i]
            if not v:
                continue
            h = (bottom - top) * v / peak
            y -= h
            chart.bars.append(
                Bar(x, y, bar_w, h, PALETTE[s % len(PALETTE)], f"{cat} — {name}", str(v))
            )
        chart.x_ticks.append(Tick(x + bar_w / 2, cat))
    if len(series) > 1:
        chart.legend = [(PALETTE[s % len(PALETTE)], name) for s, (name, _) in enumerate(series)]
    return chart


def horizontal_bars(
    items: list[tuple[str, int | None]], *, width: int = 640, row: int = 26
) -> Chart:
    """One horizontal bar per item, labelled with its value (a suppressed value is written, not drawn)."""
    left, top = 190, 6
    height = top + row * len(items) + 8
    right = width - 56
    peak = nice_max(max((v or 0 for _, v in items), default=0))
    chart = Chart("hbars", width, height, plot=(left, top, right, height - 8))
    for i, (label, v) in enumerate(items):
        y = top + row * i + 4
        w = (right - left) * (v or 0) / peak
        chart.bars.append(Bar(left, y, w, row - 8, PALETTE[0], label, "…" if v is None else str(v)))
    return chart


def lines(
    x_labels: list[str],
    series: list[tuple[str, list[int | None]]],
    *,
    width: int = 640,
    height: int = 240,
) -> Chart:
    """Lines over time; a suppressed point breaks the line."""
    left, top, right, bottom = 48, 12, width - 12, height - 40
    peak = nice_max(max((v or 0 for _, vs in series for v in vs), default=0))
    chart = Chart("lines", width, height, plot=(left, top, right, bottom))
    chart.y_ticks = _y_ticks(peak, top, bottom)
    n = max(len(x_labels) - 1, 1)
    xs = [left + (right - left) * i / n for i in range(len(x_labels))]
    every = max(1, len(x_labels) // 8)
    chart.x_ticks = [
        Tick(x, lab) for i, (x, lab) in enumerate(zip(xs, x_labels, strict=True)) if i % every == 0
    ]
    for s, (name, values) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        segment: list[str] = []
        for x, v, lab in zip(xs, values, x_labels, strict=True):
            if v is None:
                if len(segment) > 1:
                    chart.lines.append((colour, " ".join(segment), name))
                segment = []
                continue
            y = bottom - (bottom - top) * v / peak
            segment.append(f"{x:.1f},{y:.1f}")
            chart.points.append(Bar(x, y, 3, 3, colour, f"{name}, {lab}", str(v)))
        if len(segment) > 1:
            chart.lines.append((colour, " ".join(segment), name))
    chart.legend = [(PALETTE[s % len(PALETTE)], name) for s, (name, _) in enumerate(series)]
    return chart
