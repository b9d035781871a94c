"""Template helpers for person pages."""

import datetime as dt

from django import template
from django.utils.translation import ngettext

from zhusan.lib.dates import age_on

register = template.Library()


@register.filter
def age(person, today: dt.date) -> str:
    """Age in whole years (months for a child under two), in the page's language."""
    if person.birth_date is None:
        return ""
    if person.deceased and person.death_date:
        today = person.death_date
    years = age_on(person.birth_date, today)
    if years is None or years < 0:
        return ""
    if years < 2:
        months = (today.year - person.birth_date.year) * 12 + today.month - person.birth_date.month
        months -= today.day < person.birth_date.day
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}


@register.filter
def pair_with(first, second) -> list:
    """Put two objects in a list, to loop over a pair in a template."""
    return [first, second]


@register.filter
def percent(value: float) -> str:
    """A probability as a whole percentage."""
    return f"{round(float(value) * 100)}%"
