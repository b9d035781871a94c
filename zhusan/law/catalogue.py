"""The offences catalogue: statutory facts of each article part, by period."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

CATEGORIES = ("minor", "medium", "grave", "especially_grave")
AGAINST = frozenset({"life", "health", "none"})
CONFIDENCE_TAGS = frozenset({"V", "I", "U"})


@dataclass(frozen=True, slots=True)
class Entry:
    """Describe one article part as the Code stood during one period.

    A `None` field is not known to the engine; assessments depending on it need review.
    """

    article: str
    part: str
    title_ru: str | None
    title_en: str | None
    min_years: int | None
    max_years: int | None
    life: bool | None
    intentional: bool
    category: str | None
    terrorist: bool
    extremist: bool
    deprivation: bool | None
    age14: bool | None
    against: str | None
    effective_from: date
    effective_to: date | None
    citation: str
    confidence: str
    note: str

    def covers(self, on: date) -> bool:
        """Tell whether the entry is in force on a date."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Find the entry of an article part in force on a date."""

    entries: dict[tuple[str, str], tuple[Entry, ...]]

    def find(self, article: str, part: str, on: date) -> Entry | None:
        """Return the entry in force on a date; before the first period, the first one."""
        periods = self.entries.get((article, part))
        if not periods:
            return None
        for entry in periods:
            if entry.covers(on):
                return entry
        return periods[0] if on < periods[0].effective_from else None

    def __iter__(self) -> Iterator[Entry]:
        """Iterate over every entry of every article part."""
        for periods in self.entries.values():
            yield from periods


def _optional_bool(raw: dict[str, Any], key: str, where: str) -> bool | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, bool):
        raise ValueError(f"{where}: {key} must be true, false or null")
    return value


def _optional_int(raw: dict[str, Any], key: str, where: str) -> int | None:
    value = raw.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"{where}: {key} must be a whole number or null")
    return value


def _parse_entry(raw: dict[str, Any]) -> Entry:
    where = f"offences.yaml {raw.get('article')}({raw.get('part')})"
    citation = raw.get("citation")
    if not isinstance(citation, str) or not citation.strip():
        raise ValueError(f"{where}: every entry needs a citation")
    if raw.get("confidence") not in CONFIDENCE_TAGS:
        raise ValueError(f"{where}: confidence must be one of V, I, U")
    if raw.get("category") not in (*CATEGORIES, None):
        raise ValueError(f"{where}: unknown category {raw.get('category')!r}")
    if raw.get("against") not in (*AGAINST, None):
        raise ValueError(f"{where}: against must be life, health, none or null")
    start, end = raw.get("effective_from"), raw.get("effective_to")
    if not isinstance(start, date) or (end is not None and not isinstance(end, date)):
        raise ValueError(f"{where}: effective_from/effective_to must be dates")
    return Entry(
        article=str(raw["article"]),
        part=str(raw["part"]),
        title_ru=raw.get("title_ru"),
        title_en=raw.get("title_en"),
        min_years=_optional_int(raw, "min_years", where),
        max_years=_optional_int(raw, "max_years", where),
        life=_optional_bool(raw, "life", where),
        intentional=bool(raw.get("intentional", True)),
        category=raw.get("category"),
        terrorist=bool(raw["terrorist"]),
        extremist=bool(raw["extremist"]),
        deprivation=_optional_bool(raw, "deprivation", where),
        age14=_optional_bool(raw, "age14", where),
        against=raw.get("against"),
        effective_from=start,
        effective_to=end,
        citation=citation,
        confidence=raw["confidence"],
        note=str(raw.get("note") or ""),
    )


def parse(document: dict[str, Any]) -> Catalogue:
    """Build the catalogue from the YAML document, refusing uncited or malformed entries."""
    grouped: dict[tuple[str, str], list[Entry]] = {}
    for raw in document["offences"]:
        entry = _parse_entry(raw)
        grouped.setdefault((entry.article, entry.part), []).append(entry)
    return Catalogue(
        {
            key: tuple(sorted(group, key=lambda e: e.effective_from))
            for key, group in grouped.items()
        }
    )


@cache
def load() -> Catalogue:
    """Load the packaged catalogue (once per process)."""
    text = resources.files("zhusan.law").joinpath("data/offences.yaml").read_text("utf-8")
    return parse(yaml.safe_load(text))
