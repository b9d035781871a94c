"""The rehabilitation and reintegration part of each synthetic story, recorded through the actions.

A mother's month in the adaptation centre (needs and wellbeing assessments, a plan of two to four
goals, three to eight sessions, a case conference about her family, her children's development
assessments), then her home region: a monthly social payment with its amount, a home, work,
volunteering or a course, a reassessment at six months and yearly follow-up visits. In custody:
education, vocational and deradicalisation programmes with sessions, then follow-up after release.

Every text is invented. Each person's part draws from its own random stream (seeded by the
person's record), so the rest of the programme's synthetic data does not change with it.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from zhusan.access.tiers import can_see
from zhusan.accounts.roles import Perm
from zhusan.justice.models import CustodyPeriod
from zhusan.lib.dates import age_on
from zhusan.people.models import Person, RelationshipKind
from zhusan.rehab import actions as rehab
from zhusan.rehab import catalogue
from zhusan.rehab.models import AssessmentRecord, PlanAction

if TYPE_CHECKING:
    from zhusan.demo.load import Builder

TODAY_CAP = dt.date(2026, 11, 1)

SESSION_KINDS = {
    "psychologist": "psychologist",
    "theologian": "theologian",
    "social worker": "social_worker",
    "teacher": "teacher",
}
SESSION_NOTES = {
    "psychologist": (
        "Talked about sleep and the first weeks back; agreed on a simple evening routine.",
        "Worked on memories of the camp that come back at night; she wants to continue.",
        "Spoke about the children's questions about their father.",
    ),
    "theologian": (
        "Read and discussed passages on mercy and family; she asked many questions.",
        "Conversation about what she had been told in the zone and what the scholars teach.",
    ),
    "social_worker": (
        "Went through the documents still missing and the payments she can apply for.",
        "Planned the move to her parents' home and the children's schooling.",
    ),
    "teacher": (
        "Reading and writing practice; she wants to finish school.",
        "Kazakh language lesson; good progress.",
    ),
    "medical": ("Routine check; blood pressure normal, referred to a dentist.",),
}
ABSENCES = ("Unwell that day", "Child ill", "Appointment for her identity documents")
GOALS = {
    "housing": ("A safe home for her and the children", "social"),
    "income": ("A steady income for the family", "social"),
    "family": ("Rebuild relations with her parents", "aliya"),
    "health": ("Regular care for her health", "health"),
    "education_work": ("Finish vocational training and find work", "social"),
    "social_ties": ("People to rely on in her home town", "aliya"),
    "faith_meaning": ("A peaceful understanding of faith", "aliya"),
    "legal": ("Identity documents for her and the children", "aliya"),
}
GOAL_ACTIONS = {
    "housing": ("Arrange a place to live in the home region", "Apply for social housing"),
    "income": ("Apply for the monthly social payment", "Open a bank account"),
    "family": ("Family meeting at the centre with her parents", "Visit to the parents' home"),
    "health": ("Register with the local clinic", "Appointment with a dentist"),
    "education_work": ("Enrol in a sewing course", "Meeting at the employment centre"),
    "social_ties": ("Introduce her to the local women's group", "Contact with a volunteer mentor"),
    "faith_meaning": (
        "Weekly sessions with the theologian",
        "Meeting with the imam of the home town",
    ),
    "legal": ("Apply for a new identity card", "Birth certificates for the children"),
}
JOBS = (
    ("employment", "Sewing workshop", "seamstress"),
    ("employment", "Bakery", "baker's assistant"),
    ("employment", "Kindergarten", "assistant teacher"),
    ("employment", "Market", "stall holder"),
    ("employment", "Call centre", "operator"),
    ("volunteering", "NGO supporting returned families", "peer supporter"),
    ("volunteering", "Community kitchen", "volunteer"),
    ("education", "College of services", "hairdressing course"),
    ("education", "Adult education centre", "accounting course"),
)
VISITS = (
    "Living with her parents; the children go to school; no concerns.",
    "Working; the family manages; asked about a housing queue.",
    "Well settled; neighbours supportive; next visit in a year.",
    "Children healthy and at school; she volunteers at the community kitchen.",
)
PROGRAMME_OUTCOMES = {
    "deradicalisation": (
        "Took part in every group and individual session; has distanced from the group's ideas.",
        "Attended regularly; still guarded in individual sessions.",
    ),
    "education": ("Certificate of general secondary education.",),
    "vocational": ("Qualified as a welder.", "Qualified as a carpenter."),
}


def _rng(person: Person) -> random.Random:
    return random.Random(f"rehab:{person.pk}:{person.display_name}")


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    end = min(end, TODAY_CAP)
    if end <= start:
        return min(start, TODAY_CAP)
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _ratings(
    rng: random.Random, inst: catalogue.Instrument, band, needs: dict, noise=(-1, 0, 0, 1)
) -> dict[str, int]:
    """Ratings around the person's level in each section (0 to the top of the scale)."""
    out = {}
    for section, items in inst.sections_for(band):
        level = needs.get(section.id, 1)
        for item in items:
            value = level + rng.choice(noise)
            out[item.id] = max(0, min(item.scale.top, value))
    return out


