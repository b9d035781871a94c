"""Every write to a child's identity steps, citizenship, placements, contacts, reunification and school."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhusan.access.scope import is_visible, require_person_write
from zhusan.accounts.models import Membership
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.children import citizenship as rule
from zhusan.children.models import (
    CitizenshipDetermination,
    IdentityStep,
    ParentContact,
    Placement,
    Reunification,
    ReunificationPlan,
    ReunificationStep,
    SchoolEnrolment,
)
from zhusan.children.queries import is_child
from zhusan.lib.dates import refuse_future
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.people.models import Citizenship, DocumentKind, DocumentStatus, Person, Relationship

K = IdentityStep.Kind
# The order of the identity steps: a step is never dated before a step of an earlier stage.
STEP_ORDER = [K.DOCUMENTS_MISSING, K.DNA_TEST, K.COURT_DECISION, K.BIRTH_CERTIFICATE]
# Placements that need a named carer from the registry, and those in an institution.
NEEDS_CARER = {
    Placement.Kind.WITH_MOTHER,
    Placement.Kind.WITH_FATHER,
    Placement.Kind.GRANDPARENTS,
    Placement.Kind.RELATIVES,
}
WITH_PARENT = {Placement.Kind.WITH_MOTHER, Placement.Kind.WITH_FATHER}
# The standard steps of a reunification plan and when each falls due, as a share of the time
# from the plan's agreement to its target date.
STANDARD_STEPS = [
    (ReunificationStep.Kind.HOUSING, 0.25),
    (ReunificationStep.Kind.JOINT_SESSIONS, 0.5),
    (ReunificationStep.Kind.TRIAL_STAYS, 0.75),
    (ReunificationStep.Kind.COURT, 0.9),
    (ReunificationStep.Kind.FINAL, 1.0),
]
# A placement opened by reunification is reviewed after this many days.
FOLLOW_UP_DAYS = 180
PLACEMENT_EDITABLE = ("legal_status", "authority", "decision_date", "review_date", "orphan", "note")
STEP_EDITABLE = ("status", "due_date", "done_on", "note", "label")


def _require_child(acting: Membership, child: Person, perm: str = Perm.RECORD_CHILD) -> None:
    require_person_write(acting, child, perm)
    if not is_child(child, timezone.localdate()):
        raise ActionError({"": "These records are kept for children only."})


def _other(acting: Membership, person: Person | None, field: str) -> None:
    """A related person (carer, parent, DNA relative) must be one the acting agency may see."""
    if person is None:
        return
    if not is_visible(acting, person):
        raise ActionError({field: "Choose a person from the registry."})


def _choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise ActionError({field: f"{value!r} is not one of {', '.join(choices.values)}."})
    return value


def _require_parent(parent: Person, child: Person, field: str = "parent") -> None:
    if not Relationship.objects.filter(source=parent, target=child, kind="parent").exists():
        raise ActionError(
            {
                field: "This person is not recorded as the child's parent: record the relationship first."
            }
        )


# --- identity ---------------------------------------------------------------------------------
def _add_step(
    acting: Membership, child: Person, kind: str, date: dt.date, **fields
) -> IdentityStep:
    _require_child(acting, child)
    refuse_future(date, "date")
    earlier = STEP_ORDER[: STEP_ORDER.index(kind)]
    latest = (
        IdentityStep.objects.filter(person=child, kind__in=earlier)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if latest and date < latest:
        raise ActionError({"date": f"This step is dated before an earlier step ({latest})."})
    with transaction.atomic():
        step = IdentityStep.objects.create(
            person=child,
            kind=kind,
            date=date,
            agency=acting.agency,
            created_by=acting.user,
            **fields,
        )
        record(
            acting.user,
            A.CHILD_IDENTITY_STEP,
            obj=step,
            person=child,
            membership=acting,
            new={"kind": kind, "date": date}
            | {
                k: (str(v.public_id) if isinstance(v, Person) else v)
                for k, v in fields.items()
                if v not in ("", None)
            },
        )
    return step


def do_record_documents_missing(
    acting: Membership, child: Person, *, date: dt.date, note: str = ""
) -> IdentityStep:
    """Record that the child has no papers (the first step of establishing identity)."""
    return _add_step(acting, child, K.DOCUMENTS_MISSING, date, note=note.strip())


def do_record_dna_test(
    acting: Membership,
    child: Person,
    *,
    date: dt.date,
    tested_with: Person,
    relation: str,
    result: str,
    lab: str,
    note: str = "",
) -> IdentityStep:
    """Record a DNA test against an alleged mother, grandparent or other relative in the registry."""
    _choice(relation, IdentityStep.Relation, "relation")
    if result not in (
        IdentityStep.Result.MATCH,
        IdentityStep.Result.NO_MATCH,
        IdentityStep.Result.INCONCLUSIVE,
    ):
        raise ActionError({"result": "A DNA test gives a match, no match or inconclusive."})
    if tested_with is None:
        raise ActionError({"tested_with": "Say with whom the child was tested."})
    if tested_with.pk == child.pk:
        raise ActionError({"tested_with": "A child is not tested against themselves."})
    _other(acting, tested_with, "tested_with")
    if not lab.strip():
        raise ActionError({"lab": "Name the laboratory."})
    return _add_step(
        acting,
        child,
        K.DNA_TEST,
        date,
        tested_with=tested_with,
        relation=relation,
        result=result,
        lab=lab.strip(),
        note=note.strip(),
    )


def do_record_court_decision(
    acting: Membership,
    child: Person,
    *,
    date: dt.date,
    court: str,
    establishes: str,
    result: str = IdentityStep.Result.ESTABLISHED,
    decision: str = "",
    note: str = "",
) -> IdentityStep:
    """Record a court's decision establishing (or refusing to establish) the fact of birth or kinship."""
    _choice(establishes, IdentityStep.Establishes, "establishes")
    if result not in (IdentityStep.Result.ESTABLISHED, IdentityStep.Result.NOT_ESTABLISHED):
        raise ActionError({"result": "A court establishes the fact or does not."})
    if not court.strip():
        raise ActionError({"court": "Name the court."})
    return _add_step(
        acting,
        child,
        K.COURT_DECISION,
        date,
        court=court.strip(),
        establishes=establishes,
        result=result,
        decision=decision.strip(),
        note=note.strip(),
    )


