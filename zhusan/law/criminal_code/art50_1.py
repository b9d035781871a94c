"""CC RK art. 50-1: deprivation of citizenship as an additional punishment."""

from __future__ import annotations

from typing import Any

from zhusan.law.citizenship_law import art1
from zhusan.law.conviction import Conviction, Count
from zhusan.law.criminal_code import art6
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding
from zhusan.law.rule import Rule

IN_SANCTION = Rule(
    code="CC-50-1-1",
    label="Deprivation may be imposed only where the sanction of the article part provides it, "
    "and even then the court may impose the sentence without it",
    citation="CC RK art. 50-1(1)",
    effective_from=art1.COMMENCEMENT,
    quote="лишением гражданства Республики Казахстан или без такового",
)
UNDER_18 = Rule(
    code="CC-50-1-2",
    label="Deprivation is not imposed for a crime committed under 18",
    citation="CC RK art. 50-1(2)",
    effective_from=art1.COMMENCEMENT,
)
UNKNOWN_SANCTION = Rule(
    code="CC-50-1-UNKNOWN",
    label="Whether the sanction provides deprivation is not known to the engine",
    citation="CC RK art. 50-1(1)",
    effective_from=art1.COMMENCEMENT,
    confidence="U",
)
NOT_CITIZEN = Rule(
    code="CC-50-1-CITIZEN",
    label="Only a citizen can be deprived of citizenship",
    citation="CC RK art. 50-1(1)",
    effective_from=art1.COMMENCEMENT,
)
RULES = (IN_SANCTION, UNDER_18, UNKNOWN_SANCTION, NOT_CITIZEN)


def _count(count: Count, a: Finding) -> str:
    """Assess one count: "possible", "no", "barred", "missing" or "review"."""
    name = f"art. {count.offence.article}({count.offence.part})"
    if count.offence.offence_date < art1.COMMENCEMENT:
        a.apply(art1.BEFORE_COMMENCEMENT, f"{name}: committed before 25 July 2017.")
        return "no"
    if count.deprivation is False:
        a.apply(IN_SANCTION, f"{name}: the sanction does not provide deprivation.")
        if count.lenient_later:
            a.apply(art6.LENIENT_LAW, f"{name}: a later sanction without deprivation applies.")
        return "no"
    if count.deprivation is None:
        a.flag(UNKNOWN_SANCTION, f"{name}: whether the sanction provides deprivation is not known.")
        return "review"
    if count.minor is None:
        a.need(
            "person.birth_date",
            UNDER_18,
            f"{name}: deprivation needs the offender to have been 18.",
        )
        return "missing"
    if count.minor == "below":
        # Art. 50-1(2) (reference §3, no Russian text given): not imposed for a crime under 18.
        a.apply(UNDER_18, f"{name}: committed under 18.")
        return "barred"
    if count.minor == "boundary":
        a.flag(
            UNDER_18,
            f"{name}: committed on the 18th birthday; whether the age was reached is unsettled.",
        )
        return "review"
    a.apply(IN_SANCTION, f"{name}: the sanction provides deprivation «или без такового».")
    return "possible"


def assess(f: Facts, c: Conviction) -> dict[str, Any]:
    """Assess whether a court could deprive the person of citizenship (art. 50-1)."""
    # Counts before 2015 are also before 2017, so the 1997 Code question never arises here.
    return combine([count_record(count) for count in c.counts], f.citizen)


def count_record(count: Count) -> tuple[str, Finding]:
    """Assess one count on its own: its result and what it recorded."""
    record = Finding("citizenship_deprivation")
    return _count(count, record), record


def combine(records: list[tuple[str, Finding]], citizen: bool | None) -> dict[str, Any]:
    """Assess the conviction from its counts' records (in order) and citizenship."""
    a = Finding("citizenship_deprivation")
    results = set()
    for result, record in records:
        a.merge(record)
        results.add(result)
    if citizen is False:
        a.apply(NOT_CITIZEN, "The person is not a citizen.")
        return a.render("not_eligible")
    if "possible" in results:
        if citizen is None:
            a.need("person.citizen", NOT_CITIZEN, "Only a citizen can be deprived.")
            return a.render("needs_facts")
        a.apply(
            art1.COURT_ONLY, "Only a court may deprive, and the sanction leaves it to the court."
        )
        return a.render("eligible")
    if "missing" in results:
        return a.render("needs_facts")
    if "review" in results:
        return a.render("needs_review")
    if "barred" in results:
        return a.render("barred")
    return a.render("not_eligible")
