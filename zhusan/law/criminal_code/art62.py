"""CC RK art. 62: counting pre-trial custody and house arrest towards imprisonment."""

from __future__ import annotations

from fractions import Fraction

from zhusan.law import parameters
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding
from zhusan.law.rule import CODE_IN_FORCE, Rule

CUSTODY_CREDIT = Rule(
    code="CC-62-3",
    label="A day of pre-trial custody counts as 1 day of imprisonment at maximum, extraordinary or "
    "full security, 1.5 days at medium security (adult or juvenile), 2 days at minimum security",
    citation="CC RK art. 62(3)",
    effective_from=CODE_IN_FORCE,
)
HOUSE_ARREST_CREDIT = Rule(
    code="CC-62-4",
    label="Two days of house arrest count as one day of custody",
    citation="CC RK art. 62(4)",
    effective_from=CODE_IN_FORCE,
)
RESTRICTION_CREDIT = Rule(
    code="CC-62-RESTRICTION",
    label="Credit of pre-trial custody against restriction of liberty is not in the reference",
    citation="CC RK art. 62",
    effective_from=CODE_IN_FORCE,
    confidence="U",
)
RULES = (CUSTODY_CREDIT, HOUSE_ARREST_CREDIT, RESTRICTION_CREDIT)

_PARAMS = parameters.load()
_CUSTODY = {
    level: f"art62.credit.{level}"
    for level in ("minimum", "medium", "medium_juvenile", "maximum", "extraordinary", "full")
}
_shown: dict[Fraction, str] = {}


def credit_half_days(f: Facts, finding: Finding) -> int | None:
    """Return the pre-trial credit in half-days of imprisonment, or None if it cannot be known.

    Half-days keep the 1.5 and 1/2 ratios exact in integers.
    """
    custody, house = f.pretrial_custody_days, f.house_arrest_days
    if custody is None:
        finding.need("sentence.pretrial_custody_days")
    if house is None:
        finding.need("sentence.house_arrest_days")
    if custody is None or house is None:
        return None
    if not custody and not house:
        return 0
    on = f.start_date or f.as_of
    if f.kind != "imprisonment":
        finding.flag(
            RESTRICTION_CREDIT,
            "The reference gives no ratio for crediting pre-trial "
            "custody or house arrest against restriction of liberty.",
        )
        return None
    half_days = 0
    if custody:
        if f.security_level is None:
            finding.need("sentence.security_level")
            return None
        ratio = _PARAMS.fraction(_CUSTODY[f.security_level], on)
        half_days += 2 * custody * ratio.numerator // ratio.denominator
        # Art. 62(3) (reference §1.5): 1 day of custody = 1, 1.5 or 2 days by security level.
        finding.apply(
            CUSTODY_CREDIT,
            f"{custody} days of pre-trial custody credited at "
            f"{_ratio(ratio)} per day ({f.security_level} security).",
        )
    if house:
        ratio = _PARAMS.fraction("art62.credit.house_arrest", on)
        half_days += 2 * house * ratio.numerator // ratio.denominator
        # Art. 62(4) (reference §1.5): 2 days of house arrest = 1 day of custody.
        finding.apply(
            HOUSE_ARREST_CREDIT,
            f"{house} days of house arrest credited at {_ratio(ratio)} per day.",
        )
    return half_days


def _ratio(value: Fraction) -> str:
    shown = _shown.get(value)
    if shown is None:
        shown = _shown[value] = (
            str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
        )
    return shown