def do_record_birth_certificate(
    acting: Membership,
    child: Person,
    *,
    date: dt.date,
    number: str,
    registry_office: str,
    note: str = "",
) -> IdentityStep:
    """Record the birth certificate issued; it joins the child's documents as a valid certificate."""
    from zhusan.people.actions import do_add_document

    if not number.strip():
        raise ActionError({"number": "Give the certificate's number."})
    if not registry_office.strip():
        raise ActionError({"registry_office": "Name the civil registry office."})
    with transaction.atomic():
        step = _add_step(
            acting,
            child,
            K.BIRTH_CERTIFICATE,
            date,
            certificate_number=number.strip(),
            registry_office=registry_office.strip(),
            note=note.strip(),
        )
        do_add_document(
            acting,
            child,
            kind=DocumentKind.BIRTH_CERTIFICATE,
            status=DocumentStatus.VALID,
            number=number.strip(),
            issuing_country="KZ",
            issued_on=date,
        )
    return step


# --- citizenship ------------------------------------------------------------------------------
def do_determine_citizenship(
    acting: Membership,
    child: Person,
    *,
    facts: rule.BirthFacts,
    determined_on: dt.date,
    note: str = "",
) -> CitizenshipDetermination:
    """Apply the rule for children's citizenship to the facts of the birth and keep the answer.

    A determination that the child is a citizen also records the child's citizenship as citizen
    where it was still undetermined; any other answer leaves the record as it is.
    """
    from zhusan.people.actions import do_update_person

    _require_child(acting, child)
    refuse_future(determined_on, "determined_on")
    answer = rule.determine(facts)
    with transaction.atomic():
        stored = CitizenshipDetermination.objects.create(
            person=child,
            determined_on=determined_on,
            facts=facts.as_dict(),
            outcome=answer.outcome,
            rule=answer.rule,
            reasons=answer.reasons,
            citations=answer.citations,
            needs_facts=answer.needs_facts,
            needs_review=answer.needs_review,
            rules_version=answer.rules_version,
            note=note.strip(),
            agency=acting.agency,
            created_by=acting.user,
        )
        record(
            acting.user,
            A.CHILD_CITIZENSHIP_DETERMINED,
            obj=stored,
            person=child,
            membership=acting,
            new={"facts": facts.as_dict(), "outcome": answer.outcome, "rule": answer.rule},
        )
        current = Person.objects.get(pk=child.pk)
        if (
            answer.outcome == rule.CITIZEN
            and current.citizenship == Citizenship.UNDETERMINED
            and acting.can(Perm.EDIT_PERSON)
        ):
            do_update_person(
                acting, current, version=current.version, citizenship=Citizenship.CITIZEN
            )
            child.refresh_from_db()
    return stored


