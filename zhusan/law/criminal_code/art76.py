"""CC RK art. 76: deferral of serving the sentence for grave family circumstances."""

from __future__ import annotations

from typing import Any

from zhusan.law import parameters
from zhusan.law.conviction import Conviction, flag_gaps
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding
from zhusan.law.rule import CODE_IN_FORCE, Rule

DEFERRAL = Rule(
    code="CC-76-1",
    label="The court may defer serving the sentence for up to three months for grave family "
    "circumstances",
    citation="CC RK art. 76",
    effective_from=CODE_IN_FORCE,
)
TE_EXCLUSION = Rule(
    code="CC-76-2",
    label="No deferral for grave family circumstances for terrorist or extremist crimes",
    citation="CC RK art. 76(2)",
    effective_from=CODE_IN_FORCE,
)
RULES = (DEFERRAL, TE_EXCLUSION)

_PARAMS = parameters.load()


def assess(f: Facts, c: Conviction) -> dict[str, Any]:
    """Assess whether art. 76(2) excludes a deferral for grave family circumstances."""
    a = Finding("deferral_for_family")
    flag_gaps(c, a, needs_category=False)
    if c.te:
        a.apply(TE_EXCLUSION, "A terrorist or extremist conviction: no deferral under art. 76.")
        return a.render("barred")
    months = _PARAMS.at("art76.max_months", c.latest_offence)
    a.apply(TE_EXCLUSION, "Not excluded by art. 76(2).")
    a.apply(
        DEFERRAL,
        f"Whether grave family circumstances justify a deferral of up to {months} months is for "
        "the court.",
    )
    return a.render("eligible")
