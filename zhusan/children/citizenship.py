"""Citizenship of a child by birth: the rule for children of Kazakh citizens, as a cited unit.

Plain Python, no Django import (like zhusan.law). Source: Law of the Republic of Kazakhstan
«О гражданстве Республики Казахстан» of 20 December 1991 No. 1017-XII, arts. 11–12, in the words
of the government portal (gov.kz, «Гражданство детей»), read for shared/reference/law-kazakhstan.md
section 3 [V, H]:

    Both parents KZ citizens at birth: the child is a citizen regardless of place of birth.
    One parent KZ citizen and the other a foreign national: the child is a citizen if born in KZ,
    or born abroad while the parents or one of them had permanent residence in KZ. If both lived
    abroad permanently: by written agreement of the parents.
    (The gov.kz text continues with the KZ-citizen plus stateless-parent case; it was truncated.)

What the reference does not cover — a citizen parent with a stateless or unknown other parent
(the truncated text), parents neither of whom was a citizen, parents who lived abroad and made no
written agreement — is answered `needs_review`: a person decides, the engine never guesses. A fact
the answer depends on that is not recorded is answered `needs_facts`, naming it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RULES_VERSION = "children-citizenship-2026.1"


def _(text: str) -> str:
    """Mark a reason for translation: makemessages extracts it, the page translates it when shown."""
    return text


SOURCE = "Law of RK «On Citizenship» No. 1017-XII, arts. 11–12 (gov.kz «Гражданство детей»)"

# What a parent was at the child's birth.
KZ_CITIZEN = "kz_citizen"
FOREIGN = "foreign"  # a citizen of another state
STATELESS = "stateless"
UNKNOWN_PARENT = "parent_unknown"  # the parent is not known (e.g. paternity not established)
PARENT_STATUSES = (KZ_CITIZEN, FOREIGN, STATELESS, UNKNOWN_PARENT)

# The parents' written agreement on the child's citizenship.
AGREED_KZ = "kz"  # agreed on Kazakh citizenship
AGREED_OTHER = "other"  # agreed on the other parent's citizenship
NO_AGREEMENT = "none"  # the parents made none
AGREEMENTS = (AGREED_KZ, AGREED_OTHER, NO_AGREEMENT)

# Outcomes.
CITIZEN = "citizen"
NOT_CITIZEN = "not_citizen"
NEEDS_FACTS = "needs_facts"
NEEDS_REVIEW = "needs_review"
OUTCOMES = (CITIZEN, NOT_CITIZEN, NEEDS_FACTS, NEEDS_REVIEW)


@dataclass(frozen=True)
class Rule:
    """One branch of the rule: a stable code, what it says, and where the law says it."""

    code: str
    label: str
    citation: str


RULES = {
    r.code: r
    for r in (
        Rule(
            "CIT-11-both",
            "Both parents citizens: citizen wherever born",
            f"{SOURCE}: both parents citizens at the child's birth",
        ),
        Rule(
            "CIT-11-born-kz",
            "One parent citizen, the other foreign, child born in Kazakhstan: citizen",
            f"{SOURCE}: one parent a citizen, the other a foreign national, born in RK",
        ),
        Rule(
            "CIT-11-residence",
            "One parent citizen, the other foreign, born abroad, a parent resident in Kazakhstan: citizen",
            f"{SOURCE}: born abroad, the parents or one of them permanently resident in RK",
        ),
        Rule(
            "CIT-11-agreement",
            "One parent citizen, the other foreign, both resident abroad: by the parents' written agreement",
            f"{SOURCE}: both parents permanently resident abroad, written agreement of the parents",
        ),
        Rule(
            "CIT-12-stateless-or-unknown",
            "One parent citizen, the other stateless or unknown: text not verified",
            f"{SOURCE}: citizen parent and stateless or unknown parent (text truncated in the reference)",
        ),
        Rule(
            "CIT-none-citizen",
            "Neither parent a citizen: outside the rule read",
            f"{SOURCE}: the rule read covers children with a citizen parent only",
        ),
        Rule(
            "CIT-facts",
            "A fact the rule depends on is not recorded",
            SOURCE,
        ),
    )
}


@dataclass(frozen=True)
class BirthFacts:
    """What was true when the child was born; None means the fact is not recorded."""

    mother: str | None = None  # one of PARENT_STATUSES
    father: str | None = None
    born_in_kz: bool | None = None
    # Whether both parents, or one of them, had permanent residence in Kazakhstan at the birth.
    parent_resident_in_kz: bool | None = None
    written_agreement: str | None = None  # one of AGREEMENTS

    def __post_init__(self):
        for name in ("mother", "father"):
            value = getattr(self, name)
            if value is not None and value not in PARENT_STATUSES:
                raise ValueError(f"{name}: {value!r} is not one of {', '.join(PARENT_STATUSES)}")
        if self.written_agreement is not None and self.written_agreement not in AGREEMENTS:
            raise ValueError(
                f"written_agreement: {self.written_agreement!r} is not one of {', '.join(AGREEMENTS)}"
            )

    def as_dict(self) -> dict:
        return {
            "mother": self.mother,
            "father": self.father,
            "born_in_kz": self.born_in_kz,
            "parent_resident_in_kz": self.parent_resident_in_kz,
            "written_agreement": self.written_agreement,
        }

    @classmethod
    def from_dict(cls, data: dict) -> BirthFacts:
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Determination:
    outcome: str
    rule: str
    reasons: list[str]
    citations: list[str]
    needs_facts: list[str] = field(default_factory=list)
    needs_review: bool = False
    rules_version: str = RULES_VERSION

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome,
            "rule": self.rule,
            "reasons": list(self.reasons),
            "citations": list(self.citations),
            "needs_facts": list(self.needs_facts),
            "needs_review": self.needs_review,
            "rules_version": self.rules_version,
        }


def _result(outcome: str, code: str, reason: str, *, missing=(), review=False) -> Determination:
    return Determination(
        outcome=outcome,
        rule=code,
        reasons=[reason],
        citations=[RULES[code].citation],
        needs_facts=list(missing),
        needs_review=review,
    )


def _missing(missing: list[str]) -> Determination:
    return _result(
        NEEDS_FACTS,
        "CIT-facts",
        _("The answer depends on facts that are not recorded."),
        missing=missing,
    )


def determine(facts: BirthFacts) -> Determination:
    """Say whether the child is a Kazakh citizen by birth, with the branch of the rule and why."""
    missing = [n for n in ("mother", "father") if getattr(facts, n) is None]
    if missing:
        return _missing([f"{n}_citizenship" for n in missing])
    parents = (facts.mother, facts.father)
    citizens = parents.count(KZ_CITIZEN)
    if citizens == 2:
        # "Both parents KZ citizens at birth: the child is a citizen regardless of place of birth."
        return _result(
            CITIZEN,
            "CIT-11-both",
            _(
                "Both parents were citizens of Kazakhstan when the child was born, so the child is a "
                "citizen wherever the child was born."
            ),
        )
    if citizens == 0:
        return _result(
            NEEDS_REVIEW,
            "CIT-none-citizen",
            _(
                "Neither parent was a citizen of Kazakhstan when the child was born. The rule read "
                "covers only children with a citizen parent: a lawyer must decide."
            ),
            review=True,
        )
    other = facts.father if facts.mother == KZ_CITIZEN else facts.mother
    if other in (STATELESS, UNKNOWN_PARENT):
        # The reference's text for this case was cut short: never guess.
        return _result(
            NEEDS_REVIEW,
            "CIT-12-stateless-or-unknown",
            _(
                "One parent was a citizen and the other stateless or unknown. The law's text for this "
                "case was not verified (the source was cut short); it is usually read as citizenship "
                "wherever the child was born, but a lawyer must confirm."
            ),
            review=True,
        )
    # One parent a citizen, the other a foreign national.
    if facts.born_in_kz is None:
        return _missing(["born_in_kz"])
    if facts.born_in_kz:
        # "...the child is a citizen if born in KZ..."
        return _result(
            CITIZEN,
            "CIT-11-born-kz",
            _(
                "One parent was a citizen and the other a foreign national, and the child was born "
                "in Kazakhstan: the child is a citizen."
            ),
        )
    if facts.parent_resident_in_kz is None:
        return _missing(["parent_resident_in_kz"])
    if facts.parent_resident_in_kz:
        # "...or born abroad while the parents or one of them had permanent residence in KZ."
        return _result(
            CITIZEN,
            "CIT-11-residence",
            _(
                "The child was born abroad while a parent had permanent residence in Kazakhstan: the "
                "child is a citizen."
            ),
        )
    # "If both lived abroad permanently: by written agreement of the parents."
    if facts.written_agreement is None:
        return _missing(["written_agreement"])
    if facts.written_agreement == AGREED_KZ:
        return _result(
            CITIZEN,
            "CIT-11-agreement",
            _(
                "Both parents lived abroad; by their written agreement the child is a citizen of "
                "Kazakhstan."
            ),
        )
    if facts.written_agreement == AGREED_OTHER:
        return _result(
            NOT_CITIZEN,
            "CIT-11-agreement",
            _(
                "Both parents lived abroad; by their written agreement the child took the other "
                "parent's citizenship, not Kazakhstan's."
            ),
        )
    return _result(
        NEEDS_REVIEW,
        "CIT-11-agreement",
        _(
            "Both parents lived abroad and made no written agreement; the law decides by that "
            "agreement and the text read gives no default: a lawyer must decide."
        ),
        review=True,
    )
