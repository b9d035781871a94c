"""Person pages: search and list, the person page, registering, names and relationships."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhusan.access.scope import get_person, is_visible, visible_persons
from zhusan.access.tiers import Tier, can_see, event_types_visible, tiers_of
from zhusan.accounts.models import Agency
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.cases.forms import EventForm, MoveForm
from zhusan.cases.models import CaseTransition, EventType, OperationStage
from zhusan.cases.pathway import State
from zhusan.identity.queries import search as identity_search
from zhusan.lib.errors import ActionError
from zhusan.people import actions
from zhusan.people.diagram import layout
from zhusan.people.forms import NameForm, PersonForm, RelationshipForm
from zhusan.people.models import NameKind, Person, Sex
from zhusan.people.queries import AGE_BANDS, filter_age_band, relatives_of, search_by_name
from zhusan.people.timeline import build_timeline
from zhusan.web.shortcuts import acting, add_action_errors, client_ip

PAGE_SIZE = 25
# Show an existing record at intake from this match probability on (a miss costs a duplicate record).
INTAKE_THRESHOLD = 0.2


def person_list(request):
    membership = acting(request)
    persons = visible_persons(membership)
    q = request.GET.get("q", "").strip()
    filters = {
        "stage": request.GET.get("stage", ""),
        "state": request.GET.get("state", ""),
        "agency": request.GET.get("agency", ""),
        "sex": request.GET.get("sex", ""),
        "age": request.GET.get("age", ""),
    }
    if filters["stage"]:
        persons = persons.filter(arrival__stage__public_id=_uuid_or_none(filters["stage"]))
    if filters["state"] in State.values:
        persons = persons.filter(case__state=filters["state"])
    if filters["agency"]:
        persons = persons.filter(
            case__assignments__agency__code=filters["agency"], case__assignments__active=True
        )
    if filters["sex"] in Sex.values:
        persons = persons.filter(sex=filters["sex"])
    if filters["age"]:
        persons = filter_age_band(persons, filters["age"], timezone.localdate())
    if q:
        # Candidates in scope that share a blocking key or a name prefix, ranked with the evidence.
        page = Paginator(identity_search(persons, q), PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [(m.person, m) for m in page.object_list]
    else:
        persons = persons.select_related("case", "arrival__stage").order_by("display_name", "id")
        page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [(p, None) for p in page.object_list]
    if q:
        record(
            request.user,
            A.PERSON_SEARCHED,
            membership=membership,
            ip=client_ip(request),
            new={"q": q, "filters": {k: v for k, v in filters.items() if v}},
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "q": q,
        "filters": filters,
        "query": query.urlencode(),
        "stages": OperationStage.objects.select_related("operation"),
        "states": State.choices,
        "agencies": Agency.objects.order_by("name"),
        "sexes": Sex.choices,
        "age_bands": [(k, v[0]) for k, v in AGE_BANDS.items()],
        "can_create": membership.can(Perm.CREATE_PERSON),
        "can_export_list": membership.can(Perm.VIEW_RECORDS),
    }
    template = "people/_results.html" if request.htmx else "people/person_list.html"
    return render(request, template, context)


def _uuid_or_none(value: str):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def person_detail(request, public_id):
    membership = acting(request)
    try:
        person = get_person(membership, public_id)
    except Http404:
        kept = _kept_record(membership, public_id)
        if kept is None:
            raise
        return redirect("person-detail", public_id=kept.public_id)
    record(
        request.user,
        A.PERSON_VIEWED,
        obj=person,
        person=person,
        membership=membership,
        ip=client_ip(request),
    )
    tab = request.GET.get("tab", "timeline")
    order = "asc" if request.GET.get("order") == "asc" else "desc"
    type_filter = request.GET.get("type", "")
    agency_filter = request.GET.get("agency", "")
    case = getattr(person, "case", None)
    names = list(person.names.select_related("agency"))
    viewer_name = next(
        (
            n
            for n in names
            if n.agency_id == membership.agency_id
            and n.kind != NameKind.ALIAS
            and n.kind != NameKind.KUNYA
        ),
        None,
    )
    relatives = relatives_of(person)
    visible_types = event_types_visible(membership)
    timeline = build_timeline(
        person,
        visible_types=visible_types,
        tiers=tiers_of(membership),
        order=order,
        type_filter=type_filter,
        agency_filter=agency_filter,
    )
    event_form = EventForm(initial={"when": timezone.localdate().isoformat()})
    event_form.fields["type"].choices = [c for c in EventType.choices if c[0] in visible_types]
    if EventType.SCREENING_OUTCOME not in visible_types:
        del event_form.fields["outcome"]
    context = {
        "person": person,
        "case": case,
        "tab": tab,
        "order": order,
        "type_filter": type_filter,
        "agency_filter": agency_filter,
        "names": names,
        "header_name": viewer_name.full_name if viewer_name else person.display_name,
        "names_by_script": _group_names(names),
        "documents": person.documents.all(),
        "timeline": timeline,
        "event_types": [c for c in EventType.choices if c[0] in visible_types],
        "timeline_agencies": sorted({i.agency for i in timeline.all_items if i.agency}),
        "relatives": relatives,
        "diagram": layout(
            person, relatives, lambda p: reverse("person-detail", kwargs={"public_id": p.public_id})
        ),
        "families": person.family_memberships.select_related("family"),
        "transitions": CaseTransition.objects.filter(case=case).select_related("agency", "actor")
        if case
        else [],
        "arrival": getattr(person, "arrival", None),
        "event_form": event_form,
        "justice_tab": can_see(membership, Tier.JUSTICE) or can_see(membership, Tier.HEALTH),
        "sees_justice": can_see(membership, Tier.JUSTICE),
        "move_form": MoveForm(
            state=case.state, initial={"date": timezone.localdate(), "version": case.version}
        )
        if case
        else None,
        "name_form": NameForm(),
        "relationship_form": RelationshipForm(),
        "can_add_event": membership.can(Perm.ADD_EVENT),
        "can_move": membership.can(Perm.MOVE_PATHWAY) and case is not None,
        "can_edit": membership.can(Perm.EDIT_PERSON),
        "can_edit_family": membership.can(Perm.EDIT_FAMILY),
        "today": timezone.localdate(),
        "merges": person.merges_kept.filter(undone_at__isnull=True).select_related(
            "merged", "merged_by"
        ),
        "can_merge": membership.can(Perm.MERGE_PERSONS),
    }
    if tab == "justice" and context["justice_tab"]:
        from zhusan.justice.views import justice_context

        context.update(justice_context(person, membership))
    from zhusan.children import views as children_views
    from zhusan.rehab import views as rehab_views

    context["care_tab"] = rehab_views.tab_visible(person, membership)
    context["child_tab"] = children_views.tab_visible(person, membership)
    if tab == "care" and context["care_tab"]:
        context.update(rehab_views.tab_context(person, membership))
    if tab == "child" and context["child_tab"]:
        context.update(children_views.tab_context(person, membership))
    return render(request, "people/person_detail.html", context)


def _kept_record(membership, public_id) -> Person | None:
    """For a merged record, the visible record it was merged into (an old link still leads somewhere)."""
    merged = Person.objects.filter(public_id=public_id, merged_into__isnull=False).first()
    while merged is not None and merged.merged_into_id:
        merged = merged.merged_into
    if merged is not None and is_visible(membership, merged):
        return merged
    return None


def _group_names(names):
    groups: dict[str, list] = {}
    for name in names:
        groups.setdefault(name.get_script_display(), []).append(name)
    return groups


@require_http_methods(["GET", "POST"])
def person_create(request):
    membership = acting(request)
    if not membership.can(Perm.CREATE_PERSON):
        raise Http404
    form = PersonForm(request.POST or None)
    matches = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        birth_text = request.POST.get("birth", "").strip()
        matches = [
            m
            for m in identity_search(
                visible_persons(membership),
                data["full_name"],
                birth_date=birth_text,
                sex=data["sex"],
            )
            if m.probability >= INTAKE_THRESHOLD
        ][:10]
        if matches and not request.POST.get("confirm_new"):
            return render(request, "people/person_form.html", {"form": form, "matches": matches})
        birth_date, precision = data["birth"]
        try:
            person = actions.do_create_person(
                membership,
                names=[
                    actions.NameInput(
                        full_name=data["full_name"], script=data["script"], kind=NameKind.AGENCY
                    )
                ],
                sex=data["sex"],
                birth_date=birth_date,
                birth_date_precision=precision,
                birth_place=data["birth_place"],
                citizenship=data["citizenship"],
            )
            from zhusan.cases.actions import do_open_case

            do_open_case(membership, person, opened_on=timezone.localdate(), reason="Registered")
        except ActionError as exc:
            add_action_errors(form, exc)
        else:
            return redirect("person-detail", public_id=person.public_id)
    return render(request, "people/person_form.html", {"form": form, "matches": matches})


@require_POST
def name_add(request, public_id):
    membership = acting(request)
    person = get_person(membership, public_id)
    form = NameForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_name(membership, person, actions.NameInput(**form.cleaned_data))
        except ActionError as exc:
            add_action_errors(form, exc)
    if form.errors:
        return render(
            request, "people/_name_form.html", {"person": person, "name_form": form}, status=422
        )
    return _back(request, person, "names")


@require_POST
def relationship_add(request, public_id):
    membership = acting(request)
    person = get_person(membership, public_id)
    form = RelationshipForm(request.POST)
    if form.is_valid():
        try:
            other = get_person(membership, form.cleaned_data["other"])
            kind, person_is_source = form.kind_and_order()
            source, target = (person, other) if person_is_source else (other, person)
            actions.do_add_relationship(
                membership,
                source,
                target,
                kind=kind,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                end_reason=form.cleaned_data["end_reason"] or "",
                note=form.cleaned_data["note"],
            )
        except Http404:
            form.add_error("other", "Choose a person from the list.")
        except ActionError as exc:
            add_action_errors(form, exc)
    if form.errors:
        return render(
            request,
            "people/_relationship_form.html",
            {"person": person, "relationship_form": form},
            status=422,
        )
    return _back(request, person, "family")


def person_pick(request):
    """HTMX: persons matching a typed name, to choose one as the other side of a relationship."""
    membership = acting(request)
    q = request.GET.get("pick_q", "").strip()
    exclude = request.GET.get("exclude", "")
    persons = []
    if len(q) >= 2:
        found = search_by_name(visible_persons(membership), q)
        if exclude:
            found = found.exclude(public_id=_uuid_or_none(exclude))
        persons = list(found.select_related("case").order_by("display_name")[:8])
    return render(request, "people/_pick.html", {"persons": persons, "q": q})


def _back(request, person: Person, tab: str) -> HttpResponse:
    url = reverse("person-detail", kwargs={"public_id": person.public_id}) + f"?tab={tab}"
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def family_detail(request, public_id):
    """A family group: the members the viewer may see, their pathways, and one timeline of them all.

    Members outside the viewer's scope are left out without a name or a count; the page only
    says that some are not shown. Each member's timeline is built as on the person page (same
    tiers), then merged by date and labelled with whose it is.
    """
    import datetime as dt
    from itertools import groupby

    from django.utils.translation import gettext as _

    from zhusan.people.models import Family, FamilyMember

    membership = acting(request)
    family = Family.objects.filter(public_id=public_id).first()
    if family is None:
        raise Http404("No such family.")
    members = list(
        FamilyMember.objects.filter(family=family).select_related("person__case").order_by("id")
    )
    visible = set(
        visible_persons(membership)
        .filter(pk__in=[m.person_id for m in members])
        .values_list("pk", flat=True)
    )
    shown = [m for m in members if m.person_id in visible]
    if not shown:
        raise Http404("No such family.")
    for m in shown:
        record(
            request.user,
            A.PERSON_VIEWED,
            obj=m.person,
            person=m.person,
            membership=membership,
            ip=client_ip(request),
            new={"family": str(family.public_id)},
        )
    order = "asc" if request.GET.get("order") == "asc" else "desc"
    type_filter = request.GET.get("type", "")
    agency_filter = request.GET.get("agency", "")
    visible_types = event_types_visible(membership)
    entries = []
    agencies: set[str] = set()
    for index, m in enumerate(shown):
        timeline = build_timeline(
            m.person,
            visible_types=visible_types,
            tiers=tiers_of(membership),
            order="asc",
            type_filter=type_filter,
            agency_filter=agency_filter,
        )
        agencies |= {i.agency for i in timeline.all_items if i.agency}
        items = [i for _year, group in timeline.years for i in group]
        entries += [((i.date or dt.date.min, n, index), i, m.person) for n, i in enumerate(items)]
    entries.sort(key=lambda e: e[0], reverse=(order == "desc"))
    years = [
        (str(year) if year else _("Date unknown"), [(i, p) for _k, i, p in group])
        for year, group in groupby(entries, key=lambda e: e[1].date.year if e[1].date else 0)
    ]
    return render(
        request,
        "people/family_detail.html",
        {
            "family": family,
            "members": shown,
            "some_hidden": len(shown) < len(members),
            "years": years,
            "count": len(entries),
            "order": order,
            "type_filter": type_filter,
            "agency_filter": agency_filter,
            "event_types": [c for c in EventType.choices if c[0] in visible_types],
            "timeline_agencies": sorted(agencies),
            "today": timezone.localdate(),
        },
    )
