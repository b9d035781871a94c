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
    corruption_crime: bool | None
    sexual_crime_against_minor: bool | None
    torture: bool | None


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
CIRCUMSTANCES: dict[str, Checker] = {
    "caused_death": _flag,
    "criminal_group": _flag,
    "corruption_crime": _flag,
    "sexual_crime_against_minor": _flag,
    "torture": _flag,
}
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
        circumstances.get("corruption_crime"),
        circumstances.get("sexual_crime_against_minor"),
        circumstances.get("torture"),
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


# --- The batch path's reader --------------------------------------------------------------------
# `read_fast` recognises the common shape of a valid document with few, cheap checks and builds
# the same Facts as `read`; anything else (a float for a whole number, an unusual date form, any
# error) it leaves to `read`, which names the problem.  So it never accepts more than `read`
# (tests hold the two together), and a date it accepts is in canonical form: its isoformat() is
# the document's string.

_PERSON_FIELDS = tuple(PERSON)
_SENTENCE_FIELDS = tuple(SENTENCE)
_CONDUCT_FIELDS = tuple(CONDUCT)
_MEDICAL_FIELDS = tuple(MEDICAL)
_CIRCUMSTANCES_FIELDS = tuple(CIRCUMSTANCES)
_PERSON_KEYS = frozenset(PERSON)
_SENTENCE_KEYS = frozenset(SENTENCE)
_CONDUCT_KEYS = frozenset(CONDUCT)
_MEDICAL_KEYS = frozenset(MEDICAL)
_CIRCUMSTANCES_KEYS = frozenset(CIRCUMSTANCES)
_OFFENCE_KEYS = frozenset(OFFENCE)
_KINDS = frozenset(("imprisonment", "restriction_of_liberty", "suspended", "fine", "other"))
_LEVELS = frozenset(("minimum", "medium", "medium_juvenile", "maximum", "extraordinary", "full"))
_NO_SECTION = (None,) * 10  # the longest section's length
_valid_labels: dict[tuple[str, str], bool] = {}
_fromisoformat = date.fromisoformat


_known_dates: dict[str, date] = {}  # canonical strings already parsed (a population shares dates)


def _fast_date(value: Any) -> date | None:
    """Parse a canonical ISO date in range, or return None (also for anything else)."""
    if type(value) is not str:
        return None
    known = _known_dates.get(value)
    if known is not None:
        return known
    if len(value) != 10 or value[4] != "-" or value[7] != "-" or not value.isascii():
        return None
    try:
        parsed = _fromisoformat(value)
    except ValueError:
        return None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    if len(_known_dates) >= 100_000:
        _known_dates.clear()
    _known_dates[value] = parsed
    return parsed


def _label(article: str, part: str) -> bool:
    known = _valid_labels.get((article, part))
    if known is None:
        known = bool(_ARTICLE.fullmatch(article) and _PART.fullmatch(part))
        if len(_valid_labels) < 100_000:
            _valid_labels[(article, part)] = known
    return known


def _values(document: dict[str, Any], name: str, keys: frozenset[str], fields: tuple[str, ...]):
    """Return a section's values in field order (None for an absent section), or None if odd."""
    section = document.get(name)
    if section is None:
        return _NO_SECTION[: len(fields)]
    if type(section) is not dict or not keys.issuperset(section):
        return None
    return tuple(map(section.get, fields))


def _flags(values: tuple[Any, ...]) -> bool:
    for value in values:
        if value is not True and value is not False and value is not None:
            return False
    return True


def _whole_numbers(values: tuple[Any, ...], high: int) -> bool:
    for value in values:
        if value is not None and (type(value) is not int or not 0 <= value <= high):
            return False
    return True


def read_fast(document: Any) -> Facts | None:
    """Return the Facts of a document of the common shape, or None to leave it to `read`."""
    if type(document) is not dict or not TOP_LEVEL.issuperset(document):
        return None
    as_of = _fast_date(document.get("as_of"))
    raw_offences = document.get("offences")
    if as_of is None or type(raw_offences) is not list or not 1 <= len(raw_offences) <= 50:
        return None
    raw = document.get("sentence")
    if type(raw) is not dict or not _SENTENCE_KEYS.issuperset(raw):
        return None
    sentence = tuple(map(raw.get, _SENTENCE_FIELDS))
    person = _values(document, "person", _PERSON_KEYS, _PERSON_FIELDS)
    conduct = _values(document, "conduct", _CONDUCT_KEYS, _CONDUCT_FIELDS)
    medical = _values(document, "medical", _MEDICAL_KEYS, _MEDICAL_FIELDS)
    circumstances = _values(document, "circumstances", _CIRCUMSTANCES_KEYS, _CIRCUMSTANCES_FIELDS)
    if person is None or conduct is None or medical is None or circumstances is None:
        return None
    birth_raw, sex, citizen, pregnant, children, alone, disabled, group = person
    kind, years, months, days, life, start_raw, level, custody, house, replaced = sentence
    *conduct_flags, ground = conduct
    if not (
        _flags((citizen, pregnant, alone, disabled, life, replaced, *conduct_flags))
        and _flags(medical)
        and _flags(circumstances)
        and _whole_numbers((years, months), 600)
        and _whole_numbers((days, custody, house), 20000)
        and _whole_numbers((children, group, ground), 30)
        and (years is None or years <= 50)
        and (group is None or group <= 3)
        and (ground is None or 1 <= ground <= 3)
        and type(kind) is str
        and kind in _KINDS
        and (level is None or (type(level) is str and level in _LEVELS))
        and (sex is None or sex == "M" or sex == "F")
        and (sex is None or type(sex) is str)
    ):
        return None
    birth = None if birth_raw is None else _fast_date(birth_raw)
    start = None if start_raw is None else _fast_date(start_raw)
    if (birth is None and birth_raw is not None) or (start is None and start_raw is not None):
        return None

    offences = []
    for index, item in enumerate(raw_offences):
        if type(item) is not dict or item.keys() != _OFFENCE_KEYS:
            return None
        article, part, on = item["article"], item["part"], _fast_date(item["offence_date"])
        if on is None or type(article) is not str or type(part) is not str:
            return None
        if not _label(article, part):
            return None
        # The semantic checks of _check_semantics; a document failing one goes to `read`.
        if on > as_of or (start is not None and on > start) or (birth is not None and on < birth):
            return None
        offences.append(tuple.__new__(Offence, (index, article, part, on)))
    if start is not None and start > as_of:
        return None
    if life and (kind != "imprisonment" or years or months or days):
        return None
    if pregnant and sex == "M":
        return None
    if ground is not None and conduct_flags[4] is False:
        return None
    return tuple.__new__(
        Facts,
        (
            as_of,
            tuple(offences),
            birth,
            sex,
            citizen,
            pregnant,
            children,
            alone,
            disabled,
            group,
            kind,
            years,
            months,
            days,
            life,
            start,
            level,
            custody,
            house,
            replaced,
            *conduct,
            *medical,
            *circumstances,
        ),
    )
