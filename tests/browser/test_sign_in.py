"""Two-factor enrolment in a real browser: the QR code shows under the strict CSP, the key typed
into an authenticator gives a code that is accepted, and the recovery codes are shown once."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from tests.personas import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_user_enrols_an_authenticator_and_reaches_their_cases(live_server, page, settings):
    settings.ZHUSAN_REQUIRE_2FA = True
    build_world()
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "aliya")
    page.fill("#id_password", PASSWORD)
    page.click("#main button[type=submit]")
    page.wait_for_url(base + "/accounts/login/enrol/")
    qr = page.locator("[data-testid=qr] svg").bounding_box()
    assert qr is not None and qr["width"] > 100
    # What an authenticator app does with the key it was given.
    key = b32decode(page.inner_text("[data-testid=secret]").replace(" ", ""))
    totp = TOTP(key)
    totp.time = time.time()
    page.fill("input[name=code]", f"{totp.token():06d}")
    page.click("#main button[type=submit]")
    page.wait_for_selector("[data-testid=recovery-codes]")
    assert page.locator("[data-testid=recovery-codes] li").count() == 10
    page.click("text=continue")
    page.wait_for_url(base + "/")
    assert page.is_visible("[data-testid=acting-as]")
