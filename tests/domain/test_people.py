import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhusan.access.scope import get_person, visible_persons
from zhusan.audit.models import AuditEvent, AuditEventType
from zhusan.lib.dates import DatePrecision
from zhusan.lib.errors import ActionError, ConcurrentEdit
from zhusan.people import actions
from zhusan.people.models import NameKind, PersonName, Script
from zhusan.people.queries import search_by_name

pytestmark = pytest.mark.django_db


def test_a_name_is_stored_exactly_as_written_with_its_detected_script(world):
    names = {n.full_name: n for n in world.asel.names.all()}
    assert names["Нұрланқызы Асель"].script == Script.KAZAKH_CYRILLIC
    assert names["Umm Yusuf"].kind == NameKind.KUNYA


def test_a_latin_spelling_finds_a_person_recorded_in_kazakh_cyrillic(world):
    for query in ("Asel Nurlankyzy", "asel nurlanqyzy", "Асель", "Nurlan"):
        found = search_by_name(visible_persons(world.aliya), query)
        assert world.asel in found, query


def test_a_russian_cyrillic_spelling_finds_the_kazakh_form(world):
    found = search_by_name(visible_persons(world.aliya), "Нурланкызы Асель")
    assert list(found) == [world.asel]


def test_search_never_reaches_outside_the_agency_caseload(world):
    assert not search_by_name(visible_persons(world.chingiz), "Asel").exists()
    assert search_by_name(visible_persons(world.chingiz), "Marat Serikov").exists()


def test_a_case_worker_sees_the_family_of_a_person_in_the_caseload(world):
    visible = set(visible_persons(world.aliya))
    assert {world.asel, world.child} <= visible
    assert world.marat not in visible


def test_missing_and_not_yours_are_the_same_not_found(world):
    import uuid

    with pytest.raises(Http404) as missing:
        get_person(world.chingiz, uuid.uuid4())
    with pytest.raises(Http404) as not_yours:
        get_person(world.chingiz, world.asel.public_id)
    assert str(missing.value) == str(not_yours.value)


def test_an_analyst_sees_no_person(world):
    assert not visible_persons(world.arman).exists()


def test_a_role_without_the_permission_cannot_register_a_person(world):
    with pytest.raises(PermissionDenied):
        actions.do_create_person(world.bolat, names=[actions.NameInput("Test Person")])


def test_a_person_needs_a_name(world):
    with pytest.raises(ActionError) as err:
        actions.do_create_person(world.dana, names=[actions.NameInput("   ")])
    assert "full_name" in err.value.errors


def test_a_birth_date_with_no_precision_is_refused(world):
    with pytest.raises(ActionError):
        actions.do_create_person(
            world.dana, names=[actions.NameInput("Test")], birth_date=dt.date(2000, 1, 1)
        )


def test_adding_a_name_indexes_it_for_search_and_audits_it(world):
    before = AuditEvent.objects.filter(type=AuditEventType.NAME_ADDED).count()
    actions.do_add_name(
        world.aliya, world.asel, actions.NameInput("Aitkalieva Asel", kind=NameKind.DOCUMENT)
    )
    row = PersonName.objects.get(full_name="Aitkalieva Asel")
    assert row.script == Script.LATIN and row.agency == world.aliya.agency
    assert (
        search_by_name(visible_persons(world.aliya), "Айтқалиева").filter(pk=world.asel.pk).exists()
    )
    assert AuditEvent.objects.filter(type=AuditEventType.NAME_ADDED).count() == before + 1


def test_an_agency_cannot_write_to_a_person_outside_its_caseload(world):
    with pytest.raises(Http404):
        actions.do_add_name(world.chingiz, world.asel, actions.NameInput("Someone"))


