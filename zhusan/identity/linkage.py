"""Batch linkage on Splink 5: our ASCII keys and comparison levels, Splink's engine, our clusters.

Splink gives the blocking joins, the scoring SQL and the engine (DuckDB embedded by default,
Spark through ``SparkAPI`` for registries larger than one machine). We feed it precomputed
columns — folded name-token arrays, alias keys, birth-date parts, sex, gazetteer ids and blocking
keys — and the comparison levels of comparisons.py with the m/u of our trained model, so no
Cyrillic string ever reaches DuckDB's byte-level distance functions and no EM is run at link time.
Clustering is ours (clustering.py): Splink's connected components would chain siblings together.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from zhusan.identity.blocking import batch_blocking_keys
from zhusan.identity.clustering import MERGE_THRESHOLD, cluster
from zhusan.identity.comparisons import COMPARISONS
from zhusan.identity.records import Features, PersonRecord, features
from zhusan.identity.scoring import Model, default_model

PAIR_THRESHOLD = 0.01

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LinkResult:
    """Cluster id per record id, and the scored candidate pairs above the pair threshold.

    ``candidates`` (only when asked for) is every candidate pair blocking produced, as a pyarrow
    table of record positions ``l``, ``r`` in the input order: the benchmark's pair completeness.
    """

    clusters: dict[str, str]
    pairs: list[tuple[str, str, float]]
    candidate_pairs: int
    candidates: Any = None


def splink_settings(model: Model) -> dict[str, Any]:
    """Build the Splink settings: our levels with the model's m and u, our blocking keys."""
    from splink import block_on

    comparisons = []
    for comparison in COMPARISONS:
        levels: list[dict[str, Any]] = [
            {
                "sql_condition": comparison.null_sql,
                "label_for_charts": "null",
                "is_null_level": True,
            }
        ]
        for level in comparison.levels:
            levels.append(
                {
                    "sql_condition": level.sql,
                    "label_for_charts": level.label,
                    "m_probability": model.m[comparison.name][level.value],
                    "u_probability": model.u[comparison.name][level.value],
                }
            )
        comparisons.append({"output_column_name": comparison.name, "comparison_levels": levels})
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": model.prior,
        "blocking_rules_to_generate_predictions": [
            block_on("block_keys", arrays_to_explode=["block_keys"])
        ],
        "comparisons": comparisons,
        "additional_columns_to_retain": ["pat_keys"],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }


def feature_table(rows: Sequence[Features]) -> Any:
    """Lay the features out as a pyarrow table with one row per record."""
    import pyarrow as pa

    births = [f.birth for f in rows]
    return pa.table(
        {
            "unique_id": pa.array([str(i) for i in range(len(rows))], pa.string()),
            "name_keys": pa.array([list(f.name_keys) for f in rows], pa.list_(pa.string())),
            "name_key": pa.array([f.name_key for f in rows], pa.string()),
            "pat_keys": pa.array([list(f.patronymic_keys) for f in rows], pa.list_(pa.string())),
            "alias_keys": pa.array([list(f.alias_keys) for f in rows], pa.list_(pa.string())),
            "dob_y": pa.array([b.year if b else None for b in births], pa.int32()),
            "dob_m": pa.array([b.month if b else None for b in births], pa.int32()),
            "dob_d": pa.array([b.day if b else None for b in births], pa.int32()),
            "dob_def": pa.array([bool(b and b.is_default) for b in births], pa.bool_()),
            "sex": pa.array([f.sex for f in rows], pa.string()),
            "place": pa.array([f.place for f in rows], pa.string()),
            "block_keys": pa.array(batch_blocking_keys(rows), pa.list_(pa.string())),
        }
    )


def _quiet_splink() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.WARNING)


