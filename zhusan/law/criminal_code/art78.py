"""CC RK art. 78: amnesty and pardon."""

from __future__ import annotations

from typing import Any

from zhusan.law.conviction import Conviction, flag_gaps
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding
from zhusan.law.rule import CODE_IN_FORCE, Rule

NO_AMNESTY = Rule(
    code="CC-78-2",
    label="An amnesty does not extend to persons convicted of terrorist or extremist crimes",
    citation="CC RK art. 78(2)",
    effective_from=CODE_IN_FORCE,
)
PARDON = Rule(
    code="CC-78-3",
    label="A pardon is granted by the President; art. 78(3) has no terrorist exclusion",
    citation="CC RK art. 78(3)",
    effective_from=CODE_IN_FORCE,
)
RULES = (NO_AMNESTY, PARDON)


def assess(f: Facts, c: Conviction) -> dict[str, Any]:
    """Assess whether art. 78(2) keeps the person out of any amnesty."""
    a = Finding("amnesty")
    flag_gaps(c, a, needs_category=False)
    a.options.append("pardon by the President (art. 78(3))")
    a.rules.append(PARDON)
    if c.te:
        a.apply(NO_AMNESTY, "A terrorist or extremist conviction: no amnesty extends to it.")
        return a.render("barred")
    a.apply(
        NO_AMNESTY,
        "Not excluded by art. 78(2); whether an amnesty covers the case depends "
        "on the amnesty act.",
    )
    return a.render("eligible")
