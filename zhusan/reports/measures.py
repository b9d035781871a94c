"""The queries behind the indicators, and the breakdowns (dimensions) they may be cut by.

A measure turns a reference date (and, for period indicators, a start date) into a `Frame`: a
queryset with one row per counted occurrence, the path from its model to the person, and the
expressions of its own dimensions. The engine (zhusan.reports.engine) adds the person's
dimensions, groups and counts distinct units. Every measure leaves out duplicate records merged
into another, and everything dated after the reference date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- dimensions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Any  # lazy text
    # The label of a value (e.g. "F" → "female"); None → "not recorded".
    value_label: Callable[[Any], str] = str
    # How rows are ordered along this dimension (default: by label).
    order: Callable[[Any], Any] | None = None


def _choices(choices_cls) -> Callable[[Any], str]:
    labels = dict(choices_cls.choices)
    return lambda v: str(labels.get(v, v))


def _stage_order(value):
    from zhusan.cases.models import OperationStage

    starts = dict(OperationStage.objects.values_list("name", "start_date"))
    return starts.get(value, dt.date.max)


AGE_BANDS = ("0-6", "7-13", "14-17", "18-29", "30-44", "45+")
LENGTH_BANDS = ("under_5", "5_9", "10_14", "15_plus", "life")
ROUTES = ("parole", "milder_punishment", "illness_release", "end_of_term")


def _dimensions() -> dict[str, Dimension]:
    from zhusan.cases.models import AgeGroup, ScreeningOutcome
    from zhusan.cases.pathway import State
    from zhusan.justice.models import CustodyPeriod, Petition
    from zhusan.people.models import Sex

    length = {
        "under_5": _("under 5 years"),
        "5_9": _("5–9 years"),
        "10_14": _("10–14 years"),
        "15_plus": _("15 years or more"),
        "life": _("life imprisonment"),
    }
    routes = dict(Petition.Measure.choices) | {"end_of_term": _("end of term")}
    state_order = {s: n for n, s in enumerate(State.values)}
    dims = [
        Dimension("year", _("year"), str, lambda v: v or 0),
        Dimension("operation", _("operation")),
        Dimension("stage", _("stage"), str, _stage_order),
        Dimension("counted_as", _("counted as"), _choices(AgeGroup)),
        Dimension("sex", _("sex"), _choices(Sex)),
        Dimension(
            "age_band",
            _("age at arrival"),
            str,
            lambda v: AGE_BANDS.index(v) if v in AGE_BANDS else 99,
        ),
        Dimension("region", _("home region")),
        Dimension(
            "orphan",
            _("without a parent on arrival"),
            lambda v: str(_("yes") if v else _("no")),
        ),
        Dimension("state", _("pathway state"), _choices(State), lambda v: state_order.get(v, 99)),
        Dimension("agency", _("lead agency")),
        Dimension("outcome", _("screening outcome"), _choices(ScreeningOutcome)),
        Dimension("article", _("article of the Criminal Code"), lambda v: f"{v}", _article_key),
        Dimension(
            "length_band",
            _("sentence length"),
            lambda v: str(length.get(v, v)),
            lambda v: LENGTH_BANDS.index(v) if v in LENGTH_BANDS else 99,
        ),
        Dimension("custody_kind", _("kind of custody"), _choices(CustodyPeriod.Kind)),
        Dimension(
            "route",
            _("route of release"),
            lambda v: str(routes.get(v, v)),
            lambda v: ROUTES.index(v) if v in ROUTES else 99,
        ),
    ]
    dims += _care_dimensions()
    return {d.code: d for d in dims}


def _article_key(value):
    head, _sep, part = str(value).partition("(")
    digits = "".join(c for c in head if c.isdigit())
    return (int(digits) if digits else 9999, head, part)


def _care_dimensions() -> list[Dimension]:
    """Dimensions over the rehabilitation and children's records."""
    from zhusan.reports import care

    return care.dimensions()


