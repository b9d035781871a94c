"""Rehabilitation and reintegration records on the person's timeline, as far as the tiers allow.

General: that a session, programme, benefit, home, job, reconciliation, visit or conference took
place. Psychosocial: session notes, programme outcomes, plan reviews and achieved goals,
conference decisions. An assessment appears only to holders of its instrument's tier.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from zhusan.access.tiers import Tier
from zhusan.lib.dates import DatePrecision
from zhusan.people.models import Person
from zhusan.people.timeline import Item
from zhusan.rehab import catalogue
from zhusan.rehab.models import (
    AssessmentRecord,
    Benefit,
    Conference,
    Engagement,
    FollowUp,
    Goal,
    Housing,
    PlanReview,
    Programme,
    Reconciliation,
    Session,
)

DAY = DatePrecision.DAY


def _item(date, kind, label, agency, note="", outcome="", place="", order=0) -> Item:
    return Item(
        date, DAY, kind, str(label), place, agency.name, note, str(outcome), (date, 2, order)
    )


def kzt(amount: int) -> str:
    return _("%(amount)s KZT a month") % {"amount": number_format(amount, 0, force_grouping=True)}


def assessment_summary(a: AssessmentRecord, inst: catalogue.Instrument | None) -> str:
    """Section scores of a scored instrument, or the overall judgement of a structured one."""
    if inst is None:
        return ""
    if inst.is_judgement:
        return _("Overall judgement: %(judgement)s") % {
            "judgement": inst.overall_scale.label(a.overall)
        }
    titles = {s.id: s.title for s in inst.sections}
    return " · ".join(f"{titles.get(k, k)} {v}" for k, v in (a.scores or {}).items())


def rehab_items(person: Person, tiers: frozenset[str]) -> list[Item]:
    """The timeline source registered in RehabConfig.ready()."""
    if not tiers:
        return []
    psycho = Tier.PSYCHOSOCIAL in tiers
    items: list[Item] = []
    for s in Session.objects.filter(person=person).select_related("agency"):
        outcome = (
            "" if s.attended else _("did not attend: %(reason)s") % {"reason": s.absence_reason}
        )
        items.append(
            _item(
                s.held_on,
                "session",
                _("Session: %(kind)s") % {"kind": s.get_kind_display()},
                s.agency,
                note=s.note if psycho else "",
                outcome=outcome,
                place=s.place,
                order=s.pk,
            )
        )
    for a in AssessmentRecord.objects.filter(person=person, tier__in=tiers).select_related(
        "agency"
    ):
        inst = catalogue.get(a.instrument, a.instrument_version)
        items.append(
            _item(
                a.assessed_on,
                "assessment",
                _("Assessment: %(instrument)s")
                % {"instrument": inst.title if inst else a.instrument},
                a.agency,
                note=assessment_summary(a, inst),
                order=a.pk,
            )
        )
    for p in Programme.objects.filter(person=person).select_related("agency"):
        label = _("Programme: %(kind)s, %(institution)s") % {
            "kind": p.get_kind_display(),
            "institution": p.institution,
        }
        items.append(
            _item(p.enrolled_on, "programme", label, p.agency, outcome=_("enrolled"), order=p.pk)
        )
        if p.ended_on:
            items.append(
                _item(
                    p.ended_on,
                    "programme",
                    label,
                    p.agency,
                    note=p.outcome if psycho else "",
                    outcome=p.get_status_display(),
                    order=p.pk,
                )
            )
    if psycho:
        for r in PlanReview.objects.filter(case__person=person).select_related("agency"):
            note = r.note
            if r.next_review_on:
                note += "\n" + _("Next review: %(date)s") % {"date": r.next_review_on.isoformat()}
            items.append(
                _item(
                    r.reviewed_on,
                    "plan_review",
                    _("Case plan reviewed"),
                    r.agency,
                    note=note,
                    order=r.pk,
                )
            )
        for g in Goal.objects.filter(
            case__person=person, status=Goal.Status.ACHIEVED, status_on__isnull=False
        ).select_related("agency"):
            items.append(
                _item(
                    g.status_on,
                    "plan_goal",
                    _("Goal achieved: %(goal)s") % {"goal": g.text},
                    g.agency,
                    order=g.pk,
                )
            )
    for b in Benefit.objects.filter(person=person).select_related("agency"):
        note = _("until %(date)s") % {"date": b.end_on.isoformat()} if b.end_on else ""
        items.append(
            _item(
                b.start_on,
                "benefit_granted",
                _("Benefit: %(kind)s") % {"kind": b.get_kind_display()},
                b.agency,
                note=note,
                outcome=kzt(b.amount_kzt),
                order=b.pk,
            )
        )
    for h in Housing.objects.filter(person=person).select_related("agency"):
        items.append(
            _item(
                h.start_on,
                "housing",
                _("Housing: %(kind)s") % {"kind": h.get_kind_display()},
                h.agency,
                place=h.region,
                order=h.pk,
            )
        )
    for e in Engagement.objects.filter(person=person).select_related("agency"):
        items.append(
            _item(
                e.start_on,
                "employed" if e.kind == Engagement.Kind.EMPLOYMENT else "engagement",
                _("%(kind)s: %(organisation)s")
                % {"kind": e.get_kind_display().capitalize(), "organisation": e.organisation},
                e.agency,
                note=e.role,
                order=e.pk,
            )
        )
    for r in Reconciliation.objects.filter(person=person).select_related("agency"):
        items.append(
            _item(
                r.on,
                "reconciliation",
                _("Family reconciliation"),
                r.agency,
                note=r.note,
                order=r.pk,
            )
        )
    for v in FollowUp.objects.filter(person=person).select_related("agency"):
        note = v.outcome
        if v.next_due:
            note += "\n" + _("Next visit due: %(date)s") % {"date": v.next_due.isoformat()}
        items.append(
            _item(v.visited_on, "follow_up", _("Follow-up visit"), v.agency, note=note, order=v.pk)
        )
    for c in Conference.objects.filter(persons=person).select_related("agency"):
        items.append(
            _item(
                c.held_on,
                "conference",
                _("Case conference"),
                c.agency,
                note=c.decisions if psycho else "",
                place=c.place,
                order=c.pk,
            )
        )
    return items
