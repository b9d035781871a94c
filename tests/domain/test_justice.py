import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

import zhusan.law
from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
from zhusan.accounts.models import AgencyKind
from zhusan.cases.actions import do_assign_case
from zhusan.justice import actions
from zhusan.justice.facts import MEDICAL, RECORDED, facts_for
from zhusan.justice.models import CustodyPeriod
from zhusan.justice.queries import becoming_eligible
from zhusan.lib.errors import ActionError
from zhusan.people.models import Person

pytestmark = pytest.mark.django_db


def test_a_charge_outside_the_offences_catalogue_is_refused(world, prosecutor):
    p = actions.do_open_proceeding(prosecutor, world.asel, opened_on=dt.date(2019, 5, 20))
    with pytest.raises(ActionError) as err:
        actions.do_add_charge(
            prosecutor, p, article="999", part="1", offence_date=dt.date(2015, 1, 1)
        )
    assert "catalogue" in err.value.errors["article"]


def test_a_case_worker_cannot_record_a_charge(world, prosecutor):
    p = actions.do_open_proceeding(prosecutor, world.asel, opened_on=dt.date(2019, 5, 20))
    with pytest.raises(PermissionDenied):
        actions.do_add_charge(
            world.aliya, p, article="257", part="2", offence_date=dt.date(2015, 1, 1)
        )


def test_a_sentence_needs_a_conviction_first(world, prosecutor):
    p = actions.do_open_proceeding(prosecutor, world.asel, opened_on=dt.date(2019, 5, 20))
    with pytest.raises(ActionError):
        actions.do_record_sentence(
            prosecutor, p, kind="imprisonment", start_date=dt.date(2019, 12, 20), years=8
        )


def test_the_facts_document_is_built_from_the_records(world, convicted):
    facts = facts_for(world.asel, dt.date(2022, 8, 10))
    assert facts["offences"] == [{"article": "257", "part": "2", "offence_date": "2015-10-01"}]
    assert facts["sentence"]["years"] == 8 and facts["sentence"]["pretrial_custody_days"] == 214
    assert facts["person"] == {
        "sex": "F",
        "birth_date": "1990-03-14",
    }  # citizenship undetermined: unknown


def test_an_unknown_fact_stays_unknown_and_the_engine_says_which(world, convicted):
    result = actions.assess(world.asel, dt.date(2024, 1, 1))["result"]
    parole = next(m for m in result["measures"] if m["measure"] == "parole")
    assert (
        parole["outcome"] == "needs_facts" and "conduct.active_assistance" in parole["needs_facts"]
    )


def test_without_active_assistance_a_terrorist_conviction_gets_no_parole(
    world, prosecutor, convicted
):
    actions.do_update_legal_facts(
        prosecutor,
        world.asel,
        active_assistance=False,
        malicious_violations=False,
        damage_compensated=True,
        caused_death=False,
    )
    result = actions.assess(world.asel, dt.date(2024, 1, 1))["result"]
    parole = next(m for m in result["measures"] if m["measure"] == "parole")
    assert parole["outcome"] == "not_eligible" and any(
        "72(1) para 3" in c for c in parole["citations"]
    )


def _health_officer(world):
    health = do_create_agency(None, code="health", name="Health", kind=AgencyKind.HEALTH)
    nurlan = do_add_membership(
        None,
        user=do_create_user(None, username="nurlan", password="y" * 16),
        agency=health,
        role="health_officer",
    )
    do_assign_case(world.dana, world.asel_case, health, since=dt.date(2020, 1, 1))
    return nurlan


def test_a_health_officer_records_only_medical_facts(world, prosecutor):
    nurlan = _health_officer(world)
    actions.do_update_legal_facts(
        nurlan, world.asel, on_authorised_list=False, commission_conclusion=True
    )
    with pytest.raises(PermissionDenied):
        actions.do_update_legal_facts(nurlan, world.asel, active_assistance=True)


def test_a_petition_keeps_the_assessment_it_was_filed_with(world, prosecutor, convicted):
    petition = actions.do_file_petition(
        prosecutor, world.asel, measure="parole", filed_on=dt.date(2022, 8, 10)
    )
    assert petition.assessment.as_of == dt.date(2022, 8, 10)
    assert (
        petition.assessment.result["engine_version"]
        and petition.assessment.facts["as_of"] == "2022-08-10"
    )
    actions.do_decide_petition(
        prosecutor,
        petition,
        decision="refused",
        decided_on=dt.date(2022, 9, 10),
        reasons="No active assistance",
    )
    with pytest.raises(ActionError):
        actions.do_decide_petition(
            prosecutor, petition, decision="granted", decided_on=dt.date(2022, 9, 11)
        )


def test_a_stored_assessment_reproduces_from_its_facts(world, prosecutor, convicted):
    from zhusan import law

    stored = actions.do_store_assessment(
        prosecutor, world.asel, as_of=dt.date(2023, 3, 1), purpose="hearing"
    )
    assert law.evaluate(stored.facts) == stored.result


