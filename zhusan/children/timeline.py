"""The children's records on the person's timeline (registered in ChildrenConfig.ready)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from zhusan.access.tiers import Tier
from zhusan.children.models import (
    IdentityStep,
    ParentContact,
    Placement,
    Reunification,
    ReunificationStep,
    SchoolEnrolment,
)
from zhusan.lib.dates import DatePrecision
from zhusan.people.models import Person
from zhusan.people.timeline import Item

KIND_OF_STEP = {
    IdentityStep.Kind.DOCUMENTS_MISSING: "documents_missing",
    IdentityStep.Kind.DNA_TEST: "dna_test",
    IdentityStep.Kind.COURT_DECISION: "court_decision",
    IdentityStep.Kind.BIRTH_CERTIFICATE: "document_issued",
}


def _item(date, kind, label, place, agency, note, outcome, rank, pk) -> Item:
    return Item(
        date, DatePrecision.DAY, kind, label, place, agency, note, outcome, (date, rank, pk)
    )


def _step_item(s: IdentityStep) -> Item:
    if s.kind == IdentityStep.Kind.DNA_TEST:
        label = _("DNA test with %(name)s (%(relation)s)") % {
            "name": s.tested_with.display_name if s.tested_with else "—",
            "relation": s.get_relation_display(),
        }
        place, outcome = s.lab, s.get_result_display()
    elif s.kind == IdentityStep.Kind.COURT_DECISION:
        label = _("Court decision establishing %(what)s") % {"what": s.get_establishes_display()}
        place, outcome = s.court, s.get_result_display()
    elif s.kind == IdentityStep.Kind.BIRTH_CERTIFICATE:
        label = _("Birth certificate issued, No. %(number)s") % {"number": s.certificate_number}
        place, outcome = s.registry_office, ""
    else:
        label, place, outcome = str(s.get_kind_display()), "", ""
    note = "\n".join(x for x in (s.decision, s.note) if x)
    return _item(s.date, KIND_OF_STEP[s.kind], label, place, s.agency.name, note, outcome, 2, s.pk)


def _placement_items(p: Placement) -> Iterable[Item]:
    who = p.carer.display_name if p.carer else p.institution
    label = _("Placed %(kind)s") % {"kind": p.get_kind_display()}
    if who:
        label += f": {who}"
    note = " · ".join(
        x for x in (str(p.get_legal_status_display()), p.authority, p.note) if x and x != "—"
    )
    yield _item(p.start_date, "placed_with_family", label, "", p.agency.name, note, "", 3, p.pk)
    if p.end_date:
        yield _item(
            p.end_date,
            "placement_ended",
            _("Placement ended: %(kind)s") % {"kind": p.get_kind_display()},
            "",
            p.agency.name,
            p.end_reason,
            "",
            2,
            p.pk,
        )


def child_timeline(person: Person, tiers: frozenset[str]) -> list[Item]:
    """Identity steps, placements, contacts, reunification and school, as the tiers allow."""
    items: list[Item] = []
    if Tier.GENERAL in tiers:
        for e in SchoolEnrolment.objects.filter(person=person).select_related("agency"):
            label = _("Enrolled: %(kind)s %(institution)s") % {
                "kind": e.get_kind_display(),
                "institution": e.institution,
            }
            note = _("grade or group %(grade)s") % {"grade": e.grade} if e.grade else ""
            items.append(
                _item(
                    e.start_date,
                    "school_enrolled",
                    label,
                    e.region,
                    e.agency.name,
                    note,
                    "",
                    3,
                    e.pk,
                )
            )
    if Tier.CHILD_PROTECTION not in tiers:
        return items
    for s in IdentityStep.objects.filter(person=person).select_related("agency", "tested_with"):
        items.append(_step_item(s))
    for p in Placement.objects.filter(person=person).select_related("agency", "carer"):
        items.extend(_placement_items(p))
    for c in ParentContact.objects.filter(person=person).select_related("agency", "parent"):
        label = _("%(kind)s with %(name)s") % {
            "kind": str(c.get_kind_display()).capitalize(),
            "name": c.parent.display_name,
        }
        note = "\n".join(
            x
            for x in (
                _("supervised by %(who)s") % {"who": c.supervised_by} if c.supervised_by else "",
                c.note,
            )
            if x
        )
        items.append(_item(c.date, "contact", label, c.place, c.agency.name, note, "", 3, c.pk))
    steps = ReunificationStep.objects.filter(
        plan__person=person, status=ReunificationStep.Status.DONE, done_on__isnull=False
    ).select_related("plan__agency")
    for s in steps:
        label = _("Reunification step: %(step)s") % {"step": s.label or s.get_kind_display()}
        items.append(
            _item(
                s.done_on, "reunification_step", label, "", s.plan.agency.name, s.note, "", 3, s.pk
            )
        )
    for r in Reunification.objects.filter(person=person).select_related("agency", "parent"):
        label = _("Reunified with %(name)s") % {"name": r.parent.display_name}
        items.append(_item(r.date, "reunified", label, "", r.agency.name, r.note, "", 4, r.pk))
    return items
