"""Two-factor sign-in and session limits, through the sign-in pages as a person would use them."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD
from zhusan.accounts import signin
from zhusan.accounts.actions import do_confirm_enrolment, do_start_enrolment
from zhusan.audit.models import AuditEvent, AuditEventType

pytestmark = pytest.mark.django_db


def code(device, step=0) -> str:
    """The code an authenticator shows now (step=1: the next one, as a code is accepted once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + step * device.step
    return f"{totp.token():06d}"


def enrolled(user) -> list[str]:
    device = do_start_enrolment(user)
    return do_confirm_enrolment(user, device, code(device))


def password(client, username="aliya", next_url=""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


def events(type_):
    return AuditEvent.objects.filter(type=type_)


@pytest.fixture
def required(settings):
    settings.ZHUSAN_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    return settings


def test_a_password_alone_leads_to_enrolment_and_signs_no_one_in(client, world, required):
    response = password(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/enrol/"
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/persons").status_code == 401


def test_enrolment_shows_a_qr_code_and_the_key_and_ends_with_recovery_codes(
    client, world, required
):
    password(client)
    page = client.get("/accounts/login/enrol/")
    device = TOTPDevice.objects.get(user=world.aliya.user, confirmed=False)
    assert b"<svg" in page.content and b'data-testid="secret"' in page.content
    wrong = client.post("/accounts/login/enrol/", {"code": "000000"})
    assert wrong.status_code == 422 and b"not accepted" in wrong.content
    done = client.post("/accounts/login/enrol/", {"code": code(device)})
    assert done.status_code == 200
    assert done.content.decode().count("<li><code>") == 10
    assert client.get("/").status_code == 200
    assert events(AuditEventType.TWO_FACTOR_ENROLLED).filter(actor=world.aliya.user).exists()
    assert events(AuditEventType.TWO_FACTOR_FAILED).count() == 1
    signed_in = events(AuditEventType.SIGNED_IN).get(actor=world.aliya.user)
    assert signed_in.new == {"second_factor": "TOTPDevice"}


def test_a_user_with_an_authenticator_enters_a_code_after_the_password(client, world, required):
    enrolled(world.aliya.user)
    response = password(client, next_url="/persons/")
    assert response["Location"] == "/accounts/login/verify/"
    assert client.get("/persons/").status_code == 302
    wrong = client.post("/accounts/login/verify/", {"code": "123456"})
    assert wrong.status_code == 422 and b"not accepted" in wrong.content
    device = TOTPDevice.objects.get(user=world.aliya.user)
    right = client.post("/accounts/login/verify/", {"code": code(device, step=1)})
    assert right.status_code == 302 and right["Location"] == "/persons/"
    assert client.get("/persons/").status_code == 200
    assert events(AuditEventType.TWO_FACTOR_FAILED).filter(new__stage="sign-in").count() == 1
    assert events(AuditEventType.TWO_FACTOR_VERIFIED).count() == 1


def test_a_recovery_code_signs_in_once(client, world, required):
    codes = enrolled(world.aliya.user)
    password(client)
    assert client.post("/accounts/login/verify/", {"code": codes[0].upper()}).status_code == 302
    assert events(AuditEventType.RECOVERY_CODE_USED).get().new == {"codes_left": 9}
    client.post("/accounts/logout/")
    password(client)
    assert client.post("/accounts/login/verify/", {"code": codes[0]}).status_code == 422


def test_an_authenticator_is_asked_for_even_where_policy_does_not_require_one(
    client, world, settings
):
    settings.ZHUSAN_REQUIRE_2FA = False
    enrolled(world.aliya.user)
    assert password(client)["Location"] == "/accounts/login/verify/"


def test_demo_accounts_skip_the_second_factor_only_on_a_demo_instance(client, world, required):
    from zhusan.accounts.actions import do_create_user

    do_create_user(None, username="demo-worker", password=PASSWORD, is_demo=True)
    required.DEMO_MODE = True
    assert password(client, "demo-worker")["Location"] == "/"
    client.post("/accounts/logout/")
    required.DEMO_MODE = False
    assert password(client, "demo-worker")["Location"] == "/accounts/login/enrol/"


def test_a_session_without_a_required_second_factor_is_ended(client, world, required):
    client.force_login(world.aliya.user)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_the_code_step_expires_and_needs_a_pending_password(client, world, required):
    assert client.get("/accounts/login/verify/")["Location"] == "/accounts/login/"
    enrolled(world.aliya.user)
    password(client)
    session = client.session
    session[signin.PENDING_KEY]["at"] -= signin.PENDING_SECONDS + 1
    session.save()
    assert client.get("/accounts/login/verify/")["Location"] == "/accounts/login/"


def test_bearer_tokens_do_not_need_a_second_factor(client, world, required):
    from zhusan.accounts.actions import do_issue_token

    _token, secret = do_issue_token(world.aliya, label="script")
    response = client.get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200


def test_signing_in_and_out_is_audited(client, world):
    password(client)
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "aliya", "password": "wrong password"})
    user = world.aliya.user
    assert events(AuditEventType.SIGNED_IN).filter(actor=user).count() == 1
    assert events(AuditEventType.SIGNED_OUT).filter(actor=user).count() == 1
    failed = events(AuditEventType.SIGN_IN_FAILED).get()
    assert failed.actor == user and failed.new["username"] == "aliya" and failed.ip == "127.0.0.1"


def _age(client, key, seconds):
    session = client.session
    session[key] -= seconds
    session.save()


def test_an_idle_session_ends_and_says_why(client, world, settings):
    settings.ZHUSAN_SESSION_IDLE_SECONDS = 1800
    password(client)
    _age(client, signin.SEEN_AT, 1801)
    response = client.get("/", follow=True)
    assert b"without activity" in response.content
    assert response.redirect_chain[0][1] == 302 and "_auth_user_id" not in client.session
    assert events(AuditEventType.SESSION_EXPIRED).get().new == {"reason": "idle"}


def test_activity_keeps_a_session_alive_until_its_absolute_lifetime(client, world, settings):
    settings.ZHUSAN_SESSION_IDLE_SECONDS = 1800
    settings.SESSION_COOKIE_AGE = 8 * 3600
    password(client)
    _age(client, signin.SEEN_AT, 1700)
    assert client.get("/").status_code == 200
    assert time.time() - client.session[signin.SEEN_AT] < 5
    _age(client, signin.SIGNED_IN_AT, 8 * 3600 + 1)
    assert client.get("/").status_code == 302
    assert events(AuditEventType.SESSION_EXPIRED).get().new == {"reason": "lifetime"}


def test_an_expired_session_is_refused_by_the_api_too(client, world):
    password(client)
    assert client.get("/api/v1/persons").status_code == 200
    _age(client, signin.SEEN_AT, 10 * 3600)
    assert client.get("/api/v1/persons").status_code == 401


def test_an_htmx_request_after_expiry_sends_the_browser_to_sign_in(client, world):
    password(client)
    _age(client, signin.SEEN_AT, 10 * 3600)
    response = client.get("/persons/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith("/accounts/login/")
