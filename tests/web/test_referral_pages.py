"""The referral form on the pathway tab and the "Referrals waiting for us" queue."""

import pytest

from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
from zhusan.accounts.models import AgencyKind
from zhusan.cases import actions
from zhusan.cases.models import Referral, ReferralState

pytestmark = pytest.mark.django_db


@pytest.fixture
def education(world):
    agency = do_create_agency(
        None, code="education", name="Education authority", kind=AgencyKind.CHILD_PROTECTION
    )
    user = do_create_user(None, username="gulnar", password="g" * 16)
    return do_add_membership(None, user=user, agency=agency, role="child_protection_officer")


def test_a_case_worker_refers_from_the_pathway_tab(signed_in, world, education):
    client = signed_in("aliya")
    url = f"/persons/{world.child.public_id}/"
    assert 'data-testid="referral-form"' in client.get(url, {"tab": "pathway"}).content.decode()
    data = {
        "to_agency": education.agency_id,
        "kind": "housing",
        "reason": "The family needs a flat near the school",
    }
    r = client.post(url + "referrals/", data)
    assert r.status_code == 422 and "needs consent" in r.content.decode()
    r = client.post(url + "referrals/", data | {"kind": "education"})
    assert r.status_code == 302
    tab = client.get(url, {"tab": "pathway"}).content.decode()
    assert 'data-testid="referrals"' in tab and "Education authority" in tab


def test_the_queue_has_a_clear_empty_state_and_the_navigation_counts_what_waits(
    client, world, education
):
    client.force_login(education.user)
    assert 'data-testid="no-waiting"' in client.get("/referrals/").content.decode()
    actions.do_make_referral(
        world.aliya, world.child, to_agency=education.agency, kind="education", reason="School"
    )
    page = client.get("/referrals/").content.decode()
    assert 'data-testid="waiting-referral"' in page and 'nav-count">1<' in page


def test_declining_and_withdrawing_from_the_queue(client, world, education):
    first = actions.do_make_referral(
        world.aliya, world.child, to_agency=education.agency, kind="education", reason="School"
    )
    client.force_login(education.user)
    r = client.post(
        f"/referrals/{first.public_id}/",
        {"step": "decline", "reason": "", "version": first.version},
    )
    assert r.status_code == 422 and "Say why the referral is declined." in r.content.decode()
    client.post(
        f"/referrals/{first.public_id}/",
        {"step": "decline", "reason": "Wrong district", "version": first.version},
    )
    first.refresh_from_db()
    assert first.state == ReferralState.DECLINED
    second = actions.do_make_referral(
        world.aliya, world.asel, to_agency=education.agency, kind="education", reason="Adult class"
    )
    client.force_login(world.aliya.user)
    assert "Wrong district" in client.get("/referrals/").content.decode()
    client.post(
        f"/referrals/{second.public_id}/",
        {"step": "withdraw", "reason": "She found a course herself", "version": second.version},
    )
    assert Referral.objects.get(pk=second.pk).state == ReferralState.WITHDRAWN


def test_a_stale_decision_is_refused_on_the_page(client, world, education):
    referral = actions.do_make_referral(
        world.aliya, world.child, to_agency=education.agency, kind="education", reason="School"
    )
    stale = referral.version
    actions.do_decline_referral(education, referral, reason="Wrong district")
    client.force_login(education.user)
    r = client.post(f"/referrals/{referral.public_id}/", {"step": "accept", "version": stale})
    assert r.status_code == 422 and "changed while you were editing" in r.content.decode()


def test_another_agency_cannot_act_on_a_referral(signed_in, world, education):
    referral = actions.do_make_referral(
        world.aliya, world.child, to_agency=education.agency, kind="education", reason="School"
    )
    r = signed_in("chingiz").post(
        f"/referrals/{referral.public_id}/", {"step": "accept", "version": referral.version}
    )
    assert r.status_code == 404
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.PENDING
