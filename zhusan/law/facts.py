"""Validate a legal facts document and read it into an immutable record.

The checks mirror data/law-facts.schema.json field for field (a test holds the two together)
and add the semantic checks a schema cannot express.  They are written by hand because
validating every document with jsonschema would cost more than the whole assessment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, NamedTuple

MIN_YEAR, MAX_YEAR = 1900, 2100


class FactsError(ValueError):
    """Refuse a facts document, naming the offending field."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class Offence(NamedTuple):
    """One count of the conviction."""

    position: int
    article: str
    part: str
    offence_date: date


class Facts(NamedTuple):
    """The facts of one case; `None` is an unknown fact."""

    as_of: date
    offences: tuple[Offence, ...]
    # person
    birth_date: date | None
    sex: str | None
    citizen: bool | None
    pregnant: bool | None
    children_under_14: int | None
    raises_child_alone: bool | None
    raises_disabled_child: bool | None
    disability_group: int | None
    # sentence
    kind: str
    years: int | None
    months: int | None
    days: int | None
    life: bool | None
    start_date: date | None
    security_level: str | None
    pretrial_custody_days: int | None
    house_arrest_days: int | None
    replaced_under_art73: bool | None
    # conduct
    malicious_violations: bool | None
    damage_compensated: bool | None
    active_assistance: bool | None
    cooperation_agreement: bool | None
    prior_parole_revoked: bool | None
    prior_revocation_ground: int | None
    # medical
    commission_conclusion: bool | None
    on_authorised_list: bool | None
    prevents_serving: bool | None
    incapacitating_mental_disorder: bool | None
    # circumstances
    caused_death: bool | None
    criminal_group: bool | None


Checker = Callable[[Any, str], Any]

_ARTICLE = re.compile(r"[1-9][0-9]{0,2}(-[1-9])?")
_PART = re.compile(r"[1-9][0-9]?")


def _date(value: Any, field: str) -> date:
    if type(value) is not str or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise FactsError(field, "not an ISO date")
    if not (value[:4] + value[5:7] + value[8:]).isdigit() or not value.isascii():
        raise FactsError(field, "not an ISO date")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise FactsError(field, "not an ISO date") from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise FactsError(field, f"year outside {MIN_YEAR}-{MAX_YEAR}")
    return parsed


def _optional_date(value: Any, field: str) -> date | None:
    return None if value is None else _date(value, field)


def _flag(value: Any, field: str) -> bool | None:
    if value is None or type(value) is bool:
        return value
    raise FactsError(field, "must be true, false or null")


def _whole(low: int, high: int) -> Checker:
    def check(value: Any, field: str) -> int | None:
        if value is None:
            return None
        if type(value) is float and value.is_integer():
            value = int(value)
        if type(value) is not int:
            raise FactsError(field, "must be a whole number or null")
        if not low <= value <= high:
            raise FactsError(field, f"must be between {low} and {high}")
        return value

    return check


def _choice(*allowed: Any, optional: bool = True) -> Checker:
    shown = ", ".join(str(a) for a in allowed)

    def check(value: Any, field: str) -> Any:
        if value is None and optional:
            return None
        if type(value) is float and value.is_integer():
            value = int(value)
        if type(value) in (str, int) and value in allowed:
            return value
        raise FactsError(field, f"must be one of {shown}" + (" or null" if optional else ""))

    return check


def _pattern(regex: re.Pattern[str], example: str) -> Checker:
    def check(value: Any, field: str) -> str:
        if type(value) is not str or not regex.fullmatch(value):
            raise FactsError(field, f"must be a string like {example!r}")
        return value

    return check


_DAYS = _whole(0, 20000)

PERSON: dict[str, Checker] = {
    "birth_date": _optional_date,
    "sex": _choice("M", "F"),
    "citizen": _flag,
    "pregnant": _flag,
    "children_under_14": _whole(0, 30),
    "raises_child_alone": _flag,
    "raises_disabled_child": _flag,
    "disability_group": _whole(0, 3),
}
SENTENCE: dict[str, Checker] = {
    "kind": _choice(
        "imprisonment", "restriction_of_liberty", "suspended", "fine", "other", optional=False
    ),
    "years": _whole(0, 50),
    "months": _whole(0, 600),
    "days": _DAYS,
    "life": _flag,
    "start_date": _optional_date,
    "security_level": _choice(
        "minimum", "medium", "medium_juvenile", "maximum", "extraordinary", "full"
    ),
    "pretrial_custody_days": _DAYS,
    "house_arrest_days": _DAYS,
    "replaced_under_art73": _flag,
}
CONDUCT: dict[str, Checker] = {
    "malicious_violations": _flag,
    "damage_compensated": _flag,
    "active_assistance": _flag,
    "cooperation_agreement": _flag,
    "prior_parole_revoked": _flag,
    "prior_revocation_ground": _choice(1, 2, 3),
}
MEDICAL: dict[str, Checker] = {
    "commission_conclusion": _flag,
    "on_authorised_list": _flag,
    "prevents_serving": _flag,
    "incapacitating_mental_disorder": _flag,
}
CIRCUMSTANCES: dict[str, Checker] = {"caused_death": _flag, "criminal_group": _flag}
OFFENCE: dict[str, Checker] = {
    "article": _pattern(_ARTICLE, "257"),
    "part": _pattern(_PART, "2"),
    "offence_date": _date,
}
SECTIONS: dict[str, dict[str, Checker]] = {
    "person": PERSON,
    "sentence": SENTENCE,
    "conduct": CONDUCT,
    "medical": MEDICAL,
    "circumstances": CIRCUMSTANCES,
}
TOP_LEVEL = frozenset({"as_of", "offences", *SECTIONS})
REQUIRED = {"sentence": ("kind",), "offence": ("article", "part", "offence_date")}
_EMPTY: dict[str, Any] = {}


