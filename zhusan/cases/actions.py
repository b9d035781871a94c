"""Every write to operations, arrivals, cases, timeline events, referrals and tasks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from zhusan.access.models import ScopeEntry
from zhusan.access.scope import is_visible, refresh_scope, require, require_person_write
from zhusan.access.tiers import EVENT_TIERS, ROLE_TIERS, Tier, can_see
from zhusan.accounts.models import Agency, Membership
from zhusan.accounts.roles import ROLE_PERMS, Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.cases.models import (
    CONSENT_REQUIRED,
    REFERRAL_TIERS,
    AgeGroup,
    Arrival,
    Assignment,
    Case,
    CaseTransition,
    CloseOutcome,
    ConsentForm,
    ConsentGiver,
    Event,
    EventType,
    Operation,
    OperationStage,
    Referral,
    ReferralKind,
    ReferralState,
    ScreeningOutcome,
    Task,
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
    outcome: str = "",
    version: int | None = None,
) -> CaseTransition:
    """Move a case along its pathway; only a defined transition, with a reason and a date.

    Closing a case needs its outcome (reintegrated, emigrated…); no other move takes one.
    """
    require_person_write(acting, case.person, Perm.MOVE_PATHWAY)
    if to_state not in State.values:
        raise ActionError({"to_state": f"{to_state!r} is not a pathway state."})
    if not reason.strip():
        raise ActionError({"reason": "Say why the case moves."})
    if to_state == State.CLOSED and outcome not in CloseOutcome.values:
        raise ActionError({"outcome": "Say how the case ends: choose its outcome."})
    if to_state != State.CLOSED and outcome:
        raise ActionError({"outcome": "Only a case being closed has an outcome."})
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
            outcome=outcome,
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
            new={"state": to_state, "date": date, "place": place}
            | ({"outcome": outcome} if outcome else {}),
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


# --- referrals ---------------------------------------------------------------------------------


def roles_receiving(tier: str) -> list[str]:
    """The roles that may receive a referral revealing `tier`: they refer and hold the tier."""
    return [
        role
        for role, perms in ROLE_PERMS.items()
        if Perm.REFER in perms and tier in ROLE_TIERS.get(role, frozenset())
    ]


def _receiving(acting: Membership, referral: Referral) -> None:
    """Refuse unless the acting membership refers and works at the receiving agency."""
    require(acting, Perm.REFER)
    if referral.to_agency_id != acting.agency_id or not can_see(acting, referral.tier):
        raise Http404("No such referral.")


def _sending(acting: Membership, referral: Referral) -> None:
    require(acting, Perm.REFER)
    if referral.from_agency_id != acting.agency_id or not can_see(acting, referral.tier):
        raise Http404("No such referral.")


def _lock_referral(referral: Referral, version: int | None, *, state: str, step: str) -> Referral:
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if version is not None and current.version != version:
        raise ConcurrentEdit(
            {"state": current.state, "decided_on": current.decided_on}, current.version
        )
    if current.state != state:
        raise ActionError(
            {"": f"This referral is {current.get_state_display()}: it cannot be {step}."}
        )
    return current


def do_make_referral(
    acting: Membership,
    person: Person,
    *,
    to_agency: Agency,
    kind: str,
    reason: str,
    sent_on: dt.date | None = None,
    consent_date: dt.date | None = None,
    consent_by: str = "",
    consent_representative: str = "",
    consent_form: str = "",
) -> Referral:
    """Refer a person to another agency; a kind that needs consent is sent only with it recorded.

    The receiving agency sees the person's name, age and the reason until it accepts.
    """
    require_person_write(acting, person, Perm.REFER)
    if kind not in ReferralKind.values:
        raise ActionError({"kind": f"{kind!r} is not a kind of referral."})
    tier = REFERRAL_TIERS.get(kind, Tier.GENERAL)
    if not can_see(acting, tier):
        raise PermissionDenied("Your role does not work with this kind of information.")
    reason = reason.strip()
    if not reason:
        raise ActionError({"reason": "Say why the person is referred."})
    if len(reason) > 5000:
        raise ActionError({"reason": "A reason can be at most 5,000 characters."})
    if to_agency.pk == acting.agency_id:
        raise ActionError({"to_agency": "Refer the person to another agency."})
    sent_on = sent_on or timezone.localdate()
    refuse_future(sent_on, "sent_on")
    if not Membership.objects.filter(
        agency=to_agency, active=True, role__in=roles_receiving(tier)
    ).exists():
        raise ActionError({"to_agency": "No one at this agency receives this kind of referral."})
    case = Case.objects.filter(person=person).first()
    if case is None:
        raise ActionError({"": "This person has no case in the programme."})
    if case.state == State.CLOSED:
        raise ActionError({"": "The case is closed: reopen it before referring the person."})
    if Referral.objects.filter(
        person=person,
        to_agency=to_agency,
        kind=kind,
        state__in=(ReferralState.PENDING, ReferralState.ACCEPTED),
    ).exists():
        raise ActionError({"": "This person is already referred to this agency for this."})
    required = CONSENT_REQUIRED[kind]
    consent_representative = consent_representative.strip()
    if required or consent_date or consent_by or consent_form:
        _check_consent(
            person, sent_on, consent_date, consent_by, consent_representative, consent_form
        )
    if consent_by != ConsentGiver.REPRESENTATIVE:
        consent_representative = ""
    with transaction.atomic():
        referral = Referral.objects.create(
            person=person,
            from_agency=acting.agency,
            from_membership=acting,
            to_agency=to_agency,
            kind=kind,
            reason=reason,
            consent_required=required,
            consent_date=consent_date,
            consent_by=consent_by,
            consent_representative=consent_representative,
            consent_form=consent_form,
            sent_on=sent_on,
        )
        record(
            acting.user,
            A.REFERRAL_MADE,
            obj=referral,
            person=person,
            membership=acting,
            new={
                "to_agency": to_agency.code,
                "kind": kind,
                "sent_on": sent_on,
                "consent_required": required,
                "consent": {
                    "date": consent_date,
                    "by": consent_by,
                    "representative": consent_representative,
                    "form": consent_form,
                }
                if consent_date
                else None,
            },
            reason=reason,
        )
    return referral


def _check_consent(
    person: Person,
    sent_on: dt.date,
    consent_date: dt.date | None,
    consent_by: str,
    representative: str,
    form: str,
) -> None:
    """Refuse a consent that is missing a part, comes after sending, or is a child's own."""
    errors = {}
    if consent_date is None:
        errors["consent_date"] = (
            "This kind of referral needs consent: say when it was given, by whom and how."
        )
    if consent_by not in ConsentGiver.values:
        errors["consent_by"] = "Say who gave consent: the person, or a parent or representative."
    if form not in ConsentForm.values:
        errors["consent_form"] = "Say whether consent was given in writing or orally."
    if errors:
        raise ActionError(errors)
    refuse_future(consent_date, "consent_date")
    if consent_date > sent_on:
        raise ActionError({"consent_date": "Consent must be given before the referral is sent."})
    age = age_on(person.birth_date, consent_date)
    if consent_by == ConsentGiver.PERSON and age is not None and age < 18:
        raise ActionError(
            {"consent_by": "A child's consent is given by a parent or legal representative."}
        )
    if consent_by == ConsentGiver.REPRESENTATIVE and not representative:
        raise ActionError(
            {"consent_representative": "Name the parent or legal representative who consented."}
        )


