"""Lay out a small family diagram: parents above, the person and spouses in the middle, children below."""

from __future__ import annotations

from dataclasses import dataclass

from zhusan.people.queries import Relative

BOX_W, BOX_H, GAP_X, ROW_Y = 210, 54, 24, (10, 110, 210)


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    name: str
    role: str
    state: str
    href: str
    me: bool = False
    ended: str = ""


@dataclass(frozen=True)
class Line:
    x1: int
    y1: int
    x2: int
    y2: int
    dashed: bool = False


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    boxes: list[Box]
    lines: list[Line]


def _row(items, y: int, width: int) -> list[tuple[int, int]]:
    total = len(items) * BOX_W + max(0, len(items) - 1) * GAP_X
    start = max(0, (width - total) // 2)
    return [(start + i * (BOX_W + GAP_X), y) for i in range(len(items))]


def layout(person, relatives: list[Relative], href) -> Diagram:
    """Place boxes and connecting lines for the person's closest relatives."""
    top = [r for r in relatives if r.group in ("parents", "guardians")]
    middle_left = [r for r in relatives if r.group in ("spouses", "siblings")]
    bottom = [r for r in relatives if r.group in ("children", "wards")]
    widest = max(len(top), len(middle_left) + 1, len(bottom), 1)
    width = widest * (BOX_W + GAP_X) + GAP_X
    boxes: list[Box] = []
    lines: list[Line] = []
    middle_items = [None, *middle_left]
    me_x = 0
    for (x, y), rel in zip(_row(middle_items, ROW_Y[1], width), middle_items, strict=True):
        if rel is None:
            me_x = x
            case = getattr(person, "case", None)
            boxes.append(
                Box(x, y, person.display_name, "", case.state if case else "", "", me=True)
            )
        else:
            boxes.append(_box(x, y, rel, href))
            lines.append(
                Line(
                    me_x + BOX_W,
                    y + BOX_H // 2,
                    x,
                    y + BOX_H // 2,
                    dashed=bool(rel.relationship.end_reason),
                )
            )
    for (x, y), rel in zip(_row(top, ROW_Y[0], width), top, strict=True):
        boxes.append(_box(x, y, rel, href))
        lines.append(
            Line(
                x + BOX_W // 2,
                y + BOX_H,
                me_x + BOX_W // 2,
                ROW_Y[1],
                dashed=rel.group == "guardians",
            )
        )
    for (x, y), rel in zip(_row(bottom, ROW_Y[2], width), bottom, strict=True):
        boxes.append(_box(x, y, rel, href))
        lines.append(
            Line(
                me_x + BOX_W // 2, ROW_Y[1] + BOX_H, x + BOX_W // 2, y, dashed=rel.group == "wards"
            )
        )
    height = (ROW_Y[2] + BOX_H + 10) if bottom else (ROW_Y[1] + BOX_H + 10)
    return Diagram(width=width, height=height, boxes=boxes, lines=lines)


def _box(x: int, y: int, rel: Relative, href) -> Box:
    case = getattr(rel.person, "case", None)
    return Box(
        x,
        y,
        rel.person.display_name,
        str(rel.label),
        case.get_state_display() if case else "",
        href(rel.person),
        ended=rel.relationship.get_end_reason_display() if rel.relationship.end_reason else "",
    )
