"""Case pages: add an event, move the pathway, operations."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_POST

from zhusan.access.scope import get_person
from zhusan.access.tiers import event_types_visible
from zhusan.cases import actions
from zhusan.cases.forms import EventForm, MoveForm
from zhusan.cases.models import Operation, OperationStage
from zhusan.lib.dates import DatePrecision
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.people.views import _back
from zhusan.web.shortcuts import acting, add_action_errors


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
