"""The REST API under /api/v1/: the same actions and access helpers as the pages."""

from __future__ import annotations

import datetime as dt
import math
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, ValidationError

from zhusan.access.scope import get_case, get_person, require, visible_persons
from zhusan.access.tiers import Tier, can_see, event_types_visible, filter_assessment, filter_facts
from zhusan.accounts.roles import Perm
from zhusan.api.auth import SessionAuth, TokenAuth
from zhusan.api.schemas import (
    CaseOut,
    ConflictOut,
    ErrorOut,
    EventIn,
    EventOut,
    In,
    MoveIn,
    NameIn,
    NameOut,
    OperationOut,
    PersonDetailOut,
    PersonIn,
    PersonPage,
    PersonPatch,
    RelationshipIn,
    RelationshipOut,
)
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.cases import actions as case_actions
from zhusan.cases.models import Case, Event, Operation
from zhusan.cases.pathway import State
from zhusan.law.facts import FactsError
from zhusan.lib.dates import format_partial, parse_partial
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.people import actions as people_actions
from zhusan.people.models import Person, Relationship, Sex
from zhusan.people.queries import search_by_name


@csrf_exempt
def _no_such_path(request):
    return JsonResponse({"detail": "Not found.", "errors": {}}, status=404)


class ZhusanAPI(NinjaAPI):
    """A path under /api/v1/ that names no operation (say, an id that is not a UUID) is a JSON 404
    like every other API error, not Django's HTML page."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        return [*patterns, re_path(r"^", _no_such_path)], app_name, namespace


api = ZhusanAPI(
    title="Zhusan API",
    version="1",
    description="Persons, names, relationships, cases, events and operations. Every call is "
    "permission-checked against the caller's agency and role, and audited.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@api.exception_handler(ConcurrentEdit)
def _conflict(request, exc: ConcurrentEdit):
    return api.create_response(
        request,
        {
            "detail": "This record changed since you read it.",
            "errors": exc.errors,
            "current": exc.current,
            "version": exc.version,
        },
        status=409,
    )


@api.exception_handler(ActionError)
def _refused(request, exc: ActionError):
    return api.create_response(request, {"detail": str(exc), "errors": exc.errors}, status=422)


@api.exception_handler(FactsError)
def _unassessable(request, exc: FactsError):
    """The person's recorded facts cannot be assessed as of that date (say, before the offence)."""
    return api.create_response(
        request,
        {"detail": f"The facts cannot be assessed: {exc}", "errors": {exc.field: exc.problem}},
        status=422,
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": "Sign in or send a valid bearer token."}, status=401
    )


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors = {}
    for err in exc.errors:
        loc = ".".join(str(p) for p in err.get("loc", [])[1:]) or "body"
        errors[loc] = err.get("msg", "invalid")
    return api.create_response(
        request, {"detail": "The request is not valid.", "errors": errors}, status=422
    )


def _partial(text: str, field: str):
    try:
        return parse_partial(text)
    except ValueError as exc:
        raise ActionError({field: str(exc)}) from exc


def person_out(p: Person) -> dict:
    case = getattr(p, "case", None)
    arrival = getattr(p, "arrival", None)
    return {
        "id": p.public_id,
        "display_name": p.display_name,
        "sex": p.sex,
        "birth_date": format_partial(p.birth_date, p.birth_date_precision),
        "birth_date_precision": p.birth_date_precision,
        "birth_place": p.birth_place,
        "citizenship": p.citizenship,
        "deceased": p.deceased,
        "home_region": p.home_region,
        "version": p.version,
        "case": {
            "id": case.public_id,
            "state": case.state,
            "state_since": case.state_since,
            "state_place": case.state_place,
        }
        if case
        else None,
        "stage": arrival.stage.name if arrival else None,
    }


def name_out(n) -> dict:
    return {
        "full_name": n.full_name,
        "script": n.script,
        "kind": n.kind,
        "surname": n.surname,
        "given_name": n.given_name,
        "patronymic": n.patronymic,
        "agency": n.agency.code if n.agency else None,
    }


persons = Router(tags=["persons"])

# A page number past this is refused (a huge one would overflow the database's OFFSET).
MAX_PAGE = 1_000_000


class PersonFilters(In):
    q: str = ""
    state: str = ""
    sex: str = ""
    stage: UUID | None = None
    page: int = Field(1, le=MAX_PAGE, description="50 a page; below 1 reads as 1")


