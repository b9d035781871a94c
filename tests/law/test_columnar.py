"""The columnar path gives every row the batch path's outcomes and dates, and its errors."""

from __future__ import annotations

import gc
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from tests.law.facts_examples import facts
from tests.law.test_facts import _mutations
from tests.law.varied import documents
from zhusan.law import FactsError, columnar, evaluate
from zhusan.law import facts as facts_module
from zhusan.law.batch import Batch, Measure
from zhusan.law.columnar import (
    NO_DATE,
    Columnar,
    Columns,
    add_period,
    from_documents,
    read_jsonl,
    read_parquet,
)
from zhusan.law.periods import add_period as add_period_on_dates

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from law_bench import document as bench_document  # noqa: E402

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.yaml"))


def _edges() -> list[dict[str, Any]]:
    """Named corners: leap days, month ends, life terms, missing facts, juveniles, epochs."""
    cases = [
        # Born on 29 February: offences on 28 February, 1 March and 29 February of the 18th year.
        facts(person__birth_date="2000-02-29", offences=[
            {"article": "188", "part": "2", "offence_date": "2018-02-28"}]),
        facts(person__birth_date="2000-02-29", offences=[
            {"article": "188", "part": "2", "offence_date": "2018-03-01"}]),
        facts(person__birth_date="1996-02-29", offences=[
            {"article": "188", "part": "2", "offence_date": "2014-02-28"}]),
        # Counts before and after the 18th birthday; on it.
        facts(person__birth_date="2001-06-15", offences=[
            {"article": "188", "part": "2", "offence_date": "2019-06-14"},
            {"article": "188", "part": "2", "offence_date": "2019-06-16"}],
            sentence__start_date="2019-07-01"),
        facts(person__birth_date="2001-06-15", offences=[
            {"article": "188", "part": "2", "offence_date": "2019-06-15"}],
            sentence__start_date="2019-07-01"),
        facts(person__birth_date="2003-03-01", offences=[
            {"article": "99", "part": "1", "offence_date": "2018-01-10"}],
            sentence__start_date="2018-03-31", as_of="2024-05-31"),
        # Month ends and leap days in the term.
        facts(sentence__start_date="2019-01-31", sentence__years=0, sentence__months=1),
        facts(sentence__start_date="2020-02-29", sentence__years=1, sentence__months=0),
        facts(sentence__start_date="2019-08-31", sentence__years=2, sentence__months=6,
              sentence__days=30, sentence__pretrial_custody_days=45,
              sentence__security_level="medium", sentence__house_arrest_days=3),
        # A life term, with and without an agreement; a life prisoner whose parole was revoked.
        facts(sentence__life=True, sentence__years=None, sentence__months=None,
              sentence__days=None, conduct__cooperation_agreement=None),
        facts(sentence__life=True, sentence__years=0, sentence__months=None,
              sentence__days=None, conduct__cooperation_agreement=True, as_of="2045-01-01"),
        facts(sentence__life=True, sentence__years=None, sentence__months=None,
              sentence__days=None, conduct__prior_parole_revoked=True),
        # Missing facts: no start, no length, no custody, no birth date, no sections.
        facts(sentence__start_date=None),
        facts(sentence__years=None, sentence__months=None, sentence__days=None),
        facts(sentence__pretrial_custody_days=None, sentence__security_level=None),
        facts(sentence__pretrial_custody_days=30, sentence__security_level=None),
        facts(person__birth_date=None),
        facts(person=None, conduct=None, medical=None, circumstances=None),
        facts(sentence__kind="restriction_of_liberty", sentence__pretrial_custody_days=10),
        # Epoch boundaries: the days either side of 25 July 2017 and 1 August 2022.
        facts(offences=[{"article": "257", "part": "2", "offence_date": "2017-07-24"}],
              sentence__start_date="2017-08-01", as_of="2022-07-31"),
        facts(offences=[{"article": "257", "part": "2", "offence_date": "2017-07-25"}],
              sentence__start_date="2017-08-01", as_of="2022-08-01"),
        facts(offences=[{"article": "188", "part": "2", "offence_date": "2014-12-31"}],
              sentence__start_date="2015-01-01", as_of="2015-01-01"),
        # Privileged ages on as_of: a woman of 57 and 58, a man of 62 and 63, sex unknown.
        facts(person__sex="F", person__birth_date="1965-01-07", person__children_under_14=None),
        facts(person__sex="F", person__birth_date="1965-01-06"),
        facts(person__birth_date="1960-01-07", person__disability_group=None),
        facts(person__birth_date="1960-01-06"),
        facts(person__sex=None, person__birth_date="1965-01-05"),
        facts(person__sex=None, person__birth_date="1975-01-05"),
        # The whole term already served; the day the part is reached, and the day before.
        facts(sentence__years=1, as_of="2020-01-06"),
        facts(offences=[{"article": "188", "part": "2", "offence_date": "2019-01-05"}],
              sentence__years=3, conduct__damage_compensated=True, as_of="2020-01-06"),
        facts(offences=[{"article": "188", "part": "2", "offence_date": "2019-01-05"}],
              sentence__years=3, conduct__damage_compensated=True, as_of="2020-01-05"),
    ]  # fmt: skip
    return cases


