"""The person page's Justice tab: records, the engine's assessment, petitions; and the eligibility queue."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from zhusan.access.scope import get_person, visible_persons
from zhusan.access.tiers import Tier, can_see, filter_assessment, filter_facts
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.justice import actions
from zhusan.justice.facts import MEDICAL, RECORDED
from zhusan.justice.forms import (
    ChargeForm,
    CustodyForm,
    DecisionForm,
    LegalFactsForm,
    PetitionForm,
    StoreAssessmentForm,
    VerdictForm,
)
from zhusan.justice.models import CustodyPeriod, LegalFacts, Petition, Proceeding
from zhusan.justice.queries import becoming_eligible
from zhusan.lib.errors import ActionError
from zhusan.people.views import _back
from zhusan.web.shortcuts import acting, add_action_errors

FACT_FIELDS = tuple(name for name in RECORDED if name not in MEDICAL)


def legal_facts_form(person, membership, data=None) -> LegalFactsForm | None:
    """The facts the acting role may record: conduct and family for justice roles, health for health officers."""
    names = []
    if membership.can(Perm.RECORD_JUSTICE):
        names += FACT_FIELDS
    if membership.can(Perm.RECORD_MEDICAL):
        names += MEDICAL
    if not names:
        return None
    current = LegalFacts.objects.filter(person=person).first()
    fields = {n: LegalFacts._meta.get_field(n) for n in names}
    initial = {"version": current.version if current else None}
    if current:
        for n in names:
            value = getattr(current, n)
            initial[n] = (
                value
                if isinstance(value, int) and not isinstance(value, bool)
                else ({True: "yes", False: "no"}.get(value, ""))
            )
    return LegalFactsForm(data, fields=fields, initial=initial)


def justice_context(person, membership) -> dict:
    """Everything the Justice tab shows."""
    today = timezone.localdate()
    if not can_see(membership, Tier.JUSTICE):
        # A health officer sees and records only the medical facts.
        return {"facts_form": legal_facts_form(person, membership)}
    current = actions.assess(person, today)
    if current is not None:
        current = {
            "facts": filter_facts(current["facts"], membership),
            "result": filter_assessment(current["result"], membership),
        }
    proceedings = (
        Proceeding.objects.filter(person=person)
        .prefetch_related("charges")
        .select_related("sentence")
    )
    can_record = membership.can(Perm.RECORD_JUSTICE)
    return {
        "proceedings": proceedings,
        "open_proceeding": next(
            (p for p in proceedings if p.verdict == Proceeding.Verdict.PENDING), None
        ),
        "custody": CustodyPeriod.objects.filter(person=person),
        "petitions": Petition.objects.filter(person=person).select_related("assessment"),
        "assessment": current["result"] if current else None,
        "assessment_facts": current["facts"] if current else None,
        "stored": person.assessments.select_related("created_by", "agency")[:10],
        "can_record_justice": can_record,
        "charge_form": ChargeForm(initial={"part": "1"}) if can_record else None,
        "verdict_form": VerdictForm(initial={"verdict_date": today}) if can_record else None,
        "custody_form": CustodyForm(initial={"start_date": today}) if can_record else None,
        "petition_form": PetitionForm(initial={"filed_on": today}) if can_record else None,
        "store_form": StoreAssessmentForm(initial={"as_of": today}) if current else None,
        "facts_form": legal_facts_form(person, membership),
    }


def _post(request, public_id, form_class, apply, template: str, **form_kwargs):
    membership = acting(request)
    person = get_person(membership, public_id)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            apply(membership, person, form)
        except ActionError as exc:
            add_action_errors(form, exc)
    if form.errors:
        return render(request, template, {"person": person, "form": form}, status=422)
    return _back(request, person, "justice")


@require_POST
def charge_add(request, public_id):
    def apply(membership, person, form):
        d = form.cleaned_data
        proceeding = Proceeding.objects.filter(
            person=person, verdict=Proceeding.Verdict.PENDING
        ).last()
        if proceeding is None:
            proceeding = actions.do_open_proceeding(
                membership,
                person,
                opened_on=d["opened_on"] or timezone.localdate(),
                court=d["court"],
            )
        actions.do_add_charge(
            membership,
            proceeding,
            article=d["article"],
            part=d["part"],
            offence_date=d["offence_date"],
            description=d["description"],
        )

    return _post(request, public_id, ChargeForm, apply, "justice/_form.html")


@require_POST
def verdict_add(request, public_id):
    def apply(membership, person, form):
        d = form.cleaned_data
        proceeding = Proceeding.objects.filter(
            person=person, verdict=Proceeding.Verdict.PENDING
        ).last()
        if proceeding is None:
            raise ActionError({"": "There is no pending proceeding: record a charge first."})
        if d["verdict"] == Proceeding.Verdict.CONVICTED and not d["kind"]:
            raise ActionError({"kind": "A conviction needs its punishment."})
        from django.db import transaction

        with transaction.atomic():
            actions.do_record_verdict(
                membership, proceeding, verdict=d["verdict"], verdict_date=d["verdict_date"]
            )
            if d["verdict"] == Proceeding.Verdict.CONVICTED:
                actions.do_record_sentence(
                    membership,
                    proceeding,
                    kind=d["kind"],
                    start_date=d["start_date"] or d["verdict_date"],
                    years=d["years"] or 0,
                    months=d["months"] or 0,
                    days=d["days"] or 0,
                    life=d["life"],
                    security_level=d["security_level"],
                    pretrial_custody_days=d["pretrial_custody_days"] or 0,
                    house_arrest_days=d["house_arrest_days"] or 0,
                )

    return _post(request, public_id, VerdictForm, apply, "justice/_form.html")


@require_POST
def custody_add(request, public_id):
    def apply(membership, person, form):
        actions.do_start_custody(membership, person, **form.cleaned_data)

    return _post(request, public_id, CustodyForm, apply, "justice/_form.html")


@require_POST
def facts_update(request, public_id):
    membership = acting(request)
    person = get_person(membership, public_id)
    form = legal_facts_form(person, membership, request.POST)
    if form is None:
        raise Http404
    if form.is_valid():
        try:
            actions.do_update_legal_facts(
                membership, person, version=form.cleaned_data.get("version"), **form.facts()
            )
        except ActionError as exc:
            add_action_errors(form, exc)
    if form.errors:
        return render(request, "justice/_form.html", {"person": person, "form": form}, status=422)
    return _back(request, person, "justice")


@require_POST
def petition_add(request, public_id):
    def apply(membership, person, form):
        actions.do_file_petition(membership, person, **form.cleaned_data)

    return _post(request, public_id, PetitionForm, apply, "justice/_form.html")


@require_POST
def petition_decide(request, public_id):
    def apply(membership, person, form):
        d = form.cleaned_data
        petition = Petition.objects.filter(person=person, public_id=d["petition"]).first()
        if petition is None:
            raise ActionError({"": "No such petition."})
        actions.do_decide_petition(
            membership,
            petition,
            decision=d["decision"],
            decided_on=d["decided_on"],
            reasons=d["reasons"],
            version=d["version"],
        )

    return _post(request, public_id, DecisionForm, apply, "justice/_form.html")


@require_POST
def assessment_store(request, public_id):
    def apply(membership, person, form):
        actions.do_store_assessment(membership, person, **form.cleaned_data)

    return _post(request, public_id, StoreAssessmentForm, apply, "justice/_form.html")


def eligibility(request):
    """Who becomes eligible for a measure in a period, per facility and agency."""
    membership = acting(request)
    today = timezone.localdate()
    start = parse_date(request.GET.get("from", "") or "") or today
    end = parse_date(request.GET.get("to", "") or "") or (start + dt.timedelta(days=31))
    if end < start:
        start, end = end, start
    facility = request.GET.get("facility", "")
    agency = request.GET.get("agency", "")
    persons = visible_persons(membership)
    if agency:
        persons = persons.filter(
            case__assignments__agency__code=agency, case__assignments__active=True
        )
    rows = becoming_eligible(persons, start, end, facility=facility)
    record(
        request.user,
        A.PERSON_SEARCHED,
        membership=membership,
        new={
            "eligibility": {"from": start, "to": end, "facility": facility, "agency": agency},
            "rows": len(rows),
        },
    )
    facilities = sorted(
        set(
            CustodyPeriod.objects.filter(
                person__in=visible_persons(membership), end_date__isnull=True
            ).values_list("facility", flat=True)
        )
    )
    from zhusan.accounts.models import Agency

    return render(
        request,
        "justice/eligibility.html",
        {
            "rows": rows,
            "start": start,
            "end": end,
            "facility": facility,
            "agency": agency,
            "facilities": facilities,
            "agencies": Agency.objects.order_by("name"),
        },
    )
