"""The person page's Child tab, its forms, and the children list (orphans queue).

The person page asks `tab_visible` and `tab_context` for the tab: it shows for a child (under 18
today or counted as a child on arrival) to a viewer holding the child_protection tier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from zhusan.access.scope import get_person, require, visible_persons
from zhusan.access.tiers import Tier, can_see
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.children import actions
from zhusan.children import citizenship as rule
from zhusan.children.forms import (
    IDENTITY_FORMS,
    CitizenshipForm,
    ContactForm,
    PlacementForm,
    PlacementUpdateForm,
    PlanForm,
    ReunificationForm,
    SchoolForm,
    StepUpdateForm,
)
from zhusan.children.models import (
    CitizenshipDetermination,
    DocumentationStatus,
    IdentityStep,
    ParentContact,
    Placement,
    Reunification,
    ReunificationPlan,
    ReunificationStep,
    SchoolEnrolment,
)
from zhusan.children.queries import (
    ORDER,
    children_only,
    documentation_status,
    has_valid_certificate,
    is_child,
    parents_of,
    related_persons,
    with_child_facts,
)
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.people.models import Citizenship, Person
from zhusan.people.views import _back
from zhusan.web.shortcuts import acting, add_action_errors, client_ip

PAGE_SIZE = 50
LINKS = {
    "parent": _("parent"),
    "child": _("child"),
    "spouse": _("spouse"),
    "guardian": _("guardian"),
    "sibling": _("sibling"),
    "mother": _("mother"),
    "father": _("father"),
    "grandparent": _("grandparent"),
    "relative": _("relative"),
}
NEEDS_FACT_LABELS = {
    "mother_citizenship": _("the mother's citizenship at the birth"),
    "father_citizenship": _("the father's citizenship at the birth"),
    "born_in_kz": _("whether the child was born in Kazakhstan"),
    "parent_resident_in_kz": _("whether a parent had permanent residence in Kazakhstan"),
    "written_agreement": _("the parents' written agreement"),
}
REGISTRY_TO_RULE = {
    Citizenship.CITIZEN: rule.KZ_CITIZEN,
    Citizenship.STATELESS: rule.STATELESS,
    Citizenship.OTHER: rule.FOREIGN,
}


def tab_visible(person, membership) -> bool:
    return can_see(membership, Tier.CHILD_PROTECTION) and is_child(person, timezone.localdate())


def _persons_label(pairs) -> list[tuple[str, str]]:
    out = []
    for p, link in pairs:
        born = f", {p.birth_date.year}" if p.birth_date else ""
        out.append((str(p.public_id), f"{p.display_name} ({LINKS.get(link, link)}{born})"))
    return out


def relative_choices(person: Person, membership) -> list[tuple[str, str]]:
    return _persons_label(related_persons(person, visible_persons(membership)))


def parent_choices(person: Person, membership) -> list[tuple[str, str]]:
    parents = parents_of(person).filter(pk__in=visible_persons(membership).values("pk"))
    return _persons_label((p, "parent") for p in parents.order_by("display_name"))


@dataclass
class Progress:
    value: str
    label: str
    reached: bool
    current: bool


def _citizenship_initial(person: Person) -> dict:
    """Prefill the parents' citizenship as the registry holds it today (the officer confirms it)."""
    initial: dict = {"determined_on": timezone.localdate()}
    for parent in parents_of(person):
        key = "mother" if parent.sex == "F" else "father" if parent.sex == "M" else None
        if key and parent.citizenship in REGISTRY_TO_RULE:
            initial[key] = REGISTRY_TO_RULE[parent.citizenship]
    return initial


