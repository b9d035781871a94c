"""Name search and the intake duplicate check on N invented persons (default 1,000,000), PostgreSQL.

Builds (or reuses) the database `zhusan_search_bench` on the local PostgreSQL
(`ZHUSAN_BENCH_DATABASE_URL` to point elsewhere), migrated by the project's migrations, and loads
N persons by COPY in batches of one transaction each, so that an interrupted load resumes where it
stopped and a finished one is reused by the next run (it is rebuilt only for another --persons or
--seed). Each person has the Kazakh Cyrillic name (the display name), half of them also the
Russian form, half a Latin one (ICAO or BGN), with the NameKey and NameToken rows the actions
write. Names are drawn from the mimesis `kk` stock with Zipf-like weights, so that common
surnames and given names have tens of thousands of bearers, as in a real register. Every person is
in the caseload of the intake officer's agency (the widest scope, the most candidates), every 50th
also in a centre's (a narrow caseload, asked by its case worker). The rows bypass the actions and
the audit trail: fine for a benchmark's data and nothing else.

Then, with a warm cache, it times every kind of query through the code the pages use: the person
list's search (`zhusan.identity.queries.search` on `visible_persons` of the signed-in officer) and
the new-person form's duplicate check (the same search with the birth date and sex, matches from
INTAKE_THRESHOLD on). For each kind it prints p50/p95/p99/max against the 100 ms goal, and how
often the intended person is among the first five results.

    make bench-search                               # 1,000,000 persons
    python bench/search_bench.py --persons 100000 --queries 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zhusan_search_bench"
BATCH = 20_000  # persons per transaction (and per resumable step)
GOAL_MS = 100.0
ZIPF = 0.7  # name frequency ~ 1 / rank^ZIPF


def _meta(url: str) -> tuple[int, int, int] | str:
    """Return (persons asked, seed, persons loaded) of this bench's database, or what it is."""
    import psycopg

    try:
        con = psycopg.connect(url)
    except psycopg.OperationalError:
        return "missing"
    with con:
        row = con.execute(
            "SELECT to_regclass('search_bench_meta'), "
            "(SELECT count(*) FROM pg_tables WHERE schemaname = 'public')"
        )
        ours, tables = row.fetchone()
        if ours is None:
            return "foreign" if tables else "empty"
        return con.execute("SELECT persons, seed, loaded FROM search_bench_meta").fetchone()


