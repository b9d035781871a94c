"""What a membership has to do by a date: manual tasks and reminders derived from the records.

Each area registers a source (in CasesConfig.ready(), or its own AppConfig.ready()):
`source(membership, until) -> iterable of Reminder`, everything due on or before `until`
(overdue items included). A source yields only what the membership may see; `due` checks again:
a reminder about a person outside the membership's scope, or of a tier it lacks, is dropped.
A reminder with no person (a referral still to decide, a task about no one) is not scoped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhusan.access.scope import visible_persons
from zhusan.access.tiers import MEASURE_TIERS, Tier, can_see, tiers_of
from zhusan.accounts.models import Membership
from zhusan.accounts.roles import Perm
from zhusan.people.models import Person


@dataclass(frozen=True)
class Reminder:
    date: dt.date
    kind: str
    label: str
    person: Person | None
    url: str
    # The tier the reminder reveals (a court hearing is justice); dropped for a viewer without it.
    tier: str = Tier.GENERAL
    # A manual task, so that the list can offer to mark it done.
    task: Any = None


# How each kind is named on the "Tasks due" page; a kind not listed shows its code.
KIND_LABELS = {
    "task": gettext_lazy("Task"),
    "referral": gettext_lazy("Referral to decide"),
    "hearing": gettext_lazy("Court hearing"),
    "petition": gettext_lazy("Petition awaiting decision"),
    "eligibility": gettext_lazy("Eligibility date"),
    "reassessment": gettext_lazy("Reassessment"),
    "plan_review": gettext_lazy("Case plan review"),
    "plan_action": gettext_lazy("Case plan action"),
    "follow_up": gettext_lazy("Follow-up visit"),
    "placement_review": gettext_lazy("Placement review"),
    "reunification_step": gettext_lazy("Reunification step"),
}

ReminderSource = Callable[[Membership, dt.date], Iterable[Reminder]]
SOURCES: list[ReminderSource] = []


def register(source: ReminderSource) -> ReminderSource:
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def due(membership: Membership, until: dt.date) -> list[Reminder]:
    """Every source's reminders up to `until`, kept to the membership's scope and tiers, by date."""
    if membership is None or not membership.can(Perm.VIEW_RECORDS):
        return []
    tiers = tiers_of(membership)
    items = [
        r
        for source in SOURCES
        for r in source(membership, until)
        if r.date <= until and r.tier in tiers
    ]
    wanted = {r.person.pk for r in items if r.person is not None}
    visible = set(visible_persons(membership).filter(pk__in=wanted).values_list("pk", flat=True))
    items = [r for r in items if r.person is None or r.person.pk in visible]
    items.sort(key=lambda r: (r.date, r.kind, r.label))
    return items


def _person_url(person: Person, tab: str = "") -> str:
    url = reverse("person-detail", kwargs={"public_id": person.public_id})
    return f"{url}?tab={tab}" if tab else url


# --- the sources this app provides ---------------------------------------------------------------


def manual_tasks(membership: Membership, until: dt.date) -> Iterable[Reminder]:
    """Open tasks of the membership's agency, for anyone there or for this user."""
    from django.db.models import Q

    from zhusan.cases.models import Task

    tasks = (
        Task.objects.filter(agency_id=membership.agency_id, done_on__isnull=True, due_on__lte=until)
        .filter(Q(worker__isnull=True) | Q(worker_id=membership.user_id))
        .select_related("person")
    )
    for task in tasks:
        yield Reminder(
            task.due_on,
            "task",
            task.title,
            task.person,
            _person_url(task.person, "pathway") if task.person else reverse("task-list"),
            task=task,
        )


def referrals_to_decide(membership: Membership, until: dt.date) -> Iterable[Reminder]:
    """Referrals waiting for the agency's decision, due a fixed number of days after sending."""
    from zhusan.cases.models import Referral, ReferralState

    if not membership.can(Perm.REFER):
        return
    tiers = tiers_of(membership)
    pending = Referral.objects.filter(
        to_agency_id=membership.agency_id, state=ReferralState.PENDING
    ).select_related("person", "from_agency")
    for r in pending:
        if r.tier not in tiers or r.decide_by > until:
            continue
        # The person is not in scope yet: the reminder names them as the queue does, no more.
        yield Reminder(
            r.decide_by,
            "referral",
            _("Decide on a referral: %(name)s (%(kind)s) from %(agency)s")
            % {
                "name": r.person.display_name,
                "kind": r.get_kind_display(),
                "agency": r.from_agency,
            },
            None,
            reverse("referral-list") + f"#referral-{r.public_id}",
            tier=r.tier,
        )