def do_accept_referral(
    acting: Membership,
    referral: Referral,
    *,
    on: dt.date | None = None,
    worker=None,
    version: int | None = None,
) -> Referral:
    """Take the person on: the case enters the receiving agency's caseload, and so its scope."""
    _receiving(acting, referral)
    on = on or timezone.localdate()
    refuse_future(on, "on")
    if (
        worker is not None
        and not Membership.objects.filter(
            user=worker, agency_id=acting.agency_id, active=True
        ).exists()
    ):
        raise ActionError({"worker": "The worker must work at your agency."})
    with transaction.atomic():
        current = _lock_referral(referral, version, state=ReferralState.PENDING, step="accepted")
        if on < current.sent_on:
            raise ActionError({"on": "The referral is accepted before it was sent."})
        case = Case.objects.filter(person_id=current.person_id).first()
        if case is None:
            raise ActionError({"": "This person has no case in the programme."})
        assignment, created = Assignment.objects.get_or_create(
            case=case, agency_id=acting.agency_id, defaults={"since": on, "worker": worker}
        )
        reactivated = not created and not assignment.active
        if reactivated:
            Assignment.objects.filter(pk=assignment.pk).update(active=True, since=on)
        Referral.objects.filter(pk=current.pk).update(
            state=ReferralState.ACCEPTED,
            decided_on=on,
            decided_by=acting.user,
            version=F("version") + 1,
        )
        refresh_scope([current.person_id])
        record(
            acting.user,
            A.REFERRAL_ACCEPTED,
            obj=current,
            person=current.person,
            membership=acting,
            old={"state": current.state},
            new={"state": ReferralState.ACCEPTED, "decided_on": on},
        )
        if created or reactivated:
            record(
                acting.user,
                A.CASE_ASSIGNED,
                obj=case,
                person=current.person,
                membership=acting,
                new={"agency": acting.agency.code, "since": on, "referral": current.public_id},
                reason="Referral accepted",
            )
    referral.refresh_from_db()
    return referral


