import datetime as dt
import json

import pytest

from zhusan.justice.models import Petition, Proceeding

pytestmark = pytest.mark.django_db


@pytest.fixture
def madina(client, prosecutor):
    client.force_login(prosecutor.user)
    return client


def test_the_justice_tab_shows_the_engine_assessment_with_citations(madina, world, convicted):
    page = madina.get(f"/persons/{world.asel.public_id}/", {"tab": "justice"}).content.decode()
    assert 'data-testid="assessment"' in page
    assert "CC RK art. 72" in page and "Parole (CC art. 72)" in page
    assert "Penitentiary institution, Atyrau" in page


def test_recording_a_charge_and_a_verdict_from_the_page(madina, world, prosecutor):
    url = f"/persons/{world.asel.public_id}/justice/"
    r = madina.post(
        url + "charges/",
        {"article": "257", "part": "2", "offence_date": "2016-02-01", "opened_on": "2019-05-20"},
    )
    assert r.status_code == 302
    r = madina.post(
        url + "verdict/",
        {
            "verdict": "convicted",
            "verdict_date": "2019-12-20",
            "kind": "imprisonment",
            "years": "8",
            "security_level": "maximum",
            "pretrial_custody_days": "200",
        },
    )
    assert r.status_code == 302
    p = Proceeding.objects.get(person=world.asel)
    assert (
        p.verdict == "convicted"
        and p.sentence.years == 8
        and p.sentence.start_date == dt.date(2019, 12, 20)
    )


def test_a_conviction_without_its_punishment_is_refused_and_nothing_is_written(
    madina, world, prosecutor
):
    url = f"/persons/{world.asel.public_id}/justice/"
    madina.post(
        url + "charges/",
        {"article": "257", "part": "2", "offence_date": "2016-02-01", "opened_on": "2019-05-20"},
    )
    r = madina.post(url + "verdict/", {"verdict": "convicted", "verdict_date": "2019-12-20"})
    assert r.status_code == 422
    assert Proceeding.objects.get(person=world.asel).verdict == "pending"


def test_filing_and_deciding_a_petition(madina, world, convicted):
    url = f"/persons/{world.asel.public_id}/justice/"
    assert (
        madina.post(url + "petitions/", {"measure": "parole", "filed_on": "2023-01-10"}).status_code
        == 302
    )
    petition = Petition.objects.get(person=world.asel)
    r = madina.post(
        url + "decisions/",
        {
            "petition": str(petition.public_id),
            "version": petition.version,
            "decision": "refused",
            "decided_on": "2023-02-10",
            "reasons": "No assistance",
        },
    )
    assert r.status_code == 302
    petition.refresh_from_db()
    assert petition.decision == "refused" and petition.assessment is not None


def test_a_case_worker_sees_no_justice_information_at_all(signed_in, world, convicted):
    client = signed_in("aliya")
    page = client.get(f"/persons/{world.asel.public_id}/").content.decode()
    assert "?tab=justice" not in page
    tab = client.get(f"/persons/{world.asel.public_id}/", {"tab": "justice"}).content.decode()
    assert 'data-testid="assessment"' not in tab and "257" not in tab
    r = client.post(
        f"/persons/{world.asel.public_id}/justice/charges/",
        {"article": "257", "part": "2", "offence_date": "2016-02-01"},
    )
    assert r.status_code == 403


def test_a_prosecutor_does_not_see_the_illness_release_measure_or_medical_facts(
    madina, world, convicted
):
    page = madina.get(f"/persons/{world.asel.public_id}/", {"tab": "justice"}).content.decode()
    assert "Parole (CC art. 72)" in page
    assert "Release for illness" not in page and "Health Ministry list" not in page


def test_a_health_officer_records_medical_facts_and_sees_nothing_of_the_conviction(
    client, world, convicted
):
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
    from zhusan.cases.actions import do_assign_case

    health = do_create_agency(None, code="health", name="Health", kind="health")
    nurlan = do_add_membership(
        None,
        user=do_create_user(None, username="nurlan", password="y" * 16),
        agency=health,
        role="health_officer",
    )
    do_assign_case(world.dana, world.asel_case, health, since=dt.date(2020, 1, 1))
    client.force_login(nurlan.user)
    tab = client.get(f"/persons/{world.asel.public_id}/", {"tab": "justice"}).content.decode()
    assert (
        "Health Ministry list" in tab and "257" not in tab and 'data-testid="assessment"' not in tab
    )
    r = client.post(
        f"/persons/{world.asel.public_id}/justice/facts/",
        {"on_authorised_list": "no", "commission_conclusion": "yes"},
    )
    assert r.status_code == 302
    world.asel.legal_facts.refresh_from_db()
    assert world.asel.legal_facts.on_authorised_list is False


def test_the_eligibility_queue_lists_who_becomes_eligible(madina, world, prosecutor, convicted):
    from zhusan.justice.actions import do_update_legal_facts

    do_update_legal_facts(
        prosecutor,
        world.asel,
        active_assistance=True,
        malicious_violations=False,
        damage_compensated=True,
        caused_death=False,
        children_under_14=0,
    )
    page = madina.get("/eligibility/", {"from": "2020-01-01", "to": "2026-01-01"}).content.decode()
    assert "Нұрланқызы Асель" in page and 'data-testid="eligibility"' in page
    empty = madina.get("/eligibility/", {"from": "2019-01-01", "to": "2019-02-01"}).content.decode()
    assert "No one in your scope becomes eligible" in empty


def test_the_law_api_evaluates_a_facts_document_and_refuses_a_bad_one(madina, world):
    doc = {
        "as_of": "2022-08-10",
        "offences": [{"article": "257", "part": "2", "offence_date": "2014-10-01"}],
        "sentence": {"kind": "imprisonment", "years": 8, "start_date": "2019-12-20"},
    }
    r = madina.post("/api/v1/law/evaluate", json.dumps(doc), content_type="application/json")
    assert r.status_code == 200 and {m["measure"] for m in r.json()["measures"]} >= {
        "parole",
        "amnesty",
    }
    bad = madina.post(
        "/api/v1/law/evaluate",
        json.dumps(doc | {"as_of": "tomorrow"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "as_of" in bad.json()["errors"]["facts"]


def test_assessments_through_the_api_are_kept_and_reproducible(madina, world, convicted):
    url = f"/api/v1/persons/{world.asel.public_id}/assessments"
    r = madina.post(
        url,
        json.dumps({"as_of": "2023-01-01", "purpose": "hearing"}),
        content_type="application/json",
    )
    assert r.status_code == 201
    kept = madina.get(url).json()
    assert kept[0]["purpose"] == "hearing" and kept[0]["result"]["as_of"] == "2023-01-01"
    current = madina.get(
        f"/api/v1/persons/{world.asel.public_id}/assessment", {"as_of": "2023-01-01"}
    ).json()
    assert current["result"] == kept[0]["result"]
