"""The frame's own pages: the dashboard, switching role, health check."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhusan.access.scope import visible_persons
from zhusan.accounts.middleware import SESSION_KEY
from zhusan.accounts.models import Membership
from zhusan.accounts.roles import Perm
from zhusan.cases.models import Case, Event
from zhusan.cases.pathway import State
from zhusan.web.shortcuts import acting


def home(request):
    membership = acting(request)
    context = {"can_view": membership.can(Perm.VIEW_RECORDS)}
    if context["can_view"]:
        persons = visible_persons(membership)
        cases = Case.objects.filter(person__in=persons)
        counts = dict(cases.values_list("state").annotate(n=Count("id")).order_by())
        context.update(
            states=[(value, label, counts.get(value, 0)) for value, label in State.choices],
            total=sum(counts.values()),
            my_cases=cases.filter(assignments__worker=request.user, assignments__active=True)
            .select_related("person")
            .order_by("-updated_at")[:20],
            recent=Event.objects.filter(person__in=persons, agency=membership.agency)
            .select_related("person")
            .order_by("-created_at")[:10],
        )
    return render(request, "web/home.html", context)


@require_POST
def switch_membership(request):
    try:
        membership = Membership.objects.get(
            pk=int(request.POST.get("membership", "")), user=request.user, active=True
        )
    except (ValueError, Membership.DoesNotExist):
        return HttpResponseBadRequest("No such role.")
    request.session[SESSION_KEY] = membership.pk
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


def healthz(request):
    return JsonResponse({"ok": True})
