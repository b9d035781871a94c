"""Every API operation × every persona × in-scope, out-of-scope and excluded record → one status.

The operations come from the published OpenAPI schema, so a new endpoint without a row in SPEC
fails `test_every_operation_is_in_the_matrix`. Each persona calls with their own bearer token:

- the in-scope record is Asel (and her case), in centre A's, headquarters' and the prosecution's
  caseloads; the table gives each persona's answer on it — Chingiz (centre B) is the column of a
  role whose agency does not hold her, Erzhan the column of a centre-A colleague excluded from her;
- the out-of-scope record is a person registered by another operation's intake: every persona
  gets 404 on it, for every operation that names a record;
- without a token every operation is 401.

Expected answers: 404 where the record is not the caller's to see (whatever their role), 403 for a
role without the permission, 200/201 otherwise. Each call runs in a savepoint rolled back after
it, so every call starts from the same world.
"""

from __future__ import annotations

import json
import re

import pytest
from django.db import transaction

from zhusan.accounts.actions import do_issue_token

pytestmark = pytest.mark.django_db

PERSONAS = ("aliya", "bolat", "madina", "dana", "chingiz", "erzhan", "arman", "auditor", "admin")


def row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(PERSONAS)
    return dict(zip(PERSONAS, statuses, strict=True))


ALL_OK = row(*[200] * len(PERSONAS))
#                 aliya bolat madina dana chingiz erzhan arman audit admin
RECORD_READ = row(200, 200, 200, 200, 404, 404, 404, 404, 404)
RECORDS_LIST = row(200, 200, 200, 200, 200, 200, 403, 403, 403)

# "METHOD path" -> (body builder or None, {persona: status on the in-scope record})
SPEC = {
    "POST /law/evaluate": ("facts", RECORDS_LIST),
    "GET /persons": (None, RECORDS_LIST),
    "POST /persons": ("new_person", row(403, 403, 403, 201, 403, 403, 403, 403, 403)),
    "GET /persons/{person_id}": (None, RECORD_READ),
    "PATCH /persons/{person_id}": ("patch", row(200, 403, 403, 200, 404, 404, 404, 404, 404)),
    "GET /persons/{person_id}/names": (None, RECORD_READ),
    "POST /persons/{person_id}/names": ("name", row(201, 403, 403, 201, 404, 404, 404, 404, 404)),
    "GET /persons/{person_id}/relationships": (None, RECORD_READ),
    "POST /persons/{person_id}/relationships": (
        "relationship",
        row(201, 403, 403, 201, 404, 404, 404, 404, 404),
    ),
    "GET /persons/{person_id}/events": (None, RECORD_READ),
    "POST /persons/{person_id}/events": ("event", row(201, 201, 201, 201, 404, 404, 404, 404, 404)),
    # Legal assessments are justice information: only the prosecutor's role holds that tier.
    "GET /persons/{person_id}/assessment": (None, row(403, 403, 200, 403, 404, 404, 404, 404, 404)),
    "GET /persons/{person_id}/assessments": (
        None,
        row(403, 403, 200, 403, 404, 404, 404, 404, 404),
    ),
    "POST /persons/{person_id}/assessments": (
        "assessment",
        row(403, 403, 201, 403, 404, 404, 404, 404, 404),
    ),
    "GET /cases": (None, RECORDS_LIST),
    "GET /cases/{case_id}": (None, RECORD_READ),
    "POST /cases/{case_id}/moves": ("move", row(201, 403, 201, 201, 404, 404, 404, 404, 404)),
    "GET /operations": (None, ALL_OK),
    "GET /operations/{operation_id}": (None, ALL_OK),
    # Aggregate statistics: every role here holds view_statistics.
    "GET /stats": (None, ALL_OK),
    "GET /stats/{code}": (None, ALL_OK),
}
RECORD_PARAMS = ("{person_id}", "{case_id}")
PREFIX = "/api/v1"


def operations() -> set[str]:
    from zhusan.api.views import api

    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path.removeprefix(PREFIX)}"
        for path, ops in schema["paths"].items()
        for method in ops
    }


def test_every_operation_is_in_the_matrix():
    published = operations()
    missing = sorted(published - set(SPEC))
    stale = sorted(set(SPEC) - published)
    assert not missing, f"add these operations to SPEC with each persona's answer: {missing}"
    assert not stale, f"SPEC lists operations the API no longer has: {stale}"


