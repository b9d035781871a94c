"""CC RK art. 87: replacing the unserved part with a milder punishment for juvenile offenders."""

from __future__ import annotations

from typing import Any

from zhusan.law import parameters, term
from zhusan.law.conviction import Conviction
from zhusan.law.criminal_code import art86
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding, Plan
from zhusan.law.rule import CODE_IN_FORCE, Rule

JUVENILE_REPLACEMENT = Rule(
    code="CC-87-1",
    label="A juvenile offender with no malicious violations shall have the unserved part replaced "
    "with restriction of liberty after 1/5, 1/4, 1/3 or 1/2 of the term",
    citation="CC RK art. 87(1)",
    effective_from=CODE_IN_FORCE,
)
GROUP_ALLOWED = Rule(
    code="CC-87-2",
    label="Juvenile replacement is allowed even for a crime committed within a criminal group",
    citation="CC RK art. 87(2)",
    effective_from=CODE_IN_FORCE,
)
RULES = (JUVENILE_REPLACEMENT, GROUP_ALLOWED)

_PARAMS = parameters.load()


def decide(f: Facts, c: Conviction, a: Finding, unknown_category: bool) -> dict[str, Any] | Plan:
    """Decide replacement for a juvenile offender under art. 87, up to the date arithmetic."""
    if f.life:
        a.flag(art86.JUVENILE_LIFE, "A life term for an offence committed under 18.")
        return a.render("needs_review")
    review_blocks = False
    if c.te:
        a.flag(
            art86.JUVENILE_TERRORIST,
            "A terrorist or extremist crime committed under 18: "
            "whether the conditions of art. 73(2) apply besides art. 87 is unsettled.",
        )
        review_blocks = True
    if unknown_category:
        return a.render("needs_review")
    if f.criminal_group or c.group_article:
        a.apply(
            GROUP_ALLOWED, "A crime within a criminal group does not exclude juvenile replacement."
        )
    name = art86.tier(c.rank or 0, c.against)
    if name is None:
        a.flag(
            JUVENILE_REPLACEMENT, "Whether the especially grave count is against life is not known."
        )
        return a.render("needs_review")
    part = _PARAMS.lenient_fraction(f"art87.fraction.{name}", c.latest_offence, f.as_of)
    return Plan(a, _finish, (part, review_blocks, f.malicious_violations))


def _finish(
    a: Finding, data: tuple[Any, ...], f: Facts, reading: term.Reading, _: object
) -> dict[str, Any]:
    part, review_blocks, malicious = data
    t = reading.replay(a)
    if t is None:
        return a.render("needs_facts" if a.missing else "needs_review")
    day = t.reached(part)
    a.apply(
        JUVENILE_REPLACEMENT,
        f"Required part for a juvenile offender: {part.numerator}/{part.denominator} of the term.",
    )
    a.options.append("restriction of liberty")
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
            JUVENILE_REPLACEMENT,
            "Juvenile replacement is mandatory only without malicious violations.",
        )
        return a.render("needs_facts", day)
    if malicious:
        a.flag(
            art86.JUVENILE_DISCRETION,
            "Malicious violations: art. 87 does not oblige the court, "
            "and the reference does not say whether art. 73 still applies.",
        )
        return a.render("needs_review", day)
    return a.render("mandatory", day)