class _LazyDimensions(dict):
    """DIMENSIONS, built on first use (the model choices need the apps loaded)."""

    def _load(self):
        if not super().__len__():
            super().update(_dimensions())

    def __getitem__(self, key):
        self._load()
        return super().__getitem__(key)

    def __iter__(self):
        self._load()
        return super().__iter__()

    def __contains__(self, key):
        self._load()
        return super().__contains__(key)

    def __len__(self):
        self._load()
        return super().__len__()

    def get(self, key, default=None):
        self._load()
        return super().get(key, default)


DIMENSIONS: dict[str, Dimension] = _LazyDimensions()


def person_dimension(code: str, p: str, as_of: dt.date):
    """The expression of a person-level dimension, reached from a model through prefix `p`."""
    if code == "operation":
        return F(f"{p}arrival__stage__operation__name")
    if code == "stage":
        return F(f"{p}arrival__stage__name")
    if code == "counted_as":
        return F(f"{p}arrival__age_group")
    if code == "sex":
        return F(f"{p}sex")
    if code == "region":
        return F(f"{p}home_region")
    if code == "orphan":
        return F(f"{p}arrival__unaccompanied")
    if code == "agency":
        return F(f"{p}case__lead_agency__name")
    if code == "age_band":
        return age_band(f"{p}birth_date", f"{p}arrival__arrived_on")
    if code == "state":
        return state_as_of(p, as_of)
    raise KeyError(code)


PERSON_DIMENSIONS = (
    "operation",
    "stage",
    "counted_as",
    "sex",
    "region",
    "orphan",
    "agency",
    "age_band",
    "state",
)


