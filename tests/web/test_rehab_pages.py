"""The Rehabilitation tab, its forms, the assessment page and case conferences, as each role sees them."""

import datetime as dt

import pytest

from zhusan.audit.models import AuditEvent
from zhusan.audit.models import AuditEventType as A
from zhusan.rehab import actions, catalogue
from zhusan.rehab.models import AssessmentRecord, Conference, Goal, PlanAction, Session

pytestmark = pytest.mark.django_db

DAY = dt.date(2019, 6, 3)


def tab(client, world):
    return client.get(f"/persons/{world.asel.public_id}/", {"tab": "care"})


def url(world, path):
    return f"/persons/{world.asel.public_id}/rehab/{path}"


@pytest.fixture
def story(world):
    """Asel's first months: two needs assessments, a goal with an action, sessions, a benefit."""
    inst = catalogue.get("needs_strengths")
    for day, value in ((DAY, 2), (DAY + dt.timedelta(days=180), 1)):
        actions.do_record_assessment(
            world.aliya,
            world.asel,
            instrument="needs_strengths",
            assessed_on=day,
            ratings={i.id: value for i in inst.items},
        )
    goal = actions.do_add_goal(world.aliya, world.asel, domain="housing", text="A home of her own")
    actions.do_add_plan_action(
        world.aliya,
        world.asel,
        text="Apply for social housing",
        owner=world.aliya.agency,
        due_on=dt.date(2019, 8, 1),
        goal=goal,
    )
    actions.do_record_session(
        world.aliya, world.asel, kind="psychologist", held_on=DAY, note="Spoke about sleep"
    )
    actions.do_grant_benefit(
        world.aliya, world.asel, kind="social_payment", amount_kzt=42500, start_on=DAY
    )
    return goal


@pytest.fixture
def saule(client, world):
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
    client.force_login(membership.user)
    return client


def test_the_tab_shows_the_plan_sessions_assessments_and_support_to_the_case_worker(
    signed_in, world, story
):
    client = signed_in("aliya")
    page = client.get(f"/persons/{world.asel.public_id}/").content.decode()
    assert ">Rehabilitation</a>" in page
    page = tab(client, world).content.decode()
    assert 'data-testid="case-plan"' in page and "A home of her own" in page
    assert "Apply for social housing" in page and "Centre A" in page
    assert "Spoke about sleep" in page
    assert "42,500 KZT a month" in page
    # The chart of change, and the same numbers in a table under it.
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "<polyline" in page
    assert 'data-testid="chart-table-needs_strengths"' in page
    assert "Record a session" in page and "Record a benefit" in page
    event = AuditEvent.objects.filter(type=A.REHAB_RECORDS_VIEWED).last()
    assert event.person_id == str(world.asel.public_id) and event.new["assessments"] == 2


def test_the_tab_is_not_found_for_a_case_worker_of_another_centre(signed_in, world, story):
    client = signed_in("chingiz")
    assert tab(client, world).status_code == 404


def test_a_role_without_the_psychosocial_tier_or_support_work_gets_no_tab(client, world, story):
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
    from zhusan.cases.actions import do_assign_case

    prosecution = do_create_agency(None, code="pros", name="Prosecution", kind="prosecution")
    madina = do_add_membership(
        None,
        user=do_create_user(None, username="madina", password="m" * 16),
        agency=prosecution,
        role="prosecutor",
    )
    do_assign_case(world.dana, world.asel_case, prosecution, since=dt.date(2019, 5, 20))
    client.force_login(madina.user)
    page = tab(client, world).content.decode()
    assert ">Rehabilitation</a>" not in page
    assert "A home of her own" not in page and "Spoke about sleep" not in page
    assert 'data-testid="case-plan"' not in page


def test_social_services_see_support_and_that_sessions_happened_but_no_plan_or_notes(
    saule, world, story
):
    before = AuditEvent.objects.filter(type=A.REHAB_RECORDS_VIEWED).count()
    page = tab(saule, world).content.decode()
    assert 'data-testid="support"' in page and "42,500 KZT a month" in page
    assert 'data-testid="sessions"' in page and "psychologist" in page
    assert "Spoke about sleep" not in page and "A home of her own" not in page
    assert 'data-testid="assessments"' not in page and "<svg" not in page
    assert "Record a session" not in page and "Record a follow-up visit" in page
    assert AuditEvent.objects.filter(type=A.REHAB_RECORDS_VIEWED).count() == before


def test_recording_a_session_from_the_tab(signed_in, world):
    client = signed_in("aliya")
    r = client.post(
        url(world, "sessions/"),
        {
            "kind": "theologian",
            "held_on": "2019-06-10",
            "duration_minutes": "45",
            "attended": "yes",
            "note": "Read and discussed together",
        },
    )
    assert r.status_code == 302 and r["Location"].endswith("?tab=care")
    s = Session.objects.get(person=world.asel)
    assert (s.kind, s.duration_minutes, s.attended, s.worker) == (
        "theologian",
        45,
        True,
        world.aliya.user,
    )


def test_a_missed_session_without_a_reason_is_shown_again_with_the_error(signed_in, world):
    client = signed_in("aliya")
    r = client.post(
        url(world, "sessions/"),
        {
            "kind": "psychologist",
            "held_on": "2019-06-10",
            "duration_minutes": "60",
            "attended": "no",
        },
    )
    assert r.status_code == 422 and "This is required." in r.content.decode()
    assert not Session.objects.exists()


