"""The children's stories of the demo, recorded through the children's actions.

Called from Builder.child_pathway (zhusan/demo/load.py). As reported of the programme: children
born in the conflict zone had no papers, so a DNA test against the mother or a grandparent, a
court decision establishing the birth or kinship, then a birth certificate; their citizenship is
determined by the rule for children born abroad; orphans go to grandparents under temporary custody
(later guardianship) or to a children's home; children of mothers in prison live with grandparents,
keep in touch by calls and visits, and return to the mother after her release through a plan.
Every name and place is invented or generic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zhusan.children import actions as children
from zhusan.children import citizenship as rule
from zhusan.children.models import Placement, ReunificationStep
from zhusan.demo.people import KZ_PLACES
from zhusan.justice.models import CustodyPeriod
from zhusan.people import actions as people
from zhusan.people.models import Person, RelationshipKind

if TYPE_CHECKING:
    from zhusan.demo.load import Builder

LABS = ("Forensic examination centre, Astana", "Forensic examination centre, Aktau")
DAY = dt.timedelta(days=1)


def _cap() -> dt.date:
    from zhusan.demo.load import TODAY_CAP

    return TODAY_CAP


def _days(b: Builder, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=b.rng.randint(low, high))


@dataclass
class Story:
    child: Person
    start: dt.date  # admitted to the adaptation programme
    done: dt.date  # left it for the home region
    guardian: Person | None  # a grandparent
    mother: Person | None  # alive and recorded as the mother
    orphan: bool
    in_iraq: bool


def record(
    b: Builder,
    child: Person,
    *,
    start: dt.date,
    done: dt.date,
    guardians,
    orphan: bool,
    in_iraq: bool,
) -> None:
    """Everything the guardianship authority and the schools record for one child."""
    mother = (
        Person.objects.filter(
            relationships_out__target=child,
            relationships_out__kind=RelationshipKind.PARENT,
            sex="F",
            deceased=False,
        ).first()
        if not orphan or in_iraq
        else None
    )
    story = Story(child, start, done, guardians[0] if guardians else None, mother, orphan, in_iraq)
    if child.birth_place not in KZ_PLACES.values():
        identity(b, story)
    placement(b, story)


def identity(b: Builder, s: Story) -> None:
    """No papers → DNA test → court → birth certificate → citizenship; a few still under way."""
    rng, officer = b.rng, b.m["guardianship"]
    region = s.child.home_region
    children.do_record_documents_missing(
        officer, s.child, date=s.start, note="No birth record from the conflict zone"
    )
    # Orphans (and the Rusafa children, whose mothers are held in Iraq) against a grandparent.
    relative, relation = (s.guardian, "grandmother") if s.orphan else (s.mother, "mother")
    if relative is None:
        return
    tested = s.start + _days(b, 12, 60)
    if rng.random() < 0.06:  # a first sample that did not settle it
        children.do_record_dna_test(
            officer,
            s.child,
            date=tested,
            tested_with=relative,
            relation=relation,
            result="inconclusive",
            lab=rng.choice(LABS),
            note="Sample degraded; a new sample was taken",
        )
        tested += _days(b, 20, 40)
    children.do_record_dna_test(
        officer,
        s.child,
        date=tested,
        tested_with=relative,
        relation=relation,
        result="match",
        lab=rng.choice(LABS),
        note="Results also sent to the embassy in Baghdad" if s.in_iraq else "",
    )
    stage = rng.random()
    if stage < 0.08:
        return  # waiting for the court hearing
    decided = tested + _days(b, 30, 100)
    if decided > _cap():
        return
    children.do_record_court_decision(
        officer,
        s.child,
        date=decided,
        court=f"Specialised inter-district court for minors, {region}",
        establishes="kinship" if relation == "grandmother" else "birth",
        decision=f"No. 2-{rng.randint(1000, 9999)}/{decided.year}: application granted",
    )
    citizenship(b, s, decided + _days(b, 3, 20))
    if stage < 0.12:
        return  # certificate not yet issued
    issued = decided + _days(b, 14, 45)
    if issued <= _cap():
        children.do_record_birth_certificate(
            officer,
            s.child,
            date=issued,
            number=f"I-{rng.randint(10**5, 10**6 - 1)}",
            registry_office=f"Civil registry office, {region}",
        )


def citizenship(b: Builder, s: Story, on: dt.date) -> None:
    """Apply the rule for children born abroad; the facts the file holds, some of them missing."""
    rng = b.rng
    draw = rng.random()
    if s.in_iraq:
        # The fathers' nationality was not established for most of these children.
        facts = rule.BirthFacts(
            mother=rule.KZ_CITIZEN, father=rule.UNKNOWN_PARENT, born_in_kz=False
        )
        if draw < 0.4:
            facts = rule.BirthFacts(
                mother=rule.KZ_CITIZEN, father=rule.FOREIGN, born_in_kz=False
            )  # residence at the birth still to be established
    elif draw < 0.85:
        facts = rule.BirthFacts(mother=rule.KZ_CITIZEN, father=rule.KZ_CITIZEN, born_in_kz=False)
    elif draw < 0.95:
        facts = rule.BirthFacts(
            mother=rule.KZ_CITIZEN, father=rule.UNKNOWN_PARENT, born_in_kz=False
        )
    else:
        facts = rule.BirthFacts(
            mother=rule.KZ_CITIZEN,
            father=rule.FOREIGN,
            born_in_kz=False,
            parent_resident_in_kz=True,
        )
    children.do_determine_citizenship(
        b.m["guardianship"], s.child, facts=facts, determined_on=min(on, _cap())
    )


def _review(b: Builder) -> dt.date:
    """A next review date around today: most ahead, some already overdue."""
    return _cap() + _days(b, -75, 300)


def placement(b: Builder, s: Story) -> None:
    officer = b.m["guardianship"]
    custody = (
        list(CustodyPeriod.objects.filter(person=s.mother).order_by("start_date"))
        if s.mother
        else []
    )
    if s.orphan:
        orphan_placement(b, s)
        if s.in_iraq and s.mother:
            contacts(b, s, "Rusafa prison, Baghdad", kinds=("letter", "call"))
        return
    if not custody:
        children.do_start_placement(
            officer,
            s.child,
            kind=Placement.Kind.WITH_MOTHER,
            carer=s.mother,
            start_date=s.done,
            legal_status=Placement.LegalStatus.NONE,
        )
        return
    released = custody[-1].end_date
    grandparents(b, s)
    contacts(b, s, custody[-1].facility, kinds=("call", "call", "visit"), until=released)
    if released:
        reunify(b, s, released)


def orphan_placement(b: Builder, s: Story) -> None:
    """A grandparent under temporary custody, turned into guardianship; or a children's home."""
    rng, officer = b.rng, b.m["guardianship"]
    region = s.child.home_region
    authority = f"Guardianship and trusteeship authority, {region}"
    if s.guardian is None or rng.random() < 0.2:
        children.do_start_placement(
            officer,
            s.child,
            kind=Placement.Kind.INSTITUTION,
            institution=f"Children's home No. {rng.randint(1, 6)}, {region}",
            legal_status=Placement.LegalStatus.GUARDIANSHIP,
            start_date=s.done,
            authority=authority,
            decision_date=s.done,
            review_date=_review(b),
            orphan=not s.in_iraq,
            note="No relative able to take the child yet",
        )
        return
    people.do_add_relationship(
        officer, s.guardian, s.child, kind=RelationshipKind.GUARDIAN, start_date=s.done
    )
    convert = rng.random() < 0.8  # most become guardianship after the first review
    placement = children.do_start_placement(
        officer,
        s.child,
        kind=Placement.Kind.GRANDPARENTS,
        carer=s.guardian,
        legal_status=Placement.LegalStatus.TEMPORARY_CUSTODY,
        start_date=s.done,
        authority=authority,
        decision_date=s.done,
        review_date=s.done + dt.timedelta(days=180) if convert else _review(b),
        orphan=not s.in_iraq,
    )
    if convert:
        decided = min(s.done + _days(b, 150, 400), _cap())
        children.do_update_placement(
            officer,
            placement,
            version=placement.version,
            legal_status=Placement.LegalStatus.GUARDIANSHIP,
            decision_date=decided,
            review_date=_review(b),
            note="Guardianship established by the authority's decision",
        )


