"""The authorised body's list of diseases preventing serving a sentence, as dated reference data.

CPC RK art. 481(4) has the court check the medical conclusion against the list set by the
authorised body (the Ministry of Healthcare).  data/illness_lists.yaml holds its versions with
their citations; `in_force(on)` says which version applied on a date and whether that is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import yaml

STATUSES = frozenset({"in_force", "historical", "draft"})
CONFIDENCE_TAGS = frozenset({"V", "I", "U"})


@dataclass(frozen=True, slots=True)
class Version:
    """One version of the list: the act that set it, its dates (None = not known), its shape."""

    id: str
    title: str
    authority: str
    order: str | None
    status: str
    effective_from: date | None
    effective_to: date | None
    diseases: int | None
    examples: tuple[str, ...]
    citation: str
    confidence: str
    source: str
    note: str

    def covers(self, on: date) -> bool:
        """Tell whether the version is known to be in force on a date."""
        if self.status == "draft" or self.effective_from is None:
            return False
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


class Applied(NamedTuple):
    """The version taken as in force on a date, and whether its dates confirm it."""

    version: Version | None
    known: bool


def _date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    raise ValueError(f"{where}: expected a date or null, got {value!r}")


def parse(document: dict[str, Any]) -> tuple[Version, ...]:
    """Read the versions, refusing one without a citation, a known status or a confidence tag."""
    versions = []
    for raw in document["lists"]:
        where = f"illness_lists.yaml {raw.get('id')}"
        citation = raw.get("citation")
        if not isinstance(citation, str) or not citation.strip():
            raise ValueError(f"{where}: every version needs a citation")
        if raw.get("status") not in STATUSES:
            raise ValueError(f"{where}: status must be one of {sorted(STATUSES)}")
        if raw.get("confidence") not in CONFIDENCE_TAGS:
            raise ValueError(f"{where}: confidence must be one of V, I, U")
        versions.append(
            Version(
                id=str(raw["id"]),
                title=str(raw["title"]),
                authority=str(raw["authority"]),
                order=raw.get("order"),
                status=raw["status"],
                effective_from=_date(raw.get("effective_from"), where),
                effective_to=_date(raw.get("effective_to"), where),
                diseases=raw.get("diseases"),
                examples=tuple(raw.get("examples") or ()),
                citation=citation,
                confidence=raw["confidence"],
                source=str(raw.get("source") or ""),
                note=str(raw.get("note") or ""),
            )
        )
    return tuple(versions)


@cache
def load() -> tuple[Version, ...]:
    """Load the packaged versions (once per process)."""
    text = resources.files("zhusan.law").joinpath("data/illness_lists.yaml").read_text("utf-8")
    return parse(yaml.safe_load(text))


def dates() -> list[date]:
    """Return every date the versions hold (the epochs must break on them)."""
    found = []
    for version in load():
        if version.effective_from is not None:
            found.append(version.effective_from)
        if version.effective_to is not None:
            found.append(date.fromordinal(version.effective_to.toordinal() + 1))
    return found


def in_force(on: date, versions: tuple[Version, ...] | None = None) -> Applied:
    """Return the version in force on a date; if no version's dates cover it, the current one.

    `known` is False when the version's dates do not confirm it was in force on the date.
    """
    if versions is None:
        versions = load()
    for version in versions:
        if version.covers(on):
            return Applied(version, True)
    current = [v for v in versions if v.status == "in_force"]
    return Applied(current[-1] if current else None, False)
