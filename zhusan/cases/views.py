"""Case pages: events, pathway moves, operations, referrals between agencies, tasks due."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhusan.access.scope import get_person, visible_persons
from zhusan.access.tiers import Tier, event_types_visible
from zhusan.accounts.models import Membership, User
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.cases import actions, reminders
from zhusan.cases.forms import (
    EventForm,
    MoveForm,
    ReferralForm,
    ReferralStepForm,
    TaskDoneForm,
    TaskForm,
    kinds_for,
)
from zhusan.cases.models import (
    Operation,
    OperationStage,
    Referral,
    ReferralState,
    Task,
)
from zhusan.lib.dates import DatePrecision
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.people.views import _back
from zhusan.web.shortcuts import acting, add_action_errors, client_ip


@require_POST
def event_add(request, public_id):
    membership = acting(request)
    person = get_person(membership, public_id)
    form = EventForm(request.POST)
    form.fields["type"].choices = [
        c for c in form.fields["type"].choices if c[0] in event_types_visible(membership)
    ]
    if form.is_valid():
        date, precision = form.cleaned_data["when"]
        try:
            actions.do_add_event(
                membership,
                person,
                type=form.cleaned_data["type"],
                date=date,
                date_precision=precision if date else DatePrecision.UNKNOWN,
                place=form.cleaned_data["place"],
                note=form.cleaned_data["note"],
                outcome=form.cleaned_data.get("outcome", ""),
            )
        except ActionError as exc:
            add_action_errors(form, exc)
    if form.errors:
        return render(
            request, "cases/_event_form.html", {"person": person, "event_form": form}, status=422
        )
    return _back(request, person, "timeline")


@require_POST
def case_move(request, public_id):
    membership = acting(request)
    person = get_person(membership, public_id)
    case = person.case
    form = MoveForm(request.POST, state=case.state)
    changed = None
    if form.is_valid():
        try:
            actions.do_move_case(
                membership,
                case,
                to_state=form.cleaned_data["to_state"],
                date=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
                place=form.cleaned_data["place"],
                outcome=form.cleaned_data.get("outcome", ""),
                version=form.cleaned_data["version"],
            )
        except ConcurrentEdit as exc:
            changed = exc.current
            add_action_errors(form, exc)
            case.refresh_from_db()
            form = MoveForm(request.POST.copy(), state=case.state)
            form.data["version"] = case.version
            form.is_valid()
            add_action_errors(form, exc)
        except ActionError as exc:
            add_action_errors(form, exc)
    if form.errors:
        return render(
            request,
            "cases/_move_form.html",
            {"person": person, "case": case, "move_form": form, "changed": changed},
            status=422,
        )
    return _back(request, person, "pathway")


def operation_list(request):
    acting(request)
    stages = (
        OperationStage.objects.select_related("operation")
        .annotate(
            recorded=Count("arrivals"),
            men=Count("arrivals", filter=Q(arrivals__age_group="man")),
            women=Count("arrivals", filter=Q(arrivals__age_group="woman")),
            children=Count("arrivals", filter=Q(arrivals__age_group="child")),
            orphans=Count("arrivals", filter=Q(arrivals__unaccompanied=True)),
        )
        .order_by("start_date", "number")
    )
    return render(
        request,
        "cases/operation_list.html",
        {"operations": Operation.objects.all(), "stages": stages},
    )


# --- referrals ---------------------------------------------------------------------------------


def _referrer(request) -> Membership:
    membership = acting(request)
    if not membership.can(Perm.REFER):
        raise Http404
    return membership


@require_POST
def referral_add(request, public_id):
    membership = acting(request)
    person = get_person(membership, public_id)
    form = ReferralForm(request.POST, membership=membership, kinds=kinds_for(membership))
    if form.is_valid():
        try:
            actions.do_make_referral(membership, person, **form.cleaned_data)
        except ActionError as exc:
            add_action_errors(form, exc)
    if form.errors:
        return render(
            request,
            "cases/_referral_form.html",
            {"person": person, "referral_form": form},
            status=422,
        )
    messages.success(
        request, _("Referral sent. The receiving agency sees the record once it accepts.")
    )
    return _back(request, person, "pathway")


# How many closed referrals the queue's history shows.
HISTORY = 50


def _queue(membership) -> dict:
    base = Referral.objects.select_related("person", "from_agency", "to_agency", "decided_by")
    kinds = kinds_for(membership)
    incoming = base.filter(to_agency_id=membership.agency_id, kind__in=kinds)
    outgoing = base.filter(from_agency_id=membership.agency_id, kind__in=kinds)
    open_states = (ReferralState.PENDING, ReferralState.ACCEPTED)
    return {
        "waiting": list(incoming.filter(state=ReferralState.PENDING).order_by("sent_on", "id")),
        "in_progress": list(incoming.filter(state=ReferralState.ACCEPTED).order_by("decided_on")),
        "sent": list(outgoing.filter(state__in=open_states)),
        "history": list(
            (incoming | outgoing)
            .exclude(state__in=open_states)
            .order_by("-updated_at", "-id")[:HISTORY]
        ),
    }


def referral_list(request, *, errors=None, status=200):
    """Referrals waiting for the agency's decision, those it works on, those it sent, and history."""
    membership = _referrer(request)
    queue = _queue(membership)
    if queue["waiting"]:
        # The reasons of referrals not yet accepted are read outside the agency's scope.
        record(
            request.user,
            A.REFERRALS_READ,
            membership=membership,
            ip=client_ip(request),
            new={"referrals": [str(r.public_id) for r in queue["waiting"]]},
        )
    visible = set(
        visible_persons(membership)
        .filter(
            pk__in={r.person_id for r in queue["in_progress"] + queue["sent"] + queue["history"]}
        )
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "cases/referral_list.html",
        queue
        | {
            "visible": visible,
            "today": timezone.localdate(),
            "errors": errors or {},
            "error_messages": [m for ms in (errors or {}).values() for m in ms],
        },
        status=status,
    )


