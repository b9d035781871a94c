"""The term being served: its length, its end, and the day a part of it has been served.

Conventions (docs/law.md): the term is counted on the calendar from `sentence.start_date`
(zhusan.law.periods); credit for pre-trial custody and house arrest (CC art. 62) counts as time
served before the start; a required part of the term is reached on the first day on which the
days served, credit included, are at least that part (fractions of a day round up).
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import NamedTuple

from zhusan.law.criminal_code import art62
from zhusan.law.facts import Facts
from zhusan.law.finding import Finding
from zhusan.law.periods import add_period


class Term(NamedTuple):
    """The term of imprisonment or restriction of liberty being served."""

    start: date
    life: bool
    length_days: int  # 0 for a life term
    credit_half_days: int
    end: date | None  # the day of release at the end of the term, credit deducted

    def reached(self, part: Fraction, floor_days: int = 0) -> date:
        """Return the first day on which a part of the term (and a floor in days) is served."""
        n, d = part.as_integer_ratio()
        # Work in half-days over the denominator 2d to stay in integers.
        required = max(2 * n * self.length_days, 2 * floor_days * d) - d * self.credit_half_days
        days = -(-required // (2 * d))
        return self.start + timedelta(days=days) if days > 0 else self.start

    def after(self, years: int) -> date:
        """Return the first day on which a number of calendar years has been served."""
        calendar_days = (add_period(self.start, years=years) - self.start).days
        days = max(0, -(-(2 * calendar_days - self.credit_half_days) // 2))
        return self.start + timedelta(days=days)

    def floor(self, months: int) -> int:
        """Return a floor of calendar months from the start as a number of days."""
        return (add_period(self.start, months=months) - self.start).days


class Reading(NamedTuple):
    """The term read once for a document, with what reading it recorded (credit, missing facts)."""

    term: Term | None
    record: Finding

    def replay(self, finding: Finding) -> Term | None:
        """Record on a finding what `read` would have recorded; return the term."""
        finding.merge(self.record)
        return self.term


_new_term = tuple.__new__


def reading(f: Facts) -> Reading:
    """Read the term once, to replay into each measure that counts it."""
    record = Finding("term")
    return Reading(read(f, record), record)


def read(f: Facts, finding: Finding) -> Term | None:
    """Return the term, or None after recording on the finding the facts that are missing."""
    start = f.start_date
    if start is None:
        finding.need("sentence.start_date")
    life = bool(f.life)
    if f.life is None and f.years is None and f.months is None and f.days is None:
        finding.need("sentence.years")
        return None
    credit = art62.credit_half_days(f, finding)
    if start is None or credit is None:
        return None
    if life:
        return _new_term(Term, (start, True, 0, credit, None))
    end = add_period(start, f.years or 0, f.months or 0, f.days or 0)
    length = (end - start).days
    release = start + timedelta(days=max(0, -(-(2 * length - credit) // 2)))
    return _new_term(Term, (start, False, length, credit, release))