def _population() -> list[dict[str, Any]]:
    rng = random.Random(31)
    return (
        documents(2500, seed=21)
        + documents(1500, seed=22)
        + [bench_document(rng) for _ in range(2500)]
        + [yaml.safe_load(p.read_text("utf-8"))["facts"] for p in GOLDEN]
        + _edges()
    )


def _briefs(docs: list[dict[str, Any]]) -> list[list[tuple[str, date | None]]]:
    return [[(m.outcome, m.earliest) for m in c.measures] for c in Batch().assess_many(docs)]


@pytest.fixture(scope="module")
def population() -> list[dict[str, Any]]:
    return _population()


@pytest.fixture(scope="module")
def wanted(population: list[dict[str, Any]]) -> list[list[tuple[str, date | None]]]:
    return _briefs(population)


def _mismatched(assessment: Any, wanted: list[list[tuple[str, date | None]]]) -> list[int]:
    return [i for i, want in enumerate(wanted) if assessment.brief(i) != want]


def test_every_row_gets_the_batch_paths_outcomes_and_dates(
    population: list[dict[str, Any]], wanted: list[list[tuple[str, date | None]]]
) -> None:
    assessment = Columnar().assess(from_documents(population))
    mismatched = _mismatched(assessment, wanted)
    assert not mismatched, f"{len(mismatched)} differ, first: {population[mismatched[0]]}"
    # The varied documents are mostly read column-wise, not left to the batch path.
    assert Columns(from_documents(population).table, {}).ok.mean() > 0.9


def test_the_profile_lookup_and_kept_tables_give_the_same_results(
    population: list[dict[str, Any]], wanted: list[list[tuple[str, date | None]]]
) -> None:
    assessor = Columnar()
    assessor.profile_rows = 0  # reduce rows to profiles on every lookup
    half = len(population) // 2
    first = assessor.assess(from_documents(population[:half]))
    second = assessor.assess(from_documents(population[half:]))  # the tables of the first call
    assert not _mismatched(first, wanted[:half])
    assert not _mismatched(second, wanted[half:])


