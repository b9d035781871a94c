"""Every write to operations, arrivals, cases and timeline events."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from zhusan.access.scope import refresh_scope, require, require_person_write
from zhusan.access.tiers import EVENT_TIERS, Tier, can_see
from zhusan.accounts.models import Agency, Membership
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.cases.models import (
    AgeGroup,
    Arrival,
    Assignment,
    Case,
    CaseTransition,
    Event,
    EventType,
    Operation,
    OperationStage,
    ScreeningOutcome,
)
from zhusan.cases.pathway import State, can_move
from zhusan.lib.dates import DatePrecision, age_on, refuse_future
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.people.models import Person


def do_create_operation(
    acting: Membership,
    *,
    code: str,
    name: str,
    country: str,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    note: str = "",
) -> Operation:
    require(acting, Perm.MANAGE_OPERATIONS)
    with transaction.atomic():
        op = Operation.objects.create(
            code=code,
            name=name,
            country=country,
            start_date=start_date,
            end_date=end_date,
            note=note,
        )
        record(
            acting.user,
            A.OPERATION_CREATED,
            obj=op,
            membership=acting,
            new={"code": code, "name": name},
        )
    return op


def do_create_stage(
    acting: Membership,
    operation: Operation,
    *,
    number: int,
    name: str,
    country: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    reported_total: int | None = None,
    note: str = "",
) -> OperationStage:
    require(acting, Perm.MANAGE_OPERATIONS)
    if end_date and end_date < start_date:
        raise ActionError({"end_date": "The stage ends before it starts."})
    with transaction.atomic():
        stage = OperationStage.objects.create(
            operation=operation,
            number=number,
            name=name,
            country=country,
            start_date=start_date,
            end_date=end_date,
            reported_total=reported_total,
            note=note,
        )
        record(
            acting.user,
            A.STAGE_CREATED,
            obj=stage,
            membership=acting,
            new={"operation": operation.code, "number": number, "name": name},
        )
    return stage


def do_open_case(
    acting: Membership,
    person: Person,
    *,
    opened_on: dt.date,
    state: str = State.ARRIVED,
    place: str = "",
    reason: str = "",
) -> Case:
    """Open the person's case in the acting agency, which leads it and holds it in its caseload."""
    require(acting, Perm.CREATE_PERSON)
    refuse_future(opened_on, "opened_on")
    if Case.objects.filter(person=person).exists():
        raise ActionError({"person": "This person already has a case."})
    with transaction.atomic():
        case = Case.objects.create(
            person=person,
            state=state,
            state_since=opened_on,
            opened_on=opened_on,
            state_place=place,
            lead_agency=acting.agency,
        )
        CaseTransition.objects.create(
            case=case,
            from_state="",
            to_state=state,
            date=opened_on,
            place=place,
            reason=reason or "Case opened",
            agency=acting.agency,
            actor=acting.user,
        )
        Assignment.objects.create(case=case, agency=acting.agency, since=opened_on)
        refresh_scope([person.pk])
        record(
            acting.user,
            A.CASE_OPENED,
            obj=case,
            person=person,
            membership=acting,
            new={"state": state, "opened_on": opened_on},
        )
    return case


def do_assign_case(
    acting: Membership, case: Case, agency: Agency, *, since: dt.date, worker=None
) -> Assignment:
    """Put a case in another agency's caseload (or reactivate it there)."""
    require_person_write(acting, case.person, Perm.MOVE_PATHWAY)
    with transaction.atomic():
        assignment, created = Assignment.objects.get_or_create(
            case=case, agency=agency, defaults={"since": since, "worker": worker}
        )
        if not created and not assignment.active:
            assignment.active = True
            assignment.since = since
            Assignment.objects.filter(pk=assignment.pk).update(active=True, since=since)
        refresh_scope([case.person_id])
        record(
            acting.user,
            A.CASE_ASSIGNED,
            obj=case,
            person=case.person,
            membership=acting,
            new={"agency": agency.code, "since": since},
        )
    return assignment


