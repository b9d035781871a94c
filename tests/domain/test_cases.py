import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from zhusan.cases import actions
from zhusan.cases.models import Arrival, CaseTransition, Event
from zhusan.cases.pathway import TRANSITIONS, State, can_move
from zhusan.lib.errors import ActionError, ConcurrentEdit

pytestmark = pytest.mark.django_db


def test_every_state_has_its_moves_and_every_move_leads_to_a_state():
    assert set(TRANSITIONS) == set(State.values)
    for moves in TRANSITIONS.values():
        assert set(moves) <= set(State.values)


def test_the_reported_pathway_is_possible_end_to_end():
    path = ["arrived", "screening", "prosecution", "custody", "released", "reintegration", "closed"]
    assert all(can_move(a, b) for a, b in zip(path, path[1:], strict=False))
    assert can_move("screening", "rehabilitation") and can_move("rehabilitation", "reintegration")


def test_a_case_cannot_jump_from_arrival_to_custody():
    assert not can_move("arrived", "custody")


def test_moving_a_case_records_the_reason_date_and_agency(world):
    t = actions.do_move_case(
        world.aliya,
        world.asel_case,
        to_state=State.REHABILITATION,
        date=dt.date(2019, 5, 12),
        reason="Adaptation programme",
        place="Aktau",
    )
    world.asel_case.refresh_from_db()
    assert world.asel_case.state == State.REHABILITATION
    assert (t.from_state, t.to_state, t.agency, t.reason) == (
        "arrived",
        "rehabilitation",
        world.aliya.agency,
        "Adaptation programme",
    )
    assert CaseTransition.objects.filter(case=world.asel_case).count() == 2


def test_an_undefined_move_is_refused_with_the_states_named(world):
    with pytest.raises(ActionError) as err:
        actions.do_move_case(
            world.aliya,
            world.asel_case,
            to_state=State.CUSTODY,
            date=dt.date(2019, 6, 1),
            reason="x",
        )
    assert "Arrived" in err.value.errors["to_state"]


def test_a_move_needs_a_reason(world):
    with pytest.raises(ActionError):
        actions.do_move_case(
            world.aliya,
            world.asel_case,
            to_state=State.SCREENING,
            date=dt.date(2019, 6, 1),
            reason="  ",
        )


def test_a_move_dated_before_the_current_state_is_refused(world):
    with pytest.raises(ActionError):
        actions.do_move_case(
            world.aliya,
            world.asel_case,
            to_state=State.SCREENING,
            date=dt.date(2019, 1, 1),
            reason="x",
        )


def test_a_stale_pathway_move_is_refused(world):
    version = world.asel_case.version
    actions.do_move_case(
        world.aliya,
        world.asel_case,
        to_state=State.SCREENING,
        date=dt.date(2019, 5, 9),
        reason="x",
        version=version,
    )
    with pytest.raises(ConcurrentEdit):
        actions.do_move_case(
            world.aliya,
            world.asel_case,
            to_state=State.REHABILITATION,
            date=dt.date(2019, 5, 20),
            reason="y",
            version=version,
        )


def test_an_analyst_cannot_move_a_case(world):
    with pytest.raises(PermissionDenied):
        actions.do_move_case(
            world.arman,
            world.asel_case,
            to_state=State.SCREENING,
            date=dt.date(2019, 5, 9),
            reason="x",
        )


def test_arrival_counts_a_woman_a_man_or_a_child_by_age_on_the_day(world):
    assert Arrival.objects.get(person=world.asel).age_group == "woman"
    assert Arrival.objects.get(person=world.child).age_group == "child"


def test_an_arrival_outside_the_stage_dates_is_refused(world):
    with pytest.raises(ActionError):
        actions.do_record_arrival(
            world.dana, world.marat, world.stage, arrived_on=dt.date(2020, 1, 1)
        )


def test_a_screening_outcome_must_be_one_of_the_differentiated_outcomes(world):
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user

    security = do_create_agency(None, code="security", name="Security", kind="security")
    yerlan = do_add_membership(
        None,
        user=do_create_user(None, username="yerlan", password="z" * 16),
        agency=security,
        role="screening_officer",
    )
    actions.do_assign_case(world.dana, world.asel_case, security, since=dt.date(2019, 5, 9))
    with pytest.raises(ActionError):
        actions.do_add_event(
            yerlan,
            world.asel,
            type="screening_outcome",
            date=dt.date(2019, 5, 20),
            outcome="guilty",
        )
    e = actions.do_add_event(
        yerlan, world.asel, type="screening_outcome", date=dt.date(2019, 5, 20), outcome="absolved"
    )
    assert e.agency == security


def test_an_event_in_the_future_is_refused(world):
    with pytest.raises(ActionError):
        actions.do_add_event(
            world.aliya, world.asel, type="note", date=dt.date.today() + dt.timedelta(days=2)
        )


def test_an_event_with_an_unknown_date_is_kept(world):
    e = actions.do_add_event(
        world.aliya, world.asel, type="left_country", date=None, date_precision="unknown"
    )
    assert Event.objects.get(pk=e.pk).date is None