def test_a_plan_without_a_vector_form_is_finished_row_by_row(
    population: list[dict[str, Any]],
    wanted: list[list[tuple[str, date | None]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(columnar, "_FINISHERS", {})
    assessment = Columnar().assess(from_documents(population[:1500]))
    assert not _mismatched(assessment, wanted[:1500])


def test_a_row_materialises_the_json_evaluate_gives_and_shared_decisions_are_its_own(
    population: list[dict[str, Any]],
) -> None:
    assessment = Columnar().assess(from_documents(population))
    checked = 0
    for index in random.Random(3).sample(range(len(population)), 250):
        want = evaluate(population[index])
        assert assessment.to_json(index) == want
        for m, measure in enumerate(want["measures"]):
            number = int(assessment.decision[m, index])
            decision = assessment.decisions[number] if number >= 0 else None
            if type(decision) is Measure and type(decision.decision) is dict:
                assert decision.decision == measure
                checked += 1
    assert checked > 1000


def test_the_facts_of_a_vouched_row_are_those_the_careful_reader_gives(
    population: list[dict[str, Any]],
) -> None:
    columns = Columns(from_documents(population).table, {})
    rows = np.flatnonzero(columns.ok)
    for row, found in zip(rows.tolist(), columns.facts(rows.tolist()), strict=True):
        assert found == facts_module.read(population[row])


def test_json_lines_read_as_the_documents_themselves() -> None:
    docs = documents(600, seed=23)
    docs[5]["sentence"]["years"] = 5.0  # valid, but not an Arrow int64: its chunk goes to Python
    text = "\n".join(json.dumps(d) for d in docs) + "\n\n"
    population = read_jsonl(text.encode())
    assert len(population) == len(docs)
    assert population.document(5) == docs[5] and population.document(599) == docs[599]
    assessment = Columnar().assess(population)
    assert [assessment.brief(i) for i in range(len(docs))] == _briefs(docs)
    assert sum(assessment.counts().values()) == 9 * len(docs)


def test_json_lines_that_arrow_reads_keep_the_original_documents(tmp_path: Path) -> None:
    docs = [facts(), facts(as_of="2019-02-30"), facts()]
    path = tmp_path / "facts.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), "utf-8")
    population = read_jsonl(path)
    assert population.document(1) == docs[1]
    with pytest.raises(FactsError, match=r"^\[1\] as_of: not an ISO date$"):
        Columnar().assess(population)


def test_a_line_that_is_not_json_is_named() -> None:
    with pytest.raises(FactsError, match=r"^\[1\] \(document\): not JSON$"):
        read_jsonl(b'{"as_of": "2020-01-01"}\n{"as_of": \n')


def _batch_outcome(docs: list[Any]) -> Any:
    try:
        return _briefs(docs)
    except FactsError as error:
        return f"FactsError: {error}"


def _columnar_outcome(docs: list[Any]) -> Any:
    try:
        assessment = Columnar().assess(from_documents(docs))
    except FactsError as error:
        return f"FactsError: {error}"
    return [assessment.brief(i) for i in range(len(docs))]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations())
def test_any_near_valid_document_gives_the_batch_paths_result_or_error(
    document: dict[str, Any],
) -> None:
    docs = [facts(), document, facts(sentence__years=3)]
    assert _columnar_outcome(docs) == _batch_outcome(docs)


@pytest.mark.parametrize(
    "changes",
    [
        {"sentence__kind": None},
        {"sentence": None},
        {"as_of": None},
        {"offences": []},
        {"offences": [{"article": "257", "part": None, "offence_date": "2019-01-05"}]},
        {"offences": [{"article": "0257", "part": "2", "offence_date": "2019-01-05"}]},
        {"offences": [{"article": "257", "part": "2", "offence_date": "2019-1-05"}]},
        {"offences": [{"article": "257", "part": "2", "offence_date": "1899-12-31"}]},
        {"offences": [{"article": "257", "part": "2", "offence_date": "2023-01-07"}]},
        {"person__birth_date": "2019-01-06"},
        {"person__sex": "X"},
        {"person__pregnant": True},
        {"sentence__years": 51},
        {"sentence__security_level": "low"},
        {"sentence__life": True},
        {"sentence__start_date": "2023-01-07"},
        {"conduct__prior_revocation_ground": 2},
        {"conduct__prior_revocation_ground": 4},
        {"medical__extra": True},
    ],
)
def test_an_invalid_document_gives_the_batch_paths_error(changes: dict[str, Any]) -> None:
    document = facts(**changes)
    for key, value in changes.items():  # None sets the field to null, not removes it
        if value is None:
            *parents, leaf = key.split("__")
            node = document
            for parent in parents:
                node = node[parent]
            node[leaf] = None
    docs = [facts(), facts(), document, facts(as_of="2019-02-30")]
    got = _columnar_outcome(docs)
    assert got == _batch_outcome(docs)
    assert str(got).startswith("FactsError: [2] ")


def test_the_calendar_arithmetic_is_add_periods() -> None:
    rng = random.Random(9)
    starts = [date(2020, 2, 29), date(2019, 1, 31), date(2100, 12, 31), date(1900, 3, 1)]
    starts += [date(1950, 1, 1) + timedelta(days=rng.randrange(60000)) for _ in range(300)]
    for start in starts:
        years, months, days = rng.randrange(0, 51), rng.randrange(0, 601), rng.randrange(0, 400)
        want = add_period_on_dates(start, years, months, days)
        day = np.array([(start - date(1970, 1, 1)).days], dtype=np.int64)
        got = add_period(day, years, months, days)
        assert date(1970, 1, 1) + timedelta(days=int(got[0])) == want, (start, years, months)


def test_no_date_is_datetime64s_not_a_time() -> None:
    assert np.array([NO_DATE], dtype=np.int64).view("datetime64[D]")[0] != np.datetime64(
        "1970-01-01"
    )
    assert np.isnat(np.array([NO_DATE], dtype=np.int64).view("datetime64[D]")[0])


# --- Parquet ------------------------------------------------------------------------------------


def _fitting(count: int, seed: int) -> list[dict[str, Any]]:
    """Varied documents whose values all fit the schema's types (no 5.0 for 5)."""
    return [d for d in documents(count, seed=seed) if columnar._fits(d, columnar._STRUCT)]


def test_parquet_gives_the_documents_results(tmp_path: Path) -> None:
    docs = _fitting(800, seed=31)
    path = tmp_path / "facts.parquet"
    pq.write_table(from_documents(docs).table, path, row_group_size=300)  # several chunks
    population = read_parquet(path)
    assessment = Columnar().assess(population)
    assert [assessment.brief(i) for i in range(len(docs))] == _briefs(docs)
    # A row's document: its values, null for absent (the same facts).
    for index in (0, 17, len(docs) - 1):
        assert facts_module.read(population.document(index)) == facts_module.read(docs[index])
    assert assessment.to_json(17) == evaluate(docs[17])


def test_parquet_may_hold_date_columns_narrow_integers_and_whole_floats() -> None:
    docs = [facts(), facts(sentence__years=7, sentence__start_date="2020-02-29")]
    plain = from_documents(docs).table
    person = plain.column("person").combine_chunks()
    sentence = plain.column("sentence").combine_chunks()
    narrow = pa.table(
        {
            "as_of": pa.array([date.fromisoformat(d["as_of"]) for d in docs], type=pa.date32()),
            "offences": plain.column("offences"),
            "person": person,
            "sentence": pa.StructArray.from_arrays(
                [
                    pc.struct_field(sentence, "kind").cast(pa.large_string()),
                    pc.struct_field(sentence, "years").cast(pa.float64()),
                    pc.struct_field(sentence, "start_date").cast(pa.date32()),
                    pc.struct_field(sentence, "pretrial_custody_days").cast(pa.int16()),
                ],
                names=["kind", "years", "start_date", "pretrial_custody_days"],
            ),
        }
    )
    got = Columnar().assess(columnar.from_table(narrow))
    trimmed = [
        {
            **d,
            "sentence": {
                k: d["sentence"].get(k)
                for k in ("kind", "years", "start_date", "pretrial_custody_days")
            },
        }
        for d in docs
    ]
    for d in trimmed:
        d.pop("conduct"), d.pop("medical"), d.pop("circumstances")
    assert [got.brief(i) for i in range(2)] == _briefs(trimmed)


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"extra": [None, 3]}, r"^\[1\] extra: unknown field$"),
        (
            {"person": [None, {"citizen": True, "nickname": "x"}]},
            r"^\[1\] person.nickname: unknown",
        ),
        (
            {"person": [None, {"citizen": 1}]},
            r"^\[1\] person.citizen: must be true, false or null \(a column of int64\)$",
        ),
        (
            {"sentence": [{"years": 2.0}, {"years": 2.5}]},
            r"^\[1\] sentence.years: must be a whole number or null \(a column of double\)$",
        ),
        (
            {"offences": [[{"part": None}], [{"part": None}, {"part": 3}]]},
            r"^\[1\] offences\[1\].part: must be text or null \(a column of int64\)$",
        ),
        ({"as_of": [None, 20240101]}, r"^\[1\] as_of: not an ISO date \(a column of int64\)$"),
        ({"sentence": [1, 2]}, r"^\[0\] sentence: not an object \(a column of int64\)$"),
    ],
)
def test_a_parquet_column_the_facts_cannot_hold_is_named_at_its_first_value(
    columns: dict[str, Any], message: str
) -> None:
    with pytest.raises(FactsError, match=message):
        columnar.from_table(pa.table(columns))


def test_an_invalid_value_in_parquet_gives_the_careful_readers_error(tmp_path: Path) -> None:
    docs = [facts(), facts(as_of="2019-02-30"), facts()]
    path = tmp_path / "facts.parquet"
    pq.write_table(from_documents(docs).table, path)
    with pytest.raises(FactsError, match=r"^\[1\] as_of: not an ISO date$"):
        Columnar().assess(read_parquet(path))
    missing = pa.table({"as_of": ["2023-01-06"]})  # no offences, no sentence
    with pytest.raises(FactsError, match=r"^\[0\] offences: required$"):
        Columnar().assess(columnar.from_table(missing))


def test_the_collector_is_left_as_it_was() -> None:
    population = from_documents([facts()])
    Columnar().assess(population)
    assert gc.isenabled()
    gc.disable()
    try:
        Columnar().assess(population)
        assert not gc.isenabled()
    finally:
        gc.enable()
