"""CC RK art. 74: deferral of serving the sentence for pregnant women and parents of young children."""

from __future__ import annotations

from typing import Any

from zhusan.law import parameters
from zhusan.law.conviction import Conviction, flag_gaps
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding
from zhusan.law.periods import add_period
from zhusan.law.rule import CODE_IN_FORCE, Rule

PERSONS = Rule(
    code="CC-74-1",
    label="Serving the sentence may be deferred for pregnant women and parents of young children",
    citation="CC RK art. 74(1)",
    effective_from=CODE_IN_FORCE,
    note="The reference gives the persons only as «pregnant women and parents of small children»; "
    "«малолетний» is read as a child under 14 [U], as in art. 72(4). The other conditions of "
    "the article are not in the reference and are not encoded.",
)
TE_EXCLUSION = Rule(
    code="CC-74-1-TE",
    label="No deferral for a terrorist or extremist crime punished with imprisonment of more "
    "than five years",
    citation="CC RK art. 74(1)",
    effective_from=CODE_IN_FORCE,
)
OTHER_EXCLUSIONS = Rule(
    code="CC-74-1-OTHER",
    label="Art. 74(1) has other exclusions («among others») that the reference does not list; "
    "a possible deferral needs a lawyer's review",
    citation="CC RK art. 74(1)",
    effective_from=CODE_IN_FORCE,
    confidence="U",
)
RULES = (PERSONS, TE_EXCLUSION, OTHER_EXCLUSIONS)

_PARAMS = parameters.load()


def _over(f: Facts, years: int) -> bool | None:
    """Tell whether the term is more than a number of years; None if that is not known.

    Months and years decide unless days could carry a shorter term over the line; then the
    term is laid on the calendar from its start, which must be known.
    """
    if f.life:
        return True
    if f.years is None and f.months is None and f.days is None:
        return None
    total_months = (f.years or 0) * 12 + (f.months or 0)
    if total_months >= years * 12:
        return total_months > years * 12 or bool(f.days)
    short = years * 12 - total_months  # months left to the line; they span 28 to 31 days each
    if not f.days or f.days <= 28 * short:
        return False
    if f.days > 31 * short:
        return True
    if f.start_date is None:
        return None
    end = add_period(f.start_date, months=total_months, days=f.days)
    return end > add_period(f.start_date, years=years)


def assess(f: Facts, c: Conviction) -> dict[str, Any]:
    """Assess deferral of serving under art. 74 as far as the reference allows."""
    a = Finding("deferral_for_children")
    flag_gaps(c, a, needs_category=False)
    limit = _PARAMS.at("art74.te_max_years", c.latest_offence)
    if c.te and f.kind == "imprisonment":
        over = _over(f, limit)
        if over:
            a.apply(
                TE_EXCLUSION,
                f"A terrorist or extremist crime punished with more than {limit} years of "
                "imprisonment: deferral is not granted.",
            )
            return a.render("barred")
        if over is None:
            a.need(
                "sentence.years"
                if f.start_date is not None or not f.days
                else "sentence.start_date",
                TE_EXCLUSION,
                f"For a terrorist or extremist crime, a term over {limit} years excludes deferral.",
            )
    # The persons of art. 74(1): pregnant women and parents of small children.
    children = f.children_under_14
    pregnant = f.pregnant if f.sex != "M" else False
    if pregnant or children:
        a.apply(PERSONS, "A pregnant woman or the parent of a child under 14.")
    elif pregnant is False and children == 0:
        a.apply(
            PERSONS, "Neither pregnant nor the parent of a child under 14: art. 74 does not apply."
        )
        return a.render("needs_facts" if a.missing else "not_eligible")
    else:
        for field, value in (("person.pregnant", pregnant), ("person.children_under_14", children)):
            if value is None:
                a.need(field)
        a.apply(PERSONS, "Deferral is for pregnant women and parents of children under 14.")
    if a.missing:
        return a.render("needs_facts")
    a.flag(
        OTHER_EXCLUSIONS,
        "Not excluded by the terrorist or extremist rule, but the article's other exclusions and "
        "conditions are not in the legal reference the engine follows: a lawyer must check.",
    )
    return a.render("needs_review")
