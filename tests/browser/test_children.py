"""A child protection officer in a real browser: place a child with the grandmother under temporary
custody, then record the return to the mother, and see both in the history and on the timeline."""

import pytest

from tests.children.conftest import add_grandmother, add_officer
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_places_a_child_with_the_grandmother_then_records_the_reunification(
    live_server, page
):
    world = build_world()
    officer = add_officer(world)
    grandmother = add_grandmother(world)
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", officer.user.username)
    page.fill("#id_password", "g" * 16)
    page.click("#main button[type=submit]")
    page.wait_for_url(base + "/")

    page.goto(base + f"/persons/{world.child.public_id}/?tab=child")
    assert page.inner_text("[data-testid=person-name]") == "Юсуф Нұрланұлы"
    page.click("summary:has-text('Record a placement')")
    page.select_option("#pl-kind", "grandparents")
    page.select_option("#pl-carer", str(grandmother.public_id))
    page.select_option("#pl-legal_status", "temporary_custody")
    page.fill("#pl-start_date", "2019-07-01")
    page.fill("#pl-authority", "Guardianship authority, Aktau")
    page.fill("#pl-review_date", "2020-01-01")
    page.click("button:has-text('Save placement')")
    current = page.locator("[data-testid=current-placement]")
    current.wait_for()
    assert "with grandparents" in current.inner_text() and "Сейітова Рауза" in current.inner_text()
    assert "temporary custody" in current.inner_text()

    page.click("summary:has-text('Record the reunification')")
    page.select_option("#re-parent", str(world.asel.public_id))
    page.fill("#re-date", "2023-06-01")
    page.fill("#re-authority", "Guardianship authority, Aktau")
    page.click("button:has-text('Record reunification')")
    page.wait_for_selector("[data-testid=reunifications]")
    assert "with the mother" in page.inner_text("[data-testid=current-placement]")
    rows = page.locator("[data-testid=placement-history] tbody tr")
    assert rows.count() == 2
    assert "with the mother" in rows.nth(0).inner_text() and "current" in rows.nth(0).inner_text()
    ended = rows.nth(1).inner_text()
    assert "with grandparents" in ended and "Reunified with the mother" in ended

    page.click("nav.tabs >> text=Timeline")
    page.wait_for_selector("[data-testid=timeline]")
    reunited = page.locator(".tl-item", has_text="Reunified with Нұрланқызы Асель")
    assert "1 June 2023" in reunited.inner_text()
    assert (
        page.locator(".tl-item", has_text="Placed with grandparents: Сейітова Рауза").count() == 1
    )
