"""Request and response shapes of the REST API."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema
from pydantic import field_validator

from zhusan.cases.models import CloseOutcome, EventType, ScreeningOutcome
from zhusan.cases.pathway import State
from zhusan.people.models import Citizenship, MarriageEnd, NameKind, RelationshipKind, Script, Sex

PARTIAL_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"


def documented(default, *, enum=None, pattern=None, **kwargs):
    """A field whose allowed values (a choice, a partial-date form) are published in the schema.

    Only published: the actions check them and answer with their own 422, naming the field.
    """
    extra = {}
    if enum is not None:
        extra["enum"] = list(enum)
    if pattern is not None:
        extra["pattern"] = pattern
    return Field(default, json_schema_extra=extra, **kwargs)


def storable_text(value):
    """Refuse text with a NUL character, which PostgreSQL cannot store (JSON can carry one)."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("Text must not contain NUL (\\x00) characters.")
    return value


class In(Schema):
    """Base of every request shape (body or query): its text fields are storable."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value):
        return storable_text(value)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = {}


class ConflictOut(ErrorOut):
    current: dict
    version: int


class NameIn(In):
    full_name: str = Field(..., min_length=1, max_length=300)
    script: str = documented(
        "", enum=["", *Script.values], description="empty to detect from the name"
    )
    kind: str = documented("agency", enum=NameKind.values)
    surname: str = Field("", max_length=150)
    given_name: str = Field("", max_length=150)
    patronymic: str = Field("", max_length=150)


class NameOut(Schema):
    full_name: str
    script: str
    kind: str
    surname: str
    given_name: str
    patronymic: str
    agency: str | None


class PersonIn(In):
    names: list[NameIn] = Field(..., min_length=1, max_length=20)
    sex: str = documented("U", enum=Sex.values)
    birth_date: str = documented(
        "", pattern=PARTIAL_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD; empty if unknown"
    )
    birth_place: str = Field("", max_length=200)
    citizenship: str = documented("undetermined", enum=Citizenship.values)
    home_region: str = Field("", max_length=100)


class PersonPatch(In):
    version: int
    sex: str | None = documented(None, enum=[*Sex.values, None])
    birth_date: str | None = documented(
        None, pattern=PARTIAL_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD; empty to clear"
    )
    birth_place: str | None = Field(None, max_length=200)
    citizenship: str | None = documented(None, enum=[*Citizenship.values, None])
    deceased: bool | None = None
    death_date: dt.date | None = None
    home_region: str | None = Field(None, max_length=100)
    care_needs: str | None = Field(None, max_length=200)


class CaseBrief(Schema):
    id: UUID
    state: str
    state_since: dt.date
    state_place: str


class PersonOut(Schema):
    id: UUID
    display_name: str
    sex: str
    birth_date: str
    birth_date_precision: str
    birth_place: str
    citizenship: str
    deceased: bool
    home_region: str
    version: int
    case: CaseBrief | None
    stage: str | None


class PersonDetailOut(PersonOut):
    names: list[NameOut]


class PersonPage(Schema):
    count: int
    page: int
    pages: int
    results: list[PersonOut]


class RelationshipIn(In):
    kind: str = documented(
        ..., enum=RelationshipKind.values, description="this person is the <kind> of target"
    )
    target: UUID
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    end_reason: str = documented("", enum=MarriageEnd.values, description="a marriage only")
    note: str = Field("", max_length=300)


class RelationshipOut(Schema):
    id: UUID
    kind: str
    source: UUID
    target: UUID
    start_date: dt.date | None
    end_date: dt.date | None
    end_reason: str
    note: str


class EventIn(In):
    type: str = documented(..., enum=EventType.values)
    date: str = documented(
        "", pattern=PARTIAL_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD; empty if unknown"
    )
    place: str = Field("", max_length=200)
    note: str = Field("", max_length=5000)
    outcome: str = documented(
        "", enum=["", *ScreeningOutcome.values], description="for a screening outcome"
    )


class EventOut(Schema):
    id: UUID
    type: str
    date: str
    date_precision: str
    place: str
    agency: str
    note: str
    outcome: str


class MoveIn(In):
    to_state: str = documented(..., enum=State.values)
    date: dt.date
    reason: str = Field(..., min_length=1, max_length=2000)
    place: str = Field("", max_length=120)
    outcome: str = documented(
        "",
        enum=["", *CloseOutcome.values],
        description="required when moving to closed: how the case ended",
    )
    version: int | None = None


class TransitionOut(Schema):
    from_state: str
    to_state: str
    date: dt.date
    place: str
    reason: str
    outcome: str = ""
    agency: str


class CaseOut(Schema):
    id: UUID
    person: UUID
    state: str
    state_since: dt.date
    state_place: str
    opened_on: dt.date
    lead_agency: str
    version: int
    transitions: list[TransitionOut]


class StageOut(Schema):
    id: UUID
    number: int
    name: str
    country: str
    start_date: dt.date
    end_date: dt.date | None
    arrivals: int


class OperationOut(Schema):
    id: UUID
    code: str
    name: str
    country: str
    start_date: dt.date | None
    end_date: dt.date | None
    stages: list[StageOut]
