"""A small programme built by hand through the actions, with every indicator's answer known.

On top of the personas (Asel, a woman, and her son Yusuf arrive on 8 May 2019 in stage 2; Marat has
no arrival), three adults and an orphan arrive:

- Timur (man, born 1980): stage 2, 8 May 2019; left in Oct 2013; screened "prosecute" on 1 Jun
  2019; proceeding opened 10 Jun 2019 for arts. 257(2) and 260(1); convicted 20 Dec 2019 to 8 years'
  imprisonment; in custody since 10 Jun 2019 (still).
- Aigerim (woman, born 1995): stage 3, 30 May 2019; screened "absolved" on 15 Jun 2019;
  rehabilitation from 20 Jun 2019, reintegration from 1 Aug 2019, closed on 10 Jan 2023
  (reintegrated).
- Serik (man, born 1975): stage 3, 30 May 2019; left in Feb 2014; screened "prosecute" on 1 Jun
  2019; proceeding opened 5 Jun 2019 for art. 257(2); convicted 1 Oct 2019 to 4 years; custody
  5 Jun 2019 – 1 Jun 2021, released on parole granted on 20 May 2021.
- Dilnaz (girl, born 2012): stage 3, 30 May 2019, without a parent.
- Asel left in May 2014.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
from zhusan.accounts.models import AgencyKind, Membership
from zhusan.accounts.roles import Role
from zhusan.cases import actions as cases
from zhusan.cases.models import EventType
from zhusan.justice import actions as justice
from zhusan.lib.dates import DatePrecision
from zhusan.people import actions as people
from zhusan.people.models import Person

D = dt.date


@dataclass
class Programme:
    world: object
    screening: Membership
    prosecutor: Membership
    timur: Person
    aigerim: Person
    serik: Person
    dilnaz: Person


def _person(dana, name: str, sex: str, born: dt.date) -> Person:
    return people.do_create_person(
        dana,
        names=[people.NameInput(name)],
        sex=sex,
        birth_date=born,
        birth_date_precision=DatePrecision.DAY,
    )


def build_programme(world) -> Programme:
    dana = world.dana
    admin = Membership.objects.get(user__username="admin")
    stage3 = cases.do_create_stage(
        admin,
        world.stage.operation,
        number=3,
        name="Zhusan, stage 3",
        country="Syria",
        start_date=D(2019, 5, 28),
        end_date=D(2019, 5, 31),
    )
    knb = do_create_agency(None, code="knb", name="Security service", kind=AgencyKind.SECURITY)
    prosecution = do_create_agency(None, code="gp", name="Prosecution", kind=AgencyKind.PROSECUTION)
    screening = do_add_membership(
        None,
        user=do_create_user(None, username="yerlan", password="s" * 16),
        agency=knb,
        role=Role.SCREENING_OFFICER,
    )
    prosecutor = do_add_membership(
        None,
        user=do_create_user(None, username="madina", password="p" * 16),
        agency=prosecution,
        role=Role.PROSECUTOR,
    )

    def arrive(person, stage, day, *, orphan=False):
        case = cases.do_open_case(dana, person, opened_on=day)
        cases.do_record_arrival(dana, person, stage, arrived_on=day, unaccompanied=orphan)
        for agency in (knb, prosecution):
            cases.do_assign_case(dana, case, agency, since=day)
        return case

    timur = _person(dana, "Тимур Аманов", "M", D(1980, 2, 2))
    aigerim = _person(dana, "Айгерім Бекова", "F", D(1995, 7, 7))
    serik = _person(dana, "Серік Омаров", "M", D(1975, 3, 3))
    dilnaz = _person(dana, "Дильназ", "F", D(2012, 9, 9))
    timur_case = arrive(timur, world.stage, D(2019, 5, 8))
    aigerim_case = arrive(aigerim, stage3, D(2019, 5, 30))
    serik_case = arrive(serik, stage3, D(2019, 5, 30))
    arrive(dilnaz, stage3, D(2019, 5, 30), orphan=True)
    for agency in (knb, prosecution):
        cases.do_assign_case(dana, world.asel_case, agency, since=D(2019, 5, 8))

    for person, day in (
        (timur, D(2013, 10, 1)),
        (serik, D(2014, 2, 1)),
        (world.asel, D(2014, 5, 1)),
    ):
        cases.do_add_event(
            dana, person, type=EventType.LEFT_COUNTRY, date=day, date_precision=DatePrecision.MONTH
        )
    for person, outcome, day in (
        (timur, "prosecute", D(2019, 6, 1)),
        (serik, "prosecute", D(2019, 6, 1)),
        (aigerim, "absolved", D(2019, 6, 15)),
    ):
        cases.do_add_event(
            screening, person, type=EventType.SCREENING_OUTCOME, date=day, outcome=outcome
        )

    # Timur: two articles, 8 years, still held.
    p = justice.do_open_proceeding(prosecutor, timur, opened_on=D(2019, 6, 10), court="Court")
    justice.do_add_charge(prosecutor, p, article="257", part="2", offence_date=D(2015, 1, 1))
    justice.do_add_charge(prosecutor, p, article="260", part="1", offence_date=D(2015, 1, 1))
    justice.do_start_custody(
        prosecutor, timur, facility="SIZO", kind="pre_trial", start_date=D(2019, 6, 10)
    )
    justice.do_record_verdict(prosecutor, p, verdict="convicted", verdict_date=D(2019, 12, 20))
    justice.do_record_sentence(
        prosecutor, p, kind="imprisonment", start_date=D(2019, 6, 10), years=8
    )
    # Serik: one article, 4 years, paroled in 2021.
    p = justice.do_open_proceeding(prosecutor, serik, opened_on=D(2019, 6, 5), court="Court")
    justice.do_add_charge(prosecutor, p, article="257", part="2", offence_date=D(2015, 1, 1))
    justice.do_start_custody(
        prosecutor, serik, facility="SIZO", kind="pre_trial", start_date=D(2019, 6, 5)
    )
    justice.do_record_verdict(prosecutor, p, verdict="convicted", verdict_date=D(2019, 10, 1))
    justice.do_record_sentence(
        prosecutor, p, kind="imprisonment", start_date=D(2019, 6, 5), years=4
    )
    petition = justice.do_file_petition(
        prosecutor, serik, measure="parole", filed_on=D(2021, 4, 20)
    )
    justice.do_decide_petition(prosecutor, petition, decision="granted", decided_on=D(2021, 5, 20))
    justice.do_end_custody(prosecutor, serik, end_date=D(2021, 6, 1), reason="Released on parole")

    # Pathways.
    for case, moves in (
        (
            timur_case,
            [
                ("screening", D(2019, 5, 9)),
                ("prosecution", D(2019, 6, 1)),
                ("custody", D(2019, 12, 20)),
            ],
        ),
        (
            serik_case,
            [
                ("screening", D(2019, 5, 31)),
                ("prosecution", D(2019, 6, 1)),
                ("custody", D(2019, 10, 1)),
                ("released", D(2021, 6, 1)),
                ("reintegration", D(2021, 6, 2)),
            ],
        ),
        (
            aigerim_case,
            [
                ("screening", D(2019, 5, 31)),
                ("rehabilitation", D(2019, 6, 20)),
                ("reintegration", D(2019, 8, 1)),
                ("closed", D(2023, 1, 10)),
            ],
        ),
    ):
        for state, day in moves:
            case.refresh_from_db()
            cases.do_move_case(
                dana,
                case,
                to_state=state,
                date=day,
                reason="test",
                outcome="reintegrated" if state == "closed" else "",
            )
    # Children: Yusuf with his grandparents from 1 Jun 2019, back with Asel on 1 Mar 2022; Dilnaz
    # (orphan) with grandparents from 1 Jul 2019, her identity established step by step.
    from zhusan.children import actions as children
    from zhusan.rehab import actions as rehab

    guardianship = do_create_agency(
        None, code="guardianship", name="Guardianship", kind=AgencyKind.CHILD_PROTECTION
    )
    officer = do_add_membership(
        None,
        user=do_create_user(None, username="gulnar", password="g" * 16),
        agency=guardianship,
        role=Role.CHILD_PROTECTION_OFFICER,
    )
    for child in (world.child, dilnaz):
        cases.do_assign_case(dana, child.case, guardianship, since=D(2019, 5, 30))
    cases.do_assign_case(dana, aigerim_case, world.aliya.agency, since=D(2019, 6, 20))
    grandmother = _person(dana, "Бибігүл Нұрланова", "F", D(1960, 1, 1))
    grandmother_case = cases.do_open_case(dana, grandmother, opened_on=D(2019, 5, 30))
    for case in (grandmother_case, world.asel_case, aigerim_case):
        cases.do_assign_case(dana, case, guardianship, since=D(2019, 5, 30))
    children.do_start_placement(
        officer,
        world.child,
        kind="grandparents",
        start_date=D(2019, 6, 1),
        legal_status="temporary_custody",
        carer=grandmother,
    )
    children.do_record_reunification(officer, world.child, parent=world.asel, date=D(2022, 3, 1))
    children.do_start_placement(
        officer,
        dilnaz,
        kind="grandparents",
        start_date=D(2019, 7, 1),
        orphan=True,
        legal_status="temporary_custody",
        carer=grandmother,
    )
    children.do_record_dna_test(
        officer,
        dilnaz,
        date=D(2019, 6, 20),
        tested_with=aigerim,
        relation="aunt_uncle",
        result="match",
        lab="Lab",
    )
    children.do_record_court_decision(
        officer, dilnaz, date=D(2019, 8, 1), court="Court", establishes="kinship"
    )
    children.do_record_birth_certificate(
        officer, dilnaz, date=D(2019, 9, 1), number="I-123", registry_office="Aktau"
    )
    # Benefits: Asel's monthly social payment (open), Aigerim's survivor's allowance (2019–2020).
    rehab.do_grant_benefit(
        world.aliya, world.asel, kind="social_payment", amount_kzt=42500, start_on=D(2019, 9, 1)
    )
    rehab.do_grant_benefit(
        world.aliya,
        aigerim,
        kind="survivor",
        amount_kzt=30000,
        start_on=D(2019, 9, 1),
        end_on=D(2020, 12, 31),
    )
    return Programme(world, screening, prosecutor, timur, aigerim, serik, dilnaz)
