"""The first official indicators, each with its definition (the full catalogue is a later issue)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count


@dataclass(frozen=True)
class Indicator:
    code: str
    definition: str
    rows: list[dict]


def returned_by_stage() -> Indicator:
    from zhusan.cases.models import Arrival

    rows = (
        Arrival.objects.filter(person__merged_into__isnull=True)
        .values("stage__operation__name", "stage__name", "stage__start_date", "age_group")
        .annotate(persons=Count("id"))
        .order_by("stage__start_date", "stage__name", "age_group")
    )
    return Indicator(
        "returned_by_stage",
        "Persons whose arrival is recorded, by operation stage and as counted on the day of arrival "
        "(man, woman, child under 18). Duplicate records merged into another are not counted.",
        [
            {
                "operation": r["stage__operation__name"],
                "stage": r["stage__name"],
                "counted_as": r["age_group"],
                "persons": r["persons"],
            }
            for r in rows
        ],
    )


def orphans_by_stage() -> Indicator:
    from zhusan.cases.models import Arrival

    rows = (
        Arrival.objects.filter(person__merged_into__isnull=True, unaccompanied=True)
        .values("stage__name", "stage__start_date")
        .annotate(persons=Count("id"))
        .order_by("stage__start_date")
    )
    return Indicator(
        "orphans_by_stage",
        "Children recorded on arrival as orphans or without a parent on the flight, by stage.",
        [{"stage": r["stage__name"], "persons": r["persons"]} for r in rows],
    )


def cases_by_state() -> Indicator:
    from zhusan.cases.models import Case

    rows = (
        Case.objects.filter(person__merged_into__isnull=True)
        .values("state")
        .annotate(cases=Count("id"))
        .order_by("state")
    )
    return Indicator(
        "cases_by_state",
        "Cases by their current pathway state, as of now.",
        [{"state": r["state"], "cases": r["cases"]} for r in rows],
    )


def all_indicators() -> list[Indicator]:
    return [returned_by_stage(), orphans_by_stage(), cases_by_state()]
