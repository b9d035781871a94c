"""Build the synthetic programme through the actions, as the agencies would have recorded it.

Every person is invented (zhusan.demo.people). Families follow the reported programme: departures
2013–2016, marriages and births in the conflict zone, husbands killed, camp years, return in a
stage of the size reported for it, screening, prosecutions, rehabilitation, grandparents' care.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.core.management import call_command
from django.db import transaction

from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
from zhusan.accounts.models import AgencyKind, Membership
from zhusan.accounts.roles import Role
from zhusan.cases import actions as cases
from zhusan.cases.models import (
    Case,
    CloseOutcome,
    EventType,
    Operation,
    OperationStage,
    ScreeningOutcome,
)
from zhusan.cases.pathway import State
from zhusan.demo import children as children_demo
from zhusan.demo import referrals as demo_referrals
from zhusan.demo import rehab as rehab_demo
from zhusan.demo.people import CAMPS, KZ_PLACES, REGIONS, ZONE_PLACES, NameParts, NameStock
from zhusan.demo.programme import OPERATIONS, STAGES, StageSpec
from zhusan.identity.translit import System, render
from zhusan.justice import actions as justice
from zhusan.lib.dates import DatePrecision
from zhusan.people import actions as people
from zhusan.people.models import (
    Citizenship,
    DocumentKind,
    DocumentStatus,
    FamilyRole,
    MarriageEnd,
    NameKind,
    Person,
    RelationshipKind,
    Script,
)

DEMO_PASSWORD = "zhusan-demo-2019"  # noqa: S105 - printed on start; demo accounts only
TODAY_CAP = dt.date(2026, 11, 1)

AGENCIES = (
    ("hq", "Interagency repatriation headquarters", AgencyKind.OPERATION, "Astana"),
    ("security", "Security service, screening directorate", AgencyKind.SECURITY, "Astana"),
    ("prosecution", "Regional prosecutor's office", AgencyKind.PROSECUTION, "Mangystau"),
    ("prison-atyrau", "Penitentiary institution, Atyrau", AgencyKind.PRISON, "Atyrau"),
    ("prison-karaganda", "Penitentiary institution, Karaganda", AgencyKind.PRISON, "Karaganda"),
    ("centre-aktau", "Adaptation centre, Aktau", AgencyKind.REHABILITATION, "Mangystau"),
    (
        "centre-almaty",
        "Regional rehabilitation centre, Almaty",
        AgencyKind.REHABILITATION,
        "Almaty",
    ),
    (
        "guardianship",
        "Guardianship and child protection authority",
        AgencyKind.CHILD_PROTECTION,
        "Turkistan",
    ),
    (
        "health",
        "Special medical commission, regional health department",
        AgencyKind.HEALTH,
        "Mangystau",
    ),
    ("social", "Local social services", AgencyKind.SOCIAL, "Aktobe"),
    ("ministry", "Ministry programme analysis unit", AgencyKind.MINISTRY, "Astana"),
    ("ombudsman", "Office of the human rights commissioner", AgencyKind.OVERSIGHT, "Astana"),
    ("operator", "System operator", AgencyKind.OPERATOR, "Astana"),
)

USERS = (
    ("intake", "Dana (intake officer)", "hq", Role.INTAKE_OFFICER),
    ("screening", "Yerlan (screening officer)", "security", Role.SCREENING_OFFICER),
    ("prosecutor", "Madina (prosecutor)", "prosecution", Role.PROSECUTOR),
    ("prison", "Serik (penitentiary officer)", "prison-atyrau", Role.PENITENTIARY_OFFICER),
    ("aliya", "Aliya (case worker, Aktau centre)", "centre-aktau", Role.CASE_WORKER),
    ("chingiz", "Chingiz (case worker, Almaty centre)", "centre-almaty", Role.CASE_WORKER),
    (
        "guardianship",
        "Gulnar (child protection officer)",
        "guardianship",
        Role.CHILD_PROTECTION_OFFICER,
    ),
    ("health", "Nurlan (health officer)", "health", Role.HEALTH_OFFICER),
    ("social", "Saule (social services officer)", "social", Role.SOCIAL_SERVICES_OFFICER),
    ("analyst", "Arman (programme analyst)", "ministry", Role.PROGRAMME_ANALYST),
    ("auditor", "Zhanar (auditor)", "ombudsman", Role.AUDITOR),
    ("admin", "Timur (administrator)", "operator", Role.ADMINISTRATOR),
)


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    label: str


@dataclass
class Returnee:
    person: Person
    parts: NameParts
    region: str
    case: Case | None = None
    spouse_of: list = field(default_factory=list)


def _clip(day: dt.date) -> dt.date:
    return min(day, TODAY_CAP)


class Builder:
    """Record one stage after another through the actions, as each agency would."""

    def __init__(self, seed: int, echo: Callable[[str], None]):
        self.rng = random.Random(seed)
        self.names = NameStock(seed)
        self.echo = echo
        self.m: dict[str, Membership] = {}
        self.stages: dict[tuple[str, int], OperationStage] = {}
        self.counts = {"persons": 0, "families": 0}

    # --- set-up -------------------------------------------------------------------------
    def accounts(self) -> list[Login]:
        agencies = {
            code: do_create_agency(None, code=code, name=name, kind=kind, region=region)
            for code, name, kind, region in AGENCIES
        }
        logins = []
        for username, label, agency, role in USERS:
            user = do_create_user(
                None, username=username, password=DEMO_PASSWORD, display_name=label, is_demo=True
            )
            self.m[username] = do_add_membership(
                None, user=user, agency=agencies[agency], role=role
            )
            logins.append(Login(username, DEMO_PASSWORD, label))
        # A second role for the Atyrau officer at Karaganda, to show switching roles.
        self.m["prison-k"] = do_add_membership(
            None,
            user=self.m["prison"].user,
            agency=agencies["prison-karaganda"],
            role=Role.PENITENTIARY_OFFICER,
        )
        return logins

    def operations(self, specs: tuple[StageSpec, ...]) -> None:
        hq = self.m["admin"]
        ops = {}
        for code, (name, country, start, end, note) in OPERATIONS.items():
            ops[code] = cases.do_create_operation(
                hq, code=code, name=name, country=country, start_date=start, end_date=end, note=note
            )
        for s in specs:
            self.stages[(s.operation, s.number)] = cases.do_create_stage(
                hq,
                ops[s.operation],
                number=s.number,
                name=s.name,
                country=s.country,
                start_date=s.start,
                end_date=s.end,
                reported_total=s.total,
                note=s.note,
            )

    # --- persons --------------------------------------------------------------------------
    def _names(self, parts: NameParts, *, kunya: str = "") -> list[people.NameInput]:
        latin = self.rng.choice([System.ICAO, System.BGN, System.LAT2021])
        names = [
            people.NameInput(
                parts.kazakh(),
                Script.KAZAKH_CYRILLIC,
                NameKind.DOCUMENT,
                surname=parts.surname,
                given_name=parts.given,
            ),
            people.NameInput(parts.russian(), Script.RUSSIAN_CYRILLIC, NameKind.AGENCY),
            people.NameInput(parts.latin(latin), Script.LATIN, NameKind.AGENCY),
        ]
        if kunya:
            names.append(people.NameInput(kunya, Script.LATIN, NameKind.KUNYA))
        return names

    def _person(
        self,
        acting: Membership,
        parts: NameParts,
        birth: dt.date,
        precision: str,
        *,
        region: str,
        place: str = "",
        kunya: str = "",
        deceased: bool = False,
        death: dt.date | None = None,
        citizenship: str = Citizenship.CITIZEN,
        care_needs: str = "",
    ) -> Person:
        self.counts["persons"] += 1
        return people.do_create_person(
            acting,
            names=self._names(parts, kunya=kunya),
            sex=parts.sex,
            birth_date=birth,
            birth_date_precision=precision,
            birth_place=place or KZ_PLACES[region],
            citizenship=citizenship,
            home_region=region,
            deceased=deceased,
            death_date=death,
            care_needs=care_needs,
        )

    def _latin_given(self, sex: str) -> str:
        return render(self.names.given(sex), System.BGN)

    def _date(self, start: dt.date, end: dt.date) -> dt.date:
        span = max(0, (end - start).days)
        return start + dt.timedelta(days=self.rng.randint(0, span))

    def _event(
        self,
        who: str,
        person: Person,
        type: str,
        date: dt.date | None,
        precision: str = DatePrecision.DAY,
        **kw,
    ) -> None:
        cases.do_add_event(
            self.m[who],
            person,
            type=type,
            date=date and _clip(date),
            date_precision=precision if date else DatePrecision.UNKNOWN,
            **kw,
        )

    def _assign(self, case: Case, who: str, since: dt.date) -> None:
        cases.do_assign_case(self.m["intake"], case, self.m[who].agency, since=_clip(since))

    def _move(
        self,
        who: str,
        case: Case,
        to: str,
        date: dt.date,
        reason: str,
        place: str = "",
        outcome: str = "",
    ) -> bool:
        date = _clip(max(date, case.state_since))
        cases.do_move_case(
            self.m[who], case, to_state=to, date=date, reason=reason, place=place, outcome=outcome
        )
        return True

    # --- one stage --------------------------------------------------------------------------
    def stage(self, spec: StageSpec) -> None:
        stage = self.stages[(spec.operation, spec.number)]
        rng = self.rng
        accompanied = spec.children - spec.orphans
        women = spec.women
        # Children per mother: at least one each while children last, the rest spread, at most six.
        per_mother = [0] * women
        for i in range(min(women, accompanied)):
            per_mother[i] = 1
        rest = accompanied - sum(per_mother)
        cap = max(6, math.ceil(accompanied / women)) if women else 0
        while rest > 0 and women:
            i = rng.randrange(women)
            if per_mother[i] < cap:
                per_mother[i] += 1
                rest -= 1
        men = list(range(spec.men))
        husbands_on_flight = (
            set(rng.sample(range(women), min(len(men) // 2, women))) if women else set()
        )
        prosecuted_women = set(rng.sample(range(women), min(women, max(0, round(women * 0.08)))))
        for w in range(women):
            husband_on_flight = w in husbands_on_flight and men
            man_index = men.pop() if husband_on_flight else None
            self.family(
                stage,
                spec,
                n_children=per_mother[w],
                with_husband=man_index is not None,
                prosecuted=w in prosecuted_women,
            )
        for _ in men:
            self.lone_man(stage, spec)
        orphans = spec.orphans
        while orphans > 0:
            size = min(orphans, rng.choice((1, 1, 2, 2, 3)))
            self.orphans(stage, spec, size)
            orphans -= size

    def _arrive(
        self,
        person: Person,
        stage: OperationStage,
        spec: StageSpec,
        *,
        unaccompanied: bool = False,
        age_group: str = "",
    ) -> Case:
        arrived = self._date(spec.start, spec.end)
        case = cases.do_open_case(
            self.m["intake"],
            person,
            opened_on=arrived,
            place="Aktau airport",
            reason=f"Arrived with {spec.name}",
        )
        cases.do_record_arrival(
            self.m["intake"],
            person,
            stage,
            arrived_on=arrived,
            unaccompanied=unaccompanied,
            health_check_done=True,
            age_group=age_group,
        )
        self._event("intake", person, EventType.REPATRIATED, arrived, place="Aktau", note=spec.name)
        self._event(
            "intake", person, EventType.HEALTH_CHECK, arrived + dt.timedelta(days=1), place="Aktau"
        )
        self._assign(case, "screening", arrived)
        case.refresh_from_db()
        return case

    def family(
        self,
        stage: OperationStage,
        spec: StageSpec,
        *,
        n_children: int,
        with_husband: bool,
        prosecuted: bool,
    ) -> None:
        rng = self.rng
        region = rng.choice(REGIONS)
        arrival = spec.start
        mother_birth = self._date(dt.date(1976, 1, 1), dt.date(1999, 12, 31))
        left = self._date(dt.date(2013, 3, 1), dt.date(2016, 6, 30))
        mother_parts = self.names.person("F")
        first_husband = self.names.person("M")
        second_husband = self.names.person("M")
        child_names = []
        mother = self._person(
            self.m["intake"],
            mother_parts,
            mother_birth,
            DatePrecision.DAY,
            region=region,
            kunya=f"Umm {self._latin_given('M')}" if rng.random() < 0.4 else "",
        )
        mother_case = self._arrive(mother, stage, spec)
        # Children: the first of them may be born before departure, the others in the zone.
        children: list[tuple[Person, Case, int]] = []
        married_again = n_children >= 2 and rng.random() < 0.55
        first_husband_killed = _clip(self._date(left + dt.timedelta(days=200), dt.date(2018, 3, 1)))
        for k in range(n_children):
            from_second = married_again and k >= math.ceil(n_children / 2)
            father = second_husband if from_second else first_husband
            if k == 0 and rng.random() < 0.35:
                birth = self._date(
                    max(
                        mother_birth + dt.timedelta(days=18 * 366),
                        left - dt.timedelta(days=6 * 365),
                    ),
                    left - dt.timedelta(days=30),
                )
                precision, place = DatePrecision.DAY, KZ_PLACES[region]
            else:
                lo = (
                    left + dt.timedelta(days=300)
                    if not from_second
                    else first_husband_killed + dt.timedelta(days=300)
                )
                birth = self._date(
                    lo, min(arrival - dt.timedelta(days=20), lo + dt.timedelta(days=4 * 365))
                )
                precision = rng.choice((DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.DAY))
                place = rng.choice(ZONE_PLACES)
            birth = _year_start(birth, precision)
            sex = rng.choice("FM")
            parts = self.names.person(sex, family_surname=father.surname, father=father.given)
            child_names.append(parts)
            person = self._person(
                self.m["intake"],
                parts,
                birth,
                precision,
                region=region,
                place=place,
                citizenship=Citizenship.CITIZEN
                if place in KZ_PLACES.values()
                else Citizenship.UNDETERMINED,
            )
            case = self._arrive(person, stage, spec)
            children.append((person, case, 1 if from_second else 0))
        husband_on_flight = None
        if with_husband:
            husband_on_flight = self._person(
                self.m["intake"],
                second_husband if married_again else first_husband,
                self._date(dt.date(1975, 1, 1), dt.date(1996, 12, 31)),
                DatePrecision.DAY,
                region=region,
                kunya=f"Abu {self._latin_given('M')} al-Kazakhi" if rng.random() < 0.6 else "",
            )
            husband_case = self._arrive(husband_on_flight, stage, spec)
        # The family group and the relatives who never left.
        label = f"{mother_parts.surname} family ({spec.name})"
        members = [(mother, FamilyRole.MOTHER)] + [(c, FamilyRole.CHILD) for c, _, _ in children]
        if husband_on_flight:
            members.append((husband_on_flight, FamilyRole.FATHER))
        family = people.do_create_family(self.m["intake"], label=label, members=members)
        self.counts["families"] += 1
        killed = []
        for idx, parts in enumerate((first_husband, second_husband)):
            if idx == 1 and not married_again:
                break
            if husband_on_flight and ((idx == 1) == married_again):
                continue
            death = (
                first_husband_killed
                if idx == 0
                else self._date(
                    first_husband_killed + dt.timedelta(days=400), arrival - dt.timedelta(days=60)
                )
            )
            dead = self._person(
                self.m["intake"],
                parts,
                self._date(dt.date(1970, 1, 1), dt.date(1995, 1, 1)),
                DatePrecision.YEAR,
                region=rng.choice(REGIONS),
                deceased=True,
                death=death,
            )
            people.do_add_family_member(self.m["intake"], family, dead, FamilyRole.FATHER)
            killed.append((idx, dead, death))
        grandfather = self._person(
            self.m["intake"],
            NameParts(
                mother_parts.surname[:-1], mother_parts.father_given, self.names.given("M"), "M"
            ),
            self._date(dt.date(1945, 1, 1), dt.date(1972, 1, 1)),
            DatePrecision.DAY,
            region=region,
        )
        grandmother = self._person(
            self.m["intake"],
            self.names.person("F"),
            self._date(dt.date(1948, 1, 1), dt.date(1974, 1, 1)),
            DatePrecision.DAY,
            region=region,
        )
        for gp in (grandfather, grandmother):
            people.do_add_family_member(self.m["intake"], family, gp, FamilyRole.GRANDPARENT)
            people.do_add_relationship(self.m["intake"], gp, mother, kind=RelationshipKind.PARENT)
        people.do_add_relationship(
            self.m["intake"], grandfather, grandmother, kind=RelationshipKind.SPOUSE
        )
        # Marriages and parenthood.
        spouses = {}
        for idx, dead, death in killed:
            married = (
                left + dt.timedelta(days=60)
                if idx == 0
                else first_husband_killed + dt.timedelta(days=120)
            )
            people.do_add_relationship(
                self.m["intake"],
                mother,
                dead,
                kind=RelationshipKind.SPOUSE,
                start_date=_clip(married),
                end_date=death,
                end_reason=MarriageEnd.DEATH,
            )
            spouses[idx] = dead
            self._event(
                "intake",
                mother,
                EventType.MARRIAGE,
                married,
                DatePrecision.MONTH,
                place=rng.choice(ZONE_PLACES),
                related_person=dead,
            )
            self._event(
                "intake",
                mother,
                EventType.SPOUSE_DIED,
                death,
                DatePrecision.MONTH,
                place=rng.choice(ZONE_PLACES),
                related_person=dead,
                note="Killed in the fighting, as reported by her",
            )
        if husband_on_flight:
            idx = 1 if married_again else 0
            people.do_add_relationship(
                self.m["intake"],
                mother,
                husband_on_flight,
                kind=RelationshipKind.SPOUSE,
                start_date=_clip(
                    left + dt.timedelta(days=60)
                    if idx == 0
                    else first_husband_killed + dt.timedelta(days=120)
                ),
            )
            spouses[idx] = husband_on_flight
        for child, _case, marriage in children:
            people.do_add_relationship(
                self.m["intake"], mother, child, kind=RelationshipKind.PARENT
            )
            if marriage in spouses:
                people.do_add_relationship(
                    self.m["intake"], spouses[marriage], child, kind=RelationshipKind.PARENT
                )
            if child.birth_place not in KZ_PLACES.values():
                self._event(
                    "intake",
                    mother,
                    EventType.CHILD_BORN,
                    child.birth_date,
                    child.birth_date_precision,
                    place=child.birth_place,
                    related_person=child,
                )
        # The mother's life before the programme.
        self._event(
            "intake",
            mother,
            EventType.LEFT_COUNTRY,
            left,
            DatePrecision.MONTH,
            place=KZ_PLACES[region],
            note="Left with her husband through Turkey, as she told the intake interview",
        )
        self._event(
            "intake",
            mother,
            EventType.ENTERED_CONFLICT_ZONE,
            left + dt.timedelta(days=20),
            DatePrecision.MONTH,
            place=rng.choice(ZONE_PLACES),
        )
        camp_from = self._date(dt.date(2018, 6, 1), dt.date(2019, 3, 20))
        self._event(
            "intake",
            mother,
            EventType.DETAINED_IN_CAMP,
            min(camp_from, spec.start - dt.timedelta(days=10)),
            DatePrecision.MONTH,
            place=rng.choice(CAMPS) if spec.operation == "zhusan" else "Baghdad",
        )
        self._documents(mother, adult=True)
        for child, _, _ in children:
            self._documents(child, adult=False)
        # Screening, then prosecution or rehabilitation.
        self.screen(mother, mother_case, prosecute=prosecuted, sex="F")
        if husband_on_flight:
            self.screen(husband_on_flight, husband_case, prosecute=True, sex="M")
        for child, case, _ in children:
            self.child_pathway(child, case, mother_case, guardians=(grandmother, grandfather))

    def lone_man(self, stage: OperationStage, spec: StageSpec) -> None:
        region = self.rng.choice(REGIONS)
        parts = self.names.person("M")
        man = self._person(
            self.m["intake"],
            parts,
            self._date(dt.date(1970, 1, 1), dt.date(1998, 12, 31)),
            DatePrecision.DAY,
            region=region,
            kunya=f"Abu {self._latin_given('M')}" if self.rng.random() < 0.5 else "",
            care_needs="Needs daily care (paralysed)" if self.rng.random() < 0.05 else "",
        )
        case = self._arrive(man, stage, spec)
        left = self._date(dt.date(2013, 3, 1), dt.date(2016, 6, 30))
        self._event(
            "intake",
            man,
            EventType.LEFT_COUNTRY,
            left,
            DatePrecision.MONTH,
            place=KZ_PLACES[region],
        )
        self._event(
            "intake",
            man,
            EventType.ENTERED_CONFLICT_ZONE,
            left + dt.timedelta(days=15),
            DatePrecision.MONTH,
            place=self.rng.choice(ZONE_PLACES),
        )
        self._event(
            "intake",
            man,
            EventType.DETAINED_IN_CAMP,
            self._date(dt.date(2018, 1, 1), spec.start - dt.timedelta(days=30)),
            DatePrecision.MONTH,
            place="Detention facility, north-east Syria",
        )
        self._documents(man, adult=True)
        self.screen(man, case, prosecute=True, sex="M")

    def orphans(self, stage: OperationStage, spec: StageSpec, size: int) -> None:
        rng = self.rng
        region = rng.choice(REGIONS)
        father = self.names.person("M")
        mother = self.names.person("F")
        death = self._date(dt.date(2016, 1, 1), dt.date(2018, 12, 1))
        dead_father = self._person(
            self.m["intake"],
            father,
            self._date(dt.date(1975, 1, 1), dt.date(1993, 1, 1)),
            DatePrecision.YEAR,
            region=region,
            deceased=True,
            death=death,
        )
        in_iraq = spec.operation == "rusafa"
        parent_mother = self._person(
            self.m["intake"],
            mother,
            self._date(dt.date(1980, 1, 1), dt.date(1997, 1, 1)),
            DatePrecision.YEAR,
            region=region,
            deceased=not in_iraq,
            death=None if in_iraq else self._date(death, spec.start - dt.timedelta(days=40)),
        )
        kids = []
        for _ in range(size):
            sex = rng.choice("FM")
            parts = self.names.person(sex, family_surname=father.surname, father=father.given)
            birth = _year_start(
                self._date(dt.date(2012, 1, 1), spec.start - dt.timedelta(days=400)),
                DatePrecision.YEAR,
            )
            child = self._person(
                self.m["intake"],
                parts,
                birth,
                DatePrecision.YEAR,
                region=region,
                place=rng.choice(ZONE_PLACES),
                citizenship=Citizenship.UNDETERMINED,
            )
            case = self._arrive(child, stage, spec, unaccompanied=True, age_group="child")
            kids.append((child, case))
        grandmother = self._person(
            self.m["intake"],
            self.names.person("F"),
            self._date(dt.date(1950, 1, 1), dt.date(1972, 1, 1)),
            DatePrecision.DAY,
            region=region,
        )
        members = [(c, FamilyRole.CHILD) for c, _ in kids] + [
            (dead_father, FamilyRole.FATHER),
            (parent_mother, FamilyRole.MOTHER),
            (grandmother, FamilyRole.GRANDPARENT),
        ]
        people.do_create_family(
            self.m["intake"], label=f"{father.surname} children ({spec.name})", members=members
        )
        self.counts["families"] += 1
        people.do_add_relationship(
            self.m["intake"],
            dead_father,
            parent_mother,
            kind=RelationshipKind.SPOUSE,
            end_date=death,
            end_reason=MarriageEnd.DEATH,
        )
        people.do_add_relationship(
            self.m["intake"], grandmother, dead_father, kind=RelationshipKind.PARENT
        )
        for child, case in kids:
            people.do_add_relationship(
                self.m["intake"], dead_father, child, kind=RelationshipKind.PARENT
            )
            people.do_add_relationship(
                self.m["intake"], parent_mother, child, kind=RelationshipKind.PARENT
            )
            self._documents(child, adult=False)
            self.child_pathway(
                child, case, None, guardians=(grandmother,), orphan=True, in_iraq=in_iraq
            )

    def _documents(self, person: Person, *, adult: bool) -> None:
        if adult:
            people.do_add_document(
                self.m["intake"],
                person,
                kind=DocumentKind.PASSPORT,
                status=self.rng.choice(
                    (DocumentStatus.LOST, DocumentStatus.EXPIRED, DocumentStatus.VALID)
                ),
                number=f"N{self.rng.randint(10**7, 10**8 - 1)}",
                issuing_country="KZ",
            )
        elif person.birth_place in KZ_PLACES.values():
            people.do_add_document(
                self.m["intake"],
                person,
                kind=DocumentKind.BIRTH_CERTIFICATE,
                status=DocumentStatus.VALID,
                number=f"I-{self.rng.randint(10**5, 10**6 - 1)}",
                issuing_country="KZ",
            )
        else:
            people.do_add_document(
                self.m["intake"],
                person,
                kind=DocumentKind.BIRTH_CERTIFICATE,
                status=DocumentStatus.MISSING,
            )

    # --- pathways ----------------------------------------------------------------------------
    def screen(self, person: Person, case: Case, *, prosecute: bool, sex: str) -> None:
        rng = self.rng
        start = case.state_since
        self._move(
            "screening",
            case,
            State.SCREENING,
            start + dt.timedelta(days=1),
            "Adult returnee: screening interview",
        )
        outcome = (
            ScreeningOutcome.PROSECUTE
            if prosecute
            else rng.choice(
                (
                    ScreeningOutcome.ABSOLVED,
                    ScreeningOutcome.ABSOLVED,
                    ScreeningOutcome.ABSOLVED,
                    ScreeningOutcome.CLARIFICATION,
                )
            )
        )
        screened = start + dt.timedelta(days=rng.randint(3, 20))
        self._event(
            "screening",
            person,
            EventType.SCREENING_OUTCOME,
            screened,
            outcome=outcome,
            note="Differentiated approach: outcome recorded with reasons in the security file",
        )
        if prosecute:
            self.prosecute(person, case, screened, sex)
            return
        self.rehabilitate(person, case, screened, adult=True)

    def prosecute(self, person: Person, case: Case, screened: dt.date, sex: str) -> None:
        """Charge, try, sentence and hold in custody; some serve their term, some petition."""
        rng = self.rng
        self._assign(case, "prosecutor", screened)
        self._move(
            "prosecutor", case, State.PROSECUTION, screened, "Criminal case opened after screening"
        )
        self._event("prosecutor", person, EventType.DETAINED, screened, place="Aktau")
        justice.do_start_custody(
            self.m["prosecutor"],
            person,
            facility="Pre-trial detention centre, Aktau",
            kind="pre_trial",
            start_date=screened,
        )
        offence = self._date(dt.date(2014, 3, 1), dt.date(2018, 6, 1))
        counts = (
            [("257", "2"), ("260", "1")]
            if sex == "M"
            else rng.choice(
                ([("257", "2")], [("257", "2"), ("256", "1")], [("257", "2"), ("259", "1")])
            )
        )
        proceeding = justice.do_open_proceeding(
            self.m["prosecutor"],
            person,
            opened_on=screened,
            court="Aktau city court",
            co_defendants=rng.randint(0, 4),
            video_link=rng.random() < 0.3,
        )
        for article, part in counts:
            justice.do_add_charge(
                self.m["prosecutor"], proceeding, article=article, part=part, offence_date=offence
            )
        self._event(
            "prosecutor",
            person,
            EventType.CHARGED,
            screened + dt.timedelta(days=2),
            note="; ".join(f"CC RK art. {a}({p})" for a, p in counts),
        )
        verdict = screened + dt.timedelta(days=rng.randint(150, 260))
        years = rng.choice((5, 6, 7, 8, 8, 9, 10)) if sex == "M" else rng.choice((5, 6, 7, 8))
        self._event(
            "prosecutor",
            person,
            EventType.TRIAL,
            verdict - dt.timedelta(days=14),
            place="Aktau city court",
            note="Tried with co-defendants; some testimony by video link",
        )
        justice.do_record_verdict(
            self.m["prosecutor"], proceeding, verdict="convicted", verdict_date=verdict
        )
        justice.do_record_sentence(
            self.m["prosecutor"],
            proceeding,
            kind="imprisonment",
            start_date=verdict,
            years=years,
            security_level="maximum" if sex == "M" else "medium",
            pretrial_custody_days=(verdict - screened).days,
        )
        self._event(
            "prosecutor",
            person,
            EventType.SENTENCED,
            verdict,
            place="Aktau city court",
            note=f"{years} years' imprisonment; pre-trial custody credited",
        )
        justice.do_update_legal_facts(
            self.m["prosecutor"],
            person,
            malicious_violations=rng.random() < 0.1,
            damage_compensated=True,
            active_assistance=rng.random() < 0.1,
            caused_death=False,
            # Known of every demo conviction (a terrorism count only), without drawing from rng:
            # the families' later stories must not shift.
            cooperation_agreement=False,
            prior_parole_revoked=False,
            replaced_under_art73=False,
            corruption_crime=False,
            sexual_crime_against_minor=False,
            torture=False,
            children_under_14=(
                len([r for r in person.relationships_out.all() if r.kind == "parent"])
                if sex == "F"
                else None
            ),
        )
        prison = "prison" if rng.random() < 0.6 else "prison-k"
        place = "Atyrau" if prison == "prison" else "Karaganda"
        self._assign(case, prison, verdict)
        self._move(
            prison,
            case,
            State.CUSTODY,
            verdict + dt.timedelta(days=20),
            "Sentence entered into force",
            place=f"Penitentiary institution, {place}",
        )
        justice.do_start_custody(
            self.m[prison],
            person,
            facility=f"Penitentiary institution, {place}",
            kind="serving",
            start_date=verdict + dt.timedelta(days=20),
        )
        if rng.random() < 0.25:
            moved = _clip(verdict + dt.timedelta(days=400))
            other = "Karaganda" if place == "Atyrau" else "Atyrau"
            justice.do_start_custody(
                self.m[prison],
                person,
                facility=f"Penitentiary institution, {other}",
                kind="serving",
                start_date=moved,
            )
            self._event(
                prison,
                person,
                EventType.TRANSFERRED,
                moved,
                place=f"Penitentiary institution, {other}",
                note="Transferred closer to the home region",
            )
        paroled_on = None
        half = verdict + dt.timedelta(days=365 * years // 2)
        if half < TODAY_CAP and rng.random() < 0.5:
            filed = half + dt.timedelta(days=rng.randint(5, 90))
            if filed < TODAY_CAP - dt.timedelta(days=40):
                petition = justice.do_file_petition(
                    self.m[prison],
                    person,
                    measure="parole",
                    filed_on=filed,
                    hearing_date=filed + dt.timedelta(days=30),
                    court="Specialised inter-district court",
                )
                self._event(prison, person, EventType.PETITION_FILED, filed, note="Parole petition")
                legal = person.legal_facts
                granted = bool(legal.active_assistance) and not legal.malicious_violations
                justice.do_decide_petition(
                    self.m[prison],
                    petition,
                    decision="granted" if granted else "refused",
                    decided_on=filed + dt.timedelta(days=30),
                    reasons="Active assistance established"
                    if granted
                    else "No active assistance in preventing or uncovering terrorist crimes (CC art. 72(1) para 3)",
                )
                self._event(
                    prison,
                    person,
                    EventType.PETITION_DECIDED,
                    filed + dt.timedelta(days=30),
                    outcome="granted" if granted else "refused",
                )
                if granted:
                    paroled_on = filed + dt.timedelta(days=40)
        end = screened + dt.timedelta(days=365 * years)
        if end < TODAY_CAP or paroled_on:
            release = paroled_on or end
            how = "Released on parole" if paroled_on else "End of term"
            justice.do_end_custody(self.m[prison], person, end_date=release, reason=how)
            self._event(prison, person, EventType.RELEASED, release, note=how)
            self._move(prison, case, State.RELEASED, release, "Released", place=place)
            self._assign(case, "social", release)
            self._move(
                "social",
                case,
                State.REINTEGRATION,
                release + dt.timedelta(days=10),
                "Home region: follow-up by local services",
            )
        rehab_demo.custody(self, person)

    def duplicates(self, n: int) -> None:
        """Register a few children a second time, as a guardianship office with its own spelling would.

        These records are not counted as arrivals; they wait in the duplicates queue for review.
        """
        from zhusan.cases.models import Arrival

        children = list(
            Arrival.objects.filter(age_group="child", person__birth_date_precision="day")
            .select_related("person")
            .order_by("id")
        )
        for arrival in self.rng.sample(children, min(n, len(children))):
            child = arrival.person
            kazakh = child.names.filter(script=Script.KAZAKH_CYRILLIC).first()
            latin = (
                render(kazakh.full_name.rsplit(" ", 1)[0], System.LAT2021)
                if kazakh
                else child.display_name
            )
            again = people.do_create_person(
                self.m["guardianship"],
                names=[people.NameInput(latin, Script.LATIN, NameKind.AGENCY)],
                sex=child.sex,
                birth_date=child.birth_date,
                birth_date_precision=child.birth_date_precision,
                birth_place=child.birth_place,
                citizenship=child.citizenship,
                home_region=child.home_region,
            )
            cases.do_open_case(
                self.m["guardianship"],
                again,
                opened_on=TODAY_CAP - dt.timedelta(days=90),
                state=State.REINTEGRATION,
                reason="School enrolment request",
            )
            self.counts["persons"] += 1

    def rehabilitate(self, person: Person, case: Case, start: dt.date, *, adult: bool) -> None:
        rng = self.rng
        self._assign(case, "aliya", start)
        self._move(
            "aliya",
            case,
            State.REHABILITATION,
            start,
            "Adaptation programme, about one month",
            place="Adaptation centre, Aktau",
        )
        self._event("aliya", person, EventType.REHAB_ADMITTED, start, place="Aktau")
        kinds = [
            rng.choice(("psychologist", "theologian", "social worker", "teacher"))
            for _ in range(rng.randint(1, 3))
        ]
        done = start + dt.timedelta(days=rng.randint(28, 40))
        rehab_demo.adaptation(self, person, start, done, kinds=kinds, adult=adult)
        regional = adult and rng.random() < 0.3
        if regional:
            self._assign(case, "chingiz", done)
            rehab_demo.regional(self, person, done)
        self._assign(case, "social", done)
        self._move(
            "social",
            case,
            State.REINTEGRATION,
            done,
            "Returned to the home region",
            place=person.home_region,
        )
        if adult:
            visits = [
                self._date(dt.date(year, 1, 1), dt.date(year, 12, 1))
                for year in range(done.year + 1, min(done.year + 4, TODAY_CAP.year + 1))
            ]
            closed = self._date(dt.date(2024, 1, 1), TODAY_CAP) if rng.random() < 0.15 else None
            rehab_demo.reintegration(
                self, person, done, visits=visits, closed_on=closed, regional_centre=regional
            )
            if closed:
                self._move(
                    "social",
                    case,
                    State.CLOSED,
                    closed,
                    "Settled: employment and housing, no further support needed",
                    outcome=CloseOutcome.REINTEGRATED,
                )

    def child_pathway(
        self,
        child: Person,
        case: Case,
        mother_case: Case | None,
        *,
        guardians,
        orphan: bool = False,
        in_iraq: bool = False,
    ) -> None:
        rng = self.rng
        start = case.state_since + dt.timedelta(days=1)
        place = "Rehabilitation centre, Astana" if in_iraq else "Adaptation centre, Aktau"
        self._assign(case, "aliya", start)
        self._move(
            "aliya", case, State.REHABILITATION, start, "Child: adaptation programme", place=place
        )
        self._event("aliya", child, EventType.REHAB_ADMITTED, start, place=place)
        self._event(
            "aliya",
            child,
            EventType.SESSION,
            start + dt.timedelta(days=6),
            note="Session with a child psychologist",
        )
        self._assign(case, "guardianship", start)
        done = start + dt.timedelta(days=rng.randint(28, 40))
        # Identity, citizenship, placement, contact and reunification (zhusan/demo/children.py).
        children_demo.record(
            self, child, start=start, done=done, guardians=guardians, orphan=orphan, in_iraq=in_iraq
        )
        self._assign(case, "social", done)
        self._move(
            "social",
            case,
            State.REINTEGRATION,
            done,
            "Living with family in the home region",
            place=child.home_region,
        )
        children_demo.school(self, child, done)


def _year_start(day: dt.date, precision: str) -> dt.date:
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day


def scaled_stages(families: int | None) -> tuple[StageSpec, ...]:
    """The reported stages, or (for benchmarks) the same shape scaled to about `families` families."""
    if families is None:
        return STAGES
    base = sum(s.women + max(1, s.orphans // 2) for s in STAGES)
    factor = families / base
    return tuple(
        replace(
            s,
            men=round(s.men * factor),
            women=round(s.women * factor),
            children=max(round(s.children * factor), round(s.orphans * factor)),
            orphans=round(s.orphans * factor),
        )
        for s in STAGES
    )


def recreate_demo(
    *, families: int | None = None, seed: int = 2019, echo: Callable[[str], None] = print
) -> list[Login]:
    """Empty the database in ZHUSAN_HOME, migrate it and load the synthetic programme."""
    from django.conf import settings

    settings.ZHUSAN_HOME.mkdir(parents=True, exist_ok=True)
    echo(f"Preparing the database in {settings.ZHUSAN_HOME} …")
    call_command("flush", interactive=False, verbosity=0) if _has_tables() else None
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    specs = scaled_stages(families)
    builder = Builder(seed, echo)
    with transaction.atomic():
        logins = builder.accounts()
        builder.operations(specs)
        for spec in specs:
            echo(
                f"  {spec.name}: {spec.total} people ({spec.men} men, {spec.women} women, "
                f"{spec.children} children, {spec.orphans} without a parent)"
            )
            builder.stage(spec)
        builder.duplicates(12)
        logins += demo_referrals.build(builder)  # referrals, tasks and closures between agencies
        from zhusan.reports.actions import load_published

        load_published(builder.m["analyst"])  # the published figures, for reconciliation
    from zhusan.reports.snapshot import build as build_snapshot

    build_snapshot()  # the statistics dashboard's tables, ready
    echo(
        f"Loaded {builder.counts['persons']} persons in {builder.counts['families']} families "
        f"({Operation.objects.count()} operations)."
    )
    return logins


def _has_tables() -> bool:
    from django.db import connection

    return "accounts_user" in connection.introspection.table_names()


def print_logins(logins: list[Login], echo: Callable[[str], None] = print) -> None:
    echo("Demo sign-ins (every account's password is the same):")
    for login in logins:
        echo(f"  {login.username:<14} {login.password}   {login.label}")
