"""Run every golden case: tests/law/golden/*.yaml, one facts document and its expectations each.

An expectation names only what the case proves: a measure's outcome, earliest_date, needs_review,
term_end_date, authorised_list (the disease list version applied), needs_facts (exact), rule codes
and citations (each must be present), and substrings that some option must contain
(options_include) or that no option may contain (options_exclude); for
offences, the listed fields of the offence at the same position.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from zhusan.law import evaluate

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*.yaml"))
EXACT = ("outcome", "earliest_date", "needs_review", "term_end_date", "authorised_list")


def _check_measure(name: str, got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    problems = [
        f"{name}.{key}: expected {want[key]!r}, got {got.get(key)!r}"
        for key in EXACT
        if key in want and got.get(key) != want[key]
    ]
    if "needs_facts" in want and sorted(got["needs_facts"]) != sorted(want["needs_facts"]):
        problems.append(
            f"{name}.needs_facts: expected {want['needs_facts']}, got {got['needs_facts']}"
        )
    for key in ("rules", "citations"):
        missing = [item for item in want.get(key, []) if item not in got[key]]
        if missing:
            problems.append(f"{name}.{key}: missing {missing}, got {got[key]}")
    options = got.get("options", [])
    for text in want.get("options_include", []):
        if not any(text in option for option in options):
            problems.append(f"{name}.options: none contains {text!r}: {options}")
    for text in want.get("options_exclude", []):
        if any(text in option for option in options):
            problems.append(f"{name}.options: one contains {text!r}: {options}")
    return problems


def test_there_are_at_least_ninety_golden_cases() -> None:
    assert len(CASES) >= 90


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_case(path: Path) -> None:
    case = yaml.safe_load(path.read_text("utf-8"))
    result = evaluate(case["facts"])
    expect = case["expect"]
    measures = {m["measure"]: m for m in result["measures"]}
    problems: list[str] = []
    for name, want in expect.get("measures", {}).items():
        problems += _check_measure(name, measures[name], want)
    for index, want in enumerate(expect.get("offences", [])):
        got = result["offences"][index]
        problems += [
            f"offences[{index}].{key}: expected {value!r}, got {got.get(key)!r}"
            for key, value in want.items()
            if got.get(key) != value
        ]
    assert not problems, "\n".join(problems)
