"""The unit of legal logic: a cited, dated rule with a stable code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Rule:
    """Describe one legal rule the engine applies.

    `code` is stable across releases (assessments list it); `citation` names the provision;
    `quote` holds the statute's words where the reference gives them (Russian) and `confidence`
    the reference's tag: V verified, I interpretation, U unverified.
    """

    code: str
    label: str
    citation: str
    effective_from: date
    effective_to: date | None = None
    confidence: str = "V"
    quote: str = ""
    note: str = ""

    def in_force(self, on: date) -> bool:
        """Tell whether the rule is in force on a date."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


CODE_IN_FORCE = date(2015, 1, 1)
