"""Case list and person page response times on a database of N persons (default 100,000).

Builds a fresh database in a temporary ZHUSAN_HOME: the demo programme through the actions, then
N more invented persons in bulk (names in three scripts with their search tokens, a case in the
Aktau centre's caseload, a family link, a timeline of events) — the bulk part bypasses the actions
and the audit trail, which is fine for a benchmark's data and nothing else. Then it signs in as
the Aktau case worker and times, in-process through Django's test client, the case list (no
query, a Latin-spelling search, filters, a deep page) and the person page (timeline and family
tabs). Prints a table of p50/p95/max per request kind.

    make bench-web                     # 100,000 persons
    python bench/web_bench.py --persons 20000 --requests 100
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhusan_bench python bench/web_bench.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup(home: str) -> None:
    os.environ["ZHUSAN_HOME"] = home
    os.environ["ZHUSAN_DEMO"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhusan.settings"
    import django

    django.setup()


def bulk_persons(n: int, seed: int) -> None:
    """Add n invented persons with names, tokens, cases, families and events in bulk."""
    import datetime as dt

    from django.db import transaction

    from zhusan.accounts.models import Agency
    from zhusan.cases.models import Assignment, Case, Event
    from zhusan.demo.people import KZ_PLACES, REGIONS, NameStock
    from zhusan.identity.blocking import name_index
    from zhusan.identity.models import NameKey
    from zhusan.identity.translit import System
    from zhusan.people.models import Family, FamilyMember, NameToken, Person, PersonName

    rng = random.Random(seed)
    stock = NameStock(seed)
    centre = Agency.objects.get(code="centre-aktau")
    hq = Agency.objects.get(code="hq")
    batch = 5000
    for start in range(0, n, batch):
        size = min(batch, n - start)
        with transaction.atomic():
            parts = [stock.person(rng.choice("FM")) for _ in range(size)]
            persons = [
                Person(
                    sex=p.sex,
                    birth_date=dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 60 * 365)),
                    birth_date_precision="day",
                    birth_place=KZ_PLACES[rng.choice(REGIONS)],
                    citizenship="citizen",
                    display_name=p.kazakh(),
                    created_by_agency=hq,
                )
                for p in parts
            ]
            Person.objects.bulk_create(persons, batch_size=1000)
            names, indexes = [], []
            for person, p in zip(persons, parts, strict=True):
                for text, script in (
                    (p.kazakh(), "kk-Cyrl"),
                    (p.russian(), "ru-Cyrl"),
                    (p.latin(rng.choice([System.ICAO, System.BGN])), "Latn"),
                ):
                    index = name_index(text)
                    names.append(
                        PersonName(
                            person=person,
                            full_name=text,
                            script=script,
                            kind="agency",
                            agency=hq,
                            search_key=index.search_key,
                        )
                    )
                    indexes.append(index)
            PersonName.objects.bulk_create(names, batch_size=2000)
            NameKey.objects.bulk_create(
                [
                    NameKey(person_id=name.person_id, name=name, key=k)
                    for name, index in zip(names, indexes, strict=True)
                    for k in index.blocking
                ],
                batch_size=5000,
            )
            NameToken.objects.bulk_create(
                [
                    NameToken(person_id=name.person_id, name=name, key=k)
                    for name, index in zip(names, indexes, strict=True)
                    for k in index.tokens
                ],
                batch_size=5000,
            )
            today = dt.date(2020, 1, 1)
            cases = [
                Case(
                    person=p,
                    state=rng.choice(["rehabilitation", "reintegration", "custody", "closed"]),
                    state_since=today,
                    opened_on=today,
                    lead_agency=hq,
                )
                for p in persons
            ]
            Case.objects.bulk_create(cases, batch_size=2000)
            Assignment.objects.bulk_create(
                [Assignment(case=c, agency=a, since=today) for c in cases for a in (hq, centre)],
                batch_size=5000,
            )
            families = [Family(label=f"bench family {start + i}") for i in range(0, size, 4)]
            Family.objects.bulk_create(families, batch_size=2000)
            FamilyMember.objects.bulk_create(
                [
                    FamilyMember(family=families[i // 4], person=p, role="relative")
                    for i, p in enumerate(persons)
                ],
                batch_size=5000,
            )
            Event.objects.bulk_create(
                [
                    Event(
                        person=p,
                        type=rng.choice(["session", "follow_up", "note", "benefit_granted"]),
                        date=today + dt.timedelta(days=rng.randint(0, 1500)),
                        date_precision="day",
                        agency=centre,
                        note="Bench event",
                    )
                    for p in persons
                    for _ in range(6)
                ],
                batch_size=5000,
            )
        print(f"  bulk persons: {start + size:,}/{n:,}", file=sys.stderr, flush=True)
    from django.core.management import call_command

    call_command("rebuild_scope")


def timed(client, url: str, params: dict | None = None) -> float:
    t0 = time.perf_counter()
    response = client.get(url, params or {})
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} {params} answered {response.status_code}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--home",
        default=None,
        help="reuse the database built by an earlier run in this ZHUSAN_HOME",
    )
    args = parser.parse_args()
    home = args.home or tempfile.mkdtemp(prefix="zhusan-bench-")
    setup(home)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from zhusan.demo.load import recreate_demo
    from zhusan.people.models import Person, PersonName

    t0 = time.perf_counter()
    if not args.home:
        recreate_demo(seed=args.seed, echo=lambda s: print(s, file=sys.stderr))
        bulk_persons(args.persons, args.seed)
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    else:
        call_command("migrate", verbosity=0)
    total = Person.objects.count()
    print(
        f"database: {connection.vendor}, {total:,} persons, built in {time.perf_counter() - t0:.0f} s",
        file=sys.stderr,
    )
    client = Client()
    # force_login: django-axes refuses authenticate() without a request, as client.login() calls it.
    client.force_login(get_user_model().objects.get(username="aliya"))
    rng = random.Random(args.seed)
    latin = list(
        PersonName.objects.filter(script="Latn").values_list("full_name", flat=True)[:5000]
    )
    people = list(
        Person.objects.filter(case__assignments__agency__code="centre-aktau").values_list(
            "public_id", flat=True
        )[:5000]
    )
    kinds = {
        "case list, first page": lambda: timed(client, "/persons/"),
        "case list, Latin-spelling search": lambda: timed(
            client, "/persons/", {"q": rng.choice(latin)}
        ),
        "case list, one-token prefix search": lambda: timed(
            client, "/persons/", {"q": rng.choice(latin)[:4]}
        ),
        "case list, filters (state+sex+age)": lambda: timed(
            client, "/persons/", {"state": "reintegration", "sex": "F", "age": "35-54"}
        ),
        "case list, page 200": lambda: timed(client, "/persons/", {"page": 200}),
        "person page, timeline": lambda: timed(client, f"/persons/{rng.choice(people)}/"),
        "person page, family": lambda: timed(
            client, f"/persons/{rng.choice(people)}/", {"tab": "family"}
        ),
    }
    print(f"\n{'request':<38}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for label, call in kinds.items():
        call()  # warm up
        samples = sorted(call() for _ in range(args.requests))
        p95 = samples[int(0.95 * (len(samples) - 1))]
        print(
            f"{label:<38}{len(samples):>6}{statistics.median(samples):>9.1f}{p95:>9.1f}{samples[-1]:>9.1f}"
        )
    print(
        f"\n{total:,} persons on {connection.vendor}; in-process Django test client, one user, "
        f"ZHUSAN_HOME={home}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
