"""Steps the browser tests share."""

from tests.personas import PASSWORD


def sign_in(page, base, username, password=PASSWORD):
    """Sign in through the real form (demo accounts need no second factor) and land home."""
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#main button[type=submit]")
    page.wait_for_url(base + "/")