def petitions_and_hearings(membership: Membership, until: dt.date) -> Iterable[Reminder]:
    """Court hearings to come and petitions still awaiting the court's decision (justice tier)."""
    from zhusan.justice.models import Petition

    if not can_see(membership, Tier.JUSTICE):
        return
    today = timezone.localdate()
    petitions = Petition.objects.filter(
        person__in=visible_persons(membership), decision=Petition.Decision.PENDING
    ).select_related("person")
    for p in petitions:
        tier = MEASURE_TIERS.get(p.measure, Tier.JUSTICE)
        if not can_see(membership, tier):
            continue
        url = _person_url(p.person, "justice")
        measure = p.get_measure_display()
        if p.hearing_date and p.hearing_date >= today:
            if p.hearing_date <= until:
                label = _("Court hearing: %(measure)s") % {"measure": measure}
                if p.court:
                    label += f" — {p.court}"
                yield Reminder(p.hearing_date, "hearing", label, p.person, url, tier=Tier.JUSTICE)
        elif p.hearing_date:
            yield Reminder(
                p.hearing_date,
                "petition",
                _("Decision awaited after the hearing: %(measure)s") % {"measure": measure},
                p.person,
                url,
                tier=Tier.JUSTICE,
            )
        else:
            yield Reminder(
                p.filed_on,
                "petition",
                _("Petition awaiting a hearing date: %(measure)s") % {"measure": measure},
                p.person,
                url,
                tier=Tier.JUSTICE,
            )


def eligibility_dates(membership: Membership, until: dt.date) -> Iterable[Reminder]:
    """The days persons in custody become eligible for parole or a milder punishment (the law engine)."""
    from zhusan.justice.queries import becoming_eligible
    from zhusan.justice.templatetags.justice import measure_label

    if not can_see(membership, Tier.JUSTICE):
        return
    today = timezone.localdate()
    if until < today:
        return
    for row in becoming_eligible(visible_persons(membership), today, until):
        yield Reminder(
            row.earliest_date,
            "eligibility",
            _("Earliest date for %(measure)s") % {"measure": measure_label(row.measure)},
            row.person,
            _person_url(row.person, "justice"),
            tier=Tier.JUSTICE,
        )


def adapted(area_due, default_tier: str = Tier.GENERAL) -> ReminderSource:
    """Wrap another area's `due(membership, until)` whose items are shaped like a Reminder.

    Its items need `kind`, `label`, `person` and `url`, and the day as `date` (or `due`); an
    optional `detail` is added to the label, and an item without a `tier` is of `default_tier`.
    """

    def source(membership: Membership, until: dt.date) -> Iterable[Reminder]:
        for r in area_due(membership, until):
            if isinstance(r, Reminder):
                yield r
                continue
            day = getattr(r, "date", None) or r.due
            detail = getattr(r, "detail", "")
            yield Reminder(
                day,
                r.kind,
                f"{r.label} — {detail}" if detail else r.label,
                r.person,
                r.url,
                tier=getattr(r, "tier", default_tier),
                task=getattr(r, "task", None),
            )

    source.__qualname__ = f"adapted({area_due.__module__}.{area_due.__name__})"
    return source


def register_defaults() -> None:
    """Register this app's sources and those of the areas that provide `due(membership, until)`.

    Rehabilitation's reminders carry their tier; the children's are all child-protection work.
    """
    for source in (manual_tasks, referrals_to_decide, petitions_and_hearings, eligibility_dates):
        register(source)
    import importlib

    for module, tier in (
        ("zhusan.rehab.reminders", Tier.GENERAL),
        ("zhusan.children.reminders", Tier.CHILD_PROTECTION),
    ):
        try:
            area = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise  # the module exists but is broken: say so
            continue  # the area has no reminders (yet)
        register(adapted(area.due, tier))
