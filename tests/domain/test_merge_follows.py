"""A merge carries every kind of record that points at the person, and an unmerge brings it back."""

import datetime as dt

import pytest

from tests.reports.programme import _person
from zhusan.cases import actions as cases
from zhusan.identity.actions import _movable, do_merge_persons, do_unmerge
from zhusan.lib.errors import ActionError
from zhusan.rehab import actions as rehab
from zhusan.rehab.models import Benefit

pytestmark = pytest.mark.django_db
D = dt.date


def test_every_reference_to_a_person_is_movable_or_deliberately_kept():
    labels = {f"{m._meta.label_lower}.{f}" for m, f in _movable()}
    for expected in (
        "people.personname.person",
        "cases.event.person",
        "justice.proceeding.person",
        "rehab.benefit.person",
        "children.placement.person",
        "children.placement.carer",
        "cases.referral.person",
        "access.exclusion.person",
    ):
        assert expected in labels, expected
    assert "access.scopeentry.person" not in labels


def test_a_benefit_recorded_on_a_duplicate_moves_and_comes_back(world):
    copy = _person(world.dana, "Нұрланқызы Асель", "F", D(1990, 3, 14))
    case = cases.do_open_case(world.dana, copy, opened_on=D(2019, 5, 8))
    cases.do_assign_case(world.dana, case, world.aliya.agency, since=D(2019, 5, 8))
    benefit = rehab.do_grant_benefit(
        world.aliya, copy, kind="social_payment", amount_kzt=42500, start_on=D(2019, 9, 1)
    )
    merge = do_merge_persons(world.dana, world.asel, copy, reason="Registered twice at intake")
    assert Benefit.objects.get(pk=benefit.pk).person_id == world.asel.pk
    do_unmerge(world.dana, merge, reason="They are sisters after all")
    assert Benefit.objects.get(pk=benefit.pk).person_id == copy.pk


def test_two_open_placements_refuse_the_merge_with_a_message(world):
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
    from zhusan.children import actions as children

    guardianship = do_create_agency(None, code="g", name="Guardianship", kind="child_protection")
    officer = do_add_membership(
        None,
        user=do_create_user(None, username="gulnar", password="g" * 16),
        agency=guardianship,
        role="child_protection_officer",
    )
    copy = _person(world.dana, "Юсуф Нұрланұлы", "M", D(2016, 1, 1))
    cases.do_open_case(world.dana, copy, opened_on=D(2019, 5, 8))
    for child in (world.child, copy, world.asel):
        cases.do_assign_case(world.dana, child.case, guardianship, since=D(2019, 5, 8))
    for child in (world.child, copy):
        children.do_start_placement(
            officer, child, kind="with_mother", start_date=D(2019, 6, 1), carer=world.asel
        )
    with pytest.raises(ActionError, match="only once"):
        do_merge_persons(world.dana, world.child, copy, reason="Registered twice at intake")
