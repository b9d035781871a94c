"""The children's actions: who may write, what is refused, what is audited, what is derived."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhusan.audit.models import AuditEvent, AuditEventType
from zhusan.children import actions, reminders
from zhusan.children import citizenship as rule
from zhusan.children.models import (
    DocumentationStatus,
    IdentityStep,
    Placement,
    ReunificationPlan,
    ReunificationStep,
)
from zhusan.children.queries import documentation_status, has_valid_certificate, is_child
from zhusan.children.timeline import child_timeline
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.people.models import Document

pytestmark = pytest.mark.django_db
D = dt.date


JULY_2019 = D(2019, 7, 1)


def _place_with(gulnar, child, carer, start=JULY_2019, **kw):
    return actions.do_start_placement(
        gulnar,
        child,
        kind=kw.pop("kind", Placement.Kind.GRANDPARENTS),
        carer=carer,
        legal_status=kw.pop("legal_status", Placement.LegalStatus.TEMPORARY_CUSTODY),
        start_date=start,
        authority="Guardianship authority, Aktau",
        decision_date=start,
        review_date=kw.pop("review_date", D(2020, 1, 1)),
        **kw,
    )


def test_a_case_worker_may_not_record_a_placement(world, grandmother):
    with pytest.raises(PermissionDenied):
        _place_with(world.aliya, world.child, grandmother)
    assert not Placement.objects.exists()


def test_an_officer_whose_agency_does_not_hold_the_child_gets_not_found(world, grandmother):
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user

    other = do_add_membership(
        None,
        user=do_create_user(None, username="saltanat", password="s" * 16),
        agency=do_create_agency(
            None, code="guard-b", name="Other authority", kind="child_protection"
        ),
        role="child_protection_officer",
    )
    with pytest.raises(Http404):
        _place_with(other, world.child, grandmother)
    with pytest.raises(Http404):
        actions.do_record_documents_missing(other, world.child, date=D(2019, 5, 9))


def test_records_are_kept_for_children_only(world, gulnar, grandmother):
    assert is_child(world.child, D(2026, 11, 1)) and not is_child(world.asel, D(2026, 11, 1))
    with pytest.raises(ActionError):
        actions.do_record_documents_missing(gulnar, world.asel, date=D(2019, 5, 9))


def test_a_placement_is_audited_with_its_values(world, gulnar, grandmother):
    placement = _place_with(gulnar, world.child, grandmother)
    event = AuditEvent.objects.get(type=AuditEventType.PLACEMENT_STARTED)
    assert event.object_id == str(placement.public_id)
    assert (
        event.person_id == str(world.child.public_id) and event.role == "child_protection_officer"
    )
    assert event.new["kind"] == "grandparents" and event.new["carer"] == str(grandmother.public_id)
    assert event.new["legal_status"] == "temporary_custody"


def test_a_stale_version_is_refused_and_nothing_is_overwritten(world, gulnar, grandmother):
    placement = _place_with(gulnar, world.child, grandmother)
    seen = placement.version
    actions.do_update_placement(gulnar, placement, version=seen, review_date=D(2020, 6, 1))
    with pytest.raises(ConcurrentEdit):
        actions.do_update_placement(
            gulnar, Placement.objects.get(pk=placement.pk), version=seen, review_date=D(2021, 1, 1)
        )
    placement.refresh_from_db()
    assert placement.review_date == D(2020, 6, 1)
    update = AuditEvent.objects.get(type=AuditEventType.PLACEMENT_UPDATED)
    assert update.old == {"review_date": "2020-01-01"} and update.new == {
        "review_date": "2020-06-01"
    }


def test_a_new_placement_ends_the_current_one_and_keeps_the_history(world, gulnar, grandmother):
    first = _place_with(gulnar, world.child, grandmother)
    second = actions.do_start_placement(
        gulnar,
        world.child,
        kind=Placement.Kind.INSTITUTION,
        institution="Children's home No. 2, Aktau",
        legal_status=Placement.LegalStatus.GUARDIANSHIP,
        start_date=D(2020, 3, 1),
        orphan=True,
    )
    first.refresh_from_db()
    assert first.end_date == D(2020, 3, 1) and first.end_reason
    assert list(Placement.objects.filter(end_date__isnull=True)) == [second]
    with pytest.raises(ActionError):
        actions.do_start_placement(
            gulnar, world.child, kind=Placement.Kind.INSTITUTION, start_date=D(2020, 4, 1)
        )  # an institution needs its name


def test_documentation_status_follows_the_steps(world, gulnar, grandmother):
    child = world.child

    def status():
        steps = IdentityStep.objects.filter(person=child)
        return documentation_status(steps, has_certificate=has_valid_certificate(child))

    assert status() == DocumentationStatus.NO_DOCUMENTS
    actions.do_record_documents_missing(gulnar, child, date=D(2019, 5, 9), note="No birth record")
    actions.do_record_dna_test(
        gulnar,
        child,
        date=D(2019, 6, 1),
        tested_with=grandmother,
        relation="grandmother",
        result="inconclusive",
        lab="Forensic centre, Astana",
    )
    assert status() == DocumentationStatus.NO_DOCUMENTS
    actions.do_record_dna_test(
        gulnar,
        child,
        date=D(2019, 6, 20),
        tested_with=world.asel,
        relation="mother",
        result="match",
        lab="Forensic centre, Astana",
    )
    assert status() == DocumentationStatus.DNA_CONFIRMED
    actions.do_record_court_decision(
        gulnar, child, date=D(2019, 8, 1), court="Aktau city court", establishes="birth"
    )
    assert status() == DocumentationStatus.COURT_ESTABLISHED
    actions.do_record_birth_certificate(
        gulnar, child, date=D(2019, 8, 20), number="I-ЖК 123456", registry_office="Aktau registry"
    )
    assert status() == DocumentationStatus.DOCUMENTED
    assert Document.objects.get(person=child, kind="birth_certificate").status == "valid"
    assert AuditEvent.objects.filter(type=AuditEventType.CHILD_IDENTITY_STEP).count() == 5


def test_a_step_is_not_dated_before_an_earlier_step_and_a_dna_relative_must_be_in_scope(
    world, gulnar, grandmother
):
    actions.do_record_dna_test(
        gulnar,
        world.child,
        date=D(2019, 6, 20),
        tested_with=world.asel,
        relation="mother",
        result="match",
        lab="Lab",
    )
    with pytest.raises(ActionError) as refused:
        actions.do_record_court_decision(
            gulnar, world.child, date=D(2019, 6, 1), court="Aktau city court", establishes="birth"
        )
    assert "date" in refused.value.errors
    with pytest.raises(ActionError) as refused:
        actions.do_record_dna_test(
            gulnar,
            world.child,
            date=D(2019, 7, 1),
            tested_with=world.marat,  # centre B's caseload
            relation="father",
            result="no_match",
            lab="Lab",
        )
    assert "tested_with" in refused.value.errors


def test_citizenship_is_determined_with_its_citation_and_an_undetermined_child_becomes_a_citizen(
    world, gulnar
):
    assert world.child.citizenship == "undetermined"
    stored = actions.do_determine_citizenship(
        gulnar,
        world.child,
        facts=rule.BirthFacts(mother=rule.KZ_CITIZEN, father=rule.KZ_CITIZEN, born_in_kz=False),
        determined_on=D(2019, 9, 1),
    )
    assert stored.outcome == "citizen" and stored.rule == "CIT-11-both"
    assert "arts. 11–12" in stored.citations[0]
    world.child.refresh_from_db()
    assert world.child.citizenship == "citizen"
    assert AuditEvent.objects.filter(type=AuditEventType.CHILD_CITIZENSHIP_DETERMINED).exists()


def test_an_unclear_determination_leaves_the_childs_citizenship_as_it_was(world, gulnar):
    stored = actions.do_determine_citizenship(
        gulnar,
        world.child,
        facts=rule.BirthFacts(mother=rule.KZ_CITIZEN, father=rule.UNKNOWN_PARENT),
        determined_on=D(2019, 9, 1),
    )
    assert stored.outcome == "needs_review" and stored.needs_review
    world.child.refresh_from_db()
    assert world.child.citizenship == "undetermined"


def _release(world, prosecutor, day):
    from zhusan.justice.actions import do_end_custody

    do_end_custody(prosecutor, world.asel, end_date=day, reason="Released on parole")


def test_reunification_closes_the_grandparents_placement_and_opens_one_with_the_mother(
    world, gulnar, grandmother, convicted, prosecutor
):
    child = world.child
    custody = _place_with(
        gulnar, child, grandmother, start=D(2020, 1, 15), review_date=D(2020, 7, 1)
    )
    actions.do_record_contact(
        gulnar,
        child,
        parent=world.asel,
        kind="visit",
        date=D(2021, 3, 1),
        place="Penitentiary institution, Atyrau",
        supervised_by="Social worker of the institution",
    )
    plan = actions.do_create_reunification_plan(
        gulnar, child, parent=world.asel, agreed_on=D(2023, 2, 1), target_date=D(2023, 6, 1)
    )
    assert [s.kind for s in plan.steps.all()] == [k for k, _ in actions.STANDARD_STEPS]
    with pytest.raises(ActionError):  # still in custody
        actions.do_record_reunification(gulnar, child, parent=world.asel, date=D(2023, 3, 1))
    _release(world, prosecutor, D(2023, 4, 1))
    reunion = actions.do_record_reunification(
        gulnar, child, parent=world.asel, date=D(2023, 6, 1), authority="Guardianship authority"
    )
    custody.refresh_from_db()
    assert custody.end_date == D(2023, 6, 1) and "mother" in custody.end_reason
    now = Placement.objects.get(person=child, end_date__isnull=True)
    assert (now.kind, now.carer, now.legal_status) == ("with_mother", world.asel, "none")
    assert now.review_date == D(2023, 6, 1) + dt.timedelta(days=actions.FOLLOW_UP_DAYS)
    assert reunion.ended_placement == custody and reunion.placement == now
    plan.refresh_from_db()
    assert plan.status == ReunificationPlan.Status.COMPLETED
    assert plan.steps.get(kind="final_reunification").status == "done"
    assert Placement.objects.filter(person=child).count() == 2
    assert AuditEvent.objects.filter(type=AuditEventType.REUNIFICATION_RECORDED).count() == 1


def test_contact_and_plans_are_only_with_a_recorded_parent(world, gulnar, grandmother):
    with pytest.raises(ActionError) as refused:
        actions.do_record_contact(
            gulnar, world.child, parent=grandmother, kind="call", date=D(2020, 1, 1)
        )
    assert "parent" in refused.value.errors


def test_a_step_marked_done_needs_its_date_and_a_stale_step_is_refused(world, gulnar):
    plan = actions.do_create_reunification_plan(
        gulnar, world.child, parent=world.asel, agreed_on=D(2023, 2, 1), target_date=D(2023, 6, 1)
    )
    step = plan.steps.get(kind=ReunificationStep.Kind.HOUSING)
    with pytest.raises(ActionError):
        actions.do_update_reunification_step(gulnar, step, version=step.version, status="done")
    actions.do_update_reunification_step(
        gulnar, step, version=step.version, status="done", done_on=D(2023, 3, 1)
    )
    with pytest.raises(ConcurrentEdit):
        actions.do_update_reunification_step(gulnar, step, version=1, status="cancelled")
    step.refresh_from_db()
    assert (step.status, step.done_on) == ("done", D(2023, 3, 1))
    with pytest.raises(ActionError):  # one plan in progress at a time
        actions.do_create_reunification_plan(
            gulnar,
            world.child,
            parent=world.asel,
            agreed_on=D(2023, 3, 1),
            target_date=D(2023, 9, 1),
        )


def test_a_case_worker_records_school_and_a_new_school_ends_the_kindergarten(world):
    kg = actions.do_enrol_school(
        world.aliya,
        world.child,
        kind="kindergarten",
        institution="Kindergarten No. 5",
        region="Mangystau",
        start_date=D(2019, 9, 1),
    )
    actions.do_enrol_school(
        world.aliya,
        world.child,
        kind="school",
        institution="School No. 12",
        region="Mangystau",
        start_date=D(2022, 9, 1),
        grade="1",
    )
    kg.refresh_from_db()
    assert kg.end_date == D(2022, 9, 1)
    with pytest.raises(PermissionDenied):
        actions.do_enrol_school(
            world.bolat, world.child, kind="school", institution="X", start_date=D(2023, 9, 1)
        )


def test_the_timeline_shows_child_protection_records_only_to_that_tier(world, gulnar, grandmother):
    _place_with(gulnar, world.child, grandmother)
    actions.do_enrol_school(
        gulnar, world.child, kind="school", institution="School No. 12", start_date=D(2022, 9, 1)
    )
    general = child_timeline(world.child, frozenset({"general"}))
    assert [i.kind for i in general] == ["school_enrolled"]
    full = child_timeline(world.child, frozenset({"general", "child_protection"}))
    assert {i.kind for i in full} == {"school_enrolled", "placed_with_family"}
    assert child_timeline(world.child, frozenset()) == []


def test_reminders_list_reviews_and_steps_due_for_those_who_may_see_them(
    world, gulnar, grandmother
):
    _place_with(gulnar, world.child, grandmother, review_date=D(2020, 1, 1))
    plan = actions.do_create_reunification_plan(
        gulnar, world.child, parent=world.asel, agreed_on=D(2026, 6, 1), target_date=D(2027, 6, 1)
    )
    due = reminders.due(gulnar, D(2027, 4, 5))
    assert [r.kind for r in due][0] == reminders.PLACEMENT_REVIEW and due[0].overdue
    steps = [r for r in due if r.kind == reminders.REUNIFICATION_STEP]
    assert {r.object_id for r in steps} == {
        str(s.public_id) for s in plan.steps.filter(due_date__lte=D(2027, 4, 5))
    }
    assert len(steps) == 3 and due[0].url.endswith("?tab=child")
    assert reminders.due(world.aliya, D(2027, 4, 5))  # the same family is in Aliya's scope
    assert reminders.due(world.chingiz, D(2027, 4, 5)) == []
    assert reminders.due(world.bolat, D(2027, 4, 5)) == []  # no child_protection tier
