"""The measures, one behaviour per test, named as sentences."""

from __future__ import annotations

from datetime import date

import pytest

from tests.law.facts_examples import facts, measure
from zhusan.law import ENGINE_VERSION, LAW_VERSION, FactsError, evaluate, evaluate_many
from zhusan.law.periods import add_period, age_band


def parole(**changes) -> dict:
    return measure(evaluate(facts(**changes)), "parole")


def test_it_refuses_parole_without_active_assistance_for_a_terrorist_crime() -> None:
    result = parole()
    assert result["outcome"] == "not_eligible"
    assert "CC RK art. 72(1) para 3" in result["citations"]


def test_it_allows_parole_with_active_assistance_once_half_the_term_is_served() -> None:
    assert parole(conduct__active_assistance=True)["outcome"] == "eligible"


def test_it_says_not_yet_with_the_earliest_date_the_day_before() -> None:
    result = parole(conduct__active_assistance=True, as_of="2023-01-05")
    assert (result["outcome"], result["earliest_date"]) == ("not_yet", "2023-01-06")


def test_it_bars_parole_when_the_terrorist_crime_caused_deaths() -> None:
    assert parole(circumstances__caused_death=True)["outcome"] == "barred"


def test_it_asks_for_the_deaths_fact_when_it_could_bar_parole() -> None:
    result = parole(conduct__active_assistance=True, circumstances__caused_death=None)
    assert result["outcome"] == "needs_facts"
    assert result["needs_facts"] == ["circumstances.caused_death"]


def test_it_makes_parole_mandatory_for_an_ordinary_crime_with_compensation_and_good_conduct() -> (
    None
):
    result = parole(
        offences=[{"article": "172", "part": "1", "offence_date": "2019-01-05"}],
        conduct__damage_compensated=True,
    )
    assert result["outcome"] == "mandatory" and "CC-72-1-2" in result["rules"]


def test_it_flags_the_para_2_and_para_3_interplay_for_review() -> None:
    result = parole(conduct__damage_compensated=True)
    assert result["outcome"] == "not_eligible" and result["needs_review"]


def test_it_treats_participation_in_a_terrorist_group_as_a_possible_criminal_group_bar() -> None:
    result = measure(
        evaluate(facts(conduct__active_assistance=True, as_of="2024-01-01")), "milder_punishment"
    )
    assert result["outcome"] == "needs_review" and "CC-73-2-GROUP" in result["rules"]


def test_it_lists_every_measure_with_versions() -> None:
    result = evaluate(facts())
    assert [m["measure"] for m in result["measures"]] == [
        "parole", "milder_punishment", "illness_release", "citizenship_deprivation",
        "criminal_liability", "amnesty", "suspended_sentence", "deferral_for_children",
        "deferral_for_family",
    ]  # fmt: skip
    assert (result["engine_version"], result["law_version"]) == (ENGINE_VERSION, LAW_VERSION)


def test_every_measure_lists_the_rules_and_citations_it_applied() -> None:
    for m in evaluate(facts())["measures"]:
        assert m["rules"] and m["citations"], m["measure"]


def test_it_evaluates_in_batch_and_names_the_index_of_a_bad_document() -> None:
    results = list(evaluate_many([facts(), facts(as_of="2024-01-01")]))
    assert [r["as_of"] for r in results] == ["2023-01-06", "2024-01-01"]
    with pytest.raises(FactsError, match=r"^\[1\] as_of: not an ISO date$"):
        list(evaluate_many([facts(), facts(as_of="soon")]))


def test_it_does_not_change_the_document_it_assesses() -> None:
    document = facts()
    before = repr(document)
    evaluate(document)
    assert repr(document) == before


@pytest.mark.parametrize(
    ("start", "years", "months", "end"),
    [
        ("2019-01-06", 8, 0, "2027-01-06"),
        ("2020-02-29", 1, 0, "2021-02-28"),
        ("2020-02-29", 4, 0, "2024-02-29"),
        ("2019-08-31", 0, 6, "2020-02-29"),
        ("2019-01-31", 0, 1, "2019-02-28"),
        ("2019-11-15", 0, 3, "2020-02-15"),
    ],
)
def test_a_term_runs_on_the_calendar_and_clamps_to_the_month_end(start, years, months, end) -> None:
    assert add_period(date.fromisoformat(start), years, months) == date.fromisoformat(end)


def test_a_birthday_is_a_boundary_and_29_february_has_two() -> None:
    birth = date(2004, 2, 29)
    bands = [age_band(birth, date(2018, 2, d), 14) for d in (27, 28)] + [
        age_band(birth, date(2018, 3, d), 14) for d in (1, 2)
    ]
    assert bands == ["below", "boundary", "boundary", "reached"]
