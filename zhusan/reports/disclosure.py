"""Statistical disclosure control for the count tables of persons that leave the agency.

A published table must not let anyone learn a small count ("2 orphans arrived in stage 5"): a few
people can be recognised from it. Tables handled: 1-D (a count per row and a total), 2-D (rows ×
columns with row, column and grand totals), and either with its rows grouped (operation → stages,
with a subtotal per group). Margins are always computed from the cells.

Method:

1. Primary suppression: every cell *and every margin* with 0 < count < threshold is hidden; zeros
   too when ``zero_is_safe`` is false ("nobody" is then sensitive as well).
2. Secondary suppression: in every additive relation the table shows (a row and its total, a column
   and its total, a group and its subtotal, the totals and the grand total) a hidden figure never
   stands alone. Complements are chosen deterministically: cells before margins and the grand total
   last; among those, one big enough to protect, then one that closes another lone hidden figure,
   then the smallest count. A lone hidden cell of a 2-D table gets the cheapest rectangle of three
   complements that protects it.
3. The attacker's audit (:func:`audit`): from every shown figure and relation, and counts being
   non-negative whole numbers, linear programming (HiGHS through SciPy) gives the interval
   [lower, upper] a hidden figure could take. A hidden figure is *exposed* when lower == upper (it
   can be worked out), or, for a primary (sensitive) figure, when upper - lower < the protection
   margin (default: the threshold; a narrow interval pins the count down, and "these two cells hold
   2 persons together" is itself a small count) or the interval lies inside the sensitive range
   (1..threshold-1, or 0..threshold-1 when zeros are not safe: a small count is known to be there).
   :func:`protect` repeats audit → one more complement → closure until nothing is exposed, so what
   it returns passes the audit by construction.
4. Optional rounding of every shown figure to the nearest multiple of a base (3, 5 or 10; halves
   round up), cells and margins independently, so rounded cells need not add up to the rounded
   totals. The audit of a rounded table takes each rounded figure as the range it may come from
   (less any value that would have been hidden), so rounding only widens the intervals.

The relations form a network (source → groups → rows → cells → group-columns → columns → sink), so
the LP bounds are whole numbers equal to the integer bounds; a fractional bound (never expected) and
the disjunctive ranges some rounded figures leave are solved as MILP. Speed: the hidden figures are
solved per connected group, and an LP is skipped when a whole-number table met on the way already
settles it; a 30 × 12 table takes about 0.05-0.3 s to protect and audit.

Limits. The protection holds for one table and the relations it shows. It does not protect against
differencing between separately published tables with other breakdowns of the same persons (by
stage and by region, this quarter's table against last quarter's) beyond what their shared margins
give: keep an indicator's breakdowns fixed, or protect linked tables together. It does not protect
against an attacker who knows some of the persons counted, nor against one who replays this
deterministic algorithm to rule out alternatives. Secondary suppression is a sensible heuristic,
not the minimal pattern. ``Entry.reason`` (primary/secondary) is for the agency's own review and
must never be exported: a cell known to be *primary* is known to be small.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

SUPPRESSED_MARK = "…"

Gettext = Callable[[str], str]


def gettext_noop(message: str) -> str:
    """Mark a string for translation without translating it (makemessages finds the call)."""
    return message


class Kind(StrEnum):
    CELL = "cell"
    ROW_TOTAL = "row_total"  # 2-D: one row across the columns
    COLUMN_TOTAL = "column_total"  # 2-D: one column across the rows
    GROUP_SUBTOTAL = "group_subtotal"  # one group of rows in one column (1-D: the group's subtotal)
    GROUP_TOTAL = "group_total"  # 2-D: one group of rows across the columns
    TOTAL = "total"


class Position(NamedTuple):
    """Where a figure sits: ``row`` is a row index, or a group index for the GROUP_* kinds."""

    kind: Kind
    row: int | None = None
    column: int | None = None


class Reason(StrEnum):
    PRIMARY = "primary"  # itself a small count (or a zero, when zeros are not safe)
    SECONDARY = "secondary"  # hidden so that a primary figure cannot be worked out


@dataclass(frozen=True)
class RowGroup:
    """Rows ``start`` to ``stop - 1`` (consecutive) form a group with its own subtotal."""

    label: str
    start: int
    stop: int


@dataclass(frozen=True)
class Entry:
    """One published figure: a value, or hidden (``value is None``) with the reason why.

    ``rounded`` is true for every shown value of a rounded table, changed by rounding or not (telling
    which ones rounding left alone would give those away). ``reason`` is for internal review only.
    """

    value: int | None
    reason: Reason | None = None
    rounded: bool = False

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Interval:
    """What an attacker can deduce about one hidden figure: ``lower`` ≤ value ≤ ``upper``.

    ``upper`` is None when nothing bounds it. ``problem`` says why the figure is exposed (None when
    it is protected).
    """

    position: Position
    lower: int
    upper: int | None
    primary: bool
    problem: str | None

    @property
    def exposed(self) -> bool:
        return self.problem is not None


# --- layout: the positions of a table shape and the additive relations between them -----------


@dataclass(frozen=True)
class _Layout:
    positions: tuple[Position, ...]
    index: Mapping[Position, int]
    relations: tuple[tuple[int, ...], ...]  # each (total, *parts): total == sum(parts)
    member_of: tuple[tuple[int, ...], ...]  # position -> relations it appears in
    cell_lines: Mapping[int, tuple[int, int]]  # 2-D cell -> (its row relation, its column relation)
    level: tuple[int, ...]  # cost class: cells 0, margins 1, group totals 2, the grand total 3
    two_way: bool


@functools.lru_cache(maxsize=128)
def _layout(n_rows: int, n_columns: int | None, groups: tuple[RowGroup, ...]) -> _Layout:
    two_way = n_columns is not None
    width = n_columns if n_columns is not None else 1
    positions: list[Position] = []
    levels: list[int] = []

    def add(kind: Kind, row: int | None, column: int | None, level: int) -> None:
        positions.append(Position(kind, row, column))
        levels.append(level)

    for i in range(n_rows):
        for j in range(width):
            add(Kind.CELL, i, j, 0)
    for g in range(len(groups)):
        for j in range(width):
            add(Kind.GROUP_SUBTOTAL, g, j, 1)
    if two_way:
        for i in range(n_rows):
            add(Kind.ROW_TOTAL, i, None, 1)
        for g in range(len(groups)):
            add(Kind.GROUP_TOTAL, g, None, 2)
        for j in range(width):
            add(Kind.COLUMN_TOTAL, None, j, 1)
    add(Kind.TOTAL, None, None, 3)
    index = {p: k for k, p in enumerate(positions)}

    def at(kind: Kind, row: int | None = None, column: int | None = None) -> int:
        return index[Position(kind, row, column)]

    members = [range(g.start, g.stop) for g in groups]
    relations: list[tuple[int, ...]] = []
    cell_lines: dict[int, tuple[int, int]] = {}
    if two_way:
        row_relation = {}
        for i in range(n_rows):
            row_relation[i] = len(relations)
            relations.append((at(Kind.ROW_TOTAL, i), *(at(Kind.CELL, i, j) for j in range(width))))
        column_relation = {}
        for g, rows in enumerate(members):
            for j in range(width):
                for i in rows:
                    column_relation[i, j] = len(relations)
                relations.append(
                    (at(Kind.GROUP_SUBTOTAL, g, j), *(at(Kind.CELL, i, j) for i in rows))
                )
        for j in range(width):
            if groups:
                parts = [at(Kind.GROUP_SUBTOTAL, g, j) for g in range(len(groups))]
            else:
                for i in range(n_rows):
                    column_relation[i, j] = len(relations)
                parts = [at(Kind.CELL, i, j) for i in range(n_rows)]
            relations.append((at(Kind.COLUMN_TOTAL, None, j), *parts))
        for g, rows in enumerate(members):
            relations.append((at(Kind.GROUP_TOTAL, g), *(at(Kind.ROW_TOTAL, i) for i in rows)))
            relations.append(
                (at(Kind.GROUP_TOTAL, g), *(at(Kind.GROUP_SUBTOTAL, g, j) for j in range(width)))
            )
        relations.append((at(Kind.TOTAL), *(at(Kind.COLUMN_TOTAL, None, j) for j in range(width))))
        if groups:
            parts = [at(Kind.GROUP_TOTAL, g) for g in range(len(groups))]
        else:
            parts = [at(Kind.ROW_TOTAL, i) for i in range(n_rows)]
        relations.append((at(Kind.TOTAL), *parts))
        for i in range(n_rows):
            for j in range(width):
                cell_lines[at(Kind.CELL, i, j)] = (row_relation[i], column_relation[i, j])
    else:
        for g, rows in enumerate(members):
            relations.append((at(Kind.GROUP_SUBTOTAL, g, 0), *(at(Kind.CELL, i, 0) for i in rows)))
        if groups:
            parts = [at(Kind.GROUP_SUBTOTAL, g, 0) for g in range(len(groups))]
        else:
            parts = [at(Kind.CELL, i, 0) for i in range(n_rows)]
        relations.append((at(Kind.TOTAL), *parts))

    member_of: list[list[int]] = [[] for _ in positions]
    for r, relation in enumerate(relations):
        for m in relation:
            member_of[m].append(r)
    return _Layout(
        positions=tuple(positions),
        index=index,
        relations=tuple(relations),
        member_of=tuple(tuple(rs) for rs in member_of),
        cell_lines=cell_lines,
        level=tuple(levels),
        two_way=two_way,
    )


def _label(
    rows: Sequence[str],
    columns: Sequence[str] | None,
    groups: Sequence[RowGroup],
    position: Position,
    total: str = "Total",
) -> str:
    def row_name(i: int) -> str:
        group = next((g.label for g in groups if g.start <= i < g.stop), None)
        return rows[i] if group is None else f"{group} / {rows[i]}"

    def column_name(j: int | None) -> str:
        return "" if columns is None or j is None else f" × {columns[j]}"

    kind, row, column = position
    if kind == Kind.TOTAL:
        return total
    if kind == Kind.COLUMN_TOTAL:
        return f"{total}{column_name(column)}"
    assert row is not None
    if kind == Kind.CELL:
        return row_name(row) + column_name(column)
    if kind == Kind.ROW_TOTAL:
        return f"{row_name(row)} × {total}"
    if kind == Kind.GROUP_SUBTOTAL:
        return groups[row].label + column_name(column)
    return f"{groups[row].label} × {total}"


# --- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountTable:
    """A table of counts of persons; margins are computed from the cells, never supplied.

    ``cells`` has one tuple per row; a 1-D table (``columns is None``) has one count per row and a
    total only. Build one with :meth:`one_way`, :meth:`two_way` or :meth:`from_records`.
    """

    rows: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    columns: tuple[str, ...] | None = None
    groups: tuple[RowGroup, ...] = ()

    def __post_init__(self) -> None:
        rows = tuple(str(r) for r in self.rows)
        columns = None if self.columns is None else tuple(str(c) for c in self.columns)
        groups = tuple(self.groups)
        width = 1 if columns is None else len(columns)
        if not rows:
            raise ValueError("a table needs at least one row")
        if columns is not None and not columns:
            raise ValueError("a 2-D table needs at least one column")
        cells = tuple(tuple(_count(v) for v in row) for row in self.cells)
        if len(cells) != len(rows) or any(len(row) != width for row in cells):
            raise ValueError(f"cells must be {len(rows)} rows of {width} counts")
        expected = 0
        for g in groups:
            if g.start != expected or g.stop <= g.start:
                raise ValueError("groups must cover the rows in order, consecutively, none empty")
            expected = g.stop
        if groups and expected != len(rows):
            raise ValueError("groups must cover every row")
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "cells", cells)
        object.__setattr__(self, "groups", groups)

    @classmethod
    def one_way(
        cls, rows: Sequence[str], counts: Sequence[int], *, groups: Sequence[RowGroup] = ()
    ) -> CountTable:
        """A 1-D table: one count per row, and the total."""
        return cls(tuple(rows), tuple((c,) for c in counts), None, tuple(groups))

    @classmethod
    def two_way(
        cls,
        rows: Sequence[str],
        columns: Sequence[str],
        cells: Sequence[Sequence[int]],
        *,
        groups: Sequence[RowGroup] = (),
    ) -> CountTable:
        """A 2-D table: rows × columns, with row, column and grand totals."""
        return cls(tuple(rows), tuple(tuple(r) for r in cells), tuple(columns), tuple(groups))

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, object]],
        *,
        rows: str,
        value: str,
        columns: str | None = None,
        group: str | None = None,
        row_order: Sequence[Hashable] | None = None,
        column_order: Sequence[Hashable] | None = None,
    ) -> CountTable:
        """Pivot records such as an indicator's rows; a missing combination counts 0.

        Rows (keyed ``(record[group], record[rows])`` when ``group`` is given) and columns come in
        the order given or, by default, of first appearance; rows of a group are kept together.
        Records with the same keys are added up. A record whose key is not in a given order is an
        error: nobody is silently dropped from a table.
        """
        if columns is None and column_order is not None:
            raise ValueError("column_order needs columns")
        row_keys: list[Hashable] = list(row_order) if row_order is not None else []
        col_keys: list[Hashable] = list(column_order) if column_order is not None else []
        sums: dict[tuple[Hashable, Hashable], int] = {}
        for record in records:
            rk: Hashable = record[rows]  # type: ignore[assignment]
            if group is not None:
                rk = (record[group], rk)
            ck: Hashable = None if columns is None else record[columns]  # type: ignore[assignment]
            if rk not in row_keys:
                if row_order is not None:
                    raise ValueError(f"row {rk!r} is not in row_order")
                row_keys.append(rk)
            if ck not in col_keys:
                if column_order is not None:
                    raise ValueError(f"column {ck!r} is not in column_order")
                col_keys.append(ck)
            sums[rk, ck] = sums.get((rk, ck), 0) + _count(record[value])
        if group is not None:
            first: dict[Hashable, int] = {}
            for key in row_keys:
                first.setdefault(key[0], len(first))  # type: ignore[index]
            row_keys.sort(key=lambda k: first[k[0]])  # type: ignore[index]  # stable
        if not col_keys:
            col_keys = [None]
        cells = [[sums.get((rk, ck), 0) for ck in col_keys] for rk in row_keys]
        groups: list[RowGroup] = []
        if group is not None:
            for i, key in enumerate(row_keys):
                label = str(key[0])  # type: ignore[index]
                if groups and groups[-1].label == label:
                    groups[-1] = RowGroup(label, groups[-1].start, i + 1)
                else:
                    groups.append(RowGroup(label, i, i + 1))
        labels = [str(k[1]) if group is not None else str(k) for k in row_keys]  # type: ignore[index]
        if columns is None:
            return cls.one_way(labels, [r[0] for r in cells], groups=groups)
        return cls.two_way(labels, [str(c) for c in col_keys], cells, groups=groups)

    @property
    def is_two_way(self) -> bool:
        return self.columns is not None

    @property
    def positions(self) -> tuple[Position, ...]:
        return self._layout.positions

    def value(self, position: Position) -> int:
        return self._values[self._layout.index[position]]

    def values(self) -> dict[Position, int]:
        return dict(zip(self._layout.positions, self._values, strict=True))

    @property
    def total(self) -> int:
        return self._values[-1]

    def label(self, position: Position) -> str:
        return _label(self.rows, self.columns, self.groups, position)

    @functools.cached_property
    def _layout(self) -> _Layout:
        return _layout(
            len(self.rows), None if self.columns is None else len(self.columns), self.groups
        )

    @functools.cached_property
    def _values(self) -> tuple[int, ...]:
        layout = self._layout
        values = [0] * len(layout.positions)
        for i, row in enumerate(self.cells):
            for j, v in enumerate(row):
                values[layout.index[Position(Kind.CELL, i, j)]] = v
        for total, *parts in layout.relations:  # ordered so that parts come before their totals
            values[total] = sum(values[p] for p in parts)
        return tuple(values)


def _count(value: object) -> int:
    if isinstance(value, bool):
        raise TypeError("a count cannot be a bool")
    n = operator.index(value)  # type: ignore[arg-type]
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    return n


# --- the published table ------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedTable:
    """The table as it may leave the agency: every cell and margin an :class:`Entry`."""

    rows: tuple[str, ...]
    columns: tuple[str, ...] | None
    groups: tuple[RowGroup, ...]
    entries: Mapping[Position, Entry]
    threshold: int
    zero_is_safe: bool
    protection_margin: int
    rounding: int | None

    @property
    def is_two_way(self) -> bool:
        return self.columns is not None

    @property
    def positions(self) -> tuple[Position, ...]:
        return self._layout.positions

    def entry(self, position: Position) -> Entry:
        return self.entries[position]

    def cell(self, row: int, column: int = 0) -> Entry:
        return self.entries[Position(Kind.CELL, row, column)]

    def row_total(self, row: int) -> Entry:
        return self.entries[Position(Kind.ROW_TOTAL, row)]

    def column_total(self, column: int) -> Entry:
        return self.entries[Position(Kind.COLUMN_TOTAL, None, column)]

    def group_subtotal(self, group: int, column: int = 0) -> Entry:
        return self.entries[Position(Kind.GROUP_SUBTOTAL, group, column)]

    def group_total(self, group: int) -> Entry:
        return self.entries[Position(Kind.GROUP_TOTAL, group)]

    @property
    def total(self) -> Entry:
        return self.entries[Position(Kind.TOTAL)]

    def suppressed(self) -> dict[Position, Reason]:
        """Every hidden figure and why (internal: never export the reasons)."""
        return {p: e.reason for p, e in self.entries.items() if e.reason is not None}

    def label(self, position: Position) -> str:
        return _label(self.rows, self.columns, self.groups, position)

    @functools.cached_property
    def _layout(self) -> _Layout:
        return _layout(
            len(self.rows), None if self.columns is None else len(self.columns), self.groups
        )


# --- the protection rule ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    threshold: int
    zero_is_safe: bool
    margin: int

    @property
    def smallest_sensitive(self) -> int:
        return 1 if self.zero_is_safe else 0

    def sensitive(self, value: int) -> bool:
        return self.smallest_sensitive <= value < self.threshold

    def problem(self, lower: int, upper: int | None, primary: bool) -> str | None:
        if upper is not None and lower == upper:
            return f"recoverable: it must be {lower}"
        if not primary or upper is None:
            return None
        if upper - lower < self.margin:
            return (
                f"narrow: between {lower} and {upper}, less than the protection margin "
                f"{self.margin} apart"
            )
        if lower >= self.smallest_sensitive and upper < self.threshold:
            return f"small for sure: between {lower} and {upper}, below {self.threshold}"
        return None

    def need(self, value: int, primary: bool, lower: int = 0, upper: int | None = None) -> int:
        """How big a complement should be (a 1-D estimate) to protect a hidden figure."""
        if not primary:
            return 1
        if upper is None:  # a lone hidden figure: its interval would be [0, value + complement]
            lower, upper = 0, value
        need = self.margin - (upper - lower)
        if not self.zero_is_safe:
            need = max(need, self.threshold - upper)
        return max(need, 1)


def _rule(threshold: int, zero_is_safe: bool, protection_margin: int | None) -> _Rule:
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    margin = threshold if protection_margin is None else protection_margin
    if margin < 1:
        raise ValueError("the protection margin must be at least 1")
    return _Rule(threshold, zero_is_safe, margin)


def round_to_base(value: int, base: int) -> int:
    """Round to the nearest multiple of ``base``, halves up (conventional rounding)."""
    return (value + base // 2) // base * base


def _rounding_range(published: int, base: int) -> tuple[int, int]:
    """Every count that rounds to ``published``."""
    return max(0, published - base // 2), published + (base - 1) // 2


def _check_rounding(rounding: int | None) -> None:
    if rounding is not None and (isinstance(rounding, bool) or rounding < 2):
        raise ValueError("rounding must be None or a base of at least 2 (3, 5 or 10)")


# --- publishing ---------------------------------------------------------------------------------


def sensitive_positions(
    table: CountTable, *, threshold: int = 5, zero_is_safe: bool = True
) -> list[Position]:
    """The cells and margins that primary suppression hides."""
    rule = _rule(threshold, zero_is_safe, None)
    return [p for p, v in zip(table.positions, table._values, strict=True) if rule.sensitive(v)]


def publish(
    table: CountTable,
    suppress: Mapping[Position, Reason],
    *,
    threshold: int = 5,
    zero_is_safe: bool = True,
    protection_margin: int | None = None,
    rounding: int | None = None,
) -> PublishedTable:
    """Publish with exactly these figures hidden; no protection is checked (see :func:`protect`)."""
    rule = _rule(threshold, zero_is_safe, protection_margin)
    _check_rounding(rounding)
    layout = table._layout
    hidden = {layout.index[p]: reason for p, reason in suppress.items()}
    return _publish(table, hidden, rule, rounding)


def _publish(
    table: CountTable, hidden: Mapping[int, Reason], rule: _Rule, rounding: int | None
) -> PublishedTable:
    entries: dict[Position, Entry] = {}
    for k, (position, value) in enumerate(zip(table.positions, table._values, strict=True)):
        if k in hidden:
            entries[position] = Entry(None, hidden[k])
        elif rounding is not None:
            entries[position] = Entry(round_to_base(value, rounding), None, rounded=True)
        else:
            entries[position] = Entry(value)
    return PublishedTable(
        rows=table.rows,
        columns=table.columns,
        groups=table.groups,
        entries=entries,
        threshold=rule.threshold,
        zero_is_safe=rule.zero_is_safe,
        protection_margin=rule.margin,
        rounding=rounding,
    )


def protect(
    table: CountTable,
    *,
    threshold: int = 5,
    zero_is_safe: bool = True,
    rounding: int | None = None,
    protection_margin: int | None = None,
) -> PublishedTable:
    """Hide the small counts and enough other figures that :func:`audit` finds nothing exposed.

    ``protection_margin`` (default: the threshold) is the narrowest interval an attacker may be
    left with for a primary figure; 1 only forbids exact recovery and "certainly small" intervals.
    """
    rule = _rule(threshold, zero_is_safe, protection_margin)
    _check_rounding(rounding)
    layout = table._layout
    values = table._values
    primary = {k for k, v in enumerate(values) if rule.sensitive(v)}
    hidden = set(primary)
    cache: dict[frozenset[int], dict[int, tuple[int, int | None]]] = {}
    spread = _Spread(len(values), values)  # the true table is the first witness
    while True:
        _close(layout, values, hidden, primary, rule)
        lower = list(values)
        upper: list[int | None] = list(values)
        for k in hidden:
            lower[k], upper[k] = 0, None
        targets = sorted(hidden, key=lambda k: (k not in primary, k))
        found, stopped = _intervals(
            layout,
            lower,
            upper,
            {},
            targets,
            passes=lambda k, lo, hi: rule.problem(lo, hi, k in primary) is None,
            spread=spread,
            cache=cache,
        )
        if not stopped:
            break
        for k in stopped:
            hidden.add(_reinforce(layout, values, hidden, primary, rule, k, *found[k]))
    reasons = {k: Reason.PRIMARY if k in primary else Reason.SECONDARY for k in hidden}
    return _publish(table, reasons, rule, rounding)


# --- secondary suppression ----------------------------------------------------------------------


def _counts(layout: _Layout, hidden: set[int]) -> list[int]:
    return [sum(m in hidden for m in relation) for relation in layout.relations]


def _score(
    layout: _Layout,
    values: Sequence[int],
    candidate: int,
    need: int,
    counts: Sequence[int],
    relation: int | None,
) -> tuple[int, ...]:
    others = [r for r in layout.member_of[candidate] if r != relation]
    closes = sum(counts[r] == 1 for r in others)
    opens = sum(counts[r] == 0 for r in others)
    v = values[candidate]
    return (layout.level[candidate], v < need, -closes, opens, v, candidate)


def _close(
    layout: _Layout, values: Sequence[int], hidden: set[int], primary: set[int], rule: _Rule
) -> None:
    """Add complements until no relation has exactly one hidden figure."""
    while True:
        counts = _counts(layout, hidden)
        lone = next((r for r, n in enumerate(counts) if n == 1), None)
        if lone is None:
            return
        relation = layout.relations[lone]
        s = next(m for m in relation if m in hidden)
        added = _rectangle(layout, values, hidden, primary, rule, s, counts)
        if added is None:
            need = rule.need(values[s], s in primary)
            added = [
                min(
                    (m for m in relation if m not in hidden),
                    key=lambda c: _score(layout, values, c, need, counts, lone),
                )
            ]
        hidden.update(added)


def _rectangle(
    layout: _Layout,
    values: Sequence[int],
    hidden: set[int],
    primary: set[int],
    rule: _Rule,
    s: int,
    counts: Sequence[int],
) -> list[int] | None:
    """The cheapest rectangle of cells that protects cell ``s``, alone in its row and column.

    Moving δ round the corners (s+δ, b−δ, c−δ, d+δ) keeps every total, so s can be anything in
    [s − min(s, d), s + min(b, c)] whatever else is hidden.
    """
    lines = layout.cell_lines.get(s)
    if lines is None or counts[lines[0]] != 1 or counts[lines[1]] != 1:
        return None
    row_mates = [m for m in layout.relations[lines[0]][1:] if m != s]
    column_mates = [m for m in layout.relations[lines[1]][1:] if m != s]
    best: tuple[tuple[int, ...], list[int]] | None = None
    a = values[s]
    for b in row_mates:
        column = layout.positions[b].column
        for c in column_mates:
            d = layout.index[Position(Kind.CELL, layout.positions[c].row, column)]
            lower, upper = a - min(a, values[d]), a + min(values[b], values[c])
            enough = rule.problem(lower, upper, s in primary) is None
            new = [m for m in (b, c, d) if m not in hidden]
            cost = sum(values[m] for m in new)
            key = (not enough, 0 if enough else lower - upper, cost, len(new), b, c)
            if best is None or key < best[0]:
                best = (key, new)
    return None if best is None else best[1]


def _reinforce(
    layout: _Layout,
    values: Sequence[int],
    hidden: set[int],
    primary: set[int],
    rule: _Rule,
    k: int,
    lower: int,
    upper: int | None,
) -> int:
    """One more figure to hide for exposed figure ``k``: the best in its relations, or nearest."""
    counts = _counts(layout, hidden)
    need = rule.need(values[k], k in primary, lower, upper)
    frontier, seen_positions, seen_relations = [k], {k}, set()
    while frontier:
        candidates: set[int] = set()
        following = []
        for p in frontier:
            for r in layout.member_of[p]:
                if r in seen_relations:
                    continue
                seen_relations.add(r)
                for m in layout.relations[r]:
                    if m not in hidden:
                        candidates.add(m)
                    elif m not in seen_positions:
                        seen_positions.add(m)
                        following.append(m)
        if candidates:
            return min(candidates, key=lambda c: _score(layout, values, c, need, counts, None))
        frontier = following
    raise RuntimeError("an exposed figure with nothing left to hide")  # cannot happen: see audit


# --- the attacker's audit -----------------------------------------------------------------------


def audit(published: PublishedTable) -> dict[Position, Interval]:
    """Bound every hidden figure from what is published, as an attacker would.

    Unknowns: the hidden figures (≥ 0) and, in a rounded table, the true value behind each shown
    figure (in its rounding range, and not in the hidden range: it would have been hidden).
    Constraints: every additive relation of the table. Returns an interval per hidden figure.
    """
    layout = published._layout
    rule = _rule(published.threshold, published.zero_is_safe, published.protection_margin)
    lower: list[int] = []
    upper: list[int | None] = []
    gaps: dict[int, tuple[int, int]] = {}
    for k, position in enumerate(layout.positions):
        entry = published.entries[position]
        if entry.value is None:
            lower.append(0)
            upper.append(None)
        elif entry.rounded and published.rounding is not None:
            lo, hi = _rounding_range(entry.value, published.rounding)
            lo, hi, gap = _minus_sensitive(lo, hi, rule)
            lower.append(lo)
            upper.append(hi)
            if gap is not None:
                gaps[k] = gap
        else:
            lower.append(entry.value)
            upper.append(entry.value)
    targets = [k for k, p in enumerate(layout.positions) if published.entries[p].value is None]
    found, _ = _intervals(layout, lower, upper, gaps, targets)
    result = {}
    for k in targets:
        position = layout.positions[k]
        is_primary = published.entries[position].reason == Reason.PRIMARY
        least, most = found[k]
        problem = rule.problem(least, most, is_primary)
        result[position] = Interval(position, least, most, is_primary, problem)
    return result


def _minus_sensitive(lo: int, hi: int, rule: _Rule) -> tuple[int, int, tuple[int, int] | None]:
    """[lo, hi] less the sensitive range: an interval, or the hull and the gap inside it."""
    s0, s1 = rule.smallest_sensitive, rule.threshold - 1
    if hi < s0 or lo > s1 or s0 > s1:
        return lo, hi, None
    if lo >= s0 and hi <= s1:  # cannot come from an honest table; leave it to the relations
        return lo, hi, None
    if lo >= s0:
        return s1 + 1, hi, None
    if hi <= s1:
        return lo, s0 - 1, None
    return lo, hi, (s0, s1)


def _intervals(
    layout: _Layout,
    lower: Sequence[int],
    upper: Sequence[int | None],
    gaps: Mapping[int, tuple[int, int]],
    targets: Sequence[int],
    *,
    passes: Callable[[int, int, int | None], bool] | None = None,
    spread: _Spread | None = None,
    cache: dict[frozenset[int], dict[int, tuple[int, int | None]]] | None = None,
) -> tuple[dict[int, tuple[int, int | None]], list[int]]:
    """Bounds of the ``targets``, solved per connected group of unknowns.

    Without ``passes`` the bounds are exact. With it (as :func:`protect` does), a target may get an
    interval only as wide as shown by feasible tables found on the way, once that is enough to pass,
    and a group's solving ends at its first target that fails; those are returned too. ``spread``
    carries the witnesses from earlier calls (valid while figures are only ever hidden, never
    shown again). ``cache`` (keyed by a group's unknowns) is only valid while the known values and
    bounds stay the same, as in :func:`protect`.
    """
    seeded = spread is not None
    if spread is None:
        spread = _Spread(len(lower))
    free = [hi is None or lo != hi for lo, hi in zip(lower, upper, strict=True)]
    parent = list(range(len(free)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    touching: list[int] = []  # the relations with an unknown, and one of their unknowns
    anchor: list[int] = []
    for r, relation in enumerate(layout.relations):
        unknowns = [m for m in relation if free[m]]
        if unknowns:
            touching.append(r)
            anchor.append(unknowns[0])
            for m in unknowns[1:]:
                a, b = find(unknowns[0]), find(m)
                if a != b:
                    parent[b] = a
    groups: dict[int, list[int]] = {}
    for k, is_free in enumerate(free):
        if is_free:
            groups.setdefault(find(k), []).append(k)
    relations_of: dict[int, list[int]] = {}
    for r, a in zip(touching, anchor, strict=True):
        relations_of.setdefault(find(a), []).append(r)
    targets_of: dict[int, list[int]] = {}
    for k in targets:
        targets_of.setdefault(find(k), []).append(k)

    found: dict[int, tuple[int, int | None]] = {}
    stopped: list[int] = []
    for root, group_targets in targets_of.items():
        key = frozenset(groups[root])
        if cache is not None and key in cache:
            found.update(cache[key])
            continue
        unknowns = groups[root]
        problem = _Problem(layout, unknowns, relations_of.get(root, []), lower, upper, gaps, spread)
        if not seeded:
            problem.seed()
        solved: dict[int, tuple[int, int | None]] = {}
        for k in group_targets:
            enough = None if passes is None else functools.partial(passes, k)
            solved[k] = problem.bounds(k, enough)
            if enough is not None and not enough(*solved[k]):
                stopped.append(k)
                break
        else:
            if cache is not None:
                cache[key] = solved
        found.update(solved)
    return found, stopped


class _Spread:
    """The least and the most each figure takes in the whole-number tables met so far."""

    def __init__(self, size: int, known: Sequence[int] | None = None) -> None:
        if known is None:
            self.least, self.most = np.full(size, np.inf), np.full(size, -np.inf)
        else:
            self.least, self.most = np.array(known, dtype=float), np.array(known, dtype=float)


class _Problem:
    """The linear (or, with gaps, mixed-integer) program of one group of unknowns.

    Every whole-number solution met on the way is kept as a witness (a table the attacker cannot
    rule out): an unknown's interval holds every value the witnesses give it, and a bound needs no
    solving when a witness reaches the bound that each relation taken alone allows.
    """

    def __init__(
        self,
        layout: _Layout,
        unknowns: Sequence[int],
        relations: Sequence[int],
        lower: Sequence[int],
        upper: Sequence[int | None],
        gaps: Mapping[int, tuple[int, int]],
        spread: _Spread,
    ) -> None:
        self.column = {k: c for c, k in enumerate(unknowns)}
        self.ids = np.array(unknowns)
        self.spread = spread
        gapped = [k for k in unknowns if k in gaps]
        self.binaries = len(gapped)  # one per gapped unknown: which side of its gap
        n = len(unknowns) + len(gapped)
        a_eq = np.zeros((len(relations), n))
        b_eq = np.zeros(len(relations))
        for row, r in enumerate(relations):
            total, *parts = layout.relations[r]
            for m, coefficient in ((total, -1.0), *((p, 1.0) for p in parts)):
                c = self.column.get(m)
                if c is None:
                    b_eq[row] -= coefficient * lower[m]
                else:
                    a_eq[row, c] += coefficient
        self.a_eq, self.b_eq = a_eq, b_eq
        self.lb = np.array([lower[k] for k in unknowns] + [0] * len(gapped), dtype=float)
        self.ub = np.array(
            [np.inf if upper[k] is None else upper[k] for k in unknowns] + [1] * len(gapped),
            dtype=float,
        )
        self.lp_bounds = np.column_stack([self.lb, self.ub])
        # x ∈ [lo, g0 - 1] ∪ [g1 + 1, hi]:  x ≤ g0 - 1 + (hi - g0 + 1)·z  and  x ≥ lo + (g1 + 1 - lo)·z
        a_ub = np.zeros((2 * len(gapped), n))
        b_ub = np.zeros(2 * len(gapped))
        for i, k in enumerate(gapped):
            x, z = self.column[k], len(unknowns) + i
            (g0, g1), lo, hi = gaps[k], lower[k], upper[k]
            assert hi is not None
            a_ub[2 * i, [x, z]] = 1.0, -(hi - g0 + 1)
            b_ub[2 * i] = g0 - 1
            a_ub[2 * i + 1, [x, z]] = -1.0, g1 + 1 - lo
            b_ub[2 * i + 1] = -lo
        self.a_ub, self.b_ub = a_ub, b_ub
        self.n = n
        self.mixed = bool(gapped)
        self.floor, self.ceiling = self._propagate(layout, relations, lower, upper)

    def _propagate(
        self,
        layout: _Layout,
        relations: Sequence[int],
        lower: Sequence[int],
        upper: Sequence[int | None],
    ) -> tuple[list[float], list[float]]:
        """Bounds of each unknown from its own range and each relation taken alone."""
        floor = list(self.lb)
        ceiling = list(self.ub)

        def hi(m: int) -> float:
            u = upper[m]
            return math.inf if u is None else u

        for r in relations:
            total, *parts = layout.relations[r]
            for m in (total, *parts):
                c = self.column.get(m)
                if c is None:
                    continue
                least: float
                most: float
                if m == total:
                    least = sum(lower[p] for p in parts)
                    most = sum(hi(p) for p in parts)
                else:
                    others = [p for p in parts if p != m]
                    least = lower[total] - sum(hi(p) for p in others)
                    most = hi(total) - sum(lower[p] for p in others)
                floor[c] = max(floor[c], least)
                ceiling[c] = min(ceiling[c], most)
        return floor, ceiling

    def witness(self, x: np.ndarray) -> None:
        """Keep a solution if it is a whole-number table (and so feasible for the attacker too)."""
        x = x[: len(self.ids)]
        if np.all(np.abs(x - np.round(x)) < 1e-6):
            x = np.round(x)
            least, most = self.spread.least, self.spread.most
            least[self.ids] = np.minimum(least[self.ids], x)
            most[self.ids] = np.maximum(most[self.ids], x)

    def seed(self) -> None:
        """A first witness: the table with the unknowns as small as they can be."""
        if not self.mixed:
            result = linprog(
                np.ones(self.n),
                A_eq=self.a_eq,
                b_eq=self.b_eq,
                bounds=self.lp_bounds,
                method="highs",
            )
            if result.status == 0:
                self.witness(result.x)

    def bounds(
        self, k: int, enough: Callable[[int, int | None], bool] | None = None
    ) -> tuple[int, int | None]:
        """Exact bounds of unknown ``k``, or, once ``enough`` says so, the witnessed spread."""
        c = self.column[k]
        seen = self._seen(c)
        if enough is not None and seen is not None and enough(*seen):
            return seen
        k_least = self.spread.least[k]
        low = int(k_least) if k_least == self.floor[c] else self._optimum(c, 1.0)
        assert low is not None  # every unknown is ≥ 0
        seen = self._seen(c)
        if enough is not None and seen is not None and enough(low, seen[1]):
            return low, seen[1]
        k_most = self.spread.most[k]
        if k_most == self.ceiling[c] and not math.isinf(self.ceiling[c]):
            return low, int(k_most)
        return low, self._optimum(c, -1.0)

    def _seen(self, c: int) -> tuple[int, int] | None:
        k = int(self.ids[c])
        if math.isinf(self.spread.least[k]):
            return None
        return int(self.spread.least[k]), int(self.spread.most[k])

    def _optimum(self, c: int, sign: float) -> int | None:
        """min (sign 1) or max (sign -1) of unknown ``c``; None when unbounded."""
        objective = np.zeros(self.n)
        objective[c] = sign
        relaxed = linprog(
            objective,
            A_ub=self.a_ub if self.mixed else None,
            b_ub=self.b_ub if self.mixed else None,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=self.lp_bounds,
            method="highs",
        )
        if relaxed.status == 3:
            return None  # unbounded relaxation + a feasible integer table: unbounded as well
        if relaxed.status == 2:
            raise ValueError("the published figures contradict each other")
        if relaxed.status != 0:
            raise RuntimeError(f"disclosure audit: {relaxed.message}")
        value = sign * relaxed.fun
        if not self.mixed and abs(value - round(value)) < 1e-6:
            self.witness(relaxed.x)
            return round(value)
        constraints = [LinearConstraint(self.a_eq, self.b_eq, self.b_eq)]
        if self.mixed:
            constraints.append(LinearConstraint(self.a_ub, -np.inf, self.b_ub))
        exact = milp(
            objective,
            constraints=constraints,
            integrality=np.ones(self.n),
            bounds=Bounds(self.lb, self.ub),
        )
        if exact.status != 0:
            raise RuntimeError(f"disclosure audit: {exact.message}")
        self.witness(exact.x)
        return round(sign * exact.fun)


# --- export -------------------------------------------------------------------------------------


def render(
    published: PublishedTable,
    *,
    mark: str = SUPPRESSED_MARK,
    row_heading: str = "",
    group_heading: str = "",
    value_heading: str = "",
    total_label: str | None = None,
    gettext: Gettext | None = None,
) -> list[list[str | int]]:
    """The table as rows of plain values (header first), hidden figures as ``mark``.

    2-D: ``[row label, *cells, row total]``; 1-D: ``[row label, count]``; the total row last.
    With groups a first column carries the group and each group's subtotal row comes first, its
    second column ``total_label``. The mark is the same whatever the reason (see the module doc).
    """
    translate = gettext or gettext_noop
    total = total_label if total_label is not None else translate(gettext_noop("Total"))
    entries = published.entries

    def shown(position: Position) -> str | int:
        value = entries[position].value
        return mark if value is None else value

    def line(row: int | None, group: int | None) -> list[str | int]:
        if row is not None:
            if published.columns is None:
                return [shown(Position(Kind.CELL, row, 0))]
            cells = [shown(Position(Kind.CELL, row, j)) for j in range(len(published.columns))]
            return [*cells, shown(Position(Kind.ROW_TOTAL, row))]
        if group is not None:
            if published.columns is None:
                return [shown(Position(Kind.GROUP_SUBTOTAL, group, 0))]
            subtotals = [
                shown(Position(Kind.GROUP_SUBTOTAL, group, j))
                for j in range(len(published.columns))
            ]
            return [*subtotals, shown(Position(Kind.GROUP_TOTAL, group))]
        if published.columns is None:
            return [shown(Position(Kind.TOTAL))]
        totals = [
            shown(Position(Kind.COLUMN_TOTAL, None, j)) for j in range(len(published.columns))
        ]
        return [*totals, shown(Position(Kind.TOTAL))]

    values_header = [value_heading] if published.columns is None else [*published.columns, total]
    out: list[list[str | int]] = []
    if not published.groups:
        out.append([row_heading, *values_header])
        for i, label in enumerate(published.rows):
            out.append([label, *line(i, None)])
        out.append([total, *line(None, None)])
        return out
    out.append([group_heading, row_heading, *values_header])
    for g, group in enumerate(published.groups):
        out.append([group.label, total, *line(None, g)])
        for i in range(group.start, group.stop):
            out.append([group.label, published.rows[i], *line(i, None)])
    out.append([total, "", *line(None, None)])
    return out


def method_note(
    published: PublishedTable, *, mark: str = SUPPRESSED_MARK, gettext: Gettext | None = None
) -> str:
    """A short plain-language note on the method, to print under the table."""
    translate = gettext or gettext_noop
    params = {
        "threshold": published.threshold,
        "mark": mark,
        "base": published.rounding or 0,
    }
    if published.zero_is_safe:
        primary = gettext_noop(
            "To protect the people counted, every count below %(threshold)d other than zero is "
            "hidden."
        )
    else:
        primary = gettext_noop(
            "To protect the people counted, every count below %(threshold)d, zero included, is "
            "hidden."
        )
    sentences = [
        primary,
        gettext_noop(
            "Other figures, totals included, are hidden where needed so that no hidden count can "
            "be worked out from the rows, columns and totals shown (secondary suppression)."
        ),
        gettext_noop("A hidden figure is shown as %(mark)s."),
    ]
    if published.rounding is not None:
        sentences.append(
            gettext_noop(
                "Figures shown are rounded to the nearest multiple of %(base)d, each on its own, "
                "so they may not add up to the totals shown."
            )
        )
    if not any(e.suppressed for e in published.entries.values()):
        sentences.append(gettext_noop("No figure in this table needed to be hidden."))
    return " ".join(translate(s) % params for s in sentences)