@persons.get("", response={200: PersonPage, **ERRORS})
def list_persons(request, filters: Query[PersonFilters]):
    """Persons in the caller's scope, searchable by a name in any script."""
    membership = request.auth
    require(membership, Perm.VIEW_RECORDS)
    qs = visible_persons(membership)
    if filters.q:
        qs = search_by_name(qs, filters.q)
        record(request.user, A.PERSON_SEARCHED, membership=membership, new={"q": filters.q})
    if filters.state:
        if filters.state not in State.values:
            raise ActionError({"state": f"{filters.state!r} is not a pathway state."})
        qs = qs.filter(case__state=filters.state)
    if filters.sex:
        if filters.sex not in Sex.values:
            raise ActionError({"sex": "Use F, M or U."})
        qs = qs.filter(sex=filters.sex)
    if filters.stage:
        qs = qs.filter(arrival__stage__public_id=filters.stage)
    size = 50
    count = qs.count()
    pages = max(1, math.ceil(count / size))
    page = min(max(1, filters.page), pages)
    rows = qs.select_related("case", "arrival__stage").order_by("display_name", "id")[
        (page - 1) * size : page * size
    ]
    return {"count": count, "page": page, "pages": pages, "results": [person_out(p) for p in rows]}


@persons.post("", response={201: PersonDetailOut, **ERRORS})
def create_person(request, payload: PersonIn):
    """Register a person and open their case in the caller's agency."""
    from django.db import transaction
    from django.utils import timezone

    membership = request.auth
    birth_date, precision = _partial(payload.birth_date, "birth_date")
    with transaction.atomic():
        person = people_actions.do_create_person(
            membership,
            names=[people_actions.NameInput(**n.dict()) for n in payload.names],
            sex=payload.sex,
            birth_date=birth_date,
            birth_date_precision=precision,
            birth_place=payload.birth_place,
            citizenship=payload.citizenship,
            home_region=payload.home_region,
        )
        case_actions.do_open_case(
            membership, person, opened_on=timezone.localdate(), reason="Registered via API"
        )
    person = Person.objects.select_related("case").get(pk=person.pk)
    return Status(201, person_out(person) | {"names": [name_out(n) for n in person.names.all()]})


@persons.get("/{uuid:person_id}", response={200: PersonDetailOut, **ERRORS})
def read_person(request, person_id: UUID):
    membership = request.auth
    person = get_person(membership, person_id)
    record(request.user, A.PERSON_VIEWED, obj=person, person=person, membership=membership)
    return person_out(person) | {
        "names": [name_out(n) for n in person.names.select_related("agency")]
    }


@persons.patch("/{uuid:person_id}", response={200: PersonDetailOut, 409: ConflictOut, **ERRORS})
def update_person(request, person_id: UUID, payload: PersonPatch):
    """Change particulars; send the version you read — a stale version is refused with 409."""
    membership = request.auth
    person = get_person(membership, person_id)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    if "birth_date" in changes:
        changes["birth_date"], changes["birth_date_precision"] = _partial(
            changes["birth_date"] or "", "birth_date"
        )
    changes = {
        k: v for k, v in changes.items() if v is not None or k in ("birth_date", "death_date")
    }
    person = people_actions.do_update_person(membership, person, version=payload.version, **changes)
    return person_out(person) | {"names": [name_out(n) for n in person.names.all()]}


@persons.get("/{uuid:person_id}/names", response={200: list[NameOut], **ERRORS})
def list_names(request, person_id: UUID):
    person = get_person(request.auth, person_id)
    return [name_out(n) for n in person.names.select_related("agency")]


@persons.post("/{uuid:person_id}/names", response={201: NameOut, **ERRORS})
def add_name(request, person_id: UUID, payload: NameIn):
    person = get_person(request.auth, person_id)
    row = people_actions.do_add_name(
        request.auth, person, people_actions.NameInput(**payload.dict())
    )
    return Status(201, name_out(row))


def relationship_out(r: Relationship) -> dict:
    return {
        "id": r.public_id,
        "kind": r.kind,
        "source": r.source.public_id,
        "target": r.target.public_id,
        "start_date": r.start_date,
        "end_date": r.end_date,
        "end_reason": r.end_reason,
        "note": r.note,
    }


