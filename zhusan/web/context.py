"""What every page's frame needs: the acting membership and the navigation it allows."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zhusan.accounts.middleware import current_membership
from zhusan.accounts.roles import Perm

NAV = [
    ("home", _("My cases"), Perm.VIEW_RECORDS),
    ("person-list", _("Search"), Perm.VIEW_RECORDS),
    ("operation-list", _("Operations"), None),
    ("eligibility", _("Eligibility (law)"), Perm.VIEW_RECORDS),
    ("children-list", _("Children"), "tier:child_protection"),
    ("rehab-conference-list", _("Case conferences"), "tier:psychosocial"),
    ("referral-list", _("Referrals"), Perm.REFER),
    ("task-list", _("Tasks"), Perm.VIEW_RECORDS),
    ("duplicate-list", _("Duplicates to review"), Perm.MERGE_PERSONS),
    ("emergency-access", _("Emergency access"), Perm.VIEW_RECORDS),
    ("statistics", _("Statistics"), Perm.VIEW_STATISTICS),
    ("audit-trail", _("Audit"), Perm.VIEW_AUDIT),
    ("exclusions", _("Administration"), Perm.ADMINISTER),
    ("sign-in-admin", _("Sign-in lockouts"), Perm.ADMINISTER),
    ("api-tokens", _("API tokens"), None),
]


def frame(request):
    membership = current_membership(request) if request.user.is_authenticated else None
    nav = []
    if membership is not None:
        for name, label, perm in NAV:
            if _allowed(membership, perm):
                url = reverse(name)
                nav.append(
                    {
                        "url": url,
                        "label": _counted(name, label, membership),
                        "active": request.path == url
                        or (url != "/" and request.path.startswith(url)),
                    }
                )
    memberships = []
    if request.user.is_authenticated:
        memberships = list(request.user.memberships.filter(active=True).select_related("agency"))
    return {"membership": membership, "nav": nav, "memberships": memberships}


def _allowed(membership, perm) -> bool:
    """A permission, or "tier:<name>" for pages shown to whoever holds a sensitivity tier."""
    if perm is None:
        return True
    if perm.startswith("tier:"):
        from zhusan.access.tiers import can_see

        return can_see(membership, perm.removeprefix("tier:"))
    return membership.can(perm)


def _counted(name: str, label, membership):
    """The label of a work queue with how many items wait in it (referrals, tasks due today)."""
    from zhusan.cases.queries import waiting_count

    n = waiting_count(name, membership)
    if not n:
        return label
    return format_html(
        '{} <span class="nav-count">{}<span class="visually-hidden"> {}</span></span>',
        label,
        n,
        _("waiting"),
    )