def prepare_database(url: str, persons: int, seed: int, rebuild: bool) -> None:
    """Create the database, or drop it first when this bench built it for other persons or seed."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    meta = _meta(url)
    if meta == "foreign":
        raise SystemExit(f"{name} holds tables this bench did not load: give another database")
    if meta == "empty" or (isinstance(meta, tuple) and meta[:2] == (persons, seed) and not rebuild):
        return
    with psycopg.connect(admin_url, autocommit=True) as con:
        if meta != "missing":
            print(f"dropping {name} (built for persons, seed, loaded = {meta})", file=sys.stderr)
            con.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{name}"')


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["ZHUSAN_HOME"] = tempfile.mkdtemp(prefix="zhusan-search-bench-")
    os.environ["ZHUSAN_DEMO"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhusan.settings"
    import django

    django.setup()


class Names:
    """The mimesis kk name stock, drawn with Zipf-like weights (a few names are very common)."""

    def __init__(self, seed: int):
        from zhusan.demo.people import NameStock

        stock = NameStock(seed)
        self.surnames, self.male, self.female = stock.surnames, stock.male, stock.female
        shuffle = random.Random(seed)
        for names in (self.surnames, self.male, self.female):
            shuffle.shuffle(names)  # the most common name is not the first in the alphabet

    @staticmethod
    def _weights(n: int) -> list[float]:
        return [1 / (rank + 1) ** ZIPF for rank in range(n)]

    def draw(self, rng: random.Random, n: int):
        """Return n NameParts."""
        from zhusan.demo.people import NameParts

        sexes = [rng.choice("FM") for _ in range(n)]
        surnames = rng.choices(self.surnames, self._weights(len(self.surnames)), k=n)
        male = rng.choices(self.male, self._weights(len(self.male)), k=2 * n)
        female = rng.choices(self.female, self._weights(len(self.female)), k=n)
        return [
            NameParts(
                surname=surnames[i] + ("а" if sex == "F" else ""),
                given=male[i] if sex == "M" else female[i],
                father_given=male[n + i],
                sex=sex,
            )
            for i, sex in enumerate(sexes)
        ]


def _not_null_defaults(cursor, table: str, given: tuple[str, ...]) -> dict[str, object]:
    """Neutral values for the NOT NULL columns without a default that a COPY does not give."""
    cursor.execute(
        """SELECT column_name, data_type FROM information_schema.columns
           WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL
             AND is_identity = 'NO'""",
        [table],
    )
    neutral = {
        "character varying": "",
        "text": "",
        "integer": 0,
        "smallint": 0,
        "bigint": 0,
        "boolean": False,
        "date": dt.date(2020, 1, 1),
        "timestamp with time zone": dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        "jsonb": "{}",
    }
    return {c: neutral[k] for c, k in cursor.fetchall() if c not in given and k in neutral}


def _copy(cursor, table: str, columns: tuple[str, ...], rows, extra: dict[str, object]) -> None:
    cols = columns + tuple(extra)
    tail = tuple(extra.values())
    with cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row + tail)


def load(persons: int, seed: int, agency_id: int) -> None:
    """COPY the persons in batches; resume after the last complete batch."""
    import uuid

    from django.db import connection, transaction

    from zhusan.identity.blocking import name_index
    from zhusan.identity.translit import System

    names = Names(seed)
    with connection.cursor() as c:
        c.execute("SELECT loaded FROM search_bench_meta")
        loaded = c.fetchone()[0]
    raw = connection.connection
    t0 = time.perf_counter()
    for start in range(loaded, persons, BATCH):
        size = min(BATCH, persons - start)
        rng = random.Random(f"{seed}-{start}")
        parts = names.draw(rng, size)
        person_rows, name_rows, key_rows, token_rows, scope_rows = [], [], [], [], []
        for i, p in enumerate(parts):
            pid = start + i + 1
            if rng.random() < 0.66:  # children, born in the zone
                born = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randint(0, 14 * 365))
            else:
                born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 40 * 365))
            public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            person_rows.append((pid, public_id, p.sex, born, p.kazakh()))
            forms = [(p.kazakh(), "kk-Cyrl")]
            if rng.random() < 0.5:
                forms.append((p.russian(), "ru-Cyrl"))
            if rng.random() < 0.5:
                forms.append((p.latin(rng.choice([System.ICAO, System.BGN])), "Latn"))
            for k, (text, script) in enumerate(forms):
                nid = 3 * pid + k
                index = name_index(text)
                name_rows.append((nid, pid, text, script, index.search_key))
                key_rows.extend((pid, nid, key) for key in index.blocking)
                token_rows.extend((pid, nid, key) for key in index.tokens)
            scope_rows.append((agency_id, pid))
        now = dt.datetime.now(dt.UTC)
        with transaction.atomic(), raw.cursor() as c:
            _copy(
                c,
                "people_person",
                ("id", "public_id", "sex", "birth_date", "display_name"),
                person_rows,
                {
                    "birth_date_precision": "day",
                    "citizenship": "citizen",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                    **_not_null_defaults(
                        c,
                        "people_person",
                        (
                            "id",
                            "public_id",
                            "sex",
                            "birth_date",
                            "birth_date_precision",
                            "citizenship",
                            "version",
                            "created_at",
                            "updated_at",
                            "display_name",
                        ),
                    ),
                },
            )
            _copy(
                c,
                "people_personname",
                ("id", "person_id", "full_name", "script", "search_key"),
                name_rows,
                {
                    "kind": "agency",
                    "created_at": now,
                    **_not_null_defaults(
                        c,
                        "people_personname",
                        (
                            "id",
                            "person_id",
                            "full_name",
                            "script",
                            "search_key",
                            "kind",
                            "created_at",
                        ),
                    ),
                },
            )
            _copy(c, "identity_namekey", ("person_id", "name_id", "key"), key_rows, {})
            _copy(c, "people_nametoken", ("person_id", "name_id", "key"), token_rows, {})
            _copy(c, "access_scopeentry", ("agency_id", "person_id"), scope_rows, {})
            c.execute("UPDATE search_bench_meta SET loaded = %s", (start + size,))
        done = start + size
        rate = (done - loaded) / (time.perf_counter() - t0)
        print(f"  loaded {done:,}/{persons:,} persons ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    with connection.cursor() as c:
        for table, column in (("people_person", "id"), ("people_personname", "id")):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"(SELECT max({column}) FROM {table}))"
            )
        if loaded < persons:
            c.execute("VACUUM ANALYZE")


CENTRE_SHARE = 50  # the centre's caseload: every 50th person, 2 % of the register


def world():
    """The intake officer at headquarters (all persons) and a case worker at a centre (2 %)."""
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
    from zhusan.accounts.models import Agency, AgencyKind, Membership, Role

    if not Agency.objects.filter(code="hq").exists():
        hq = do_create_agency(None, code="hq", name="Headquarters", kind=AgencyKind.OPERATION)
        do_add_membership(
            None,
            user=do_create_user(None, username="intake", password="a" * 16),
            agency=hq,
            role=Role.INTAKE_OFFICER,
        )
    if not Agency.objects.filter(code="centre").exists():
        centre = do_create_agency(
            None, code="centre", name="Adaptation centre", kind=AgencyKind.REHABILITATION
        )
        do_add_membership(
            None,
            user=do_create_user(None, username="worker", password="a" * 16),
            agency=centre,
            role=Role.CASE_WORKER,
        )
    members = Membership.objects.select_related("agency", "user")
    return members.get(user__username="intake"), members.get(user__username="worker")


def fill_caseload(worker) -> None:
    """Put every CENTRE_SHARE-th person in the centre's caseload (once)."""
    from django.db import connection

    from zhusan.access.models import ScopeEntry

    if ScopeEntry.objects.filter(agency_id=worker.agency_id).exists():
        return
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO access_scopeentry (agency_id, person_id) "
            f"SELECT %s, id FROM people_person WHERE id %% {CENTRE_SHARE} = 0",
            [worker.agency_id],
        )
        c.execute("ANALYZE access_scopeentry")