def age_in_years(birth: str, on: str):
    """Whole years between two date columns, in SQL that SQLite and PostgreSQL both run."""
    before_birthday = Case(
        When(
            LessThan(
                ExtractMonth(on) * 100 + ExtractDay(on),
                ExtractMonth(birth) * 100 + ExtractDay(birth),
            ),
            then=Value(1),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    return ExtractYear(on) - ExtractYear(birth) - before_birthday


def age_band(birth: str, on: str):
    age = age_in_years(birth, on)
    return Case(
        When(**{f"{birth}__isnull": True}, then=Value(None)),
        When(**{f"{on}__isnull": True}, then=Value(None)),
        When(LessThan(age, 7), then=Value("0-6")),
        When(LessThan(age, 14), then=Value("7-13")),
        When(LessThan(age, 18), then=Value("14-17")),
        When(LessThan(age, 30), then=Value("18-29")),
        When(LessThan(age, 45), then=Value("30-44")),
        default=Value("45+"),
        output_field=CharField(),
    )


def state_as_of(p: str, as_of: dt.date):
    """The pathway state on `as_of`: the current state when that is today, else the last move."""
    from zhusan.cases.models import CaseTransition

    if as_of >= timezone.localdate():
        return F(f"{p}case__state")
    person = OuterRef(f"{p}id" if p else "pk")
    last = (
        CaseTransition.objects.filter(case__person=person, date__lte=as_of)
        .order_by("-date", "-id")
        .values("to_state")[:1]
    )
    return Subquery(last)


# --- measures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    queryset: QuerySet
    # Path from the queryset's model to the person ("" when the model is Person).
    person: str
    # The counted unit: "persons" count distinct person ids, "cases" distinct case ids.
    unit_field: str
    dims: dict[str, Any] = field(default_factory=dict)
    # One row per unit: counted without DISTINCT, and the total is the sum of the cells.
    unique: bool = False
    # Dimensions given as one filter per value (semi-joins, fast on large tables) rather than
    # an expression per row; `exclusive` when every unit falls under exactly one value.
    splits: dict[str, list[tuple[Any, Q]]] = field(default_factory=dict)
    exclusive: bool = True


def latest(model, partition: str, order: str, **within) -> Exists:
    """EXISTS a later row of `model` in the same `partition` (ties broken by id), among the rows
    matching `within`: excluding it keeps one row per partition, the latest, as an anti-join."""
    later = Q(**{f"{order}__gt": OuterRef(order)}) | Q(
        **{order: OuterRef(order), "id__gt": OuterRef("id")}
    )
    return Exists(model.objects.filter(later, **{partition: OuterRef(partition)}, **within))


def earliest(model, partition: str, order: str, **within) -> Exists:
    """EXISTS an earlier row in the same partition (see `latest`)."""
    earlier = Q(**{f"{order}__lt": OuterRef(order)}) | Q(
        **{order: OuterRef(order), "id__lt": OuterRef("id")}
    )
    return Exists(model.objects.filter(earlier, **{partition: OuterRef(partition)}, **within))


def _persons():
    from zhusan.people.models import Person

    return Person.objects.filter(merged_into__isnull=True)


def left_country(as_of: dt.date, start: dt.date | None) -> Frame:
    from zhusan.cases.models import Event, EventType

    departures = {"type": EventType.LEFT_COUNTRY, "date__isnull": False}
    qs = Event.objects.filter(
        **departures, date__lte=as_of, person__merged_into__isnull=True
    ).exclude(earliest(Event, "person", "date", **departures))
    if start:
        qs = qs.filter(date__gte=start)
    return Frame(qs, "person__", "person_id", {"year": ExtractYear("date")}, unique=True)


def returned(as_of: dt.date, start: dt.date | None) -> Frame:
    qs = _persons().filter(arrival__arrived_on__lte=as_of)
    if start:
        qs = qs.filter(arrival__arrived_on__gte=start)
    return Frame(qs, "", "id", unique=True)


def orphans_returned(as_of: dt.date, start: dt.date | None) -> Frame:
    frame = returned(as_of, start)
    return Frame(frame.queryset.filter(arrival__unaccompanied=True), "", "id", unique=True)


def screened(as_of: dt.date, start: dt.date | None) -> Frame:
    from zhusan.cases.models import Event, EventType

    outcomes = {"type": EventType.SCREENING_OUTCOME, "date__lte": as_of, "outcome__gt": ""}
    qs = Event.objects.filter(**outcomes, person__merged_into__isnull=True).exclude(
        latest(Event, "person", "date", **outcomes)
    )
    return Frame(qs, "person__", "person_id", {"outcome": F("outcome")}, unique=True)


def _charges():
    from zhusan.justice.models import Charge

    return Charge.objects.filter(proceeding__person__merged_into__isnull=True)


def _article():
    """ "257(2)": the article and, where recorded, its part."""
    return Case(
        When(part="", then=F("article")),
        default=Concat(F("article"), Value("("), F("part"), Value(")")),
        output_field=CharField(),
    )


def charged(as_of: dt.date, start: dt.date | None) -> Frame:
    qs = _charges().filter(proceeding__opened_on__lte=as_of)
    return Frame(qs, "proceeding__person__", "proceeding__person_id", {"article": _article()})


def convicted(as_of: dt.date, start: dt.date | None) -> Frame:
    qs = _charges().filter(proceeding__verdict="convicted", proceeding__verdict_date__lte=as_of)
    if start:
        qs = qs.filter(proceeding__verdict_date__gte=start)
    return Frame(
        qs,
        "proceeding__person__",
        "proceeding__person_id",
        {"article": _article(), "year": ExtractYear("proceeding__verdict_date")},
    )


def sentence_length(as_of: dt.date, start: dt.date | None) -> Frame:
    from zhusan.justice.models import Sentence

    qs = Sentence.objects.filter(
        kind=Sentence.Kind.IMPRISONMENT,
        proceeding__verdict_date__lte=as_of,
        proceeding__person__merged_into__isnull=True,
    )
    months = F("years") * 12 + F("months")
    band = Case(
        When(life=True, then=Value("life")),
        When(LessThan(months, 60), then=Value("under_5")),
        When(LessThan(months, 120), then=Value("5_9")),
        When(LessThan(months, 180), then=Value("10_14")),
        default=Value("15_plus"),
        output_field=CharField(),
    )
    return Frame(qs, "proceeding__person__", "proceeding__person_id", {"length_band": band})


def _open_on(as_of: dt.date) -> Q:
    return Q(start_date__lte=as_of) & (Q(end_date__isnull=True) | Q(end_date__gt=as_of))


def in_custody(as_of: dt.date, start: dt.date | None) -> Frame:
    from zhusan.justice.models import CustodyPeriod

    qs = CustodyPeriod.objects.filter(_open_on(as_of), person__merged_into__isnull=True)
    # Custody periods do not overlap (a new one closes the open one): one row per person.
    return Frame(qs, "person__", "person_id", {"custody_kind": F("kind")}, unique=True)


def released(as_of: dt.date, start: dt.date | None) -> Frame:
    from zhusan.justice.models import CustodyPeriod, Petition

    ended = {"end_date__isnull": False, "end_date__lte": as_of}
    still_held = CustodyPeriod.objects.filter(_open_on(as_of), person=OuterRef("person"))
    qs = (
        CustodyPeriod.objects.filter(**ended, person__merged_into__isnull=True)
        .exclude(latest(CustodyPeriod, "person", "end_date", **ended))
        .exclude(Exists(still_held))
    )
    if start:
        qs = qs.filter(end_date__gte=start)
    granted = (
        Petition.objects.filter(
            person=OuterRef("person"),
            decision=Petition.Decision.GRANTED,
            decided_on__lte=OuterRef("end_date"),
        )
        .order_by("-decided_on", "-id")
        .values("measure")[:1]
    )
    route = Coalesce(Subquery(granted), Value("end_of_term"), output_field=CharField())
    return Frame(
        qs, "person__", "person_id", {"route": route, "year": ExtractYear("end_date")}, unique=True
    )


def last_moves(as_of: dt.date):
    """Each case's last pathway move on or before the date (one row per case)."""
    from zhusan.cases.models import CaseTransition

    within = {"date__lte": as_of}
    return CaseTransition.objects.filter(**within, case__person__merged_into__isnull=True).exclude(
        latest(CaseTransition, "case", "date", **within)
    )


def pathway_state(as_of: dt.date, start: dt.date | None) -> Frame:
    if as_of >= timezone.localdate():
        qs = _persons().filter(case__isnull=False)
        return Frame(qs, "", "case__id", {"state": F("case__state")}, unique=True)
    return Frame(
        last_moves(as_of), "case__person__", "case_id", {"state": F("to_state")}, unique=True
    )


def pathway_reached(as_of: dt.date, start: dt.date | None) -> Frame:
    from zhusan.cases.models import CaseTransition

    qs = CaseTransition.objects.filter(date__lte=as_of, case__person__merged_into__isnull=True)
    return Frame(qs, "case__person__", "case_id", {"state": F("to_state")})


def in_rehabilitation(as_of: dt.date, start: dt.date | None) -> Frame:
    from zhusan.cases.pathway import State

    frame = pathway_state(as_of, start)
    field_name = "case__state" if frame.person == "" else "to_state"
    qs = frame.queryset.filter(**{field_name: State.REHABILITATION})
    return Frame(qs, frame.person, frame.unit_field, unique=True)


def _care_measures() -> dict[str, Callable[[dt.date, dt.date | None], Frame]]:
    from zhusan.reports import care

    return care.measures()


MEASURES: dict[str, Callable[[dt.date, dt.date | None], Frame]] = {
    "left_country": left_country,
    "returned": returned,
    "orphans_returned": orphans_returned,
    "screened": screened,
    "charged": charged,
    "convicted": convicted,
    "sentence_length": sentence_length,
    "in_custody": in_custody,
    "released": released,
    "pathway_state": pathway_state,
    "pathway_reached": pathway_reached,
    "in_rehabilitation": in_rehabilitation,
    **_care_measures(),
}