# --- placements -------------------------------------------------------------------------------
def _check_placement(
    kind: str,
    legal_status: str,
    carer: Person | None,
    institution: str,
    start_date: dt.date,
    decision_date: dt.date | None,
    review_date: dt.date | None,
) -> None:
    _choice(kind, Placement.Kind, "kind")
    _choice(legal_status, Placement.LegalStatus, "legal_status")
    if kind in NEEDS_CARER and carer is None:
        raise ActionError({"carer": "Choose the carer from the child's relatives."})
    if kind == Placement.Kind.INSTITUTION and not institution.strip():
        raise ActionError({"institution": "Name the children's home or institution."})
    refuse_future(start_date, "start_date")
    refuse_future(decision_date, "decision_date")
    if review_date and review_date < start_date:
        raise ActionError({"review_date": "The review falls before the placement starts."})


def _open_placement(
    acting: Membership,
    child: Person,
    *,
    kind: str,
    start_date: dt.date,
    legal_status: str,
    carer: Person | None,
    institution: str,
    authority: str,
    decision_date: dt.date | None,
    review_date: dt.date | None,
    orphan: bool,
    note: str,
    end_reason: str,
) -> tuple[Placement | None, Placement]:
    """Close the open placement (if any) on start_date and open the new one; returns (old, new)."""
    old = Placement.objects.select_for_update().filter(person=child, end_date__isnull=True).first()
    if old is not None:
        if start_date < old.start_date:
            raise ActionError({"start_date": "The new placement starts before the current one."})
        Placement.objects.filter(pk=old.pk).update(
            end_date=start_date, end_reason=end_reason, version=F("version") + 1
        )
        record(
            acting.user,
            A.PLACEMENT_ENDED,
            obj=old,
            person=child,
            membership=acting,
            old={"end_date": None},
            new={"end_date": start_date, "reason": end_reason},
        )
        old.refresh_from_db()
    new = Placement.objects.create(
        person=child,
        kind=kind,
        carer=carer,
        institution=institution.strip(),
        legal_status=legal_status,
        start_date=start_date,
        authority=authority.strip(),
        decision_date=decision_date,
        review_date=review_date,
        orphan=orphan,
        note=note.strip(),
        agency=acting.agency,
        created_by=acting.user,
    )
    record(
        acting.user,
        A.PLACEMENT_STARTED,
        obj=new,
        person=child,
        membership=acting,
        new={
            "kind": kind,
            "carer": str(carer.public_id) if carer else None,
            "institution": new.institution,
            "legal_status": legal_status,
            "start_date": start_date,
            "authority": new.authority,
            "decision_date": decision_date,
            "review_date": review_date,
            "orphan": orphan,
        },
    )
    return old, new


def do_start_placement(
    acting: Membership,
    child: Person,
    *,
    kind: str,
    start_date: dt.date,
    legal_status: str = Placement.LegalStatus.NONE,
    carer: Person | None = None,
    institution: str = "",
    authority: str = "",
    decision_date: dt.date | None = None,
    review_date: dt.date | None = None,
    orphan: bool = False,
    note: str = "",
) -> Placement:
    """Place the child; the current placement, if any, ends the day the new one starts."""
    _require_child(acting, child)
    _check_placement(kind, legal_status, carer, institution, start_date, decision_date, review_date)
    if carer is not None and carer.pk == child.pk:
        raise ActionError({"carer": "A child is not their own carer."})
    _other(acting, carer, "carer")
    with transaction.atomic():
        _old, new = _open_placement(
            acting,
            child,
            kind=kind,
            start_date=start_date,
            legal_status=legal_status,
            carer=carer,
            institution=institution,
            authority=authority,
            decision_date=decision_date,
            review_date=review_date,
            orphan=orphan,
            note=note,
            end_reason="Replaced by a new placement",
        )
    return new


