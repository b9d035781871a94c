"""Calendar arithmetic for terms and ages.

Convention: a term of Y years, M months and D days runs from its start date by adding the years
and months on the calendar (a day that does not exist in the target month becomes that month's
last day, so 29 February + 1 year is 28 February), then the days.  The date so reached is the
first day after the term.  Fractions of a term are taken of its length in days.
"""

from __future__ import annotations

from calendar import isleap, monthrange
from datetime import date, timedelta
from typing import Literal

AgeBand = Literal["below", "boundary", "reached"]


def add_period(start: date, years: int = 0, months: int = 0, days: int = 0) -> date:
    """Return the date a term of years, months and days after a start date."""
    month_index = start.month - 1 + months + 12 * years
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = start.day
    if day > 28:
        day = min(day, monthrange(year, month)[1])
    end = date(year, month, day)
    return end + timedelta(days=days) if days else end


def age_on(birth: date, on: date) -> int:
    """Return the age in completed years on a date (birthday counted as reached)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_band(birth: date, on: date, years: int) -> AgeBand:
    """Place a date before, on, or after the day a person turns a given age.

    The birthday itself is a `boundary`: the reference does not settle whether an age is
    reached on the birthday or from the following day.  For a person born on 29 February,
    28 February and 1 March of a common year are both boundaries.
    """
    anniversary = add_period(birth, years=years)
    if on < anniversary:
        return "below"
    if on == anniversary:
        return "boundary"
    leap_born = birth.month == 2 and birth.day == 29
    if leap_born and anniversary.day == 28 and on == anniversary + timedelta(days=1):
        return "boundary"
    return "reached"


def age_facts(birth: date, on: date) -> tuple[int, int | None]:
    """Return the age on a date and, if the date is a birthday boundary, the age it is one of.

    `age_band(birth, on, n)` follows from the pair (see `band`): the batch path computes the
    pair once per count instead of three anniversaries.
    """
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    if on.month == birth.month and on.day == birth.day:
        return age, age
    if birth.month == 2 and birth.day == 29 and not isleap(on.year):
        if on.month == 2 and on.day == 28:
            return age, age + 1
        if on.month == 3 and on.day == 1:
            return age, age
    return age, None


def band(age: int, boundary: int | None, years: int) -> AgeBand:
    """Return `age_band` from the pair of `age_facts`."""
    if boundary == years:
        return "boundary"
    return "reached" if age >= years else "below"