@dataclass(frozen=True)
class Target:
    person_id: int
    parts: object  # zhusan.demo.people.NameParts
    birth: str
    scripts: frozenset[str]


def targets(rng: random.Random, ids: list[int]) -> list[Target]:
    """The persons with their name parts read back from the stored Kazakh name."""
    from zhusan.demo.people import NameParts
    from zhusan.people.models import Person

    out = []
    for p in Person.objects.filter(id__in=ids).prefetch_related("names"):
        names = list(p.names.all())
        kk = next(x.full_name for x in names if x.script == "kk-Cyrl")
        surname, given, father = kk.split(" ")
        father = father.removesuffix("ұлы").removesuffix("қызы")
        out.append(
            Target(
                p.id,
                NameParts(surname=surname, given=given, father_given=father, sex=p.sex),
                p.birth_date.isoformat(),
                frozenset(x.script for x in names),
            )
        )
    rng.shuffle(out)
    return out


def typo(rng: random.Random, text: str) -> str:
    """One edit inside a token (not its first or last letter): replace, delete, transpose."""
    tokens = text.split(" ")
    i = rng.choice([k for k, token in enumerate(tokens) if len(token) >= 3])
    word = tokens[i]
    j = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("sub", "del", "swap"))
    letters = "абвгдежзийклмнопрстуфхшы" if word[0] > "z" else "abdeghiklmnoprstuyz"
    if kind == "sub":
        word = word[:j] + rng.choice([c for c in letters if c != word[j]]) + word[j + 1 :]
    elif kind == "del":
        word = word[:j] + word[j + 1 :]
    else:
        word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    tokens[i] = word
    return " ".join(tokens)


def nobody(rng: random.Random) -> str:
    """A name-like string made of letters no stock name has in that order."""
    return " ".join(
        "".join(rng.choice("ВГДЖЗФЦЩ") + rng.choice("ыэюё") for _ in range(3)).capitalize()
        for _ in range(2)
    )


@dataclass
class Kind:
    label: str
    pool: Callable[[Target], bool]  # which targets can be asked this way
    query: Callable[[Target], tuple[str, str, str]]  # text, birth date, sex
    intake: bool = False  # the new-person form's duplicate check
    check: str = "person"  # person: the target in the top 5; name/prefix/none: see `found`
    namesakes: bool = False  # asked about the bearers of the most common name
    centre: bool = False  # asked by the centre's case worker, of persons in its caseload