def tab_context(person, membership) -> dict:
    """Everything the Child tab shows; reading it is audited (child_protection tier)."""
    today = timezone.localdate()
    record(
        membership.user,
        A.CHILD_RECORD_VIEWED,
        obj=person,
        person=person,
        membership=membership,
    )
    steps = list(IdentityStep.objects.filter(person=person).select_related("agency", "tested_with"))
    status = documentation_status(steps, has_certificate=has_valid_certificate(person))
    reached = ORDER.index(status)
    progress = [Progress(s.value, s.label, i <= reached, i == reached) for i, s in enumerate(ORDER)]
    placements = list(
        Placement.objects.filter(person=person)
        .select_related("carer", "agency")
        .order_by("-start_date", "-id")
    )
    current = next((p for p in placements if p.end_date is None), None)
    plans = list(
        ReunificationPlan.objects.filter(person=person)
        .select_related("parent", "agency")
        .prefetch_related("steps")
        .order_by("-agreed_on", "-id")
    )
    active_plan = next((p for p in plans if p.status == ReunificationPlan.Status.ACTIVE), None)
    can_record = membership.can(Perm.RECORD_CHILD)
    can_enrol = can_record or membership.can(Perm.RECORD_SUPPORT)
    determination = CitizenshipDetermination.objects.filter(person=person).first()
    from zhusan.rehab import views as rehab_views

    ctx = {
        "status": status,
        "status_label": DocumentationStatus(status).label,
        "progress": progress,
        "steps": steps,
        "determination": determination,
        "determination_count": CitizenshipDetermination.objects.filter(person=person).count(),
        "needs_fact_labels": [
            NEEDS_FACT_LABELS.get(n, n)
            for n in (determination.needs_facts if determination else [])
        ],
        "placements": placements,
        "current": current,
        "review_overdue": bool(current and current.review_date and current.review_date < today),
        "contacts": ParentContact.objects.filter(person=person)
        .select_related("parent")
        .order_by("-date", "-id"),
        "plans": plans,
        "active_plan": active_plan,
        "reunifications": Reunification.objects.filter(person=person).select_related("parent"),
        "schools": SchoolEnrolment.objects.filter(person=person).order_by("-start_date", "-id"),
        "can_record": can_record,
        "can_enrol": can_enrol,
        "care_link": rehab_views.tab_visible(person, membership),
        "today": today,
    }
    if can_record:
        relatives = relative_choices(person, membership)
        parents = parent_choices(person, membership)
        ctx["identity_forms"] = [
            (
                kind,
                form_class(
                    initial={"date": today}, auto_id=f"{kind}-%s", **_kw(form_class, relatives)
                ),
            )
            for kind, form_class in IDENTITY_FORMS.items()
        ]
        ctx["citizenship_form"] = CitizenshipForm(
            initial=_citizenship_initial(person), auto_id="cit-%s"
        )
        ctx["placement_form"] = PlacementForm(
            persons=relatives,
            initial={"start_date": today, "legal_status": "temporary_custody"},
            auto_id="pl-%s",
        )
        if current:
            ctx["placement_update_form"] = PlacementUpdateForm(
                initial={
                    "placement": current.public_id,
                    "version": current.version,
                    "legal_status": current.legal_status,
                    "authority": current.authority,
                    "decision_date": current.decision_date,
                    "review_date": current.review_date,
                    "orphan": current.orphan,
                    "note": current.note,
                },
                auto_id="plu-%s",
            )
        if parents:
            ctx["contact_form"] = ContactForm(
                persons=parents, initial={"date": today}, auto_id="ct-%s"
            )
            if active_plan is None:
                ctx["plan_form"] = PlanForm(
                    persons=parents,
                    initial={"agreed_on": today, "target_date": today + dt.timedelta(days=120)},
                    auto_id="plan-%s",
                )
            with_parent = current is not None and current.kind in actions.WITH_PARENT
            ctx["reunification_form"] = (
                None
                if with_parent
                else ReunificationForm(
                    persons=parents,
                    initial={
                        "date": today,
                        "parent": str(active_plan.parent.public_id) if active_plan else "",
                        "placement_version": current.version if current else None,
                    },
                    auto_id="re-%s",
                )
            )
        ctx["step_statuses"] = ReunificationStep.Status.choices
    if can_enrol:
        ctx["school_form"] = SchoolForm(
            initial={"start_date": today, "region": person.home_region}, auto_id="sc-%s"
        )
    return {"child": ctx}


def _kw(form_class, persons) -> dict:
    return {"persons": persons} if getattr(form_class, "person_fields", ()) else {}


