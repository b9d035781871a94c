"""CC RK art. 3: which crimes are terrorist, extremist, or committed by a criminal group."""

from __future__ import annotations

from datetime import date

from zhusan.law import parameters
from zhusan.law.rule import CODE_IN_FORCE, Rule

TERRORIST = Rule(
    code="CC-3-30",
    label="Terrorist crimes are those of the closed list of art. 3(30)",
    citation="CC RK art. 3(30)",
    effective_from=CODE_IN_FORCE,
    quote="террористические преступления",
)
EXTREMIST = Rule(
    code="CC-3-39",
    label="Extremist crimes are those of the closed list of art. 3(39) (art. 404 parts 2-3 only)",
    citation="CC RK art. 3(39)",
    effective_from=CODE_IN_FORCE,
    quote="экстремистские преступления",
)
CRIMINAL_GROUP = Rule(
    code="CC-3-24",
    label="A criminal group includes a terrorist group and an extremist group",
    citation="CC RK art. 3(24)",
    effective_from=CODE_IN_FORCE,
    confidence="I",
    quote="преступная группа",
    note="So participation in a terrorist group (art. 257) may be a crime committed "
    "«в составе преступной группы»; the reference sends such cases to review [I, M].",
)
RULES = (TERRORIST, EXTREMIST, CRIMINAL_GROUP)

# The art. 257 articles that describe membership of a terrorist group itself.
GROUP_ARTICLES = frozenset({"257"})

_PARAMS = parameters.load()
_sets: dict[int, frozenset[str]] = {}


def _listed(name: str, on: date) -> frozenset[str]:
    period = _PARAMS.period(name, on)
    found = _sets.get(id(period))
    if found is None:
        found = _sets[id(period)] = frozenset(period.value)
    return found


def is_terrorist(article: str, on: date) -> bool:
    """Tell whether an article is on the terrorist list in force on a date."""
    # «террористические преступления»: arts. 170, 171, 173, 177, 178, 184, 255-261, 269, 270.
    return article in _listed("art3.terrorist_articles", on)


def is_extremist(article: str, part: str, on: date) -> bool:
    """Tell whether an article part is on the extremist list in force on a date."""
    if article == "404":
        # «экстремистские преступления» include art. 404 in its parts 2 and 3 only.
        return part in _listed("art3.extremist_parts_of_404", on)
    return article in _listed("art3.extremist_articles", on)
