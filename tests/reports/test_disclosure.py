"""Disclosure control on hand-made tables: what gets hidden, and that the audit agrees."""

import random
import time

import pytest

from zhusan.reports.disclosure import (
    SUPPRESSED_MARK,
    CountTable,
    Kind,
    Position,
    Reason,
    RowGroup,
    audit,
    method_note,
    protect,
    publish,
    render,
    round_to_base,
    sensitive_positions,
)


def cell(i, j=0):
    return Position(Kind.CELL, i, j)


def exposed(published):
    return {p: i for p, i in audit(published).items() if i.exposed}


def test_a_lone_small_count_in_a_one_way_table_gets_the_smallest_sufficient_complement():
    table = CountTable.one_way(["stage 1", "stage 2", "stage 3", "stage 4"], [2, 30, 40, 25])
    published = protect(table)
    assert published.suppressed() == {cell(0): Reason.PRIMARY, cell(3): Reason.SECONDARY}
    assert published.total.value == 97 and published.cell(1).value == 30
    assert not exposed(published)
    assert (audit(published)[cell(0)].lower, audit(published)[cell(0)].upper) == (0, 27)


def test_a_lone_small_cell_in_a_two_way_table_gets_the_cheapest_rectangle_of_three():
    table = CountTable.two_way(
        ["s1", "s2", "s3"], ["man", "woman", "child"], [[2, 10, 12], [8, 9, 20], [15, 7, 30]]
    )
    published = protect(table)
    assert published.suppressed() == {
        cell(0, 0): Reason.PRIMARY,
        cell(0, 1): Reason.SECONDARY,
        cell(1, 0): Reason.SECONDARY,
        cell(1, 1): Reason.SECONDARY,
    }
    assert all(not published.entry(p).suppressed for p in published.positions if p.kind != "cell")
    intervals = audit(published)
    assert (intervals[cell(0, 0)].lower, intervals[cell(0, 0)].upper) == (0, 10)
    assert not exposed(published)


def test_a_small_margin_is_hidden_with_its_cells_and_the_grand_total_is_kept():
    table = CountTable.two_way(
        ["s1", "s2", "s3"], ["man", "woman", "child"], [[1, 2, 0], [10, 12, 9], [8, 7, 11]]
    )
    published = protect(table)
    hidden = published.suppressed()
    assert hidden[Position(Kind.ROW_TOTAL, 0)] == Reason.PRIMARY
    assert hidden[cell(0, 0)] == hidden[cell(0, 1)] == Reason.PRIMARY
    assert published.cell(0, 2).value == 0  # a zero is safe by default
    assert published.total.value == 60
    assert not exposed(published)


def test_a_small_column_total_is_hidden_too():
    table = CountTable.two_way(["a", "b", "c"], ["x", "y"], [[1, 20], [0, 30], [2, 25]])
    published = protect(table)
    assert published.suppressed()[Position(Kind.COLUMN_TOTAL, None, 0)] == Reason.PRIMARY
    assert not exposed(published)


def test_a_table_whose_total_is_small_hides_everything_that_is_not_zero():
    published = protect(CountTable.one_way(["a", "b", "c"], [1, 2, 0]))
    assert published.total.suppressed and published.cell(0).suppressed
    assert published.cell(2).value == 0
    assert all(i.upper is None for i in audit(published).values())


def test_all_zero_rows_are_shown_as_zeros():
    table = CountTable.two_way(
        ["a", "b", "c"], ["x", "y", "z"], [[0, 0, 0], [3, 10, 12], [9, 8, 20]]
    )
    published = protect(table)
    assert [published.cell(0, j).value for j in range(3)] == [0, 0, 0]
    assert published.row_total(0).value == 0
    assert published.cell(1, 0).suppressed and not exposed(published)


