"""Every write to assessments, case plans, sessions, programmes, support, follow-ups and conferences.

Care records (assessments, plans, sessions, programmes, conferences) need Perm.RECORD_CARE and the
psychosocial tier (an assessment: its instrument's tier); support records (housing, benefits,
employment and volunteering, family reconciliation, follow-up visits) need Perm.RECORD_SUPPORT.
Either way the person must be in the acting membership's scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zhusan.access.scope import require_person_write
from zhusan.access.tiers import Tier, can_see
from zhusan.accounts.models import Agency, Membership
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.cases.models import Case
from zhusan.lib.dates import age_on, refuse_future
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.people.models import Person
from zhusan.rehab import catalogue
from zhusan.rehab.models import (
    AssessmentRecord,
    Benefit,
    Conference,
    Domain,
    Engagement,
    FollowUp,
    Goal,
    Housing,
    PlanAction,
    PlanReview,
    Programme,
    Reconciliation,
    Session,
)

MAX_NOTE = 5000
MAX_AMOUNT_KZT = 5_000_000


def _care(acting: Membership, person: Person) -> None:
    require_person_write(acting, person, Perm.RECORD_CARE)
    if not can_see(acting, Tier.PSYCHOSOCIAL):
        raise PermissionDenied(_("Your role does not work with psychosocial information."))


def _support(acting: Membership, person: Person) -> None:
    require_person_write(acting, person, Perm.RECORD_SUPPORT)


def _text(value: str, field: str, *, required: bool = True, limit: int = 500) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ActionError({field: _("This is required.")})
    if len(value) > limit:
        raise ActionError({field: _("At most %(limit)s characters.") % {"limit": f"{limit:,}"}})
    return value


def _case(person: Person) -> Case:
    case = Case.objects.filter(person=person).first()
    if case is None:
        raise ActionError({"": _("This person has no case: open one before planning.")})
    return case


def _after(later: dt.date | None, earlier: dt.date, field: str, message: str) -> None:
    if later is not None and later < earlier:
        raise ActionError({field: message})


def _stale(current, version: int | None, fields: tuple[str, ...]) -> None:
    """Refuse a save made against an older version, with what the record holds now."""
    if version is not None and current.version != version:
        raise ConcurrentEdit({f: getattr(current, f) for f in fields}, current.version)


# --- assessments ---------------------------------------------------------------------------------


def do_record_assessment(
    acting: Membership,
    person: Person,
    *,
    instrument: str,
    assessed_on: dt.date,
    ratings: dict[str, int],
    rationales: dict[str, str] | None = None,
    overall: int | None = None,
    overall_rationale: str = "",
    note: str = "",
    version: int | None = None,
    no_reassessment: bool = False,
) -> AssessmentRecord:
    """Record a completed assessment; a scored instrument gets its section sums, a structured
    judgement gets none (the assessor's overall judgement, with reasons, is all there is).

    The reassessment falls due after the instrument's interval, unless the assessor says none is
    planned (the work with the person has ended).
    """
    require_person_write(acting, person, Perm.RECORD_CARE)
    inst = catalogue.get(instrument, version)
    if inst is None:
        raise ActionError(
            {"instrument": _("%(value)r is not an assessment instrument.") % {"value": instrument}}
        )
    if not can_see(acting, inst.tier):
        raise PermissionDenied(_("Your role may not see the results of this instrument."))
    refuse_future(assessed_on, "assessed_on")
    age = age_on(person.birth_date, assessed_on)
    if age is not None and inst.applies_to == "child" and age >= 18:
        raise ActionError({"instrument": _("This instrument is for children.")})
    if age is not None and inst.applies_to == "adult" and age < 18:
        raise ActionError({"instrument": _("This instrument is for adults.")})
    band = inst.band_for(age)
    if inst.age_bands and band is None:
        raise ActionError(
            {"instrument": _("The child's age is not known or outside the instrument's age bands.")}
        )
    items = inst.items_for(band)
    wanted = {i.id: i for i in items}
    rationales = {k: (v or "").strip() for k, v in (rationales or {}).items() if (v or "").strip()}
    errors: dict[str, str] = {}
    unknown = sorted((set(ratings) | set(rationales)) - set(wanted))
    if unknown:
        errors[""] = _("Not items of this instrument for this person: ") + ", ".join(unknown)
    for item in items:
        value = ratings.get(item.id)
        if value is None:
            errors[item.id] = _("Rate this item.")
        elif value not in item.scale.values:
            errors[item.id] = _("Choose one of the scale's values.")
        if inst.is_judgement and not rationales.get(item.id):
            errors[f"why_{item.id}"] = _("Give the reasons for this rating.")
        if len(rationales.get(item.id, "")) > MAX_NOTE:
            errors[f"why_{item.id}"] = _("At most 5,000 characters.")
    overall_rationale = (overall_rationale or "").strip()
    if inst.is_judgement:
        if overall is None or overall not in inst.overall_scale.values:
            errors["overall"] = _("Give your overall judgement.")
        if not overall_rationale:
            errors["overall_rationale"] = _("Give the reasons for your overall judgement.")
    elif overall is not None or overall_rationale:
        errors["overall"] = _("Only a structured judgement has an overall judgement.")
    if errors:
        raise ActionError(errors)
    note = _text(note, "note", required=False, limit=MAX_NOTE)
    ratings = {i.id: int(ratings[i.id]) for i in items}
    scores = inst.score(ratings)
    with transaction.atomic():
        assessment = AssessmentRecord.objects.create(
            person=person,
            instrument=inst.code,
            instrument_version=inst.version,
            tier=inst.tier,
            assessed_on=assessed_on,
            age_band=band.id if band else "",
            ratings=ratings,
            rationales=rationales,
            scores=scores,
            overall=overall if inst.is_judgement else None,
            overall_rationale=overall_rationale,
            note=note,
            next_due=None
            if no_reassessment
            else assessed_on + dt.timedelta(days=inst.reassess_after_days),
            agency=acting.agency,
            assessor=acting.user,
        )
        record(
            acting.user,
            A.REHAB_ASSESSMENT_RECORDED,
            obj=assessment,
            person=person,
            membership=acting,
            new={
                "instrument": inst.code,
                "version": inst.version,
                "assessed_on": assessed_on,
                "scores": scores,
                "overall": assessment.overall,
                "next_due": assessment.next_due,
            },
        )
    return assessment


# --- case plan -----------------------------------------------------------------------------------


def do_add_goal(acting: Membership, person: Person, *, domain: str, text: str) -> Goal:
    _care(acting, person)
    if domain not in Domain.values:
        raise ActionError(
            {"domain": _("%(value)r is not an area of the plan.") % {"value": domain}}
        )
    text = _text(text, "text")
    case = _case(person)
    with transaction.atomic():
        goal = Goal.objects.create(case=case, domain=domain, text=text, agency=acting.agency)
        record(
            acting.user,
            A.GOAL_ADDED,
            obj=goal,
            person=person,
            membership=acting,
            new={"domain": domain, "text": text},
        )
    return goal


def do_update_goal(
    acting: Membership,
    goal: Goal,
    *,
    status: str,
    on: dt.date,
    text: str | None = None,
    version: int | None = None,
) -> Goal:
    """Mark a goal achieved, dropped or open again (and reword it), refusing a stale version."""
    person = goal.case.person
    _care(acting, person)
    if status not in Goal.Status.values:
        raise ActionError({"status": _("%(value)r is not a goal status.") % {"value": status}})
    refuse_future(on, "on")
    new_text = _text(text, "text") if text is not None else None
    with transaction.atomic():
        current = Goal.objects.select_for_update().get(pk=goal.pk)
        _stale(current, version, ("status", "text", "status_on"))
        changes = {"status": status, "status_on": on}
        if new_text is not None:
            changes["text"] = new_text
        old = {k: getattr(current, k) for k in changes if getattr(current, k) != changes[k]}
        Goal.objects.filter(pk=current.pk).update(version=F("version") + 1, **changes)
        record(
            acting.user,
            A.GOAL_UPDATED,
            obj=current,
            person=person,
            membership=acting,
            old=old,
            new={k: changes[k] for k in old},
        )
        goal.refresh_from_db()
    return goal


def _check_worker(owner: Agency, worker) -> None:
    if (
        worker is not None
        and not Membership.objects.filter(user=worker, agency=owner, active=True).exists()
    ):
        raise ActionError({"worker": _("The worker must work for the owning agency.")})


def do_add_plan_action(
    acting: Membership,
    person: Person,
    *,
    text: str,
    owner: Agency,
    due_on: dt.date | None = None,
    worker=None,
    goal: Goal | None = None,
    conference: Conference | None = None,
) -> PlanAction:
    """Add a step to the plan: what, which agency (and optionally which worker), by when."""
    _care(acting, person)
    text = _text(text, "text")
    case = _case(person)
    if goal is not None and goal.case_id != case.pk:
        raise ActionError({"goal": _("The goal belongs to another person's plan.")})
    _check_worker(owner, worker)
    with transaction.atomic():
        action = PlanAction.objects.create(
            case=case,
            goal=goal,
            text=text,
            owner=owner,
            worker=worker,
            due_on=due_on,
            conference=conference,
            agency=acting.agency,
        )
        record(
            acting.user,
            A.PLAN_ACTION_ADDED,
            obj=action,
            person=person,
            membership=acting,
            new={
                "text": text,
                "owner": owner.code,
                "worker": getattr(worker, "username", None),
                "due_on": due_on,
                "goal": str(goal.public_id) if goal else None,
                "conference": str(conference.public_id) if conference else None,
            },
        )
    return action


def do_update_plan_action(
    acting: Membership,
    action: PlanAction,
    *,
    status: str,
    done_on: dt.date | None = None,
    due_on: dt.date | None = None,
    version: int | None = None,
) -> PlanAction:
    """Mark a plan action done or dropped (or reopen it, or move its due date)."""
    person = action.case.person
    _care(acting, person)
    if status not in PlanAction.Status.values:
        raise ActionError({"status": _("%(value)r is not an action status.") % {"value": status}})
    if status == PlanAction.Status.DONE and done_on is None:
        raise ActionError({"done_on": _("Give the day it was done.")})
    refuse_future(done_on, "done_on")
    with transaction.atomic():
        current = PlanAction.objects.select_for_update().get(pk=action.pk)
        _stale(current, version, ("status", "due_on", "done_on"))
        changes = {
            "status": status,
            "done_on": done_on if status == PlanAction.Status.DONE else None,
            "due_on": due_on if due_on is not None else current.due_on,
        }
        old = {k: getattr(current, k) for k in changes if getattr(current, k) != changes[k]}
        PlanAction.objects.filter(pk=current.pk).update(version=F("version") + 1, **changes)
        record(
            acting.user,
            A.PLAN_ACTION_UPDATED,
            obj=current,
            person=person,
            membership=acting,
            old=old,
            new={k: changes[k] for k in old},
        )
        action.refresh_from_db()
    return action


def do_review_plan(
    acting: Membership,
    person: Person,
    *,
    reviewed_on: dt.date,
    note: str,
    next_review_on: dt.date | None = None,
) -> PlanReview:
    _care(acting, person)
    refuse_future(reviewed_on, "reviewed_on")
    note = _text(note, "note", limit=MAX_NOTE)
    _after(
        next_review_on,
        reviewed_on + dt.timedelta(days=1),
        "next_review_on",
        _("The next review comes after this one."),
    )
    case = _case(person)
    with transaction.atomic():
        review = PlanReview.objects.create(
            case=case,
            reviewed_on=reviewed_on,
            note=note,
            next_review_on=next_review_on,
            agency=acting.agency,
            worker=acting.user,
        )
        record(
            acting.user,
            A.PLAN_REVIEWED,
            obj=review,
            person=person,
            membership=acting,
            new={"reviewed_on": reviewed_on, "next_review_on": next_review_on},
        )
    return review


# --- sessions and programmes ---------------------------------------------------------------------


def do_record_session(
    acting: Membership,
    person: Person,
    *,
    kind: str,
    held_on: dt.date,
    duration_minutes: int = 60,
    attended: bool = True,
    absence_reason: str = "",
    place: str = "",
    note: str = "",
    worker=None,
) -> Session:
    """Record a session, or that the person did not come to it and why."""
    _care(acting, person)
    if kind not in Session.Kind.values:
        raise ActionError({"kind": _("%(value)r is not a kind of session.") % {"value": kind}})
    refuse_future(held_on, "held_on")
    if not 5 <= duration_minutes <= 480:
        raise ActionError({"duration_minutes": _("Give the length in minutes (5 to 480).")})
    absence_reason = _text(absence_reason, "absence_reason", required=not attended, limit=300)
    if attended:
        absence_reason = ""
    note = _text(note, "note", required=False, limit=MAX_NOTE)
    worker = worker or acting.user
    with transaction.atomic():
        session = Session.objects.create(
            person=person,
            kind=kind,
            held_on=held_on,
            duration_minutes=duration_minutes,
            attended=attended,
            absence_reason=absence_reason,
            place=_text(place, "place", required=False, limit=200),
            note=note,
            agency=acting.agency,
            worker=worker,
        )
        record(
            acting.user,
            A.SESSION_RECORDED,
            obj=session,
            person=person,
            membership=acting,
            new={
                "kind": kind,
                "held_on": held_on,
                "duration_minutes": duration_minutes,
                "attended": attended,
            },
        )
    return session


def do_enrol_programme(
    acting: Membership, person: Person, *, kind: str, institution: str, enrolled_on: dt.date
) -> Programme:
    _care(acting, person)
    if kind not in Programme.Kind.values:
        raise ActionError({"kind": _("%(value)r is not a kind of programme.") % {"value": kind}})
    institution = _text(institution, "institution", limit=200)
    refuse_future(enrolled_on, "enrolled_on")
    with transaction.atomic():
        programme = Programme.objects.create(
            person=person,
            kind=kind,
            institution=institution,
            enrolled_on=enrolled_on,
            agency=acting.agency,
        )
        record(
            acting.user,
            A.PROGRAMME_ENROLLED,
            obj=programme,
            person=person,
            membership=acting,
            new={"kind": kind, "institution": institution, "enrolled_on": enrolled_on},
        )
    return programme


def do_end_programme(
    acting: Membership,
    programme: Programme,
    *,
    status: str,
    ended_on: dt.date,
    outcome: str = "",
    version: int | None = None,
) -> Programme:
    """Record that a programme was completed or left, with its outcome."""
    person = programme.person
    _care(acting, person)
    if status not in (Programme.Status.COMPLETED, Programme.Status.WITHDRAWN):
        raise ActionError({"status": _("Record completed or withdrawn.")})
    refuse_future(ended_on, "ended_on")
    _after(ended_on, programme.enrolled_on, "ended_on", _("The programme ends before it began."))
    outcome = _text(outcome, "outcome", required=False, limit=MAX_NOTE)
    with transaction.atomic():
        current = Programme.objects.select_for_update().get(pk=programme.pk)
        _stale(current, version, ("status", "ended_on", "outcome"))
        if current.status != Programme.Status.ENROLLED:
            raise ActionError({"status": _("This programme has already ended.")})
        Programme.objects.filter(pk=current.pk).update(
            status=status, ended_on=ended_on, outcome=outcome, version=F("version") + 1
        )
        record(
            acting.user,
            A.PROGRAMME_ENDED,
            obj=current,
            person=person,
            membership=acting,
            old={"status": current.status},
            new={"status": status, "ended_on": ended_on},
        )
        programme.refresh_from_db()
    return programme


# --- reintegration support -----------------------------------------------------------------------


def do_record_housing(
    acting: Membership,
    person: Person,
    *,
    kind: str,
    region: str,
    start_on: dt.date,
    end_on: dt.date | None = None,
) -> Housing:
    """Record where the person lives from a date; the home they had until then ends that day."""
    _support(acting, person)
    if kind not in Housing.Kind.values:
        raise ActionError({"kind": _("%(value)r is not a kind of housing.") % {"value": kind}})
    region = _text(region, "region", limit=100)
    refuse_future(start_on, "start_on")
    _after(end_on, start_on, "end_on", _("The end comes before the start."))
    with transaction.atomic():
        for previous in Housing.objects.select_for_update().filter(
            person=person, end_on__isnull=True
        ):
            if start_on < previous.start_on:
                raise ActionError({"start_on": _("This starts before the current home.")})
            Housing.objects.filter(pk=previous.pk).update(end_on=start_on, version=F("version") + 1)
            record(
                acting.user,
                A.HOUSING_ENDED,
                obj=previous,
                person=person,
                membership=acting,
                old={"end_on": None},
                new={"end_on": start_on, "reason": "moved"},
            )
        housing = Housing.objects.create(
            person=person,
            kind=kind,
            region=region,
            start_on=start_on,
            end_on=end_on,
            agency=acting.agency,
        )
        record(
            acting.user,
            A.HOUSING_RECORDED,
            obj=housing,
            person=person,
            membership=acting,
            new={"kind": kind, "region": region, "start_on": start_on, "end_on": end_on},
        )
    return housing


def do_grant_benefit(
    acting: Membership,
    person: Person,
    *,
    kind: str,
    amount_kzt: int,
    start_on: dt.date,
    end_on: dt.date | None = None,
) -> Benefit:
    """Record a benefit paid to the person: its kind, monthly amount in tenge and its period."""
    _support(acting, person)
    if kind not in Benefit.Kind.values:
        raise ActionError({"kind": _("%(value)r is not a kind of benefit.") % {"value": kind}})
    if not 1 <= amount_kzt <= MAX_AMOUNT_KZT:
        raise ActionError({"amount_kzt": _("Give the monthly amount in tenge.")})
    refuse_future(start_on, "start_on")
    _after(end_on, start_on, "end_on", _("The end comes before the start."))
    with transaction.atomic():
        benefit = Benefit.objects.create(
            person=person,
            kind=kind,
            amount_kzt=amount_kzt,
            start_on=start_on,
            end_on=end_on,
            agency=acting.agency,
        )
        record(
            acting.user,
            A.BENEFIT_GRANTED,
            obj=benefit,
            person=person,
            membership=acting,
            new={"kind": kind, "amount_kzt": amount_kzt, "start_on": start_on, "end_on": end_on},
        )
    return benefit


def do_record_engagement(
    acting: Membership,
    person: Person,
    *,
    kind: str,
    organisation: str,
    start_on: dt.date,
    role: str = "",
    end_on: dt.date | None = None,
) -> Engagement:
    """Record employment, volunteering or education: with whom, from when (until when)."""
    _support(acting, person)
    if kind not in Engagement.Kind.values:
        raise ActionError(
            {"kind": _("%(value)r is not employment, volunteering or education.") % {"value": kind}}
        )
    organisation = _text(organisation, "organisation", limit=200)
    role = _text(role, "role", required=False, limit=200)
    refuse_future(start_on, "start_on")
    _after(end_on, start_on, "end_on", _("The end comes before the start."))
    with transaction.atomic():
        engagement = Engagement.objects.create(
            person=person,
            kind=kind,
            organisation=organisation,
            role=role,
            start_on=start_on,
            end_on=end_on,
            agency=acting.agency,
        )
        record(
            acting.user,
            A.ENGAGEMENT_RECORDED,
            obj=engagement,
            person=person,
            membership=acting,
            new={
                "kind": kind,
                "organisation": organisation,
                "start_on": start_on,
                "end_on": end_on,
            },
        )
    return engagement


END_EVENTS = {Housing: A.HOUSING_ENDED, Benefit: A.BENEFIT_ENDED, Engagement: A.ENGAGEMENT_ENDED}


def do_end_support(
    acting: Membership,
    item: Housing | Benefit | Engagement,
    *,
    end_on: dt.date,
    version: int | None = None,
) -> Housing | Benefit | Engagement:
    """End a home, a benefit or a job on a date (or correct the end date), refusing a stale version."""
    model = type(item)
    if model not in END_EVENTS:
        raise ActionError({"": _("Only housing, benefits and engagements end this way.")})
    person = item.person
    _support(acting, person)
    _after(end_on, item.start_on, "end_on", _("The end comes before the start."))
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=item.pk)
        _stale(current, version, ("start_on", "end_on"))
        model.objects.filter(pk=current.pk).update(end_on=end_on, version=F("version") + 1)
        record(
            acting.user,
            END_EVENTS[model],
            obj=current,
            person=person,
            membership=acting,
            old={"end_on": current.end_on},
            new={"end_on": end_on},
        )
        item.refresh_from_db()
    return item


def do_record_reconciliation(
    acting: Membership, person: Person, *, on: dt.date, note: str
) -> Reconciliation:
    """Record a step of family reconciliation (a visit, a reunion, a return to the parents' home)."""
    _support(acting, person)
    refuse_future(on, "on")
    note = _text(note, "note", limit=MAX_NOTE)
    with transaction.atomic():
        item = Reconciliation.objects.create(person=person, on=on, note=note, agency=acting.agency)
        record(
            acting.user,
            A.RECONCILIATION_RECORDED,
            obj=item,
            person=person,
            membership=acting,
            new={"on": on},
        )
    return item


def do_record_follow_up(
    acting: Membership,
    person: Person,
    *,
    visited_on: dt.date,
    outcome: str,
    next_due: dt.date | None = None,
    worker=None,
) -> FollowUp:
    """Record a follow-up visit by local services and when the next one is due."""
    _support(acting, person)
    refuse_future(visited_on, "visited_on")
    outcome = _text(outcome, "outcome", limit=MAX_NOTE)
    _after(
        next_due,
        visited_on + dt.timedelta(days=1),
        "next_due",
        _("The next visit comes after this one."),
    )
    with transaction.atomic():
        visit = FollowUp.objects.create(
            person=person,
            visited_on=visited_on,
            outcome=outcome,
            next_due=next_due,
            agency=acting.agency,
            worker=worker or acting.user,
        )
        record(
            acting.user,
            A.FOLLOW_UP_RECORDED,
            obj=visit,
            person=person,
            membership=acting,
            new={"visited_on": visited_on, "next_due": next_due},
        )
    return visit


# --- case conferences ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConferenceAction:
    """An action agreed at a conference, added to that person's case plan."""

    person: Person
    text: str
    owner: Agency
    due_on: dt.date | None = None
    worker: object = None
    goal: Goal | None = None


def do_hold_conference(
    acting: Membership,
    *,
    held_on: dt.date,
    persons: list[Person],
    decisions: str,
    place: str = "",
    agencies: list[Agency] = (),
    attendees: list[Membership] = (),
    actions: list[ConferenceAction] = (),
) -> Conference:
    """Record a case conference about a person or a family, its decisions and the actions agreed."""
    if not persons:
        raise ActionError({"persons": _("Name at least one person discussed.")})
    for person in persons:
        _care(acting, person)
    for a in actions:
        if a.person not in persons:
            raise ActionError({"actions": _("An agreed action must be for a person discussed.")})
    refuse_future(held_on, "held_on")
    decisions = _text(decisions, "decisions", limit=MAX_NOTE)
    place = _text(place, "place", required=False, limit=200)
    agency_set = {a.pk: a for a in agencies} | {m.agency_id: m.agency for m in attendees}
    agency_set.setdefault(acting.agency_id, acting.agency)
    with transaction.atomic():
        conference = Conference.objects.create(
            held_on=held_on,
            place=place,
            decisions=decisions,
            agency=acting.agency,
            created_by=acting.user,
        )
        conference.persons.set(persons)
        conference.agencies.set(agency_set.values())
        conference.attendees.set(attendees)
        for person in persons:
            record(
                acting.user,
                A.CONFERENCE_HELD,
                obj=conference,
                person=person,
                membership=acting,
                new={
                    "held_on": held_on,
                    "place": place,
                    "agencies": sorted(a.code for a in agency_set.values()),
                    "attendees": sorted(m.user.username for m in attendees),
                    "persons": len(persons),
                },
            )
        for a in actions:
            do_add_plan_action(
                acting,
                a.person,
                text=a.text,
                owner=a.owner,
                due_on=a.due_on,
                worker=a.worker,
                goal=a.goal,
                conference=conference,
            )
    return conference
