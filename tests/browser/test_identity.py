"""One person is one person, in a real browser: search across scripts, intake, merge and unmerge."""

import pytest

from tests.browser.steps import sign_in
from tests.personas import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _search(page, text):
    page.fill("#global-q", text)
    page.press("#global-q", "Enter")
    page.wait_for_selector("[data-testid=results]")
    return page.locator("[data-testid=results] tbody tr")


def test_a_name_typed_in_another_script_finds_the_person_with_the_evidence(live_server, page):
    build_world()
    sign_in(page, live_server.url, "aliya")
    for typed in ("Nurlankyzy Asel", "Нурланкызы Асель", "Asel Nurlanqyzy", "Умм Юсуф"):
        first = _search(page, typed).first
        assert "Нұрланқызы Асель" in first.inner_text(), typed
        assert first.locator("meter").count() == 1, typed


def test_intake_shows_the_existing_record_and_the_duplicate_is_merged_then_undone(
    live_server, page
):
    from zhusan.identity.models import DuplicateCandidate, Merge
    from zhusan.people.models import Person

    world = build_world()
    base = live_server.url
    sign_in(page, base, "dana")

    # Intake: the Russian-Cyrillic spelling of a woman already registered in Kazakh.
    page.goto(base + "/persons/new/")
    page.fill("#id_full_name", "Нурланкызы Асель")
    page.select_option("#id_sex", "F")
    page.fill("#id_birth", "1990-03-14")
    page.click("#main button[type=submit]")
    warning = page.locator("[data-testid=possible-matches]")
    warning.wait_for()
    assert "Нұрланқызы Асель" in warning.inner_text()
    assert Person.objects.count() == 3  # nothing saved yet: Asel, her child, Marat

    # The officer registers her anyway; the pair waits for review.
    page.click("text=None of these: register a new person")
    page.wait_for_selector("[data-testid=person-name]")
    assert page.inner_text("[data-testid=person-name]") == "Нурланкызы Асель"
    duplicate_url = page.url
    assert DuplicateCandidate.objects.filter(status="open").count() == 1

    # Review: one person, keep the first record, with a reason.
    page.goto(base + "/duplicates/")
    pair = page.locator("[data-testid=duplicate-pair]")
    assert "Нурланкызы Асель" in pair.inner_text() and "Нұрланқызы Асель" in pair.inner_text()
    pair.locator("input[name=reason]").fill("Same passport number in both files")
    pair.locator("button:has-text('keep “Нұрланқызы Асель”')").click()
    page.wait_for_url(f"{base}/persons/{world.asel.public_id}/")
    page.goto(f"{base}/persons/{world.asel.public_id}/?tab=names")
    names = page.inner_text("#main")
    assert "Нурланкызы Асель" in names and "Same passport number in both files" in names
    # The merged record's old address leads to the record kept.
    page.goto(duplicate_url)
    assert page.url.startswith(f"{base}/persons/{world.asel.public_id}/")

    # Unmerge restores both records exactly.
    page.goto(f"{base}/persons/{world.asel.public_id}/?tab=names")
    merges = page.locator("[data-testid=merges]")
    merges.locator("input[name=reason]").fill("Two women: the passports differ")
    merges.locator("button:has-text('Undo the merge')").click()
    page.wait_for_load_state()
    assert Merge.objects.get().undone_at is not None
    page.goto(duplicate_url)
    assert page.inner_text("[data-testid=person-name]") == "Нурланкызы Асель"
