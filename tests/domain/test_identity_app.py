"""Duplicates at intake, the review queue, merge and unmerge (the identity core has its own tests)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from zhusan.access.scope import visible_persons
from zhusan.audit.models import AuditEvent, AuditEventType
from zhusan.cases.actions import do_add_event, do_open_case
from zhusan.identity.actions import do_dismiss_duplicate, do_merge_persons, do_unmerge
from zhusan.identity.models import DuplicateCandidate
from zhusan.identity.queries import search
from zhusan.lib.dates import DatePrecision
from zhusan.lib.errors import ActionError
from zhusan.people.actions import NameInput, do_add_document, do_create_person
from zhusan.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(world):
    """Asel registered a second time in Latin by headquarters, with her birth date and a document."""
    again = do_create_person(
        world.dana,
        names=[NameInput("Asel Nurlanqyzy")],
        sex="F",
        birth_date=dt.date(1990, 3, 14),
        birth_date_precision=DatePrecision.DAY,
    )
    do_open_case(world.dana, again, opened_on=dt.date(2020, 2, 1))
    do_add_document(world.dana, again, kind="passport", status="valid", number="N1234567")
    do_add_event(
        world.dana, again, type="note", date=dt.date(2020, 2, 2), note="Second registration"
    )
    return again


def snapshot(person: Person) -> dict:
    """Everything attached to a person record, by table and row id."""
    return {
        "names": sorted(person.names.values_list("id", flat=True)),
        "documents": sorted(person.documents.values_list("id", flat=True)),
        "events": sorted(person.events.values_list("id", flat=True)),
        "relationships_out": sorted(person.relationships_out.values_list("id", flat=True)),
        "relationships_in": sorted(person.relationships_in.values_list("id", flat=True)),
        "families": sorted(person.family_memberships.values_list("family_id", "role")),
        "merged_into": Person.objects.get(pk=person.pk).merged_into_id,
    }


def test_registering_the_same_person_again_queues_a_likely_duplicate(world, duplicate):
    pair = DuplicateCandidate.objects.get()
    assert {pair.person_a, pair.person_b} == {world.asel, duplicate} and pair.probability > 0.9
    assert {e["comparison"] for e in pair.evidence} >= {"name", "birth_date"}
    assert AuditEvent.objects.filter(type=AuditEventType.DUPLICATE_FOUND).exists()


def test_search_ranks_the_closest_record_first_and_says_why(world, duplicate):
    matches = search(
        visible_persons(world.dana), "Асель Нұрланқызы", birth_date="1990-03-14", sex="F"
    )
    assert {m.person for m in matches[:2]} == {world.asel, duplicate}
    assert all(m.probability > 0.5 for m in matches[:2]) and matches[0].evidence


def test_a_kunya_finds_the_person_it_belongs_to(world):
    matches = search(visible_persons(world.aliya), "Umm Yusuf")
    assert matches and matches[0].person == world.asel


def test_merge_keeps_everything_of_both_and_unmerge_restores_both_exactly(world, duplicate):
    before = (snapshot(world.asel), snapshot(duplicate))
    merge = do_merge_persons(
        world.dana, world.asel, duplicate, reason="Same birth date, name and documents"
    )
    assert set(world.asel.names.values_list("full_name", flat=True)) >= {
        "Нұрланқызы Асель",
        "Asel Nurlanqyzy",
    }
    assert world.asel.documents.filter(number="N1234567").exists()
    assert world.asel.events.filter(note="Second registration").exists()
    assert duplicate not in set(visible_persons(world.dana))
    assert DuplicateCandidate.objects.get().status == "merged"
    do_unmerge(world.dana, merge, reason="Two women with the same name and birth date")
    assert (snapshot(world.asel), snapshot(duplicate)) == before
    assert duplicate in set(visible_persons(world.dana))
    assert AuditEvent.objects.filter(type=AuditEventType.PERSONS_MERGED).exists()
    assert AuditEvent.objects.filter(type=AuditEventType.PERSONS_UNMERGED).exists()


def test_an_agency_that_only_knew_the_duplicate_keeps_seeing_the_person(world, duplicate):
    from zhusan.cases.actions import do_assign_case

    do_assign_case(world.dana, duplicate.case, world.chingiz.agency, since=dt.date(2020, 3, 1))
    do_merge_persons(world.dana, world.asel, duplicate, reason="Same person")
    assert world.asel in set(visible_persons(world.chingiz))


def test_relatives_are_never_merged(world):
    with pytest.raises(ActionError):
        do_merge_persons(world.dana, world.asel, world.child, reason="x")


def test_a_merge_needs_a_reason_and_the_right_role(world, duplicate):
    with pytest.raises(ActionError):
        do_merge_persons(world.dana, world.asel, duplicate, reason=" ")
    with pytest.raises(PermissionDenied):
        do_merge_persons(world.aliya, world.asel, duplicate, reason="x")


def test_dismissing_a_pair_as_different_persons(world, duplicate):
    pair = DuplicateCandidate.objects.get()
    do_dismiss_duplicate(world.dana, pair, reason="Twins: different given names at school")
    pair.refresh_from_db()
    assert pair.status == "distinct" and pair.decided_by == world.dana.user