def _object(
    value: Any, field: str, spec: Mapping[str, Checker], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Check one object against its field checkers; return the parsed fields."""
    if type(value) is not dict:
        raise FactsError(field, "not an object")
    parsed: dict[str, Any] = {}
    for key, raw in value.items():
        checker = spec.get(key) if type(key) is str else None
        if checker is None:
            raise FactsError(f"{field}.{key}", "unknown field")
        if checker is _flag and (raw is None or raw is True or raw is False):
            parsed[key] = raw  # the common case, checked inline: no call, no path string
            continue
        parsed[key] = checker(raw, f"{field}.{key}")
    for key in required:
        if parsed.get(key) is None:
            raise FactsError(f"{field}.{key}", "required")
    return parsed


def _offences(value: Any) -> tuple[Offence, ...]:
    if type(value) is not list:
        raise FactsError("offences", "not a list")
    if not 1 <= len(value) <= 50:
        raise FactsError("offences", "must list between 1 and 50 offences")
    offences = []
    for index, item in enumerate(value):
        parsed = _object(item, f"offences[{index}]", OFFENCE, REQUIRED["offence"])
        offences.append(Offence(index, parsed["article"], parsed["part"], parsed["offence_date"]))
    return tuple(offences)


def read(document: Any) -> Facts:
    """Validate a facts document and return its facts, or raise FactsError naming the field."""
    if type(document) is not dict:
        raise FactsError("(document)", "not a JSON object")
    for key in document:
        if key not in TOP_LEVEL:
            raise FactsError(str(key), "unknown field")
    if "as_of" not in document:
        raise FactsError("as_of", "required")
    as_of = _date(document["as_of"], "as_of")
    if "offences" not in document:
        raise FactsError("offences", "required")
    offences = _offences(document["offences"])
    if "sentence" not in document:
        raise FactsError("sentence", "required")
    sentence = _object(document["sentence"], "sentence", SENTENCE, REQUIRED["sentence"])
    person = _section(document, "person")
    conduct = _section(document, "conduct")
    medical = _section(document, "medical")
    circumstances = _section(document, "circumstances")
    g = sentence.get
    facts = Facts(
        as_of,
        offences,
        person.get("birth_date"),
        person.get("sex"),
        person.get("citizen"),
        person.get("pregnant"),
        person.get("children_under_14"),
        person.get("raises_child_alone"),
        person.get("raises_disabled_child"),
        person.get("disability_group"),
        sentence["kind"],
        g("years"),
        g("months"),
        g("days"),
        g("life"),
        g("start_date"),
        g("security_level"),
        g("pretrial_custody_days"),
        g("house_arrest_days"),
        g("replaced_under_art73"),
        conduct.get("malicious_violations"),
        conduct.get("damage_compensated"),
        conduct.get("active_assistance"),
        conduct.get("cooperation_agreement"),
        conduct.get("prior_parole_revoked"),
        conduct.get("prior_revocation_ground"),
        medical.get("commission_conclusion"),
        medical.get("on_authorised_list"),
        medical.get("prevents_serving"),
        medical.get("incapacitating_mental_disorder"),
        circumstances.get("caused_death"),
        circumstances.get("criminal_group"),
    )
    _check_semantics(facts)
    return facts


def _section(document: dict[str, Any], name: str) -> dict[str, Any]:
    value = document.get(name)
    if value is None:
        return _EMPTY
    return _object(value, name, SECTIONS[name])


def _check_semantics(f: Facts) -> None:
    """Refuse documents whose facts contradict each other."""
    for offence in f.offences:
        field = f"offences[{offence.position}].offence_date"
        if offence.offence_date > f.as_of:
            raise FactsError(field, "after as_of")
        if f.start_date is not None and offence.offence_date > f.start_date:
            raise FactsError(field, "after sentence.start_date")
        if f.birth_date is not None and offence.offence_date < f.birth_date:
            raise FactsError(field, "before person.birth_date")
    if f.start_date is not None and f.start_date > f.as_of:
        raise FactsError("sentence.start_date", "after as_of")
    if f.life:
        if f.kind != "imprisonment":
            raise FactsError("sentence.life", "a life term must be of kind imprisonment")
        for name in ("years", "months", "days"):
            if getattr(f, name):
                raise FactsError(f"sentence.{name}", "must be 0 or omitted for a life term")
    if f.pregnant and f.sex == "M":
        raise FactsError("person.pregnant", "true for a person of sex M")
    if f.prior_revocation_ground is not None and f.prior_parole_revoked is False:
        raise FactsError(
            "conduct.prior_revocation_ground", "given but prior_parole_revoked is false"
        )
