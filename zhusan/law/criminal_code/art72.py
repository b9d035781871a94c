"""CC RK art. 72: parole (условно-досрочное освобождение); juveniles under art. 86."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from itertools import product
from typing import Any, NamedTuple

from zhusan.law import parameters, term
from zhusan.law.conviction import Conviction, flag_gaps
from zhusan.law.criminal_code import art86
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding, Plan
from zhusan.law.periods import age_on
from zhusan.law.rule import CODE_IN_FORCE, Rule

SCOPE = Rule(
    code="CC-72-1-1",
    label="The court may release on parole a person serving restriction of liberty or "
    "imprisonment who has served the required part, if full service is not needed",
    citation="CC RK art. 72(1) para 1",
    effective_from=CODE_IN_FORCE,
)
MANDATORY = Rule(
    code="CC-72-1-2",
    label="Release is mandatory on full compensation of damage and no malicious violations",
    citation="CC RK art. 72(1) para 2",
    effective_from=CODE_IN_FORCE,
    quote="подлежит освобождению",
)
TERRORIST_ASSISTANCE = Rule(
    code="CC-72-1-3",
    label="A terrorist or extremist convict may be released only if he actively assists in "
    "preventing, uncovering or investigating such crimes or exposing group members",
    citation="CC RK art. 72(1) para 3",
    effective_from=CODE_IN_FORCE,
    quote="может быть освобождено судом условно-досрочно, если оно оказывает активное содействие "
    "в предотвращении, раскрытии или расследовании террористических или экстремистских "
    "преступлений, изобличении участников террористической или экстремистской группы",
    note="The paragraph is confirmed in force by August 2022 (the court applied it; SC-6 as "
    "amended 22.12.2022); its date of introduction is unverified [U].",
)
PARA_3_DATE = Rule(
    code="CC-72-1-3-DATE",
    label="Art. 72(1) para 3 is confirmed in force only from August 2022",
    citation="CC RK art. 72(1) para 3",
    effective_from=CODE_IN_FORCE,
    confidence="U",
)
PARA_2_VS_3 = Rule(
    code="CC-72-1-2-3",
    label="For a terrorist or extremist convict, para 3 ('may, if he assists') is read as "
    "prevailing over para 2 ('shall' on compensation and good conduct)",
    citation="CC RK art. 72(1) paras 2-3",
    effective_from=CODE_IN_FORCE,
    confidence="I",
)
PART_MINOR_MEDIUM = Rule(
    code="CC-72-3-1",
    label="At least one third of the term for a minor or medium crime",
    citation="CC RK art. 72(3)(1)",
    effective_from=CODE_IN_FORCE,
)
PART_GRAVE = Rule(
    code="CC-72-3-2",
    label="At least one half of the term for a grave crime",
    citation="CC RK art. 72(3)(2)",
    effective_from=CODE_IN_FORCE,
)
PART_ESPECIALLY_GRAVE = Rule(
    code="CC-72-3-3",
    label="At least two thirds of the term for a grave crime against life or health, or an "
    "especially grave crime",
    citation="CC RK art. 72(3)(3)",
    effective_from=CODE_IN_FORCE,
)
GRAVE_LIFE_HEALTH_TIER = Rule(
    code="CC-72-3-3-TIER",
    label="The grave-against-life-or-health tier of art. 72(3)(3) is not confirmed before 2023; "
    "one half applies to earlier offences",
    citation="CC RK art. 72(3)(3)",
    effective_from=CODE_IN_FORCE,
    confidence="I",
)
PART_REVOKED_1_2 = Rule(
    code="CC-72-3-3-1",
    label="Two thirds of the remaining unserved term after a parole revoked under art. 72(7)(1)-(2)",
    citation="CC RK art. 72(3)(3-1)",
    effective_from=CODE_IN_FORCE,
)
PART_REVOKED_3 = Rule(
    code="CC-72-3-4",
    label="Three quarters of the term after a parole revoked under art. 72(7)(3)",
    citation="CC RK art. 72(3)(4)",
    effective_from=CODE_IN_FORCE,
)
PART_AGREEMENT = Rule(
    code="CC-72-3-5",
    label="With a fulfilled procedural agreement: 1/4, 1/3, 1/2, or 3/4 for an especially grave "
    "crime against life or health",
    citation="CC RK art. 72(3)(5)",
    effective_from=CODE_IN_FORCE,
)
AGREEMENT_ANOMALY = Rule(
    code="CC-72-3-5-CHECK",
    label="The 3/4 of art. 72(3)(5) exceeds the 2/3 without an agreement; confirm the statute",
    citation="CC RK art. 72(3)(5)",
    effective_from=CODE_IN_FORCE,
    confidence="U",
)
PRIVILEGED = Rule(
    code="CC-72-4",
    label="Shorter parts for pregnant women, women with a child under 14, men raising one alone, "
    "persons raising a disabled child, women of 58, men of 63, disability groups I-II",
    citation="CC RK art. 72(4)",
    effective_from=CODE_IN_FORCE,
    note="Privileged status is assessed on as_of, the date of the petition [I, M]. "
    "«Малолетний» is read as a child under 14 [U].",
)
FLOOR = Rule(
    code="CC-72-5",
    label="The imprisonment actually served may not be less than six months",
    citation="CC RK art. 72(5)",
    effective_from=CODE_IN_FORCE,
)
LIFE = Rule(
    code="CC-72-6",
    label="A life prisoner may be paroled after 25 years actually served (15 with a fulfilled "
    "procedural agreement)",
    citation="CC RK art. 72(6)",
    effective_from=CODE_IN_FORCE,
)
BAR_TERRORIST = Rule(
    code="CC-72-8-2",
    label="No parole for a terrorist or extremist crime that caused deaths or is linked to an "
    "especially grave crime",
    citation="CC RK art. 72(8)(2)",
    effective_from=CODE_IN_FORCE,
    quote="повлекшее гибель людей либо сопряженное с совершением особо тяжкого преступления",
)
LINKED = Rule(
    code="CC-72-8-2-LINK",
    label="Whether «сопряженное с совершением особо тяжкого преступления» covers a terrorist "
    "crime that is itself especially grave, or any other especially grave count, is unsettled",
    citation="CC RK art. 72(8)(2)",
    effective_from=CODE_IN_FORCE,
    confidence="I",
)
BAR_CORRUPTION = Rule(
    code="CC-72-8-3",
    label="No parole for a grave or especially grave corruption crime, save the exceptions the "
    "article makes",
    citation="CC RK art. 72(8)(3)",
    effective_from=CODE_IN_FORCE,
    note="The reference states the bar «with exceptions» but not the exceptions themselves; the "
    "engine sends a grave or especially grave corruption conviction to review.",
)
BAR_SEXUAL_MINOR = Rule(
    code="CC-72-8-4",
    label="No parole for a crime against the sexual inviolability of minors, except for an "
    "offender who was himself a minor",
    citation="CC RK art. 72(8)(4)",
    effective_from=CODE_IN_FORCE,
    note="Applied on the adult path only (offence committed at 18 or over); whether art. 72(8) "
    "binds juvenile parole under art. 86 is unsettled [I, L].",
)
BAR_GROUP_KILLING = Rule(
    code="CC-72-8-5",
    label="No parole for an intentional killing committed within a criminal group, save the "
    "exceptions the article makes",
    citation="CC RK art. 72(8)(5)",
    effective_from=CODE_IN_FORCE,
    note="The reference states the bar «with exceptions» but not the exceptions; a count against "
    "life (catalogue) with circumstances.criminal_group goes to review.",
)
BAR_TORTURE = Rule(
    code="CC-72-8-9",
    label="No parole for a person convicted of torture",
    citation="CC RK art. 72(8)(9)",
    effective_from=CODE_IN_FORCE,
)
BARS_BY_TITLE = Rule(
    code="CC-72-8-TITLES",
    label="The terrorism and chapter 4 articles whose titles the reference gives are read as none "
    "of corruption, sexual crimes against minors or torture",
    citation="CC RK art. 72(8)(3), (4), (9)",
    effective_from=CODE_IN_FORCE,
    confidence="I",
    note="The reference gives no article lists for these bars; the engine asks the facts "
    "document (circumstances.corruption_crime, sexual_crime_against_minor, torture) for any "
    "other article (parameter art72.bars_3_4_9_outside_articles).",
)
BAR_REPLACED = Rule(
    code="CC-72-8-6",
    label="No parole for a person whose imprisonment was replaced with restriction of liberty under art. 73",
    citation="CC RK art. 72(8)(6)",
    effective_from=CODE_IN_FORCE,
)
BAR_LIFER_REVOKED = Rule(
    code="CC-72-8-7",
    label="No new parole for a life prisoner whose parole was revoked",
    citation="CC RK art. 72(8)(7)",
    effective_from=CODE_IN_FORCE,
)
TERM_SERVED = Rule(
    code="CC-72-TERM",
    label="Parole is moot once the whole term has been served",
    citation="CC RK art. 72(1)",
    effective_from=CODE_IN_FORCE,
)
PROBATION = Rule(
    code="CC-72-2",
    label="On parole, probation control for the unserved term (10 years for a life prisoner)",
    citation="CC RK art. 72(2)",
    effective_from=CODE_IN_FORCE,
)
RULES = (
    SCOPE, MANDATORY, TERRORIST_ASSISTANCE, PARA_3_DATE, PARA_2_VS_3, PART_MINOR_MEDIUM,
    PART_GRAVE, PART_ESPECIALLY_GRAVE, GRAVE_LIFE_HEALTH_TIER, PART_REVOKED_1_2, PART_REVOKED_3,
    PART_AGREEMENT, AGREEMENT_ANOMALY, PRIVILEGED, FLOOR, LIFE, BAR_TERRORIST, LINKED,
    BAR_CORRUPTION, BAR_SEXUAL_MINOR, BAR_GROUP_KILLING, BARS_BY_TITLE, BAR_REPLACED,
    BAR_LIFER_REVOKED, BAR_TORTURE, TERM_SERVED, PROBATION,
)  # fmt: skip

_PARAMS = parameters.load()
_PARA_3_CONFIRMED: date = _PARAMS.at("art72.para_3_confirmed_from", CODE_IN_FORCE)
_BOTH = (False, True)
_ZERO = Fraction(0)
_ANOMALY = (AGREEMENT_ANOMALY, "", None)
_FLOOR = (FLOOR, "", None)


def privileged(f: Facts) -> tuple[bool | None, list[str]]:
    """Tell whether the person is in a privileged group of art. 72(4) on as_of.

    Return True, False, or None with the fields that would settle it.
    """
    on = f.as_of
    # Art. 72(4) (reference §1.2): pregnant women, women with a «малолетний» child, men raising
    # one alone, persons raising a disabled child, women of 58+, men of 63+, groups I-II.
    missing: list[str] = []
    children = f.children_under_14
    age = age_on(f.birth_date, on) if f.birth_date is not None else None
    female_age = _PARAMS.at("art72.privileged_age.female", on)
    male_age = _PARAMS.at("art72.privileged_age.male", on)
    known_true = (
        f.pregnant is True
        or f.raises_disabled_child is True
        or f.disability_group in _PARAMS.at("art72.privileged_disability_groups", on)
        or (f.sex == "F" and bool(children))
        or (f.sex == "M" and bool(children) and f.raises_child_alone is True)
        or (age is not None and age >= male_age)
        or (f.sex == "F" and age is not None and age >= female_age)
    )
    if known_true:
        return True, missing
    if f.sex is None:
        missing.append("person.sex")
    if f.sex != "M" and f.pregnant is None:
        missing.append("person.pregnant")
    if f.raises_disabled_child is None:
        missing.append("person.raises_disabled_child")
    if f.disability_group is None:
        missing.append("person.disability_group")
    if children is None:
        missing.append("person.children_under_14")
    elif children and f.sex == "M" and f.raises_child_alone is None:
        missing.append("person.raises_child_alone")
    if age is None or (f.sex is None and age >= female_age):
        missing.append("person.birth_date" if age is None else "person.sex")
    return (None if missing else False), missing


def _adult_part(
    rank: int, against: str, priv: bool, agreement: bool, revoked: int
) -> tuple[str, Rule]:
    """Return the parameter naming the part of the term to serve and the rule setting it."""
    life_health = against in ("life", "health")
    if priv:
        # Art. 72(4): the privileged persons serve shorter parts.
        if revoked in (1, 2):
            return "art72.privileged.revoked_7_1_2", PRIVILEGED
        if revoked == 3:
            return "art72.privileged.revoked_7_3", PRIVILEGED
        if agreement:
            tier = "minor_medium" if rank <= 2 else ("grave" if rank == 3 else "especially_grave")
            return f"art72.privileged_agreement.{tier}", PRIVILEGED
        if rank <= 2:
            return "art72.privileged.minor_medium", PRIVILEGED
        if rank == 3:
            return "art72.privileged.grave", PRIVILEGED
        if against == "life":
            return "art72.privileged.especially_grave_life", PRIVILEGED
        return "art72.privileged.especially_grave", PRIVILEGED
    if revoked in (1, 2):
        return "art72.fraction.revoked_7_1_2", PART_REVOKED_1_2
    if revoked == 3:
        return "art72.fraction.revoked_7_3", PART_REVOKED_3
    if agreement:
        if rank <= 2:
            return "art72.agreement.minor_medium", PART_AGREEMENT
        if rank == 3 and not life_health:
            return "art72.agreement.grave", PART_AGREEMENT
        if rank == 4 and life_health:
            return "art72.agreement.especially_grave_life_health", PART_AGREEMENT
        return "art72.agreement.grave_life_health_or_especially_grave", PART_AGREEMENT
    if rank <= 2:
        return "art72.fraction.minor_medium", PART_MINOR_MEDIUM
    if rank == 3:
        if life_health:
            return "art72.fraction.grave_life_health", PART_ESPECIALLY_GRAVE
        return "art72.fraction.grave", PART_GRAVE
    return "art72.fraction.especially_grave", PART_ESPECIALLY_GRAVE


def _choices(f: Facts, c: Conviction) -> tuple[dict[str, tuple[Any, ...]], list[str], bool]:
    """List the possible values of each fact the part depends on, with unknown fields."""
    missing: list[str] = []
    priv, priv_missing = privileged(f)
    if priv is None:
        missing += priv_missing
    agreement = f.cooperation_agreement
    if agreement is None:
        missing.append("conduct.cooperation_agreement")
    revoked: tuple[int, ...]
    if f.prior_parole_revoked is False:
        revoked = (0,)
    elif f.prior_revocation_ground is not None:
        revoked = (f.prior_revocation_ground,)
    elif f.prior_parole_revoked:
        revoked = (1, 3)
        missing.append("conduct.prior_revocation_ground")
    else:
        revoked = (0, 1, 3)
        missing.append("conduct.prior_parole_revoked")
    against_unknown = c.against is None
    choices = {
        "priv": _BOTH if priv is None else (priv,),
        "agreement": _BOTH if agreement is None else (agreement,),
        "revoked": revoked,
        "against": ("none", "health", "life") if against_unknown else (c.against,),
    }
    return choices, missing, against_unknown


class Candidates(NamedTuple):
    """The parts of the term that may be required, before any date is counted.

    Each item is (part, entry, anomaly): for a life term the part is a number of years; an
    entry is (rule, text, tier_note) as `_record_time` reads it.
    """

    life: bool
    floor_months: int  # 0 when the six-month floor does not apply (not imprisonment)
    items: tuple[tuple[Any, tuple[Rule, str, Rule | None], bool], ...]
    missing: tuple[str, ...]
    against_unknown: bool


def candidates(f: Facts, c: Conviction) -> Candidates:
    """Return the possible required parts of the term, with the facts that would settle them."""
    on = c.latest_offence
    floor_months = _PARAMS.at("art72.floor_months", on) if f.kind == "imprisonment" else 0
    items: list[tuple[Any, tuple[Rule, str, Rule | None], bool]] = []
    if f.life:
        agreement = f.cooperation_agreement
        for with_agreement in _BOTH if agreement is None else (agreement,):
            name = "art72.life_agreement_years" if with_agreement else "art72.life_years"
            years = _PARAMS.at(name, on)
            rule = PART_AGREEMENT if with_agreement else LIFE
            items.append((years, (rule, f"{years} years of a life term", None), False))
        missing = ("conduct.cooperation_agreement",) if agreement is None else ()
        return Candidates(True, floor_months, tuple(items), missing, False)
    choices, missing_list, against_unknown = _choices(f, c)
    rank = c.rank or 0
    for priv, agreement, revoked, against in product(*choices.values()):
        name, rule = _adult_part(rank, against, priv, agreement, revoked)
        tier_note = None
        if rule is PART_ESPECIALLY_GRAVE and rank == 3:
            confirmed = _PARAMS.at("art72.grave_life_health_tier_confirmed_from", on)
            if c.latest_offence < confirmed:
                name, rule = "art72.fraction.grave", PART_GRAVE
                tier_note = GRAVE_LIFE_HEALTH_TIER
        part = _PARAMS.lenient_fraction(name, on, f.as_of)
        anomaly = bool(
            agreement and rank == 4 and against in ("life", "health") and not priv and not revoked
        )
        items.append((part, (rule, _part_text(part, priv, agreement, revoked), tier_note), anomaly))
    return Candidates(False, floor_months, tuple(items), tuple(missing_list), against_unknown)


def _dates(cands: Candidates, t: term.Term) -> dict[date, list]:
    """Return each possible first day of eligibility with the rules leading to it."""
    dates: dict[date, list] = {}
    if cands.life:
        for years, entry, _ in cands.items:
            dates.setdefault(t.after(years), [entry])
        return dates
    floor_days = t.floor(cands.floor_months) if cands.floor_months else 0
    floor_day = t.reached(_ZERO, floor_days) if floor_days else None
    for part, entry, anomaly in cands.items:
        day = t.reached(part, floor_days)
        entries = dates.setdefault(day, [])
        if entry not in entries:
            entries.append(entry)
        if anomaly and _ANOMALY not in entries:
            entries.append(_ANOMALY)
        if day == floor_day and _FLOOR not in entries:
            entries.append(_FLOOR)
    return dates


def _part_text(part: Fraction, priv: bool, agreement: bool, revoked: int) -> str:
    qualifiers = [
        text
        for flag, text in (
            (priv, "privileged person"),
            (agreement, "procedural agreement fulfilled"),
            (revoked, f"earlier parole revoked under art. 72(7)({revoked})"),
        )
        if flag
    ]
    suffix = f" ({'; '.join(qualifiers)})" if qualifiers else ""
    return f"{part.numerator}/{part.denominator} of the term{suffix}"


def _record_time(a: Finding, entries: list) -> None:
    for rule, text, tier_note in entries:
        if rule is AGREEMENT_ANOMALY:
            a.flag(
                rule,
                "The reference gives 3/4 with a procedural agreement for an especially "
                "grave crime against life or health, more than the 2/3 without one; confirm.",
            )
            continue
        if rule is FLOOR:
            # Art. 72(5) (reference §1.2): the term actually served may not be under 6 months.
            a.apply(FLOOR, "The six-month floor of actual imprisonment decides the date.")
            continue
        # Art. 72(1): release only «после фактического отбытия сроков, указанных в частях
        # третьей, четвертой и пятой».
        a.apply(rule, f"Required part: {text}.")
        if tier_note is not None:
            a.flag(
                tier_note,
                "The grave-against-life-or-health tier (2/3) is not confirmed for "
                "offences before 2023; one half is applied.",
            )


def assess(f: Facts, c: Conviction) -> dict[str, Any]:
    """Assess parole (art. 72; art. 86 for an offence committed under 18)."""
    decided = decide(f, c)
    if isinstance(decided, dict):
        return decided
    cands = candidates(f, c) if decided.candidates else None
    return decided.finish(decided.finding.copy(), decided.data, f, term.reading(f), cands)


def decide(f: Facts, c: Conviction) -> dict[str, Any] | Plan:
    """Decide parole up to the date arithmetic (see finding.Plan)."""
    a = Finding("parole")
    if f.kind not in ("imprisonment", "restriction_of_liberty"):
        a.apply(SCOPE, "Parole applies only to restriction of liberty or imprisonment.")
        return a.render("not_eligible")
    if f.replaced_under_art73:
        # Art. 72(8)(6) (reference §1.2): not for a person whose imprisonment art. 73 replaced.
        a.apply(BAR_REPLACED, "The imprisonment was already replaced under art. 73.")
        return a.render("barred")
    if f.life and f.prior_parole_revoked:
        a.apply(
            BAR_LIFER_REVOKED, "A life prisoner whose parole was revoked cannot be paroled again."
        )
        return a.render("barred")
    unknown_category = flag_gaps(c, a)
    if c.juvenile_mixed or c.juvenile_boundary:
        a.flag(
            art86.JUVENILE_PAROLE,
            "Some counts were committed under 18 or on the 18th "
            "birthday; the juvenile rules (art. 86) may apply to part of the conviction.",
        )
        return a.render("needs_review")
    if c.juvenile is None:
        a.need(
            "person.birth_date",
            art86.JUVENILE_PAROLE,
            "The birth date decides whether the juvenile rules of art. 86 apply.",
        )
        return a.render("needs_facts")
    if c.juvenile:
        return art86.decide_parole(f, c, a, unknown_category, _juvenile_bars(f, c, a))
    return _decide_adult(f, c, a, unknown_category)


def _juvenile_bars(f: Facts, c: Conviction, a: Finding) -> bool:
    """Note the bars of art. 72(8)(3)-(5), (9) for an offence committed under 18.

    Art. 72(8)(4) excepts minor offenders; whether the others bind parole under art. 86 is
    unsettled [I, L], so a fact that would bar an adult sends the case to review.
    """
    if f.sexual_crime_against_minor:
        a.apply(
            BAR_SEXUAL_MINOR,
            "The offender was a minor: the exception of art. 72(8)(4) for minor offenders applies.",
        )
    found = [
        rule
        for rule, present in (
            (BAR_CORRUPTION, f.corruption_crime and (c.rank is None or c.rank > 2)),
            (BAR_GROUP_KILLING, f.criminal_group and c.killing is not False),
            (BAR_TORTURE, f.torture),
        )
        if present
    ]
    for rule in found:
        a.flag(
            rule,
            f"A bar of {rule.citation} would apply to an adult; whether it binds the parole of "
            "a juvenile offender (art. 86) is unsettled.",
        )
    return bool(found)


def _terrorist_bar(f: Facts, c: Conviction, a: Finding) -> str | None:
    """Apply art. 72(8)(2); return "barred" or "review" when it decides or blocks the outcome."""
    if not c.te:
        return None
    # «... террористическое или экстремистское преступление, повлекшее гибель людей либо
    # сопряженное с совершением особо тяжкого преступления»
    if f.caused_death:
        a.apply(BAR_TERRORIST, "A terrorist or extremist crime that caused deaths.")
        return "barred"
    if c.especially_grave_other:
        a.apply(
            BAR_TERRORIST, "A terrorist or extremist crime together with an especially grave count."
        )
        a.flag(
            LINKED,
            "Reading the especially grave count as «сопряженное» with the terrorist "
            "crime is an interpretation; confirm.",
        )
        return "barred"
    if f.caused_death is None:
        a.need(
            "circumstances.caused_death",
            BAR_TERRORIST,
            "If the terrorist or extremist crime caused deaths, parole is barred.",
        )
    if c.especially_grave_te:
        a.flag(
            LINKED,
            "The terrorist or extremist count is itself especially grave; whether it is "
            "«сопряженное с совершением особо тяжкого преступления» is unsettled.",
        )
        return "review"
    return None


def _other_bars(f: Facts, c: Conviction, a: Finding) -> str | None:
    """Apply art. 72(8)(3), (4), (5) and (9); return "barred" or "review" when one decides."""
    # Art. 72(8) (reference §1.2): 3) grave or especially grave corruption, with exceptions;
    # 4) crimes against the sexual inviolability of minors, except minor offenders; 5) intentional
    # killing within a criminal group, with exceptions; 9) torture.
    if f.torture:
        a.apply(BAR_TORTURE, "A conviction for torture: parole is not applied.")
        return "barred"
    if f.sexual_crime_against_minor:
        a.apply(
            BAR_SEXUAL_MINOR,
            "A crime against the sexual inviolability of minors committed as an adult: "
            "parole is not applied.",
        )
        return "barred"
    result = None
    if f.corruption_crime:
        if c.rank is not None and c.rank <= 2:
            a.apply(
                BAR_CORRUPTION,
                "A corruption crime of minor or medium gravity: the bar covers only grave "
                "and especially grave ones.",
            )
        else:
            a.flag(
                BAR_CORRUPTION,
                "A grave or especially grave corruption crime: parole is barred unless one of "
                "the article's exceptions applies, and the reference does not say what they "
                "are; a lawyer must check.",
            )
            result = "review"
    if f.criminal_group and c.killing is not False:
        a.flag(
            BAR_GROUP_KILLING,
            "A crime within a criminal group with a count against life: parole is barred for an "
            "intentional killing within a criminal group unless one of the article's exceptions "
            "applies, and the reference does not say what they are; a lawyer must check."
            if c.killing
            else "A crime within a criminal group where the engine cannot tell whether a count "
            "is an intentional killing (art. 72(8)(5)); a lawyer must check.",
        )
        result = "review"
    elif c.killing and f.criminal_group is None:
        a.need(
            "circumstances.criminal_group",
            BAR_GROUP_KILLING,
            "If the crime against life was committed within a criminal group, parole may be barred.",
        )
    unknown = [
        (field, rule, what)
        for field, value, rule, what, matters in (
            (
                "circumstances.corruption_crime",
                f.corruption_crime,
                BAR_CORRUPTION,
                "a grave or especially grave corruption crime",
                c.rank is None or c.rank > 2,
            ),
            (
                "circumstances.sexual_crime_against_minor",
                f.sexual_crime_against_minor,
                BAR_SEXUAL_MINOR,
                "a crime against the sexual inviolability of minors",
                True,
            ),
            ("circumstances.torture", f.torture, BAR_TORTURE, "torture", True),
        )
        if value is None and matters
    ]
    if unknown and c.nature_clear:
        a.apply(
            BARS_BY_TITLE,
            "By their titles the articles of the conviction are not corruption crimes, crimes "
            "against the sexual inviolability of minors or torture (art. 72(8)(3), (4), (9)).",
        )
    else:
        for field, rule, what in unknown:
            a.need(field, rule, f"Parole is barred for {what}; the document does not say.")
    return result


def _conditions(f: Facts, c: Conviction, a: Finding) -> str | None:
    """Apply art. 72(1) paras 1-3; return "mandatory", "eligible" or "not_eligible", or None if unknown."""
    if c.te:
        if f.as_of < _PARA_3_CONFIRMED:
            a.flag(
                PARA_3_DATE,
                "Art. 72(1) para 3 is confirmed in force only from August 2022; "
                "confirm it applied on the assessment date.",
            )
        if f.damage_compensated and f.malicious_violations is False:
            a.flag(
                PARA_2_VS_3,
                "Damage is compensated and there are no malicious violations "
                "(para 2 'shall'), but para 3 is applied as prevailing for terrorist crimes.",
            )
        if f.active_assistance is None:
            a.need(
                "conduct.active_assistance",
                TERRORIST_ASSISTANCE,
                "A terrorist or extremist convict may be paroled only with active assistance.",
            )
            return None
        if not f.active_assistance:
            a.apply(
                TERRORIST_ASSISTANCE,
                "No active assistance in preventing, uncovering or "
                "investigating terrorist or extremist crimes or exposing group members.",
            )
            return "not_eligible"
        a.apply(TERRORIST_ASSISTANCE, "Active assistance given: the court may grant parole.")
        return "eligible"
    # Art. 72(1) para 2: the person «подлежит освобождению» on full compensation of damage and
    # without «злостных нарушений».
    if f.damage_compensated and f.malicious_violations is False:
        a.apply(
            MANDATORY, "Damage fully compensated and no malicious violations: release is mandatory."
        )
        return "mandatory"
    if f.damage_compensated is False or f.malicious_violations:
        a.apply(
            SCOPE, "The conditions of mandatory release are not met: the court may grant parole."
        )
        return "eligible"
    for field, value in (
        ("conduct.damage_compensated", f.damage_compensated),
        ("conduct.malicious_violations", f.malicious_violations),
    ):
        if value is None:
            a.need(
                field, MANDATORY, "Compensation and conduct decide whether release is mandatory."
            )
    return None


def _decide_adult(
    f: Facts, c: Conviction, a: Finding, unknown_category: bool
) -> dict[str, Any] | Plan:
    bar = _terrorist_bar(f, c, a)
    if bar == "barred":
        return a.render("barred")
    other = _other_bars(f, c, a)
    if other == "barred":
        return a.render("barred")
    review = bar == "review" or other == "review"
    bar_unknown = bool(a.missing)  # an unknown fact that could bar parole
    verdict = _conditions(f, c, a)
    if unknown_category and not (f.life and verdict):
        return a.render("needs_facts" if a.missing else "needs_review")
    if verdict == "not_eligible":
        if a.missing:
            return a.render("needs_facts")
        if c.rank is None:
            return a.render("not_eligible")
        return Plan(a, _finish_refused, candidates=True)
    # For a terrorist conviction the unknown facts so far (deaths, assistance) could refuse
    # parole outright; otherwise they only decide between mandatory and discretionary release.
    # (Reading the term adds no unknown fact unless it fails, so this is known before it.)
    decisive = bar_unknown or (c.te and bool(a.missing))
    return Plan(a, _finish_adult, (verdict, review, decisive), candidates=True)


def _finish_adult(
    a: Finding, data: tuple[Any, ...], f: Facts, reading: term.Reading, cands: Candidates
) -> dict[str, Any]:
    verdict, review_blocks, decisive = data
    t = reading.replay(a)
    if t is None:
        return a.render("needs_facts" if a.missing else "needs_review")
    dates = _dates(cands, t)
    return _resolve_time(
        f, t, a, dates, cands.missing, cands.against_unknown, verdict, review_blocks, decisive
    )


def _finish_refused(
    a: Finding, data: tuple[Any, ...], f: Facts, reading: term.Reading, cands: Candidates
) -> dict[str, Any]:
    """Show the day the time condition would be met alongside a refusal on the merits."""
    t = reading.term  # what reading the term recorded stays out of a refusal
    if t is None:
        return a.render("not_eligible")
    dates = _dates(cands, t)
    if len(dates) != 1:
        a.reasons.append(
            f"The time condition alone would be met between {min(dates).isoformat()} "
            f"and {max(dates).isoformat()}, depending on {', '.join(cands.missing) or 'the law'}."
        )
        return a.render("not_eligible")
    day = next(iter(dates))
    _record_time(a, dates[day])
    a.reasons.append(f"The time condition alone would be met on {day.isoformat()}.")
    return a.render("not_eligible", day)


def _resolve_time(
    f: Facts,
    t: term.Term,
    a: Finding,
    dates: dict[date, list],
    missing: tuple[str, ...],
    against_unknown: bool,
    verdict: str | None,
    review_blocks: bool,
    decisive: bool,
) -> dict[str, Any]:
    """Turn the possible eligibility dates into the outcome."""
    low, high = min(dates), max(dates)
    as_of = f.as_of
    if low == high or as_of >= high:
        day = high if as_of >= high else low
        _record_time(a, dates[day])
    else:
        for field in missing:
            a.need(field)
        if against_unknown:
            a.flag(
                PART_ESPECIALLY_GRAVE,
                "Whether the most serious count is against life or "
                f"health is not known; the part falls between {low} and {high}.",
            )
        a.reasons.append(
            f"Earliest date between {low.isoformat()} and {high.isoformat()} "
            "depending on the facts listed."
        )
        return a.render("needs_facts" if a.missing else "needs_review")
    if t.end is not None:
        a.extra["term_end_date"] = t.end.isoformat()
        if as_of >= t.end or day >= t.end:
            a.apply(
                TERM_SERVED,
                f"The whole term ends on {t.end.isoformat()}: release at the end of the term.",
            )
            return a.render("not_eligible", None)
    if as_of < day:
        return a.render("needs_facts" if decisive else "not_yet", day)
    if a.missing:
        return a.render("needs_facts", day)
    if review_blocks:
        return a.render("needs_review", day)
    a.apply(PROBATION, "If released, probation control applies for the unserved term.")
    return a.render("mandatory" if verdict == "mandatory" else "eligible", day)
