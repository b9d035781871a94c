"""A case worker records a session from the Rehabilitation tab and finds it on the timeline."""

import pytest

from tests.browser.steps import sign_in
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_worker_records_a_session_and_sees_it_on_the_tab_and_the_timeline(live_server, page):
    world = build_world()
    base = live_server.url
    sign_in(page, base, "aliya")
    page.goto(base + f"/persons/{world.asel.public_id}/")
    page.click("nav.tabs >> text=Rehabilitation")
    page.wait_for_selector("[data-testid=sessions]")
    assert "No sessions recorded." in page.inner_text("[data-testid=sessions]")
    page.click("summary:has-text('Record a session')")
    form = page.locator("[data-testid=session-form]")
    form.locator("select[name=kind]").select_option("theologian")
    form.locator("input[name=held_on]").fill("2019-06-05")
    form.locator("input[name=duration_minutes]").fill("45")
    form.locator("textarea[name=note]").fill("Read and discussed passages on mercy")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=sessions] >> text=Read and discussed passages on mercy")
    row = page.locator("[data-testid=sessions] tbody tr").first
    assert "theologian" in row.inner_text() and "45" in row.inner_text()
    assert "Centre A" in row.inner_text()
    page.click("nav.tabs >> text=Timeline")
    item = page.locator(".tl-item", has_text="Session: theologian")
    item.wait_for()
    assert "Read and discussed passages on mercy" in item.inner_text()
    assert world.asel.rehab_sessions.get().duration_minutes == 45
