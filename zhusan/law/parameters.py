"""Dated legal parameters, loaded once from data/parameters.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

import yaml

CONFIDENCE_TAGS = frozenset({"V", "I", "U"})


@dataclass(frozen=True, slots=True)
class Period:
    """Hold one value of a parameter with the dates and the provision that set it."""

    value: Any
    effective_from: date
    effective_to: date | None
    citation: str
    confidence: str

    def covers(self, on: date) -> bool:
        """Tell whether the value is in force on a date."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True, slots=True)
class Parameters:
    """Look up dated parameter values by name.

    A parameter with a single period answers from `constant` without looking at the date
    (before its first period the first value applies anyway): the engine's hot path.
    """

    law_version: str
    periods: dict[str, tuple[Period, ...]]
    constant: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, periods in self.periods.items():
            if len(periods) == 1 and periods[0].effective_to is None:
                self.constant[name] = periods[0].value

    def period(self, name: str, on: date) -> Period:
        """Return the period of a parameter in force on a date (the earliest one before it)."""
        periods = self.periods[name]
        for period in periods:
            if period.covers(on):
                return period
        # Before the first period: the Code's values are the only ones the engine knows;
        # callers flag such dates for review (CC RK art. 5).
        return periods[0]

    def at(self, name: str, on: date) -> Any:
        """Return a parameter's value in force on a date."""
        if name in self.constant:
            return self.constant[name]
        return self.period(name, on).value

    def fraction(self, name: str, on: date) -> Fraction:
        """Return a fractional parameter in force on a date."""
        value = self.at(name, on)
        if not isinstance(value, Fraction):
            raise TypeError(f"parameter {name} is not a fraction")
        return value

    def lenient_fraction(self, name: str, offence_date: date, as_of: date) -> Fraction:
        """Return the smaller of the values at the offence date and at as_of (CC RK art. 6)."""
        if name in self.constant:
            value: Fraction = self.constant[name]
            return value
        return min(self.fraction(name, offence_date), self.fraction(name, as_of))


_FRACTION = re.compile(r"[0-9]+/[1-9][0-9]*")


def _value(raw: Any) -> Any:
    """Read a value, turning "n/d" strings into exact fractions."""
    if isinstance(raw, str) and _FRACTION.fullmatch(raw):
        return Fraction(raw)
    return raw


def _as_date(value: Any, where: str) -> date:
    if not isinstance(value, date):
        raise ValueError(f"{where}: expected a date, got {value!r}")
    return value


def _parse_period(name: str, raw: dict[str, Any]) -> Period:
    where = f"parameters.yaml {name}"
    citation = raw.get("citation")
    if not isinstance(citation, str) or not citation.strip():
        raise ValueError(f"{where}: every value needs a citation")
    confidence = raw.get("confidence")
    if confidence not in CONFIDENCE_TAGS:
        raise ValueError(f"{where}: confidence must be one of V, I, U")
    end = raw.get("effective_to")
    return Period(
        value=_value(raw.get("value")),
        effective_from=_as_date(raw.get("effective_from"), where),
        effective_to=None if end is None else _as_date(end, where),
        citation=citation,
        confidence=confidence,
    )


def parse(document: dict[str, Any]) -> Parameters:
    """Build the parameters from the YAML document, refusing uncited or undated values."""
    periods = {
        name: tuple(_parse_period(name, raw) for raw in values)
        for name, values in document["parameters"].items()
    }
    return Parameters(law_version=str(document["law_version"]), periods=periods)


@cache
def load() -> Parameters:
    """Load the packaged parameters (once per process)."""
    text = resources.files("zhusan.law").joinpath("data/parameters.yaml").read_text("utf-8")
    return parse(yaml.safe_load(text))
