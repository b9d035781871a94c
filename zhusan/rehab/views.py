"""The person page's Rehabilitation tab, its forms, the assessment page and case conferences.

The person page asks `tab_visible` and `tab_context`. Every form posts to a URL of this app and
returns to the tab; a refused form is shown again on a page of its own (422), and a stale
`version` shows what the record holds now.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zhusan.access.models import ScopeEntry
from zhusan.access.scope import get_person, is_visible, require, visible_persons
from zhusan.access.tiers import Tier, can_see, tiers_of
from zhusan.accounts.models import Agency, Membership
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.cases.models import Case
from zhusan.lib.dates import age_on
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.people.models import FamilyMember, Person
from zhusan.people.views import _back
from zhusan.rehab import actions, catalogue, charts
from zhusan.rehab.forms import (
    AssessmentForm,
    BenefitForm,
    ConferenceForm,
    EngagementForm,
    FollowUpForm,
    GoalForm,
    GoalUpdateForm,
    HousingForm,
    PlanActionForm,
    PlanActionUpdateForm,
    ProgrammeEndForm,
    ProgrammeForm,
    ReconciliationForm,
    ReviewForm,
    SessionForm,
    SupportEndForm,
)
from zhusan.rehab.models import (
    AssessmentRecord,
    Benefit,
    Conference,
    Engagement,
    FollowUp,
    Goal,
    Housing,
    PlanAction,
    PlanReview,
    Programme,
    Reconciliation,
    Session,
)
from zhusan.web.shortcuts import acting, add_action_errors, client_ip

RECENT_SESSIONS = 10


def can_record_care(membership) -> bool:
    return membership.can(Perm.RECORD_CARE) and can_see(membership, Tier.PSYCHOSOCIAL)


def tab_visible(person, membership) -> bool:
    """The tab is for psychosocial staff and for those who record support, for persons in scope."""
    if membership is None:
        return False
    if not (can_see(membership, Tier.PSYCHOSOCIAL) or membership.can(Perm.RECORD_SUPPORT)):
        return False
    return is_visible(membership, person)


# --- reading ------------------------------------------------------------------------------------


@dataclass
class InstrumentBlock:
    """One instrument's records on the tab: a chart and table, or the judgements in full."""

    instrument: catalogue.Instrument
    records: list[AssessmentRecord]
    chart: charts.Chart | None = None
    details: list = field(default_factory=list)

    @property
    def latest(self) -> AssessmentRecord:
        return self.records[-1]


def _details(inst: catalogue.Instrument, record: AssessmentRecord) -> list:
    """Each section's items with the rating given and the reasons, as recorded."""
    out = []
    for section in inst.sections:
        rows = [
            (
                item.text,
                item.scale.label(record.ratings.get(item.id)),
                record.rationales.get(item.id, ""),
            )
            for item in section.items
            if item.id in record.ratings
        ]
        if rows:
            out.append((section.title, rows))
    return out


def assessment_blocks(person: Person, tiers: frozenset[str]) -> list[InstrumentBlock]:
    records = AssessmentRecord.objects.filter(person=person, tier__in=tiers).select_related(
        "agency", "assessor"
    )
    grouped: dict[tuple[str, int], list[AssessmentRecord]] = {}
    for r in records:
        grouped.setdefault((r.instrument, r.instrument_version), []).append(r)
    blocks = []
    for (code, version), rs in sorted(grouped.items()):
        inst = catalogue.get(code, version)
        if inst is None or inst.tier not in tiers:
            continue
        block = InstrumentBlock(inst, rs)
        if inst.scoring == "section_sums":
            block.chart = charts.build(inst, rs)
        block.details = [(r, _details(inst, r)) for r in rs]
        blocks.append(block)
    return blocks


def instruments_for(person: Person, membership, on=None) -> list[catalogue.Instrument]:
    """The instruments this membership may use for this person (tier, and adult or child)."""
    tiers = tiers_of(membership)
    age = age_on(person.birth_date, on or timezone.localdate())
    out = []
    for inst in catalogue.current():
        if inst.tier not in tiers:
            continue
        if age is not None and inst.applies_to == "child" and age >= 18:
            continue
        if age is not None and inst.applies_to == "adult" and age < 18:
            continue
        out.append(inst)
    return out