@require_POST
def referral_step(request, public_id):
    """Accept, decline, complete (receiving agency) or withdraw (sending agency) a referral."""
    membership = _referrer(request)
    referral = (
        Referral.objects.filter(public_id=public_id)
        .filter(Q(to_agency_id=membership.agency_id) | Q(from_agency_id=membership.agency_id))
        .select_related("person")
        .first()
    )
    if referral is None:
        raise Http404
    form = ReferralStepForm(request.POST)
    if not form.is_valid():
        problems = [m for messages_ in form.errors.values() for m in messages_]
        return referral_list(request, errors={referral.pk: problems}, status=422)
    step, reason, version = (form.cleaned_data[k] for k in ("step", "reason", "version"))
    try:
        if step == "accept":
            actions.do_accept_referral(membership, referral, version=version)
            messages.success(
                request,
                _("Referral accepted: %(name)s is now in your agency's caseload.")
                % {"name": referral.person.display_name},
            )
        elif step == "decline":
            actions.do_decline_referral(membership, referral, reason=reason, version=version)
            messages.success(request, _("Referral declined."))
        elif step == "complete":
            actions.do_complete_referral(membership, referral, note=reason, version=version)
            messages.success(request, _("Referral marked as completed."))
        else:
            actions.do_withdraw_referral(membership, referral, reason=reason, version=version)
            messages.success(request, _("Referral withdrawn."))
    except ActionError as exc:
        return referral_list(request, errors={referral.pk: list(exc.errors.values())}, status=422)
    if step == "accept" and request.POST.get("open"):
        return redirect("person-detail", public_id=referral.person.public_id)
    return redirect("referral-list")


# --- tasks -------------------------------------------------------------------------------------

# How far ahead the "Tasks due" page looks.
HORIZON_DAYS = 60


def task_list(request):
    """Overdue, this week and later: the membership's tasks and the reminders derived from records."""
    membership = acting(request)
    if not membership.can(Perm.VIEW_RECORDS):
        raise Http404
    today = timezone.localdate()
    week_end = today + dt.timedelta(days=6)
    until = today + dt.timedelta(days=HORIZON_DAYS)
    items = reminders.due(membership, until)
    sensitive = [r for r in items if r.tier != Tier.GENERAL]
    if sensitive:
        # Hearings, eligibility dates, placements…: reads above the general tier are audited.
        record(
            request.user,
            A.TASKS_READ,
            membership=membership,
            ip=client_ip(request),
            new={
                "kinds": sorted({r.kind for r in sensitive}),
                "persons": sorted({str(r.person.public_id) for r in sensitive if r.person}),
            },
        )
    groups = [
        ("overdue", _("Overdue"), [r for r in items if r.date < today]),
        ("week", _("This week"), [r for r in items if today <= r.date <= week_end]),
        ("later", _("Later"), [r for r in items if r.date > week_end]),
    ]
    return render(
        request,
        "cases/task_list.html",
        {
            "groups": groups,
            "count": len(items),
            "today": today,
            "until": until,
            "task_form": TaskForm(membership=membership, initial={"due_on": week_end}),
        },
    )


@require_POST
def task_add(request):
    membership = acting(request)
    if not membership.can(Perm.VIEW_RECORDS):
        raise Http404
    form = TaskForm(request.POST, membership=membership)
    person = None
    if form.is_valid():
        d = form.cleaned_data
        person = get_person(membership, d["person"]) if d["person"] else None
        worker = None
        if d["worker"]:
            worker = User.objects.filter(public_id=d["worker"]).first()
        try:
            actions.do_create_task(
                membership,
                title=d["title"],
                due_on=d["due_on"],
                person=person,
                worker=worker,
                note=d["note"],
            )
        except ActionError as exc:
            add_action_errors(form, exc)
    if form.errors:
        return render(
            request, "cases/_task_form.html", {"task_form": form, "person": person}, status=422
        )
    messages.success(request, _("Task added."))
    if person is not None:
        return _back(request, person, "pathway")
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": reverse("task-list")})
    return redirect("task-list")


@require_POST
def task_done(request, public_id):
    membership = acting(request)
    task = (
        Task.objects.filter(public_id=public_id, agency_id=membership.agency_id)
        .select_related("person")
        .first()
    )
    if task is None:
        raise Http404
    form = TaskDoneForm(request.POST)
    try:
        actions.do_complete_task(
            membership,
            task,
            version=form.cleaned_data["version"] if form.is_valid() else None,
        )
    except ActionError as exc:
        for message in exc.errors.values():
            messages.error(request, message)
    else:
        messages.success(request, _("Task done: %(title)s") % {"title": task.title})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("task-list")
    return redirect(target)