# --- posts ------------------------------------------------------------------------------------
def _post(
    request, public_id, form_class, apply, *, perm=Perm.RECORD_CHILD, persons=None, hidden=None
):
    """Check scope, tab and role, validate, apply the action; on refusal show the form again."""
    membership = acting(request)
    person = get_person(membership, public_id)
    if perm is None:
        if not (membership.can(Perm.RECORD_CHILD) or membership.can(Perm.RECORD_SUPPORT)):
            require(membership, Perm.RECORD_CHILD)
    else:
        require(membership, perm)
    if not tab_visible(person, membership):
        raise Http404("No such child.")
    kwargs = {"persons": persons(person, membership)} if persons else {}
    form = form_class(request.POST, **kwargs)
    changed = None
    if form.is_valid():
        try:
            apply(membership, person, form)
        except ConcurrentEdit as exc:
            # Show what the record holds now, and let the next save go against that version.
            changed = [
                (form.fields[k].label if k in form.fields else k, v) for k, v in exc.current.items()
            ]
            form.data = form.data.copy()
            for name in ("version", "placement_version"):
                if name in form.fields:
                    form.data[name] = exc.version
            form.add_error(None, exc.errors["version"])
        except ActionError as exc:
            add_action_errors(form, exc)
        except Http404:
            form.add_error(None, _("Choose a person from the list."))
    if form.errors:
        return render(
            request,
            "children/form_page.html",
            {
                "person": person,
                "form": form,
                "action": request.path,
                "hidden": hidden or {},
                "changed": changed,
            },
            status=422,
        )
    return _back(request, person, "child")


def _pick(membership, value) -> Person | None:
    return get_person(membership, value) if value else None


@require_POST
def identity_add(request, public_id):
    kind = request.POST.get("kind", "")
    form_class = IDENTITY_FORMS.get(kind)
    if form_class is None:
        get_person(acting(request), public_id)
        return HttpResponseBadRequest("Unknown identity step.")

    def apply(membership, person, form):
        d = dict(form.cleaned_data)
        if kind == IdentityStep.Kind.DOCUMENTS_MISSING:
            actions.do_record_documents_missing(membership, person, **d)
        elif kind == IdentityStep.Kind.DNA_TEST:
            d["tested_with"] = _pick(membership, d["tested_with"])
            actions.do_record_dna_test(membership, person, **d)
        elif kind == IdentityStep.Kind.COURT_DECISION:
            actions.do_record_court_decision(membership, person, **d)
        else:
            actions.do_record_birth_certificate(membership, person, **d)

    persons = relative_choices if kind == IdentityStep.Kind.DNA_TEST else None
    return _post(request, public_id, form_class, apply, persons=persons, hidden={"kind": kind})


@require_POST
def citizenship_determine(request, public_id):
    def apply(membership, person, form):
        actions.do_determine_citizenship(
            membership,
            person,
            facts=form.facts(),
            determined_on=form.cleaned_data["determined_on"],
            note=form.cleaned_data["note"],
        )

    return _post(request, public_id, CitizenshipForm, apply)


@require_POST
def placement_add(request, public_id):
    def apply(membership, person, form):
        d = dict(form.cleaned_data)
        d["carer"] = _pick(membership, d["carer"])
        actions.do_start_placement(membership, person, **d)

    return _post(request, public_id, PlacementForm, apply, persons=relative_choices)


@require_POST
def placement_update(request, public_id):
    def apply(membership, person, form):
        d = dict(form.cleaned_data)
        placement = Placement.objects.filter(person=person, public_id=d.pop("placement")).first()
        if placement is None:
            raise ActionError({"": "No such placement."})
        actions.do_update_placement(membership, placement, **d)

    return _post(request, public_id, PlacementUpdateForm, apply)


@require_POST
def contact_add(request, public_id):
    def apply(membership, person, form):
        d = dict(form.cleaned_data)
        d["parent"] = _pick(membership, d["parent"])
        actions.do_record_contact(membership, person, **d)

    return _post(request, public_id, ContactForm, apply, persons=parent_choices)


