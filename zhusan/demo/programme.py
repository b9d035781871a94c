"""The programme as reported: operations, stages and their published sizes.

Figures from docs/demo.md (sources: the programme notes in shared/reference). Where a split was not
published (the men/women split of Zhusan stage 1, the date of the fourth 2019 group, the orphans of
stages 1, 3 and 4), the choice made here is marked and keeps every published total exact:
2019: 595 = 33 men, 156 women, 406 children, 31 orphans; Feb 2021: 12; Syria 2019–2021: 607 with
413 children; Rusafa (Iraq), Nov 2019: 14 children.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class StageSpec:
    operation: str
    number: int
    name: str
    country: str
    start: dt.date
    end: dt.date
    men: int
    women: int
    children: int
    orphans: int
    note: str = ""

    @property
    def total(self) -> int:
        return self.men + self.women + self.children


OPERATIONS = {
    "zhusan": (
        "Zhusan",
        "Syria",
        dt.date(2019, 1, 6),
        dt.date(2021, 2, 4),
        "Humanitarian operation bringing citizens home from north-east Syria in five stages.",
    ),
    "rusafa": (
        "Rusafa",
        "Iraq",
        dt.date(2019, 11, 27),
        dt.date(2019, 11, 27),
        "Children of citizens serving sentences in Iraq, flown from Baghdad.",
    ),
}

STAGES = (
    StageSpec(
        "zhusan",
        1,
        "Zhusan, stage 1",
        "Syria",
        dt.date(2019, 1, 6),
        dt.date(2019, 1, 6),
        men=14,
        women=3,
        children=30,
        orphans=4,
        note="47 people including 30 children (reported). Men/women split not published: 14/3 assumed.",
    ),
    StageSpec(
        "zhusan",
        2,
        "Zhusan, stage 2",
        "Syria",
        dt.date(2019, 5, 7),
        dt.date(2019, 5, 9),
        men=16,
        women=59,
        children=156,
        orphans=18,
        note="231: 16 men, 59 women, 156 children including 18 orphans (reported).",
    ),
    StageSpec(
        "zhusan",
        3,
        "Zhusan, stage 3",
        "Syria",
        dt.date(2019, 5, 28),
        dt.date(2019, 5, 31),
        men=0,
        women=67,
        children=171,
        orphans=5,
        note="238: 67 women, 171 children (reported). Orphans not published: 5 assumed.",
    ),
    StageSpec(
        "zhusan",
        4,
        "Zhusan, stage 4",
        "Syria",
        dt.date(2019, 10, 15),
        dt.date(2019, 10, 15),
        men=3,
        women=27,
        children=49,
        orphans=4,
        note="The group bringing 2019 to 595 (33 men, 156 women, 406 children, 31 orphans). "
        "Date not published: assumed.",
    ),
    StageSpec(
        "zhusan",
        5,
        "Zhusan, stage 5",
        "Syria",
        dt.date(2021, 2, 4),
        dt.date(2021, 2, 4),
        men=4,
        women=1,
        children=7,
        orphans=2,
        note="12: 4 men, 1 woman, 7 children including 2 orphans (reported).",
    ),
    StageSpec(
        "rusafa",
        1,
        "Rusafa",
        "Iraq",
        dt.date(2019, 11, 27),
        dt.date(2019, 11, 27),
        men=0,
        women=0,
        children=14,
        orphans=14,
        note="14 children whose mothers serve sentences in Iraq; flown without a parent.",
    ),
)