def do_decline_referral(
    acting: Membership,
    referral: Referral,
    *,
    reason: str,
    on: dt.date | None = None,
    version: int | None = None,
) -> Referral:
    """Decline a referral, saying why; the receiving agency gains nothing."""
    _receiving(acting, referral)
    reason = reason.strip()
    if not reason:
        raise ActionError({"reason": "Say why the referral is declined."})
    on = on or timezone.localdate()
    refuse_future(on, "on")
    with transaction.atomic():
        current = _lock_referral(referral, version, state=ReferralState.PENDING, step="declined")
        if on < current.sent_on:
            raise ActionError({"on": "The referral is declined before it was sent."})
        Referral.objects.filter(pk=current.pk).update(
            state=ReferralState.DECLINED,
            decided_on=on,
            decided_by=acting.user,
            decline_reason=reason,
            version=F("version") + 1,
        )
        record(
            acting.user,
            A.REFERRAL_DECLINED,
            obj=current,
            person=current.person,
            membership=acting,
            old={"state": current.state},
            new={"state": ReferralState.DECLINED, "decided_on": on},
            reason=reason,
        )
    referral.refresh_from_db()
    return referral


def do_complete_referral(
    acting: Membership,
    referral: Referral,
    *,
    note: str = "",
    on: dt.date | None = None,
    version: int | None = None,
) -> Referral:
    """Record that the receiving agency has done what the referral asked."""
    _receiving(acting, referral)
    on = on or timezone.localdate()
    refuse_future(on, "on")
    with transaction.atomic():
        current = _lock_referral(referral, version, state=ReferralState.ACCEPTED, step="completed")
        if on < current.decided_on:
            raise ActionError({"on": "The referral is completed before it was accepted."})
        Referral.objects.filter(pk=current.pk).update(
            state=ReferralState.COMPLETED,
            completed_on=on,
            completion_note=note.strip(),
            version=F("version") + 1,
        )
        record(
            acting.user,
            A.REFERRAL_COMPLETED,
            obj=current,
            person=current.person,
            membership=acting,
            old={"state": current.state},
            new={"state": ReferralState.COMPLETED, "completed_on": on},
            reason=note.strip(),
        )
    referral.refresh_from_db()
    return referral