def _improved(person: Person, inst: catalogue.Instrument, rng: random.Random) -> dict[str, int]:
    """Levels a little better than at admission (most things ease; some do not)."""
    first = (
        AssessmentRecord.objects.filter(person=person, instrument=inst.code)
        .order_by("assessed_on")
        .first()
    )
    items = {s.id: len(s.items) for s in inst.sections}
    levels = {}
    for sid, count in items.items():
        before = round((first.scores or {}).get(sid, count) / count) if first else 1
        levels[sid] = max(0, before - rng.choice((0, 1, 1, 2)))
    return levels


def _children(person: Person) -> list[Person]:
    return [
        r.target
        for r in person.relationships_out.filter(kind=RelationshipKind.PARENT).select_related(
            "target"
        )
    ]


def _child_assessments(b: Builder, child: Person, on: dt.date, rng: random.Random) -> None:
    inst = catalogue.get("child_development")
    for day, gain, last in ((on, 0, False), (on + dt.timedelta(days=180), 1, True)):
        if day > TODAY_CAP:
            return
        band = inst.band_for(age_on(child.birth_date, day))
        if band is None:
            return
        level = {s.id: rng.choice((1, 1, 2)) + gain for s in inst.sections}
        rehab.do_record_assessment(
            b.m["aliya"],
            child,
            instrument="child_development",
            assessed_on=day,
            ratings=_ratings(rng, inst, band, level),
            no_reassessment=last,
        )


