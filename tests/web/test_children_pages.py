"""The Child tab and the children list: who sees them, what they show, what the forms do."""

import datetime as dt

import pytest

from tests.children.conftest import add_grandmother, add_officer
from zhusan.audit.models import AuditEvent, AuditEventType
from zhusan.children import actions
from zhusan.children.models import CitizenshipDetermination, Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def gulnar(world):
    return add_officer(world)


@pytest.fixture
def grandmother(world):
    return add_grandmother(world)


def _tab(client, person):
    return client.get(f"/persons/{person.public_id}/", {"tab": "child"})


def test_a_case_worker_sees_the_child_tab_and_the_read_is_audited(signed_in, world):
    client = signed_in("aliya")
    page = client.get(f"/persons/{world.child.public_id}/").content.decode()
    assert "?tab=child" in page
    tab = _tab(client, world.child).content.decode()
    assert 'data-testid="doc-progress"' in tab and "Placement and guardianship" in tab
    assert "Record a placement" not in tab  # a case worker does not record placements
    assert "Record school or kindergarten enrolment" in tab  # but may record school
    viewed = AuditEvent.objects.get(type=AuditEventType.CHILD_RECORD_VIEWED)
    assert viewed.person_id == str(world.child.public_id) and viewed.agency_code == "centre-a"


def test_the_child_is_not_found_for_a_case_worker_at_another_centre(signed_in, world):
    client = signed_in("chingiz")
    assert client.get(f"/persons/{world.child.public_id}/").status_code == 404
    assert _tab(client, world.child).status_code == 404


def test_a_role_without_the_child_protection_tier_sees_no_child_tab(client, world, gulnar):
    actions.do_record_documents_missing(gulnar, world.child, date=dt.date(2019, 5, 9))
    client.force_login(world.bolat.user)
    page = client.get(f"/persons/{world.child.public_id}/").content.decode()
    assert "?tab=child" not in page
    tab = _tab(client, world.child).content.decode()
    assert "doc-progress" not in tab and "Documents missing" not in tab
    assert not AuditEvent.objects.filter(type=AuditEventType.CHILD_RECORD_VIEWED).exists()


def test_an_adult_has_no_child_tab(signed_in, world):
    page = signed_in("aliya").get(f"/persons/{world.asel.public_id}/").content.decode()
    assert "?tab=child" not in page


def test_an_officer_places_the_child_from_the_tab(client, world, gulnar, grandmother):
    client.force_login(gulnar.user)
    tab = _tab(client, world.child).content.decode()
    assert "Record a placement" in tab and "Сейітова Рауза (grandparent, 1962)" in tab
    r = client.post(
        f"/persons/{world.child.public_id}/child/placements/",
        {
            "kind": "grandparents",
            "carer": str(grandmother.public_id),
            "legal_status": "temporary_custody",
            "start_date": "2019-07-01",
            "authority": "Guardianship authority, Aktau",
            "review_date": "2020-01-01",
        },
    )
    assert r.status_code == 302 and r["Location"].endswith("?tab=child")
    placement = Placement.objects.get(person=world.child)
    assert placement.carer == grandmother and placement.legal_status == "temporary_custody"
    tab = _tab(client, world.child).content.decode()
    assert 'data-testid="current-placement"' in tab and "overdue" in tab


def test_a_refused_placement_shows_the_form_again_and_saves_nothing(client, world, gulnar):
    client.force_login(gulnar.user)
    r = client.post(
        f"/persons/{world.child.public_id}/child/placements/",
        {"kind": "grandparents", "legal_status": "temporary_custody", "start_date": "2019-07-01"},
    )
    assert r.status_code == 422
    assert "Choose the carer" in r.content.decode() and not Placement.objects.exists()


def test_a_case_worker_posting_a_placement_is_refused(signed_in, world, grandmother):
    r = signed_in("aliya").post(
        f"/persons/{world.child.public_id}/child/placements/",
        {
            "kind": "grandparents",
            "carer": str(grandmother.public_id),
            "legal_status": "temporary_custody",
            "start_date": "2019-07-01",
        },
    )
    assert r.status_code == 403 and not Placement.objects.exists()


def test_citizenship_is_determined_from_the_tab_and_shown_with_its_citation(client, world, gulnar):
    client.force_login(gulnar.user)
    r = client.post(
        f"/persons/{world.child.public_id}/child/citizenship/",
        {
            "mother": "kz_citizen",
            "father": "foreign",
            "born_in_kz": "no",
            "determined_on": "2019-09-01",
        },
    )
    assert r.status_code == 302
    d = CitizenshipDetermination.objects.get(person=world.child)
    assert d.outcome == "needs_facts" and d.needs_facts == ["parent_resident_in_kz"]
    tab = _tab(client, world.child).content.decode()
    assert "facts missing" in tab and "whether a parent had permanent residence" in tab
    assert "arts. 11–12" in tab


