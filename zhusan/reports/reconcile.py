"""Published figures beside the indicator that corresponds, with the difference explained."""

from __future__ import annotations

from dataclasses import dataclass

from zhusan.reports.engine import compute
from zhusan.reports.models import PublishedFigure


@dataclass(frozen=True)
class Line:
    figure: PublishedFigure
    ours: int
    difference: int  # published − ours

    @property
    def status(self) -> str:
        if self.difference == 0:
            return "matches"
        if self.figure.approximate:
            return "approximate"
        return "differs"

    @property
    def explained(self) -> bool:
        return self.difference == 0 or bool(self.figure.explanation)


def our_value(figure: PublishedFigure) -> int:
    """The indicator on the figure's reference date, restricted to the figure's cells."""
    by = tuple(figure.cells)
    result = compute(figure.indicator, as_of=figure.as_of, start=figure.start, by=by)
    if not by:
        return result.total
    wanted = [set(figure.cells[b]) for b in by]
    return sum(
        n
        for key, n in result.cells.items()
        if all(value in allowed for value, allowed in zip(key, wanted, strict=True))
    )


def reconcile(figures=None) -> list[Line]:
    figures = PublishedFigure.objects.all() if figures is None else figures
    lines = []
    for figure in figures:
        ours = our_value(figure)
        lines.append(Line(figure, ours, figure.value - ours))
    return lines
