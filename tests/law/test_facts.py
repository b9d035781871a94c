"""Validating the facts document: clear messages naming the field, agreement with the schema."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.law.facts_examples import BASE, facts
from zhusan.law import FactsError, evaluate

SCHEMA_PATH = (
    Path(__file__).resolve().parents[2] / "zhusan" / "law" / "data" / "law-facts.schema.json"
)
GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.yaml"))


@cache
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def refused(document: Any) -> str:
    with pytest.raises(FactsError) as caught:
        evaluate(document)
    return str(caught.value)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sentence__start_date": "20.12.2019"}, "sentence.start_date: not an ISO date"),
        ({"sentence__start_date": "2019-02-30"}, "sentence.start_date: not an ISO date"),
        ({"as_of": "1850-01-01"}, "as_of: year outside 1900-2100"),
        ({"person__sex": "male"}, "person.sex: must be one of M, F or null"),
        ({"person__pregant": True}, "person.pregant: unknown field"),
        (
            {"conduct__active_assistance": "yes"},
            "conduct.active_assistance: must be true, false or null",
        ),
        ({"sentence__years": -1}, "sentence.years: must be between 0 and 50"),
        ({"sentence__years": 2.5}, "sentence.years: must be a whole number or null"),
        ({"sentence__kind": None}, "sentence.kind: required"),
        ({"offences": []}, "offences: must list between 1 and 50 offences"),
        (
            {"offences": [{"article": "257", "part": 2, "offence_date": "2019-01-05"}]},
            "offences[0].part: must be a string like '2'",
        ),
        ({"offences": [{"article": "257", "part": "2"}]}, "offences[0].offence_date: required"),
        ({"as_of": "2018-01-01"}, "offences[0].offence_date: after as_of"),
        (
            {"person__birth_date": "2020-01-01"},
            "offences[0].offence_date: before person.birth_date",
        ),
        ({"sentence__life": True}, "sentence.years: must be 0 or omitted for a life term"),
        (
            {"conduct__prior_revocation_ground": 3},
            "conduct.prior_revocation_ground: given but prior_parole_revoked is false",
        ),
    ],
)
def test_it_refuses_an_invalid_document_naming_the_field(
    changes: dict[str, Any], message: str
) -> None:
    assert refused(facts(**changes)) == message


def test_it_refuses_a_document_that_is_not_an_object() -> None:
    assert refused([]) == "(document): not a JSON object"


def test_it_requires_as_of_offences_and_sentence() -> None:
    for field in ("as_of", "offences", "sentence"):
        document = dict(BASE)
        del document[field]
        assert refused(document) == f"{field}: required"


def test_it_accepts_the_minimal_document() -> None:
    minimal = {
        "as_of": "2024-01-01",
        "offences": [{"article": "172", "part": "1", "offence_date": "2019-01-01"}],
        "sentence": {"kind": "imprisonment"},
    }
    assert len(evaluate(minimal)["measures"]) == 9


def test_the_schema_accepts_every_golden_document() -> None:
    for path in GOLDEN:
        validator().validate(yaml.safe_load(path.read_text("utf-8"))["facts"])


def _mutations() -> st.SearchStrategy[dict[str, Any]]:
    """Documents close to a valid one: one field replaced by an arbitrary JSON value."""
    json_values = st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-5, 100)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.sampled_from(
            ["", "M", "F", "257", "2", "2019-01-05", "2019-13-01", "imprisonment", "minimum", "1/2"]
        ),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["article", "part", "offence_date", "x"]), inner, max_size=3
            )
        ),
        max_leaves=6,
    )
    fields = [
        f"{section}__{key}"
        for section, body in BASE.items()
        if isinstance(body, dict)
        for key in body
    ]
    fields += ["as_of", "offences", "sentence", "person", "conduct"]
    return st.builds(
        lambda field, value: (
            facts(**{field: value}) if value is not None else facts(**{field: None})
        ),
        st.sampled_from(fields),
        json_values,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations())
def test_the_hand_written_checks_never_accept_what_the_schema_refuses(
    document: dict[str, Any],
) -> None:
    schema_ok = validator().is_valid(document)
    try:
        evaluate(document)
    except FactsError:
        return
    assert schema_ok, "the engine accepted a document the schema refuses"


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.floats(),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
        ),
        max_leaves=20,
    )
)
def test_any_value_gives_a_result_or_a_facts_error(value: Any) -> None:
    try:
        result = evaluate(value)
    except FactsError:
        return
    assert {m["measure"] for m in result["measures"]} >= {"parole", "amnesty"}


@settings(max_examples=300, deadline=None)
@given(_mutations())
def test_any_near_valid_document_gives_a_result_or_a_facts_error(document: dict[str, Any]) -> None:
    try:
        result = evaluate(document)
    except FactsError:
        return
    for m in result["measures"]:
        assert m["outcome"] in {
            "eligible",
            "not_yet",
            "not_eligible",
            "mandatory",
            "barred",
            "needs_facts",
            "needs_review",
        }
        if m["outcome"] == "not_yet":
            assert m["earliest_date"] is not None
        if m["outcome"] == "needs_review":
            assert m["needs_review"] is True
        if m["outcome"] == "needs_facts":
            assert m["needs_facts"]
