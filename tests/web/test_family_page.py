"""The family page: the members a viewer may see, their pathways, one timeline of them all."""

import datetime as dt
import uuid

import pytest

from zhusan.audit.models import AuditEvent, AuditEventType
from zhusan.cases import actions as cases
from zhusan.people.models import Family

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(world):
    cases.do_add_event(
        world.aliya, world.asel, type="session", date=dt.date(2019, 6, 3), note="Mother's session"
    )
    cases.do_add_event(
        world.aliya, world.child, type="session", date=dt.date(2019, 6, 4), note="Child's session"
    )
    return Family.objects.get(label="Nurlanqyzy family")


def test_the_family_page_merges_the_members_timelines_labelled_by_whose(signed_in, world, family):
    client = signed_in("aliya")
    page = client.get(f"/families/{family.public_id}/").content.decode()
    assert "Нұрланқызы Асель" in page and "Юсуф Нұрланұлы" in page
    timeline = page.split('data-testid="family-timeline"')[1]
    # Newest first: the child's session (4 June) before the mother's (3 June), each named.
    assert timeline.index("Child&#x27;s session") < timeline.index("Mother&#x27;s session")
    child_item = timeline.split("Child&#x27;s session")[0].rsplit('class="tl-item', 1)[1]
    assert "Юсуф Нұрланұлы" in child_item
    oldest = client.get(f"/families/{family.public_id}/", {"order": "asc"}).content.decode()
    assert oldest.index("Mother&#x27;s session") < oldest.index("Child&#x27;s session")
    only_moves = client.get(f"/families/{family.public_id}/", {"type": "pathway"}).content.decode()
    assert "Mother&#x27;s session" not in only_moves and "Pathway:" in only_moves


def test_each_member_shown_is_an_audited_read(signed_in, world, family):
    signed_in("aliya").get(f"/families/{family.public_id}/")
    read = set(
        AuditEvent.objects.filter(type=AuditEventType.PERSON_VIEWED).values_list(
            "person_id", flat=True
        )
    )
    assert read == {str(world.asel.public_id), str(world.child.public_id)}


def test_a_member_the_viewer_may_not_see_is_left_out_unnamed(signed_in, world, family):
    from zhusan.access.actions import do_break_glass

    do_break_glass(world.chingiz, world.asel.public_id, reason="Urgent placement decision tonight")
    page = signed_in("chingiz").get(f"/families/{family.public_id}/").content.decode()
    assert "Нұрланқызы Асель" in page
    assert "Юсуф" not in page and "Child&#x27;s session" not in page
    assert 'data-testid="members-not-shown"' in page


def test_a_family_with_no_visible_member_is_not_found(signed_in, world, family):
    client = signed_in("chingiz")
    assert client.get(f"/families/{family.public_id}/").status_code == 404
    assert client.get(f"/families/{uuid.uuid4()}/").status_code == 404


def test_the_family_timeline_follows_the_viewers_tiers(client, world, family, prosecutor):
    cases.do_add_event(prosecutor, world.asel, type="charged", date=dt.date(2019, 5, 21))
    client.force_login(prosecutor.user)
    assert "Charged" in client.get(f"/families/{family.public_id}/").content.decode()
    client.force_login(world.aliya.user)
    assert "Charged" not in client.get(f"/families/{family.public_id}/").content.decode()


def test_the_person_page_family_tab_links_to_the_family_page(signed_in, world, family):
    page = signed_in("aliya").get(f"/persons/{world.asel.public_id}/", {"tab": "family"})
    assert f"/families/{family.public_id}/" in page.content.decode()
