"""CC RK art. 5: the law in force when the act was committed applies."""

from __future__ import annotations

from zhusan.law.rule import CODE_IN_FORCE, Rule

PRE_CODE = Rule(
    code="CC-5-PRE2015",
    label="An offence before 1 January 2015 fell under the 1997 Code; the engine knows only the 2014 Code",
    citation="CC RK art. 5; CC RK art. 6",
    effective_from=CODE_IN_FORCE,
    confidence="I",
    note="The 2014 Code applies to earlier acts where it is more lenient (art. 6) and to a "
    "continuing offence that ended after 1 January 2015; the engine cannot compare with the "
    "1997 Code, so it applies the 2014 Code and asks for review.",
)
RULES = (PRE_CODE,)
