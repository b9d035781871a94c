"""Every write to persons, names, documents, relationships and families."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhusan.access.scope import refresh_scope, require, require_person_write
from zhusan.accounts.models import Membership
from zhusan.accounts.roles import Perm
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.identity.actions import do_check_duplicates, index_name
from zhusan.identity.blocking import name_index
from zhusan.identity.scripts import detect_script
from zhusan.lib.dates import DatePrecision
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.people.models import (
    Citizenship,
    Document,
    DocumentKind,
    DocumentStatus,
    Family,
    FamilyMember,
    FamilyRole,
    MarriageEnd,
    NameKind,
    NameToken,
    Person,
    PersonName,
    Relationship,
    RelationshipKind,
    Script,
    Sex,
)

EDITABLE_FIELDS = (
    "sex",
    "birth_date",
    "birth_date_precision",
    "birth_place",
    "citizenship",
    "deceased",
    "death_date",
    "home_region",
    "care_needs",
)


@dataclass(frozen=True)
class NameInput:
    full_name: str
    script: str = ""
    kind: str = NameKind.AGENCY
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""


def _choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise ActionError({field: f"{value!r} is not one of {', '.join(choices.values)}"})
    return value


def _check_birth(birth_date: dt.date | None, precision: str) -> None:
    _choice(precision, DatePrecision, "birth_date_precision")
    if birth_date is None and precision != DatePrecision.UNKNOWN:
        raise ActionError({"birth_date": "A precision is given but no date."})
    if birth_date is not None and precision == DatePrecision.UNKNOWN:
        raise ActionError({"birth_date_precision": "A date is given; say how precise it is."})
    if birth_date is not None and birth_date > timezone.localdate():
        raise ActionError({"birth_date": "The birth date is in the future."})


def person_snapshot(person: Person) -> dict:
    return {f: getattr(person, f) for f in EDITABLE_FIELDS} | {"version": person.version}


def _write_name(person: Person, name: NameInput, agency) -> PersonName:
    text = " ".join((name.full_name or "").split())
    if not text:
        raise ActionError({"full_name": "A name cannot be empty."})
    if len(text) > 300:
        raise ActionError({"full_name": "A name can be at most 300 characters."})
    script = name.script or str(detect_script(text))
    if not name.script and script not in Script.values:
        script = Script.OTHER  # mixed scripts are stored as written and marked "other"
    _choice(script, Script, "script")
    _choice(name.kind, NameKind, "kind")
    index = name_index(text)
    row = PersonName.objects.create(
        person=person,
        full_name=text,
        surname=name.surname.strip(),
        given_name=name.given_name.strip(),
        patronymic=name.patronymic.strip(),
        script=script,
        kind=name.kind,
        agency=agency,
        search_key=index.search_key,
    )
    NameToken.objects.bulk_create([NameToken(person=person, name=row, key=k) for k in index.tokens])
    index_name(row, index)
    return row


def do_create_person(
    acting: Membership,
    *,
    names: list[NameInput],
    sex: str = Sex.UNKNOWN,
    birth_date: dt.date | None = None,
    birth_date_precision: str = DatePrecision.UNKNOWN,
    birth_place: str = "",
    citizenship: str = Citizenship.UNDETERMINED,
    home_region: str = "",
    care_needs: str = "",
    deceased: bool = False,
    death_date: dt.date | None = None,
) -> Person:
    """Register a person with at least one name."""
    require(acting, Perm.CREATE_PERSON)
    if not names:
        raise ActionError({"names": "A person needs at least one name."})
    _choice(sex, Sex, "sex")
    _choice(citizenship, Citizenship, "citizenship")
    _check_birth(birth_date, birth_date_precision)
    with transaction.atomic():
        person = Person.objects.create(
            sex=sex,
            birth_date=birth_date,
            birth_date_precision=birth_date_precision,
            birth_place=birth_place.strip(),
            citizenship=citizenship,
            home_region=home_region,
            care_needs=care_needs,
            deceased=deceased,
            death_date=death_date,
            created_by_agency=acting.agency,
        )
        written = [_write_name(person, n, acting.agency) for n in names]
        person.display_name = written[0].full_name
        Person.objects.filter(pk=person.pk).update(display_name=person.display_name)
        do_check_duplicates(acting, person)
        record(
            acting.user,
            A.PERSON_CREATED,
            obj=person,
            person=person,
            membership=acting,
            new=person_snapshot(person) | {"names": [n.full_name for n in written]},
        )
    return person


def do_update_person(acting: Membership, person: Person, *, version: int, **changes) -> Person:
    """Change a person's particulars, refusing if someone else saved first."""
    require_person_write(acting, person, Perm.EDIT_PERSON)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ActionError(dict.fromkeys(sorted(unknown), "This field cannot be changed here."))
    if "sex" in changes:
        _choice(changes["sex"], Sex, "sex")
    if "citizenship" in changes:
        _choice(changes["citizenship"], Citizenship, "citizenship")
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        if current.version != version:
            raise ConcurrentEdit(person_snapshot(current), current.version)
        before = person_snapshot(current)
        for field, value in changes.items():
            setattr(current, field, value)
        _check_birth(current.birth_date, current.birth_date_precision)
        updated = Person.objects.filter(pk=current.pk, version=version).update(
            version=F("version") + 1, **changes
        )
        if not updated:  # pragma: no cover - select_for_update makes this unreachable on PostgreSQL
            raise ConcurrentEdit(before, current.version)
        current.refresh_from_db()
        after = person_snapshot(current)
        record(
            acting.user,
            A.PERSON_UPDATED,
            obj=current,
            person=current,
            membership=acting,
            old={k: v for k, v in before.items() if after[k] != v},
            new={k: v for k, v in after.items() if before[k] != v},
        )
    return current