def do_update_placement(
    acting: Membership, placement: Placement, *, version: int, **changes
) -> Placement:
    """Change a placement's legal status, decision, review date, orphan flag or note."""
    _require_child(acting, placement.person)
    unknown = set(changes) - set(PLACEMENT_EDITABLE)
    if unknown:
        raise ActionError(dict.fromkeys(sorted(unknown), "This cannot be changed here."))
    if "legal_status" in changes:
        _choice(changes["legal_status"], Placement.LegalStatus, "legal_status")
    refuse_future(changes.get("decision_date"), "decision_date")
    with transaction.atomic():
        current = Placement.objects.select_for_update().get(pk=placement.pk)
        if current.version != version:
            raise ConcurrentEdit(
                {k: getattr(current, k) for k in PLACEMENT_EDITABLE}, current.version
            )
        review = changes.get("review_date", current.review_date)
        if review and review < current.start_date:
            raise ActionError({"review_date": "The review falls before the placement starts."})
        before = {k: getattr(current, k) for k in changes}
        Placement.objects.filter(pk=current.pk).update(version=F("version") + 1, **changes)
        record(
            acting.user,
            A.PLACEMENT_UPDATED,
            obj=current,
            person=current.person,
            membership=acting,
            old={k: v for k, v in before.items() if changes[k] != v},
            new={k: v for k, v in changes.items() if before[k] != v},
        )
        placement.refresh_from_db()
    return placement


def do_end_placement(
    acting: Membership,
    placement: Placement,
    *,
    end_date: dt.date,
    reason: str,
    version: int | None = None,
) -> Placement:
    """End a placement without opening another (e.g. the child came of age)."""
    _require_child(acting, placement.person)
    refuse_future(end_date, "end_date")
    if not reason.strip():
        raise ActionError({"reason": "Say how the placement ended."})
    with transaction.atomic():
        current = Placement.objects.select_for_update().get(pk=placement.pk)
        if version is not None and current.version != version:
            raise ConcurrentEdit({"end_date": current.end_date}, current.version)
        if current.end_date is not None:
            raise ActionError({"end_date": "This placement has already ended."})
        if end_date < current.start_date:
            raise ActionError({"end_date": "A placement cannot end before it started."})
        Placement.objects.filter(pk=current.pk).update(
            end_date=end_date, end_reason=reason.strip(), version=F("version") + 1
        )
        record(
            acting.user,
            A.PLACEMENT_ENDED,
            obj=current,
            person=current.person,
            membership=acting,
            old={"end_date": None},
            new={"end_date": end_date, "reason": reason.strip()},
        )
        placement.refresh_from_db()
    return placement


# --- contact and reunification ----------------------------------------------------------------
def do_record_contact(
    acting: Membership,
    child: Person,
    *,
    parent: Person,
    kind: str,
    date: dt.date,
    place: str = "",
    supervised_by: str = "",
    note: str = "",
) -> ParentContact:
    """Record a call, visit or letter between the child and a parent (often a parent in prison)."""
    _require_child(acting, child)
    _choice(kind, ParentContact.Kind, "kind")
    refuse_future(date, "date")
    _other(acting, parent, "parent")
    _require_parent(parent, child)
    with transaction.atomic():
        contact = ParentContact.objects.create(
            person=child,
            parent=parent,
            kind=kind,
            date=date,
            place=place.strip(),
            supervised_by=supervised_by.strip(),
            note=note.strip(),
            agency=acting.agency,
            created_by=acting.user,
        )
        record(
            acting.user,
            A.PARENT_CONTACT_RECORDED,
            obj=contact,
            person=child,
            membership=acting,
            new={
                "parent": str(parent.public_id),
                "kind": kind,
                "date": date,
                "place": contact.place,
                "supervised_by": contact.supervised_by,
            },
        )
    return contact


def do_create_reunification_plan(
    acting: Membership,
    child: Person,
    *,
    parent: Person,
    agreed_on: dt.date,
    target_date: dt.date,
    steps: list[tuple[str, dt.date | None]] | None = None,
    note: str = "",
) -> ReunificationPlan:
    """Agree a plan to return the child to a parent; without `steps`, the standard five are set,
    falling due a quarter, half, three quarters and nine tenths of the way to the target, and on it."""
    _require_child(acting, child)
    refuse_future(agreed_on, "agreed_on")
    if target_date < agreed_on:
        raise ActionError({"target_date": "The target date is before the plan was agreed."})
    _other(acting, parent, "parent")
    _require_parent(parent, child)
    if steps is None:
        span = (target_date - agreed_on).days
        steps = [
            (kind, agreed_on + dt.timedelta(days=round(span * share)))
            for kind, share in STANDARD_STEPS
        ]
    for kind, _due in steps:
        _choice(kind, ReunificationStep.Kind, "steps")
    with transaction.atomic():
        if ReunificationPlan.objects.filter(
            person=child, status=ReunificationPlan.Status.ACTIVE
        ).exists():
            raise ActionError({"": "The child already has a reunification plan in progress."})
        plan = ReunificationPlan.objects.create(
            person=child,
            parent=parent,
            agreed_on=agreed_on,
            target_date=target_date,
            note=note.strip(),
            agency=acting.agency,
            created_by=acting.user,
        )
        ReunificationStep.objects.bulk_create(
            [
                ReunificationStep(plan=plan, kind=kind, due_date=due, position=i)
                for i, (kind, due) in enumerate(steps)
            ]
        )
        record(
            acting.user,
            A.REUNIFICATION_PLAN_CREATED,
            obj=plan,
            person=child,
            membership=acting,
            new={
                "parent": str(parent.public_id),
                "agreed_on": agreed_on,
                "target_date": target_date,
                "steps": [{"kind": k, "due": d} for k, d in steps],
            },
        )
    return plan


