from django import template

from zhusan.rehab.timeline import kzt as _kzt

register = template.Library()


@register.filter
def kzt(amount) -> str:
    """A monthly amount in tenge, grouped as the viewer's locale writes numbers."""
    return _kzt(int(amount)) if amount not in (None, "") else "—"


@register.filter
def is_past(day, today) -> bool:
    return bool(day and today and day < today)