def test_a_transfer_ends_the_open_custody_period(world, prosecutor, convicted):
    actions.do_start_custody(
        prosecutor,
        world.asel,
        facility="Penitentiary institution, Karaganda",
        kind="serving",
        start_date=dt.date(2021, 3, 1),
    )
    periods = list(CustodyPeriod.objects.filter(person=world.asel).order_by("start_date"))
    assert periods[0].end_date == dt.date(2021, 3, 1) and "Karaganda" in periods[0].end_reason
    assert periods[1].end_date is None


def test_who_becomes_eligible_in_a_period(world, prosecutor, convicted):
    actions.do_update_legal_facts(
        prosecutor,
        world.asel,
        active_assistance=True,
        malicious_violations=False,
        damage_compensated=True,
        children_under_14=0,
        cooperation_agreement=False,
        prior_parole_revoked=False,
        disability_group=0,
        pregnant=False,
        caused_death=False,
    )
    world.asel.citizenship = "citizen"
    Person.objects.filter(pk=world.asel.pk).update(citizenship="citizen")
    rows = becoming_eligible(
        Person.objects.filter(pk=world.asel.pk), dt.date(2023, 1, 1), dt.date(2024, 12, 31)
    )
    parole = [r for r in rows if r.measure == "parole"]
    assert len(parole) == 1 and dt.date(2023, 1, 1) <= parole[0].earliest_date <= dt.date(
        2024, 12, 31
    )
    assert parole[0].facility == "Penitentiary institution, Atyrau"
    assert not becoming_eligible(
        Person.objects.filter(pk=world.asel.pk), dt.date(2019, 1, 1), dt.date(2019, 12, 1)
    )


def _schema_fields() -> set[str]:
    schema = json.loads(
        (Path(zhusan.law.__file__).parent / "data" / "law-facts.schema.json").read_text("utf-8")
    )
    sections = ("person", "sentence", "conduct", "medical", "circumstances")
    return {
        f"{section}.{name}"
        for section in sections
        for name in schema["properties"][section]["properties"]
    }


def test_every_fact_the_document_can_hold_is_recorded_or_derived(world, prosecutor, convicted):
    counts = ("children_under_14", "disability_group", "prior_revocation_ground")
    values = {name: 2 if name in counts else False for name in RECORDED}
    medical = {name: values.pop(name) for name in MEDICAL}
    values["prior_parole_revoked"] = True
    actions.do_update_legal_facts(prosecutor, world.asel, **values)
    actions.do_update_legal_facts(_health_officer(world), world.asel, **medical)
    Person.objects.filter(pk=world.asel.pk).update(citizenship="citizen")
    facts = facts_for(Person.objects.get(pk=world.asel.pk), dt.date(2022, 8, 10))
    given = {
        f"{section}.{name}"
        for section, part in facts.items()
        if isinstance(part, dict)
        for name in part
    }
    assert _schema_fields() - given == set()
    assert zhusan.law.evaluate(facts)["measures"]


def test_a_general_crime_with_the_bars_answered_gets_a_parole_date(world, prosecutor):
    p = actions.do_open_proceeding(prosecutor, world.asel, opened_on=dt.date(2016, 1, 10))
    actions.do_add_charge(prosecutor, p, article="188", part="2", offence_date=dt.date(2016, 1, 5))
    actions.do_record_verdict(prosecutor, p, verdict="convicted", verdict_date=dt.date(2016, 6, 1))
    actions.do_record_sentence(
        prosecutor, p, kind="imprisonment", start_date=dt.date(2016, 6, 1), years=4,
        security_level="medium",
    )  # fmt: skip
    before = actions.assess(world.asel, dt.date(2017, 1, 1))["result"]
    parole = next(m for m in before["measures"] if m["measure"] == "parole")
    assert "circumstances.torture" in parole["needs_facts"]
    actions.do_update_legal_facts(
        prosecutor,
        world.asel,
        malicious_violations=False,
        damage_compensated=True,
        prior_parole_revoked=False,
        criminal_group=False,
        corruption_crime=False,
        sexual_crime_against_minor=False,
        torture=False,
        pregnant=False,
        children_under_14=0,
        raises_child_alone=False,
        raises_disabled_child=False,
        disability_group=0,
        cooperation_agreement=False,
    )
    after = actions.assess(world.asel, dt.date(2017, 1, 1))["result"]
    parole = next(m for m in after["measures"] if m["measure"] == "parole")
    assert parole["needs_facts"] == [] and parole["earliest_date"] is not None


def test_a_revocation_ground_outside_article_72_7_is_refused(world, prosecutor, convicted):
    with pytest.raises(ActionError) as err:
        actions.do_update_legal_facts(prosecutor, world.asel, prior_revocation_ground=4)
    assert "prior_revocation_ground" in err.value.errors
    actions.do_update_legal_facts(prosecutor, world.asel, prior_parole_revoked=False)
    with pytest.raises(ActionError) as err:
        actions.do_update_legal_facts(prosecutor, world.asel, prior_revocation_ground=3)
    assert "No earlier parole" in err.value.errors["prior_revocation_ground"]
