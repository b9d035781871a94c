"""CC RK art. 11: categories of crimes by the statutory maximum."""

from __future__ import annotations

from datetime import date

from zhusan.law import parameters
from zhusan.law.rule import CODE_IN_FORCE, Rule

MINOR = Rule(
    code="CC-11-2",
    label="Minor gravity: intentional, statutory maximum up to 2 years (negligent: up to 5)",
    citation="CC RK art. 11(2)",
    effective_from=CODE_IN_FORCE,
    quote="преступления небольшой тяжести",
)
MEDIUM = Rule(
    code="CC-11-3",
    label="Medium gravity: intentional, statutory maximum up to 5 years (negligent: above 5)",
    citation="CC RK art. 11(3)",
    effective_from=CODE_IN_FORCE,
    quote="преступления средней тяжести",
)
GRAVE = Rule(
    code="CC-11-4",
    label="Grave: intentional, statutory maximum up to 12 years",
    citation="CC RK art. 11(4)",
    effective_from=CODE_IN_FORCE,
    quote="тяжкие преступления",
)
ESPECIALLY_GRAVE = Rule(
    code="CC-11-5",
    label="Especially grave: intentional, statutory maximum above 12 years or life",
    citation="CC RK art. 11(5)",
    effective_from=CODE_IN_FORCE,
    quote="особо тяжкие преступления",
)
RULES: tuple[Rule, ...] = (MINOR, MEDIUM, GRAVE, ESPECIALLY_GRAVE)

RANKS = {"minor": 1, "medium": 2, "grave": 3, "especially_grave": 4}
NAMES = {rank: name for name, rank in RANKS.items()}
BY_NAME = {"minor": MINOR, "medium": MEDIUM, "grave": GRAVE, "especially_grave": ESPECIALLY_GRAVE}

_PARAMS = parameters.load()


def category(max_years: int | None, life: bool | None, intentional: bool, on: date) -> str | None:
    """Return the category of an article part from its statutory maximum, or None if unknown.

    The category follows the sanction of the article part, never the sentence imposed.
    """
    # «максимальное наказание, предусмотренное настоящим Кодексом» decides the category.
    if life:
        return "especially_grave"
    if max_years is None:
        return None
    if not intentional:
        negligent_minor = _PARAMS.at("art11.negligent_minor_max_years", on)
        return "minor" if max_years <= negligent_minor else "medium"
    if max_years <= _PARAMS.at("art11.minor_max_years", on):
        return "minor"
    if max_years <= _PARAMS.at("art11.medium_max_years", on):
        return "medium"
    # «тяжкие»: an intentional act whose maximum does not exceed 12 years (art. 11(4)).
    if max_years <= _PARAMS.at("art11.grave_max_years", on):
        return "grave"
    return "especially_grave"


UNKNOWN_SANCTION = Rule(
    code="CC-11-UNKNOWN",
    label="The statutory maximum of a count is not known to the engine, so neither is its category",
    citation="CC RK art. 11",
    effective_from=CODE_IN_FORCE,
    confidence="U",
    note="The article part is missing from the catalogue, or the reference gives no sanction for it.",
)
RULES = (*RULES, UNKNOWN_SANCTION)
