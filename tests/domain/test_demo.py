"""`zhusan demo --no-serve` on a fresh home leaves the programme at its reported size."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from zhusan.demo.programme import STAGES

REPORTED = {  # stage: (total, men, women, children, orphans) as published
    "Zhusan, stage 1": (47, None, None, 30, None),
    "Zhusan, stage 2": (231, 16, 59, 156, 18),
    "Zhusan, stage 3": (238, 0, 67, 171, None),
    "Zhusan, stage 5": (12, 4, 1, 7, 2),
    "Rusafa": (14, 0, 0, 14, None),
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    home = tmp_path_factory.mktemp("demo-home")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "ZHUSAN_HOME": str(home),
        "ZHUSAN_DEMO": "1",
    }
    run = subprocess.run(
        [sys.executable, "-m", "zhusan.cli", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    verify = subprocess.run(
        [sys.executable, "-m", "zhusan.cli", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    con = sqlite3.connect(home / "zhusan.sqlite3")
    yield con, run.stdout, verify, str(home)
    con.close()


def _stage_counts(con):
    rows = con.execute(
        """SELECT s.name, count(*), sum(a.age_group='man'), sum(a.age_group='woman'), sum(a.age_group='child'),
                  sum(a.unaccompanied)
           FROM cases_arrival a JOIN cases_operationstage s ON s.id = a.stage_id GROUP BY s.name"""
    )
    return {name: rest for name, *rest in rows}


def test_every_stage_has_the_size_reported_for_it(demo_db):
    counts = _stage_counts(demo_db[0])
    for stage, expected in REPORTED.items():
        for got, want in zip(counts[stage], expected, strict=True):
            if want is not None:
                assert got == want, (stage, counts[stage], expected)


def test_2019_totals_and_syria_totals_agree_with_the_published_figures(demo_db):
    counts = _stage_counts(demo_db[0])
    in_2019 = [counts[s.name] for s in STAGES if s.operation == "zhusan" and s.start.year == 2019]
    assert [sum(c[i] for c in in_2019) for i in range(5)] == [595, 33, 156, 406, 31]
    syria = [counts[s.name] for s in STAGES if s.operation == "zhusan"]
    assert sum(c[0] for c in syria) == 607 and sum(c[3] for c in syria) == 413


def test_every_agency_writes_names_its_own_way(demo_db):
    scripts = dict(
        demo_db[0].execute("SELECT script, count(*) FROM people_personname GROUP BY script")
    )
    assert scripts["kk-Cyrl"] > 600 and scripts["ru-Cyrl"] > 600 and scripts["Latn"] > 600


def test_the_demo_prints_one_login_per_role_and_its_audit_trail_verifies(demo_db):
    _con, stdout, verify, _home = demo_db
    assert "Loaded" in stdout and "aliya" in stdout and "zhusan-demo" in stdout
    assert verify.returncode == 0 and "intact" in verify.stdout
    roles = dict(demo_db[0].execute("SELECT role, count(*) FROM accounts_membership GROUP BY role"))
    assert len(roles) == 11


def _cli(demo_db, *args):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "ZHUSAN_HOME": demo_db[3],
        "ZHUSAN_DEMO": "1",
    }
    run = subprocess.run(
        [sys.executable, "-m", "zhusan.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


def test_the_reported_stage_totals_reconcile_exactly_and_every_difference_is_explained(demo_db):
    lines = _cli(demo_db, "stats", "--reconcile", "--json")
    by_quote = {line["quote"]: line for line in lines}
    for quote in (
        "47 people, including 30 children",
        "231 citizens: 16 men, 59 women and 156 children",
        "238 people: 67 women and 171 children",
        "595 citizens in 2019: 33 men, 156 women, 406 children",
        "14 children from Iraq",
        "12 people: 4 men, 1 woman, 7 children",
        "607 repatriated from Syria in 2019-2021",
        "413 children",
    ):
        assert by_quote[quote]["difference"] == 0, by_quote[quote]
    women_and_children = by_quote["607 women and children"]
    assert women_and_children["records"] == 570 and "37 men" in women_and_children["explanation"]
    assert all(line["difference"] == 0 or line["explanation"] for line in lines)


def test_stats_on_the_demo_protect_small_cells(demo_db):
    (table,) = _cli(
        demo_db,
        "stats",
        "--json",
        "--protect",
        "--indicator",
        "returned",
        "--by",
        "stage",
        "--by",
        "counted_as",
    )
    stage1 = next(r for r in table["rows"] if r["label"] == "Zhusan, stage 1")
    assert stage1["total"] == 47 and None in stage1["cells"]  # 3 women: hidden, with a complement
    assert table["total"] == 621 and table["protected"]
