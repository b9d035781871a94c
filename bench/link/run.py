"""Run the identity-resolution benchmark: Zhusan against Splink as a typical user configures it.

``python -m bench.link [--persons 2000] [--seed 1] [--method both|zhusan|splink]``. Both methods
run on the same generated records in the same process; the table gives pairwise and B-cubed
accuracy, candidate recall (true pairs surviving blocking), sibling merges (distinct people of one
family put in one cluster) and wall time. About 3.35 records per person: --persons 300000 gives
the 1M-record tier (a manual run).
"""

from __future__ import annotations

import argparse
import sys
import time

from bench.link.baseline import run_baseline
from bench.link.generate import make_records
from bench.link.metrics import Accuracy, accuracy, candidate_recall
from bench.link.train import to_person_record
from zhusan.identity.blocking import BlockingIndex
from zhusan.identity.linkage import link_records
from zhusan.identity.records import features

HEADER = (
    f"{'method':<28}{'records':>9}{'pair P':>8}{'pair R':>8}{'pair F1':>9}{'B3 F1':>8}"
    f"{'cand R':>8}{'sib merges':>11}{'time s':>8}"
)


def row(name: str, n: int, acc: Accuracy, seconds: float) -> str:
    """Format one table row."""
    return (
        f"{name:<28}{n:>9,}{acc.pair_precision:>8.4f}{acc.pair_recall:>8.4f}{acc.pair_f1:>9.4f}"
        f"{acc.b3_f1:>8.4f}{acc.candidate_recall:>8.4f}{acc.sibling_merges:>11}{seconds:>8.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--method", choices=["both", "zhusan", "splink"], default="both")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    def say(msg: str) -> None:
        if not args.quiet:
            print(f"  … {msg}", file=sys.stderr)

    records = make_records(args.persons, seed=args.seed)
    truth = {r.record_id: r.person_id for r in records}
    family = {r.person_id: r.family_id for r in records}
    inputs = [to_person_record(r) for r in records]
    say(f"generated {len(records):,} records of {args.persons:,} persons (seed {args.seed})")
    lines = [HEADER]
    if args.method in {"both", "zhusan"}:
        started = time.perf_counter()
        result = link_records(inputs, progress=say)
        seconds = time.perf_counter() - started
        index = BlockingIndex()
        for record in inputs:
            index.add(features(record))
        share = candidate_recall(index.pairs(), truth)
        acc = accuracy(result.clusters, truth, family, share)
        lines.append(row("zhusan (Splink engine)", len(records), acc, seconds))
    if args.method in {"both", "splink"}:
        started = time.perf_counter()
        by_threshold, candidates = run_baseline(records)
        seconds = time.perf_counter() - started
        share = candidate_recall(candidates, truth)
        for threshold, clusters in by_threshold.items():
            acc = accuracy(clusters, truth, family, share)
            lines.append(row(f"splink typical (p≥{threshold})", len(records), acc, seconds))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