def _workers(person: Person, membership) -> list[Membership]:
    agencies = set(ScopeEntry.objects.filter(person=person).values_list("agency_id", flat=True))
    agencies.add(membership.agency_id)
    return list(
        Membership.objects.filter(agency_id__in=agencies, active=True)
        .select_related("user", "agency")
        .order_by("agency__name", "user__username")
    )


def tab_context(person, membership) -> dict:
    """Everything the Rehabilitation tab shows, under one key (`rehab`)."""
    today = timezone.localdate()
    tiers = tiers_of(membership)
    psycho = Tier.PSYCHOSOCIAL in tiers
    care = can_record_care(membership)
    support = membership.can(Perm.RECORD_SUPPORT)
    case = Case.objects.filter(person=person).first()
    ctx: dict = {"psycho": psycho, "can_care": care, "can_support": support, "today": today}

    if psycho and case is not None:
        goals = list(
            Goal.objects.filter(case=case)
            .select_related("agency")
            .prefetch_related(
                Prefetch(
                    "actions",
                    queryset=PlanAction.objects.select_related("owner", "worker").order_by(
                        "status", "due_on", "id"
                    ),
                )
            )
        )
        actions_all = list(
            PlanAction.objects.filter(case=case).select_related("owner", "worker", "goal")
        )
        open_actions = sorted(
            (a for a in actions_all if a.status == PlanAction.Status.OPEN),
            key=lambda a: (a.due_on is None, a.due_on or today, a.pk),
        )
        reviews = list(PlanReview.objects.filter(case=case).select_related("agency", "worker"))
        ctx.update(
            goals=goals,
            loose_actions=[a for a in actions_all if a.goal_id is None],
            next_actions=open_actions[:6],
            reviews=list(reversed(reviews))[:3],
            next_review=reviews[-1].next_review_on if reviews else None,
        )
    sessions = list(
        Session.objects.filter(person=person)
        .select_related("agency", "worker")
        .order_by("-held_on", "-id")
    )
    ctx.update(sessions=sessions[:RECENT_SESSIONS], session_count=len(sessions))
    ctx["blocks"] = assessment_blocks(person, tiers)
    ctx["programmes"] = list(Programme.objects.filter(person=person).select_related("agency"))
    ctx["benefits"] = list(Benefit.objects.filter(person=person).select_related("agency"))
    ctx["housing"] = list(Housing.objects.filter(person=person).select_related("agency"))
    ctx["engagements"] = list(Engagement.objects.filter(person=person).select_related("agency"))
    ctx["reconciliations"] = list(
        Reconciliation.objects.filter(person=person).select_related("agency")
    )
    follow_ups = list(
        FollowUp.objects.filter(person=person)
        .select_related("agency", "worker")
        .order_by("-visited_on", "-id")
    )
    ctx.update(follow_ups=follow_ups, next_visit=follow_ups[0].next_due if follow_ups else None)
    conferences = list(
        Conference.objects.filter(persons=person)
        .prefetch_related("agencies", "persons")
        .select_related("agency")
    )
    visible_ids = set(
        visible_persons(membership)
        .filter(pk__in={p.pk for c in conferences for p in c.persons.all()})
        .values_list("pk", flat=True)
    )
    ctx["conferences"] = [
        (c, [p for p in c.persons.all() if p.pk in visible_ids and p.pk != person.pk])
        for c in conferences
    ]
    if care:
        ctx["instruments"] = instruments_for(person, membership)
        ctx["session_form"] = SessionForm(initial={"held_on": today})
        ctx["programme_form"] = ProgrammeForm(initial={"enrolled_on": today})
        if case is not None:
            ctx["goal_form"] = GoalForm()
            ctx["action_form"] = PlanActionForm(
                goals=[g for g in ctx.get("goals", []) if g.status == Goal.Status.OPEN],
                workers=_workers(person, membership),
                initial={"owner": membership.agency_id},
            )
            ctx["review_form"] = ReviewForm(initial={"reviewed_on": today})
    if support:
        ctx["housing_form"] = HousingForm(initial={"start_on": today, "region": person.home_region})
        ctx["benefit_form"] = BenefitForm(initial={"start_on": today})
        ctx["engagement_form"] = EngagementForm(initial={"start_on": today})
        ctx["reconciliation_form"] = ReconciliationForm(initial={"on": today})
        ctx["follow_up_form"] = FollowUpForm(initial={"visited_on": today})
    sensitive = sorted(tiers & {Tier.PSYCHOSOCIAL, Tier.SECURITY})
    if sensitive:
        record(
            membership.user,
            A.REHAB_RECORDS_VIEWED,
            obj=person,
            person=person,
            membership=membership,
            new={
                "tiers": sensitive,
                "assessments": sum(len(b.records) for b in ctx["blocks"]),
                "goals": len(ctx.get("goals", [])),
                "sessions": len(sessions),
                "conferences": len(conferences),
            },
        )
    return {"rehab": ctx}


