"""The statistics pages, exports, API and the printable case summary."""

import csv
import io

import pytest
from django.test import override_settings
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.reports.programme import build_programme
from zhusan.audit.models import AuditEvent
from zhusan.audit.models import AuditEventType as A
from zhusan.reports.catalogue import catalogue
from zhusan.reports.engine import compute
from zhusan.reports.present import present

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def programme(world):
    return build_programme(world)


@pytest.fixture
def analyst(client, world):
    client.force_login(world.arman.user)
    return client


def test_dashboard_shows_the_charts_with_their_tables(analyst, programme):
    page = analyst.get("/statistics/").content.decode()
    for testid in ("table-returned", "table-pathway_reached", "table-over-time", "headline"):
        assert f'data-testid="{testid}"' in page
    assert page.count('<figure class="chart"') == 4
    # Six returned, shown as a headline; every count of the 2-D table is below 5: hidden.
    assert "<strong>6</strong>" in page


def test_small_cells_never_reach_the_page(analyst, programme):
    page = analyst.get("/statistics/returned/?by=stage&by=counted_as").content.decode()
    table = page[page.index('data-testid="table-returned"') :]
    table = table[: table.index("</table>")]
    assert ">1<" not in table and "…" in table


def test_every_published_table_withstands_the_attackers_audit(programme):
    """For each indicator and each allowed breakdown (and each pair), no hidden cell can be
    recovered from what is shown."""
    from zhusan.reports.disclosure import audit

    checked = 0
    for code, indicator in catalogue().items():
        choices = [(b,) for b in indicator.breakdowns] + [
            (a, b)
            for i, a in enumerate(indicator.breakdowns)
            for b in indicator.breakdowns[i + 1 :]
        ]
        for by in choices:
            table = present(compute(code, by=by))
            if table.published is None:
                continue
            exposed = [i for i in audit(table.published).values() if i.exposed]
            assert not exposed, (code, by, exposed)
            checked += 1
    assert checked > 40


