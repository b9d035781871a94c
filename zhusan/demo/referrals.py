"""Referrals, tasks and closed cases in the demo: the agencies handing persons on to each other.

Called once, after every stage is loaded. Most referrals were decided long ago; a few were sent
in the last days and wait for the demo users (aliya, social, guardianship, health) to accept or
decline them. Each demo user has tasks, some overdue. Everything goes through the actions.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
from zhusan.accounts.models import AgencyKind, Membership
from zhusan.accounts.roles import Role
from zhusan.cases import actions as cases
from zhusan.cases.models import Assignment, CloseOutcome, Referral, ReferralKind
from zhusan.cases.pathway import State
from zhusan.justice.models import CustodyPeriod
from zhusan.lib.dates import age_on
from zhusan.people.models import Person, Relationship, RelationshipKind

if TYPE_CHECKING:
    from zhusan.demo.load import Builder, Login

K = ReferralKind


class Referrals:
    def __init__(self, builder: Builder):
        self.b = builder
        self.m = builder.m
        self.rng = builder.rng
        self.today = timezone.localdate()
        self.used: set[tuple[int, str]] = set()

    # --- helpers ------------------------------------------------------------------------------
    def _day(self, day: dt.date) -> dt.date:
        return min(day, self.today)

    def _recent(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def _caseload(self, who: str, **case_filter) -> list[Assignment]:
        return list(
            Assignment.objects.filter(
                agency=self.m[who].agency,
                active=True,
                case__person__merged_into__isnull=True,
                **case_filter,
            )
            .exclude(case__state=State.CLOSED)
            .select_related("case__person")
            .order_by("id")
        )

    def _holder(self, person: Person, *who: str) -> Membership | None:
        """The first of these memberships whose agency holds the person's case."""
        for key in who:
            if Assignment.objects.filter(
                case__person=person, agency=self.m[key].agency, active=True
            ).exists():
                return self.m[key]
        return None

    def refer(
        self,
        sender: Membership,
        person: Person,
        to: Membership,
        kind: str,
        reason: str,
        sent: dt.date,
        *,
        decide: str = "accept",
        after: int = 4,
        done: str = "",
        done_after: int = 60,
        consent: tuple[str, str, str] | None = None,
    ) -> Referral | None:
        """Send a referral and, unless it is to wait, decide it `after` days later."""
        if (person.pk, kind) in self.used:
            return None
        self.used.add((person.pk, kind))
        sent = self._day(sent)
        extra = {}
        if consent:
            by, form, representative = consent
            extra = {
                "consent_date": sent - dt.timedelta(days=1),
                "consent_by": by,
                "consent_form": form,
                "consent_representative": representative,
            }
        referral = cases.do_make_referral(
            sender, person, to_agency=to.agency, kind=kind, reason=reason, sent_on=sent, **extra
        )
        on = self._day(sent + dt.timedelta(days=after))
        if decide == "accept":
            cases.do_accept_referral(to, referral, on=on)
            if done:
                cases.do_complete_referral(
                    to, referral, note=done, on=self._day(on + dt.timedelta(days=done_after))
                )
        elif decide == "decline":
            cases.do_decline_referral(to, referral, reason=done, on=on)
        return referral

    # --- stories ------------------------------------------------------------------------------
    def probation_service(self) -> Membership:
        """The probation service that supervises paroled prisoners (not among the base agencies)."""
        agency = do_create_agency(
            None,
            code="probation",
            name="Probation service, Mangystau region",
            kind=AgencyKind.PRISON,
            region="Mangystau",
        )
        from zhusan.demo.load import DEMO_PASSWORD

        user = do_create_user(
            None,
            username="probation",
            password=DEMO_PASSWORD,
            display_name="Ayan (probation officer)",
            is_demo=True,
        )
        self.m["probation"] = do_add_membership(
            None, user=user, agency=agency, role=Role.PENITENTIARY_OFFICER
        )
        return self.m["probation"]

    def school(self) -> None:
        """Adaptation centre → education authority for school-age children."""
        children, now = [], []
        for a in self._caseload("aliya", case__person__arrival__age_group="child"):
            person = a.case.person
            sent = a.since + dt.timedelta(days=7)
            age = age_on(person.birth_date, sent)
            if age is not None and 6 <= age <= 16:
                children.append((person, sent, age))
            if 7 <= (age_on(person.birth_date, self.today) or 0) <= 15:
                now.append(person)
        for n, person in enumerate(self.rng.sample(now, min(3, len(now)))):
            # Sent in the last days: waiting for the guardianship officer.
            self.refer(
                self.m["aliya"],
                person,
                self.m["guardianship"],
                K.EDUCATION,
                "The family moves to a new district: needs a school place there "
                "and help to catch up in Kazakh",
                self._recent((2, 6, 19)[n]),
                decide="",
            )
        picked = self.rng.sample(children, min(23, len(children)))
        for n, (person, sent, age) in enumerate(picked, start=3):
            region = person.home_region or "the home region"
            reason = f"School age ({age}): needs a school place in {region}"
            if n < 5:
                self.refer(
                    self.m["aliya"],
                    person,
                    self.m["guardianship"],
                    K.EDUCATION,
                    reason,
                    sent,
                    decide="decline",
                    done="Already enrolled in the local school by the grandparents",
                )
            else:
                self.refer(
                    self.m["aliya"],
                    person,
                    self.m["guardianship"],
                    K.EDUCATION,
                    reason,
                    sent,
                    after=self.rng.randint(2, 9),
                    done="Enrolled in school, with extra Kazakh lessons" if n % 2 else "",
                )

    def parole_supervision(self) -> None:
        """Prison → probation service for prisoners released on parole."""
        periods = list(
            CustodyPeriod.objects.filter(end_reason="Released on parole")
            .select_related("person")
            .order_by("end_date", "id")
        )
        for n, period in enumerate(periods):
            sender = self._holder(period.person, "prison", "prison-k")
            if sender is None or period.person.case.state == State.CLOSED:
                continue
            self.refer(
                sender,
                period.person,
                self.m["probation"],
                K.PROBATION,
                "Released on parole by the court: supervision for the rest of the term, "
                "registration within 10 days",
                period.end_date,
                decide="" if n == len(periods) - 1 else "accept",
                after=2,
            )

    def medical_commission(self) -> None:
        """Prison → special medical commission for prisoners too ill to serve (CPC art. 481)."""
        inside = list(
            Person.objects.filter(
                case__state=State.CUSTODY,
                custody_periods__end_date__isnull=True,
                merged_into__isnull=True,
            )
            .distinct()
            .order_by("id")
        )
        ill = [p for p in inside if p.care_needs]
        others = [p for p in inside if not p.care_needs]
        ill += self.rng.sample(others, min(len(others), max(0, 5 - len(ill))))
        for n, person in enumerate(ill):
            sender = self._holder(person, "prison", "prison-k")
            if sender is None:
                continue
            reason = (
                f"{person.care_needs}: examination for release on grounds of illness"
                if person.care_needs
                else "Chronic illness reported by the medical unit: examination against "
                "the Health Ministry's list of illnesses preventing the serving of a sentence"
            )
            if n < 2:  # waiting for the health officer
                self.refer(
                    sender,
                    person,
                    self.m["health"],
                    K.MEDICAL_COMMISSION,
                    reason,
                    self._recent((3, 10)[n]),
                    decide="",
                    consent=("person", "written", ""),
                )
            else:
                self.refer(
                    sender,
                    person,
                    self.m["health"],
                    K.MEDICAL_COMMISSION,
                    reason,
                    self._recent(self.rng.randint(60, 400)),
                    after=7,
                    done="Commission's conclusion issued" if n % 2 else "",
                    done_after=30,
                    consent=("person", "written", ""),
                )

    def local_services(self) -> None:
        """Adaptation centre → local social services: payments, housing, work."""
        adults = self._caseload("aliya", case__person__arrival__age_group__in=("woman", "man"))
        picked = self.rng.sample(adults, min(22, len(adults)))
        kinds = (
            (K.SOCIAL_SERVICES, "Monthly social payment for a mother of several children"),
            (K.HOUSING, "No home of her own: lives with her parents, eight people in two rooms"),
            (K.EMPLOYMENT, "Wants to work as a seamstress; needs the job centre's course"),
        )
        for n, a in enumerate(picked):
            person = a.case.person
            kind, reason = kinds[n % 3]
            sent = a.since + dt.timedelta(days=25)
            consent = ("person", "written" if n % 2 else "oral", "")
            if n < 3:  # waiting for the social services officer
                self.refer(
                    self.m["aliya"],
                    person,
                    self.m["social"],
                    kind,
                    reason,
                    self._recent((1, 4, 16)[n]),
                    decide="",
                    consent=consent,
                )
            elif n < 5:
                self.refer(
                    self.m["aliya"],
                    person,
                    self.m["social"],
                    kind,
                    reason,
                    sent,
                    decide="decline",
                    done="Lives outside our district: refer to the district of residence",
                    consent=consent,
                )
            else:
                self.refer(
                    self.m["aliya"],
                    person,
                    self.m["social"],
                    kind,
                    reason,
                    sent,
                    after=self.rng.randint(3, 12),
                    done="Granted" if n % 3 == 0 else "",
                    consent=consent,
                )

    def back_to_the_centre(self) -> None:
        """Prison and guardianship → adaptation centre for psychological support (aliya's queue)."""
        released = [
            a.case.person
            for a in self._caseload("prison", case__state__in=(State.RELEASED, State.REINTEGRATION))
        ]
        for n, person in enumerate(self.rng.sample(released, min(4, len(released)))):
            self.refer(
                self.m["prison"],
                person,
                self.m["aliya"],
                K.PSYCHOLOGICAL_SUPPORT,
                "Released after serving the sentence: asks for a psychologist and help "
                "to rebuild contact with the children",
                self._recent((2, 9)[n]) if n < 2 else self._recent(self.rng.randint(90, 600)),
                decide="" if n < 2 else "accept",
                consent=("person", "written", ""),
            )
        wards = list(
            Relationship.objects.filter(
                kind=RelationshipKind.GUARDIAN, target__case__state=State.REINTEGRATION
            )
            .select_related("source", "target")
            .order_by("id")[:40]
        )
        for n, rel in enumerate(self.rng.sample(wards, min(2, len(wards)))):
            if self._holder(rel.target, "guardianship") is None:
                continue
            self.refer(
                self.m["guardianship"],
                rel.target,
                self.m["aliya"],
                K.PSYCHOLOGICAL_SUPPORT,
                "Nightmares and withdrawal at school since the placement with the grandmother",
                self._recent(5) if n == 0 else self._recent(200),
                decide="" if n == 0 else "accept",
                consent=("representative", "written", rel.source.display_name),
            )

    def tasks(self) -> None:
        """A handful of tasks per demo user, some overdue, one already done."""
        work = {
            "aliya": (
                "Write the monthly progress note",
                "Call the school about attendance",
                "Prepare the case conference",
                "Home visit after the family's move",
                "Plan the next sessions with the psychologist",
            ),
            "social": (
                "Check the housing application",
                "Renew the monthly social payment",
                "Follow-up visit at home",
                "Register with the job centre",
            ),
            "guardianship": (
                "Prepare the documents for the birth-certificate hearing",
                "Visit the grandparents' home",
                "Collect the DNA test result",
                "Confirm the school place",
            ),
            "health": (
                "Review the medical unit's file",
                "Schedule the commission's examination",
                "Write the commission's conclusion",
            ),
            "prison": (
                "Prepare the parole petition file",
                "Write the characteristic for the court",
                "Arrange the family visit",
            ),
            "prosecutor": ("Opinion on the parole petition", "Check the co-defendants' verdicts"),
        }
        offsets = (1, -3, 4, -12, 21)
        for who, titles in work.items():
            ids = [a.case.person for a in self._caseload(who)]
            persons = self.rng.sample(ids, min(len(titles), len(ids)))
            for n, title in enumerate(titles):
                cases.do_create_task(
                    self.m[who],
                    title=title,
                    due_on=self.today + dt.timedelta(days=offsets[n]),
                    person=persons[n] if n < len(persons) else None,
                    worker=self.m[who].user if n % 2 else None,
                )
            cases.do_create_task(
                self.m[who], title="Read the new programme guidance", due_on=self._recent(20)
            )
            done = cases.do_create_task(
                self.m[who], title="Send the quarterly report", due_on=self._recent(5)
            )
            cases.do_complete_task(self.m[who], done, done_on=self._recent(6))

    def closures(self) -> None:
        """A few more closed cases, each with its outcome; one closed and reopened."""
        referred = {pk for pk, _ in self.used}
        candidates = [
            a.case
            for a in self._caseload("social", case__state=State.REINTEGRATION)
            if a.case.person_id not in referred
        ]
        stories = (
            (CloseOutcome.EMIGRATED, "Moved abroad with her new husband"),
            (CloseOutcome.EMIGRATED, "Left to join relatives abroad"),
            (CloseOutcome.TRANSFERRED, "Taken on by the regional employment programme"),
            (CloseOutcome.LOST, "No contact for a year; not at the registered address"),
            (CloseOutcome.LOST, "Moved; the new address is unknown"),
        )
        for n, (case, (outcome, reason)) in enumerate(
            zip(
                self.rng.sample(candidates, min(len(stories), len(candidates))),
                stories,
                strict=False,
            )
        ):
            case.refresh_from_db()
            closed = self.b._date(case.state_since + dt.timedelta(days=200), dt.date(2025, 12, 1))
            self.b._move("social", case, State.CLOSED, closed, reason, outcome=outcome)
            if n == len(stories) - 1:
                case.refresh_from_db()
                self.b._move(
                    "social",
                    case,
                    State.REINTEGRATION,
                    closed + dt.timedelta(days=150),
                    "Came back to the local services asking for help with housing",
                )


def build(builder: Builder) -> list[Login]:
    """Add the referrals, tasks and closures; return the extra demo sign-in (probation)."""
    from zhusan.demo.load import DEMO_PASSWORD, Login

    story = Referrals(builder)
    story.probation_service()
    story.school()
    story.parole_supervision()
    story.medical_commission()
    story.local_services()
    story.back_to_the_centre()
    story.tasks()
    story.closures()
    return [Login("probation", DEMO_PASSWORD, "Ayan (probation officer)")]
