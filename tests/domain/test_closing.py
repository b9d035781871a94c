"""Closing a case says how it ended; reopening keeps every closure in the history."""

import datetime as dt

import pytest

from zhusan.audit.models import AuditEvent, AuditEventType
from zhusan.cases import actions
from zhusan.cases.models import CaseTransition, CloseOutcome
from zhusan.cases.pathway import State
from zhusan.lib.errors import ActionError

pytestmark = pytest.mark.django_db


def _rehabilitate(world):
    actions.do_move_case(
        world.aliya,
        world.asel_case,
        to_state=State.REHABILITATION,
        date=dt.date(2019, 5, 12),
        reason="Adaptation programme",
    )


def test_closing_a_case_needs_its_outcome(world):
    _rehabilitate(world)
    with pytest.raises(ActionError) as err:
        actions.do_move_case(
            world.aliya,
            world.asel_case,
            to_state=State.CLOSED,
            date=dt.date(2023, 1, 10),
            reason="No further support needed",
        )
    assert "outcome" in err.value.errors
    t = actions.do_move_case(
        world.aliya,
        world.asel_case,
        to_state=State.CLOSED,
        date=dt.date(2023, 1, 10),
        reason="No further support needed",
        outcome=CloseOutcome.REINTEGRATED,
    )
    assert t.outcome == CloseOutcome.REINTEGRATED
    event = AuditEvent.objects.filter(type=AuditEventType.CASE_MOVED).last()
    assert event.new["outcome"] == "reintegrated"


def test_only_a_closing_move_takes_an_outcome(world):
    with pytest.raises(ActionError) as err:
        actions.do_move_case(
            world.aliya,
            world.asel_case,
            to_state=State.REHABILITATION,
            date=dt.date(2019, 5, 12),
            reason="Adaptation programme",
            outcome=CloseOutcome.EMIGRATED,
        )
    assert "outcome" in err.value.errors


def test_reopening_keeps_the_earlier_closure_and_its_outcome(world):
    _rehabilitate(world)
    actions.do_move_case(
        world.aliya,
        world.asel_case,
        to_state=State.CLOSED,
        date=dt.date(2022, 3, 1),
        reason="No contact for a year",
        outcome=CloseOutcome.LOST,
    )
    actions.do_move_case(
        world.aliya,
        world.asel_case,
        to_state=State.REINTEGRATION,
        date=dt.date(2023, 2, 1),
        reason="Came back to the centre asking for help",
    )
    history = list(
        CaseTransition.objects.filter(case=world.asel_case).values_list("to_state", "outcome")
    )
    assert history[-2:] == [("closed", "lost_to_follow_up"), ("reintegration", "")]


def test_the_move_form_asks_for_the_outcome_and_the_tab_shows_it(signed_in, world):
    _rehabilitate(world)
    world.asel_case.refresh_from_db()
    client = signed_in("aliya")
    url = f"/persons/{world.asel.public_id}/"
    tab = client.get(url, {"tab": "pathway"}).content.decode()
    assert 'name="outcome"' in tab and "Emigrated" in tab
    data = {
        "to_state": "closed",
        "date": "2023-01-10",
        "reason": "Left the country",
        "version": world.asel_case.version,
    }
    r = client.post(url + "move/", data)
    assert r.status_code == 422 and "Choose how the case ends." in r.content.decode()
    r = client.post(url + "move/", data | {"outcome": "emigrated"})
    assert r.status_code == 302
    tab = client.get(url, {"tab": "pathway"}).content.decode()
    assert 'data-testid="close-outcome">Emigrated<' in tab