def do_add_reunification_step(
    acting: Membership,
    plan: ReunificationPlan,
    *,
    kind: str,
    label: str = "",
    due_date: dt.date | None = None,
) -> ReunificationStep:
    _require_child(acting, plan.person)
    _choice(kind, ReunificationStep.Kind, "kind")
    if plan.status != ReunificationPlan.Status.ACTIVE:
        raise ActionError({"": "This plan is no longer in progress."})
    with transaction.atomic():
        last = plan.steps.order_by("-position").values_list("position", flat=True).first()
        step = ReunificationStep.objects.create(
            plan=plan,
            kind=kind,
            label=label.strip(),
            due_date=due_date,
            position=(last or 0) + 1,
        )
        record(
            acting.user,
            A.REUNIFICATION_STEP_ADDED,
            obj=step,
            person=plan.person,
            membership=acting,
            new={"kind": kind, "label": step.label, "due_date": due_date},
        )
    return step


def do_update_reunification_step(
    acting: Membership, step: ReunificationStep, *, version: int, **changes
) -> ReunificationStep:
    """Move a step along (planned, in progress, done, cancelled) or change its due date."""
    _require_child(acting, step.plan.person)
    unknown = set(changes) - set(STEP_EDITABLE)
    if unknown:
        raise ActionError(dict.fromkeys(sorted(unknown), "This cannot be changed here."))
    if "status" in changes:
        _choice(changes["status"], ReunificationStep.Status, "status")
    refuse_future(changes.get("done_on"), "done_on")
    with transaction.atomic():
        current = ReunificationStep.objects.select_for_update().get(pk=step.pk)
        if current.version != version:
            raise ConcurrentEdit({k: getattr(current, k) for k in STEP_EDITABLE}, current.version)
        status = changes.get("status", current.status)
        done_on = changes.get("done_on", current.done_on)
        if status == ReunificationStep.Status.DONE and done_on is None:
            raise ActionError({"done_on": "Say when the step was done."})
        if status != ReunificationStep.Status.DONE and "done_on" not in changes:
            changes["done_on"] = None
        if done_on and done_on < step.plan.agreed_on and status == ReunificationStep.Status.DONE:
            raise ActionError({"done_on": "The step is dated before the plan was agreed."})
        before = {k: getattr(current, k) for k in changes}
        ReunificationStep.objects.filter(pk=current.pk).update(version=F("version") + 1, **changes)
        record(
            acting.user,
            A.REUNIFICATION_STEP_UPDATED,
            obj=current,
            person=step.plan.person,
            membership=acting,
            old={k: v for k, v in before.items() if changes[k] != v},
            new={k: v for k, v in changes.items() if before[k] != v},
        )
        step.refresh_from_db()
    return step