# --- writing ------------------------------------------------------------------------------------


def _require_care(membership) -> None:
    require(membership, Perm.RECORD_CARE)
    if not can_see(membership, Tier.PSYCHOSOCIAL):
        raise PermissionDenied(_("Your role does not work with psychosocial information."))


def _refused(request, person, form, *, title: str, current: dict | None = None, status=422):
    return render(
        request,
        "rehab/form_page.html",
        {
            "person": person,
            "form": form,
            "title": title,
            "current": current,
            "action": request.path,
        },
        status=status,
    )


def _post(request, public_id, form_class, apply, *, perm: str, title: str, **form_kwargs):
    """Check scope and role, validate, run the action; show the form again when refused."""
    membership = acting(request)
    person = get_person(membership, public_id)
    if perm == Perm.RECORD_CARE:
        _require_care(membership)
    else:
        require(membership, perm)
    form = form_class(request.POST, **form_kwargs)
    current = None
    if form.is_valid():
        try:
            apply(membership, person, form.cleaned_data)
        except ConcurrentEdit as exc:
            # Show what the record holds now, with the new version, to review and save again.
            data = request.POST.copy()
            data["version"] = str(exc.version)
            form = form_class(data, **form_kwargs)
            form.is_valid()
            add_action_errors(form, exc)
            current = _labelled(exc.current)
        except ActionError as exc:
            add_action_errors(form, exc)
    if form.errors:
        return _refused(request, person, form, title=title, current=current)
    return _back(request, person, "care")


def _labelled(current: dict) -> dict:
    """The record's current values under their field labels, for "what changed"."""
    out = {}
    for name, value in current.items():
        label = name
        for model in (Goal, PlanAction, Programme, Housing, Benefit, Engagement):
            try:
                label = str(model._meta.get_field(name).verbose_name)
                break
            except FieldDoesNotExist:
                continue
        out[label.capitalize()] = value
    return out


def _one(model, person: Person, public_id):
    """A record of this person by public id, or an error on the form (never another person's):
    records hang on the person or on the person's case."""
    owner = (
        "person" if any(f.name == "person" for f in model._meta.concrete_fields) else "case__person"
    )
    found = model.objects.filter(public_id=public_id, **{owner: person}).first()
    if found is None:
        raise ActionError({"": _("No such record for this person.")})
    return found


@require_POST
def session_add(request, public_id):
    def apply(m, person, d):
        actions.do_record_session(m, person, **d)

    return _post(
        request, public_id, SessionForm, apply, perm=Perm.RECORD_CARE, title=_("Record a session")
    )


@require_POST
def goal_add(request, public_id):
    def apply(m, person, d):
        actions.do_add_goal(m, person, **d)

    return _post(request, public_id, GoalForm, apply, perm=Perm.RECORD_CARE, title=_("Add a goal"))


@require_POST
def goal_update(request, public_id):
    def apply(m, person, d):
        goal = _one(Goal, person, d["goal"])
        actions.do_update_goal(m, goal, status=d["status"], on=d["on"], version=d["version"])

    return _post(
        request,
        public_id,
        GoalUpdateForm,
        apply,
        perm=Perm.RECORD_CARE,
        title=_("Update a goal"),
    )


def _action_form_kwargs(request, public_id) -> dict:
    membership = acting(request)
    person = get_person(membership, public_id)
    return {
        "goals": Goal.objects.filter(case__person=person, status=Goal.Status.OPEN),
        "workers": _workers(person, membership),
    }


@require_POST
def action_add(request, public_id):
    def apply(m, person, d):
        goal = _one(Goal, person, d["goal"]) if d["goal"] else None
        worker = get_user_model().objects.filter(pk=d["worker"]).first() if d["worker"] else None
        actions.do_add_plan_action(
            m,
            person,
            text=d["text"],
            owner=d["owner"],
            due_on=d["due_on"],
            worker=worker,
            goal=goal,
        )

    return _post(
        request,
        public_id,
        PlanActionForm,
        apply,
        perm=Perm.RECORD_CARE,
        title=_("Add an action to the plan"),
        **_action_form_kwargs(request, public_id),
    )


