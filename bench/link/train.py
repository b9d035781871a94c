"""Estimate the Fellegi–Sunter m/u of zhusan/identity/data/weights.json on a training population.

Run: ``python -m bench.link.train [--persons N] [--seed S]``. The training seed (1001 by default)
is never used by the benchmark runner, whose seeds start at 1, and the training population draws
its names from the "train" vocabulary only: the fifth the benchmark holds out is never seen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from bench.link.generate import make_records
from zhusan.identity.blocking import BlockingIndex
from zhusan.identity.records import PersonRecord, features
from zhusan.identity.scoring import WEIGHTS_PATH, estimate_model

TRAIN_SEED = 1001


def to_person_record(r) -> PersonRecord:
    """Turn a generated record into the linkage input type."""
    aliases = tuple(a for a in r.alias.split(";") if a.strip())
    return PersonRecord(
        record_id=r.record_id,
        full_name=r.full_name,
        birth_date=r.birth_date,
        sex=r.sex,
        aliases=aliases,
        birth_place=r.birth_place,
        source=r.source,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=TRAIN_SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    records = make_records(args.persons, seed=args.seed, vocabulary="train")
    truth = {r.record_id: r.person_id for r in records}
    feats = {r.record_id: features(to_person_record(r)) for r in records}
    index = BlockingIndex()
    for f in feats.values():
        index.add(f)
    pairs = ((feats[a], feats[b], truth[a] == truth[b]) for a, b in index.pairs())
    model = estimate_model(
        pairs,
        trained_on={
            "generator": "bench/link/generate.py",
            "vocabulary": "train",
            "persons": args.persons,
            "records": len(records),
            "seed": args.seed,
            "date": dt.date.today().isoformat(),
        },
    )
    WEIGHTS_PATH.write_text(model.to_json() + "\n", encoding="utf-8")
    print(
        f"wrote {WEIGHTS_PATH} from {model.trained_on['pairs']:,} candidate pairs "
        f"({model.trained_on['matches']:,} matches) in {time.perf_counter() - started:.0f}s"
    )
    for name, levels in model.m.items():
        ws = {lv: round(model.weight(name, lv), 2) for lv in levels}
        print(f"  {name}: {ws}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