@persons.get("/{uuid:person_id}/relationships", response={200: list[RelationshipOut], **ERRORS})
def list_relationships(request, person_id: UUID):
    from django.db.models import Q

    person = get_person(request.auth, person_id)
    rels = Relationship.objects.filter(Q(source=person) | Q(target=person)).select_related(
        "source", "target"
    )
    return [relationship_out(r) for r in rels]


@persons.post("/{uuid:person_id}/relationships", response={201: RelationshipOut, **ERRORS})
def add_relationship(request, person_id: UUID, payload: RelationshipIn):
    person = get_person(request.auth, person_id)
    try:
        target = get_person(request.auth, payload.target)
    except Http404 as exc:
        raise ActionError({"target": "No such person in your scope."}) from exc
    rel = people_actions.do_add_relationship(
        request.auth,
        person,
        target,
        kind=payload.kind,
        start_date=payload.start_date,
        end_date=payload.end_date,
        end_reason=payload.end_reason,
        note=payload.note,
    )
    return Status(201, relationship_out(rel))


def event_out(e: Event) -> dict:
    return {
        "id": e.public_id,
        "type": e.type,
        "date": format_partial(e.date, e.date_precision),
        "date_precision": e.date_precision,
        "place": e.place,
        "agency": e.agency.code,
        "note": e.note,
        "outcome": e.outcome,
    }


@persons.get("/{uuid:person_id}/events", response={200: list[EventOut], **ERRORS})
def list_events(request, person_id: UUID):
    person = get_person(request.auth, person_id)
    visible = event_types_visible(request.auth)
    return [event_out(e) for e in person.events.filter(type__in=visible).select_related("agency")]


@persons.post("/{uuid:person_id}/events", response={201: EventOut, **ERRORS})
def add_event(request, person_id: UUID, payload: EventIn):
    person = get_person(request.auth, person_id)
    date, precision = _partial(payload.date, "date")
    event = case_actions.do_add_event(
        request.auth,
        person,
        type=payload.type,
        date=date,
        date_precision=precision,
        place=payload.place,
        note=payload.note,
        outcome=payload.outcome,
    )
    return Status(201, event_out(event))


cases = Router(tags=["cases"])


def case_out(c: Case) -> dict:
    return {
        "id": c.public_id,
        "person": c.person.public_id,
        "state": c.state,
        "state_since": c.state_since,
        "state_place": c.state_place,
        "opened_on": c.opened_on,
        "lead_agency": c.lead_agency.code,
        "version": c.version,
        "transitions": [
            {
                "from_state": t.from_state,
                "to_state": t.to_state,
                "date": t.date,
                "place": t.place,
                "reason": t.reason,
                "outcome": t.outcome,
                "agency": t.agency.code,
            }
            for t in c.transitions.select_related("agency")
        ],
    }


class CaseFilters(In):
    state: str = ""
    page: int = Field(1, le=MAX_PAGE, description="50 a page; below 1 reads as 1")


@cases.get("", response={200: list[CaseOut], **ERRORS})
def list_cases(request, filters: Query[CaseFilters]):
    membership = request.auth
    require(membership, Perm.VIEW_RECORDS)
    qs = Case.objects.filter(person__in=visible_persons(membership)).select_related(
        "person", "lead_agency"
    )
    if filters.state:
        if filters.state not in State.values:
            raise ActionError({"state": f"{filters.state!r} is not a pathway state."})
        qs = qs.filter(state=filters.state)
    page = max(1, filters.page)
    return [case_out(c) for c in qs.order_by("id")[(page - 1) * 50 : page * 50]]


@cases.get("/{uuid:case_id}", response={200: CaseOut, **ERRORS})
def read_case(request, case_id: UUID):
    return case_out(get_case(request.auth, case_id))


@cases.post("/{uuid:case_id}/moves", response={201: CaseOut, 409: ConflictOut, **ERRORS})
def move_case(request, case_id: UUID, payload: MoveIn):
    """Move the case along its pathway (only a defined transition, with a reason)."""
    case = get_case(request.auth, case_id)
    case_actions.do_move_case(
        request.auth,
        case,
        to_state=payload.to_state,
        date=payload.date,
        reason=payload.reason,
        place=payload.place,
        outcome=payload.outcome,
        version=payload.version,
    )
    return Status(
        201, case_out(Case.objects.select_related("person", "lead_agency").get(pk=case.pk))
    )


operations = Router(tags=["operations"])


