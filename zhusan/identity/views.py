"""Duplicates to review, merge and unmerge."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhusan.access.scope import visible_persons
from zhusan.accounts.roles import Perm
from zhusan.identity import actions
from zhusan.identity.models import DuplicateCandidate, Merge
from zhusan.lib.errors import ActionError
from zhusan.web.shortcuts import acting


def _require_reviewer(request):
    membership = acting(request)
    if not membership.can(Perm.MERGE_PERSONS):
        raise Http404
    return membership


def duplicate_list(request):
    membership = _require_reviewer(request)
    visible = visible_persons(membership)
    pairs = (
        DuplicateCandidate.objects.filter(
            status=DuplicateCandidate.Status.OPEN, person_a__in=visible, person_b__in=visible
        )
        .select_related(
            "person_a__case",
            "person_b__case",
            "person_a__arrival__stage",
            "person_b__arrival__stage",
        )
        .prefetch_related("person_a__names", "person_b__names")
        .order_by("-probability", "id")
    )
    page = Paginator(pairs, 20).get_page(request.GET.get("page"))
    return render(request, "identity/duplicate_list.html", {"page": page})


def _candidate(membership, public_id) -> DuplicateCandidate:
    visible = visible_persons(membership)
    candidate = DuplicateCandidate.objects.filter(
        public_id=public_id, person_a__in=visible, person_b__in=visible
    ).first()
    if candidate is None:
        raise Http404
    return candidate


@require_POST
def duplicate_decide(request, public_id):
    membership = _require_reviewer(request)
    candidate = _candidate(membership, public_id)
    reason = request.POST.get("reason", "")
    decision = request.POST.get("decision", "")
    try:
        if decision == "distinct":
            actions.do_dismiss_duplicate(membership, candidate, reason=reason)
            messages.success(request, _("Recorded as different persons."))
        elif decision in ("keep_a", "keep_b"):
            keep, other = (
                (candidate.person_a, candidate.person_b)
                if decision == "keep_a"
                else (candidate.person_b, candidate.person_a)
            )
            actions.do_merge_persons(membership, keep, other, reason=reason)
            messages.success(
                request,
                _("Merged. Every name, document, event and link is kept; the merge can be undone."),
            )
            return redirect("person-detail", public_id=keep.public_id)
        else:
            messages.error(request, _("Choose what to do with this pair."))
    except ActionError as exc:
        messages.error(request, str(exc))
    return redirect("duplicate-list")


@require_POST
def merge_undo(request, public_id):
    membership = _require_reviewer(request)
    merge = Merge.objects.filter(public_id=public_id, kept__in=visible_persons(membership)).first()
    if merge is None:
        raise Http404
    try:
        actions.do_unmerge(membership, merge, reason=request.POST.get("reason", ""))
    except ActionError as exc:
        messages.error(request, str(exc))
        return redirect("person-detail", public_id=merge.kept.public_id)
    messages.success(request, _("The merge is undone: both records are as they were."))
    return redirect("person-detail", public_id=merge.merged.public_id)