@require_POST
def action_update(request, public_id):
    def apply(m, person, d):
        action = _one(PlanAction, person, d["action"])
        actions.do_update_plan_action(
            m,
            action,
            status=d["status"],
            done_on=d["done_on"],
            due_on=d["due_on"],
            version=d["version"],
        )

    return _post(
        request,
        public_id,
        PlanActionUpdateForm,
        apply,
        perm=Perm.RECORD_CARE,
        title=_("Update a plan action"),
    )


@require_POST
def review_add(request, public_id):
    def apply(m, person, d):
        actions.do_review_plan(m, person, **d)

    return _post(
        request,
        public_id,
        ReviewForm,
        apply,
        perm=Perm.RECORD_CARE,
        title=_("Review the case plan"),
    )


@require_POST
def programme_add(request, public_id):
    def apply(m, person, d):
        actions.do_enrol_programme(m, person, **d)

    return _post(
        request,
        public_id,
        ProgrammeForm,
        apply,
        perm=Perm.RECORD_CARE,
        title=_("Record a programme"),
    )


@require_POST
def programme_end(request, public_id):
    def apply(m, person, d):
        programme = _one(Programme, person, d["programme"])
        actions.do_end_programme(
            m,
            programme,
            status=d["status"],
            ended_on=d["ended_on"],
            outcome=d["outcome"],
            version=d["version"],
        )

    return _post(
        request,
        public_id,
        ProgrammeEndForm,
        apply,
        perm=Perm.RECORD_CARE,
        title=_("Record how a programme ended"),
    )


@require_POST
def housing_add(request, public_id):
    def apply(m, person, d):
        actions.do_record_housing(m, person, **d)

    return _post(
        request,
        public_id,
        HousingForm,
        apply,
        perm=Perm.RECORD_SUPPORT,
        title=_("Record housing"),
    )


@require_POST
def benefit_add(request, public_id):
    def apply(m, person, d):
        actions.do_grant_benefit(m, person, **d)

    return _post(
        request,
        public_id,
        BenefitForm,
        apply,
        perm=Perm.RECORD_SUPPORT,
        title=_("Record a benefit"),
    )


@require_POST
def engagement_add(request, public_id):
    def apply(m, person, d):
        actions.do_record_engagement(m, person, **d)

    return _post(
        request,
        public_id,
        EngagementForm,
        apply,
        perm=Perm.RECORD_SUPPORT,
        title=_("Record employment, volunteering or education"),
    )


SUPPORT_MODELS = {"housing": Housing, "benefit": Benefit, "engagement": Engagement}


@require_POST
def support_end(request, public_id):
    def apply(m, person, d):
        item = _one(SUPPORT_MODELS[d["what"]], person, d["item"])
        actions.do_end_support(m, item, end_on=d["end_on"], version=d["version"])

    return _post(
        request,
        public_id,
        SupportEndForm,
        apply,
        perm=Perm.RECORD_SUPPORT,
        title=_("Record an end date"),
    )


@require_POST
def reconciliation_add(request, public_id):
    def apply(m, person, d):
        actions.do_record_reconciliation(m, person, **d)

    return _post(
        request,
        public_id,
        ReconciliationForm,
        apply,
        perm=Perm.RECORD_SUPPORT,
        title=_("Record a step of family reconciliation"),
    )


@require_POST
def follow_up_add(request, public_id):
    def apply(m, person, d):
        actions.do_record_follow_up(m, person, **d)

    return _post(
        request,
        public_id,
        FollowUpForm,
        apply,
        perm=Perm.RECORD_SUPPORT,
        title=_("Record a follow-up visit"),
    )


