"""Who may see which records, and who may do what: the only place visibility is decided.

A membership (a user's role in one agency) sees the persons in that agency's caseload — cases
assigned to the agency — and their family members. A record outside that scope is reported as
"not found", exactly as a record that does not exist.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from zhusan.access.models import EmergencyAccess, Exclusion, ScopeEntry
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


def scope_rule(person_ids) -> dict[int, set[int]]:
    """The rule itself: person id -> agencies whose caseload holds the person or a family member."""
    person_ids = set(person_ids)
    agencies: dict[int, set[int]] = {pid: set() for pid in person_ids}
    families = FamilyMember.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "family_id"
    )
    family_of: dict[int, set[int]] = {}
    for pid, fid in families:
        family_of.setdefault(pid, set()).add(fid)
    relatives = FamilyMember.objects.filter(
        family_id__in={f for fs in family_of.values() for f in fs}
    )
    members: dict[int, set[int]] = {}
    for pid, fid in relatives.values_list("person_id", "family_id"):
        members.setdefault(fid, set()).add(pid)
    related = {
        pid: {pid} | {m for f in family_of.get(pid, ()) for m in members.get(f, ())}
        for pid in person_ids
    }
    everyone = set().union(*related.values()) if related else set()
    held: dict[int, set[int]] = {}
    for pid, agency in Assignment.objects.filter(
        active=True, case__person_id__in=everyone
    ).values_list("case__person_id", "agency_id"):
        held.setdefault(pid, set()).add(agency)
    for pid in person_ids:
        for other in related[pid]:
            agencies[pid] |= held.get(other, set())
    return agencies


def refresh_scope(person_ids) -> None:
    """Rebuild the scope entries of these persons and of everyone in their families."""
    from zhusan.access.models import ScopeEntry

    person_ids = set(person_ids)
    families = FamilyMember.objects.filter(person_id__in=person_ids).values("family_id")
    person_ids |= set(
        FamilyMember.objects.filter(family_id__in=families).values_list("person_id", flat=True)
    )
    wanted = scope_rule(person_ids)
    ScopeEntry.objects.filter(person_id__in=person_ids).delete()
    ScopeEntry.objects.bulk_create(
        [
            ScopeEntry(agency_id=a, person_id=p)
            for p, agencies in wanted.items()
            for a in sorted(agencies)
        ],
        batch_size=2000,
    )


def visible_persons(acting: Membership | None) -> QuerySet[Person]:
    """The persons the acting membership may see (its agency's caseload and their families)."""
    if acting is None or not acting.can(Perm.VIEW_RECORDS):
        return Person.objects.none()
    # A correlated EXISTS on the (agency, person) index: a page, a candidate set or one record is
    # checked row by row instead of materialising the whole caseload (bench/web_bench.py).
    in_scope = ScopeEntry.objects.filter(agency_id=acting.agency_id, person_id=OuterRef("pk"))
    emergency = EmergencyAccess.objects.filter(
        membership_id=acting.pk, person_id=OuterRef("pk"), expires_at__gt=timezone.now()
    )
    excluded = Exclusion.objects.filter(
        user_id=acting.user_id, person_id=OuterRef("pk"), lifted_at__isnull=True
    )
    # A record merged into another is seen through the record it was merged into.
    return Person.objects.filter(
        Exists(in_scope) | Exists(emergency), ~Exists(excluded), merged_into__isnull=True
    )


def get_person(acting: Membership | None, public_id) -> Person:
    """Return a visible person, or raise Http404 for 'missing' and 'not yours' alike."""
    try:
        return visible_persons(acting).get(public_id=public_id)
    except (Person.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such person.") from exc


def is_visible(acting: Membership | None, person: Person) -> bool:
    """The same rule as `visible_persons`, asked of one person."""
    if acting is None or not acting.can(Perm.VIEW_RECORDS) or person.merged_into_id:
        return False
    if Exclusion.objects.filter(
        user_id=acting.user_id, person_id=person.pk, lifted_at__isnull=True
    ).exists():
        return False
    return (
        ScopeEntry.objects.filter(agency_id=acting.agency_id, person_id=person.pk).exists()
        or EmergencyAccess.objects.filter(
            membership_id=acting.pk, person_id=person.pk, expires_at__gt=timezone.now()
        ).exists()
    )


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