def operation_out(op: Operation) -> dict:
    stages = op.stages.annotate(n=Count("arrivals")).order_by("number")
    return {
        "id": op.public_id,
        "code": op.code,
        "name": op.name,
        "country": op.country,
        "start_date": op.start_date,
        "end_date": op.end_date,
        "stages": [
            {
                "id": s.public_id,
                "number": s.number,
                "name": s.name,
                "country": s.country,
                "start_date": s.start_date,
                "end_date": s.end_date,
                "arrivals": s.n,
            }
            for s in stages
        ],
    }


@operations.get("", response={200: list[OperationOut], **ERRORS})
def list_operations(request):
    """Repatriation operations and their stages, with the arrivals recorded in each."""
    return [operation_out(op) for op in Operation.objects.order_by("start_date", "code")]


@operations.get("/{uuid:operation_id}", response={200: OperationOut, **ERRORS})
def read_operation(request, operation_id: UUID):
    op = Operation.objects.filter(public_id=operation_id).first()
    if op is None:
        raise Http404
    return operation_out(op)


law_router = Router(tags=["law"])


FACTS_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["as_of", "offences", "sentence"],
                    "description": "A legal facts document, as specified by docs/law-facts.schema.json.",
                }
            }
        },
    }
}


@law_router.post("/evaluate", response={200: dict, **ERRORS}, openapi_extra=FACTS_BODY)
def evaluate_facts(request):
    """Assess a legal facts document (docs/law-facts.schema.json); nothing is stored."""
    import json

    from zhusan import law

    require(request.auth, Perm.VIEW_RECORDS)
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ActionError({"facts": f"The body is not JSON: {exc}"}) from exc
    try:
        return law.evaluate(payload)
    except law.FactsError as exc:
        raise ActionError({"facts": str(exc)}) from exc


class AssessmentOut(Schema):
    id: UUID
    as_of: dt.date
    purpose: str
    engine_version: str
    law_version: str
    facts: dict
    result: dict
    agency: str


class AssessIn(In):
    as_of: dt.date
    purpose: str = Field(..., min_length=1, max_length=200)


def _require_justice_tier(membership) -> None:
    """Legal assessments are justice information: a role without that tier is refused."""
    if not can_see(membership, Tier.JUSTICE):
        raise PermissionDenied("Your role does not work with justice information.")


def assessment_out(a, membership) -> dict:
    return {
        "id": a.public_id,
        "as_of": a.as_of,
        "purpose": a.purpose,
        "engine_version": a.engine_version,
        "law_version": a.law_version,
        "facts": filter_facts(a.facts, membership),
        "result": filter_assessment(a.result, membership),
        "agency": a.agency.code,
    }


@persons.get("/{uuid:person_id}/assessment", response={200: dict, **ERRORS})
def current_assessment(request, person_id: UUID, as_of: dt.date | None = None):
    """The engine's assessment of the person's latest conviction as of a date (default today), not stored."""
    from django.utils import timezone

    from zhusan.justice.actions import assess

    person = get_person(request.auth, person_id)
    _require_justice_tier(request.auth)
    current = assess(person, as_of or timezone.localdate())
    if current is None:
        raise Http404
    return {
        "facts": filter_facts(current["facts"], request.auth),
        "result": filter_assessment(current["result"], request.auth),
    }


@persons.get("/{uuid:person_id}/assessments", response={200: list[AssessmentOut], **ERRORS})
def list_assessments(request, person_id: UUID):
    """Assessments kept for decisions, newest first, each reproducible from its facts and versions."""
    person = get_person(request.auth, person_id)
    _require_justice_tier(request.auth)
    return [assessment_out(a, request.auth) for a in person.assessments.select_related("agency")]


@persons.post("/{uuid:person_id}/assessments", response={201: AssessmentOut, **ERRORS})
def store_assessment(request, person_id: UUID, payload: AssessIn):
    from zhusan.justice.actions import do_store_assessment

    person = get_person(request.auth, person_id)
    stored = do_store_assessment(request.auth, person, as_of=payload.as_of, purpose=payload.purpose)
    return Status(201, assessment_out(stored, request.auth))


api.add_router("/law", law_router)
api.add_router("/persons", persons)
api.add_router("/cases", cases)
api.add_router("/operations", operations)

from zhusan.api.stats import router as stats_router  # noqa: E402

api.add_router("/stats", stats_router)
