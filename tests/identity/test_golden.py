"""Golden variant pairs (tests/identity/golden/pairs.csv): each row states what must hold."""

import csv
from pathlib import Path

import pytest

from zhusan.identity.comparisons import name_level
from zhusan.identity.gazetteer import place_id
from zhusan.identity.keys import fold
from zhusan.identity.records import PersonRecord, features

GOLDEN = Path(__file__).with_name("golden") / "pairs.csv"
ROWS = list(csv.DictReader(GOLDEN.open(encoding="utf-8")))


def _level(left: str, right: str) -> int | None:
    a = features(PersonRecord(record_id="l", full_name=left))
    b = features(PersonRecord(record_id="r", full_name=right))
    return name_level(a, b)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['expect']}:{r['left']}|{r['right']}" for r in ROWS])
def test_golden_pair(row):
    left, right, expect = row["left"], row["right"], row["expect"]
    if expect == "key":
        assert fold(left) == fold(right), row["reason"]
    elif expect == "names":
        assert _level(left, right) >= 3, row["reason"]
    elif expect == "different_names":
        assert _level(left, right) <= 1, row["reason"]
    elif expect == "place":
        assert place_id(left) is not None and place_id(left) == place_id(right), row["reason"]
    elif expect == "different_places":
        assert place_id(left) != place_id(right), row["reason"]
    else:
        pytest.fail(f"unknown expectation {expect!r}")
