"""Name search at scale: which candidates are kept before scoring, and the order shown."""

import datetime as dt

import pytest

from zhusan.access.scope import visible_persons
from zhusan.cases.actions import do_assign_case, do_open_case
from zhusan.identity import queries
from zhusan.identity.queries import candidates, search
from zhusan.lib.dates import DatePrecision
from zhusan.people.actions import NameInput, do_create_person

pytestmark = pytest.mark.django_db


def register(world, name: str, born: dt.date | None = None, *, agency=None):
    person = do_create_person(
        world.dana,
        names=[NameInput(name)],
        sex="F",
        birth_date=born,
        birth_date_precision=DatePrecision.DAY if born else DatePrecision.UNKNOWN,
    )
    case = do_open_case(world.dana, person, opened_on=dt.date(2020, 1, 1))
    if agency is not None:
        do_assign_case(world.dana, case, agency, since=dt.date(2020, 1, 2))
    return person


def test_the_person_sharing_every_key_is_kept_ahead_of_a_crowd_of_namesakes(world):
    for _ in range(6):
        register(world, "Мустафина Зара")
    wanted = register(world, "Мустафина Зара Исақызы")
    kept = candidates(visible_persons(world.dana), "Мустафина Зара Исақызы", limit=2)
    assert wanted in set(kept)


def test_a_narrow_caseload_finds_its_namesake_behind_the_registrys_first_matches(world):
    for _ in range(5):
        register(world, "Мустафина Зара")
    mine = register(world, "Мустафина Зара", agency=world.aliya.agency)
    assert list(candidates(visible_persons(world.aliya), "Мустафина Зара", limit=1)) == [mine]
    assert list(candidates(visible_persons(world.aliya), "Мустафина", limit=1)) == [mine]


def test_the_birth_date_picks_the_namesake_before_scoring(world, monkeypatch):
    for year in (1984, 1990, 1995, 2008, 2012):
        register(world, "Мустафина Зара", dt.date(year, 5, 1))
    wanted = register(world, "Мустафина Зара", dt.date(2011, 3, 4))
    monkeypatch.setattr(queries, "CANDIDATES", 2)
    matches = search(visible_persons(world.dana), "Mustafina Zara", birth_date="2011-03-04")
    assert matches[0].person == wanted


def test_the_full_name_comes_before_a_short_latin_form_shown_with_the_same_percentage(world):
    short = register(world, "Zara Mustafina")
    full = register(world, "Мустафина Зара Исақызы")
    matches = search(visible_persons(world.dana), "Мустафина Зара Исақызы")
    assert [m.person for m in matches[:2]] == [full, short]
    assert matches[0].name == "Мустафина Зара Исақызы"


def test_search_never_returns_a_person_outside_the_scope(world):
    assert search(visible_persons(world.dana), "Нұрланқызы Асель")[0].person == world.asel
    assert world.asel not in {
        m.person for m in search(visible_persons(world.chingiz), "Нұрланқызы Асель")
    }
