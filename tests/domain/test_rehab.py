"""Rehabilitation and reintegration actions: who may record what, audit, versions, reminders."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhusan.access.tiers import Tier
from zhusan.audit.models import AuditEvent
from zhusan.audit.models import AuditEventType as A
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.rehab import actions, catalogue, reminders
from zhusan.rehab.models import Goal, Housing, PlanAction, Session
from zhusan.rehab.timeline import rehab_items

pytestmark = pytest.mark.django_db

DAY = dt.date(2019, 6, 3)


def needs_ratings(value=1, **overrides):
    inst = catalogue.get("needs_strengths")
    return {i.id: value for i in inst.items} | overrides


@pytest.fixture
def saule(world):
    """A social services officer whose agency follows Asel up at home."""
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
    from zhusan.cases.actions import do_assign_case

    social = do_create_agency(None, code="social", name="Local social services", kind="social")
    membership = do_add_membership(
        None,
        user=do_create_user(None, username="saule", password="s" * 16),
        agency=social,
        role="social_services_officer",
    )
    do_assign_case(world.dana, world.asel_case, social, since=dt.date(2019, 7, 1))
    return membership


@pytest.fixture
def security_for_case_workers(monkeypatch):
    """No role that records care holds the security tier today; give it to case workers here."""
    from zhusan.access import tiers

    monkeypatch.setitem(
        tiers.ROLE_TIERS, "case_worker", tiers.ROLE_TIERS["case_worker"] | {Tier.SECURITY}
    )


def last_event(type_):
    return AuditEvent.objects.filter(type=type_).order_by("-id").first()


# --- assessments ---------------------------------------------------------------------------------


def test_a_needs_assessment_is_scored_by_section_and_due_again_after_its_interval(world):
    a = actions.do_record_assessment(
        world.aliya,
        world.asel,
        instrument="needs_strengths",
        assessed_on=DAY,
        ratings=needs_ratings(1, housing_stable=3, housing_safe=2),
    )
    assert a.scores["housing"] == 5 and a.scores["income"] == 2 and len(a.scores) == 8
    assert a.next_due == DAY + dt.timedelta(days=180)
    event = last_event(A.REHAB_ASSESSMENT_RECORDED)
    assert event.person_id == str(world.asel.public_id)
    assert event.new["scores"]["housing"] == 5 and event.new["instrument"] == "needs_strengths"


def test_an_incomplete_assessment_is_refused_naming_each_missing_item(world):
    ratings = needs_ratings()
    del ratings["legal_open"]
    with pytest.raises(ActionError) as err:
        actions.do_record_assessment(
            world.aliya, world.asel, instrument="needs_strengths", assessed_on=DAY, ratings=ratings
        )
    assert set(err.value.errors) == {"legal_open"}
    assert not world.asel.rehab_assessments.exists()


def test_a_rating_off_the_scale_is_refused(world):
    with pytest.raises(ActionError) as err:
        actions.do_record_assessment(
            world.aliya,
            world.asel,
            instrument="needs_strengths",
            assessed_on=DAY,
            ratings=needs_ratings(income_debts=7),
        )
    assert "income_debts" in err.value.errors


def test_a_childs_assessment_asks_only_the_items_of_the_childs_age_band(world):
    inst = catalogue.get("child_development")
    band = inst.band_for(3)  # Yusuf, born 2016, on 3 June 2019
    ratings = {i.id: 2 for i in inst.items_for(band)}
    a = actions.do_record_assessment(
        world.aliya, world.child, instrument="child_development", assessed_on=DAY, ratings=ratings
    )
    assert a.age_band == "preschool" and len(a.ratings) == 10
    assert a.scores == dict.fromkeys(
        ("motor", "language", "social_emotional", "cognitive", "self_care"), 4
    )
    with pytest.raises(ActionError):
        actions.do_record_assessment(
            world.aliya, world.child, instrument="needs_strengths", assessed_on=DAY, ratings={}
        )


def test_a_case_worker_may_not_record_or_see_the_security_tier_judgement(world):
    with pytest.raises(PermissionDenied):
        actions.do_record_assessment(
            world.aliya, world.asel, instrument="spj_extremism", assessed_on=DAY, ratings={}
        )


def test_a_structured_judgement_needs_reasons_for_each_factor_and_is_never_scored(
    world, security_for_case_workers
):
    inst = catalogue.get("spj_extremism")
    ratings = {i.id: 0 for i in inst.items}
    with pytest.raises(ActionError) as err:
        actions.do_record_assessment(
            world.aliya,
            world.asel,
            instrument="spj_extremism",
            assessed_on=DAY,
            ratings=ratings,
            rationales={"spj_ideology": "Says so in three interviews"},
        )
    assert "why_spj_hostility" in err.value.errors and "overall" in err.value.errors
    assert "why_spj_ideology" not in err.value.errors
    a = actions.do_record_assessment(
        world.aliya,
        world.asel,
        instrument="spj_extremism",
        assessed_on=DAY,
        ratings=ratings,
        rationales={i.id: "Seen in the interviews" for i in inst.items},
        overall=0,
        overall_rationale="Distanced herself from the group; strong family ties.",
    )
    assert a.scores is None and a.overall == 0 and a.tier == Tier.SECURITY


# --- permissions and scope -----------------------------------------------------------------------


def test_a_social_services_officer_records_support_but_not_care(world, saule):
    actions.do_grant_benefit(
        saule, world.asel, kind="social_payment", amount_kzt=42500, start_on=dt.date(2019, 7, 15)
    )
    with pytest.raises(PermissionDenied):
        actions.do_record_session(saule, world.asel, kind="psychologist", held_on=DAY)
    with pytest.raises(PermissionDenied):
        actions.do_add_goal(saule, world.asel, domain="housing", text="A home of her own")


def test_a_health_officer_records_sessions_but_not_benefits(world):
    actions.do_record_session(world.bolat, world.asel, kind="medical", held_on=DAY)
    with pytest.raises(PermissionDenied):
        actions.do_grant_benefit(
            world.bolat, world.asel, kind="social_payment", amount_kzt=40000, start_on=DAY
        )


def test_nothing_is_recorded_for_a_person_outside_the_agencys_caseload(world):
    with pytest.raises(Http404):
        actions.do_record_session(world.chingiz, world.asel, kind="psychologist", held_on=DAY)
    with pytest.raises(Http404):
        actions.do_hold_conference(
            world.aliya, held_on=DAY, persons=[world.asel, world.marat], decisions="x"
        )
    assert not Session.objects.exists()


def test_a_session_in_the_future_or_missed_without_a_reason_is_refused(world):
    with pytest.raises(ActionError) as err:
        actions.do_record_session(
            world.aliya,
            world.asel,
            kind="theologian",
            held_on=dt.date.today() + dt.timedelta(days=3),
        )
    assert "held_on" in err.value.errors
    with pytest.raises(ActionError) as err:
        actions.do_record_session(
            world.aliya, world.asel, kind="theologian", held_on=DAY, attended=False
        )
    assert "absence_reason" in err.value.errors


def test_a_session_is_audited_without_its_note(world):
    s = actions.do_record_session(
        world.aliya, world.asel, kind="psychologist", held_on=DAY, note="Spoke of the camp"
    )
    event = last_event(A.SESSION_RECORDED)
    assert event.object_id == str(s.public_id) and event.new["kind"] == "psychologist"
    assert "Spoke of the camp" not in str(event.new)


# --- versions ------------------------------------------------------------------------------------


def test_a_stale_goal_update_is_refused_with_what_the_goal_holds_now(world):
    goal = actions.do_add_goal(world.aliya, world.asel, domain="housing", text="A stable home")
    actions.do_update_goal(world.aliya, goal, status="achieved", on=DAY, version=1)
    stale = Goal.objects.get(pk=goal.pk)
    with pytest.raises(ConcurrentEdit) as err:
        actions.do_update_goal(world.aliya, stale, status="dropped", on=DAY, version=1)
    assert err.value.current["status"] == "achieved" and err.value.version == 2
    assert Goal.objects.get(pk=goal.pk).status == "achieved"
    event = last_event(A.GOAL_UPDATED)
    assert event.old == {"status": "open", "status_on": None} and event.new["status"] == "achieved"


def test_a_stale_end_of_a_benefit_is_refused(world):
    b = actions.do_grant_benefit(
        world.aliya, world.asel, kind="social_payment", amount_kzt=40000, start_on=DAY
    )
    actions.do_end_support(world.aliya, b, end_on=dt.date(2020, 6, 1), version=1)
    with pytest.raises(ConcurrentEdit):
        actions.do_end_support(world.aliya, b, end_on=dt.date(2020, 12, 1), version=1)
    b.refresh_from_db()
    assert b.end_on == dt.date(2020, 6, 1) and b.version == 2


def test_a_programme_ends_once(world):
    p = actions.do_enrol_programme(
        world.aliya, world.asel, kind="education", institution="Evening school", enrolled_on=DAY
    )
    actions.do_end_programme(
        world.aliya, p, status="completed", ended_on=dt.date(2020, 5, 30), outcome="Certificate"
    )
    with pytest.raises(ActionError):
        actions.do_end_programme(world.aliya, p, status="withdrawn", ended_on=dt.date(2020, 6, 1))


def test_a_new_home_ends_the_previous_one_that_day(world):
    first = actions.do_record_housing(
        world.aliya, world.asel, kind="with_family", region="Aktobe", start_on=DAY
    )
    actions.do_record_housing(
        world.aliya, world.asel, kind="rented", region="Aktobe", start_on=dt.date(2020, 3, 1)
    )
    first.refresh_from_db()
    assert first.end_on == dt.date(2020, 3, 1)
    assert Housing.objects.filter(person=world.asel, end_on__isnull=True).count() == 1


# --- conferences ---------------------------------------------------------------------------------


def test_a_conference_adds_the_agreed_actions_to_each_persons_plan(world):
    conference = actions.do_hold_conference(
        world.aliya,
        held_on=DAY,
        place="Centre A",
        persons=[world.asel, world.child],
        attendees=[world.aliya, world.bolat],
        decisions="Yusuf starts kindergarten; Asel sees the psychologist weekly.",
        actions=[
            actions.ConferenceAction(
                world.child, "Find a kindergarten place", world.aliya.agency, dt.date(2019, 7, 1)
            )
        ],
    )
    action = PlanAction.objects.get(conference=conference)
    assert action.case.person == world.child and action.owner == world.aliya.agency
    assert set(conference.persons.all()) == {world.asel, world.child}
    assert AuditEvent.objects.filter(type=A.CONFERENCE_HELD).count() == 2
    assert last_event(A.PLAN_ACTION_ADDED).new["conference"] == str(conference.public_id)


# --- reminders -----------------------------------------------------------------------------------


def test_reminders_list_what_is_due_for_the_caseload_and_of_the_tiers_held(world, saule):
    actions.do_record_assessment(
        world.aliya,
        world.asel,
        instrument="needs_strengths",
        assessed_on=DAY,
        ratings=needs_ratings(),
    )
    actions.do_record_assessment(
        world.aliya,
        world.asel,
        instrument="needs_strengths",
        assessed_on=DAY + dt.timedelta(days=100),
        ratings=needs_ratings(0),
    )
    actions.do_review_plan(
        world.aliya,
        world.asel,
        reviewed_on=DAY,
        note="First review",
        next_review_on=dt.date(2019, 9, 1),
    )
    actions.do_add_plan_action(
        world.aliya,
        world.asel,
        text="Apply for an ID card",
        owner=world.aliya.agency,
        due_on=dt.date(2019, 7, 1),
    )
    actions.do_record_follow_up(
        saule,
        world.asel,
        visited_on=dt.date(2020, 5, 5),
        outcome="Settled",
        next_due=dt.date(2021, 5, 5),
    )
    due = reminders.due(world.aliya, dt.date(2021, 12, 31))
    kinds = [(r.kind, r.date) for r in due]
    # Only the latest needs assessment counts: due 180 days after the second one.
    assert kinds == [
        ("plan_action", dt.date(2019, 7, 1)),
        ("plan_review", dt.date(2019, 9, 1)),
        ("reassessment", DAY + dt.timedelta(days=280)),
        ("follow_up", dt.date(2021, 5, 5)),
    ]
    assert all(r.person == world.asel and "tab=care" in r.url for r in due)
    assert [r.kind for r in reminders.due(world.aliya, dt.date(2019, 8, 1))] == ["plan_action"]
    # Social services hold no psychosocial tier: only the visit.
    assert [r.kind for r in reminders.due(saule, dt.date(2021, 12, 31))] == ["follow_up"]
    assert reminders.due(world.chingiz, dt.date(2021, 12, 31)) == []
    assert reminders.due(world.arman, dt.date(2021, 12, 31)) == []


def test_a_closed_case_has_nothing_due(world, saule):
    from zhusan.cases.actions import do_move_case

    actions.do_record_follow_up(
        saule,
        world.asel,
        visited_on=dt.date(2020, 5, 5),
        outcome="Settled",
        next_due=dt.date(2021, 5, 5),
    )
    do_move_case(
        world.aliya,
        world.asel_case,
        to_state="closed",
        date=dt.date(2021, 1, 1),
        reason="Settled",
        outcome="reintegrated",
    )
    assert reminders.due(saule, dt.date(2021, 12, 31)) == []


# --- timeline ------------------------------------------------------------------------------------


def test_the_timeline_shows_session_notes_and_assessments_only_to_psychosocial_viewers(world):
    actions.do_record_session(
        world.aliya, world.asel, kind="psychologist", held_on=DAY, note="Spoke of the camp"
    )
    actions.do_record_assessment(
        world.aliya,
        world.asel,
        instrument="needs_strengths",
        assessed_on=DAY,
        ratings=needs_ratings(),
    )
    actions.do_grant_benefit(
        world.aliya, world.asel, kind="social_payment", amount_kzt=42500, start_on=DAY
    )
    full = {
        i.kind: i for i in rehab_items(world.asel, frozenset({Tier.GENERAL, Tier.PSYCHOSOCIAL}))
    }
    general = {i.kind: i for i in rehab_items(world.asel, frozenset({Tier.GENERAL}))}
    assert full["session"].note == "Spoke of the camp" and general["session"].note == ""
    assert "assessment" in full and "assessment" not in general
    assert "42" in general["benefit_granted"].outcome
    assert rehab_items(world.asel, frozenset()) == []


def test_a_last_assessment_with_no_reassessment_planned_leaves_nothing_due(world):
    actions.do_record_assessment(
        world.aliya,
        world.asel,
        instrument="needs_strengths",
        assessed_on=DAY,
        ratings=needs_ratings(),
        no_reassessment=True,
    )
    assert world.asel.rehab_assessments.get().next_due is None
    assert reminders.due(world.aliya, dt.date(2030, 1, 1)) == []
