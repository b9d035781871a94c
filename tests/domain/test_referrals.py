"""Referrals between agencies: consent, the decision, and scope gained only on acceptance.

Aliya (case worker, centre A) refers Asel's son Yusuf to the education authority, where Gulnar
(child protection officer) decides; Saule (local social services) receives support referrals.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhusan.access.scope import is_visible
from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
from zhusan.accounts.models import AgencyKind
from zhusan.audit.models import AuditEvent, AuditEventType
from zhusan.cases import actions
from zhusan.cases.models import CONSENT_REQUIRED, Assignment, ReferralKind, ReferralState
from zhusan.lib.errors import ActionError, ConcurrentEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def education(world):
    agency = do_create_agency(
        None, code="education", name="Education authority", kind=AgencyKind.CHILD_PROTECTION
    )
    user = do_create_user(None, username="gulnar", password="g" * 16)
    return do_add_membership(None, user=user, agency=agency, role="child_protection_officer")


@pytest.fixture
def social(world):
    agency = do_create_agency(None, code="social", name="Social services", kind=AgencyKind.SOCIAL)
    user = do_create_user(None, username="saule", password="s" * 16)
    return do_add_membership(None, user=user, agency=agency, role="social_services_officer")


def refer_to_school(world, education, **kw):
    return actions.do_make_referral(
        world.aliya,
        world.child,
        to_agency=education.agency,
        kind=ReferralKind.EDUCATION,
        reason="School age; arrived without papers, needs a place in the local school",
        sent_on=dt.date(2019, 6, 1),
        **kw,
    )


def test_a_referral_is_sent_accepted_and_completed_with_the_date_of_each_step(world, education):
    referral = refer_to_school(world, education)
    assert referral.state == ReferralState.PENDING and referral.from_agency == world.aliya.agency
    actions.do_accept_referral(education, referral, on=dt.date(2019, 6, 5))
    assert (referral.state, referral.decided_on, referral.decided_by) == (
        ReferralState.ACCEPTED,
        dt.date(2019, 6, 5),
        education.user,
    )
    actions.do_complete_referral(
        education, referral, note="Enrolled in grade 1", on=dt.date(2019, 9, 1)
    )
    assert referral.state == ReferralState.COMPLETED
    assert referral.completed_on == dt.date(2019, 9, 1)
    types = list(
        AuditEvent.objects.filter(object_id=str(referral.public_id)).values_list("type", flat=True)
    )
    assert types == [
        AuditEventType.REFERRAL_MADE,
        AuditEventType.REFERRAL_ACCEPTED,
        AuditEventType.REFERRAL_COMPLETED,
    ]


def test_consent_is_decided_by_the_kind_of_referral():
    assert CONSENT_REQUIRED[ReferralKind.EDUCATION] is False
    assert CONSENT_REQUIRED[ReferralKind.PROBATION] is False
    assert CONSENT_REQUIRED[ReferralKind.MEDICAL_COMMISSION] is True
    assert set(CONSENT_REQUIRED) == set(ReferralKind.values)


def test_a_referral_that_needs_consent_cannot_be_sent_without_it(world, social):
    with pytest.raises(ActionError) as err:
        actions.do_make_referral(
            world.aliya,
            world.asel,
            to_agency=social.agency,
            kind=ReferralKind.HOUSING,
            reason="Needs housing in her home region",
        )
    assert {"consent_date", "consent_by", "consent_form"} <= set(err.value.errors)
    referral = actions.do_make_referral(
        world.aliya,
        world.asel,
        to_agency=social.agency,
        kind=ReferralKind.HOUSING,
        reason="Needs housing in her home region",
        consent_date=dt.date(2019, 6, 1),
        consent_by="person",
        consent_form="written",
        sent_on=dt.date(2019, 6, 2),
    )
    assert referral.consent_required and referral.consent_form == "written"


def test_consent_given_after_sending_is_refused(world, social):
    with pytest.raises(ActionError) as err:
        actions.do_make_referral(
            world.aliya,
            world.asel,
            to_agency=social.agency,
            kind=ReferralKind.EMPLOYMENT,
            reason="Looking for work",
            consent_date=dt.date(2019, 6, 3),
            consent_by="person",
            consent_form="oral",
            sent_on=dt.date(2019, 6, 2),
        )
    assert "consent_date" in err.value.errors


def test_a_childs_consent_is_given_by_a_named_parent_or_representative(world, social):
    def refer(**consent):
        return actions.do_make_referral(
            world.aliya,
            world.child,
            to_agency=social.agency,
            kind=ReferralKind.SOCIAL_SERVICES,
            reason="Child benefit",
            consent_date=dt.date(2019, 6, 1),
            consent_form="written",
            sent_on=dt.date(2019, 6, 1),
            **consent,
        )

    with pytest.raises(ActionError) as err:
        refer(consent_by="person")
    assert "consent_by" in err.value.errors
    with pytest.raises(ActionError) as err:
        refer(consent_by="representative")
    assert "consent_representative" in err.value.errors
    referral = refer(consent_by="representative", consent_representative="Асель Нұрланқызы")
    assert referral.consent_representative == "Асель Нұрланқызы"


def test_the_receiving_agency_gains_scope_only_on_acceptance(world, education):
    referral = refer_to_school(world, education)
    assert not is_visible(education, world.child)
    actions.do_accept_referral(education, referral, on=dt.date(2019, 6, 5))
    assert is_visible(education, world.child)
    assignment = Assignment.objects.get(case__person=world.child, agency=education.agency)
    assert assignment.active and assignment.since == dt.date(2019, 6, 5)
    assert AuditEvent.objects.filter(
        type=AuditEventType.CASE_ASSIGNED, person_id=str(world.child.public_id)
    ).exists()


def test_the_record_opens_to_the_receiving_agency_only_after_acceptance(client, world, education):
    referral = refer_to_school(world, education)
    client.force_login(education.user)
    person_url = f"/persons/{world.child.public_id}/"
    assert client.get(person_url).status_code == 404
    queue = client.get("/referrals/").content.decode()
    assert "Юсуф Нұрланұлы" in queue and "needs a place in the local school" in queue
    assert person_url not in queue  # no link to a record it may not open yet
    assert AuditEvent.objects.filter(
        type=AuditEventType.REFERRALS_READ, actor=education.user
    ).exists()
    r = client.post(
        f"/referrals/{referral.public_id}/", {"step": "accept", "version": referral.version}
    )
    assert r.status_code == 302
    assert client.get(person_url).status_code == 200


def test_declining_gives_nothing_and_needs_a_reason(client, world, education):
    referral = refer_to_school(world, education)
    with pytest.raises(ActionError):
        actions.do_decline_referral(education, referral, reason="  ")
    actions.do_decline_referral(education, referral, reason="Already enrolled in the local school")
    assert referral.state == ReferralState.DECLINED and referral.decided_on is not None
    assert not is_visible(education, world.child)
    client.force_login(education.user)
    assert client.get(f"/persons/{world.child.public_id}/").status_code == 404
    with pytest.raises(ActionError):
        actions.do_accept_referral(education, referral)


def test_only_the_sender_withdraws_and_withdrawing_gives_nothing(world, education):
    referral = refer_to_school(world, education)
    with pytest.raises(Http404):
        actions.do_withdraw_referral(education, referral, reason="Not ours to withdraw")
    actions.do_withdraw_referral(world.aliya, referral, reason="The family moved to Almaty")
    assert referral.state == ReferralState.WITHDRAWN and referral.withdrawn_on is not None
    with pytest.raises(ActionError):
        actions.do_accept_referral(education, referral)
    assert not is_visible(education, world.child)


def test_a_role_without_the_referral_permission_is_refused(world, education):
    with pytest.raises(PermissionDenied):  # intake officer: registers, does not refer
        actions.do_make_referral(
            world.dana,
            world.child,
            to_agency=education.agency,
            kind=ReferralKind.EDUCATION,
            reason="School",
        )
    referral = refer_to_school(world, education)
    clerk = do_add_membership(
        None,
        user=do_create_user(None, username="yerlan", password="y" * 16),
        agency=education.agency,
        role="intake_officer",
    )
    with pytest.raises(PermissionDenied):
        actions.do_accept_referral(clerk, referral)
    with pytest.raises(Http404):  # another agency's referral: not found
        actions.do_accept_referral(world.chingiz, referral)


def test_a_referral_outside_the_senders_tiers_or_to_nobody_is_refused(world, education, social):
    with pytest.raises(PermissionDenied):  # a case worker holds no health tier
        actions.do_make_referral(
            world.aliya,
            world.asel,
            to_agency=education.agency,
            kind=ReferralKind.MEDICAL_COMMISSION,
            reason="Examination",
            consent_date=dt.date(2019, 6, 1),
            consent_by="person",
            consent_form="written",
        )
    with pytest.raises(ActionError) as err:  # no one at social services works psychosocially
        actions.do_make_referral(
            world.aliya,
            world.asel,
            to_agency=social.agency,
            kind=ReferralKind.PSYCHOLOGICAL_SUPPORT,
            reason="Counselling",
            consent_date=dt.date(2019, 6, 1),
            consent_by="person",
            consent_form="oral",
        )
    assert "to_agency" in err.value.errors


def test_a_stale_version_is_refused(world, education):
    referral = refer_to_school(world, education)
    seen = referral.version
    actions.do_decline_referral(education, referral, reason="Wrong district", version=seen)
    with pytest.raises(ConcurrentEdit):
        actions.do_accept_referral(education, referral, version=seen)


def test_the_same_open_referral_is_not_sent_twice(world, education):
    refer_to_school(world, education)
    with pytest.raises(ActionError):
        refer_to_school(world, education)


def test_accepted_referrals_keep_the_scope_rule_and_its_rebuild_in_step(world, education):
    from django.core.management import call_command

    from zhusan.access.models import ScopeEntry

    actions.do_accept_referral(education, refer_to_school(world, education))
    before = set(ScopeEntry.objects.values_list("agency_id", "person_id"))
    assert (education.agency_id, world.child.pk) in before
    call_command("rebuild_scope", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(ScopeEntry.objects.values_list("agency_id", "person_id")) == before


def test_the_referral_shows_on_the_timeline_only_to_tiers_it_concerns(world, education):
    from zhusan.cases.timeline import referral_items

    refer_to_school(world, education)
    items = list(referral_items(world.child, frozenset({"general"})))
    assert [i.kind for i in items] == ["referral"] and "Education authority" in items[0].label