def test_a_stale_edit_is_refused_and_shows_what_changed(world):
    asel = world.asel
    actions.do_update_person(world.aliya, asel, version=asel.version, birth_place="Aktobe")
    with pytest.raises(ConcurrentEdit) as err:
        actions.do_update_person(world.aliya, asel, version=asel.version, birth_place="Atyrau")
    assert err.value.current["birth_place"] == "Aktobe"
    asel.refresh_from_db()
    assert asel.birth_place == "Aktobe" and asel.version == 2


def test_an_update_audits_old_and_new_values(world):
    actions.do_update_person(world.aliya, world.asel, version=1, home_region="Mangystau")
    event = AuditEvent.objects.filter(type=AuditEventType.PERSON_UPDATED).latest("id")
    assert event.old == {"home_region": "", "version": 1}
    assert event.new == {"home_region": "Mangystau", "version": 2}


def test_a_marriage_records_how_it_ended(world):
    husband = actions.do_create_person(
        world.dana, names=[actions.NameInput("Қайратов Ерлан")], sex="M", deceased=True
    )
    from zhusan.people.models import FamilyMember

    FamilyMember.objects.none()
    actions.do_add_family_member(
        world.dana, world.asel.family_memberships.first().family, husband, "father"
    )
    rel = actions.do_add_relationship(
        world.dana,
        world.asel,
        husband,
        kind="spouse",
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2017, 6, 1),
        end_reason="death",
    )
    assert rel.get_end_reason_display() == "death of a spouse"
    with pytest.raises(ActionError):
        actions.do_add_relationship(world.dana, husband, world.asel, kind="spouse")


def test_only_a_marriage_has_a_way_it_ended(world):
    with pytest.raises(ActionError):
        actions.do_add_relationship(
            world.dana, world.asel, world.child, kind="guardian", end_reason="divorce"
        )


def test_a_child_cannot_be_the_parent_of_its_parent(world):
    with pytest.raises(ActionError):
        actions.do_add_relationship(world.dana, world.child, world.asel, kind="parent")


def test_partial_dates_keep_their_precision(world):
    assert world.child.birth_date_precision == DatePrecision.YEAR


def test_is_visible_agrees_with_the_caseload_for_every_persona(world):
    from zhusan.access.scope import is_visible
    from zhusan.people.models import Person

    for membership in (world.dana, world.aliya, world.bolat, world.chingiz, world.arman):
        visible = set(visible_persons(membership))
        for person in Person.objects.all():
            assert is_visible(membership, person) == (person in visible), (membership, person)


def _rule_by_subqueries(membership):
    """The scope rule written independently, as two subqueries (the oracle for the materialised scope)."""
    from zhusan.access.scope import caseload_person_ids
    from zhusan.people.models import FamilyMember, Person

    direct = caseload_person_ids(membership)
    families = FamilyMember.objects.filter(person_id__in=direct).values("family_id")
    relatives = FamilyMember.objects.filter(family_id__in=families).values("person_id")
    return set(Person.objects.filter(id__in=direct)) | set(Person.objects.filter(id__in=relatives))


def test_the_materialised_scope_never_drifts_from_the_rule(world):
    from zhusan.cases.actions import do_assign_case

    for membership in (world.dana, world.aliya, world.chingiz):
        assert set(visible_persons(membership)) == _rule_by_subqueries(membership)
    # Moving a family's case to another agency's caseload moves the whole family's visibility.
    do_assign_case(world.dana, world.asel_case, world.chingiz.agency, since=dt.date(2020, 1, 1))
    assert {world.asel, world.child} <= set(visible_persons(world.chingiz))
    assert set(visible_persons(world.chingiz)) == _rule_by_subqueries(world.chingiz)


def test_rebuilding_the_scope_gives_the_same_entries(world):
    from django.core.management import call_command

    from zhusan.access.models import ScopeEntry

    before = set(ScopeEntry.objects.values_list("agency_id", "person_id"))
    call_command("rebuild_scope", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(ScopeEntry.objects.values_list("agency_id", "person_id")) == before
