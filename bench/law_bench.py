"""Benchmark the legal rules engine: N varied synthetic facts documents, one core.

    .venv/bin/python bench/law_bench.py            # 1,000,000 documents
    .venv/bin/python bench/law_bench.py --n 100000 --seed 7

Documents are generated deterministically from the seed, in chunks, and only the evaluation is
timed.  Every document is valid; a FactsError aborts the run.  Four paths, each with fresh
caches: `compact` (batch.assess_many: per measure the outcome, earliest date and decision, the
bulk use), `full JSON` (batch.evaluate_many: the dict `evaluate` gives, for every document) on
the same documents, `columnar` (zhusan.law.columnar: the same documents written as JSON Lines
first, untimed, then timed from reading the file to every outcome counted, with Arrow and
numpy held to one thread), and `single` (`evaluate`, one at a time) on --single others.  Each
consumer counts every measure's outcome, and the run checks the batch paths and the columnar
path count the same.  "per CPU-second" is the rate in the process's CPU time, which a
busy machine disturbs less than the wall clock.  The decision cache line (of the compact run)
gives the share of decisions answered from the caches and, cache by cache, the distinct keys.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from zhusan.law import ENGINE_VERSION, LAW_VERSION, evaluate
from zhusan.law.batch import Batch
from zhusan.law.build import compiled

FLOOR_PER_SECOND = 100_000
CHUNK = 20_000
ARTICLES = [
    ("257", "2"), ("260", "1"), ("256", "1"), ("174", "1"), ("259", "1"), ("172", "1"),
    ("258", "1"), ("257", "1"), ("255", "3"), ("255", "4"), ("259", "2"), ("99", "1"),
    ("188", "2"), ("261", "1"), ("173", "2"), ("405", "1"),
]  # fmt: skip
LEVELS = ["minimum", "medium", "maximum", "extraordinary", "full", "medium_juvenile"]


def _flag(rng: random.Random, p_true: float = 0.5, p_unknown: float = 0.1) -> bool | None:
    roll = rng.random()
    if roll < p_unknown:
        return None
    return roll < p_unknown + (1 - p_unknown) * p_true


def _day(rng: random.Random, start: date, span_days: int) -> date:
    return start + timedelta(days=rng.randrange(span_days))


def document(rng: random.Random) -> dict[str, Any]:
    """Return one valid, varied facts document."""
    birth = _day(rng, date(1960, 1, 1), 365 * 45)
    offence = max(_day(rng, date(2013, 1, 1), 365 * 7), birth + timedelta(days=365 * 14))
    start = offence + timedelta(days=rng.randrange(30, 900))
    as_of = start + timedelta(days=rng.randrange(0, 365 * 12))
    counts = rng.choice((1, 1, 2, 2, 3))
    life = rng.random() < 0.03
    sentence: dict[str, Any] = {
        "kind": "imprisonment" if rng.random() < 0.95 else "restriction_of_liberty",
        "start_date": start.isoformat(),
        "security_level": rng.choice(LEVELS),
        "pretrial_custody_days": rng.randrange(0, 700),
        "house_arrest_days": rng.choice((0, 0, 0, rng.randrange(0, 200))),
    }
    if life:
        sentence.update(kind="imprisonment", life=True)
    else:
        sentence.update(years=rng.randrange(1, 16), months=rng.choice((0, 0, 6)), days=0)
    return {
        "as_of": as_of.isoformat(),
        "person": {
            "birth_date": birth.isoformat(),
            "sex": rng.choice(("M", "F")),
            "citizen": _flag(rng, 0.9),
            "pregnant": False,
            "children_under_14": rng.choice((0, 0, 1, 3)),
            "raises_child_alone": _flag(rng, 0.1),
            "raises_disabled_child": _flag(rng, 0.05),
            "disability_group": rng.choice((0, 0, 0, 2, 3)),
        },
        "offences": [
            {"article": a, "part": p, "offence_date": offence.isoformat()}
            for a, p in rng.sample(ARTICLES, counts)
        ],
        "sentence": sentence,
        "conduct": {
            "malicious_violations": _flag(rng, 0.3),
            "damage_compensated": _flag(rng, 0.6),
            "active_assistance": _flag(rng, 0.2),
            "cooperation_agreement": _flag(rng, 0.1),
            "prior_parole_revoked": _flag(rng, 0.05, 0.02),
        },
        "medical": {
            "commission_conclusion": _flag(rng, 0.3),
            "on_authorised_list": _flag(rng, 0.5),
            "prevents_serving": _flag(rng, 0.5),
            "incapacitating_mental_disorder": _flag(rng, 0.02),
        },
        "circumstances": {"caused_death": _flag(rng, 0.1), "criminal_group": _flag(rng, 0.3)},
    }


def run(n: int, seed: int, batch: Batch, full: bool) -> tuple[float, float, Counter[str]]:
    """Assess n generated documents in batch; return wall and CPU seconds and outcomes.

    Each chunk is generated and frozen out of the garbage collector's reach (the input is
    long-lived data here, as a batch streamed from disk would not be); then its results are
    streamed and their outcomes counted, as an export would consume them, and that is timed.
    With `full`, each result is the whole JSON dict (evaluate_many), else a Compact.
    """
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    wall = cpu = 0.0
    done = 0
    while done < n:
        chunk = [document(rng) for _ in range(min(CHUNK, n - done))]
        gc.collect()
        gc.freeze()
        began, began_cpu = time.perf_counter(), time.process_time()
        if full:
            for result in batch.evaluate_many(chunk):
                for measure in result["measures"]:
                    outcomes[measure["outcome"]] += 1
        else:
            for compact in batch.assess_many(chunk):
                for brief in compact.measures:
                    outcomes[brief.outcome] += 1
        wall += time.perf_counter() - began
        cpu += time.process_time() - began_cpu
        gc.unfreeze()
        done += len(chunk)
    return wall, cpu, outcomes


def write_jsonl(n: int, seed: int, path: Path) -> int:
    """Write the n documents `run` assesses as JSON Lines; return the bytes written."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for done in range(0, n, CHUNK):
            chunk = [document(rng) for _ in range(min(CHUNK, n - done))]
            out.write("".join(json.dumps(d, separators=(",", ":")) + "\n" for d in chunk))
    return path.stat().st_size


