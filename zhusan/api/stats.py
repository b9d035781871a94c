"""`/api/v1/stats/`: the indicator catalogue and each indicator's table, protected for publication."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from zhusan.access.scope import require
from zhusan.accounts.roles import Perm
from zhusan.api.schemas import ErrorOut
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.reports.catalogue import catalogue
from zhusan.reports.engine import IndicatorError, compute
from zhusan.reports.present import present

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
router = Router(tags=["statistics"])


class IndicatorOut(Schema):
    code: str
    title: str
    definition: str
    unit: str
    reference: str = Field(
        description="as_of: the state on the date; period: what happened up to it"
    )
    breakdowns: list[str]
    default_by: list[str]


class RowOut(Schema):
    label: str
    cells: list[int | None] = Field(description="null where the value is suppressed")
    total: int | None


class TableOut(Schema):
    indicator: str
    title: str
    definition: str
    unit: str
    reference: str
    as_of: dt.date
    from_: dt.date | None = Field(None, alias="from")
    by: list[str]
    columns: list[str]
    rows: list[RowOut]
    column_totals: list[int | None]
    total: int | None
    distinct_total: int | None
    protected: bool
    method: str
    notes: list[str]


class TableQuery(Schema):
    as_of: dt.date | None = None
    from_: dt.date | None = Field(None, alias="from")
    by: list[str] = Field(default_factory=list, description="zero, one or two breakdowns")
    lang: str = Field("en", pattern="^(en|ru|kk)$")


@router.get("", response={200: list[IndicatorOut], **ERRORS})
def list_indicators(request, lang: str = Query("en", pattern="^(en|ru|kk)$")):
    """The indicator catalogue: every indicator with its definition and allowed breakdowns."""
    require(request.auth, Perm.VIEW_STATISTICS)
    return [
        {
            "code": i.code,
            "title": i.title(lang),
            "definition": i.definition(lang),
            "unit": i.unit,
            "reference": i.reference,
            "breakdowns": list(i.breakdowns),
            "default_by": list(i.default_by),
        }
        for i in catalogue().values()
    ]


@router.get("/{code}", response={200: TableOut, **ERRORS}, by_alias=True)
def indicator_table(request, code: str, q: Query[TableQuery]):
    """One indicator as a table, with small cells suppressed (disclosure control)."""
    require(request.auth, Perm.VIEW_STATISTICS)
    if code not in catalogue():
        raise Http404
    by = tuple(b for b in q.by if b) if q.by else None
    try:
        result = compute(code, as_of=q.as_of, start=q.from_, by=by)
    except IndicatorError as e:
        from zhusan.lib.errors import ActionError

        raise ActionError({"by" if "breakdown" in str(e) else "": str(e)}) from None
    table = present(result, protect=True, language=q.lang)
    record(
        request.auth.user,
        A.STATISTICS_EXPORTED,
        membership=request.auth,
        new={"indicator": code, "format": "api", "as_of": table.as_of, "by": list(table.by)},
    )
    return table.as_dict()
