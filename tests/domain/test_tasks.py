"""Tasks and reminders: manual tasks, reminders derived from the records, kept to scope and tiers."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from zhusan.audit.models import AuditEvent, AuditEventType
from zhusan.cases import actions, reminders
from zhusan.cases.models import Task
from zhusan.lib.errors import ActionError, ConcurrentEdit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def test_a_task_is_created_done_and_audited(world):
    task = actions.do_create_task(
        world.aliya, title="Call the school about Yusuf", due_on=days(3), person=world.child
    )
    assert task.agency == world.aliya.agency and task.created_by == world.aliya.user
    actions.do_complete_task(world.aliya, task, version=task.version)
    assert task.done_on == TODAY and task.done_by == world.aliya.user
    types = set(
        AuditEvent.objects.filter(object_id=str(task.public_id)).values_list("type", flat=True)
    )
    assert types == {AuditEventType.TASK_CREATED, AuditEventType.TASK_DONE}
    with pytest.raises(ActionError):
        actions.do_complete_task(world.aliya, task)


def test_a_stale_task_version_is_refused(world):
    task = actions.do_create_task(world.aliya, title="Home visit", due_on=days(1))
    seen = task.version
    actions.do_complete_task(world.aliya, task, version=seen)
    Task.objects.filter(pk=task.pk).update(done_on=None)
    with pytest.raises(ConcurrentEdit):
        actions.do_complete_task(world.aliya, task, version=seen)


def test_a_task_never_tells_an_agency_about_a_person_it_may_not_see(world):
    with pytest.raises(Http404):  # Marat is not in centre A's scope
        actions.do_create_task(world.aliya, title="Visit", due_on=days(1), person=world.marat)
    with pytest.raises(ActionError) as err:  # nor is Asel in centre B's
        actions.do_create_task(
            world.aliya,
            title="Visit",
            due_on=days(1),
            person=world.asel,
            agency=world.chingiz.agency,
        )
    assert "agency" in err.value.errors
    with pytest.raises(ActionError) as err:
        actions.do_create_task(
            world.aliya, title="Visit", due_on=days(1), worker=world.chingiz.user
        )
    assert "worker" in err.value.errors


def test_another_agencys_task_is_not_found(world):
    task = actions.do_create_task(world.chingiz, title="Visit Marat", due_on=days(1))
    with pytest.raises(Http404):
        actions.do_complete_task(world.aliya, task)


def test_the_tasks_page_groups_overdue_this_week_and_later(signed_in, world):
    for title, when in (("Overdue report", -2), ("Visit this week", 2), ("Review later", 20)):
        actions.do_create_task(world.aliya, title=title, due_on=days(when), person=world.asel)
    actions.do_create_task(world.chingiz, title="Centre B's own work", due_on=days(1))
    page = signed_in("aliya").get("/tasks/").content.decode()
    overdue, week, later = (
        page.split('data-testid="tasks-overdue"')[1],
        page.split('data-testid="tasks-week"')[1],
        page.split('data-testid="tasks-later"')[1],
    )
    assert "Overdue report" in overdue.split("tasks-week")[0]
    assert "Visit this week" in week.split("tasks-later")[0]
    assert "Review later" in later
    assert "Centre B&#x27;s own work" not in page and "Centre B's own work" not in page


def test_the_navigation_counts_tasks_due(signed_in, world):
    actions.do_create_task(world.aliya, title="Overdue report", due_on=days(-1))
    page = signed_in("aliya").get("/").content.decode()
    assert 'nav-count">1<' in page


def test_marking_a_task_done_from_the_page(signed_in, world):
    task = actions.do_create_task(world.aliya, title="Overdue report", due_on=days(-1))
    client = signed_in("aliya")
    r = client.post(f"/tasks/{task.public_id}/done/", {"version": task.version})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.done_on == TODAY
    page = client.get("/tasks/").content.decode()
    assert "Task done: Overdue report" in page  # the message, once
    assert "Overdue report" not in page.split('data-testid="tasks-overdue"')[1]


def test_an_empty_task_list_says_so(signed_in, world):
    page = signed_in("chingiz").get("/tasks/").content.decode()
    assert 'data-testid="no-tasks"' in page


@pytest.fixture
def extra_source():
    added = []

    def add(source):
        reminders.register(source)
        added.append(source)

    yield add
    for source in added:
        reminders.SOURCES.remove(source)


def test_reminders_are_kept_to_the_membership_scope_and_tiers(world, prosecutor, extra_source):
    def source(membership, until):
        yield reminders.Reminder(days(1), "x", "About Marat", world.marat, "/")
        yield reminders.Reminder(days(1), "x", "About Asel", world.asel, "/")
        yield reminders.Reminder(days(1), "x", "A hearing", world.asel, "/", tier="justice")

    extra_source(source)
    labels = [r.label for r in reminders.due(world.aliya, days(30))]
    assert "About Asel" in labels
    assert "About Marat" not in labels  # out of scope
    assert "A hearing" not in labels  # a case worker holds no justice tier
    assert "A hearing" in [r.label for r in reminders.due(prosecutor, days(30))]


def test_hearings_and_petitions_remind_justice_roles_only(world, prosecutor, convicted):
    from zhusan.justice import actions as justice

    justice.do_file_petition(
        prosecutor,
        world.asel,
        measure="parole",
        filed_on=days(-5),
        hearing_date=days(10),
        court="Specialised inter-district court",
    )
    kinds = [(r.kind, r.date) for r in reminders.due(prosecutor, days(30))]
    assert ("hearing", days(10)) in kinds
    assert all(r.kind != "hearing" for r in reminders.due(world.aliya, days(30)))


def test_eligibility_dates_from_the_law_engine_remind_justice_roles(world, prosecutor):
    from zhusan.access.scope import visible_persons
    from zhusan.justice import actions as justice
    from zhusan.justice.queries import becoming_eligible

    p = justice.do_open_proceeding(prosecutor, world.asel, opened_on=dt.date(2025, 1, 10))
    justice.do_add_charge(prosecutor, p, article="257", part="2", offence_date=dt.date(2015, 1, 1))
    justice.do_record_verdict(prosecutor, p, verdict="convicted", verdict_date=dt.date(2025, 6, 1))
    justice.do_record_sentence(
        prosecutor, p, kind="imprisonment", start_date=dt.date(2025, 6, 1), years=6
    )
    justice.do_start_custody(
        prosecutor, world.asel, facility="Atyrau", kind="serving", start_date=dt.date(2025, 6, 1)
    )
    until = days(3 * 365)
    expected = {
        r.earliest_date for r in becoming_eligible(visible_persons(prosecutor), TODAY, until)
    }
    got = {r.date for r in reminders.due(prosecutor, until) if r.kind == "eligibility"}
    assert expected and got == expected
    assert not [r for r in reminders.due(world.aliya, until) if r.kind == "eligibility"]


def test_a_referral_to_decide_reminds_the_receiving_agency_without_opening_the_record(world):
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user

    agency = do_create_agency(None, code="edu", name="Education", kind="child_protection")
    gulnar = do_add_membership(
        None,
        user=do_create_user(None, username="gulnar", password="g" * 16),
        agency=agency,
        role="child_protection_officer",
    )
    actions.do_make_referral(
        world.aliya, world.child, to_agency=agency, kind="education", reason="School place"
    )
    due = [r for r in reminders.due(gulnar, days(30)) if r.kind == "referral"]
    assert len(due) == 1 and due[0].person is None and "Юсуф" in due[0].label
    assert due[0].date == days(14)


def test_the_tasks_page_audits_reminders_above_the_general_tier(
    client, world, prosecutor, convicted
):
    from zhusan.justice import actions as justice

    justice.do_file_petition(
        prosecutor, world.asel, measure="parole", filed_on=days(-5), hearing_date=days(10)
    )
    client.force_login(prosecutor.user)
    assert "Court hearing" in client.get("/tasks/").content.decode()
    event = AuditEvent.objects.get(type=AuditEventType.TASKS_READ)
    assert event.new["persons"] == [str(world.asel.public_id)] and "hearing" in event.new["kinds"]


def test_other_areas_reminders_are_registered_and_adapted(world):
    from types import SimpleNamespace

    from zhusan.access.tiers import Tier

    names = [s.__qualname__ for s in reminders.SOURCES]
    assert any("zhusan.rehab.reminders" in n for n in names)
    assert any("zhusan.children.reminders" in n for n in names)

    def due(membership, until):
        yield SimpleNamespace(
            kind="placement_review",
            due=days(2),
            person=world.child,
            label="Review of the placement",
            detail="with grandparents",
            url="/",
        )

    (r,) = reminders.adapted(due, Tier.CHILD_PROTECTION)(world.aliya, days(30))
    assert (r.date, r.tier) == (days(2), Tier.CHILD_PROTECTION)
    assert r.label == "Review of the placement — with grandparents"