def test_the_children_list_shows_status_placement_and_overdue_reviews(
    client, world, gulnar, grandmother
):
    actions.do_start_placement(
        gulnar,
        world.child,
        kind="grandparents",
        carer=grandmother,
        legal_status="temporary_custody",
        start_date=dt.date(2019, 7, 1),
        review_date=dt.date(2020, 1, 1),
        orphan=True,
    )
    client.force_login(gulnar.user)
    page = client.get("/children/").content.decode()
    assert "Юсуф Нұрланұлы" in page and "with grandparents" in page
    assert 'class="overdue"' in page and "1 placement review overdue" in page
    assert "Нұрланқызы Асель" not in page  # adults are not listed
    assert "Юсуф Нұрланұлы" in client.get("/children/", {"orphan": "yes"}).content.decode()
    assert "Юсуф Нұрланұлы" not in client.get("/children/", {"orphan": "no"}).content.decode()
    assert (
        "Юсуф Нұрланұлы" not in client.get("/children/", {"status": "documented"}).content.decode()
    )
    assert (
        "Юсуф Нұрланұлы" in client.get("/children/", {"placement": "grandparents"}).content.decode()
    )
    listed = AuditEvent.objects.filter(type=AuditEventType.CHILDREN_LISTED).last()
    assert listed.new["filters"] == {"placement": "grandparents"} and listed.new["rows"] == 1


def test_the_children_list_is_scoped_and_closed_to_roles_without_the_tier(client, signed_in, world):
    assert "Юсуф Нұрланұлы" in signed_in("aliya").get("/children/").content.decode()
    page = signed_in("chingiz").get("/children/").content.decode()
    assert "Юсуф Нұрланұлы" not in page and "No child in your scope" in page
    client.force_login(world.bolat.user)
    assert client.get("/children/").status_code == 404


def test_a_stale_placement_update_shows_what_changed_and_overwrites_nothing(
    client, world, gulnar, grandmother
):
    placement = actions.do_start_placement(
        gulnar,
        world.child,
        kind="grandparents",
        carer=grandmother,
        legal_status="temporary_custody",
        start_date=dt.date(2019, 7, 1),
        review_date=dt.date(2020, 1, 1),
    )
    stale = placement.version
    actions.do_update_placement(gulnar, placement, version=stale, review_date=dt.date(2020, 6, 1))
    client.force_login(gulnar.user)
    r = client.post(
        f"/persons/{world.child.public_id}/child/placements/update/",
        {
            "placement": str(placement.public_id),
            "version": stale,
            "legal_status": "guardianship",
            "review_date": "2021-01-01",
        },
    )
    page = r.content.decode()
    assert r.status_code == 422 and "changed while you were editing" in page
    assert 'data-testid="changed"' in page and "2020" in page
    assert f'name="version" value="{stale + 1}"' in page  # saving again goes against the new one
    placement.refresh_from_db()
    assert placement.legal_status == "temporary_custody" and placement.review_date == dt.date(
        2020, 6, 1
    )


def test_each_form_of_the_tab_saves_through_its_url(client, world, gulnar, grandmother):
    from zhusan.children.models import (
        IdentityStep,
        ParentContact,
        ReunificationPlan,
        SchoolEnrolment,
    )

    client.force_login(gulnar.user)
    url = f"/persons/{world.child.public_id}/child/"
    posts = [
        ("identity/", {"kind": "documents_missing", "date": "2019-05-09", "note": "None"}),
        (
            "identity/",
            {
                "kind": "dna_test",
                "date": "2019-06-01",
                "tested_with": str(grandmother.public_id),
                "relation": "grandmother",
                "result": "match",
                "lab": "Forensic centre",
            },
        ),
        (
            "identity/",
            {
                "kind": "court_decision",
                "date": "2019-08-01",
                "court": "Aktau city court",
                "establishes": "kinship",
                "result": "established",
            },
        ),
        (
            "identity/",
            {
                "kind": "birth_certificate",
                "date": "2019-08-20",
                "number": "I-123456",
                "registry_office": "Aktau registry office",
            },
        ),
        ("contacts/", {"parent": str(world.asel.public_id), "kind": "call", "date": "2020-02-01"}),
        (
            "reunification/plan/",
            {
                "parent": str(world.asel.public_id),
                "agreed_on": "2023-01-10",
                "target_date": "2023-05-10",
            },
        ),
        ("school/", {"kind": "school", "institution": "School No. 3", "start_date": "2023-09-01"}),
    ]
    for path, data in posts:
        r = client.post(url + path, data)
        assert r.status_code == 302, (path, data, r.content.decode()[-2000:])
    assert IdentityStep.objects.filter(person=world.child).count() == 4
    assert ParentContact.objects.filter(person=world.child).count() == 1
    assert SchoolEnrolment.objects.filter(person=world.child).count() == 1
    step = ReunificationPlan.objects.get(person=world.child).steps.first()
    r = client.post(
        url + "reunification/steps/",
        {
            "step": str(step.public_id),
            "version": step.version,
            "status": "done",
            "done_on": "2023-02-01",
        },
    )
    assert r.status_code == 302
    step.refresh_from_db()
    assert step.status == "done"
    tab = _tab(client, world.child).content.decode()
    assert 'aria-current="step">documented' in tab.replace("\n", "")
    r = client.post(url + "identity/", {"kind": "nonsense"})
    assert r.status_code == 400