def do_move_case(
    acting: Membership,
    case: Case,
    *,
    to_state: str,
    date: dt.date,
    reason: str,
    place: str = "",
    version: int | None = None,
) -> CaseTransition:
    """Move a case along its pathway; only a defined transition, with a reason and a date."""
    require_person_write(acting, case.person, Perm.MOVE_PATHWAY)
    if to_state not in State.values:
        raise ActionError({"to_state": f"{to_state!r} is not a pathway state."})
    if not reason.strip():
        raise ActionError({"reason": "Say why the case moves."})
    refuse_future(date, "date")
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if version is not None and current.version != version:
            raise ConcurrentEdit(
                {"state": current.state, "state_since": current.state_since}, current.version
            )
        if not can_move(current.state, to_state):
            raise ActionError(
                {
                    "to_state": f"A case cannot move from {current.get_state_display()} "
                    f"to {State(to_state).label}."
                }
            )
        if date < current.state_since:
            raise ActionError(
                {"date": "The move is dated before the case entered its current state."}
            )
        transition = CaseTransition.objects.create(
            case=current,
            from_state=current.state,
            to_state=to_state,
            date=date,
            place=place,
            reason=reason.strip(),
            agency=acting.agency,
            actor=acting.user,
        )
        Case.objects.filter(pk=current.pk).update(
            state=to_state, state_since=date, state_place=place, version=F("version") + 1
        )
        record(
            acting.user,
            A.CASE_MOVED,
            obj=current,
            person=current.person,
            membership=acting,
            old={"state": current.state},
            new={"state": to_state, "date": date, "place": place},
            reason=reason.strip(),
        )
        case.refresh_from_db()
    return transition


def do_record_arrival(
    acting: Membership,
    person: Person,
    stage: OperationStage,
    *,
    arrived_on: dt.date,
    unaccompanied: bool = False,
    health_check_done: bool = False,
    note: str = "",
    age_group: str = "",
) -> Arrival:
    """Record a person's arrival in one stage of an operation.

    The person is counted as a man, a woman or a child by age on the day of arrival; where the
    birth date is unknown the recorder must say which.
    """
    require_person_write(acting, person, Perm.MANAGE_OPERATIONS)
    if Arrival.objects.filter(person=person).exists():
        raise ActionError({"person": "This person's arrival is already recorded."})
    if arrived_on < stage.start_date or (stage.end_date and arrived_on > stage.end_date):
        raise ActionError({"arrived_on": "The date is outside the stage's dates."})
    age = age_on(person.birth_date, arrived_on)
    if not age_group:
        if age is None:
            raise ActionError(
                {
                    "age_group": "The birth date is unknown: say whether a man, a woman or a child arrived."
                }
            )
        age_group = (
            AgeGroup.CHILD if age < 18 else (AgeGroup.MAN if person.sex == "M" else AgeGroup.WOMAN)
        )
    if age_group not in AgeGroup.values:
        raise ActionError(
            {"age_group": f"{age_group!r} is not one of {', '.join(AgeGroup.values)}"}
        )
    if unaccompanied and age_group != AgeGroup.CHILD:
        raise ActionError({"unaccompanied": "Only a child arrives as an orphan or unaccompanied."})
    with transaction.atomic():
        arrival = Arrival.objects.create(
            person=person,
            stage=stage,
            arrived_on=arrived_on,
            age_group=age_group,
            unaccompanied=unaccompanied,
            health_check_done=health_check_done,
            note=note,
        )
        record(
            acting.user,
            A.ARRIVAL_RECORDED,
            obj=stage,
            person=person,
            membership=acting,
            new={
                "stage": stage.name,
                "arrived_on": arrived_on,
                "age_group": age_group,
                "unaccompanied": unaccompanied,
            },
        )
    return arrival


def do_add_event(
    acting: Membership,
    person: Person,
    *,
    type: str,
    date: dt.date | None,
    date_precision: str = DatePrecision.DAY,
    place: str = "",
    note: str = "",
    outcome: str = "",
    related_person: Person | None = None,
) -> Event:
    """Add an entry to the person's timeline, in the acting agency's name."""
    require_person_write(acting, person, Perm.ADD_EVENT)
    if type not in EventType.values:
        raise ActionError({"type": f"{type!r} is not an event type."})
    if not can_see(acting, EVENT_TIERS.get(type, Tier.GENERAL)):
        raise PermissionDenied("Your role does not work with this kind of information.")
    if date_precision not in DatePrecision.values:
        raise ActionError({"date_precision": f"{date_precision!r} is not a precision."})
    if date is None and date_precision != DatePrecision.UNKNOWN:
        raise ActionError({"date": "Give a date, or say it is unknown."})
    refuse_future(date, "date")
    if type == EventType.SCREENING_OUTCOME and outcome not in ScreeningOutcome.values:
        raise ActionError(
            {"outcome": "A screening outcome must be one of: " + ", ".join(ScreeningOutcome.values)}
        )
    if len(note) > 5000:
        raise ActionError({"note": "A note can be at most 5,000 characters."})
    with transaction.atomic():
        event = Event.objects.create(
            person=person,
            type=type,
            date=date,
            date_precision=date_precision,
            place=place.strip(),
            agency=acting.agency,
            note=note.strip(),
            outcome=outcome,
            related_person=related_person,
            created_by=acting.user,
        )
        record(
            acting.user,
            A.EVENT_ADDED,
            obj=event,
            person=person,
            membership=acting,
            new={"type": type, "date": date, "place": event.place, "outcome": outcome},
        )
    return event
