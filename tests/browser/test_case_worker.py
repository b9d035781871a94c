"""A case worker's day in a real browser: sign in, find a person by a Latin spelling, add an event."""

import pytest

from tests.browser.steps import sign_in
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_worker_finds_a_person_by_latin_spelling_and_adds_an_event(live_server, page):
    world = build_world()
    base = live_server.url
    sign_in(page, base, "aliya")
    # The "/" shortcut puts the cursor in the search box from anywhere.
    page.keyboard.press("/")
    page.keyboard.type("Asel Nurlanqyzy")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=results]")
    page.click("text=Нұрланқызы Асель")
    assert page.inner_text("[data-testid=person-name]") == "Нұрланқызы Асель"
    assert page.is_visible("[data-testid=timeline]")
    page.click("summary:has-text('Add an event')")
    form = page.locator("[data-testid=event-form]")
    form.locator("select[name=type]").select_option("session")
    form.locator("input[name=when]").fill("2019-06-03")
    form.locator("input[name=place]").fill("Aktau")
    form.locator("textarea[name=note]").fill("Talked about the children's school")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Talked about the children's school")
    item = page.locator(".tl-item", has_text="Talked about the children's school")
    assert "Session" in item.inner_text() and "Aktau" in item.inner_text()
    assert world.asel.events.filter(type="session").count() == 1


def test_the_live_search_updates_without_reloading_and_the_family_tab_draws_the_family(
    live_server, page
):
    world = build_world()
    base = live_server.url
    sign_in(page, base, "aliya")
    page.goto(base + "/persons/")
    page.fill("#q", "Юсуф")
    page.wait_for_selector("#results >> text=Юсуф Нұрланұлы")
    page.goto(base + f"/persons/{world.asel.public_id}/?tab=family")
    assert page.locator(".family-diagram svg rect").count() == 2
    assert "Юсуф Нұрланұлы" in page.inner_text("[data-testid=family-table]")


def test_the_interface_switches_to_russian_and_kazakh(live_server, page):
    build_world()
    base = live_server.url
    sign_in(page, base, "aliya")
    page.click("button[lang=ru]")
    page.wait_for_selector("html[lang=ru]")
    assert "Выйти" in page.inner_text("header")
    page.click("button[lang=kk]")
    page.wait_for_selector("html[lang=kk]")
    assert "Шығу" in page.inner_text("header")
