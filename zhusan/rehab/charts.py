"""The chart of change over time of a scored instrument: section sums per date, as inline SVG.

Server-rendered (no script); every line also has its own dash pattern and marker so that it
reads without colour, and the page puts the same numbers in a table under the chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from zhusan.rehab.catalogue import Instrument
from zhusan.rehab.models import AssessmentRecord

COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#505a5f", "#b58840", "#28a197")
DASHES = ("none", "6 3", "2 3", "8 3 2 3", "none", "6 3", "2 3", "8 3 2 3")
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 190, 16, 40


@dataclass(frozen=True)
class Series:
    section_id: str
    title: str
    points: list[tuple[int, int]]  # (record index, score)


@dataclass(frozen=True)
class Chart:
    instrument: Instrument
    records: list[AssessmentRecord]
    columns: list[tuple[str, str]]  # (section id, title)
    rows: list[tuple[AssessmentRecord, list[int | None], str]]  # record, scores, band title
    maximum: int
    svg: SafeString


def build(instrument: Instrument, records: list[AssessmentRecord]) -> Chart:
    """The chart and its table for one scored instrument's records, oldest first."""
    records = sorted(records, key=lambda r: (r.assessed_on, r.pk))
    bands = {b.id: b for b in instrument.age_bands}
    maximum = 1
    for r in records:
        maxima = instrument.section_maxima(bands.get(r.age_band))
        maximum = max([maximum, *maxima.values(), *(r.scores or {}).values()])
    # Only the sections that have a score (a child's bands may leave none out, but be safe).
    columns = [
        (s.id, s.title)
        for s in instrument.sections
        if any(s.id in (r.scores or {}) for r in records)
    ]
    rows = [
        (
            r,
            [(r.scores or {}).get(sid) for sid, _title in columns],
            bands[r.age_band].label if r.age_band in bands else "",
        )
        for r in records
    ]
    series = [
        Series(sid, title, [(i, row[1][k]) for i, row in enumerate(rows) if row[1][k] is not None])
        for k, (sid, title) in enumerate(columns)
    ]
    return Chart(
        instrument, records, columns, rows, maximum, _svg(instrument, records, series, maximum)
    )


def _x(records: list[AssessmentRecord], index: int) -> float:
    plot = WIDTH - LEFT - RIGHT
    first, last = records[0].assessed_on, records[-1].assessed_on
    span = (last - first).days
    if span == 0:
        return LEFT + plot / 2 if len(records) == 1 else LEFT + plot * index / (len(records) - 1)
    return LEFT + plot * (records[index].assessed_on - first).days / span


def _n(value: float) -> str:
    return f"{value:.1f}"


def _y(value: float, maximum: int) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return TOP + plot * (1 - value / maximum)


def _svg(
    instrument: Instrument, records: list[AssessmentRecord], series: list[Series], maximum: int
) -> SafeString:
    title = _("%(instrument)s: section scores at each assessment") % {
        "instrument": instrument.title
    }
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="chart-{}-title" class="change-chart"><title id="chart-{}-title">{}</title>',
            WIDTH,
            HEIGHT,
            instrument.code,
            instrument.code,
            title,
        )
    ]
    # Axes and gridlines at 0, half and the maximum.
    for value in sorted({0, maximum // 2, maximum}):
        y = _y(value, maximum)
        parts.append(
            format_html(
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _n(y),
                _n(y),
                LEFT - 6,
                _n(y + 4),
                value,
            )
        )
    shown = range(len(records)) if len(records) <= 6 else (0, len(records) // 2, len(records) - 1)
    for i in shown:
        parts.append(
            format_html(
                '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                _n(_x(records, i)),
                HEIGHT - BOTTOM + 18,
                date_format(records[i].assessed_on, "SHORT_DATE_FORMAT"),
            )
        )
    for k, s in enumerate(series):
        colour, dash = COLOURS[k % len(COLOURS)], DASHES[k % len(DASHES)]
        points = " ".join(f"{_x(records, i):.1f},{_y(v, maximum):.1f}" for i, v in s.points)
        parts.append(
            format_html(
                '<polyline fill="none" stroke="{}" stroke-width="2.5" stroke-dasharray="{}" points="{}"/>',
                colour,
                dash,
                points,
            )
        )
        for i, v in s.points:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="{}" fill="{}"><title>{}: {} ({})</title></circle>',
                    _n(_x(records, i)),
                    _n(_y(v, maximum)),
                    3 + (k % 2),
                    colour,
                    s.title,
                    v,
                    records[i].assessed_on.isoformat(),
                )
            )
        y = TOP + 8 + 18 * k
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2.5" stroke-dasharray="{}"/>'
                '<text class="legend" x="{}" y="{}">{}</text>',
                WIDTH - RIGHT + 12,
                WIDTH - RIGHT + 36,
                y,
                y,
                colour,
                dash,
                WIDTH - RIGHT + 42,
                y + 4,
                s.title,
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant closing tag
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every part built by format_html