def test_when_zeros_are_not_safe_they_are_hidden_and_protected_too():
    table = CountTable.two_way(
        ["a", "b", "c"], ["x", "y", "z"], [[0, 0, 0], [3, 10, 12], [9, 8, 20]]
    )
    published = protect(table, zero_is_safe=False)
    for j in range(3):
        assert published.suppressed()[cell(0, j)] == Reason.PRIMARY
    assert published.suppressed()[Position(Kind.ROW_TOTAL, 0)] == Reason.PRIMARY
    assert not exposed(published)
    assert "zero included" in method_note(published)


def test_a_table_with_nothing_to_hide_is_published_as_it_is():
    table = CountTable.two_way(["a", "b"], ["x", "y"], [[5, 6], [0, 40]])
    published = protect(table)
    assert published.suppressed() == {}
    assert [[published.cell(i, j).value for j in range(2)] for i in range(2)] == [[5, 6], [0, 40]]
    assert published.row_total(0).value == 11 and published.column_total(1).value == 46
    assert published.total.value == 51 and audit(published) == {}
    assert "No figure in this table needed to be hidden." in method_note(published)


def test_primary_suppression_alone_is_caught_by_the_audit():
    table = CountTable.one_way(["a", "b", "c"], [2, 30, 40])
    naive = publish(table, dict.fromkeys(sensitive_positions(table), Reason.PRIMARY))
    problem = exposed(naive)[cell(0)]
    assert (problem.lower, problem.upper) == (2, 2) and "recoverable" in problem.problem


def test_primary_suppression_alone_is_caught_in_two_way_tables_too():
    table = CountTable.two_way(["a", "b"], ["x", "y"], [[1, 3], [10, 20]])
    naive = publish(table, dict.fromkeys(sensitive_positions(table), Reason.PRIMARY))
    assert Position(Kind.ROW_TOTAL, 0) in sensitive_positions(table)
    assert exposed(naive)  # column x: 1 = 11 - 10


def test_two_small_cells_hiding_each_other_still_reveal_a_small_sum():
    table = CountTable.one_way(["a", "b", "c"], [1, 1, 50])
    strict = protect(table)
    assert set(strict.suppressed()) == {cell(0), cell(1), cell(2)}
    # With a margin of 1 only exact recovery and a certainly-small count are refused: [0, 2] passes.
    lenient = protect(table, protection_margin=1)
    assert set(lenient.suppressed()) == {cell(0), cell(1)}
    assert audit(lenient)[cell(0)].upper == 2 and not exposed(lenient)
    assert exposed(publish(table, lenient.suppressed()))  # judged with the default margin: narrow


def test_a_certainly_small_interval_is_exposed_even_when_wide_enough():
    # Row and column totals shown: a = 4 - b with b in [0, 1], so a is 3 or 4, surely below 5.
    table = CountTable.two_way(["a", "b"], ["x", "y"], [[4, 0], [0, 1]])
    corners = dict.fromkeys([cell(0, 0), cell(0, 1), cell(1, 0), cell(1, 1)], Reason.PRIMARY)
    lenient = exposed(publish(table, corners, protection_margin=1))
    assert (lenient[cell(0, 0)].lower, lenient[cell(0, 0)].upper) == (3, 4)
    assert "small for sure" in lenient[cell(0, 0)].problem
    assert cell(1, 1) not in lenient  # 0 or 1: it may be nobody
    assert "narrow" in exposed(publish(table, corners))[cell(1, 1)].problem


def test_row_groups_with_subtotals_are_protected_across_the_hierarchy():
    table = CountTable.two_way(
        ["stage 1", "stage 2", "stage 3", "stage 1", "stage 2"],
        ["man", "woman", "child"],
        [[12, 20, 31], [9, 2, 17], [15, 11, 22], [1, 8, 9], [20, 25, 30]],
        groups=[RowGroup("Zhusan", 0, 3), RowGroup("Rusafa", 3, 5)],
    )
    published = protect(table)
    assert not exposed(published)
    assert published.suppressed()[cell(1, 1)] == Reason.PRIMARY
    assert published.suppressed()[cell(3, 0)] == Reason.PRIMARY
    shown = {p: e.value for p, e in published.entries.items() if not e.suppressed}
    assert all(v == table.value(p) for p, v in shown.items())
    assert published.total.value == table.total == 232