def do_add_name(acting: Membership, person: Person, name: NameInput) -> PersonName:
    """Record one more way the person's name is written."""
    require_person_write(acting, person, Perm.EDIT_PERSON)
    with transaction.atomic():
        row = _write_name(person, name, acting.agency)
        record(
            acting.user,
            A.NAME_ADDED,
            obj=row,
            person=person,
            membership=acting,
            new={"full_name": row.full_name, "script": row.script, "kind": row.kind},
        )
    return row


def do_add_document(
    acting: Membership,
    person: Person,
    *,
    kind: str,
    status: str,
    number: str = "",
    issuing_country: str = "",
    issued_on: dt.date | None = None,
) -> Document:
    """Record a passport, identity card or birth certificate."""
    require_person_write(acting, person, Perm.EDIT_PERSON)
    _choice(kind, DocumentKind, "kind")
    _choice(status, DocumentStatus, "status")
    with transaction.atomic():
        doc = Document.objects.create(
            person=person,
            kind=kind,
            status=status,
            number=number.strip(),
            issuing_country=issuing_country,
            issued_on=issued_on,
            agency=acting.agency,
        )
        record(
            acting.user,
            A.DOCUMENT_ADDED,
            obj=doc,
            person=person,
            membership=acting,
            new={"kind": kind, "status": status, "number": doc.number},
        )
    return doc


def do_add_relationship(
    acting: Membership,
    source: Person,
    target: Person,
    *,
    kind: str,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    end_reason: str = "",
    note: str = "",
) -> Relationship:
    """Link two persons: `source` is the parent, spouse, guardian or sibling of `target`."""
    require_person_write(acting, source, Perm.EDIT_FAMILY)
    _choice(kind, RelationshipKind, "kind")
    _choice(end_reason, MarriageEnd, "end_reason")
    if source.pk == target.pk:
        raise ActionError({"target": "A person cannot be related to themselves."})
    if end_reason and kind != RelationshipKind.SPOUSE:
        raise ActionError({"end_reason": "Only a marriage has a way it ended."})
    if start_date and end_date and end_date < start_date:
        raise ActionError({"end_date": "The end is before the start."})
    symmetric = kind in (RelationshipKind.SPOUSE, RelationshipKind.SIBLING)
    exists = Relationship.objects.filter(source=source, target=target, kind=kind)
    if symmetric:
        exists = exists | Relationship.objects.filter(source=target, target=source, kind=kind)
    if (
        kind == RelationshipKind.PARENT
        and Relationship.objects.filter(source=target, target=source, kind=kind).exists()
    ):
        raise ActionError({"target": "That person is already recorded as this person's parent."})
    if exists.exists():
        raise ActionError({"target": "This relationship is already recorded."})
    with transaction.atomic():
        rel = Relationship.objects.create(
            source=source,
            target=target,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            end_reason=end_reason,
            note=note,
            agency=acting.agency,
        )
        record(
            acting.user,
            A.RELATIONSHIP_ADDED,
            obj=rel,
            person=source,
            membership=acting,
            new={"kind": kind, "target": str(target.public_id), "end_reason": end_reason},
        )
    return rel


def do_create_family(
    acting: Membership, *, label: str, members: list[tuple[Person, str]]
) -> Family:
    """Group persons as one family, each with a role in it."""
    require(acting, Perm.EDIT_FAMILY)
    if not label.strip():
        raise ActionError({"label": "A family needs a label."})
    with transaction.atomic():
        family = Family.objects.create(label=label.strip())
        record(
            acting.user,
            A.FAMILY_CREATED,
            obj=family,
            membership=acting,
            new={"label": family.label},
        )
        for person, role in members:
            do_add_family_member(acting, family, person, role)
    return family


def do_add_family_member(
    acting: Membership, family: Family, person: Person, role: str
) -> FamilyMember:
    require(acting, Perm.EDIT_FAMILY)
    _choice(role, FamilyRole, "role")
    if FamilyMember.objects.filter(family=family, person=person).exists():
        raise ActionError({"person": "This person is already in the family."})
    with transaction.atomic():
        member = FamilyMember.objects.create(family=family, person=person, role=role)
        refresh_scope([person.pk])
        record(
            acting.user,
            A.FAMILY_MEMBER_ADDED,
            obj=family,
            person=person,
            membership=acting,
            new={"role": role},
        )
    return member