@require_POST
def plan_add(request, public_id):
    def apply(membership, person, form):
        d = dict(form.cleaned_data)
        d["parent"] = _pick(membership, d["parent"])
        actions.do_create_reunification_plan(membership, person, **d)

    return _post(request, public_id, PlanForm, apply, persons=parent_choices)


@require_POST
def step_update(request, public_id):
    def apply(membership, person, form):
        d = dict(form.cleaned_data)
        step = ReunificationStep.objects.filter(
            plan__person=person, public_id=d.pop("step")
        ).first()
        if step is None:
            raise ActionError({"": "No such step."})
        actions.do_update_reunification_step(membership, step, **d)

    return _post(request, public_id, StepUpdateForm, apply)


@require_POST
def reunification_add(request, public_id):
    def apply(membership, person, form):
        d = dict(form.cleaned_data)
        d["parent"] = _pick(membership, d["parent"])
        actions.do_record_reunification(membership, person, **d)

    return _post(request, public_id, ReunificationForm, apply, persons=parent_choices)


@require_POST
def school_add(request, public_id):
    def apply(membership, person, form):
        actions.do_enrol_school(membership, person, **form.cleaned_data)

    return _post(request, public_id, SchoolForm, apply, perm=None)


# --- the children list --------------------------------------------------------------------------
SORTS = {
    "review": (F("review_date").asc(nulls_last=True), "display_name"),
    "name": ("display_name",),
    "status": ("doc_status", "display_name"),
}


@require_GET
def child_list(request):
    """Children in scope with their papers, placement and next review; overdue reviews first to see."""
    membership = acting(request)
    if not (membership.can(Perm.VIEW_RECORDS) and can_see(membership, Tier.CHILD_PROTECTION)):
        raise Http404
    today = timezone.localdate()
    everyone = with_child_facts(children_only(visible_persons(membership), today))
    filters = {
        "status": request.GET.get("status", ""),
        "placement": request.GET.get("placement", ""),
        "orphan": request.GET.get("orphan", ""),
        "overdue": request.GET.get("overdue", ""),
    }
    sort = request.GET.get("sort", "review")
    if sort not in SORTS:
        sort = "review"
    rows = everyone
    if filters["status"] in DocumentationStatus.values:
        rows = rows.filter(doc_status=filters["status"])
    if filters["placement"] == "none":
        rows = rows.filter(placement_kind__isnull=True)
    elif filters["placement"] in Placement.Kind.values:
        rows = rows.filter(placement_kind=filters["placement"])
    orphan = Q(placement_orphan=True) | Q(arrival__unaccompanied=True)
    if filters["orphan"] == "yes":
        rows = rows.filter(orphan)
    elif filters["orphan"] == "no":
        rows = rows.exclude(orphan)
    if filters["overdue"] == "yes":
        rows = rows.filter(review_date__lt=today)
    rows = rows.select_related("case", "arrival").order_by(*SORTS[sort], "id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    by_status = dict(everyone.values_list("doc_status").annotate(n=Count("id")).order_by())
    counts = {
        "total": sum(by_status.values()),
        "shown": page.paginator.count,
        "status": [(s.value, s.label, by_status.get(s.value, 0)) for s in ORDER],
        "orphans": everyone.filter(orphan).count(),
        "overdue": everyone.filter(review_date__lt=today).count(),
        "unplaced": everyone.filter(placement_kind__isnull=True).count(),
    }
    record(
        request.user,
        A.CHILDREN_LISTED,
        membership=membership,
        ip=client_ip(request),
        new={"filters": {k: v for k, v in filters.items() if v}, "rows": page.paginator.count},
    )
    query = request.GET.copy()
    query.pop("page", None)
    sortless = query.copy()
    sortless.pop("sort", None)
    return render(
        request,
        "children/child_list.html",
        {
            "page": page,
            "filters": filters,
            "sort": sort,
            "query": query.urlencode(),
            "sortless": sortless.urlencode(),
            "counts": counts,
            "statuses": [(s.value, s.label) for s in ORDER],
            "kinds": Placement.Kind.choices,
            "today": today,
            "list_url": reverse("children-list"),
        },
    )
