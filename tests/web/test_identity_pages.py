import datetime as dt

import pytest

from zhusan.cases.actions import do_open_case
from zhusan.identity.models import DuplicateCandidate, Merge
from zhusan.lib.dates import DatePrecision
from zhusan.people.actions import NameInput, do_create_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    again = do_create_person(
        world.dana,
        names=[NameInput("Asel Nurlanqyzy")],
        sex="F",
        birth_date=dt.date(1990, 3, 14),
        birth_date_precision=DatePrecision.DAY,
    )
    do_open_case(world.dana, again, opened_on=dt.date(2020, 2, 1))
    return DuplicateCandidate.objects.get(), again


def test_the_queue_shows_both_records_and_why_they_matched(signed_in, world, pair):
    page = signed_in("dana").get("/duplicates/").content.decode()
    assert page.count('data-testid="duplicate-pair"') == 1
    assert "Нұрланқызы Асель" in page and "Asel Nurlanqyzy" in page and "same birth date" in page


def test_a_role_that_may_not_merge_has_no_queue(signed_in, world, pair):
    assert signed_in("aliya").get("/duplicates/").status_code == 404


def test_merging_from_the_queue_and_undoing_it_from_the_person_page(signed_in, world, pair):
    candidate, again = pair
    client = signed_in("dana")
    keep = "keep_a" if candidate.person_a == world.asel else "keep_b"
    r = client.post(
        f"/duplicates/{candidate.public_id}/", {"decision": keep, "reason": "Same passport"}
    )
    assert r.status_code == 302 and r["Location"].endswith(f"/persons/{world.asel.public_id}/")
    # The old link of the merged record leads to the record kept.
    assert client.get(f"/persons/{again.public_id}/")["Location"].endswith(
        f"/persons/{world.asel.public_id}/"
    )
    names_tab = client.get(f"/persons/{world.asel.public_id}/", {"tab": "names"}).content.decode()
    assert 'data-testid="merges"' in names_tab and "Same passport" in names_tab
    merge = Merge.objects.get()
    r = client.post(f"/merges/{merge.public_id}/undo/", {"reason": "Different women"})
    assert r.status_code == 302
    assert client.get(f"/persons/{again.public_id}/").status_code == 200


def test_a_merge_without_a_reason_is_refused_with_a_message(signed_in, world, pair):
    candidate, _again = pair
    client = signed_in("dana")
    r = client.post(
        f"/duplicates/{candidate.public_id}/", {"decision": "keep_a", "reason": ""}, follow=True
    )
    assert "Say why" in r.content.decode() and not Merge.objects.exists()


def test_search_results_show_how_strongly_each_person_matched(signed_in, world, pair):
    page = signed_in("dana").get("/persons/", {"q": "Асель Нұрланқызы"}).content.decode()
    assert "<meter" in page and "matched" in page