def do_record_reunification(
    acting: Membership,
    child: Person,
    *,
    parent: Person,
    date: dt.date,
    authority: str = "",
    decision_date: dt.date | None = None,
    note: str = "",
    placement_version: int | None = None,
) -> Reunification:
    """Return the child to a released parent: the current placement (e.g. with grandparents under
    temporary custody) ends that day, a placement with the parent opens with a follow-up review,
    and the plan in progress with this parent is completed."""
    _require_child(acting, child)
    refuse_future(date, "date")
    refuse_future(decision_date, "decision_date")
    _other(acting, parent, "parent")
    _require_parent(parent, child)
    from zhusan.justice.models import CustodyPeriod

    if CustodyPeriod.objects.filter(
        person=parent, end_date__isnull=True, start_date__lte=date
    ).exists():
        raise ActionError({"parent": "The parent is recorded as still in custody."})
    kind = Placement.Kind.WITH_FATHER if parent.sex == "M" else Placement.Kind.WITH_MOTHER
    with transaction.atomic():
        current = (
            Placement.objects.select_for_update()
            .filter(person=child, end_date__isnull=True)
            .first()
        )
        if current is not None:
            if placement_version is not None and current.version != placement_version:
                raise ConcurrentEdit(
                    {"kind": current.kind, "end_date": current.end_date}, current.version
                )
            if current.carer_id == parent.pk and current.kind == kind:
                raise ActionError({"parent": "The child already lives with this parent."})
        plan = ReunificationPlan.objects.filter(
            person=child, parent=parent, status=ReunificationPlan.Status.ACTIVE
        ).first()
        who = "the father" if kind == Placement.Kind.WITH_FATHER else "the mother"
        old, new = _open_placement(
            acting,
            child,
            kind=kind,
            start_date=date,
            legal_status=Placement.LegalStatus.NONE,
            carer=parent,
            institution="",
            authority=authority,
            decision_date=decision_date,
            review_date=date + dt.timedelta(days=FOLLOW_UP_DAYS),
            orphan=False,
            note=note,
            end_reason=f"Reunified with {who}",
        )
        if plan is not None:
            ReunificationPlan.objects.filter(pk=plan.pk).update(
                status=ReunificationPlan.Status.COMPLETED, version=F("version") + 1
            )
            plan.steps.filter(kind=ReunificationStep.Kind.FINAL).exclude(
                status=ReunificationStep.Status.DONE
            ).update(status=ReunificationStep.Status.DONE, done_on=date, version=F("version") + 1)
        reunification = Reunification.objects.create(
            person=child,
            parent=parent,
            date=date,
            plan=plan,
            ended_placement=old,
            placement=new,
            authority=authority.strip(),
            decision_date=decision_date,
            note=note.strip(),
            agency=acting.agency,
            created_by=acting.user,
        )
        record(
            acting.user,
            A.REUNIFICATION_RECORDED,
            obj=reunification,
            person=child,
            membership=acting,
            old={"placement": old.kind if old else None},
            new={
                "parent": str(parent.public_id),
                "date": date,
                "placement": new.kind,
                "plan_completed": str(plan.public_id) if plan else None,
            },
        )
    return reunification


# --- school -----------------------------------------------------------------------------------
def do_enrol_school(
    acting: Membership,
    child: Person,
    *,
    kind: str,
    institution: str,
    start_date: dt.date,
    region: str = "",
    grade: str = "",
    end_date: dt.date | None = None,
    note: str = "",
) -> SchoolEnrolment:
    """Record a kindergarten or school place; an open earlier enrolment ends the day this starts."""
    if not (acting.can(Perm.RECORD_CHILD) or acting.can(Perm.RECORD_SUPPORT)):
        raise PermissionDenied("Your role may not record school enrolment.")
    _require_child(acting, child, Perm.VIEW_RECORDS)
    _choice(kind, SchoolEnrolment.Kind, "kind")
    if not institution.strip():
        raise ActionError({"institution": "Name the school or kindergarten."})
    refuse_future(start_date, "start_date")
    refuse_future(end_date, "end_date")
    if end_date and end_date < start_date:
        raise ActionError({"end_date": "The enrolment ends before it starts."})
    with transaction.atomic():
        for open_one in SchoolEnrolment.objects.select_for_update().filter(
            person=child, end_date__isnull=True
        ):
            if start_date <= open_one.start_date:
                raise ActionError(
                    {"start_date": "The new enrolment starts before the current one."}
                )
            SchoolEnrolment.objects.filter(pk=open_one.pk).update(
                end_date=start_date, version=F("version") + 1
            )
            record(
                acting.user,
                A.SCHOOL_ENROLMENT_ENDED,
                obj=open_one,
                person=child,
                membership=acting,
                new={"end_date": start_date, "reason": "new enrolment"},
            )
        enrolment = SchoolEnrolment.objects.create(
            person=child,
            kind=kind,
            institution=institution.strip(),
            region=region.strip(),
            start_date=start_date,
            end_date=end_date,
            grade=grade.strip(),
            note=note.strip(),
            agency=acting.agency,
            created_by=acting.user,
        )
        record(
            acting.user,
            A.SCHOOL_ENROLLED,
            obj=enrolment,
            person=child,
            membership=acting,
            new={
                "kind": kind,
                "institution": enrolment.institution,
                "region": enrolment.region,
                "start_date": start_date,
                "end_date": end_date,
                "grade": enrolment.grade,
            },
        )
    return enrolment