def test_a_social_services_officer_cannot_post_a_session(saule, world):
    r = saule.post(
        url(world, "sessions/"),
        {
            "kind": "psychologist",
            "held_on": "2019-06-10",
            "duration_minutes": "60",
            "attended": "yes",
        },
    )
    assert r.status_code == 403 and not Session.objects.exists()


def test_a_stale_goal_update_shows_what_the_goal_holds_now(signed_in, world, story):
    client = signed_in("aliya")
    form = {"goal": str(story.public_id), "version": "1", "status": "achieved", "on": "2019-12-01"}
    assert client.post(url(world, "goals/status/"), form).status_code == 302
    r = client.post(url(world, "goals/status/"), form | {"status": "dropped"})
    page = r.content.decode()
    assert r.status_code == 422 and 'data-testid="what-changed"' in page
    assert "achieved" in page and 'name="version" value="2"' in page
    assert Goal.objects.get(pk=story.pk).status == "achieved"


def test_marking_a_plan_action_done(signed_in, world, story):
    client = signed_in("aliya")
    action = PlanAction.objects.get()
    r = client.post(
        url(world, "actions/status/"),
        {
            "action": str(action.public_id),
            "version": "1",
            "status": "done",
            "done_on": "2019-07-20",
        },
    )
    assert r.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.done_on == dt.date(2019, 7, 20)


def test_the_assessment_page_lists_only_the_instruments_the_role_may_use(signed_in, world):
    client = signed_in("aliya")
    page = client.get(url(world, "assessments/new/")).content.decode()
    assert "Needs and strengths" in page and "Psychosocial wellbeing" in page
    assert "Structured professional judgement" not in page  # security tier
    assert "Child development" not in page  # Asel is an adult
    assert (
        client.get(url(world, "assessments/new/"), {"instrument": "spj_extremism"}).status_code
        == 404
    )


def test_recording_an_assessment_on_its_page(signed_in, world):
    client = signed_in("aliya")
    inst = catalogue.get("wellbeing")
    page = client.get(url(world, "assessments/new/"), {"instrument": "wellbeing"}).content.decode()
    assert "Nightmares" in page and 'type="radio"' in page
    form = {"instrument": "wellbeing", "assessed_on": "2019-06-04"} | {
        i.id: "1" for i in inst.items
    }
    del form["sleep_nightmares"]
    r = client.post(url(world, "assessments/new/"), form)
    assert r.status_code == 422 and "Rate this item." in r.content.decode()
    r = client.post(url(world, "assessments/new/"), form | {"sleep_nightmares": "3"})
    assert r.status_code == 302
    a = AssessmentRecord.objects.get(person=world.asel)
    assert a.scores["sleep"] == 4 and a.assessed_on == dt.date(2019, 6, 4)


def test_the_structured_judgement_page_says_there_is_no_score(signed_in, world, monkeypatch):
    from zhusan.access import tiers

    monkeypatch.setitem(
        tiers.ROLE_TIERS, "case_worker", tiers.ROLE_TIERS["case_worker"] | {"security"}
    )
    client = signed_in("aliya")
    page = client.get(
        url(world, "assessments/new/"), {"instrument": "spj_extremism"}
    ).content.decode()
    assert 'data-testid="no-score"' in page and "computes no score" in page
    assert "Reasons for this rating" in page


def test_a_conference_with_an_agreed_action_from_its_page(signed_in, world):
    client = signed_in("aliya")
    page = client.get(url(world, "conferences/new/")).content.decode()
    assert "Юсуф Нұрланұлы" in page  # her son, in the same family
    r = client.post(
        url(world, "conferences/new/"),
        {
            "held_on": "2019-06-20",
            "place": "Centre A",
            "persons": [str(world.asel.public_id), str(world.child.public_id)],
            "attendees": [str(world.aliya.pk)],
            "decisions": "Kindergarten for Yusuf",
            "action_1_person": str(world.child.public_id),
            "action_1_text": "Find a kindergarten place",
            "action_1_owner": str(world.aliya.agency.pk),
            "action_1_due": "2019-07-15",
        },
    )
    assert r.status_code == 302
    conference = Conference.objects.get()
    assert conference.actions.get().case.person == world.child
    listing = client.get("/conferences/").content.decode()
    assert "Kindergarten for Yusuf" in listing and "Find a kindergarten place" in listing
    assert AuditEvent.objects.filter(type=A.CONFERENCES_VIEWED).exists()


def test_an_action_line_without_its_owner_is_refused(signed_in, world):
    client = signed_in("aliya")
    r = client.post(
        url(world, "conferences/new/"),
        {
            "held_on": "2019-06-20",
            "persons": [str(world.asel.public_id)],
            "decisions": "x",
            "action_1_person": str(world.asel.public_id),
            "action_1_text": "Something",
        },
    )
    assert r.status_code == 422 and not Conference.objects.exists()


def test_the_timeline_carries_the_sessions_and_assessments(signed_in, world, story):
    page = signed_in("aliya").get(f"/persons/{world.asel.public_id}/").content.decode()
    assert "Session: psychologist" in page and "Assessment: Needs and strengths" in page
    assert "Benefit: monthly social payment" in page