@pytest.fixture
def matrix(world, convicted, prosecutor, settings):
    """The personas' tokens, the in-scope and out-of-scope records, and a body for each write."""
    import datetime as dt

    from django.utils import timezone

    from zhusan.access.actions import do_exclude
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
    from zhusan.accounts.models import Membership
    from zhusan.cases import actions as cases
    from zhusan.cases.pathway import TRANSITIONS, State
    from zhusan.people import actions as people

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def member(username, agency, role):
        user = do_create_user(None, username=username, password="p" * 16)
        return do_add_membership(None, user=user, agency=agency, role=role)

    admin = Membership.objects.get(user__username="admin")
    oversight = do_create_agency(None, code="ombudsman", name="Ombudsman", kind="oversight")
    elsewhere = do_create_agency(None, code="rusafa", name="Rusafa intake", kind="operation")
    erzhan = member("erzhan", world.aliya.agency, "case_worker")
    do_exclude(admin, user=erzhan.user, person=world.asel, reason="Conflict of interest")
    memberships = {
        "aliya": world.aliya,
        "bolat": world.bolat,
        "madina": prosecutor,
        "dana": world.dana,
        "chingiz": world.chingiz,
        "erzhan": erzhan,
        "arman": world.arman,
        "auditor": member("zhanar", oversight, "auditor"),
        "admin": admin,
    }
    tokens = {name: do_issue_token(m, label="matrix")[1] for name, m in memberships.items()}

    # A relative in every caseload that holds Asel, to name as the other side of a relationship.
    relative = people.do_create_person(world.dana, names=[people.NameInput("Нұрланов Ерлан")])
    relative_case = cases.do_open_case(world.dana, relative, opened_on=dt.date(2019, 5, 8))
    for agency in (world.aliya.agency, prosecutor.agency):
        cases.do_assign_case(world.dana, relative_case, agency, since=dt.date(2019, 5, 10))
    # A person no persona's agency holds.
    other_intake = member("nurlan", elsewhere, "intake_officer")
    outsider = people.do_create_person(other_intake, names=[people.NameInput("Жанболатов Ерік")])
    outsider_case = cases.do_open_case(other_intake, outsider, opened_on=dt.date(2019, 5, 8))

    world.asel_case.refresh_from_db()
    to_state = next(s for s in TRANSITIONS[world.asel_case.state] if s != State.CLOSED)
    from zhusan.reports.catalogue import catalogue

    bodies = {
        "facts": lambda: {
            "as_of": "2022-08-10",
            "offences": [{"article": "257", "part": "2", "offence_date": "2014-10-01"}],
            "sentence": {"kind": "imprisonment", "years": 8, "start_date": "2019-12-20"},
        },
        "new_person": lambda: {"names": [{"full_name": "Серікова Айгүл"}], "sex": "F"},
        "patch": lambda: {"version": _version(world.asel), "birth_place": "Aktau"},
        "name": lambda: {"full_name": "Asel Nurlanqyzy", "script": "Latn"},
        "relationship": lambda: {"kind": "sibling", "target": str(relative.public_id)},
        "event": lambda: {"type": "note", "note": "matrix"},
        "assessment": lambda: {"as_of": "2023-01-01", "purpose": "matrix"},
        "move": lambda: {
            "to_state": to_state,
            "date": timezone.localdate().isoformat(),
            "reason": "matrix",
        },
    }
    ids = {
        "in": {"person_id": world.asel.public_id, "case_id": world.asel_case.public_id},
        "out": {"person_id": outsider.public_id, "case_id": outsider_case.public_id},
        "any": {
            "operation_id": world.stage.operation.public_id,
            "code": next(iter(catalogue())),
        },
    }
    return {"tokens": tokens, "bodies": bodies, "ids": ids}


def _version(person) -> int:
    person.refresh_from_db()
    return person.version


def _url(path: str, ids: dict) -> str:
    def fill(match):
        name = match.group(1)
        assert name in ids, f"no test value for the path parameter {{{name}}}: add one"
        return str(ids[name])

    return PREFIX + re.sub(r"\{(\w+)\}", fill, path)


def _call(client, operation: str, ids: dict, body, token: str | None) -> int:
    method, path = operation.split(" ", 1)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    with transaction.atomic():
        response = client.generic(
            method,
            _url(path, ids),
            data=json.dumps(body) if body is not None else "",
            content_type="application/json",
            **headers,
        )
        transaction.set_rollback(True)
    return response.status_code


def _body(matrix, name):
    return matrix["bodies"][name]() if name else None


def test_each_persona_gets_the_expected_answer_on_the_in_scope_record(client, matrix):
    ids = matrix["ids"]["in"] | matrix["ids"]["any"]
    wrong = []
    for operation, (body, expected) in sorted(SPEC.items()):
        for persona, status in expected.items():
            got = _call(client, operation, ids, _body(matrix, body), matrix["tokens"][persona])
            if got != status:
                wrong.append(f"{operation} as {persona}: {got}, expected {status}")
    assert not wrong, "\n".join(wrong)


def test_a_record_outside_the_callers_scope_is_not_found_for_every_persona(client, matrix):
    ids = matrix["ids"]["out"] | matrix["ids"]["any"]
    wrong = []
    for operation, (body, _expected) in sorted(SPEC.items()):
        if not any(p in operation for p in RECORD_PARAMS):
            continue
        for persona in PERSONAS:
            got = _call(client, operation, ids, _body(matrix, body), matrix["tokens"][persona])
            if got != 404:
                wrong.append(f"{operation} as {persona} on a record out of scope: {got}")
    assert not wrong, "\n".join(wrong)


def test_no_operation_answers_without_credentials(client, matrix):
    ids = matrix["ids"]["in"] | matrix["ids"]["any"]
    wrong = [
        f"{operation}: {got}"
        for operation, (body, _expected) in sorted(SPEC.items())
        if (got := _call(client, operation, ids, _body(matrix, body), None)) != 401
    ]
    assert not wrong, "\n".join(wrong)
