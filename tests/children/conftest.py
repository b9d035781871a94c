"""Gulnar, a child protection officer whose agency holds Yusuf's case (and so sees his family), and
Yusuf's grandmother Rauza, in the family and recorded as Asel's mother."""

import datetime as dt

import pytest


def add_officer(world):
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
    from zhusan.accounts.models import AgencyKind
    from zhusan.cases.actions import do_assign_case
    from zhusan.cases.models import Case

    agency = do_create_agency(
        None, code="guardianship", name="Guardianship authority", kind=AgencyKind.CHILD_PROTECTION
    )
    user = do_create_user(None, username="gulnar", password="g" * 16, display_name="Gulnar")
    membership = do_add_membership(None, user=user, agency=agency, role="child_protection_officer")
    do_assign_case(
        world.dana, Case.objects.get(person=world.child), agency, since=dt.date(2019, 5, 20)
    )
    return membership


def add_grandmother(world):
    from zhusan.lib.dates import DatePrecision
    from zhusan.people import actions as people
    from zhusan.people.models import FamilyMember, NameKind, Script

    rauza = people.do_create_person(
        world.dana,
        names=[people.NameInput("Сейітова Рауза", Script.KAZAKH_CYRILLIC, NameKind.DOCUMENT)],
        sex="F",
        birth_date=dt.date(1962, 4, 2),
        birth_date_precision=DatePrecision.DAY,
        citizenship="citizen",
    )
    family = FamilyMember.objects.get(person=world.asel).family
    people.do_add_family_member(world.dana, family, rauza, "grandparent")
    people.do_add_relationship(world.dana, rauza, world.asel, kind="parent")
    return rauza


@pytest.fixture
def gulnar(world):
    return add_officer(world)


@pytest.fixture
def grandmother(world):
    return add_grandmother(world)
