"""Named personas across agencies, built through the actions.

Aliya is a case worker at centre A and Bolat a health officer at centre A's partner clinic (both
see A's caseload through their agencies); Chingiz is a case worker at centre B and must see nothing
of A; Dana is the intake officer at headquarters; Arman is a programme analyst who sees aggregates
only. Asel Nurlanqyzy (Асель Нұрланқызы) is a returnee in centre A's caseload with two children;
Marat Serikov is in centre B's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
from zhusan.accounts.models import AgencyKind, Membership
from zhusan.accounts.roles import Role
from zhusan.cases import actions as cases
from zhusan.cases.models import Case, OperationStage
from zhusan.lib.dates import DatePrecision
from zhusan.people import actions as people
from zhusan.people.models import NameKind, Person, RelationshipKind, Script

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    dana: Membership
    aliya: Membership
    bolat: Membership
    chingiz: Membership
    arman: Membership
    stage: OperationStage
    asel: Person
    asel_case: Case
    child: Person
    marat: Person


def _member(username: str, agency, role: str) -> Membership:
    user = do_create_user(None, username=username, password=PASSWORD, display_name=username.title())
    return do_add_membership(None, user=user, agency=agency, role=role)


def build_world() -> World:
    hq = do_create_agency(None, code="hq", name="Headquarters", kind=AgencyKind.OPERATION)
    centre_a = do_create_agency(
        None, code="centre-a", name="Centre A", kind=AgencyKind.REHABILITATION
    )
    centre_b = do_create_agency(
        None, code="centre-b", name="Centre B", kind=AgencyKind.REHABILITATION
    )
    ministry = do_create_agency(None, code="ministry", name="Ministry", kind=AgencyKind.MINISTRY)
    dana = _member("dana", hq, Role.INTAKE_OFFICER)
    aliya = _member("aliya", centre_a, Role.CASE_WORKER)
    bolat = _member("bolat", centre_a, Role.HEALTH_OFFICER)
    chingiz = _member("chingiz", centre_b, Role.CASE_WORKER)
    arman = _member("arman", ministry, Role.PROGRAMME_ANALYST)
    admin = _member("admin", hq, Role.ADMINISTRATOR)
    op = cases.do_create_operation(admin, code="zhusan", name="Zhusan", country="Syria")
    stage = cases.do_create_stage(
        admin,
        op,
        number=2,
        name="Zhusan, stage 2",
        country="Syria",
        start_date=dt.date(2019, 5, 7),
        end_date=dt.date(2019, 5, 9),
    )
    asel = people.do_create_person(
        dana,
        names=[
            people.NameInput("Нұрланқызы Асель", Script.KAZAKH_CYRILLIC, NameKind.DOCUMENT),
            people.NameInput("Umm Yusuf", Script.LATIN, NameKind.KUNYA),
        ],
        sex="F",
        birth_date=dt.date(1990, 3, 14),
        birth_date_precision=DatePrecision.DAY,
    )
    asel_case = cases.do_open_case(dana, asel, opened_on=dt.date(2019, 5, 8))
    cases.do_record_arrival(dana, asel, stage, arrived_on=dt.date(2019, 5, 8))
    cases.do_assign_case(dana, asel_case, centre_a, since=dt.date(2019, 5, 10))
    child = people.do_create_person(
        dana,
        names=[people.NameInput("Юсуф Нұрланұлы")],
        sex="M",
        birth_date=dt.date(2016, 1, 1),
        birth_date_precision=DatePrecision.YEAR,
    )
    child_case = cases.do_open_case(dana, child, opened_on=dt.date(2019, 5, 8))
    cases.do_record_arrival(dana, child, stage, arrived_on=dt.date(2019, 5, 8))
    people.do_add_relationship(dana, asel, child, kind=RelationshipKind.PARENT)
    people.do_create_family(
        dana, label="Nurlanqyzy family", members=[(asel, "mother"), (child, "child")]
    )
    del child_case
    marat = people.do_create_person(
        dana,
        names=[people.NameInput("Серіков Марат")],
        sex="M",
        birth_date=dt.date(1985, 1, 1),
        birth_date_precision=DatePrecision.YEAR,
    )
    marat_case = cases.do_open_case(dana, marat, opened_on=dt.date(2019, 5, 8))
    cases.do_assign_case(dana, marat_case, centre_b, since=dt.date(2019, 5, 10))
    asel_case.refresh_from_db()
    return World(dana, aliya, bolat, chingiz, arman, stage, asel, asel_case, child, marat)
