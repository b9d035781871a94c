"""CC RK art. 63(6): crimes for which a suspended sentence is not available."""

from __future__ import annotations

from typing import Any

from zhusan.law.conviction import Conviction, flag_gaps
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding
from zhusan.law.rule import CODE_IN_FORCE, Rule

EXCLUDED = Rule(
    code="CC-63-6",
    label="No suspended sentence for especially grave, terrorist or extremist crimes, or crimes "
    "committed within a criminal group",
    citation="CC RK art. 63(6)",
    effective_from=CODE_IN_FORCE,
)
NOT_ASSESSED = Rule(
    code="CC-63-OTHER",
    label="The other conditions of a suspended sentence (art. 63) are for the court and not assessed",
    citation="CC RK art. 63",
    effective_from=CODE_IN_FORCE,
)
RULES = (EXCLUDED, NOT_ASSESSED)


def assess(f: Facts, c: Conviction) -> dict[str, Any]:
    """Assess whether art. 63(6) excludes a suspended sentence."""
    a = Finding("suspended_sentence")
    unknown_category = flag_gaps(c, a)
    if c.te:
        a.apply(EXCLUDED, "A terrorist or extremist crime.")
        return a.render("barred")
    if c.rank == 4 or f.life:
        a.apply(EXCLUDED, "An especially grave crime.")
        return a.render("barred")
    if f.criminal_group:
        a.apply(EXCLUDED, "A crime committed within a criminal group.")
        return a.render("barred")
    if unknown_category:
        return a.render("needs_review")
    if f.criminal_group is None:
        a.need(
            "circumstances.criminal_group", EXCLUDED, "A crime within a criminal group excludes it."
        )
        return a.render("needs_facts")
    a.apply(EXCLUDED, "Not excluded by art. 63(6).")
    a.apply(NOT_ASSESSED, "Whether a suspended sentence suits the case is for the court.")
    return a.render("eligible")
