"""Generate valid facts documents that vary every fact the engine reads, edges included.

Used to hold the batch path to the per-document path: unlike the benchmark's documents, these
aim at the corners — unknown facts, omitted sections, every catalogue entry and some unknown
articles, offences on birthdays and on the dates the law changes, leap days, life terms,
juveniles, pre-2015 offences, privileged ages — so that a decision key missing a fact shows.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from zhusan.law import catalogue
from zhusan.law.periods import add_period

ARTICLES = sorted({(e.article, e.part) for e in catalogue.load()}) + [
    ("170", "2"),  # article known, part not
    ("999", "1"),  # not in the catalogue at all
    ("404", "1"),
    ("121-1", "2"),
]
ORDINARY = [(e.article, e.part) for e in catalogue.load() if not (e.terrorist or e.extremist)]
EDGES = [
    date(2014, 12, 31), date(2015, 1, 1), date(2017, 7, 24), date(2017, 7, 25),
    date(2022, 7, 31), date(2022, 8, 1), date(2022, 12, 31), date(2023, 1, 1),
]  # fmt: skip
KINDS = ["imprisonment"] * 6 + ["restriction_of_liberty"] * 2 + ["suspended", "fine", "other"]
LEVELS = ["minimum", "medium", "medium_juvenile", "maximum", "extraordinary", "full", None]


def _flag(rng: random.Random) -> bool | None:
    return rng.choice((True, False, False, None))


def _day(rng: random.Random, low: date, high: date) -> date:
    return low + timedelta(days=rng.randrange(max(1, (high - low).days)))


def _offence_date(rng: random.Random, birth: date | None, complete: bool) -> date:
    roll = rng.random() + (0.35 if complete else 0)
    if birth is not None and roll < 0.25:
        # On, or a day either side of, the 14th, 16th or 18th birthday.
        anniversary = add_period(birth, years=rng.choice((14, 16, 18)))
        return anniversary + timedelta(days=rng.choice((-1, 0, 0, 1)))
    if roll < 0.45:
        return rng.choice(EDGES)
    return _day(rng, date(2012, 1, 1), date(2025, 6, 1))


def _birth(rng: random.Random) -> date | None:
    roll = rng.random()
    if roll < 0.1:
        return None
    if roll < 0.2:
        return date(rng.choice((1960, 1964, 1996, 2000, 2004, 2008)), 2, 29)
    return _day(rng, date(1955, 1, 1), date(2010, 1, 1))


def _maybe(rng: random.Random, section: dict[str, Any], complete: bool) -> dict[str, Any] | None:
    """Drop some fields, and now and then the whole section; or make every fact known."""
    if complete:
        return {k: rng.choice((True, False, False)) if v is None else v for k, v in section.items()}
    if rng.random() < 0.03:
        return None
    return {k: v for k, v in section.items() if rng.random() > 0.08}


def _sentence(rng: random.Random, start: date | None) -> dict[str, Any]:
    kind = rng.choice(KINDS)
    sentence: dict[str, Any] = {"kind": kind}
    if kind == "imprisonment" and rng.random() < 0.08:
        sentence["life"] = True
        if rng.random() < 0.5:
            sentence["years"] = 0
    else:
        sentence["life"] = rng.choice((False, False, None))
        sentence["years"] = rng.choice((rng.randrange(0, 16), rng.randrange(0, 4), None))
        sentence["months"] = rng.choice((0, 0, 6, rng.randrange(0, 24), None))
        sentence["days"] = rng.choice((0, 0, 0, rng.randrange(0, 400), None))
        if rng.random() < 0.05:
            sentence["years"] = float(sentence["years"] or 0)  # 5.0 is a whole number
    sentence["start_date"] = None if start is None else start.isoformat()
    sentence["security_level"] = rng.choice(LEVELS)
    sentence["pretrial_custody_days"] = rng.choice((0, 0, rng.randrange(0, 900), None))
    sentence["house_arrest_days"] = rng.choice((0, 0, 0, rng.randrange(0, 300), None))
    sentence["replaced_under_art73"] = rng.choice((False, False, False, True, None))
    kept = {k: v for k, v in sentence.items() if k == "kind" or rng.random() > 0.05}
    return kept


def _person(rng: random.Random, birth: date | None) -> dict[str, Any]:
    sex = rng.choice(("M", "F", "F", None))
    return {
        "birth_date": None if birth is None else birth.isoformat(),
        "sex": sex,
        "citizen": _flag(rng),
        "pregnant": False if sex == "M" else rng.choice((False, False, True, None)),
        "children_under_14": rng.choice((0, 0, 1, 3, None)),
        "raises_child_alone": _flag(rng),
        "raises_disabled_child": rng.choice((False, False, True, None)),
        "disability_group": rng.choice((0, 0, 1, 2, 3, None)),
    }


def _conduct(rng: random.Random, complete: bool) -> dict[str, Any]:
    revoked = rng.choice((False, False, False, True) if complete else (False, False, True, None))
    conduct: dict[str, Any] = {
        "malicious_violations": _flag(rng),
        "damage_compensated": _flag(rng),
        "active_assistance": _flag(rng),
        "cooperation_agreement": rng.choice((False, False, True, None)),
        "prior_parole_revoked": revoked,
    }
    if revoked is not False and rng.random() < 0.6:
        conduct["prior_revocation_ground"] = rng.choice((1, 2, 3) if complete else (1, 2, 3, None))
    return conduct


def _complete_person(person: dict[str, Any]) -> dict[str, Any]:
    defaults = {"sex": "F", "citizen": True, "pregnant": False, "children_under_14": 0,
                "raises_child_alone": False, "raises_disabled_child": False, "disability_group": 0}  # fmt: skip
    return {k: defaults.get(k) if v is None and k != "birth_date" else v for k, v in person.items()}


def _complete_sentence(sentence: dict[str, Any]) -> dict[str, Any]:
    known = {"start_date", "pretrial_custody_days", "house_arrest_days", "security_level"}
    defaults = {"pretrial_custody_days": 0, "house_arrest_days": 0, "security_level": "maximum"}
    return {k: defaults.get(k, v) if v is None and k in known else v for k, v in sentence.items()}


def document(rng: random.Random) -> dict[str, Any]:
    """Return one valid document; in most, some optional facts are unknown."""
    complete = rng.random() < 0.4
    birth = _birth(rng)
    if complete and birth is None:
        birth = date(1980, 5, 5)
    dates = []
    pool = ORDINARY if complete and rng.random() < 0.6 else ARTICLES
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        day = _offence_date(rng, birth, complete)
        dates.append(max(day, birth) if birth is not None else day)
    if len(dates) > 1 and rng.random() < 0.5:
        dates = [dates[0]] * len(dates)
    latest = max(dates)
    start = (
        None
        if rng.random() < 0.05 and not complete
        else latest + timedelta(days=rng.randrange(0, 700))
    )
    low = start or latest
    as_of = rng.choice(
        (
            low + timedelta(days=rng.randrange(0, 365 * 14)),
            low + timedelta(days=rng.randrange(0, 365 * 3)),
            max(low, rng.choice(EDGES)),
        )
    )
    person = _person(rng, birth)
    sentence = _sentence(rng, start)
    if complete:
        person, sentence = _complete_person(person), _complete_sentence(sentence)
    return {
        "as_of": as_of.isoformat(),
        "person": _maybe(rng, person, complete),
        "offences": [
            {"article": a, "part": p, "offence_date": d.isoformat()}
            for (a, p), d in zip(rng.choices(pool, k=len(dates)), dates, strict=True)
        ],
        "sentence": sentence,
        "conduct": _maybe(rng, _conduct(rng, complete), complete),
        "medical": _maybe(
            rng,
            {
                "commission_conclusion": rng.choice((True, True, False, None)),
                "on_authorised_list": rng.choice((True, True, False, None)),
                "prevents_serving": rng.choice((True, True, False, None)),
                "incapacitating_mental_disorder": rng.choice((False, False, False, True, None)),
            },
            complete,
        ),
        "circumstances": _maybe(
            rng,
            {
                "caused_death": _flag(rng),
                "criminal_group": _flag(rng),
                # The bars of art. 72(8)(3), (4), (9): mostly absent or false, sometimes true.
                **{
                    name: rng.choice((False, False, True, None, None))
                    for name in ("corruption_crime", "sexual_crime_against_minor", "torture")
                    if rng.random() < 0.7
                },
            },
            complete,
        ),
    }


def documents(n: int, seed: int = 2019) -> list[dict[str, Any]]:
    """Return n documents generated deterministically from a seed."""
    rng = random.Random(seed)
    return [document(rng) for _ in range(n)]
