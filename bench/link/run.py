"""Run the identity-resolution benchmark: Zhusan against Splink as a typical user configures it.

``python -m bench.link [--persons 2000] [--seed 1 | --seeds 5] [--method both|zhusan|splink]
[--strata] [--engine duckdb|spark|both]``. Both methods run on the same generated records in the same process; the table
gives pairwise and B-cubed accuracy, candidate recall (true pairs that blocking compares
directly, and true pairs joined through a path of compared true pairs), candidates per record,
sibling merges (distinct people of one family put in one cluster) and wall time. With
``--seeds N`` each seed is a fresh population; the summary gives the mean and a 95 % bootstrap
interval that resamples persons (reference report, section 6.5). About 3.4 records per person:
``--persons 300000`` gives the 1M-record tier (a manual run). ``--engine spark`` scores Zhusan's
pairs on a local Spark (``local[2]``, or ``--spark-master``); the session is started once, before
the timed runs, and its start-up is reported apart.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.link.baseline import run_baseline
from bench.link.generate import make_records
from bench.link.metrics import (
    Accuracy,
    accuracy,
    candidate_completeness,
    candidate_recall,
    person_counts,
)
from bench.link.strata import stratum_table
from bench.link.train import to_person_record
from zhusan.identity.linkage import link_records

HEADER = (
    f"{'method':<26}{'records':>9}{'pair P':>8}{'pair R':>8}{'pair F1':>9}{'B3 F1':>8}"
    f"{'cand R':>8}{'reach R':>8}{'cand/rec':>9}{'sib merges':>11}{'time s':>8}"
)
BOOTSTRAP = 200


@dataclass
class Run:
    """One method on one seed: its accuracy, time and per-person counts for the bootstrap."""

    method: str
    records: int
    acc: Accuracy
    seconds: float
    reach: float | None
    per_record: float | None
    counts: list[tuple[int, int, float]]


def row(run: Run) -> str:
    """Format one table row."""
    acc = run.acc
    reach = f"{run.reach:>8.4f}" if run.reach is not None else f"{'':>8}"
    per = f"{run.per_record:>9.1f}" if run.per_record is not None else f"{'':>9}"
    return (
        f"{run.method:<26}{run.records:>9,}{acc.pair_precision:>8.4f}{acc.pair_recall:>8.4f}"
        f"{acc.pair_f1:>9.4f}{acc.b3_f1:>8.4f}{acc.candidate_recall:>8.4f}{reach}{per}"
        f"{acc.sibling_merges:>11}{run.seconds:>8.1f}"
    )


def run_seed(
    persons: int, seed: int, method: str, strata: bool, say, engines: dict[str, Any] | None = None
) -> tuple[list[Run], list[str]]:
    """Generate one population and run the chosen methods on it."""
    records = make_records(persons, seed=seed)
    truth = {r.record_id: r.person_id for r in records}
    family = {r.person_id: r.family_id for r in records}
    inputs = [to_person_record(r) for r in records]
    say(f"generated {len(records):,} records of {persons:,} persons (seed {seed})")
    runs: list[Run] = []
    extra: list[str] = []
    for engine, db_api in (engines or {"DuckDB": None}).items():
        if method not in {"both", "zhusan"}:
            break
        started = time.perf_counter()
        result = link_records(inputs, progress=say, keep_candidates=True, db_api=db_api)
        seconds = time.perf_counter() - started
        direct, reach = candidate_completeness(result.candidates, [r.person_id for r in records])
        acc = accuracy(result.clusters, truth, family, direct)
        runs.append(
            Run(
                f"zhusan ({engine})",
                len(records),
                acc,
                seconds,
                reach,
                result.candidate_pairs / len(records),
                person_counts(result.clusters, truth),
            )
        )
        if strata and not extra:
            extra = stratum_table(records, result.clusters, result.candidates)
    if method in {"both", "splink"}:
        started = time.perf_counter()
        by_threshold, candidates = run_baseline(records)
        seconds = time.perf_counter() - started
        share = candidate_recall(candidates, truth)
        for threshold, clusters in by_threshold.items():
            acc = accuracy(clusters, truth, family, share)
            runs.append(
                Run(
                    f"splink typical (p≥{threshold})",
                    len(records),
                    acc,
                    seconds,
                    None,
                    len(candidates) / len(records),
                    person_counts(clusters, truth),
                )
            )
    return runs, extra


def bootstrap_f1(seed_counts: Sequence[list[tuple[int, int, float]]], rng: random.Random):
    """Return the 2.5 and 97.5 percentiles of the mean pairwise F1, resampling persons."""

    def f1(counts: list[tuple[int, int, float]]) -> float:
        tp = sum(c[0] for c in counts)
        actual = sum(c[1] for c in counts)
        predicted = sum(c[2] for c in counts)
        p = tp / predicted if predicted else 1.0
        r = tp / actual if actual else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    means = []
    for _ in range(BOOTSTRAP):
        means.append(
            statistics.fmean(f1(rng.choices(counts, k=len(counts))) for counts in seed_counts)
        )
    means.sort()
    return means[int(0.025 * BOOTSTRAP)], means[int(0.975 * BOOTSTRAP) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1, help="first seed")
    parser.add_argument("--seeds", type=int, default=1, help="number of seeds (populations)")
    parser.add_argument("--method", choices=["both", "zhusan", "splink"], default="both")
    parser.add_argument("--strata", action="store_true", help="per-stratum recall (Zhusan)")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--engine", choices=["duckdb", "spark", "both"], default="duckdb")
    parser.add_argument("--spark-master", default="local[2]")
    args = parser.parse_args(argv)

    def say(msg: str) -> None:
        if not args.quiet:
            print(f"  … {msg}", file=sys.stderr)

    engines: dict[str, Any] = {}
    if args.engine in {"duckdb", "both"}:
        engines["DuckDB"] = None
    if args.engine in {"spark", "both"}:
        from zhusan.identity.spark import spark_api

        started = time.perf_counter()
        engines["Spark"] = spark_api(args.spark_master)
        say(f"Spark session started in {time.perf_counter() - started:.1f}s (not in the times)")
    by_method: dict[str, list[Run]] = defaultdict(list)
    lines = [HEADER]
    for seed in range(args.seed, args.seed + args.seeds):
        runs, extra = run_seed(args.persons, seed, args.method, args.strata, say, engines)
        if args.seeds > 1:
            lines.append(f"seed {seed}")
        for run in runs:
            lines.append(row(run))
            by_method[run.method].append(run)
        lines.extend(extra)
    if args.seeds > 1:
        rng = random.Random(0)
        lines.append("")
        lines.append(
            f"mean of {args.seeds} seeds, 95 % bootstrap interval of pair F1 "
            f"({BOOTSTRAP} resamples of persons)"
        )
        lines.append(
            f"{'method':<26}{'pair F1':>9}{'95 % CI':>18}{'cand R':>8}{'sib merges':>11}"
            f"{'time s':>8}"
        )
        for method, runs in by_method.items():
            low, high = bootstrap_f1([r.counts for r in runs], rng)
            lines.append(
                f"{method:<26}{statistics.fmean(r.acc.pair_f1 for r in runs):>9.4f}"
                f"{f'[{low:.4f}, {high:.4f}]':>18}"
                f"{statistics.fmean(r.acc.candidate_recall for r in runs):>8.4f}"
                f"{statistics.fmean(r.acc.sibling_merges for r in runs):>11.1f}"
                f"{statistics.fmean(r.seconds for r in runs):>8.1f}"
            )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