def do_withdraw_referral(
    acting: Membership,
    referral: Referral,
    *,
    reason: str,
    on: dt.date | None = None,
    version: int | None = None,
) -> Referral:
    """The sending agency takes back a referral not yet decided."""
    _sending(acting, referral)
    reason = reason.strip()
    if not reason:
        raise ActionError({"reason": "Say why the referral is withdrawn."})
    on = on or timezone.localdate()
    refuse_future(on, "on")
    with transaction.atomic():
        current = _lock_referral(referral, version, state=ReferralState.PENDING, step="withdrawn")
        if on < current.sent_on:
            raise ActionError({"on": "The referral is withdrawn before it was sent."})
        Referral.objects.filter(pk=current.pk).update(
            state=ReferralState.WITHDRAWN,
            withdrawn_on=on,
            withdraw_reason=reason,
            version=F("version") + 1,
        )
        record(
            acting.user,
            A.REFERRAL_WITHDRAWN,
            obj=current,
            person=current.person,
            membership=acting,
            old={"state": current.state},
            new={"state": ReferralState.WITHDRAWN, "withdrawn_on": on},
            reason=reason,
        )
    referral.refresh_from_db()
    return referral


# --- tasks -------------------------------------------------------------------------------------


def do_create_task(
    acting: Membership,
    *,
    title: str,
    due_on: dt.date,
    person: Person | None = None,
    agency: Agency | None = None,
    worker=None,
    note: str = "",
) -> Task:
    """Give an agency (or one of its workers) something to do by a date.

    A task about a person goes only to an agency that has the person in its scope, so that a
    task never tells an agency about someone it may not see.
    """
    require(acting, Perm.VIEW_RECORDS)
    if person is not None and not is_visible(acting, person):
        raise Http404("No such person.")
    title = title.strip()
    if not title:
        raise ActionError({"title": "Say what is to be done."})
    if len(title) > 200:
        raise ActionError({"title": "A task title can be at most 200 characters."})
    agency = agency or acting.agency
    if (
        agency.pk != acting.agency_id
        and person is not None
        and not ScopeEntry.objects.filter(agency=agency, person=person).exists()
    ):
        raise ActionError({"agency": "This agency does not work with this person."})
    if (
        worker is not None
        and not Membership.objects.filter(user=worker, agency=agency, active=True).exists()
    ):
        raise ActionError({"worker": "The worker must work at the agency the task is given to."})
    with transaction.atomic():
        task = Task.objects.create(
            person=person,
            title=title,
            note=note.strip(),
            due_on=due_on,
            agency=agency,
            worker=worker,
            created_by=acting.user,
        )
        record(
            acting.user,
            A.TASK_CREATED,
            obj=task,
            person=person,
            membership=acting,
            new={
                "title": title,
                "due_on": due_on,
                "agency": agency.code,
                "worker": worker.username if worker else None,
            },
        )
    return task


def do_complete_task(
    acting: Membership, task: Task, *, done_on: dt.date | None = None, version: int | None = None
) -> Task:
    """Mark a task of the acting agency done."""
    require(acting, Perm.VIEW_RECORDS)
    if task.agency_id != acting.agency_id or (
        task.person_id is not None and not is_visible(acting, task.person)
    ):
        raise Http404("No such task.")
    done_on = done_on or timezone.localdate()
    refuse_future(done_on, "done_on")
    with transaction.atomic():
        current = Task.objects.select_for_update().get(pk=task.pk)
        if version is not None and current.version != version:
            raise ConcurrentEdit({"done_on": current.done_on}, current.version)
        if current.done_on is not None:
            raise ActionError({"": "This task is already done."})
        Task.objects.filter(pk=current.pk).update(
            done_on=done_on, done_by=acting.user, version=F("version") + 1
        )
        record(
            acting.user,
            A.TASK_DONE,
            obj=current,
            person=current.person,
            membership=acting,
            old={"done_on": None},
            new={"done_on": done_on},
        )
    task.refresh_from_db()
    return task
