"""The rule for a child's citizenship by birth: one named situation per branch (no database)."""

import ast
from pathlib import Path

import pytest

from zhusan.children import citizenship as c
from zhusan.children.citizenship import BirthFacts, determine

KZ, FOREIGN, STATELESS, UNKNOWN = c.KZ_CITIZEN, c.FOREIGN, c.STATELESS, c.UNKNOWN_PARENT


def test_both_parents_citizens_make_a_citizen_wherever_born():
    d = determine(BirthFacts(mother=KZ, father=KZ, born_in_kz=False))
    assert d.outcome == c.CITIZEN and d.rule == "CIT-11-both" and not d.needs_review
    assert "Law of RK «On Citizenship»" in d.citations[0] and "arts. 11–12" in d.citations[0]


def test_both_parents_citizens_need_no_birth_place():
    assert determine(BirthFacts(mother=KZ, father=KZ)).outcome == c.CITIZEN


def test_a_citizen_and_a_foreign_parent_child_born_in_kazakhstan_is_a_citizen():
    d = determine(BirthFacts(mother=FOREIGN, father=KZ, born_in_kz=True))
    assert (d.outcome, d.rule) == (c.CITIZEN, "CIT-11-born-kz")


def test_born_abroad_while_a_parent_lived_in_kazakhstan_is_a_citizen():
    d = determine(
        BirthFacts(mother=KZ, father=FOREIGN, born_in_kz=False, parent_resident_in_kz=True)
    )
    assert (d.outcome, d.rule) == (c.CITIZEN, "CIT-11-residence")


def test_parents_abroad_who_agreed_on_kazakh_citizenship():
    d = determine(
        BirthFacts(
            mother=KZ,
            father=FOREIGN,
            born_in_kz=False,
            parent_resident_in_kz=False,
            written_agreement=c.AGREED_KZ,
        )
    )
    assert (d.outcome, d.rule) == (c.CITIZEN, "CIT-11-agreement")


def test_parents_abroad_who_agreed_on_the_other_citizenship():
    d = determine(
        BirthFacts(
            mother=KZ,
            father=FOREIGN,
            born_in_kz=False,
            parent_resident_in_kz=False,
            written_agreement=c.AGREED_OTHER,
        )
    )
    assert (d.outcome, d.rule) == (c.NOT_CITIZEN, "CIT-11-agreement")


def test_parents_abroad_without_an_agreement_go_to_a_lawyer():
    d = determine(
        BirthFacts(
            mother=KZ,
            father=FOREIGN,
            born_in_kz=False,
            parent_resident_in_kz=False,
            written_agreement=c.NO_AGREEMENT,
        )
    )
    assert d.outcome == c.NEEDS_REVIEW and d.needs_review


@pytest.mark.parametrize("other", [STATELESS, UNKNOWN])
def test_a_citizen_and_a_stateless_or_unknown_parent_is_never_guessed(other):
    """The reference's text for this case was cut short: the answer goes to a person."""
    d = determine(BirthFacts(mother=KZ, father=other, born_in_kz=False))
    assert d.outcome == c.NEEDS_REVIEW and d.needs_review
    assert d.rule == "CIT-12-stateless-or-unknown" and "not verified" in d.reasons[0]


def test_neither_parent_a_citizen_is_outside_the_rule():
    d = determine(BirthFacts(mother=FOREIGN, father=STATELESS, born_in_kz=True))
    assert (d.outcome, d.rule, d.needs_review) == (c.NEEDS_REVIEW, "CIT-none-citizen", True)


@pytest.mark.parametrize(
    ("facts", "missing"),
    [
        (BirthFacts(father=KZ), ["mother_citizenship"]),
        (BirthFacts(), ["mother_citizenship", "father_citizenship"]),
        (BirthFacts(mother=KZ, father=FOREIGN), ["born_in_kz"]),
        (BirthFacts(mother=KZ, father=FOREIGN, born_in_kz=False), ["parent_resident_in_kz"]),
        (
            BirthFacts(mother=KZ, father=FOREIGN, born_in_kz=False, parent_resident_in_kz=False),
            ["written_agreement"],
        ),
    ],
)
def test_a_missing_fact_is_named_not_assumed(facts, missing):
    d = determine(facts)
    assert d.outcome == c.NEEDS_FACTS and d.needs_facts == missing and d.citations


def test_every_rule_has_a_citation_and_every_answer_cites_one():
    assert all(r.citation and r.label for r in c.RULES.values())
    d = determine(BirthFacts(mother=KZ, father=KZ))
    assert d.as_dict()["citations"] == [c.RULES[d.rule].citation]


def test_facts_are_checked_and_round_trip():
    with pytest.raises(ValueError):
        BirthFacts(mother="martian")
    with pytest.raises(ValueError):
        BirthFacts(mother=KZ, father=KZ, written_agreement="maybe")
    facts = BirthFacts(mother=KZ, father=FOREIGN, born_in_kz=False, parent_resident_in_kz=True)
    assert BirthFacts.from_dict(facts.as_dict()) == facts


def test_the_rule_imports_no_django():
    tree = ast.parse(Path(c.__file__).read_text())
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not any(m and m.startswith("django") for m in modules)