def test_a_small_group_subtotal_in_a_one_way_table():
    table = CountTable.one_way(
        ["stage 1", "stage 2", "stage 1", "stage 2"],
        [1, 2, 30, 40],
        groups=[RowGroup("Zhusan", 0, 2), RowGroup("Rusafa", 2, 4)],
    )
    published = protect(table)
    assert published.group_subtotal(0).reason == Reason.PRIMARY
    assert not exposed(published)
    assert published.total.value == 73 or published.total.suppressed


def test_rounding_rounds_every_shown_figure_on_its_own_and_flags_it():
    assert [round_to_base(v, 5) for v in (0, 2, 3, 7, 8)] == [0, 0, 5, 5, 10]
    assert [round_to_base(v, 10) for v in (4, 5, 14, 15)] == [0, 10, 10, 20]
    assert [round_to_base(v, 3) for v in (1, 2, 4)] == [0, 3, 3]
    table = CountTable.two_way(["a", "b"], ["x", "y"], [[7, 8], [12, 13]])
    published = protect(table, rounding=5)
    assert [published.cell(0, j).value for j in range(2)] == [5, 10]
    assert published.row_total(0).value == 15 and published.total.value == 40
    assert all(e.rounded for e in published.entries.values())
    assert "nearest multiple of 5" in method_note(published)


def test_rounded_tables_pass_the_audit_that_knows_the_rounding():
    table = CountTable.two_way(["a", "b", "c"], ["x", "y"], [[4, 2], [0, 9], [7, 30]])
    for base in (3, 5, 10):
        published = protect(table, threshold=3, rounding=base)
        assert not exposed(published)


def test_the_audit_of_a_rounded_table_knows_a_shown_figure_was_not_small():
    # 0 is shown as 0 (true 0..2, but 1 and 2 would have been hidden: so 0); 40 is 38..42; the
    # total 43 is shown as 45 (43..47): the hidden 3 is 1..9, not 0..9.
    table = CountTable.one_way(["a", "b", "c"], [0, 3, 40])
    published = publish(table, {cell(1): Reason.PRIMARY}, rounding=5)
    interval = audit(published)[cell(1)]
    assert (interval.lower, interval.upper) == (1, 9)
    # Base 10, threshold 3: a shown 0 is 0, 3 or 4 (never 1 or 2), solved as a mixed program.
    table = CountTable.one_way(["a", "b", "c"], [0, 2, 40])
    published = publish(table, {cell(1): Reason.PRIMARY}, threshold=3, rounding=10)
    interval = audit(published)[cell(1)]
    assert (interval.lower, interval.upper) == (0, 9)


def test_one_column_and_one_row_tables_repeat_cells_in_their_totals():
    one_column = protect(CountTable.two_way(["a", "b", "c"], ["x"], [[2], [9], [30]]))
    assert one_column.row_total(0).suppressed  # it equals the cell
    assert not exposed(one_column)
    one_row = protect(CountTable.two_way(["a"], ["x", "y", "z"], [[2, 9, 30]]))
    assert one_row.column_total(0).suppressed and not exposed(one_row)


def test_protect_is_deterministic():
    table = CountTable.two_way(
        ["a", "b", "c", "d"], ["x", "y", "z"], [[1, 6, 6], [6, 1, 6], [6, 6, 1], [9, 9, 9]]
    )
    assert protect(table) == protect(table)


def test_render_shows_the_same_mark_whatever_the_reason():
    table = CountTable.two_way(
        ["s1", "s2", "s3"], ["m", "f", "c"], [[2, 10, 12], [8, 9, 20], [15, 7, 30]]
    )
    rows = render(protect(table), row_heading="Stage")
    assert rows == [
        ["Stage", "m", "f", "c", "Total"],
        ["s1", SUPPRESSED_MARK, SUPPRESSED_MARK, 12, 24],
        ["s2", SUPPRESSED_MARK, SUPPRESSED_MARK, 20, 37],
        ["s3", 15, 7, 30, 52],
        ["Total", 25, 26, 62, 113],
    ]
    assert render(protect(table), mark="x")[1][1] == "x"


