"""CPC RK art. 481: the court's examination of a petition for release on account of illness."""

from __future__ import annotations

from zhusan.law import illness_list
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding
from zhusan.law.rule import CODE_IN_FORCE, Rule

CONCLUSION = Rule(
    code="CPC-481-2",
    label="The institution files the medical commission's conclusion that the illness prevents "
    "serving and cannot be treated in the penal system",
    citation="CPC RK art. 481(2)",
    effective_from=CODE_IN_FORCE,
)
AUTHORISED_LIST = Rule(
    code="CPC-481-4",
    label="The court checks the medical conclusion against the authorised body's list of diseases",
    citation="CPC RK art. 481(4)",
    effective_from=CODE_IN_FORCE,
    quote="Судом исследуется соответствие медицинского заключения установленному уполномоченным "
    "органом перечню заболеваний, являющихся основанием для освобождения от отбывания наказания",
    note="The list is approved by the Ministry of Healthcare (about 38 diseases); its order "
    "number is unverified [U]. The engine takes on_authorised_list as a fact.",
)
LIST_VERSION = Rule(
    code="CPC-481-4-LIST",
    label="The list of diseases applied is the version in force on the decision date; the "
    "assessment names it and asks for review when that version is not known",
    citation="CPC RK art. 481(4)",
    effective_from=CODE_IN_FORCE,
    confidence="U",
    note="Versions in zhusan/law/data/illness_lists.yaml (docs/rules/illness-lists.md). The "
    "Ministry of Healthcare order's number and date are unverified, so no version has known "
    "dates yet.",
)
REFUSAL = Rule(
    code="CPC-481-6-2",
    label="The court refuses release if the illness does not prevent serving the sentence",
    citation="CPC RK art. 481(6)(2)",
    effective_from=CODE_IN_FORCE,
    quote="заболевание не препятствует исполнению наказания",
)
RULES = (CONCLUSION, AUTHORISED_LIST, LIST_VERSION, REFUSAL)


def examine(f: Facts, a: Finding) -> bool | None:
    """Apply the court's checks; return False on refusal, None when a fact is missing."""
    if f.commission_conclusion is None:
        a.need(
            "medical.commission_conclusion",
            CONCLUSION,
            "The petition needs the medical commission's conclusion.",
        )
    elif not f.commission_conclusion:
        a.apply(CONCLUSION, "No medical commission conclusion: the petition lacks its basis.")
        return False
    # «Судом исследуется соответствие медицинского заключения ... перечню заболеваний ...»
    if f.on_authorised_list is None:
        a.need(
            "medical.on_authorised_list",
            AUTHORISED_LIST,
            "The diagnosis must be on the authorised list.",
        )
    else:
        _list_version(f, a)
    if f.on_authorised_list is False:
        a.apply(AUTHORISED_LIST, "The diagnosis is not on the Ministry of Healthcare list.")
        a.apply(REFUSAL, "The court refuses release.")
        return False
    # Art. 481(6): refusal «если … заболевание не препятствует исполнению наказания».
    if f.prevents_serving is None:
        a.need(
            "medical.prevents_serving", REFUSAL, "The illness must prevent serving the sentence."
        )
    elif not f.prevents_serving:
        a.apply(REFUSAL, "The illness does not prevent serving the sentence.")
        return False
    if a.missing:
        return None
    a.apply(AUTHORISED_LIST, "Conclusion filed; the diagnosis is on the list and prevents serving.")
    return True


def _list_version(f: Facts, a: Finding) -> None:
    """Name the list version applied on as_of; flag review when it is not known."""
    applied = illness_list.in_force(f.as_of)
    version = applied.version
    a.extra["authorised_list"] = None if version is None else version.id
    if applied.known and version is not None:
        a.apply(LIST_VERSION, f"The list in force on the assessment date: {version.title}.")
        return
    if version is None:
        a.flag(LIST_VERSION, "No version of the list is known: confirm the list in force.")
        return
    a.flag(
        LIST_VERSION,
        f"The list is taken as «{version.title}» ({version.diseases or 'number unknown'} "
        "diseases), but which version was in force on the assessment date is not known (its "
        "order number and date are unverified): confirm the diagnosis against the list in "
        "force on that date.",
    )
