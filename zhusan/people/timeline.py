"""A person's life on one line of time: timeline events and pathway moves, grouped by year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import groupby

from django.utils.translation import gettext_lazy as _

from zhusan.cases.models import CaseTransition, Event
from zhusan.cases.pathway import State
from zhusan.lib.dates import DatePrecision
from zhusan.people.models import Person

ICONS = {
    "left_country": "✈",
    "entered_conflict_zone": "⚠",
    "marriage": "⚭",
    "child_born": "✶",
    "born": "✶",
    "spouse_died": "✝",
    "detained_in_camp": "⛺",
    "repatriated": "✈",
    "health_check": "✚",
    "screening_outcome": "◉",
    "detained": "⛓",
    "charged": "§",
    "trial": "⚖",
    "sentenced": "⚖",
    "transferred": "⇄",
    "petition_filed": "✎",
    "petition_decided": "⚖",
    "released": "◇",
    "rehab_admitted": "⌂",
    "session": "☰",
    "dna_test": "◎",
    "document_issued": "▤",
    "placed_with_family": "⌂",
    "school_enrolled": "✎",
    "reunified": "♥",
    "benefit_granted": "₸",
    "employed": "⚒",
    "follow_up": "☎",
    "died": "✝",
    "note": "•",
    "pathway": "➜",
    "referral": "↗",
    "documents_missing": "▢",
    "court_decision": "⚖",
    "contact": "☎",
    "placement_ended": "⌂",
    "reunification_step": "♥",
    "assessment": "▦",
    "programme": "✎",
    "plan_review": "☑",
    "plan_goal": "◎",
    "housing": "⌂",
    "engagement": "⚒",
    "reconciliation": "♥",
    "conference": "☷",
}


@dataclass(frozen=True)
class Item:
    date: dt.date | None
    precision: str
    kind: str
    label: str
    place: str
    agency: str
    note: str
    outcome: str = ""
    sort_key: tuple = field(default=(), compare=False)

    @property
    def icon(self) -> str:
        return ICONS.get(self.kind, "•")


@dataclass(frozen=True)
class Timeline:
    years: list[tuple[str, list[Item]]]
    all_items: list[Item]
    count: int


# Other areas (rehabilitation, children, referrals…) add their records to the timeline by
# registering a source in their AppConfig.ready(): source(person, tiers) -> items. A source must
# yield only what the given sensitivity tiers may see.
TimelineSource = Callable[[Person, frozenset[str]], Iterable[Item]]
SOURCES: list[TimelineSource] = []


def register_source(source: TimelineSource) -> TimelineSource:
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def build_timeline(
    person: Person,
    *,
    visible_types: list[str],
    tiers: frozenset[str] = frozenset(),
    order: str = "desc",
    type_filter: str = "",
    agency_filter: str = "",
) -> Timeline:
    """Merge the person's events (of the types the viewer's tiers allow), case moves and the
    registered sources' records, filtered."""
    items: list[Item] = []
    for source in SOURCES:
        items.extend(source(person, tiers))
    for e in Event.objects.filter(person=person, type__in=visible_types).select_related("agency"):
        items.append(
            Item(
                e.date,
                e.date_precision,
                e.type,
                str(e.get_type_display()),
                e.place,
                e.agency.name,
                e.note,
                e.outcome,
                (e.date or dt.date.min, 1, e.id),
            )
        )
    for t in CaseTransition.objects.filter(case__person=person).select_related("agency"):
        label = _("Pathway: %(to)s") % {"to": State(t.to_state).label}
        items.append(
            Item(
                t.date,
                DatePrecision.DAY,
                "pathway",
                str(label),
                t.place,
                t.agency.name,
                t.reason,
                str(t.get_outcome_display()) if t.outcome else "",
                (t.date, 0, t.id),
            )
        )
    all_items = items
    if type_filter:
        items = [i for i in items if i.kind == type_filter]
    if agency_filter:
        items = [i for i in items if i.agency == agency_filter]
    items.sort(key=lambda i: i.sort_key, reverse=(order == "desc"))
    years = [
        (str(year) if year else str(_("Date unknown")), list(group))
        for year, group in groupby(items, key=lambda i: i.date.year if i.date else 0)
    ]
    return Timeline(years=years, all_items=all_items, count=len(items))
