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
import math
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from zhusan.identity.blocking import MAX_BLOCK, batch_blocking_keys, record_blocking_keys
from zhusan.identity.clustering import MERGE_THRESHOLD, cluster
from zhusan.identity.comparisons import BEST, COMPARISONS, STAGED, inline_sql
from zhusan.identity.lexicon import is_given_name
from zhusan.identity.records import Features, PersonRecord, features
from zhusan.identity.scoring import Model, default_model

PAIR_THRESHOLD = 0.01
DUCKDB_MEMORY_LIMIT = os.environ.get("ZHUSAN_DUCKDB_MEMORY", "8GB")

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
                    "sql_condition": inline_sql(level.sql),
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
        "additional_columns_to_retain": ["pat_keys", "lex_keys"],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }


FEATURE_COLUMNS = (
    "unique_id",
    "name_keys",
    "name_key",
    "pat_keys",
    "lex_keys",
    "alias_keys",
    "dob_y",
    "dob_m",
    "dob_d",
    "dob_def",
    "sex",
    "place",
    "block_keys",
)


def feature_table(rows: Sequence[Features], purge: bool = True) -> Any:
    """Lay the features out as a pyarrow table with one row per record.

    With ``purge`` the oversized blocks are dropped here (for Splink); the DuckDB scorer drops
    them in SQL.
    """
    import pyarrow as pa

    births = [f.birth for f in rows]
    table = pa.table(
        {
            "unique_id": pa.array([str(i) for i in range(len(rows))], pa.string()),
            "name_keys": pa.array([list(f.name_keys) for f in rows], pa.list_(pa.string())),
            "name_key": pa.array([f.name_key for f in rows], pa.string()),
            "pat_keys": pa.array([list(f.patronymic_keys) for f in rows], pa.list_(pa.string())),
            "lex_keys": pa.array(
                [[k for k in f.name_keys if is_given_name(k)] for f in rows], pa.list_(pa.string())
            ),
            "alias_keys": pa.array([list(f.alias_keys) for f in rows], pa.list_(pa.string())),
            "dob_y": pa.array([b.year if b else None for b in births], pa.int32()),
            "dob_m": pa.array([b.month if b else None for b in births], pa.int32()),
            "dob_d": pa.array([b.day if b else None for b in births], pa.int32()),
            "dob_def": pa.array([bool(b and b.is_default) for b in births], pa.bool_()),
            "sex": pa.array([f.sex for f in rows], pa.string()),
            "place": pa.array([f.place for f in rows], pa.string()),
            "block_keys": pa.array(
                batch_blocking_keys(rows) if purge else [record_blocking_keys(f) for f in rows],
                pa.list_(pa.string()),
            ),
        }
    )
    assert tuple(table.column_names) == FEATURE_COLUMNS
    return table


def _quiet_splink() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _weight_sql(model: Model) -> str:
    """Return the SQL of a pair's match weight: the prior plus each comparison's log2(m/u)."""
    terms = [f"{math.log2(model.prior / (1.0 - model.prior))!r}::DOUBLE"]
    for comparison in COMPARISONS:
        cases = [f"WHEN {comparison.null_sql} THEN 0.0"]
        for level in comparison.levels:
            weight = f"{model.weight(comparison.name, level.value)!r}::DOUBLE"
            cases.append(
                f"ELSE {weight}" if level.sql == "ELSE" else f"WHEN {level.sql} THEN {weight}"
            )
        terms.append(f"(CASE {' '.join(cases)} END)")
    return " + ".join(terms)


def _pair_sql(model: Model) -> str:
    """Return DuckDB SQL that blocks, compares and weighs every candidate pair of table `recs`."""
    columns = [c for c in FEATURE_COLUMNS if c not in {"unique_id", "block_keys"}]
    sides = ", ".join(f"a.{c} AS {c}_l, b.{c} AS {c}_r" for c in columns)
    best = ", ".join(f"{sql} AS {name}" for name, sql in BEST.items())
    staged = ", ".join(f"{sql} AS {name}" for name, sql in STAGED.items())
    # Built only from our own constants and the model's numbers, never from input data.
    return f"""
        WITH exploded AS (SELECT idx, unnest(block_keys) AS k FROM recs),
        keys AS (
            SELECT idx, k FROM exploded
            QUALIFY count(*) OVER (PARTITION BY k) <= {MAX_BLOCK}
        ),
        cand AS (
            SELECT DISTINCT x.idx AS l, y.idx AS r
            FROM keys x JOIN keys y ON x.k = y.k AND x.idx < y.idx
        ),
        sides AS (
            SELECT cand.l, cand.r, {sides}
            FROM cand JOIN recs a ON a.idx = cand.l JOIN recs b ON b.idx = cand.r
        ),
        best AS (SELECT *, {best} FROM sides),
        staged AS (SELECT *, {staged} FROM best)
        SELECT l, r, {_weight_sql(model)} AS w FROM staged
    """  # noqa: S608


def predict_candidates_duckdb(rows: Sequence[Features], model: Model) -> Any:
    """Score every candidate pair in DuckDB directly; return a pyarrow table ``l``, ``r``, ``p``.

    The same blocking keys and comparison levels as the Splink path, and the same
    Fellegi–Sunter arithmetic, but each token's best similarity is computed once per pair
    instead of once per level, which makes scoring several times faster.
    """
    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc

    table = feature_table(rows, purge=False)
    recs = table.append_column("idx", pa.array(range(len(rows)), pa.int64()))
    con = duckdb.connect()
    try:
        # Python holds the features beside DuckDB; at a million records DuckDB's default (80 %
        # of RAM) ran the machine out of memory, so cap it and let joins spill to disk.
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/zhusan-duckdb'")
        con.execute("SET preserve_insertion_order = false")
        con.register("recs", recs)
        result = con.sql(_pair_sql(model)).to_arrow_table()
    finally:
        con.close()
    odds = pc.power(2.0, pc.min_element_wise(pc.max_element_wise(result.column("w"), -60.0), 60.0))
    probability = pc.divide(odds, pc.add(odds, 1.0))
    return pa.table({"l": result.column("l"), "r": result.column("r"), "p": probability})


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

    if db_api is None:
        table = predict_candidates_duckdb(rows, model)
    else:
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
        f"in {time.perf_counter() - started:.1f}s"
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
