"""Referrals on a person's timeline: sent, accepted or declined, completed, withdrawn."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from zhusan.lib.dates import DatePrecision
from zhusan.people.models import Person
from zhusan.people.timeline import Item


def referral_items(person: Person, tiers: frozenset[str]) -> Iterable[Item]:
    """Each step of the person's referrals whose kind the viewer's tiers cover."""
    from zhusan.cases.models import Referral, ReferralState

    referrals = Referral.objects.filter(person=person).select_related("from_agency", "to_agency")
    for r in referrals:
        if r.tier not in tiers:
            continue
        kind = r.get_kind_display()
        steps = [
            (
                r.sent_on,
                _("Referred to %(agency)s: %(kind)s") % {"agency": r.to_agency, "kind": kind},
                r.from_agency.name,
                r.reason,
            )
        ]
        if r.state in (ReferralState.ACCEPTED, ReferralState.COMPLETED):
            steps.append(
                (
                    r.decided_on,
                    _("Referral accepted: %(kind)s") % {"kind": kind},
                    r.to_agency.name,
                    "",
                )
            )
        if r.state == ReferralState.DECLINED:
            steps.append(
                (
                    r.decided_on,
                    _("Referral declined: %(kind)s") % {"kind": kind},
                    r.to_agency.name,
                    r.decline_reason,
                )
            )
        if r.state == ReferralState.COMPLETED:
            steps.append(
                (
                    r.completed_on,
                    _("Referral completed: %(kind)s") % {"kind": kind},
                    r.to_agency.name,
                    r.completion_note,
                )
            )
        if r.state == ReferralState.WITHDRAWN:
            steps.append(
                (
                    r.withdrawn_on,
                    _("Referral withdrawn: %(kind)s") % {"kind": kind},
                    r.from_agency.name,
                    r.withdraw_reason,
                )
            )
        for n, (date, label, agency, note) in enumerate(steps):
            yield Item(
                date,
                DatePrecision.DAY,
                "referral",
                str(label),
                "",
                agency,
                note,
                "",
                (date, 2, r.pk * 10 + n),
            )