# --- the assessment page -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def assessment_add(request, public_id):
    """Choose an instrument, then rate it; only instruments whose tier the assessor holds."""
    membership = acting(request)
    person = get_person(membership, public_id)
    _require_care(membership)
    available = instruments_for(person, membership)
    code = request.POST.get("instrument") or request.GET.get("instrument", "")
    if not code:
        return render(
            request, "rehab/assessment_form.html", {"person": person, "instruments": available}
        )
    inst = next((i for i in available if i.code == code), None)
    if inst is None:
        raise Http404("No such instrument.")
    today = timezone.localdate()
    band = inst.band_for(age_on(person.birth_date, today))
    form = AssessmentForm(
        request.POST or None, instrument=inst, band=band, initial={"assessed_on": today}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.do_record_assessment(
                    membership,
                    person,
                    instrument=inst.code,
                    version=inst.version,
                    assessed_on=form.cleaned_data["assessed_on"],
                    ratings=form.ratings(),
                    rationales=form.rationales(),
                    overall=form.cleaned_data.get("overall"),
                    overall_rationale=form.cleaned_data.get("overall_rationale", ""),
                    note=form.cleaned_data["note"],
                    no_reassessment=form.cleaned_data["no_reassessment"],
                )
            except ActionError as exc:
                add_action_errors(form, exc)
            else:
                return _back(request, person, "care")
        status = 422
    return render(
        request,
        "rehab/assessment_form.html",
        {"person": person, "instrument": inst, "band": band, "form": form},
        status=status,
    )


# --- case conferences ----------------------------------------------------------------------------


def _conference_choices(person: Person, membership) -> dict:
    families = FamilyMember.objects.filter(person=person).values("family_id")
    relatives = FamilyMember.objects.filter(family_id__in=families).values("person_id")
    persons = list(visible_persons(membership).filter(Q(pk__in=relatives) | Q(pk=person.pk)))
    persons.sort(key=lambda p: (p.pk != person.pk, p.display_name))
    return {
        "persons": persons,
        "agencies": list(Agency.objects.order_by("name")),
        "memberships": _workers(person, membership),
    }


@require_http_methods(["GET", "POST"])
def conference_add(request, public_id):
    """Record a case conference about the person and their family, and the actions agreed."""
    membership = acting(request)
    person = get_person(membership, public_id)
    _require_care(membership)
    choices = _conference_choices(person, membership)
    form = ConferenceForm(
        request.POST or None,
        initial={
            "held_on": timezone.localdate(),
            "persons": [str(person.public_id)],
            "agencies": [str(membership.agency_id)],
            "attendees": [str(membership.pk)],
        },
        **choices,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            by_id = {str(p.public_id): p for p in choices["persons"]}
            agreed = [
                actions.ConferenceAction(
                    person=by_id[d[f"action_{n}_person"]],
                    text=d[f"action_{n}_text"],
                    owner=d[f"action_{n}_owner"],
                    due_on=d[f"action_{n}_due"],
                )
                for n in range(1, form.ACTION_LINES + 1)
                if d.get(f"action_{n}_person") and d.get(f"action_{n}_text")
            ]
            try:
                actions.do_hold_conference(
                    membership,
                    held_on=d["held_on"],
                    place=d["place"],
                    persons=[by_id[p] for p in d["persons"]],
                    agencies=[a for a in choices["agencies"] if str(a.pk) in d["agencies"]],
                    attendees=[m for m in choices["memberships"] if str(m.pk) in d["attendees"]],
                    decisions=d["decisions"],
                    actions=agreed,
                )
            except ActionError as exc:
                add_action_errors(form, exc)
            else:
                return _back(request, person, "care")
        status = 422
    return render(
        request, "rehab/conference_form.html", {"person": person, "form": form}, status=status
    )


def conference_list(request):
    """Case conferences about persons in the viewer's scope (psychosocial staff only)."""
    membership = acting(request)
    if not (membership.can(Perm.VIEW_RECORDS) and can_see(membership, Tier.PSYCHOSOCIAL)):
        raise Http404
    persons = visible_persons(membership)
    conferences = list(
        Conference.objects.filter(persons__in=persons)
        .distinct()
        .select_related("agency")
        .prefetch_related(
            "agencies",
            Prefetch("attendees", queryset=Membership.objects.select_related("user", "agency")),
            Prefetch(
                "actions", queryset=PlanAction.objects.select_related("owner", "case__person")
            ),
        )[:100]
    )
    named = {c.pk: [] for c in conferences}
    through = Conference.persons.through.objects.filter(
        conference_id__in=named, person__in=persons
    ).select_related("person")
    for row in through:
        named[row.conference_id].append(row.person)
    visible_ids = {p.pk for ps in named.values() for p in ps}
    rows = [
        (
            c,
            sorted(named[c.pk], key=lambda p: p.display_name),
            [a for a in c.actions.all() if a.case.person_id in visible_ids],
        )
        for c in conferences
    ]
    record(
        request.user,
        A.CONFERENCES_VIEWED,
        membership=membership,
        ip=client_ip(request),
        new={"conferences": len(rows)},
    )
    return render(request, "rehab/conference_list.html", {"rows": rows})