def write_parquet(n: int, seed: int, path: Path) -> int:
    """Write the n documents `run` assesses as Parquet (the schema's columns); return the bytes."""
    import pyarrow.parquet as pq

    from zhusan.law import columnar

    rng = random.Random(seed)
    with pq.ParquetWriter(path, columnar.SCHEMA) as writer:
        for done in range(0, n, CHUNK):
            chunk = [document(rng) for _ in range(min(CHUNK, n - done))]
            writer.write_table(columnar.from_documents(chunk).table)
    return path.stat().st_size


def run_columnar(
    n: int, seed: int, parquet: bool = False
) -> tuple[float, float, Counter[str], int]:
    """Assess the n documents column-wise from a file; return the seconds, outcomes, bytes.

    Timed: reading the file (JSON Lines, or with `parquet` Parquet) into Arrow, validating,
    deciding, the date arithmetic, and counting every measure's outcome.
    """
    # One core: numpy's and Arrow's thread pools, set before numpy and Arrow are first imported
    # (the rest of the engine uses neither; tests import `document` without these effects).
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"
    import pyarrow

    from zhusan.law import columnar

    pyarrow.set_cpu_count(1)
    pyarrow.set_io_thread_count(1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("facts.parquet" if parquet else "facts.jsonl")
        size = (write_parquet if parquet else write_jsonl)(n, seed, path)
        gc.collect()
        gc.freeze()  # as for the other paths: what exists before the run is left alone
        began, began_cpu = time.perf_counter(), time.process_time()
        read = columnar.read_parquet if parquet else columnar.read_jsonl
        population = read(path)
        outcomes = columnar.Columnar().assess(population).counts()
        wall, cpu = time.perf_counter() - began, time.process_time() - began_cpu
        gc.unfreeze()
    return wall, cpu, outcomes, size


def run_single(n: int, seed: int) -> tuple[float, float]:
    """Evaluate n generated documents one at a time with `evaluate`; return the seconds."""
    rng = random.Random(seed)
    chunk = [document(rng) for _ in range(n)]
    gc.collect()
    gc.freeze()
    outcomes: Counter[str] = Counter()
    began, began_cpu = time.perf_counter(), time.process_time()
    for item in chunk:
        for measure in evaluate(item)["measures"]:
            outcomes[measure["outcome"]] += 1
    wall, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    gc.unfreeze()
    return wall, cpu


def _row(name: str, n: int, wall: float, cpu: float) -> str:
    rate, cpu_rate = n / wall, n / cpu
    return (
        f"{name:<28} {n:>10,} {wall:>9.2f} {rate:>14,.0f} {rate / FLOOR_PER_SECOND:>15.2f}x"
        f" {cpu_rate:>14,.0f}"
    )


def _columnar_floor(n: int, result: tuple[float, float, Counter[str], int], source: str) -> str:
    wall, cpu, _, size = result
    met = "met" if n / cpu >= FLOOR_PER_SECOND else "NOT met"
    return (
        f"100k/s floor (columnar path, one core, from {size / 1e6:,.1f} MB of {source}):"
        f" {met} in CPU time ({n / cpu:,.0f}/s); wall clock {n / wall:,.0f}/s;"
        " outcome counts equal the compact path's"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--single", type=int, default=100_000, help="documents for evaluate()")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--no-full", action="store_true", help="skip the full-JSON batch run")
    parser.add_argument("--no-columnar", action="store_true", help="skip the columnar run")
    args = parser.parse_args(argv)
    batch = Batch()
    wall, cpu, outcomes = run(args.n, args.seed, batch, full=False)
    full = None if args.no_full else run(args.n, args.seed, Batch(), full=True)
    column = None if args.no_columnar else run_columnar(args.n, args.seed)
    parquet = None if args.no_columnar else run_columnar(args.n, args.seed, parquet=True)
    print(f"zhusan.law {ENGINE_VERSION} ({LAW_VERSION}), Python {sys.version.split()[0]}, one core")
    print(f"compiled with mypyc: {', '.join(compiled()) or 'no (pure Python)'}")
    print(
        f"{'path':<28} {'n':>10} {'seconds':>9} {'assessments/s':>14} {'vs 100k/s floor':>16}"
        f" {'per CPU-second':>14}"
    )
    print(_row("compact (assess_many)", args.n, wall, cpu))
    if full is not None:
        print(_row("full JSON (evaluate_many)", args.n, full[0], full[1]))
        assert full[2] == outcomes, "the two batch paths disagree on outcomes"
    if column is not None:
        print(_row("columnar (JSON Lines)", args.n, column[0], column[1]))
        assert column[2] == outcomes, "the columnar path and the batch path disagree on outcomes"
    if parquet is not None:
        print(_row("columnar (Parquet)", args.n, parquet[0], parquet[1]))
        assert parquet[2] == outcomes, "the columnar path from Parquet disagrees on outcomes"
    if args.single:
        print(_row("single (evaluate)", args.single, *run_single(args.single, args.seed + 1)))
    met = "met" if args.n / cpu >= FLOOR_PER_SECOND else "NOT met"
    print(
        f"100k/s floor (compact path, one core): {met} in CPU time ({args.n / cpu:,.0f}/s);"
        f" wall clock {args.n / wall:,.0f}/s"
    )
    for result, source in ((column, "JSON Lines"), (parquet, "Parquet")):
        if result is not None:
            print(_columnar_floor(args.n, result, source))
    stats = batch.stats()
    print(
        f"decision cache: {stats['hit_rate']:.2%} hits "
        f"({stats['decisions_missed']:,} of {stats['decisions']:,} decisions computed)"
    )
    missed = stats["missed"]
    print(
        "distinct keys (= misses): "
        + ", ".join(f"{name} {missed.get(name, 0):,}" for name in sorted(stats["keys"]))
    )
    total = sum(outcomes.values())
    print("outcomes: " + ", ".join(f"{k} {v / total:.1%}" for k, v in outcomes.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
