"""Indicator tables and lists as CSV, XLSX and PDF, each carrying its definition and date.

A table leaves the system with everything needed to read it honestly: the title, the definition
in the reader's language, the reference date, the method of disclosure control and the notes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from zhusan.reports.present import Table

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _header(table: Table) -> list[str]:
    first = " × ".join(table.by_labels) if table.by_labels else ""
    if table.two_way:
        return [table.by_labels[0], *table.columns, gettext("Total")]
    return [first, table.unit]


def _grid(table: Table) -> list[list]:
    """The table as rows of values (suppressed cells as their mark), totals last."""
    rows: list[list] = []
    for label, cells, total in table.rows:
        values = [c.value if not c.suppressed else c.text for c in cells]
        if table.two_way:
            rows.append([label, *values, total.value if not total.suppressed else total.text])
        else:
            rows.append([label, *values])
    if table.by:
        totals = [c.value if not c.suppressed else c.text for c in table.column_totals]
        grand = table.total.value if not table.total.suppressed else table.total.text
        rows.append([gettext("Total"), *(totals + [grand] if table.two_way else totals)])
    return rows


def _preamble(table: Table) -> list[str]:
    when = (
        gettext("From %(start)s to %(end)s") % {"start": table.start, "end": table.as_of}
        if table.start
        else gettext("As of %(date)s") % {"date": table.as_of}
    )
    return [table.title, when, table.definition]


def _footer(table: Table) -> list[str]:
    return [*table.notes, table.method]


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in _preamble(table):
        writer.writerow([line])
    writer.writerow([])
    writer.writerow(_header(table))
    writer.writerows(_grid(table))
    writer.writerow([])
    for line in _footer(table):
        writer.writerow([line])
    # A byte-order mark so that spreadsheet programs read Cyrillic and Kazakh letters right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet(ws, table: Table) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    width = len(_header(table))
    ws.append([table.title])
    ws["A1"].font = Font(bold=True, size=13)
    for line in _preamble(table)[1:]:
        ws.append([line])
        ws.cell(ws.max_row, 1).alignment = wrap
        ws.merge_cells(
            start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=max(width, 4)
        )
    ws.row_dimensions[ws.max_row].height = 60
    ws.append([])
    ws.append(_header(table))
    for cell in ws[ws.max_row]:
        cell.font = bold
    for row in _grid(table):
        ws.append(row)
    if table.by:
        for cell in ws[ws.max_row]:
            cell.font = bold
    ws.append([])
    for line in _footer(table):
        ws.append([line])
    ws.column_dimensions["A"].width = 34
    for col in range(2, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14


def to_xlsx(tables: Iterable[Table]) -> bytes:
    """One sheet per table."""
    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(title=table.code[:31])
        _sheet(ws, table)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_pdf(tables: list[Table], *, title: str = "") -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reports/tables_pdf.html",
        {"tables": [(t, _header(t), _grid(t)) for t in tables], "title": title or tables[0].title},
    )
    return HTML(string=html).write_pdf()


def render(table: Table, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(table)
    if fmt == "xlsx":
        return to_xlsx([table])
    if fmt == "pdf":
        return to_pdf([table])
    raise ValueError(fmt)
