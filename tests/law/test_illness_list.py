"""The Health Ministry list of diseases as dated reference data (CPC RK art. 481(4))."""

from __future__ import annotations

from datetime import date

import pytest

from tests.law.facts_examples import facts, measure
from zhusan.law import evaluate, illness_list

LISTED = {
    "medical__commission_conclusion": True,
    "medical__on_authorised_list": True,
    "medical__prevents_serving": True,
}


def _raw(**changes):
    raw = {
        "id": "x",
        "title": "A list",
        "authority": "Ministry of Healthcare",
        "status": "in_force",
        "effective_from": date(2020, 1, 1),
        "effective_to": date(2024, 12, 31),
        "citation": "Order No. 1",
        "confidence": "V",
    }
    return {**raw, **changes}


def test_every_packaged_version_is_cited_and_only_one_is_in_force() -> None:
    versions = illness_list.load()
    assert all(v.citation.strip() for v in versions)
    assert [v.id for v in versions if v.status == "in_force"] == ["mz-current"]


def test_a_version_without_a_citation_is_refused() -> None:
    with pytest.raises(ValueError, match="citation"):
        illness_list.parse({"lists": [_raw(citation=" ")]})


def test_a_version_with_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="status"):
        illness_list.parse({"lists": [_raw(status="proposed")]})


def test_a_dated_version_is_known_in_force_inside_its_dates_only() -> None:
    versions = illness_list.parse({"lists": [_raw()]})
    assert illness_list.in_force(date(2024, 12, 31), versions) == (versions[0], True)
    assert illness_list.in_force(date(2025, 1, 1), versions) == (versions[0], False)


def test_a_draft_is_never_applied() -> None:
    versions = illness_list.parse(
        {"lists": [_raw(status="draft", effective_from=date(2020, 1, 1), effective_to=None)]}
    )
    assert illness_list.in_force(date(2022, 1, 1), versions) == (None, False)


def test_the_current_list_is_named_and_flagged_because_its_dates_are_unverified() -> None:
    result = measure(evaluate(facts(**LISTED)), "illness_release")
    assert result["authorised_list"] == "mz-current" and result["needs_review"]
    assert "CPC-481-4-LIST" in result["rules"]


def test_no_list_version_is_named_when_the_list_is_not_reached() -> None:
    result = measure(evaluate(facts(medical__commission_conclusion=False)), "illness_release")
    assert "authorised_list" not in result and not result["needs_review"]
