"""Build the legal facts document (docs/law-facts.schema.json) from a person's records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from zhusan.justice.models import LegalFacts, Proceeding, Sentence
from zhusan.people.models import Citizenship, Person

# Every fact LegalFacts records, by the facts document's section it belongs to.  A test holds
# this to the document's schema: each optional fact there is either recorded here or derived
# from other records (birth date, sex, citizenship, charges, sentence).
PERSON = (
    "pregnant",
    "children_under_14",
    "raises_child_alone",
    "raises_disabled_child",
    "disability_group",
)
SENTENCE = ("replaced_under_art73",)
CONDUCT = (
    "malicious_violations",
    "damage_compensated",
    "active_assistance",
    "cooperation_agreement",
    "prior_parole_revoked",
    "prior_revocation_ground",
)
MEDICAL = (
    "commission_conclusion",
    "on_authorised_list",
    "prevents_serving",
    "incapacitating_mental_disorder",
)
CIRCUMSTANCES = (
    "caused_death",
    "criminal_group",
    "corruption_crime",
    "sexual_crime_against_minor",
    "torture",
)
RECORDED = (*PERSON, *SENTENCE, *CONDUCT, *MEDICAL, *CIRCUMSTANCES)


def latest_conviction(person: Person) -> Proceeding | None:
    """The most recent proceeding that ended in a conviction with a sentence."""
    return (
        Proceeding.objects.filter(
            person=person, verdict=Proceeding.Verdict.CONVICTED, sentence__isnull=False
        )
        .select_related("sentence")
        .prefetch_related("charges")
        .order_by("-verdict_date", "-id")
        .first()
    )


def _known(values: dict) -> dict:
    return {k: v for k, v in values.items() if v is not None}


def facts_for(person: Person, as_of: dt.date) -> dict | None:
    """The facts document for the person's latest conviction, or None if there is none."""
    proceeding = latest_conviction(person)
    if proceeding is None:
        return None
    legal = LegalFacts.objects.filter(person=person).first()
    return _document(person, proceeding, legal, as_of)


def facts_for_all(as_of: dt.date) -> Iterator[tuple[Person, dict]]:
    """Each convicted person (by id) with the facts document `facts_for` gives, in three queries.

    The latest conviction with a sentence per person, as `latest_conviction` chooses it; a
    person whose latest conviction has no charges is left out, as `facts_for` leaves it.
    """
    proceedings = (
        Proceeding.objects.filter(verdict=Proceeding.Verdict.CONVICTED, sentence__isnull=False)
        .select_related("sentence", "person")
        .prefetch_related("charges")
        .order_by("person_id", "-verdict_date", "-id")
    )
    latest: dict[int, Proceeding] = {}
    for proceeding in proceedings:
        latest.setdefault(proceeding.person_id, proceeding)
    legal = {row.person_id: row for row in LegalFacts.objects.filter(person_id__in=latest)}
    for person_id, proceeding in latest.items():
        document = _document(proceeding.person, proceeding, legal.get(person_id), as_of)
        if document is not None:
            yield proceeding.person, document


def _document(
    person: Person, proceeding: Proceeding, legal: LegalFacts | None, as_of: dt.date
) -> dict | None:
    """The facts document of one conviction (None without charges)."""
    if not proceeding.charges.all():
        return None
    sentence: Sentence = proceeding.sentence
    person_part: dict = {"sex": person.sex if person.sex in ("F", "M") else None}
    if person.birth_date and person.birth_date_precision == "day":
        person_part["birth_date"] = person.birth_date.isoformat()
    if person.citizenship != Citizenship.UNDETERMINED:
        person_part["citizen"] = person.citizenship == Citizenship.CITIZEN
    doc: dict = {
        "as_of": as_of.isoformat(),
        "offences": [
            {"article": c.article, "part": c.part, "offence_date": c.offence_date.isoformat()}
            for c in proceeding.charges.all()
        ],
        "sentence": {
            "kind": sentence.kind,
            "years": sentence.years,
            "months": sentence.months,
            "days": sentence.days,
            "life": sentence.life,
            "start_date": sentence.start_date.isoformat(),
            "security_level": sentence.security_level or None,
            "pretrial_custody_days": sentence.pretrial_custody_days,
            "house_arrest_days": sentence.house_arrest_days,
        },
    }
    if legal is not None:
        person_part |= _known({k: getattr(legal, k) for k in PERSON})
        doc["sentence"] |= _known({k: getattr(legal, k) for k in SENTENCE})
        doc["conduct"] = _known({k: getattr(legal, k) for k in CONDUCT})
        doc["medical"] = _known({k: getattr(legal, k) for k in MEDICAL})
        doc["circumstances"] = _known({k: getattr(legal, k) for k in CIRCUMSTANCES})
    doc["person"] = _known(person_part)
    return doc
