"""Writes of the identity index: duplicate candidates, merge and unmerge."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from zhusan.access.scope import refresh_scope, require, require_person_write
from zhusan.accounts.models import Membership
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.identity.blocking import NameIndex
from zhusan.identity.models import DuplicateCandidate, Merge, NameKey
from zhusan.identity.queries import person_features
from zhusan.identity.scoring import score
from zhusan.lib.errors import ActionError
from zhusan.people.models import FamilyMember, Person, PersonName, Relationship

DUPLICATE_THRESHOLD = 0.5
MAX_COMPARED = 200


def index_name(name: PersonName, index: NameIndex) -> None:
    """Store the blocking keys of one name (called by the action that writes the name)."""
    NameKey.objects.bulk_create(
        [NameKey(person_id=name.person_id, name=name, key=k) for k in index.blocking]
    )


def find_duplicates(person: Person) -> list[tuple[Person, float, list]]:
    """Registry-wide: records that may be the same person, scored (never shown to a user as is)."""
    names = list(person.names.all())
    keys = {k.key for k in NameKey.objects.filter(person=person) if k.key.startswith("n2:")}
    if not keys:
        return []
    others = (
        Person.objects.filter(
            id__in=NameKey.objects.filter(key__in=keys).values("person_id"),
            merged_into__isnull=True,
        )
        .exclude(pk=person.pk)
        .prefetch_related("names")[:MAX_COMPARED]
    )
    mine = person_features(person, names)
    out = []
    for other in others:
        theirs = person_features(other, list(other.names.all()))
        best = max((score(a, b) for a in mine for b in theirs), key=lambda s: s.match_weight)
        if best.probability >= DUPLICATE_THRESHOLD:
            out.append(
                (
                    other,
                    best.probability,
                    [
                        {"comparison": e.comparison, "label": e.label, "weight": round(e.weight, 2)}
                        for e in best.evidence
                    ],
                )
            )
    return out


def do_check_duplicates(acting: Membership, person: Person) -> list[DuplicateCandidate]:
    """Queue the likely duplicates of a person for review."""
    found = []
    with transaction.atomic():
        for other, probability, evidence in find_duplicates(person):
            a, b = sorted((person, other), key=lambda p: p.pk)
            candidate, created = DuplicateCandidate.objects.get_or_create(
                person_a=a, person_b=b, defaults={"probability": probability, "evidence": evidence}
            )
            if created:
                record(
                    acting.user,
                    A.DUPLICATE_FOUND,
                    obj=candidate,
                    person=person,
                    membership=acting,
                    new={"other": str(other.public_id), "probability": round(probability, 3)},
                )
                found.append(candidate)
    return found


def do_dismiss_duplicate(acting: Membership, candidate: DuplicateCandidate, *, reason: str) -> None:
    """Record that two records are different persons (e.g. siblings), so they are not proposed again."""
    require_person_write(acting, candidate.person_a, Perm.MERGE_PERSONS)
    require_person_write(acting, candidate.person_b, Perm.MERGE_PERSONS)
    if not reason.strip():
        raise ActionError({"reason": "Say why these are different persons."})
    with transaction.atomic():
        DuplicateCandidate.objects.filter(pk=candidate.pk).update(
            status=DuplicateCandidate.Status.DISTINCT,
            decided_by=acting.user,
            decided_at=timezone.now(),
            reason=reason.strip(),
        )
        record(
            acting.user,
            A.DUPLICATE_DISMISSED,
            obj=candidate,
            person=candidate.person_a,
            membership=acting,
            reason=reason.strip(),
            new={"other": str(candidate.person_b.public_id)},
        )


# References that do not follow the person when records merge: the merge bookkeeping itself, the
# materialised scope (rebuilt by refresh_scope), family membership (handled apart) and the link
# from a merged record to the one it was merged into.
_STAYS = {
    ("people.person", "merged_into"),
    ("people.familymember", "person"),
    ("identity.merge", "kept"),
    ("identity.merge", "merged"),
    ("identity.duplicatecandidate", "person_a"),
    ("identity.duplicatecandidate", "person_b"),
    ("access.scopeentry", "person"),
}


def _movable():
    """Rows that follow the person when records merge: (model, the field pointing at the person) —
    every many-to-one reference to a person in any app (names, documents, events, proceedings,
    placements, sessions, benefits, referrals, a carer or a DNA relative…), so a new record kind
    cannot be forgotten. One-to-one records (arrival, legal facts, case) are handled apart."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if (
                f.many_to_one
                and f.related_model is Person
                and (model._meta.label_lower, f.name) not in _STAYS
            ):
                found.append((model, f.name))
    return found


def _label(model, field: str) -> str:
    return f"{model._meta.label_lower}.{field}"


