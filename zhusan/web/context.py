"""What every page's frame needs: the acting membership and the navigation it allows."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhusan.accounts.middleware import current_membership
from zhusan.accounts.roles import Perm

NAV = [
    ("home", _("My cases"), Perm.VIEW_RECORDS),
    ("person-list", _("Search"), Perm.VIEW_RECORDS),
    ("operation-list", _("Operations"), None),
    ("eligibility", _("Eligibility (law)"), Perm.VIEW_RECORDS),
    ("duplicate-list", _("Duplicates to review"), Perm.MERGE_PERSONS),
    ("emergency-access", _("Emergency access"), Perm.VIEW_RECORDS),
    ("audit-trail", _("Audit"), Perm.VIEW_AUDIT),
    ("exclusions", _("Administration"), Perm.ADMINISTER),
]


def frame(request):
    membership = current_membership(request) if request.user.is_authenticated else None
    nav = []
    if membership is not None:
        for name, label, perm in NAV:
            if perm is None or membership.can(perm):
                url = reverse(name)
                nav.append(
                    {
                        "url": url,
                        "label": label,
                        "active": request.path == url
                        or (url != "/" and request.path.startswith(url)),
                    }
                )
    memberships = []
    if request.user.is_authenticated:
        memberships = list(request.user.memberships.filter(active=True).select_related("agency"))
    return {"membership": membership, "nav": nav, "memberships": memberships}
