"""Disclosure control on random small tables (hypothesis): whatever the table, what `protect`
publishes is true, hides every small count, and leaves nothing an attacker can recover."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from zhusan.reports.disclosure import (
    CountTable,
    Kind,
    Position,
    Reason,
    RowGroup,
    audit,
    protect,
    round_to_base,
    sensitive_positions,
)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

count = st.integers(0, 40) | st.integers(0, 6)  # plenty of small counts and zeros


@st.composite
def tables(draw, grouped=False):
    n_rows = draw(st.integers(2 if grouped else 1, 6))
    two_way = draw(st.booleans())
    n_columns = draw(st.integers(1, 5)) if two_way else 1
    cells = draw(
        st.lists(
            st.lists(count, min_size=n_columns, max_size=n_columns),
            min_size=n_rows,
            max_size=n_rows,
        )
    )
    groups = []
    if grouped:
        cuts = sorted(draw(st.sets(st.integers(1, n_rows - 1), max_size=n_rows - 1)))
        bounds = [0, *cuts, n_rows]
        groups = [
            RowGroup(f"g{g}", a, b)
            for g, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))
        ]
    rows = [f"r{i}" for i in range(n_rows)]
    if two_way:
        return CountTable.two_way(rows, [f"c{j}" for j in range(n_columns)], cells, groups=groups)
    return CountTable.one_way(rows, [r[0] for r in cells], groups=groups)


options = st.fixed_dictionaries(
    {
        "threshold": st.integers(3, 10),
        "zero_is_safe": st.booleans(),
        "rounding": st.sampled_from([None, 3, 5, 10]),
    }
)


def check(table, published, threshold, zero_is_safe, rounding):
    intervals = audit(published)
    exposed = {table.label(p): i.problem for p, i in intervals.items() if i.exposed}
    assert not exposed
    for position, entry in published.entries.items():
        true = table.value(position)
        if entry.suppressed:
            interval = intervals[position]
            assert interval.lower <= true and (interval.upper is None or true <= interval.upper)
        elif rounding is None:
            assert entry.value == true and not entry.rounded
        else:
            assert entry.value == round_to_base(true, rounding) and entry.rounded
    hidden = published.suppressed()
    sensitive = set(sensitive_positions(table, threshold=threshold, zero_is_safe=zero_is_safe))
    assert {p for p, reason in hidden.items() if reason == Reason.PRIMARY} == sensitive


@PROPERTY
@given(tables(), options)
def test_protected_tables_are_true_hide_every_small_count_and_pass_the_audit(table, opts):
    check(table, protect(table, **opts), **opts)


@PROPERTY
@given(tables(grouped=True), options)
def test_tables_with_row_groups_are_protected_through_their_subtotals(table, opts):
    check(table, protect(table, **opts), **opts)


@PROPERTY
@given(tables(), st.integers(3, 10), st.integers(1, 10))
def test_any_protection_margin_is_honoured(table, threshold, margin):
    published = protect(table, threshold=threshold, protection_margin=margin)
    for interval in audit(published).values():
        if interval.primary and interval.upper is not None:
            assert interval.upper - interval.lower >= margin
            assert interval.lower == 0 or interval.upper >= threshold


def reference_intervals(published):
    """Every figure an integer unknown, every relation written out afresh, solved by MILP."""
    positions = list(published.entries)
    at = {p: k for k, p in enumerate(positions)}
    n_rows = len(published.rows)
    width = len(published.columns) if published.is_two_way else 1
    relations = []
    cell = lambda i, j: Position(Kind.CELL, i, j)  # noqa: E731
    if published.is_two_way:
        for i in range(n_rows):
            relations.append((Position(Kind.ROW_TOTAL, i), [cell(i, j) for j in range(width)]))
        for j in range(width):
            column = [cell(i, j) for i in range(n_rows)]
            relations.append((Position(Kind.COLUMN_TOTAL, None, j), column))
        relations.append(
            (Position(Kind.TOTAL), [Position(Kind.ROW_TOTAL, i) for i in range(n_rows)])
        )
    else:
        relations.append((Position(Kind.TOTAL), [cell(i, 0) for i in range(n_rows)]))
    for g, group in enumerate(published.groups):
        for j in range(width):
            parts = [cell(i, j) for i in range(group.start, group.stop)]
            relations.append((Position(Kind.GROUP_SUBTOTAL, g, j), parts))
        if published.is_two_way:
            parts = [Position(Kind.ROW_TOTAL, i) for i in range(group.start, group.stop)]
            relations.append((Position(Kind.GROUP_TOTAL, g), parts))
    a = np.zeros((len(relations), len(positions)))
    for r, (total, parts) in enumerate(relations):
        a[r, at[total]] = -1
        for p in parts:
            a[r, at[p]] = 1
    lower = [e.value if e.value is not None else 0 for e in published.entries.values()]
    upper = [e.value if e.value is not None else np.inf for e in published.entries.values()]
    zero = np.zeros(len(relations))
    result = {}
    for p, e in published.entries.items():
        if not e.suppressed:
            continue
        bound = []
        for sign in (1, -1):
            c = np.zeros(len(positions))
            c[at[p]] = sign
            relaxed = linprog(c, A_eq=a, b_eq=zero, bounds=np.column_stack([lower, upper]))
            if relaxed.status == 3:
                bound.append(None)
                continue
            exact = milp(
                c,
                constraints=LinearConstraint(a, 0, 0),
                integrality=np.ones(len(positions)),
                bounds=Bounds(lower, upper),
            )
            bound.append(round(sign * exact.fun))
        result[p] = tuple(bound)
    return result


@settings(max_examples=80, deadline=None)
@given(tables(grouped=True) | tables(), st.integers(3, 10))
def test_the_audit_finds_the_same_intervals_as_a_plain_integer_program(table, threshold):
    published = protect(table, threshold=threshold)
    found = {p: (i.lower, i.upper) for p, i in audit(published).items()}
    assert found == reference_intervals(published)
