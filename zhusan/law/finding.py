"""Build the assessment of one measure: outcome, reasons, rules applied, unknown facts."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

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
        result: dict[str, Any] = {
            "measure": self.measure,
            "outcome": outcome,
            "earliest_date": earliest.isoformat() if earliest is not None else None,
            "reasons": self.reasons,
            "citations": list(dict.fromkeys(rule.citation for rule in self.rules)),
            "needs_review": self.review,
            "rules": list(dict.fromkeys(rule.code for rule in self.rules)),
            "needs_facts": self.missing,
        }
        if self.options:
            result["options"] = self.options
        if self.extra:
            result.update(self.extra)
        return result