def grandparents(b: Builder, s: Story) -> None:
    officer = b.m["guardianship"]
    people.do_add_relationship(
        officer,
        s.guardian,
        s.child,
        kind=RelationshipKind.GUARDIAN,
        start_date=s.done,
        note="Temporary custody while the mother is in prison",
    )
    children.do_start_placement(
        officer,
        s.child,
        kind=Placement.Kind.GRANDPARENTS,
        carer=s.guardian,
        legal_status=Placement.LegalStatus.TEMPORARY_CUSTODY,
        start_date=s.done,
        authority=f"Guardianship and trusteeship authority, {s.child.home_region}",
        decision_date=s.done,
        review_date=_review(b),
        note="The mother is in custody",
    )


def contacts(
    b: Builder, s: Story, place: str, *, kinds: tuple[str, ...], until: dt.date | None = None
) -> None:
    """A few calls, letters and visits with the mother while she is held."""
    rng, officer = b.rng, b.m["guardianship"]
    end = min(until or _cap(), _cap())
    day = s.done + _days(b, 20, 60)
    for _ in range(rng.randint(2, 4)):
        if day >= end:
            break
        kind = rng.choice(kinds)
        children.do_record_contact(
            officer,
            s.child,
            parent=s.mother,
            kind=kind,
            date=day,
            place=place,
            supervised_by="Social worker of the institution"
            if kind == "visit"
            else ("Consular officer" if s.in_iraq else ""),
            note="Brought by the grandmother" if kind == "visit" else "",
        )
        day += _days(b, 90, 300)


