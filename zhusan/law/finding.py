"""Build the assessment of one measure: outcome, reasons, rules applied, unknown facts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal, NamedTuple, TypeVar

from zhusan.law.rule import Rule

Outcome = Literal[
    "eligible", "not_yet", "not_eligible", "mandatory", "barred", "needs_facts", "needs_review"
]
OUTCOMES: tuple[str, ...] = (
    "eligible",
    "not_yet",
    "not_eligible",
    "mandatory",
    "barred",
    "needs_facts",
    "needs_review",
)


F = TypeVar("F", bound="Finding")


class Finding:
    """Collect what one measure's rules found, then render it as the contract's dict.

    Mutable on purpose: each rule module adds to it in turn; `render` freezes it into output.
    """

    __slots__ = ("measure", "reasons", "rules", "missing", "review", "options", "extra")

    def __init__(self, measure: str) -> None:
        self.measure = measure
        self.reasons: list[str] = []
        self.rules: list[Rule] = []
        self.missing: list[str] = []
        self.review = False
        self.options: list[str] = []
        self.extra: dict[str, Any] = {}

    def copy(self) -> Finding:
        """Return an independent copy, to go on from a shared state."""
        return self.copy_into(Finding.__new__(Finding))

    def copy_into(self, other: F) -> F:
        """Make an empty Finding (of a subclass, say) an independent copy of this one."""
        other.measure = self.measure
        other.reasons = self.reasons.copy()
        other.rules = self.rules.copy()
        other.missing = self.missing.copy()
        other.review = self.review
        other.options = self.options.copy()
        other.extra = self.extra.copy()
        return other

    def merge(self, other: Finding) -> None:
        """Record what another finding recorded, in order, as if it had been recorded here."""
        self.rules += other.rules
        self.reasons += other.reasons
        for field in other.missing:
            if field not in self.missing:
                self.missing.append(field)
        self.review = self.review or other.review
        self.options += other.options
        self.extra.update(other.extra)

    def apply(self, rule: Rule, reason: str) -> None:
        """Record that a rule was applied and why."""
        self.rules.append(rule)
        self.reasons.append(reason)

    def need(self, field: str, rule: Rule | None = None, reason: str = "") -> None:
        """Record a fact the outcome depends on that the document leaves unknown."""
        if field not in self.missing:
            self.missing.append(field)
        if rule is not None:
            self.apply(rule, reason)

    def flag(self, rule: Rule, reason: str) -> None:
        """Record an unclear point of law: the result needs a lawyer's review."""
        self.review = True
        self.apply(rule, reason)

    def render(self, outcome: Outcome, earliest: date | None = None) -> dict[str, Any]:
        """Return the measure as the output contract's dict."""
        if outcome == "needs_review":
            self.review = True
        rules = self.rules
        result: dict[str, Any] = {
            "measure": self.measure,
            "outcome": outcome,
            "earliest_date": earliest.isoformat() if earliest is not None else None,
            "reasons": self.reasons,
            "citations": list(dict.fromkeys([rule.citation for rule in rules])),
            "needs_review": self.review,
            "rules": list(dict.fromkeys([rule.code for rule in rules])),
            "needs_facts": self.missing,
        }
        if self.options:
            result["options"] = self.options
        if self.extra:
            result.update(self.extra)
        return result


_DEFERRED: dict[str, Any] = {}


class Deferred(Finding):
    """A Finding that notes the outcome it is rendered with, to render it only on demand.

    The batch path's compact assessments (zhusan.law.batch.Compact) hold one per measure whose
    finish ran for the document: the outcome and date are known at once, the dict when asked.
    """

    __slots__ = ("outcome", "earliest")

    def render(self, outcome: Outcome, earliest: date | None = None) -> dict[str, Any]:
        """Note the outcome and date; return an empty placeholder (finish returns it unread)."""
        self.outcome = outcome
        self.earliest = earliest
        return _DEFERRED

    def materialise(self, outcome: Outcome, earliest: date | None) -> dict[str, Any]:
        """Return the measure's dict, as Finding.render."""
        return Finding.render(self, outcome, earliest)


class Plan(NamedTuple):
    """A measure decided up to its date arithmetic: what it found so far and how to finish.

    `decide` functions return either the measure's dict or a Plan.  A Plan holds nothing of the
    document's dates or day counts, so the batch path may share it between documents whose
    decision keys are equal; `finish(finding.copy(), data, facts, term_reading, candidates)`
    does the arithmetic for one document.  `candidates` says whether finish needs the parole
    candidates of art. 72 (see art72.candidates).
    """

    finding: Finding
    finish: Callable[..., dict[str, Any]]
    data: tuple[Any, ...] = ()
    candidates: bool = False
