"""`zhusan stats`: the catalogue over the records, as JSON or text, exact or protected."""

import io
import json

import pytest

from zhusan.reports.cli import reconcile_command, stats_command

pytestmark = pytest.mark.django_db


def run(**kwargs):
    out, err = io.StringIO(), io.StringIO()
    code = stats_command(out=out, err=err, **kwargs)
    return code, out.getvalue(), err.getvalue()


def test_stats_json_counts_arrivals_by_stage_and_cases_by_state(world):
    code, out, _ = run(as_json=True)
    assert code == 0
    tables = {t["indicator"]: t for t in json.loads(out)}
    returned = tables["returned"]
    assert returned["by"] == ["stage", "counted_as"] and returned["total"] == 2
    assert returned["rows"] == [{"label": "Zhusan, stage 2", "cells": [1, 1], "total": 2}]
    assert tables["pathway_state"]["rows"] == [{"label": "Arrived", "cells": [3], "total": 3}]
    assert all(t["definition"] and t["title"] for t in tables.values())
    assert not returned["protected"]


def test_one_indicator_as_of_a_date_by_a_chosen_breakdown_protected_in_russian(world):
    code, out, _ = run(
        as_json=True,
        indicator="returned",
        by=["sex"],
        protect=True,
        language="ru",
        as_of="2019-06-01",
    )
    (table,) = json.loads(out)
    assert table["title"] == "Возвращённые" and table["as_of"] == "2019-06-01"
    assert table["protected"] and all(c is None for r in table["rows"] for c in r["cells"])
    code, out, _ = run(as_json=True, indicator="returned", by=["none"], as_of="2019-05-01")
    assert json.loads(out)[0]["total"] == 0


def test_stats_as_text(world):
    code, out, _ = run(as_json=False, indicator="returned")
    assert code == 0 and "returned: People returned" in out and "Zhusan, stage 2" in out


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"as_of": "yesterday"}, "--as-of must be a date"),
        ({"indicator": "nonsense"}, "no indicator"),
        ({"indicator": "returned", "by": ["article"]}, "cannot be broken down by article"),
        ({"as_of": "2999-01-01"}, "future"),
    ],
)
def test_bad_requests_exit_2_naming_the_problem(world, kwargs, message):
    code, out, err = run(as_json=True, **kwargs)
    assert code == 2 and message in err and out == ""


def test_reconcile_with_no_figures_says_so(world):
    out = io.StringIO()
    assert reconcile_command(as_json=False, out=out) == 0
    assert "0 of 0 published figures agree" in out.getvalue()
