"""Assess every convicted person in the database at once: `zhusan law assess --database`.

The facts document of each person's latest conviction as of one date (`facts.facts_for_all`:
what `facts_for` gives, in three queries), all assessed column-wise (zhusan.law.columnar). A document the facts reader refuses (a sentence
that begins after the date asked, say) is left out and named, not allowed to stop the rest.
Writing the file is audited: when, by which account of the machine, as of which date, how many
persons, and where it went.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass
from typing import Any

from zhusan.audit import events
from zhusan.audit.models import AuditEventType
from zhusan.justice.facts import facts_for_all
from zhusan.law import FactsError
from zhusan.law.facts import read
from zhusan.people.models import Person


@dataclass(frozen=True)
class Population:
    """The persons assessed (in row order), their documents, and those left out with why."""

    persons: list[Person]
    documents: list[dict[str, Any]]
    left_out: list[tuple[Person, str]]


def population(as_of: dt.date) -> Population:
    """Collect the facts documents of every person with a conviction and a sentence."""
    persons, documents, left_out = [], [], []
    for person, document in facts_for_all(as_of):
        try:
            read(document)
        except FactsError as error:
            left_out.append((person, str(error)))
            continue
        persons.append(person)
        documents.append(document)
    return Population(persons, documents, left_out)


def _os_user() -> str:
    """The machine account running the command (empty where the system cannot say)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def record_written(population: Population, as_of: dt.date, path: str) -> None:
    """Audit the file: the date assessed, the persons in it and those left out."""
    events.record(
        None,
        AuditEventType.ASSESSMENTS_WRITTEN,
        new={
            "as_of": as_of.isoformat(),
            "persons": len(population.persons),
            "left_out": len(population.left_out),
            "file": path,
            "os_user": _os_user(),
        },
        reason="zhusan law assess --database",
    )


def assess_database_command(as_of: dt.date, out_path: str | None, out: Any, err: Any) -> int:
    """Assess every convicted person as of a date; write `person` (public id) and the outcomes.

    Persons whose documents the facts reader refuses are named on `err` and left out. Return 0,
    or 2 when the file cannot be written (nothing is audited then).
    """
    from zhusan.law import columnar
    from zhusan.law.cli import write_results

    found = population(as_of)
    for person, problem in found.left_out:
        err.write(f"zhusan law assess: left out {person.public_id}: {problem}\n")
    assessment = columnar.Columnar().assess(columnar.from_documents(found.documents))
    key = ("person", [str(person.public_id) for person in found.persons])
    code = write_results(assessment, key, out_path, out, err)
    if code == 0:
        record_written(found, as_of, out_path or "-")
    return code
