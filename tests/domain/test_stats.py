import io
import json

import pytest

from zhusan.reports.cli import stats_command

pytestmark = pytest.mark.django_db


def test_stats_count_arrivals_by_stage_and_cases_by_state(world):
    out = io.StringIO()
    assert stats_command(as_json=True, out=out) == 0
    indicators = {i["indicator"]: i for i in json.loads(out.getvalue())}
    by_stage = {
        (r["stage"], r["counted_as"]): r["persons"] for r in indicators["returned_by_stage"]["rows"]
    }
    assert by_stage == {("Zhusan, stage 2", "woman"): 1, ("Zhusan, stage 2", "child"): 1}
    states = {r["state"]: r["cases"] for r in indicators["cases_by_state"]["rows"]}
    assert states == {"arrived": 3}
    assert all(i["definition"] for i in indicators.values())


def test_stats_as_text(world):
    out = io.StringIO()
    stats_command(as_json=False, out=out)
    assert "returned_by_stage:" in out.getvalue() and "persons=1" in out.getvalue()