def adaptation(
    b: Builder, person: Person, start: dt.date, done: dt.date, *, kinds: list[str], adult: bool
) -> None:
    """The month in the adaptation centre."""
    rng = _rng(person)
    aliya = b.m["aliya"]
    if not adult:
        _child_assessments(b, person, start + dt.timedelta(days=5), rng)
        return
    # Admission: needs and wellbeing.
    needs_inst = catalogue.get("needs_strengths")
    needs = {s.id: rng.choice((1, 2, 2, 3)) for s in needs_inst.sections}
    rehab.do_record_assessment(
        aliya,
        person,
        instrument="needs_strengths",
        assessed_on=start + dt.timedelta(days=2),
        ratings=_ratings(rng, needs_inst, None, needs),
        note="Admission interview at the adaptation centre.",
    )
    wellbeing = catalogue.get("wellbeing")
    mood = {s.id: rng.choice((1, 2, 2, 3)) for s in wellbeing.sections}
    rehab.do_record_assessment(
        aliya,
        person,
        instrument="wellbeing",
        assessed_on=start + dt.timedelta(days=4),
        ratings=_ratings(rng, wellbeing, None, mood),
    )
    # Sessions: the kinds drawn by the loader, then more, three to eight in all.
    all_kinds = [SESSION_KINDS[k] for k in kinds]
    while len(all_kinds) < rng.randint(3, 8):
        all_kinds.append(rng.choice(("psychologist", "theologian", "social_worker", "medical")))
    for k, kind in enumerate(all_kinds):
        attended = rng.random() > 0.12
        rehab.do_record_session(
            aliya,
            person,
            kind=kind,
            held_on=start + dt.timedelta(days=3 + (k * (done - start).days) // len(all_kinds)),
            duration_minutes=rng.choice((45, 60, 60, 90)),
            attended=attended,
            absence_reason="" if attended else rng.choice(ABSENCES),
            place="Adaptation centre, Aktau",
            note=rng.choice(SESSION_NOTES[kind]) if attended else "",
        )
    # The plan: two to four goals where the needs are greatest, one or two actions each.
    ranked = sorted(needs, key=lambda s: (-needs[s], rng.random()))[: rng.randint(2, 4)]
    for domain in ranked:
        text, owner = GOALS[domain]
        goal = rehab.do_add_goal(aliya, person, domain=domain, text=text)
        for n, action_text in enumerate(GOAL_ACTIONS[domain][: rng.randint(1, 2)]):
            action = rehab.do_add_plan_action(
                aliya,
                person,
                text=action_text,
                owner=b.m[owner].agency,
                due_on=done + dt.timedelta(days=30 + 30 * n),
                goal=goal,
            )
            if rng.random() < 0.7:
                rehab.do_update_plan_action(
                    aliya,
                    action,
                    status="done",
                    done_on=_day(rng, start + dt.timedelta(days=10), action.due_on),
                )
        if rng.random() < 0.5:
            rehab.do_update_goal(
                aliya, goal, status="achieved", on=done + dt.timedelta(days=rng.randint(90, 170))
            )
    children = _children(person)
    for child in children:
        _child_assessments(b, child, start + dt.timedelta(days=6), _rng(child))
    if rng.random() < 0.6:
        young = [c for c in children if c.birth_date and (done - c.birth_date).days < 7 * 365]
        agreed = [
            rehab.ConferenceAction(
                person, "Register for the monthly social payment", b.m["social"].agency,
                done + dt.timedelta(days=40),
            )
        ]  # fmt: skip
        if young:
            agreed.append(
                rehab.ConferenceAction(
                    young[0], "Find a kindergarten place", b.m["social"].agency,
                    done + dt.timedelta(days=60),
                )
            )  # fmt: skip
        rehab.do_hold_conference(
            aliya,
            held_on=done - dt.timedelta(days=2),
            place="Adaptation centre, Aktau",
            persons=[person, *children],
            attendees=[aliya, b.m["social"], b.m["guardianship"]],
            decisions=(
                "The family returns to the home region at the end of the month. Local social "
                "services take over support; the centre keeps the case plan and reassesses at "
                "six months."
            ),
            actions=agreed,
        )
    if rng.random() < 0.4:
        rehab.do_record_reconciliation(
            aliya,
            person,
            on=done - dt.timedelta(days=8),
            note="First visit of her parents to the centre; they agreed she and the children "
            "live with them.",
        )
    rehab.do_review_plan(
        aliya,
        person,
        reviewed_on=done,
        note="Discharge from the adaptation centre; plan handed on with the case.",
        next_review_on=done + dt.timedelta(days=180),
    )


def regional(b: Builder, person: Person, done: dt.date) -> None:
    """A first meeting at the regional centre, which now shares the case."""
    rehab.do_record_session(
        b.m["chingiz"],
        person,
        kind="psychologist",
        held_on=done + dt.timedelta(days=20),
        place="Regional rehabilitation centre, Almaty",
        note="First meeting at the regional centre; agreed on fortnightly sessions.",
    )


def reintegration(
    b: Builder,
    person: Person,
    done: dt.date,
    *,
    visits: list[dt.date],
    closed_on: dt.date | None,
    regional_centre: bool,
) -> None:
    """Back in the home region: payments, a home, work, a reassessment, yearly visits."""
    rng = _rng(person)
    rng.random()  # a stream apart from the adaptation month's
    social = b.m["social"]
    region = person.home_region or "Mangystau"
    children = _children(person)
    start = done + dt.timedelta(days=45)
    if start <= TODAY_CAP:
        amount = min(95000, 21000 + 9500 * len(children) + 500 * rng.randint(0, 20))
        rehab.do_grant_benefit(
            social,
            person,
            kind="social_payment",
            amount_kzt=amount,
            start_on=start,
            end_on=start + dt.timedelta(days=365 * rng.randint(1, 3)),
        )
        widowed = person.relationships_out.filter(kind="spouse", end_reason="death").exists()
        if children and widowed and rng.random() < 0.6:
            rehab.do_grant_benefit(
                social,
                person,
                kind="survivor",
                amount_kzt=18000 * len(children) + 500 * rng.randint(0, 10),
                start_on=start + dt.timedelta(days=rng.randint(30, 120)),
            )
    rehab.do_record_housing(
        social,
        person,
        kind="with_family" if rng.random() < 0.7 else "rented",
        region=region,
        start_on=done,
    )
    if rng.random() < 0.4:
        rehab.do_record_housing(
            social,
            person,
            kind=rng.choice(("rented", "social", "own")),
            region=region,
            start_on=_day(rng, done + dt.timedelta(days=200), done + dt.timedelta(days=900)),
        )
    if rng.random() < 0.9:
        kind, organisation, role = rng.choice(JOBS)
        begun = _day(rng, done + dt.timedelta(days=90), done + dt.timedelta(days=600))
        rehab.do_record_engagement(
            social,
            person,
            kind=kind,
            organisation=organisation,
            role=role,
            start_on=begun,
            end_on=begun + dt.timedelta(days=300) if kind == "education" else None,
        )
    # Six months on: reassessed, the plan reviewed and closed; local follow-up continues.
    worker = b.m["chingiz"] if regional_centre else b.m["aliya"]
    six = done + dt.timedelta(days=rng.randint(170, 200))
    if six <= TODAY_CAP:
        needs_inst = catalogue.get("needs_strengths")
        needs = _improved(person, needs_inst, rng)
        rehab.do_record_assessment(
            worker,
            person,
            instrument="needs_strengths",
            assessed_on=six,
            ratings=_ratings(rng, needs_inst, None, needs, noise=(-1, 0, 0)),
            note="Reassessment at six months, at home.",
            no_reassessment=True,
        )
        wellbeing = catalogue.get("wellbeing")
        rehab.do_record_assessment(
            worker,
            person,
            instrument="wellbeing",
            assessed_on=six,
            ratings=_ratings(
                rng, wellbeing, None, _improved(person, wellbeing, rng), noise=(-1, 0, 0)
            ),
            no_reassessment=True,
        )
        for action in PlanAction.objects.filter(
            case__person__in=[person, *children], status="open"
        ):
            done_it = rng.random() < 0.8
            rehab.do_update_plan_action(
                worker,
                action,
                status="done" if done_it else "dropped",
                done_on=_day(rng, done, six) if done_it else None,
            )
        rehab.do_review_plan(
            worker,
            person,
            reviewed_on=six,
            note="Goals met or handed to local services; the centre's plan ends here.",
        )
    # Yearly visits by local services until the case closes (or to this day).
    years = {v.year for v in visits}
    last = max(visits) if visits else done
    for year in range(last.year + 1, TODAY_CAP.year + 1):
        if year not in years:
            visits.append(_day(rng, dt.date(year, 1, 1), dt.date(year, 12, 1)))
    # This year's visit is still to come for some: their reminder is due (or overdue) now.
    late = rng.random() < 0.25
    visits = sorted(
        v
        for v in visits
        if (closed_on is None or v <= closed_on) and not (late and v.year == TODAY_CAP.year)
    )
    for n, visit in enumerate(visits):
        final = n == len(visits) - 1
        rehab.do_record_follow_up(
            social,
            person,
            visited_on=visit,
            outcome=rng.choice(VISITS),
            next_due=None if final and closed_on is not None else visit + dt.timedelta(days=365),
        )


def custody(b: Builder, person: Person) -> None:
    """Programmes in custody, sessions with the prison's psychologist and theologian, and
    follow-up visits after release."""
    periods = list(
        CustodyPeriod.objects.filter(person=person, kind="serving").order_by("start_date")
    )
    if not periods:
        return
    rng = _rng(person)
    first, last = periods[0], periods[-1]
    # The prison that holds the case (a transfer moves the person, not the case).
    prison = next(
        (
            m
            for key, m in b.m.items()
            if key.startswith("prison") and m.agency.name == first.facility
        ),
        b.m["prison"],
    )
    enrolled = first.start_date + dt.timedelta(days=rng.randint(30, 90))
    released = last.end_date
    kinds = ["deradicalisation"] + rng.sample(["education", "vocational"], rng.randint(0, 2))
    for n, kind in enumerate(kinds):
        start = enrolled + dt.timedelta(days=60 * n)
        if start > TODAY_CAP:
            break
        programme = rehab.do_enrol_programme(
            prison, person, kind=kind, institution=first.facility, enrolled_on=start
        )
        end = start + dt.timedelta(days=rng.randint(240, 420))
        if end <= min(TODAY_CAP, released or TODAY_CAP):
            rehab.do_end_programme(
                prison,
                programme,
                status="completed" if rng.random() < 0.85 else "withdrawn",
                ended_on=end,
                outcome=rng.choice(PROGRAMME_OUTCOMES[kind]),
            )
    for k in range(rng.randint(2, 4)):
        held = enrolled + dt.timedelta(days=14 + 45 * k)
        if held > min(TODAY_CAP, released or TODAY_CAP):
            break
        kind = rng.choice(("psychologist", "theologian"))
        rehab.do_record_session(
            prison,
            person,
            kind=kind,
            held_on=held,
            place=next(
                (
                    p.facility
                    for p in periods
                    if p.start_date <= held and (p.end_date is None or held < p.end_date)
                ),
                first.facility,
            ),
            note="Individual session within the deradicalisation programme.",
        )
    # A structured professional judgement, where a role that records care may see its tier.
    spj = catalogue.get("spj_extremism")
    if can_see(prison, spj.tier) and prison.can(Perm.RECORD_CARE):
        on = enrolled + dt.timedelta(days=200)
        if on <= TODAY_CAP:
            rehab.do_record_assessment(
                prison,
                person,
                instrument="spj_extremism",
                assessed_on=on,
                ratings={i.id: rng.choice((0, 1)) for i in spj.items},
                rationales={i.id: "From the file and two interviews." for i in spj.items},
                overall=rng.choice((0, 1)),
                overall_rationale="Judgement of the programme's psychologist after the interviews.",
            )
    if released is None:
        return
    social = b.m["social"]
    for year in range(released.year + 1, TODAY_CAP.year + 1):
        visit = _day(rng, dt.date(year, 1, 1), dt.date(year, 12, 1))
        if visit <= released or (year == TODAY_CAP.year and rng.random() < 0.25):
            continue
        rehab.do_record_follow_up(
            social,
            person,
            visited_on=visit,
            outcome="Lives with the family; reports to the probation service as required.",
            next_due=visit + dt.timedelta(days=365),
        )
