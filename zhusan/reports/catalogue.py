"""The indicator catalogue (catalogue.yaml): load, validate, and read in the viewer's language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("en", "ru", "kk")
UNITS = ("persons", "cases", "families")
REFERENCES = ("as_of", "period")
CATALOGUE = Path(__file__).with_name("catalogue.yaml")


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message names the indicator and field."""


@dataclass(frozen=True)
class Indicator:
    code: str
    measure: str
    unit: str
    reference: str
    breakdowns: tuple[str, ...]
    default_by: tuple[str, ...]
    titles: dict[str, str]
    definitions: dict[str, str]

    def title(self, language: str = "en") -> str:
        return self.titles.get(language[:2], self.titles["en"])

    def definition(self, language: str = "en") -> str:
        return self.definitions.get(language[:2], self.definitions["en"])


def _texts(entry: dict, field: str, where: str) -> dict[str, str]:
    texts = entry.get(field)
    if not isinstance(texts, dict):
        raise CatalogueError(f"{where}: {field} must give en, ru and kk")
    missing = [lang for lang in LANGUAGES if not str(texts.get(lang, "")).strip()]
    if missing:
        raise CatalogueError(f"{where}: {field} lacks {', '.join(missing)}")
    return {lang: " ".join(str(texts[lang]).split()) for lang in LANGUAGES}


def parse(document: dict, *, dimensions: set[str], measures: set[str]) -> dict[str, Indicator]:
    """Check the catalogue against the known dimensions and measures; return it by code."""
    if not isinstance(document, dict) or not isinstance(document.get("indicators"), list):
        raise CatalogueError("the catalogue must have a list of indicators")
    found: dict[str, Indicator] = {}
    for n, entry in enumerate(document["indicators"], start=1):
        where = f"indicator {n} ({entry.get('code', '?') if isinstance(entry, dict) else '?'})"
        if not isinstance(entry, dict):
            raise CatalogueError(f"{where}: must be a mapping")
        code = str(entry.get("code", ""))
        if not code.isidentifier():
            raise CatalogueError(f"{where}: code must be a plain identifier")
        if code in found:
            raise CatalogueError(f"{where}: code {code} is used twice")
        if entry.get("measure") not in measures:
            raise CatalogueError(f"{where}: unknown measure {entry.get('measure')!r}")
        if entry.get("unit") not in UNITS:
            raise CatalogueError(f"{where}: unit must be one of {', '.join(UNITS)}")
        if entry.get("reference") not in REFERENCES:
            raise CatalogueError(f"{where}: reference must be one of {', '.join(REFERENCES)}")
        breakdowns = tuple(entry.get("breakdowns") or ())
        unknown = [b for b in breakdowns if b not in dimensions]
        if unknown:
            raise CatalogueError(f"{where}: unknown breakdowns {unknown}")
        default_by = tuple(entry.get("default_by") or ())
        if any(b not in breakdowns for b in default_by) or len(default_by) > 2:
            raise CatalogueError(f"{where}: default_by must be one or two of its breakdowns")
        found[code] = Indicator(
            code=code,
            measure=entry["measure"],
            unit=entry["unit"],
            reference=entry["reference"],
            breakdowns=breakdowns,
            default_by=default_by,
            titles=_texts(entry, "title", where),
            definitions=_texts(entry, "definition", where),
        )
    return found


@cache
def catalogue() -> dict[str, Indicator]:
    from zhusan.reports.measures import DIMENSIONS, MEASURES

    with CATALOGUE.open(encoding="utf-8") as f:
        return parse(yaml.safe_load(f), dimensions=set(DIMENSIONS), measures=set(MEASURES))


def get(code: str) -> Indicator:
    try:
        return catalogue()[code]
    except KeyError:
        raise LookupError(f"no indicator {code!r}; known: {', '.join(catalogue())}") from None
