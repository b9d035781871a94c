"""The batch path gives the per-document path's results, byte for byte, and its errors."""

from __future__ import annotations

import ast
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from tests.law.facts_examples import facts
from tests.law.test_facts import _mutations
from tests.law.varied import documents
from zhusan.law import FactsError, epochs, evaluate, evaluate_many
from zhusan.law import facts as facts_module
from zhusan.law.batch import Batch
from zhusan.law.build import compiled
from zhusan.law.periods import add_period, age_band, age_facts, band

PACKAGE = Path(__file__).resolve().parents[2] / "zhusan" / "law"
GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.yaml"))


def _json(result: dict[str, Any]) -> str:
    return json.dumps(result, sort_keys=True, ensure_ascii=False)


def _outcome(document: Any, run: Any) -> str:
    try:
        return _json(run(document))
    except FactsError as error:
        return f"FactsError: {error}"


def test_the_batch_path_gives_the_same_json_as_the_per_document_path() -> None:
    docs = documents(3000, seed=11) + [
        yaml.safe_load(p.read_text("utf-8"))["facts"] for p in GOLDEN
    ]
    batch = Batch()
    got = [_json(result) for result in batch.evaluate_many(docs)]
    want = [_json(evaluate(document)) for document in docs]
    mismatched = [i for i, (a, b) in enumerate(zip(got, want, strict=True)) if a != b]
    assert not mismatched, f"{len(mismatched)} differ, first {mismatched[0]}: {docs[mismatched[0]]}"
    stats = batch.stats()
    assert stats["documents"] == len(docs) and 0 < stats["hit_rate"] < 1


def test_a_compact_assessment_materialises_the_per_document_json() -> None:
    docs = documents(3000, seed=14) + [
        yaml.safe_load(p.read_text("utf-8"))["facts"] for p in GOLDEN
    ]
    batch = Batch()
    compacts = list(batch.assess_many(docs))
    mismatched = []
    for index, (compact, document) in enumerate(zip(compacts, docs, strict=True)):
        want = evaluate(document)
        briefs = [(m.outcome, m.earliest and m.earliest.isoformat()) for m in compact.measures]
        dated = [(m["outcome"], m["earliest_date"]) for m in want["measures"]]
        if _json(compact.to_json()) != _json(want) or briefs != dated:
            mismatched.append(index)
    assert not mismatched, f"{len(mismatched)} differ, first {mismatched[0]}: {docs[mismatched[0]]}"


def test_compact_assessments_share_their_decisions() -> None:
    docs = documents(400, seed=15)
    decisions = [m.decision for c in Batch().assess_many(docs + docs) for m in c.measures]
    assert len({id(d) for d in decisions}) < len(decisions) * 0.75


def test_the_tests_run_the_pure_python_package() -> None:
    assert compiled() == []


def test_a_second_pass_is_answered_from_the_caches_with_the_same_results() -> None:
    docs = documents(400, seed=12)
    batch = Batch()
    first = [_json(result) for result in batch.evaluate_many(docs)]
    missed = batch.stats()["decisions_missed"]
    assert [_json(result) for result in batch.evaluate_many(docs)] == first
    assert batch.stats()["decisions_missed"] == missed


def test_it_names_the_index_and_field_of_the_first_bad_document() -> None:
    docs = [facts(), facts(as_of="2019-02-30"), facts()]
    with pytest.raises(FactsError, match=r"^\[1\] as_of: not an ISO date$"):
        list(evaluate_many(docs, Batch()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations())
def test_any_near_valid_document_gives_the_same_result_or_error_in_batch(
    document: dict[str, Any],
) -> None:
    assert _outcome(document, Batch().evaluate) == _outcome(document, evaluate)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations())
def test_the_fast_reader_never_accepts_what_the_careful_one_refuses(
    document: dict[str, Any],
) -> None:
    fast = facts_module.read_fast(document)
    if fast is not None:
        assert fast == facts_module.read(document)


def test_the_fast_reader_reads_varied_documents_as_the_careful_one_does() -> None:
    read = 0
    for document in documents(2000, seed=13):
        fast = facts_module.read_fast(document)
        if fast is not None:
            careful = facts_module.read(document)
            assert fast == careful and list(map(type, fast)) == list(map(type, careful))
            read += 1
    assert read > 1800  # the odd float or missing section is left to the careful reader


@pytest.mark.parametrize(
    "value",
    [
        "2020-1-011",
        "+020-01-01",
        "2020-W01-1",
        "２０20-01-01",
        "2020-02-30",
        "1899-12-31",
        20200101,
    ],
)
def test_the_fast_reader_leaves_odd_dates_to_the_careful_one(value: Any) -> None:
    assert facts_module.read_fast(facts(as_of=value)) is None


def test_age_facts_place_every_day_as_age_band_does() -> None:
    rng = random.Random(5)
    births = [date(2000, 2, 29), date(2004, 2, 29), date(2001, 3, 1), date(2001, 2, 28)]
    births += [date(1990, 1, 1) + timedelta(days=rng.randrange(9000)) for _ in range(30)]
    for birth in births:
        for years in (14, 16, 18):
            anniversary = add_period(birth, years=years)
            for shift in range(-3, 4):
                on = anniversary + timedelta(days=shift)
                assert band(*age_facts(birth, on), years) == age_band(birth, on, years), (
                    birth,
                    on,
                    years,
                )


def test_every_date_the_engine_holds_is_an_epoch_boundary() -> None:
    """The batch path keys dates on epochs: a date constant elsewhere would break that."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "date":
                args = [a.value for a in node.args if isinstance(a, ast.Constant)]
                numbers = [a for a in args if isinstance(a, int)]
                if len(numbers) == 3 and date(*numbers) not in epochs.BOUNDARIES:
                    offenders.append(f"{path.name}: date{tuple(args)}")
    assert offenders == []


def test_dates_in_one_epoch_meet_every_rule_alike() -> None:
    before, on = date(2022, 7, 31), date(2022, 8, 1)
    assert epochs.epoch(before) + 1 == epochs.epoch(on)
    assert epochs.epoch(date(2020, 1, 1)) == epochs.epoch(date(2022, 7, 31))