def reunify(b: Builder, s: Story, released: dt.date) -> None:
    """A plan agreed after the release; the steps due so far done, then the return itself."""
    rng, officer = b.rng, b.m["guardianship"]
    agreed = released + _days(b, 7, 25)
    if agreed > _cap():
        return
    # Most plans take a few months; some mothers need longer (housing, work) before the return.
    target = agreed + (_days(b, 100, 160) if rng.random() < 0.55 else _days(b, 500, 900))
    plan = children.do_create_reunification_plan(
        officer,
        s.child,
        parent=s.mother,
        agreed_on=agreed,
        target_date=target,
        note="Mother released; housing with her parents",
    )
    last_done = agreed
    for step in plan.steps.exclude(kind=ReunificationStep.Kind.FINAL):
        done_on = max(step.due_date - _days(b, 0, 10), last_done)
        if done_on > _cap():
            if step.due_date - dt.timedelta(days=40) <= _cap():
                children.do_update_reunification_step(
                    officer, step, version=step.version, status="in_progress"
                )
            return  # the plan is still under way
        children.do_update_reunification_step(
            officer, step, version=step.version, status="done", done_on=done_on
        )
        last_done = done_on
    if target > _cap():
        return
    reunion = children.do_record_reunification(
        officer,
        s.child,
        parent=s.mother,
        date=max(target, last_done),
        authority=f"Guardianship and trusteeship authority, {s.child.home_region}",
        decision_date=max(target, last_done) - dt.timedelta(days=rng.randint(1, 7)),
        note="Returned to the mother after her release",
    )
    if reunion.date + dt.timedelta(days=children.FOLLOW_UP_DAYS) < _cap():
        children.do_update_placement(
            b.m["guardianship"],
            reunion.placement,
            version=reunion.placement.version,
            review_date=_review(b),
            note="Follow-up visits by the guardianship authority",
        )


def school(b: Builder, child: Person, settled: dt.date) -> None:
    """A kindergarten place for the little ones, school from the September after they turn 7."""
    if child.birth_date is None:
        return
    officer = b.m["social"]
    region = child.home_region
    rng = b.rng
    first_sept = dt.date(settled.year if settled.month < 9 else settled.year + 1, 9, 1)
    school_year = max(first_sept.year, child.birth_date.year + 7)
    age_then = first_sept.year - child.birth_date.year
    if 3 <= age_then < 7 and first_sept <= _cap():
        children.do_enrol_school(
            officer,
            child,
            kind="kindergarten",
            institution=f"Kindergarten No. {rng.randint(1, 40)}, {region}",
            region=region,
            start_date=first_sept,
            grade="preschool group" if age_then >= 5 else "",
        )
    start = dt.date(school_year, 9, 1)
    if start > _cap():
        return
    children.do_enrol_school(
        officer,
        child,
        kind="school",
        institution=f"Secondary school No. {rng.randint(1, 60)}, {region}",
        region=region,
        start_date=start,
        grade=str(max(1, start.year - child.birth_date.year - 6)),
    )
