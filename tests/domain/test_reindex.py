"""After a folding change, reindexing rewrites every stored key as a new name would get it."""

import datetime as dt

import pytest
from django.core.management import call_command

from zhusan.identity.models import NameKey
from zhusan.identity.queries import search
from zhusan.lib.dates import DatePrecision
from zhusan.people.actions import NameInput, do_create_person
from zhusan.people.models import NameToken, Person, PersonName

pytestmark = pytest.mark.django_db


def _keys(name):
    return (
        PersonName.objects.get(pk=name.pk).search_key,
        sorted(NameToken.objects.filter(name=name).values_list("key", flat=True)),
        sorted(NameKey.objects.filter(name=name).values_list("key", flat=True)),
    )


def test_reindexing_restores_stale_keys_and_search_finds_the_person_again(world):
    person = do_create_person(
        world.dana,
        names=[NameInput("Құрманғалиева Гүлназ")],
        sex="F",
        birth_date=dt.date(1991, 4, 2),
        birth_date_precision=DatePrecision.DAY,
    )
    name = person.names.get()
    fresh = _keys(name)
    # Keys as some older rule wrote them, that no query today produces.
    PersonName.objects.filter(pk=name.pk).update(search_key="stale")
    NameToken.objects.filter(name=name).update(key="stale")
    NameKey.objects.filter(name=name).update(key="stale")
    assert not search(Person.objects.all(), "Курмангалиева Гульназ")

    call_command("reindex_names", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert _keys(name) == fresh
    found = search(Person.objects.all(), "Курмангалиева Гульназ")
    assert found and found[0].person == person
