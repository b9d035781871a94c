"""CC RK art. 86: parole of persons who committed the crime under 18."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from zhusan.law import parameters, term
from zhusan.law.conviction import Conviction
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding, Plan
from zhusan.law.rule import CODE_IN_FORCE, Rule

JUVENILE_PAROLE = Rule(
    code="CC-86",
    label="A juvenile offender with no malicious violations shall be paroled after 1/4 (minor, "
    "medium), 1/3 (grave), 1/2 (especially grave) or 2/3 (especially grave against life)",
    citation="CC RK art. 86",
    effective_from=CODE_IN_FORCE,
    quote="подлежат",
)
JUVENILE_TERRORIST = Rule(
    code="CC-86-TE",
    label="Whether art. 72(1) para 3 and 72(8)(2) also bind juvenile parole is unsettled",
    citation="CC RK art. 86; CC RK art. 72(1) para 3; CC RK art. 72(8)(2)",
    effective_from=CODE_IN_FORCE,
    confidence="I",
)
JUVENILE_DISCRETION = Rule(
    code="CC-86-VIOLATIONS",
    label="Art. 86 is silent on parole of a juvenile offender with malicious violations",
    citation="CC RK art. 86",
    effective_from=CODE_IN_FORCE,
    confidence="U",
)
JUVENILE_LIFE = Rule(
    code="CC-86-LIFE",
    label="A life term for an offence committed under 18 is outside what the engine supports",
    citation="CC RK art. 86",
    effective_from=CODE_IN_FORCE,
    confidence="U",
)
RULES = (JUVENILE_PAROLE, JUVENILE_TERRORIST, JUVENILE_DISCRETION, JUVENILE_LIFE)

_PARAMS = parameters.load()


def tier(rank: int, against: str | None) -> str | None:
    """Return the juvenile tier (arts. 86, 87) of a category, or None if it cannot be known."""
    if rank <= 2:
        return "minor_medium"
    if rank == 3:
        return "grave"
    if against is None:
        return None
    return "especially_grave_life" if against == "life" else "especially_grave"


def decide_parole(
    f: Facts, c: Conviction, a: Finding, unknown_category: bool, bar_review: bool = False
) -> dict[str, Any] | Plan:
    """Decide parole of a juvenile offender under art. 86, up to the date arithmetic.

    `bar_review` says a bar of art. 72(8) may bind the juvenile (see art72.decide).
    """
    if f.life:
        a.flag(JUVENILE_LIFE, "A life term for an offence committed under 18.")
        return a.render("needs_review")
    review_blocks = bar_review
    if c.te:
        a.flag(
            JUVENILE_TERRORIST,
            "A terrorist or extremist crime committed under 18: whether "
            "the active-assistance condition and the bars of art. 72 apply is unsettled.",
        )
        review_blocks = True
    if unknown_category:
        return a.render("needs_review")
    name = tier(c.rank or 0, c.against)
    if name is None:
        a.flag(JUVENILE_PAROLE, "Whether the especially grave count is against life is not known.")
        return a.render("needs_review")
    on = c.latest_offence
    part = _PARAMS.lenient_fraction(f"art86.fraction.{name}", on, f.as_of)
    floor_months = _PARAMS.at("art72.floor_months", on) if f.kind == "imprisonment" else 0
    return Plan(a, _finish_parole, (part, floor_months, review_blocks, f.malicious_violations))


def _finish_parole(
    a: Finding, data: tuple[Any, ...], f: Facts, reading: term.Reading, _: object
) -> dict[str, Any]:
    part, floor_months, review_blocks, malicious = data
    t = reading.replay(a)
    if t is None:
        return a.render("needs_facts" if a.missing else "needs_review")
    floor = t.floor(floor_months) if floor_months else 0
    day = t.reached(part, floor)
    # Art. 86 (reference §1.6): juvenile offenders «подлежат» parole after the parts below.
    a.apply(
        JUVENILE_PAROLE,
        f"Required part for a juvenile offender: {part.numerator}/{part.denominator} of the term.",
    )
    if floor and day == t.reached(Fraction(0), floor):
        a.apply(art72_floor(), "The six-month floor of actual imprisonment decides the date.")
    if t.end is not None:
        a.extra["term_end_date"] = t.end.isoformat()
        if f.as_of >= t.end:
            return a.render("not_eligible")
    if f.as_of < day:
        return a.render("not_yet", day)
    if review_blocks:
        return a.render("needs_review", day)
    if malicious is None:
        a.need(
            "conduct.malicious_violations",
            JUVENILE_PAROLE,
            "Juvenile parole is mandatory only without malicious violations.",
        )
        return a.render("needs_facts", day)
    if malicious:
        a.flag(
            JUVENILE_DISCRETION,
            "Malicious violations: art. 86 does not oblige the court, and "
            "the reference does not say whether it may still grant parole.",
        )
        return a.render("needs_review", day)
    return a.render("mandatory", day)


def art72_floor() -> Rule:
    """Return the six-month floor rule of art. 72(5), which juvenile parole also observes."""
    from zhusan.law.criminal_code import art72  # art72 imports this module

    return art72.FLOOR
