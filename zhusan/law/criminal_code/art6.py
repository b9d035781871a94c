"""CC RK art. 6: a later law that is more lenient applies retroactively."""

from __future__ import annotations

from zhusan.law.rule import CODE_IN_FORCE, Rule

LENIENT_LAW = Rule(
    code="CC-6",
    label="Of the law at the offence date and a later law, the more lenient applies, also to persons serving sentences",
    citation="CC RK art. 6",
    effective_from=CODE_IN_FORCE,
    note="Applied to the catalogue (lower maximum, no deprivation in the sanction) and to the "
    "parole fractions: the engine takes the more lenient of the values in force on the "
    "offence date and on as_of.",
)
RULES = (LENIENT_LAW,)
