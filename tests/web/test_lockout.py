"""Lockout after repeated failed sign-ins (django-axes), by username and by address."""

import datetime as dt

import pytest
from axes.models import AccessAttempt

from tests.personas import PASSWORD
from zhusan.accounts.models import User
from zhusan.audit.models import AuditEvent, AuditEventType

pytestmark = pytest.mark.django_db


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    return settings


WRONG = "not the password"


def attempt(client, username="aliya", password=WRONG, ip="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_five_failures_lock_the_username_with_a_clear_message(client, world, lockout):
    for _ in range(4):
        assert attempt(client).status_code == 200
    locked = attempt(client)
    assert locked.status_code == 429
    assert b"Sign-in is locked" in locked.content and b"15 minutes" in locked.content
    # From another address, with the right password: still locked.
    assert attempt(client, password=PASSWORD, ip="10.0.0.2").status_code == 429
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.filter(type=AuditEventType.SIGN_IN_LOCKED).first()
    assert event.actor == world.aliya.user and event.new["username"] == "aliya"


def test_five_failures_from_one_address_lock_that_address(client, world, lockout):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        attempt(client, username=name, ip="10.0.0.9")
    assert attempt(client, "chingiz", PASSWORD, ip="10.0.0.9").status_code == 429
    assert attempt(client, "chingiz", PASSWORD, ip="10.0.0.8").status_code == 302


def test_a_success_before_the_limit_forgets_the_failures(client, world, lockout):
    for _ in range(4):
        attempt(client)
    assert attempt(client, password=PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    assert attempt(client).status_code == 200


def test_the_lock_ends_after_the_cool_off(client, world, lockout):
    for _ in range(5):
        attempt(client)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time - dt.timedelta(minutes=16)
    )
    assert attempt(client, password=PASSWORD).status_code == 302


def test_wrong_second_factor_codes_count_towards_the_lock(client, world, lockout):
    from tests.web.test_auth import enrolled

    lockout.ZHUSAN_REQUIRE_2FA = True
    lockout.OTP_TOTP_THROTTLE_FACTOR = 0
    enrolled(world.aliya.user)
    for _ in range(3):
        attempt(client)
    assert attempt(client, password=PASSWORD)["Location"] == "/accounts/login/verify/"
    client.post("/accounts/login/verify/", {"code": "111111"}, REMOTE_ADDR="10.0.0.1")
    locked = client.post("/accounts/login/verify/", {"code": "222222"}, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429 and b"Sign-in is locked" in locked.content
    # The half-finished sign-in is forgotten: the code page sends the user back to the start.
    assert client.get("/accounts/login/verify/")["Location"] == "/accounts/login/"


def test_an_administrator_sees_the_lock_and_lifts_it(client, world, lockout):
    for _ in range(5):
        attempt(client)
    client.force_login(User.objects.get(username="admin"))
    page = client.get("/administration/sign-in/")
    assert page.status_code == 200 and b"aliya" in page.content
    client.post("/administration/sign-in/", {"unlock": "1", "username": "aliya", "ip": ""})
    assert not AccessAttempt.objects.filter(username="aliya").exists()
    unlocked = AuditEvent.objects.get(type=AuditEventType.SIGN_IN_UNLOCKED)
    assert unlocked.new["username"] == "aliya" and unlocked.new["attempts"] == 1
    client.logout()
    assert attempt(client, password=PASSWORD).status_code == 302


def test_only_an_administrator_may_lift_a_lock(client, world, lockout):
    AccessAttempt.objects.create(
        username="chingiz",
        ip_address="10.0.0.1",
        user_agent="x",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="",
    )
    client.force_login(world.aliya.user)
    response = client.post("/administration/sign-in/", {"unlock": "1", "username": "chingiz"})
    assert response.status_code == 404 and AccessAttempt.objects.exists()
