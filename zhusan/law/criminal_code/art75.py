"""CC RK art. 75: release from punishment, or deferral, on account of illness."""

from __future__ import annotations

from typing import Any

from zhusan.law.conviction import Conviction, flag_gaps
from zhusan.law.cpc import art481
from zhusan.law.criminal_code import art3
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding
from zhusan.law.rule import CODE_IN_FORCE, Rule

MENTAL_DISORDER = Rule(
    code="CC-75-1",
    label="A mental disorder after the offence that removes capacity: the court releases the person",
    citation="CC RK art. 75(1)",
    effective_from=CODE_IN_FORCE,
)
SEVERE_ILLNESS = Rule(
    code="CC-75-2",
    label="Another severe illness preventing serving: the court may release, replace with a milder "
    "punishment, or defer; not for life imprisonment",
    citation="CC RK art. 75(2)",
    effective_from=CODE_IN_FORCE,
)
RECOVERY = Rule(
    code="CC-75-3",
    label="On recovery the person is liable again unless the limitation period expired; there is "
    "none for terrorist or extremist crimes",
    citation="CC RK art. 75(3); CC RK arts. 71(6), 77(5)",
    effective_from=CODE_IN_FORCE,
)
NO_DEFERRAL = Rule(
    code="CC-75-4",
    label="No deferral for a terrorist or extremist crime that caused deaths or is linked to an "
    "especially grave crime, or for a crime within a criminal group",
    citation="CC RK art. 75(4)",
    effective_from=CODE_IN_FORCE,
)
RULES = (MENTAL_DISORDER, SEVERE_ILLNESS, RECOVERY, NO_DEFERRAL)


def assess(f: Facts, c: Conviction) -> dict[str, Any]:
    """Assess release on account of illness (art. 75, CPC art. 481)."""
    a = Finding("illness_release")
    if f.incapacitating_mental_disorder:
        a.apply(
            MENTAL_DISORDER,
            "A mental disorder removing capacity: release is mandatory; "
            "compulsory medical measures are possible.",
        )
        return a.render("mandatory")
    if f.incapacitating_mental_disorder is None:
        a.need(
            "medical.incapacitating_mental_disorder",
            MENTAL_DISORDER,
            "A mental disorder removing capacity would make release mandatory.",
        )
    # Art. 75(2) (reference §1.4, no Russian text given): not for life imprisonment.
    if f.life:
        a.apply(SEVERE_ILLNESS, "Art. 75(2) does not apply to life imprisonment.")
        return a.render("needs_facts" if a.missing else "not_eligible")
    if f.life is None and f.years is None and f.months is None and f.days is None:
        a.need("sentence.years")
    examined = art481.examine(f, a)
    if examined is False:
        return a.render("needs_facts" if a.missing else "not_eligible")
    if a.missing:
        return a.render("needs_facts")
    a.apply(
        SEVERE_ILLNESS,
        "The court may release, replace with a milder punishment, or defer, "
        "weighing the illness, the gravity of the crime and the person.",
    )
    a.options += ["release", "replacement with a milder punishment"]
    flag_gaps(c, a, needs_category=False)
    _deferral(f, c, a)
    if c.te:
        a.apply(
            RECOVERY,
            "On recovery the person is liable again: no limitation period runs for "
            "terrorist or extremist crimes.",
        )
    return a.render("eligible")


def _deferral(f: Facts, c: Conviction, a: Finding) -> None:
    """Add deferral to the options unless art. 75(4) excludes it."""
    if c.te and (f.caused_death or c.especially_grave_te or c.especially_grave_other):
        a.apply(NO_DEFERRAL, "Deferral is excluded for this terrorist or extremist crime.")
        if not f.caused_death:
            a.flag(
                NO_DEFERRAL,
                "The exclusion rests on reading the especially grave count as "
                "«сопряженное»; confirm.",
            )
        return
    if f.criminal_group:
        a.apply(NO_DEFERRAL, "Deferral is excluded for a crime within a criminal group.")
        return
    if c.group_article:
        a.apply(
            art3.CRIMINAL_GROUP,
            "Participation in a terrorist group may count as a crime within a criminal group.",
        )
        a.options.append("deferral (unless art. 257 counts as a criminal-group crime: review)")
        return
    if (c.te and f.caused_death is None) or f.criminal_group is None:
        a.options.append("deferral (unless excluded by art. 75(4): facts missing)")
        return
    a.options.append("deferral")
