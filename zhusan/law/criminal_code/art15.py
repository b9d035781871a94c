"""CC RK art. 15: the age of criminal responsibility."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from zhusan.law import parameters
from zhusan.law.conviction import Conviction, Count, flag_gaps
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding, Outcome
from zhusan.law.periods import age_band
from zhusan.law.rule import CODE_IN_FORCE, Rule

GENERAL_AGE = Rule(
    code="CC-15-1",
    label="Criminal responsibility from the age of 16",
    citation="CC RK art. 15(1)",
    effective_from=CODE_IN_FORCE,
)
REDUCED_AGE = Rule(
    code="CC-15-2",
    label="From the age of 14 for the crimes of the closed list of art. 15(2)",
    citation="CC RK art. 15(2)",
    effective_from=CODE_IN_FORCE,
    note="On the list: 173, 174, 177, 178, 184, 255, 256, 257 parts 1-2, 258, 261, 269, 273 and "
    "ordinary crimes (99, 106, 120, 121, 125, 188(2-4), 191(2-4), 192 ...). Not on it: 172, "
    "259, 260, 257(3).",
)
DEVELOPMENTAL_LAG = Rule(
    code="CC-15-3",
    label="A minor whose developmental lag prevented full awareness is not liable",
    citation="CC RK art. 15(3)",
    effective_from=CODE_IN_FORCE,
    note="Not a fact of the document: the engine reminds the reader of it for every minor.",
)
AGE_ON_BIRTHDAY = Rule(
    code="CC-15-BIRTHDAY",
    label="An offence on the birthday itself: whether the age is reached that day or the next is unsettled",
    citation="CC RK art. 15",
    effective_from=CODE_IN_FORCE,
    confidence="U",
    note="The reference does not say whether a person reaches an age on the birthday or from the "
    "following day (as Russian doctrine holds); the engine asks for review on that day, and on "
    "28 February and 1 March for a person born on 29 February.",
)
RULES = (GENERAL_AGE, REDUCED_AGE, DEVELOPMENTAL_LAG, AGE_ON_BIRTHDAY)

_PARAMS = parameters.load()


def _liable(count: Count, birth: date, a: Finding) -> str:
    """Assess one count: "liable", "not_liable" or "review"."""
    on = count.offence.offence_date
    name = f"art. {count.offence.article}({count.offence.part})"
    general, reduced = _PARAMS.at("art15.general_age", on), _PARAMS.at("art15.reduced_age", on)
    at_general = age_band(birth, on, general)
    if at_general == "reached":
        a.apply(
            GENERAL_AGE, f"{name}: committed at {count.age}, over the general age of {general}."
        )
        return "liable"
    at_reduced = age_band(birth, on, reduced)
    listed = count.age14
    # Art. 15(2) (reference §2, no Russian text given): from 14 for the listed crimes only.
    if at_reduced == "reached" and listed:
        a.apply(REDUCED_AGE, f"{name}: committed at {count.age}; on the art. 15(2) list.")
        return "liable"
    if at_reduced == "below":
        a.apply(REDUCED_AGE, f"{name}: committed at {count.age}, under {reduced}.")
        return "not_liable"
    if listed is None:
        a.flag(
            REDUCED_AGE,
            f"{name}: committed at {count.age}; whether it is on the art. 15(2) list is not known.",
        )
        return "review"
    if at_reduced == "boundary" and listed:
        a.flag(AGE_ON_BIRTHDAY, f"{name}: committed on the {reduced}th birthday.")
        return "review"
    if at_general == "boundary":
        a.flag(
            AGE_ON_BIRTHDAY,
            f"{name}: committed on the {general}th birthday; not on the art. 15(2) list.",
        )
        return "review"
    a.apply(
        REDUCED_AGE,
        f"{name}: committed at {count.age}; not on the art. 15(2) list, so liable only from {general}.",
    )
    return "not_liable"


def assess(f: Facts, c: Conviction) -> dict[str, Any]:
    """Assess whether the person could be held criminally liable, by age at each offence."""
    if f.birth_date is None:
        a = Finding("criminal_liability")
        a.need("person.birth_date", GENERAL_AGE, "Liability depends on the age at the offence.")
        return a.render("needs_facts")
    gaps = Finding("criminal_liability")
    # Only the art. 15(2) list, which the 1997 Code drew differently, depends on the Code.
    flag_gaps(c, gaps, needs_category=False)
    return combine(
        [count_record(count, f.birth_date) for count in c.counts],
        any(count.age is not None and count.age < 17 for count in c.counts),
        any(count.minor != "reached" for count in c.counts),
        gaps,
    )


def count_record(count: Count, birth: date) -> tuple[str, Finding]:
    """Assess one count on its own: its result and what it recorded."""
    record = Finding("criminal_liability")
    return _liable(count, birth, record), record


def combine(
    records: list[tuple[str, Finding]], young: bool, minor: bool, gaps: Finding
) -> dict[str, Any]:
    """Assess the conviction from its counts' records (in order) and the conviction's gaps."""
    a = Finding("criminal_liability")
    results = set()
    for result, record in records:
        a.merge(record)
        results.add(result)
    if young:
        a.merge(gaps)
    if minor:
        a.apply(
            DEVELOPMENTAL_LAG,
            "For a minor, check for a developmental lag that prevented full awareness.",
        )
    return a.render(outcome(results))


def outcome(results: Collection[str]) -> Outcome:
    """Return the conviction's outcome from its counts' results ("liable", "review", ...)."""
    if "liable" in results:
        return "eligible"
    if "review" in results:
        return "needs_review"
    return "not_eligible"
