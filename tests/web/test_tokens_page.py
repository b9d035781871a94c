"""The API tokens page: issue (the secret shown once), list, revoke; administrators and their agency."""

import datetime as dt
import json
import re

import pytest

from zhusan.accounts.actions import do_issue_token
from zhusan.accounts.models import APIToken, Membership
from zhusan.audit.models import AuditEvent, AuditEventType

pytestmark = pytest.mark.django_db


def issue(client, label="Monthly report", access="read", days=30):
    return client.post("/accounts/tokens/", {"label": label, "access": access, "days": days})


def secret_in(response) -> str:
    return re.search(r"zh_[A-Za-z0-9_-]{20,}", response.content.decode()).group(0)


def test_a_token_is_shown_once_and_then_opens_the_api(signed_in, world):
    client = signed_in("aliya")
    response = issue(client)
    secret = secret_in(response)
    again = client.get("/accounts/tokens/")
    assert secret not in again.content.decode() and "Monthly report" in again.content.decode()
    token = APIToken.objects.get(label="Monthly report")
    assert token.read_only and token.membership == world.aliya
    assert abs((token.expires_at - token.created_at) - dt.timedelta(days=30)).total_seconds() < 5
    client.logout()
    api = client.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_read_only_token_from_the_page_cannot_write(signed_in, world):
    client = signed_in("aliya")
    secret = secret_in(issue(client, access="read"))
    client.logout()
    response = client.post(
        f"/api/v1/persons/{world.asel.public_id}/events",
        json.dumps({"type": "note"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 401


def test_a_token_needs_a_name(signed_in, world):
    response = issue(signed_in("aliya"), label="   ")
    assert response.status_code == 422 and not APIToken.objects.exists()


def test_revoking_a_token_closes_the_api_to_it(signed_in, world):
    token, secret = do_issue_token(world.aliya, label="old script")
    client = signed_in("aliya")
    assert client.post(f"/accounts/tokens/{token.public_id}/revoke/").status_code == 302
    client.logout()
    assert client.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    assert AuditEvent.objects.filter(type=AuditEventType.TOKEN_REVOKED, actor=world.aliya.user)


def test_someone_elses_token_cannot_be_revoked_or_seen(signed_in, world):
    token, _ = do_issue_token(world.aliya, label="aliya's script")
    client = signed_in("chingiz")
    assert "aliya&#x27;s script" not in client.get("/accounts/tokens/").content.decode()
    assert client.post(f"/accounts/tokens/{token.public_id}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_administrator_sees_and_revokes_the_tokens_of_their_agency_only(signed_in, world):
    hq_token, _ = do_issue_token(world.dana, label="intake import")
    other, _ = do_issue_token(world.aliya, label="centre script")
    client = signed_in("admin")
    page = client.get("/accounts/tokens/").content.decode()
    assert "intake import" in page and "centre script" not in page
    assert client.post(f"/accounts/tokens/{hq_token.public_id}/revoke/").status_code == 302
    assert client.post(f"/accounts/tokens/{other.public_id}/revoke/").status_code == 404
    hq_token.refresh_from_db()
    other.refresh_from_db()
    assert hq_token.revoked_at is not None and other.revoked_at is None
    event = AuditEvent.objects.get(type=AuditEventType.TOKEN_REVOKED)
    assert event.actor.username == "admin" and event.old == {"owner": "dana"}


def test_the_action_refuses_an_administrator_of_another_agency(world):
    from django.core.exceptions import PermissionDenied

    from zhusan.accounts.actions import do_revoke_token

    token, _ = do_issue_token(world.aliya, label="centre script")
    admin = Membership.objects.get(user__username="admin")
    with pytest.raises(PermissionDenied):
        do_revoke_token(admin, token)
