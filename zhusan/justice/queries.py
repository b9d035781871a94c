"""Read-side questions over justice records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from zhusan import law
from zhusan.justice.facts import facts_for
from zhusan.justice.models import CustodyPeriod
from zhusan.people.models import Person

TIME_BASED = ("parole", "milder_punishment")


@dataclass(frozen=True)
class EligibleRow:
    person: Person
    facility: str
    measure: str
    earliest_date: dt.date
    outcome: str
    needs_review: bool
    reasons: list[str]


def becoming_eligible(
    persons: QuerySet[Person], start: dt.date, end: dt.date, *, facility: str = ""
) -> list[EligibleRow]:
    """Persons in custody whose earliest date for a time-based measure falls between start and end.

    The engine is asked as of `end`, so the outcome shown is what the law makes possible on that
    day (eligible, mandatory, or still blocked by a condition other than time, such as the active
    assistance a terrorist conviction requires).
    """
    open_periods = CustodyPeriod.objects.filter(
        person__in=persons, end_date__isnull=True
    ).select_related("person")
    if facility:
        open_periods = open_periods.filter(facility=facility)
    rows: list[EligibleRow] = []
    for period in open_periods.order_by("person_id"):
        facts = facts_for(period.person, end)
        if facts is None:
            continue
        try:
            result = law.evaluate(facts)
        except law.FactsError:
            continue  # e.g. the period ends before the sentence began: nothing to assess yet
        for m in result["measures"]:
            if m["measure"] not in TIME_BASED or not m.get("earliest_date"):
                continue
            earliest = dt.date.fromisoformat(m["earliest_date"])
            if start <= earliest <= end:
                rows.append(
                    EligibleRow(
                        period.person,
                        period.facility,
                        m["measure"],
                        earliest,
                        m["outcome"],
                        m["needs_review"],
                        m["reasons"],
                    )
                )
    rows.sort(key=lambda r: (r.earliest_date, r.person.display_name))
    return rows
