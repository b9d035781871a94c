"""CC RK art. 73: replacing the unserved part of imprisonment with a milder punishment."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhusan.law import parameters, term
from zhusan.law.conviction import Conviction, flag_gaps
from zhusan.law.criminal_code import art3, art87
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding, Plan
from zhusan.law.rule import CODE_IN_FORCE, Rule

SCOPE = Rule(
    code="CC-73-1",
    label="Only imprisonment for a minor, medium or grave crime may be replaced, on full "
    "compensation of damage or without malicious violations",
    citation="CC RK art. 73(1)",
    effective_from=CODE_IN_FORCE,
)
PART = Rule(
    code="CC-73-2",
    label="After 1/4 (minor, medium), 1/3 (grave) or 1/2 (grave against life or health) of the term",
    citation="CC RK art. 73(2)",
    effective_from=CODE_IN_FORCE,
)
BAR = Rule(
    code="CC-73-2-BAR",
    label="No replacement for a terrorist or extremist crime that caused deaths or is linked to "
    "an especially grave crime, or for a crime committed within a criminal group",
    citation="CC RK art. 73(2) para 2",
    effective_from=CODE_IN_FORCE,
    quote="в составе преступной группы",
)
GROUP_257 = Rule(
    code="CC-73-2-GROUP",
    label="Participation in a terrorist group (art. 257) may itself be a crime within a criminal group",
    citation="CC RK art. 73(2) para 2; CC RK art. 3(24)",
    effective_from=CODE_IN_FORCE,
    confidence="I",
)
ASSISTANCE = Rule(
    code="CC-73-2-TE",
    label="A terrorist or extremist convict not otherwise barred may have the part replaced only "
    "if he actively assists",
    citation="CC RK art. 73(2) para 2",
    effective_from=CODE_IN_FORCE,
    quote="если оно оказывает активное содействие",
)
FOREIGNER = Rule(
    code="CC-73-2-FOREIGN",
    label="A foreigner or stateless person may have the part replaced only with a fine, with or without expulsion",
    citation="CC RK art. 73(2) para 3",
    effective_from=CODE_IN_FORCE,
)
REVOKED = Rule(
    code="CC-73-2-1",
    label="After a revoked parole the parts count from the remaining term or the aggregate sentence",
    citation="CC RK art. 73(2-1)",
    effective_from=CODE_IN_FORCE,
)
KINDS = Rule(
    code="CC-73-3",
    label="Fine: 1 MCI per 4 days of imprisonment, only with full compensation; restriction of liberty: day for day",
    citation="CC RK art. 73(3)",
    effective_from=CODE_IN_FORCE,
)
REDUCTION = Rule(
    code="CC-73-4",
    label="A convict who helped solve a criminal group's crimes or fulfilled a procedural "
    "agreement may have the unserved part cut by up to 1/2 (1/3, 1/4 against life or health)",
    citation="CC RK art. 73(4)",
    effective_from=CODE_IN_FORCE,
)
RULES = (SCOPE, PART, BAR, GROUP_257, ASSISTANCE, FOREIGNER, REVOKED, KINDS, REDUCTION)

_PARAMS = parameters.load()


def assess(f: Facts, c: Conviction) -> dict[str, Any]:
    """Assess replacement of the unserved part with a milder punishment (art. 73; art. 87)."""
    decided = decide(f, c)
    if isinstance(decided, dict):
        return decided
    return decided.finish(decided.finding.copy(), decided.data, f, term.reading(f), None)


def decide(f: Facts, c: Conviction) -> dict[str, Any] | Plan:
    """Decide replacement up to the date arithmetic (see finding.Plan)."""
    a = Finding("milder_punishment")
    if f.kind != "imprisonment":
        a.apply(SCOPE, "Art. 73 replaces only imprisonment.")
        return a.render("not_eligible")
    unknown_category = flag_gaps(c, a)
    if c.juvenile_mixed or c.juvenile_boundary:
        a.flag(
            art87.JUVENILE_REPLACEMENT,
            "Some counts were committed under 18 or on the 18th "
            "birthday; art. 87 may apply to part of the conviction.",
        )
        return a.render("needs_review")
    if c.juvenile is None:
        a.need(
            "person.birth_date",
            art87.JUVENILE_REPLACEMENT,
            "The birth date decides whether the juvenile rules of art. 87 apply.",
        )
        return a.render("needs_facts")
    if c.juvenile:
        return art87.decide(f, c, a, unknown_category)
    if c.te and f.caused_death:
        a.apply(BAR, "A terrorist or extremist crime that caused deaths.")
        return a.render("barred")
    # Art. 73(1) (reference §1.3): only minor, medium or grave crimes.
    if f.life or c.rank == 4:
        a.apply(SCOPE, "The conviction includes an especially grave crime.")
        return a.render("not_eligible")
    if unknown_category:
        return a.render("needs_review")
    if _barred(f, c, a):
        return a.render("barred")
    refused = _conditions(f, c, a)
    if refused and not a.missing:
        return a.render("not_eligible")
    return _part(f, c, a)


def _barred(f: Facts, c: Conviction, a: Finding) -> bool:
    """Apply the bars of art. 73(2) para 2; return True when one decides."""
    if c.te and f.caused_death:
        a.apply(BAR, "A terrorist or extremist crime that caused deaths.")
        return True
    # Art. 73(2) para 2: nor to a crime committed «в составе преступной группы».
    if f.criminal_group:
        a.apply(BAR, "The crime was committed within a criminal group.")
        return True
    if c.group_article:
        a.flag(
            GROUP_257,
            "Participation in a terrorist group (art. 257) may be a crime «в составе "
            "преступной группы» (art. 3(24)), which would bar replacement; confirm.",
        )
        a.apply(art3.CRIMINAL_GROUP, "A criminal group includes a terrorist group.")
    elif f.criminal_group is None:
        a.need(
            "circumstances.criminal_group", BAR, "A crime within a criminal group bars replacement."
        )
    if c.te and f.caused_death is None:
        a.need(
            "circumstances.caused_death",
            BAR,
            "A terrorist crime that caused deaths bars replacement.",
        )
    return False


def _conditions(f: Facts, c: Conviction, a: Finding) -> bool:
    """Apply the conditions of arts. 73(1) and 73(2) para 2; return True when one refuses."""
    refused = False
    # Art. 73(1) (reference §1.3): full compensation OR no «злостных нарушений».
    if f.damage_compensated or f.malicious_violations is False:
        a.apply(SCOPE, "Damage compensated or no malicious violations.")
    elif f.damage_compensated is False and f.malicious_violations:
        a.apply(SCOPE, "Neither full compensation nor a record free of malicious violations.")
        refused = True
    else:
        for field, value in (
            ("conduct.damage_compensated", f.damage_compensated),
            ("conduct.malicious_violations", f.malicious_violations),
        ):
            if value is None:
                a.need(field, SCOPE, "Compensation or conduct is a condition of replacement.")
    if c.te:
        if f.active_assistance is None:
            a.need(
                "conduct.active_assistance",
                ASSISTANCE,
                "A terrorist or extremist convict needs active assistance for replacement.",
            )
        elif not f.active_assistance:
            a.apply(
                ASSISTANCE,
                "No active assistance in preventing, uncovering or investigating "
                "terrorist or extremist crimes.",
            )
            refused = True
        else:
            a.apply(ASSISTANCE, "Active assistance given.")
    return refused


def _part(f: Facts, c: Conviction, a: Finding) -> dict[str, Any] | Plan:
    """Choose the part to serve and the options; the dates are left to `_finish`."""
    if c.rank == 3 and c.against is None:
        a.flag(
            PART,
            "Whether the grave count is against life or health (1/2 instead of 1/3) is not known.",
        )
        return a.render("needs_review")
    name = {1: "minor_medium", 2: "minor_medium", 3: "grave"}[c.rank or 3]
    if c.rank == 3 and c.against in ("life", "health"):
        name = "grave_life_health"
    part = _PARAMS.lenient_fraction(f"art73.fraction.{name}", c.latest_offence, f.as_of)
    # What follows the term in the finding: the part, a revoked parole, the options.
    after = Finding(a.measure)
    after.apply(PART, f"Required part: {part.numerator}/{part.denominator} of the term.")
    if f.prior_parole_revoked:
        after.apply(
            REVOKED,
            "After a revoked parole the sentence given is read as the remaining or aggregate term.",
        )
    _options(f, c, after)
    return Plan(a, _finish, (part, after, c.group_article))


def _finish(
    a: Finding, data: tuple[Any, ...], f: Facts, reading: term.Reading, _: object
) -> dict[str, Any]:
    """Count the dates and give the outcome."""
    part, after, group_article = data
    t = reading.replay(a)
    if t is None:
        return a.render("needs_facts" if a.missing else "needs_review")
    day = t.reached(part)
    a.merge(after)
    if t.end is not None:
        a.extra["term_end_date"] = t.end.isoformat()
        if f.as_of >= t.end:
            return a.render("not_eligible")
    if a.missing:
        return a.render("needs_facts", day)
    if f.as_of < day:
        return a.render("not_yet", day)
    if a.review and group_article:
        return a.render("needs_review", day)
    return a.render("eligible", day)


def _options(f: Facts, c: Conviction, a: Finding) -> None:
    """List the milder punishments the court may choose (arts. 73(2) para 3, 73(3), 73(4))."""
    on: date = f.as_of
    days_per_mci = _PARAMS.at("art73.fine_days_per_mci", on)
    fine = f"fine (1 MCI per {days_per_mci} days of unserved imprisonment; needs full compensation)"
    if f.citizen is False:
        a.apply(FOREIGNER, "Not a citizen: replacement only with a fine.")
        a.options.append("fine, with or without expulsion")
    else:
        a.apply(KINDS, "The court may choose a fine or restriction of liberty.")
        if f.damage_compensated is not False:
            a.options.append(fine)
        a.options.append("restriction of liberty (1 day for 1 day)")
        if f.citizen is None:
            a.options.append("if not a citizen: fine only, with or without expulsion")
    if f.active_assistance or f.cooperation_agreement:
        if c.rank == 4 and c.against in ("life", "health"):
            name = "especially_grave_life_health"
        elif c.rank == 3 and c.against in ("life", "health"):
            name = "grave_life_health"
        else:
            name = "general"
        cut = _PARAMS.fraction(f"art73.reduction_max.{name}", on)
        a.apply(REDUCTION, "Assistance or a fulfilled agreement allows a cut of the unserved part.")
        a.options.append(
            f"reduction of the unserved part by up to {cut.numerator}/{cut.denominator}"
        )