def kinds(rng: random.Random, common: tuple[str, str, str]) -> list[Kind]:
    from zhusan.identity.translit import System

    def latin(t, system):
        return t.parts.latin(system)

    everyone = lambda t: True  # noqa: E731
    return [
        Kind("exact, Kazakh Cyrillic", everyone, lambda t: (t.parts.kazakh(), "", "")),
        Kind(
            "Russian Cyrillic (not stored)",
            lambda t: "ru-Cyrl" not in t.scripts,
            lambda t: (t.parts.russian(), "", ""),
        ),
        Kind(
            "Latin ICAO (no Latin stored)",
            lambda t: "Latn" not in t.scripts,
            lambda t: (latin(t, System.ICAO), "", ""),
        ),
        Kind("Latin 2021 (never stored)", everyone, lambda t: (latin(t, System.LAT2021), "", "")),
        Kind("typo, Kazakh Cyrillic", everyone, lambda t: (typo(rng, t.parts.kazakh()), "", "")),
        Kind(
            "typo, Latin ICAO",
            everyone,
            lambda t: (typo(rng, latin(t, System.ICAO)), "", ""),
        ),
        Kind(
            "given name + surname (swapped)",
            everyone,
            lambda t: (f"{t.parts.given} {t.parts.surname}", "", ""),
        ),
        Kind(
            "one-token prefix (5 letters)",
            everyone,
            lambda t: (t.parts.surname[:5], "", ""),
            check="prefix",
        ),
        Kind(
            "Latin 2021 + birth date",
            everyone,
            lambda t: (latin(t, System.LAT2021), t.birth, ""),
        ),
        Kind(
            "intake check: Russian + date + sex",
            everyone,
            lambda t: (t.parts.russian(), t.birth, t.parts.sex),
            intake=True,
        ),
        Kind("a name that matches nobody", everyone, lambda t: (nobody(rng), "", ""), check="none"),
        Kind(
            "very common name (surname + given)",
            everyone,
            lambda t: (f"{common[0]} {common[1]}", "", ""),
            check="name",
        ),
        Kind(
            "very common name + birth date",
            everyone,
            lambda t: (f"{common[0]} {common[1]}", t.birth, ""),
            namesakes=True,
        ),
        Kind(
            "centre (2 %): exact Kazakh Cyrillic",
            everyone,
            lambda t: (t.parts.kazakh(), "", ""),
            centre=True,
        ),
        Kind(
            "centre (2 %): common name + birth",
            everyone,
            lambda t: (f"{common[0]} {common[1]}", t.birth, ""),
            namesakes=True,
            centre=True,
        ),
    ]


def found(kind: Kind, target: Target, text: str, matches) -> tuple[bool, bool]:
    """Return (the check holds for the first five, and also counting ties with the fifth)."""
    from zhusan.identity.keys import token_keys
    from zhusan.people.models import PersonName

    top = matches[:5]
    if kind.check == "none":
        ok = not [m for m in matches if m.probability >= 0.2]
        return ok, ok
    if kind.check in ("prefix", "name"):
        wanted = [k for k in token_keys(text) if k]

        def holds(m) -> bool:
            names = PersonName.objects.filter(person=m.person).values_list("full_name", flat=True)
            keys = {k for n in names for k in token_keys(n)}
            if kind.check == "name":
                return set(wanted) <= keys
            return all(any(k.startswith(w) for k in keys) for w in wanted)

        ok = bool(top) and all(holds(m) for m in top)
        return ok, ok
    ids = [m.person.id for m in top]
    hit = target.person_id in ids
    if hit or len(matches) < 5:
        return hit, hit
    fifth = top[-1].probability
    tied = any(m.person.id == target.person_id and m.probability >= fifth for m in matches)
    return hit, tied


