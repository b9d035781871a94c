"""Each indicator on the hand-built programme (tests/reports/programme.py), with known answers."""

import datetime as dt

import pytest

from tests.reports.programme import build_programme
from zhusan.reports.catalogue import catalogue
from zhusan.reports.engine import IndicatorError, compute

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):
    """The programme, built once for the module and rolled back at its end; each test runs in a
    savepoint inside it, so what a test writes is undone too."""
    from django.db import transaction

    from tests.personas import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_programme(build_world())
        transaction.set_rollback(True)


@pytest.fixture
def programme(_built, db):
    return _built


def cells(code, **kwargs):
    result = compute(code, **kwargs)
    return {k if len(k) != 1 else k[0]: n for k, n in result.cells.items()}, result.total


def test_every_indicator_computes_on_an_empty_database(db):
    for code in catalogue():
        result = compute(code)
        assert result.total == 0, code


def test_returned_by_stage_and_as_counted(programme):
    by, total = cells("returned", by=("stage", "counted_as"))
    assert total == 6  # Asel, Yusuf, Timur, Aigerim, Serik, Dilnaz; Marat has no arrival
    assert by == {
        ("Zhusan, stage 2", "woman"): 1,
        ("Zhusan, stage 2", "child"): 1,
        ("Zhusan, stage 2", "man"): 1,
        ("Zhusan, stage 3", "woman"): 1,
        ("Zhusan, stage 3", "man"): 1,
        ("Zhusan, stage 3", "child"): 1,
    }
    # As of the day between the stages only stage 2 had arrived.
    assert cells("returned", as_of=D(2019, 5, 20), by=())[1] == 3


def test_returned_by_sex_and_age_at_arrival(programme):
    by, _ = cells("returned", by=("sex",))
    assert by == {"F": 3, "M": 3}
    bands, _ = cells("returned", by=("age_band",))
    # Asel 29, Yusuf 3, Timur 39, Aigerim 23, Serik 44, Dilnaz 6 on arrival.
    assert bands == {"18-29": 2, "0-6": 2, "30-44": 2}


def test_orphans(programme):
    assert cells("orphans_returned", by=("stage",))[0] == {"Zhusan, stage 3": 1}


def test_left_country_by_year(programme):
    by, total = cells("left_country")
    assert by == {2013: 1, 2014: 2} and total == 3
    assert cells("left_country", as_of=D(2013, 12, 31), by=())[1] == 1
    assert cells("left_country", start=D(2014, 1, 1), by=())[1] == 2


def test_screened_by_latest_outcome(programme):
    assert cells("screened")[0] == {"prosecute": 2, "absolved": 1}
    assert cells("screened", as_of=D(2019, 6, 10))[0] == {"prosecute": 2}


def test_charged_and_convicted_by_article(programme):
    by, total = cells("charged")
    assert by == {"257(2)": 2, "260(1)": 1}
    assert total == 2  # persons, each counted once
    assert cells("convicted", as_of=D(2019, 11, 1))[0] == {"257(2)": 1}
    assert cells("convicted", by=("year",))[0] == {2019: 2}


def test_sentence_lengths(programme):
    assert cells("sentence_length")[0] == {"5_9": 1, "under_5": 1}


def test_in_custody_and_released_by_route(programme):
    assert cells("in_custody", by=())[1] == 1  # Timur
    assert cells("in_custody", as_of=D(2020, 1, 1), by=())[1] == 2
    assert cells("released")[0] == {"parole": 1}
    assert cells("released", as_of=D(2021, 5, 31), by=())[1] == 0


def test_pathway_state_as_of_a_past_date(programme):
    by, _ = cells("pathway_state", as_of=D(2019, 7, 1))
    # Timur in prosecution, Serik in prosecution, Aigerim in rehabilitation; the rest (Asel, Yusuf,
    # Marat, Dilnaz and the children's grandmother) arrived.
    assert by == {"prosecution": 2, "rehabilitation": 1, "arrived": 5}
    now, total = cells("pathway_state")
    assert now == {"custody": 1, "reintegration": 1, "closed": 1, "arrived": 5}
    assert total == 8
    assert cells("in_rehabilitation", as_of=D(2019, 7, 1), by=())[1] == 1


def test_pathway_reached(programme):
    by, _ = cells("pathway_reached")
    assert by["screening"] == 3 and by["custody"] == 2 and by["closed"] == 1
    assert by["arrived"] == 8


def test_cases_closed_by_outcome(programme):
    assert cells("cases_closed")[0] == {"reintegrated": 1}
    assert cells("cases_closed", as_of=D(2022, 12, 31), by=())[1] == 0


def test_merged_duplicates_are_not_counted(programme):
    from tests.reports.programme import _person
    from zhusan.cases import actions as cases
    from zhusan.identity.actions import do_merge_persons

    dup = programme.world.dana
    copy = _person(dup, "Тимур Аманов", "M", D(1980, 2, 2))

    cases.do_open_case(dup, copy, opened_on=D(2019, 5, 8))
    cases.do_record_arrival(dup, copy, programme.world.stage, arrived_on=D(2019, 5, 8))
    assert cells("returned", by=())[1] == 7
    do_merge_persons(dup, programme.timur, copy, reason="Same man registered twice")
    assert cells("returned", by=())[1] == 6


def test_requests_the_catalogue_does_not_allow_are_refused(programme):
    with pytest.raises(IndicatorError, match="cannot be broken down by article"):
        compute("returned", by=("article",))
    with pytest.raises(IndicatorError, match="at most 2"):
        compute("returned", by=("sex", "stage", "region"))
    with pytest.raises(IndicatorError, match="no indicator"):
        compute("nonsense")
    with pytest.raises(IndicatorError, match="future"):
        compute("returned", as_of=D(2999, 1, 1))


def test_children_by_placement_as_of_three_dates(programme):
    assert cells("children_placement")[0] == {"with_mother": 1, "grandparents": 1}
    assert cells("children_placement", as_of=D(2020, 1, 1))[0] == {"grandparents": 2}
    assert cells("children_placement", as_of=D(2019, 5, 20))[0] == {None: 1}
    by, total = cells("children_placement", by=("placement_kind", "orphan"))
    assert by == {("with_mother", False): 1, ("grandparents", True): 1} and total == 2


def test_children_by_documentation_status(programme):
    assert cells("children_documentation")[0] == {"documented": 1, "no_documents": 1}
    assert cells("children_documentation", as_of=D(2019, 7, 1))[0] == {
        "dna_confirmed": 1,
        "no_documents": 1,
    }
    assert cells("children_documentation", as_of=D(2019, 8, 15))[0] == {
        "court_established": 1,
        "no_documents": 1,
    }


def test_reunified_children(programme):
    assert cells("reunified")[0] == {2022: 1}
    assert cells("reunified", as_of=D(2021, 12, 31), by=())[1] == 0


def test_receiving_benefits(programme):
    assert cells("receiving_benefits")[0] == {"social_payment": 1}
    by, total = cells("receiving_benefits", as_of=D(2020, 6, 1))
    assert by == {"social_payment": 1, "survivor": 1} and total == 2
