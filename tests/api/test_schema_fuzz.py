"""Schemathesis against /api/v1/openapi.json, in-process through Django's WSGI handler.

Every operation of the published schema gets a bounded number of generated requests (valid and
invalid), each with a bearer token, and every response must be no 5xx, a documented status code,
a documented content type and a body of the documented shape. Half of the generated requests have
their path ids (and a relationship's target) replaced by real ones from the test world, so the
handlers' own code runs, not only the 404 for an unknown id. Besides the generated (fuzzing)
cases, Schemathesis's coverage phase sends each parameter's boundary and wrong-type values. A
fixed list of odd inputs (NUL in text, huge integers, dates at the ends of the calendar) is sent
besides, as the generator meets them only by chance.

Each request runs inside a savepoint rolled back afterwards: every example starts from the same
world, and a database error in one (PostgreSQL aborts the transaction) cannot poison the next.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from dataclasses import dataclass

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from zhusan.accounts.actions import do_issue_token

pytestmark = pytest.mark.django_db

# Generated requests per operation (besides the coverage phase's) and the seed: fixed for
# `make test`; set ZHUSAN_FUZZ_EXAMPLES / ZHUSAN_FUZZ_SEED for a longer or different local run.
EXAMPLES = int(os.environ.get("ZHUSAN_FUZZ_EXAMPLES", "25"))
SEED = int(os.environ.get("ZHUSAN_FUZZ_SEED", "20260101"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

app = WSGIHandler()
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    app,
    config=schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {"database": "none"},
            # The coverage phase adds the boundary values of every parameter (about 700
            # requests in all, a few seconds). Stateful runs need links the schema does not declare.
            "phases": {"stateful": {"enabled": False}},
        }
    ),
)


@pytest.fixture(autouse=True)
def _quick_hashing(settings):
    """Argon2 for the personas' passwords would be most of each test's setup."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Fuzz:
    tokens: dict[str, str]
    ids: dict[str, list[str]]
    versions: dict[str, int]


@pytest.fixture
def fuzz(world, convicted):
    """Bearer tokens of Aliya (case worker at centre A, Asel in her caseload, Asel convicted so
    the assessments answer) and Dana (intake, the one who may register a person); real ids."""
    # Django's handler closes the connection when a request ends, which would end the test's
    # transaction; Django's own test client disconnects this per request, we do for the test.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        world.asel.refresh_from_db()
        world.asel_case.refresh_from_db()
        yield Fuzz(
            tokens={
                "aliya": do_issue_token(world.aliya, label="fuzz")[1],
                "dana": do_issue_token(world.dana, label="fuzz")[1],
            },
            ids={
                "person_id": [str(world.asel.public_id), str(world.child.public_id)],
                "case_id": [str(world.asel_case.public_id)],
                "operation_id": [str(world.stage.operation.public_id)],
                "target": [str(world.child.public_id), str(world.marat.public_id)],
            },
            versions={
                str(world.asel.public_id): world.asel.version,
                str(world.child.public_id): world.child.version,
                str(world.asel_case.public_id): world.asel_case.version,
            },
        )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _persona(case) -> str:
    return "dana" if case.method == "POST" and case.path == "/api/v1/persons" else "aliya"


def _call(case, fuzz: Fuzz):
    headers = {"Authorization": f"Bearer {fuzz.tokens[_persona(case)]}"}
    sid = transaction.savepoint()
    try:
        response = case.call(headers=headers)
    finally:
        transaction.savepoint_rollback(sid)
    case.validate_response(response, checks=CHECKS, headers=headers)
    return response


def _use_real_ids(case, fuzz: Fuzz, pick: int) -> None:
    """Real ids in the path, a real target, and (every other time) the record's real version."""
    for name in list(case.path_parameters or {}):
        if name in fuzz.ids:
            choices = fuzz.ids[name]
            case.path_parameters[name] = choices[pick % len(choices)]
    if not isinstance(case.body, dict):
        return
    if isinstance(case.body.get("target"), str):
        case.body["target"] = fuzz.ids["target"][pick % 2]
    if "version" in case.body and pick % 4 < 2:
        record_id = next(iter((case.path_parameters or {}).values()), None)
        if record_id in fuzz.versions:
            case.body["version"] = fuzz.versions[record_id]


UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def _stable(value) -> str:
    """The same text for a case in every run: no object addresses (as repr has), and no UUIDs
    (the coverage phase draws some afresh each run)."""
    text = json.dumps(
        value,
        sort_keys=True,
        default=lambda o: o.hex() if isinstance(o, bytes) else type(o).__name__,
    )
    return UUID_TEXT.sub("<uuid>", text)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_as_documented(case, fuzz):
    # A coin from the case itself: Schemathesis skips its coverage phase for a test taking
    # extra `given` arguments, and the choice stays deterministic.
    pick = zlib.crc32(_stable((case.path_parameters, case.query, case.body)).encode())
    if pick % 2:
        _use_real_ids(case, fuzz, pick // 2)
    _call(case, fuzz)


NUL = "bad\x00text"
HUGE = 10**30

# (method, path, query, body builder) for inputs the generator seldom produces.
ODD = [
    ("GET", "/api/v1/persons", {"q": NUL}, None),
    ("GET", "/api/v1/persons", {"page": HUGE}, None),
    ("GET", "/api/v1/persons", {"state": NUL, "sex": NUL}, None),
    ("GET", "/api/v1/cases", {"page": HUGE}, None),
    ("GET", "/api/v1/cases", {"page": -HUGE, "state": NUL}, None),
    ("POST", "/api/v1/persons", None, lambda f: {"names": [{"full_name": NUL}]}),
    ("POST", "/api/v1/persons", None, lambda f: {"names": [{"full_name": "A"}], "sex": NUL}),
    (
        "POST",
        "/api/v1/persons",
        None,
        lambda f: {"names": [{"full_name": "A"}], "birth_date": "9999-12-31"},
    ),
    (
        "POST",
        "/api/v1/persons",
        None,
        lambda f: {"names": [{"full_name": "A"}], "birth_date": "0001"},
    ),
    ("POST", "/api/v1/persons", None, lambda f: {"names": [{"full_name": "A", "script": NUL}]}),
    ("PATCH", "/api/v1/persons/{person_id}", None, lambda f: {"version": HUGE}),
    ("PATCH", "/api/v1/persons/{person_id}", None, lambda f: {"version": -HUGE, "sex": "F"}),
    (
        "PATCH",
        "/api/v1/persons/{person_id}",
        None,
        lambda f: {"version": f.versions[f.ids["person_id"][0]], "birth_place": NUL},
    ),
    (
        "PATCH",
        "/api/v1/persons/{person_id}",
        None,
        lambda f: {"version": f.versions[f.ids["person_id"][0]], "birth_date": "9999-12-31"},
    ),
    (
        "PATCH",
        "/api/v1/persons/{person_id}",
        None,
        lambda f: {"version": f.versions[f.ids["person_id"][0]], "death_date": "9999-12-31"},
    ),
    (
        "PATCH",
        "/api/v1/persons/{person_id}",
        None,
        lambda f: {
            "version": f.versions[f.ids["person_id"][0]],
            "death_date": "0001-01-01",
            "deceased": True,
        },
    ),
    (
        "PATCH",
        "/api/v1/persons/{person_id}",
        None,
        lambda f: {
            "version": f.versions[f.ids["person_id"][0]],
            "citizenship": NUL,
            "care_needs": NUL,
        },
    ),
    ("POST", "/api/v1/persons/{person_id}/names", None, lambda f: {"full_name": NUL}),
    (
        "POST",
        "/api/v1/persons/{person_id}/names",
        None,
        lambda f: {"full_name": "A", "kind": NUL, "surname": NUL},
    ),
    (
        "POST",
        "/api/v1/persons/{person_id}/relationships",
        None,
        lambda f: {"kind": "parent", "target": f.ids["target"][0], "note": NUL},
    ),
    (
        "POST",
        "/api/v1/persons/{person_id}/relationships",
        None,
        lambda f: {
            "kind": "spouse",
            "target": f.ids["target"][0],
            "start_date": "0001-01-01",
            "end_date": "9999-12-31",
            "end_reason": NUL,
        },
    ),
    (
        "POST",
        "/api/v1/persons/{person_id}/relationships",
        None,
        lambda f: {
            "kind": "spouse",
            "target": f.ids["target"][0],
            "start_date": "9999-12-31",
            "end_date": "0001-01-01",
        },
    ),
    ("POST", "/api/v1/persons/{person_id}/events", None, lambda f: {"type": "note", "note": NUL}),
    (
        "POST",
        "/api/v1/persons/{person_id}/events",
        None,
        lambda f: {"type": NUL, "place": NUL, "outcome": NUL},
    ),
    (
        "POST",
        "/api/v1/persons/{person_id}/events",
        None,
        lambda f: {"type": "note", "date": "9999-12-31"},
    ),
    (
        "POST",
        "/api/v1/persons/{person_id}/events",
        None,
        lambda f: {"type": "note", "date": "0001"},
    ),
    ("GET", "/api/v1/persons/{person_id}/assessment", {"as_of": "0001-01-01"}, None),
    ("GET", "/api/v1/persons/{person_id}/assessment", {"as_of": "9999-12-31"}, None),
    (
        "POST",
        "/api/v1/persons/{person_id}/assessments",
        None,
        lambda f: {"as_of": "0001-01-01", "purpose": "x"},
    ),
    (
        "POST",
        "/api/v1/persons/{person_id}/assessments",
        None,
        lambda f: {"as_of": "9999-12-31", "purpose": "x"},
    ),
    (
        "POST",
        "/api/v1/persons/{person_id}/assessments",
        None,
        lambda f: {"as_of": "2024-01-01", "purpose": NUL},
    ),
    (
        "POST",
        "/api/v1/cases/{case_id}/moves",
        None,
        lambda f: {"to_state": "community", "date": "2024-01-01", "reason": NUL},
    ),
    (
        "POST",
        "/api/v1/cases/{case_id}/moves",
        None,
        lambda f: {"to_state": NUL, "date": "2024-01-01", "reason": "x", "place": NUL},
    ),
    (
        "POST",
        "/api/v1/cases/{case_id}/moves",
        None,
        lambda f: {"to_state": "community", "date": "0001-01-01", "reason": "x", "version": HUGE},
    ),
    (
        "POST",
        "/api/v1/cases/{case_id}/moves",
        None,
        lambda f: {"to_state": "community", "date": "9999-12-31", "reason": "x"},
    ),
    (
        "POST",
        "/api/v1/law/evaluate",
        None,
        lambda f: {"as_of": NUL, "offences": [], "sentence": {}},
    ),
    (
        "POST",
        "/api/v1/law/evaluate",
        None,
        lambda f: {
            "as_of": "9999-12-31",
            "offences": [{"article": "257", "part": "2", "offence_date": "0001-01-01"}],
            "sentence": {"kind": "imprisonment", "years": HUGE},
        },
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "query", "body"),
    ODD,
    ids=[f"{i}-{m}-{p.rsplit('/', 1)[-1]}" for i, (m, p, _q, _b) in enumerate(ODD)],
)
def test_odd_input_is_refused_as_documented(fuzz, method, path, query, body):
    operation = schema[path][method]
    ids = {name: values[0] for name, values in fuzz.ids.items() if "{" + name + "}" in path}
    case = operation.Case(
        path_parameters=ids or None,
        query=query,
        **({"body": body(fuzz), "media_type": "application/json"} if body else {}),
    )
    response = _call(case, fuzz)
    assert response.status_code < 500
    if query and NUL in query.values() or body and NUL in str(body(fuzz)):
        assert response.status_code == 422, response.text


def test_the_schema_lists_the_operations_with_path_ids():
    operations = {(op.ok().method.upper(), op.ok().path) for op in schema.get_all_operations()}
    assert len(operations) >= 19
    assert ("GET", "/api/v1/persons/{person_id}") in operations
    assert ("POST", "/api/v1/cases/{case_id}/moves") in operations
