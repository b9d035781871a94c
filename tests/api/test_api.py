import datetime as dt
import json

import pytest

from zhusan.accounts.actions import do_issue_token, do_revoke_token
from zhusan.audit.models import AuditEvent, AuditEventType
from zhusan.cases.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, world):
    """A client calling the API with Aliya's bearer token."""
    _token, secret = do_issue_token(world.aliya, label="tests")

    class Api:
        def __init__(self, secret):
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

        def get(self, url, **params):
            return client.get("/api/v1" + url, params, **self.headers)

        def post(self, url, body):
            return client.post(
                "/api/v1" + url, json.dumps(body), content_type="application/json", **self.headers
            )

        def patch(self, url, body):
            return client.patch(
                "/api/v1" + url, json.dumps(body), content_type="application/json", **self.headers
            )

    return Api(secret)


def test_the_openapi_schema_is_published_and_lists_every_resource(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in (
        "/api/v1/persons",
        "/api/v1/persons/{person_id}",
        "/api/v1/persons/{person_id}/names",
        "/api/v1/persons/{person_id}/relationships",
        "/api/v1/persons/{person_id}/events",
        "/api/v1/cases",
        "/api/v1/cases/{case_id}/moves",
        "/api/v1/operations",
    ):
        assert path in paths, path


def test_no_call_without_credentials(client, world):
    response = client.get("/api/v1/persons")
    assert response.status_code == 401 and "token" in response.json()["detail"]


def test_a_revoked_token_is_refused(client, world):
    token, secret = do_issue_token(world.aliya, label="short-lived")
    do_revoke_token(world.aliya, token)
    assert client.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_a_read_only_token_cannot_write(client, world):
    _token, secret = do_issue_token(world.aliya, label="reader", read_only=True)
    response = client.post(
        f"/api/v1/persons/{world.asel.public_id}/events",
        json.dumps({"type": "note"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 401


def test_listing_searches_names_in_any_script(api, world):
    body = api.get("/persons", q="Asel Nurlankyzy").json()
    assert body["count"] == 1 and body["results"][0]["display_name"] == "Нұрланқызы Асель"


def test_listing_is_limited_to_the_caseload(api, world):
    names = {p["display_name"] for p in api.get("/persons").json()["results"]}
    assert names == {"Нұрланқызы Асель", "Юсуф Нұрланұлы"}


def test_reading_a_person_outside_scope_is_not_found(api, world):
    assert api.get(f"/persons/{world.marat.public_id}").status_code == 404


def test_reading_a_person_is_audited(api, world):
    assert api.get(f"/persons/{world.asel.public_id}").status_code == 200
    assert AuditEvent.objects.filter(
        type=AuditEventType.PERSON_VIEWED, actor=world.aliya.user
    ).exists()


def test_adding_an_event_through_the_api(api, world):
    response = api.post(
        f"/persons/{world.asel.public_id}/events",
        {"type": "session", "date": "2019-06", "place": "Aktau", "note": "Group session"},
    )
    assert response.status_code == 201 and response.json()["date"] == "2019-06"
    assert Event.objects.get(person=world.asel, type="session").date_precision == "month"


def test_bad_input_is_a_422_naming_the_field(api, world):
    response = api.post(
        f"/persons/{world.asel.public_id}/events", {"type": "session", "date": "June"}
    )
    assert response.status_code == 422 and "date" in response.json()["errors"]
    response = api.post(f"/persons/{world.asel.public_id}/events", {"type": "dancing"})
    assert response.status_code == 422 and "type" in response.json()["errors"]
    response = api.post(f"/persons/{world.asel.public_id}/events", {"date": 5})
    assert response.status_code == 422


def test_a_stale_patch_is_a_409_with_the_current_values(api, world):
    first = api.patch(f"/persons/{world.asel.public_id}", {"version": 1, "birth_place": "Aktobe"})
    assert first.status_code == 200 and first.json()["version"] == 2
    second = api.patch(f"/persons/{world.asel.public_id}", {"version": 1, "birth_place": "Atyrau"})
    assert second.status_code == 409
    assert second.json()["current"]["birth_place"] == "Aktobe" and second.json()["version"] == 2


def test_moving_a_case_only_along_a_defined_transition(api, world):
    url = f"/cases/{world.asel_case.public_id}/moves"
    bad = api.post(url, {"to_state": "custody", "date": "2019-05-10", "reason": "x"})
    assert bad.status_code == 422
    good = api.post(
        url, {"to_state": "rehabilitation", "date": "2019-05-10", "reason": "Adaptation centre"}
    )
    assert good.status_code == 201 and good.json()["state"] == "rehabilitation"


def test_a_case_worker_cannot_register_a_person(api, world):
    response = api.post("/persons", {"names": [{"full_name": "New Person"}]})
    assert response.status_code == 403


def test_relationships_can_only_point_inside_scope(api, world):
    response = api.post(
        f"/persons/{world.asel.public_id}/relationships",
        {"kind": "spouse", "target": str(world.marat.public_id)},
    )
    assert response.status_code == 422 and "target" in response.json()["errors"]


def test_operations_list_their_stages(api, world):
    ops = api.get("/operations").json()
    assert ops[0]["stages"][0]["name"] == "Zhusan, stage 2" and ops[0]["stages"][0]["arrivals"] == 2


def test_a_session_user_can_read_but_must_send_csrf_to_write(client, world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.login(username="aliya", password="correct horse battery staple")
    assert strict.get("/api/v1/persons").status_code == 200
    response = strict.post(
        f"/api/v1/persons/{world.asel.public_id}/events",
        json.dumps({"type": "note"}),
        content_type="application/json",
    )
    assert response.status_code in (401, 403)


def test_the_api_hides_events_of_tiers_the_caller_lacks(api, world):
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
    from zhusan.cases.actions import do_add_event, do_assign_case

    security = do_create_agency(None, code="security", name="Security", kind="security")
    yerlan = do_add_membership(
        None,
        user=do_create_user(None, username="yerlan", password="z" * 16),
        agency=security,
        role="screening_officer",
    )
    do_assign_case(world.dana, world.asel_case, security, since=dt.date(2019, 5, 9))
    do_add_event(
        yerlan, world.asel, type="screening_outcome", date=dt.date(2019, 5, 20), outcome="absolved"
    )
    types = {e["type"] for e in api.get(f"/persons/{world.asel.public_id}/events").json()}
    assert "screening_outcome" not in types


def test_a_case_worker_gets_no_legal_assessment_through_the_api(api, world, convicted):
    assert api.get(f"/persons/{world.asel.public_id}/assessment").status_code == 403
    assert api.get(f"/persons/{world.asel.public_id}/assessments").status_code == 403
    r = api.post(
        f"/persons/{world.asel.public_id}/assessments", {"as_of": "2023-01-01", "purpose": "x"}
    )
    assert r.status_code == 403


def test_closing_a_case_through_the_api_needs_an_outcome(client, world):
    client.force_login(world.dana.user)
    url = f"/api/v1/cases/{world.asel_case.public_id}/moves"
    body = {"to_state": "closed", "date": "2020-01-01", "reason": "Moved abroad"}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 422 and "outcome" in refused.json()["errors"]
    done = client.post(url, body | {"outcome": "emigrated"}, content_type="application/json")
    assert done.status_code == 201
    assert done.json()["transitions"][-1]["outcome"] == "emigrated"