def test_exports_carry_the_figures_shown_and_the_definition(analyst, programme, world):
    shown = present(compute("returned", by=("sex",)))
    response = analyst.get("/statistics/returned/export.xlsx?by=sex")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert shown.title in values and shown.definition in values
    sheet_rows = {row[0]: row[1:] for row in ws.iter_rows(values_only=True) if row}
    for label, cells, _total in shown.rows:
        expected = [c.text if c.suppressed else c.value for c in cells]
        assert list(sheet_rows[label][: len(cells)]) == expected, label
    rows = list(
        csv.reader(
            io.StringIO(
                analyst.get("/statistics/returned/export.csv?by=sex").content.decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == [shown.title]
    pdf = analyst.get("/statistics/returned/export.pdf?by=sex")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert shown.title in text
    assert AuditEvent.objects.filter(type=A.STATISTICS_EXPORTED).count() == 3


def test_exports_in_kazakh_carry_the_kazakh_definition(analyst, programme):
    from django.utils import translation

    with translation.override("kk"):
        title = catalogue()["returned"].title("kk")
    analyst.post("/i18n/setlang/", {"language": "kk", "next": "/"})
    pdf = analyst.get("/statistics/returned/export.pdf?by=sex")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert title in text and "Оралғандар" in text


def test_a_case_worker_sees_statistics_but_may_not_export(signed_in, programme):
    client = signed_in("aliya")
    assert client.get("/statistics/").status_code == 200
    assert client.get("/statistics/returned/export.csv").status_code == 403


def test_bad_requests_are_refused_not_crashed(analyst, programme):
    assert analyst.get("/statistics/returned/?by=article").status_code == 404
    assert analyst.get("/statistics/nonsense/").status_code == 404
    assert analyst.get("/statistics/returned/export.doc").status_code == 404
    assert analyst.get("/statistics/returned/?as_of=2999-01-01").status_code == 200  # clamped


def test_api_serves_the_protected_table(analyst, programme):
    catalogue_response = analyst.get("/api/v1/stats")
    assert {i["code"] for i in catalogue_response.json()} == set(catalogue())
    body = analyst.get("/api/v1/stats/returned?by=sex&lang=ru").json()
    assert body["protected"] and body["title"] == catalogue()["returned"].title("ru")
    assert {r["label"] for r in body["rows"]} == {"female", "male"} or len(body["rows"]) == 2
    assert analyst.get("/api/v1/stats/returned?by=article").status_code == 422
    assert analyst.get("/api/v1/stats/nonsense").status_code == 404


def test_the_api_refuses_a_role_without_statistics(client, world):
    from zhusan.accounts.actions import do_add_membership, do_create_user

    auditor_like = do_add_membership(
        None,
        user=do_create_user(None, username="nurlan", password="n" * 16),
        agency=world.aliya.agency,
        role="penitentiary_officer",
    )
    client.force_login(auditor_like.user)
    assert client.get("/api/v1/stats").status_code == 200  # penitentiary officers see aggregates
    client.logout()
    assert client.get("/api/v1/stats").status_code == 401


@override_settings(TASKS=IMMEDIATE)
def test_a_background_workbook_export_reports_progress_and_is_audited(
    analyst, programme, django_capture_on_commit_callbacks
):
    from zhusan.reports.models import ExportJob

    with django_capture_on_commit_callbacks(execute=True):
        response = analyst.post("/exports/", {"kind": "workbook"})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE and job.progress == 100
    fragment = analyst.get(f"/exports/{job.public_id}/").content.decode()
    assert "Download" in fragment or "download" in fragment
    download = analyst.get(f"/exports/{job.public_id}/download/")
    wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert set(wb.sheetnames) == {code[:31] for code in catalogue()}
    assert AuditEvent.objects.filter(type=A.EXPORT_REQUESTED).count() == 1
    assert AuditEvent.objects.filter(type=A.EXPORT_DOWNLOADED).count() == 1


@override_settings(TASKS=IMMEDIATE)
def test_a_case_list_export_holds_only_the_caseload(
    signed_in, programme, world, django_capture_on_commit_callbacks
):
    from zhusan.reports.models import ExportJob

    client = signed_in("chingiz")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/exports/", {"kind": "case_list"})
    job = ExportJob.objects.get()
    ws = load_workbook(
        io.BytesIO(b"".join(client.get(f"/exports/{job.public_id}/download/").streaming_content))
    ).active
    names = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert names == [world.marat.display_name]
    # Another user cannot see or download it.
    other = signed_in("aliya")
    assert other.get(f"/exports/{job.public_id}/download/").status_code == 404
    assert other.post("/exports/", {"kind": "workbook"}).status_code == 403


def test_case_summary_prints_what_the_viewer_may_see(signed_in, world, convicted):
    client = signed_in("aliya")  # a case worker: no justice tier
    html = client.get(f"/persons/{world.asel.public_id}/summary/").content.decode()
    assert "Confidential" in html and world.asel.display_name in html
    assert "257" not in html  # the conviction is justice tier
    pdf = client.get(f"/persons/{world.asel.public_id}/summary/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Confidential" in text
    assert AuditEvent.objects.filter(type=A.CASE_SUMMARY_PRINTED).count() == 2
    assert signed_in("chingiz").get(f"/persons/{world.asel.public_id}/summary/").status_code == 404


def test_case_summary_shows_justice_to_a_prosecutor(client, world, convicted, prosecutor):
    client.force_login(prosecutor.user)
    html = client.get(f"/persons/{world.asel.public_id}/summary/").content.decode()
    assert "257" in html


def test_reconciliation_page_and_entering_a_figure(analyst, programme):
    response = analyst.post(
        "/statistics/reconciliation/",
        {
            "quote": "six people came home",
            "value": "6",
            "source": "Test gazette",
            "published_on": "2020-01-01",
            "indicator": "returned",
            "breakdown": "",
            "explanation": "",
        },
    )
    assert response.status_code == 302
    page = analyst.get("/statistics/reconciliation/").content.decode()
    assert "six people came home" in page and "agrees" in page
    refused = analyst.post(
        "/statistics/reconciliation/",
        {
            "quote": "x",
            "value": "1",
            "source": "y",
            "published_on": "2020-01-01",
            "indicator": "returned",
            "breakdown": "article=257(2)",
        },
    )
    assert (
        refused.status_code == 200 and "cannot be restricted by article" in refused.content.decode()
    )


def test_the_snapshot_gives_exactly_the_live_tables_and_goes_stale_on_a_write(analyst, programme):
    import datetime as dt

    from django.utils import timezone

    from zhusan.reports import snapshot

    today = timezone.localdate()
    snap = snapshot.build(today)
    assert snapshot.latest(today).fresh
    for code, by, start, date in snapshot.snapshot_requests(today):
        kept = snapshot.lookup(snap, code, as_of=date, by=by, start=start)
        live = compute(code, as_of=date, start=start, by=by)
        assert (kept.cells, kept.total) == (live.cells, live.total), (code, by, date)
    page = analyst.get("/statistics/").content.decode()
    assert "No change to the records since." in page
    # Signing in, exporting or reading changes no figure: the snapshot stays fresh.
    analyst.get("/statistics/returned/export.csv")
    analyst.get(f"/persons/{programme.world.asel.public_id}/")
    assert snapshot.latest(today).fresh
    # A write: the dashboard says so and asks for a refresh; ?live=1 computes from the records.
    from zhusan.cases import actions as cases

    cases.do_add_event(
        programme.world.dana, programme.world.asel, type="note", date=dt.date(2020, 1, 1)
    )
    assert snapshot.latest(today).changes_since == 1
    page = analyst.get("/statistics/").content.decode()
    assert "1 change to the records since" in page
    live = analyst.get("/statistics/?live=1").content.decode()
    assert "Computed just now from the live records." in live


@override_settings(TASKS=IMMEDIATE)
def test_a_stale_dashboard_refreshes_its_snapshot_in_the_background(analyst, programme):
    from django.utils import timezone

    from zhusan.reports import snapshot
    from zhusan.reports.models import Snapshot

    assert not Snapshot.objects.exists()
    analyst.get("/statistics/")
    assert snapshot.latest(timezone.localdate()).fresh
    assert Snapshot.objects.count() == 1


def test_a_busy_stale_dashboard_queues_one_refresh_not_one_per_view(analyst, programme):
    from django_tasks_db.models import DBTaskResult

    for _ in range(3):
        assert analyst.get("/statistics/").status_code == 200
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_snapshot").count() == 1