def test_render_one_way_with_groups():
    table = CountTable.one_way(
        ["stage 1", "stage 2", "stage 1"],
        [10, 12, 30],
        groups=[RowGroup("Zhusan", 0, 2), RowGroup("Rusafa", 2, 3)],
    )
    rows = render(
        protect(table), group_heading="Operation", row_heading="Stage", value_heading="Persons"
    )
    assert rows == [
        ["Operation", "Stage", "Persons"],
        ["Zhusan", "Total", 22],
        ["Zhusan", "stage 1", 10],
        ["Zhusan", "stage 2", 12],
        ["Rusafa", "Total", 30],
        ["Rusafa", "stage 1", 30],
        ["Total", "", 52],
    ]


def test_the_method_note_states_threshold_secondary_suppression_and_rounding():
    published = protect(CountTable.one_way(["a", "b"], [2, 40]), threshold=10, rounding=10)
    note = method_note(published, mark="*")
    assert "below 10" in note and "secondary suppression" in note
    assert "nearest multiple of 10" in note and "shown as *" in note
    assert method_note(published, gettext=lambda s: "«" + s + "»").startswith("«To protect")


def test_from_records_pivots_an_indicator_with_groups_and_missing_combinations():
    records = [
        {"operation": "Zhusan", "stage": "1", "counted_as": "woman", "persons": 3},
        {"operation": "Rusafa", "stage": "1", "counted_as": "child", "persons": 4},
        {"operation": "Zhusan", "stage": "2", "counted_as": "child", "persons": 5},
        {"operation": "Zhusan", "stage": "1", "counted_as": "woman", "persons": 1},
    ]
    table = CountTable.from_records(
        records,
        rows="stage",
        columns="counted_as",
        group="operation",
        value="persons",
        column_order=["man", "woman", "child"],
    )
    assert table.rows == ("1", "2", "1") and table.columns == ("man", "woman", "child")
    assert table.cells == ((0, 4, 0), (0, 0, 5), (0, 0, 4))
    assert table.groups == (RowGroup("Zhusan", 0, 2), RowGroup("Rusafa", 2, 3))
    assert table.total == 13
    with pytest.raises(ValueError, match="not in column_order"):
        CountTable.from_records(
            records, rows="stage", columns="counted_as", value="persons", column_order=["man"]
        )


def test_tables_refuse_bad_shapes_negative_counts_and_gappy_groups():
    with pytest.raises(ValueError):
        CountTable.two_way(["a"], ["x", "y"], [[1]])
    with pytest.raises(ValueError):
        CountTable.one_way(["a"], [-1])
    with pytest.raises(ValueError):
        CountTable.one_way(["a", "b"], [1, 2], groups=[RowGroup("g", 1, 2)])
    with pytest.raises(ValueError):
        protect(CountTable.one_way(["a"], [1]), rounding=1)


def test_a_thirty_by_twelve_table_is_protected_and_audited_in_well_under_a_second():
    rng = random.Random(7)
    cells = [[rng.choice([0, 0, 1, 2, 3, 6, 9, 14, 25, 40]) for _ in range(12)] for _ in range(30)]
    table = CountTable.two_way(
        [f"stage {i}" for i in range(30)],
        [f"group {j}" for j in range(12)],
        cells,
        groups=[RowGroup("A", 0, 10), RowGroup("B", 10, 24), RowGroup("C", 24, 30)],
    )
    started = time.perf_counter()
    published = protect(table)
    intervals = audit(published)
    elapsed = time.perf_counter() - started
    assert not any(i.exposed for i in intervals.values())
    assert elapsed < 1.0, f"{elapsed:.2f}s"
