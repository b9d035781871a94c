"""An analyst opens the dashboard, switches to Kazakh and downloads the table behind a chart."""

import io

import pytest
from openpyxl import load_workbook

from tests.browser.steps import sign_in
from tests.personas import build_world
from tests.reports.programme import build_programme
from zhusan.reports.catalogue import catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_in_kazakh_and_an_xlsx_with_the_figures_shown(live_server, page):
    build_programme(build_world())
    base = live_server.url
    sign_in(page, base, "arman")
    page.goto(base + "/statistics/")
    assert page.locator("figure.chart").count() == 4
    headline = page.inner_text("[data-testid=headline]")
    assert "6" in headline

    page.click(".langs button[lang=kk]")
    page.wait_for_selector("html[lang=kk]")
    assert catalogue()["returned"].title("kk") in page.inner_text("[data-testid=headline]")

    # The indicator page, by sex: the table shown, then the same table as XLSX.
    page.goto(base + "/statistics/returned/?by=sex")
    rows = page.locator("[data-testid=table-returned] tbody tr")
    shown = {
        rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").inner_text()
        for i in range(rows.count())
    }
    assert shown  # two rows: female and male, in Kazakh
    with page.expect_download() as download_info:
        page.click("[data-testid=exports] a:has-text('XLSX')")
    data = download_info.value.path().read_bytes()
    ws = load_workbook(io.BytesIO(data)).active
    grid = {
        str(row[0]): row[1] for row in ws.iter_rows(values_only=True) if row and row[0] is not None
    }
    assert catalogue()["returned"].title("kk") in grid
    for label, value in shown.items():
        assert str(grid[label]) == value, (label, grid.get(label), value)
