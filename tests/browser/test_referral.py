"""A referral between agencies in a real browser: sent from the pathway tab, accepted from the queue."""

import pytest

from tests.browser.steps import sign_in
from tests.personas import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_worker_refers_a_child_and_the_education_authority_accepts(live_server, page):
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
    from zhusan.accounts.models import AgencyKind

    world = build_world()
    education = do_create_agency(
        None, code="education", name="Education authority", kind=AgencyKind.CHILD_PROTECTION
    )
    do_add_membership(
        None,
        user=do_create_user(None, username="gulnar", password=PASSWORD),
        agency=education,
        role="child_protection_officer",
    )
    base = live_server.url
    child_url = f"{base}/persons/{world.child.public_id}/"

    sign_in(page, base, "aliya")
    page.goto(child_url + "?tab=pathway")
    page.click("summary:has-text('Refer to another agency')")
    form = page.locator("[data-testid=referral-form]")
    form.locator("select[name=to_agency]").select_option(label="Education authority")
    form.locator("select[name=kind]").select_option("education")
    form.locator("textarea[name=reason]").fill("School age, needs a place in grade 2")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=referrals] >> text=Education authority")
    page.click("header button:has-text('Sign out')")

    sign_in(page, base, "gulnar")
    # Before accepting, the record is not there for the education authority.
    assert page.goto(child_url).status == 404
    page.goto(base + "/")
    page.click("nav.sidenav a:has-text('Referrals')")
    card = page.locator("[data-testid=waiting-referral]")
    assert "Юсуф Нұрланұлы" in card.inner_text()
    assert "needs a place in grade 2" in card.inner_text()
    card.locator("[data-testid=accept]").click()
    page.wait_for_selector("[data-testid=in-progress]")
    page.click("[data-testid=in-progress] >> text=Юсуф Нұрланұлы")
    assert page.inner_text("[data-testid=person-name]") == "Юсуф Нұрланұлы"