def do_merge_persons(acting: Membership, keep: Person, other: Person, *, reason: str) -> Merge:
    """Merge a duplicate record into the one kept: every name, document, event and link moves; nothing is lost.

    The merged record stays in the database, marked `merged_into`, with its case; the kept case
    gains the merged case's agencies so no agency loses sight of the person. `do_unmerge` undoes
    it exactly from what the Merge row records.
    """
    require(acting, Perm.MERGE_PERSONS)
    require_person_write(acting, keep, Perm.MERGE_PERSONS)
    require_person_write(acting, other, Perm.MERGE_PERSONS)
    if keep.pk == other.pk:
        raise ActionError({"": "A record cannot be merged with itself."})
    if not reason.strip():
        raise ActionError({"reason": "Say why these records are one person."})
    if Relationship.objects.filter(
        Q(source=keep, target=other) | Q(source=other, target=keep)
    ).exists():
        raise ActionError(
            {"": "These records are recorded as relatives of each other: they are two persons."}
        )
    if keep.sex != other.sex and "U" not in (keep.sex, other.sex):
        raise ActionError({"": "The records differ in sex; correct one of them before merging."})
    from zhusan.cases.models import Arrival, Assignment
    from zhusan.justice.models import LegalFacts

    with transaction.atomic():
        keep = Person.objects.select_for_update().get(pk=keep.pk)
        other = Person.objects.select_for_update().get(pk=other.pk)
        if keep.merged_into_id or other.merged_into_id:
            raise ActionError({"": "One of these records is already merged."})
        moved: dict[str, list[int]] = {}
        try:
            with transaction.atomic():
                for model, field in _movable():
                    ids = list(model.objects.filter(**{field: other}).values_list("pk", flat=True))
                    if ids:
                        model.objects.filter(pk__in=ids).update(**{field: keep})
                        moved[_label(model, field)] = ids
        except IntegrityError:
            raise ActionError(
                {
                    "": "Both records hold something a person can have only once (for example "
                    "an open placement): close it on one record before merging."
                }
            ) from None
        memberships = list(FamilyMember.objects.filter(person=other))
        shared = set(FamilyMember.objects.filter(person=keep).values_list("family_id", flat=True))
        moved["people.familymember.person"] = [
            m.pk for m in memberships if m.family_id not in shared
        ]
        FamilyMember.objects.filter(pk__in=moved["people.familymember.person"]).update(person=keep)
        moved["removed_family_members"] = [
            {"id": m.pk, "family": m.family_id, "role": m.role}
            for m in memberships
            if m.family_id in shared
        ]
        FamilyMember.objects.filter(
            pk__in=[m["id"] for m in moved["removed_family_members"]]
        ).delete()
        for single, label in (
            (Arrival, "cases.arrival.person"),
            (LegalFacts, "justice.legalfacts.person"),
        ):
            if (
                single.objects.filter(person=other).exists()
                and not single.objects.filter(person=keep).exists()
            ):
                moved[label] = list(
                    single.objects.filter(person=other).values_list("pk", flat=True)
                )
                single.objects.filter(person=other).update(person=keep)
        created = []
        keep_case = getattr(keep, "case", None)
        other_case = getattr(other, "case", None)
        if keep_case and other_case:
            present = set(
                Assignment.objects.filter(case=keep_case).values_list("agency_id", flat=True)
            )
            for a in Assignment.objects.filter(case=other_case, active=True).exclude(
                agency_id__in=present
            ):
                created.append(
                    Assignment.objects.create(
                        case=keep_case, agency_id=a.agency_id, since=a.since
                    ).pk
                )
        moved["assignments_created"] = created
        Person.objects.filter(pk=other.pk).update(merged_into=keep, version=F("version") + 1)
        refresh_scope([keep.pk, other.pk])
        Person.objects.filter(pk=keep.pk).update(version=F("version") + 1)
        merge = Merge.objects.create(
            kept=keep, merged=other, reason=reason.strip(), moved=moved, merged_by=acting.user
        )
        DuplicateCandidate.objects.filter(
            Q(person_a=keep, person_b=other) | Q(person_a=other, person_b=keep)
        ).update(
            status=DuplicateCandidate.Status.MERGED,
            decided_by=acting.user,
            decided_at=timezone.now(),
            reason=reason.strip(),
        )
        record(
            acting.user,
            A.PERSONS_MERGED,
            obj=merge,
            person=keep,
            membership=acting,
            reason=reason.strip(),
            new={
                "kept": str(keep.public_id),
                "merged": str(other.public_id),
                "moved": {k: len(v) for k, v in moved.items()},
            },
        )
    return merge


def do_unmerge(acting: Membership, merge: Merge, *, reason: str) -> None:
    """Undo a merge exactly: every moved row returns to the merged record, which reappears."""
    require(acting, Perm.MERGE_PERSONS)
    require_person_write(acting, merge.kept, Perm.MERGE_PERSONS)
    if merge.undone_at:
        raise ActionError({"": "This merge is already undone."})
    if not reason.strip():
        raise ActionError({"reason": "Say why the merge is undone."})
    from zhusan.cases.models import Assignment

    models = {_label(m, f): (m, f) for m, f in _movable()}
    from zhusan.cases.models import Arrival
    from zhusan.justice.models import LegalFacts

    models["people.familymember.person"] = (FamilyMember, "person")
    models["cases.arrival.person"] = (Arrival, "person")
    models["justice.legalfacts.person"] = (LegalFacts, "person")
    with transaction.atomic():
        other = merge.merged
        for label, ids in merge.moved.items():
            if label in models and ids:
                model, field = models[label]
                model.objects.filter(pk__in=ids).update(**{field: other})
        for m in merge.moved.get("removed_family_members", []):
            FamilyMember.objects.create(
                id=m["id"], family_id=m["family"], person=other, role=m["role"]
            )
        Assignment.objects.filter(pk__in=merge.moved.get("assignments_created", [])).delete()
        Person.objects.filter(pk=other.pk).update(merged_into=None, version=F("version") + 1)
        refresh_scope([merge.kept_id, other.pk])
        Person.objects.filter(pk=merge.kept_id).update(version=F("version") + 1)
        Merge.objects.filter(pk=merge.pk).update(
            undone_at=timezone.now(), undone_by=acting.user, undo_reason=reason.strip()
        )
        DuplicateCandidate.objects.filter(
            Q(person_a=merge.kept, person_b=other) | Q(person_a=other, person_b=merge.kept)
        ).update(status=DuplicateCandidate.Status.OPEN, decided_by=None, decided_at=None)
        record(
            acting.user,
            A.PERSONS_UNMERGED,
            obj=merge,
            person=merge.kept,
            membership=acting,
            reason=reason.strip(),
            new={"restored": str(other.public_id)},
        )
