"""Who may see which records, and who may do what: the only place visibility is decided.

A membership (a user's role in one agency) sees the persons in that agency's caseload — cases
assigned to the agency — and their family members. A record outside that scope is reported as
"not found", exactly as a record that does not exist.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from zhusan.accounts.models import Membership
from zhusan.accounts.roles import Perm
from zhusan.cases.models import Assignment, Case
from zhusan.people.models import FamilyMember, Person


def require(acting: Membership, perm: str) -> None:
    """Refuse unless the acting membership carries `perm`."""
    if acting is None or not acting.can(perm):
        raise PermissionDenied(f"Your role may not do this ({perm}).")


def caseload_person_ids(acting: Membership):
    """Person ids whose case is assigned to the acting agency (a subquery, not a list)."""
    return Assignment.objects.filter(agency_id=acting.agency_id, active=True).values(
        "case__person_id"
    )


def visible_persons(acting: Membership | None) -> QuerySet[Person]:
    """The persons the acting membership may see."""
    if acting is None or not acting.can(Perm.VIEW_RECORDS):
        return Person.objects.none()
    direct = caseload_person_ids(acting)
    families = FamilyMember.objects.filter(person_id__in=direct).values("family_id")
    relatives = FamilyMember.objects.filter(family_id__in=families).values("person_id")
    return Person.objects.filter(id__in=direct) | Person.objects.filter(id__in=relatives)


def get_person(acting: Membership | None, public_id) -> Person:
    """Return a visible person, or raise Http404 for 'missing' and 'not yours' alike."""
    try:
        return visible_persons(acting).get(public_id=public_id)
    except (Person.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such person.") from exc


def is_visible(acting: Membership | None, person: Person) -> bool:
    """The same rule as `visible_persons`, asked of one person with two indexed look-ups."""
    if acting is None or not acting.can(Perm.VIEW_RECORDS):
        return False
    if Assignment.objects.filter(agency_id=acting.agency_id, active=True, case__person_id=person.pk).exists():
        return True
    families = FamilyMember.objects.filter(person_id=person.pk).values("family_id")
    return FamilyMember.objects.filter(
        family_id__in=families, person_id__in=caseload_person_ids(acting)
    ).exists()


def get_case(acting: Membership | None, public_id) -> Case:
    """Return the case of a visible person, or Http404."""
    try:
        return Case.objects.select_related("person").get(
            public_id=public_id, person__in=visible_persons(acting)
        )
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such case.") from exc


def require_person_write(acting: Membership, person: Person, perm: str) -> None:
    """Refuse a write unless the role allows it and the person is in scope."""
    require(acting, perm)
    if not is_visible(acting, person):
        raise Http404("No such person.")