def predict_candidates(rows: Sequence[Features], model: Model, db_api: Any = None) -> Any:
    """Score every candidate pair in Splink; return a pyarrow table ``l``, ``r``, ``p``.

    ``l`` and ``r`` are positions in ``rows``; ``p`` is the match probability.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    from splink import DuckDBAPI, Linker

    _quiet_splink()
    if len(rows) < 2:
        return pa.table({"l": pa.array([], pa.int64()), "r": pa.array([], pa.int64()), "p": []})
    db_api = db_api or DuckDBAPI()
    table = feature_table(rows)
    if not _is_duckdb(db_api):
        table = _to_spark(db_api, table)
    sdf = db_api.register(table, dataset_display_name="zhusan_records")
    linker = Linker(sdf, splink_settings(model), log_level=logging.WARNING)
    predictions = linker.inference.predict(threshold_match_probability=0.0)
    result = predictions.as_pyarrow_table()
    return pa.table(
        {
            "l": pc.cast(result.column("unique_id_l"), pa.int64()),
            "r": pc.cast(result.column("unique_id_r"), pa.int64()),
            "p": pc.cast(pc.fill_null(result.column("match_probability"), 0.0), pa.float64()),
        }
    )


def score_with_splink(
    rows: Sequence[Features],
    model: Model,
    db_api: Any = None,
    threshold: float = PAIR_THRESHOLD,
) -> tuple[list[tuple[int, int, float]], int]:
    """Score all candidate pairs in Splink; return (i, j, probability) above threshold, count."""
    import pyarrow.compute as pc

    scored = predict_candidates(rows, model, db_api=db_api)
    kept = scored.filter(pc.greater_equal(scored.column("p"), threshold))
    pairs = list(
        zip(
            kept.column("l").to_pylist(),
            kept.column("r").to_pylist(),
            kept.column("p").to_pylist(),
            strict=True,
        )
    )
    return pairs, scored.num_rows


def _is_duckdb(db_api: Any) -> bool:
    return type(db_api).__name__.startswith("DuckDB")


def _to_spark(db_api: Any, table: Any) -> Any:
    """Hand a pyarrow table to the Spark session behind a SparkAPI."""
    return db_api.spark.createDataFrame(table.to_pandas())


def link_records(
    records: Sequence[PersonRecord],
    model: Model | None = None,
    progress: Progress | None = None,
    db_api: Any = None,
    merge_threshold: float = MERGE_THRESHOLD,
    pair_threshold: float = PAIR_THRESHOLD,
    keep_candidates: bool = False,
) -> LinkResult:
    """Link a batch of records into persons; every record gets a cluster id."""
    model = model or default_model()
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    rows: list[Features] = []
    for i, record in enumerate(records, start=1):
        rows.append(features(record))
        if i % 50_000 == 0:
            say(f"normalised {i:,} of {len(records):,} records")
    say(f"normalised {len(rows):,} records in {time.perf_counter() - started:.1f}s")
    started = time.perf_counter()
    import pyarrow.compute as pc

    table = predict_candidates(rows, model, db_api=db_api)
    candidates = table.num_rows
    kept = table.filter(pc.greater_equal(table.column("p"), pair_threshold))
    scored = zip(
        kept.column("l").to_pylist(),
        kept.column("r").to_pylist(),
        kept.column("p").to_pylist(),
        strict=True,
    )
    say(
        f"scored {candidates:,} candidate pairs ({candidates / max(len(rows), 1):.1f} a record) "
        f"with Splink in {time.perf_counter() - started:.1f}s"
    )
    started = time.perf_counter()
    ids = [r.record_id for r in records]
    by_id = {r.record_id: r for r in rows}
    edges = [(ids[i], ids[j], p) for i, j, p in scored]
    clusters = cluster(by_id, edges, threshold=merge_threshold)
    say(
        f"clustered into {len(set(clusters.values())):,} persons in "
        f"{time.perf_counter() - started:.1f}s"
    )
    pairs = sorted(edges, key=lambda e: (e[0], e[1]))
    return LinkResult(
        clusters=clusters,
        pairs=pairs,
        candidate_pairs=candidates,
        candidates=table.select(["l", "r"]) if keep_candidates else None,
    )