def measure(membership, worker, n_queries: int, seed: int, only: str | None) -> None:
    from django.db import connection

    from zhusan.access.scope import visible_persons
    from zhusan.identity.keys import token_keys
    from zhusan.identity.queries import search
    from zhusan.people.models import NameToken, Person
    from zhusan.people.views import INTAKE_THRESHOLD

    total = Person.objects.count()
    rng = random.Random(f"{seed}-queries")
    pool = targets(rng, rng.sample(range(1, total + 1), min(total, 4 * n_queries)))
    # The most common surname and female given name of the register (by their folded tokens).
    names = Names(seed)
    common = (names.surnames[0] + "а", names.female[0], "F")
    given = NameToken.objects.filter(key=token_keys(common[1])[0]).values("person_id")
    bearers = sorted(
        set(
            NameToken.objects.filter(key=token_keys(common[0])[0], person_id__in=given).values_list(
                "person_id", flat=True
            )
        )
    )
    namesakes = targets(rng, rng.sample(bearers, min(len(bearers), n_queries)))
    theirs = list(range(CENTRE_SHARE, total + 1, CENTRE_SHARE))
    centre_pool = targets(rng, rng.sample(theirs, min(len(theirs), n_queries)))
    theirs_named = [i for i in bearers if i % CENTRE_SHARE == 0]
    centre_namesakes = targets(rng, rng.sample(theirs_named, min(len(theirs_named), n_queries)))
    print(
        f"\n{total:,} persons on {connection.vendor}, the intake officer's scope: all of them; "
        f"'{common[0]} {common[1]}' has {len(bearers):,} bearers\n"
    )
    header = (
        f"{'query kind':<38}{'n':>6}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}"
        f"{'<100ms':>8}{'top 5':>8}{'+ties':>8}{'cands':>7}"
    )
    print(header)
    print("-" * len(header))
    for kind in kinds(rng, common):
        if only and only not in kind.label:
            continue
        asked = {
            (False, False): pool,
            (True, False): namesakes,
            (False, True): centre_pool,
            (True, True): centre_namesakes,
        }[kind.namesakes, kind.centre]
        chosen = [t for t in asked if kind.pool(t)][:n_queries]
        officer = worker if kind.centre else membership

        def run(t: Target, kind: Kind = kind, officer=officer):
            text, birth, sex = kind.query(t)
            persons = visible_persons(officer)
            t0 = time.perf_counter()
            matches = search(persons, text, birth_date=birth, sex=sex)
            if kind.intake:
                matches = [m for m in matches if m.probability >= INTAKE_THRESHOLD][:10]
            return (time.perf_counter() - t0) * 1000, text, matches

        for t in chosen[:20]:  # warm up: the database pages and the caches of the code
            run(t)
        samples, hits, ties, cands = [], 0, 0, []
        for t in chosen:
            ms, text, matches = run(t)
            samples.append(ms)
            hit, tie = found(kind, t, text, matches)
            hits += hit
            ties += tie
            cands.append(len(matches))
        samples.sort()

        def pct(q: float, s: list[float] = samples) -> float:
            return s[min(len(s) - 1, int(q * len(s)))]

        p95 = pct(0.95)
        print(
            f"{kind.label:<38}{len(samples):>6}{statistics.median(samples):>8.1f}{p95:>8.1f}"
            f"{pct(0.99):>8.1f}{samples[-1]:>8.1f}{'yes' if p95 < GOAL_MS else 'NO':>8}"
            f"{100 * hits / len(samples):>7.1f}%{100 * ties / len(samples):>7.1f}%"
            f"{statistics.mean(cands):>7.0f}",
            flush=True,
        )
    print(
        "\nms per query (p50 … max), in-process through zhusan.identity.queries.search on the "
        "officer's visible_persons;\n'<100ms': p95 under the goal; 'top 5': the intended person "
        "among the first five results (prefix: all five\ncarry a token with the prefix; common "
        "name: all five bear both names; nobody: no result from p=0.2); '+ties': also\ncounting "
        "the intended person when it ties with the fifth (namesakes); 'cands': results ranked a "
        "query."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000, help="queries per kind")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--url", default=os.environ.get("ZHUSAN_BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true", help="drop and load the database again")
    parser.add_argument("--only", help="time only the kinds whose label contains this")
    parser.add_argument("--load-only", action="store_true", help="build the database and stop")
    args = parser.parse_args()
    prepare_database(args.url, args.persons, args.seed, args.rebuild)
    setup(args.url)
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as c:  # first, so that the database is known to be ours
        c.execute(
            "CREATE TABLE IF NOT EXISTS search_bench_meta (persons int, seed int, loaded int)"
        )
        c.execute("SELECT 1 FROM search_bench_meta")
        if c.fetchone() is None:
            c.execute("INSERT INTO search_bench_meta VALUES (%s, %s, 0)", (args.persons, args.seed))
    call_command("migrate", interactive=False, verbosity=0)
    membership, worker = world()
    t0 = time.perf_counter()
    load(args.persons, args.seed, membership.agency_id)
    fill_caseload(worker)
    print(f"database ready in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if not args.load_only:
        measure(membership, worker, args.queries, args.seed, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
