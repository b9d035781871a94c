"""Batch linkage on Splink 5: our ASCII keys and comparison levels, Splink's engine, our clusters.

Splink gives the blocking joins, the scoring SQL and the engine (DuckDB embedded by default,
Spark through ``SparkAPI`` for registries larger than one machine). We feed it precomputed
columns — folded name-token arrays, alias keys, birth-date parts, sex, gazetteer ids and blocking
keys — and the comparison levels of comparisons.py with the m/u of our trained model, so no
Cyrillic string ever reaches DuckDB's byte-level distance functions and no EM is run at link time.
Clustering is ours (clustering.py): Splink's connected components would chain siblings together.

Without a ``db_api`` the same keys and levels run in our own DuckDB SQL
(``score_candidates_duckdb``), built for a million records on two cores: features and key
hashes are computed in worker processes, oversized blocks are split rather than dropped, pairs
that clustering would refuse on sex or birth year are not weighed, and candidate pairs are
de-duplicated and scored a chunk at a time, so only the pairs worth keeping are ever held.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import math
import os
import tempfile
import time
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from zhusan.identity.birthdates import BirthDate
from zhusan.identity.blocking import (
    COARSE_FACTOR,
    PAIRS,
    batch_blocking_keys,
    block_cap,
    coarse_date_keys,
    record_blocking_keys,
)
from zhusan.identity.clustering import MERGE_THRESHOLD, cluster
from zhusan.identity.comparisons import BEST, COMPARISONS, STAGED, inline_sql
from zhusan.identity.lexicon import is_given_name
from zhusan.identity.records import Features, PersonRecord, features
from zhusan.identity.scoring import Model, default_model

PAIR_THRESHOLD = 0.01
DUCKDB_MEMORY_LIMIT = os.environ.get("ZHUSAN_DUCKDB_MEMORY", "8GB")
# Pairs of block members (before de-duplication across keys) scored in one DuckDB query.
CHUNK_PAIRS = 40_000_000
# Records normalised per task in a worker process, and the number of workers (2 cores here).
PREPARE_SLICE = 20_000
MIN_SLICE = 2_000
WORKERS = min(os.cpu_count() or 1, int(os.environ.get("ZHUSAN_WORKERS", "2")))
# clustering.cannot_link refuses birth years further apart (birthdates.impossible_gap).
YEAR_GAP = 2

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

    With ``purge`` the oversized blocks are split here as the DuckDB scorer splits them in SQL
    (blocking.batch_blocking_keys), for the Splink paths.
    """
    import pyarrow as pa

    keys = batch_blocking_keys(rows) if purge else [record_blocking_keys(f) for f in rows]
    table = pa.table(
        {
            "unique_id": pa.array([str(i) for i in range(len(rows))], pa.string()),
            **_feature_columns(rows),
            "block_keys": pa.array(keys, pa.list_(pa.string())),
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


def _compatible_sql(a: str, b: str) -> str:
    """Return SQL that is false when clustering would refuse the pair on sex or birth year."""
    return (
        f"({a}.sex IS NULL OR {b}.sex IS NULL OR {a}.sex = {b}.sex) AND "
        f"({a}.dob_y IS NULL OR {b}.dob_y IS NULL OR abs({a}.dob_y - {b}.dob_y) <= {YEAR_GAP})"
    )


_CAND_SIDES = "cand JOIN recs a ON a.idx = cand.l JOIN recs b ON b.idx = cand.r"


def _score_sql(model: Model, min_weight: float | None, compatible_only: bool) -> str:
    """Return DuckDB SQL that compares and weighs the candidate pairs of table `cand`."""
    columns = [c for c in FEATURE_COLUMNS if c not in {"unique_id", "block_keys"}]
    sides = ", ".join(f"a.{c} AS {c}_l, b.{c} AS {c}_r" for c in columns)
    best = ", ".join(f"{sql} AS {name}" for name, sql in BEST.items())
    staged = ", ".join(f"{sql} AS {name}" for name, sql in STAGED.items())
    where = f"WHERE {_compatible_sql('a', 'b')}" if compatible_only else ""
    keep = f"WHERE w >= {min_weight!r}" if min_weight is not None else ""
    # Built only from our own constants and the model's numbers, never from input data.
    return f"""
        WITH sides AS (
            SELECT cand.l, cand.r, {sides}
            FROM {_CAND_SIDES}
            {where}
        ),
        best AS (SELECT *, {best} FROM sides),
        staged AS (SELECT *, {staged} FROM best),
        weighed AS (SELECT l, r, {_weight_sql(model)} AS w FROM staged)
        SELECT l, r, w FROM weighed {keep}
    """  # noqa: S608


def _feature_columns(rows: Sequence[Features]) -> dict[str, Any]:
    """Return the compared columns, one value per record, as pyarrow arrays."""
    import pyarrow as pa

    births = [f.birth for f in rows]
    return {
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
    }


def _record_table(rows: Sequence[Features]) -> Any:
    """Lay out the compared columns (no blocking keys) with each record's position ``idx``."""
    import pyarrow as pa

    return pa.table({"idx": pa.array(range(len(rows)), pa.int32()), **_feature_columns(rows)})


Keys = tuple[array, array, array]  # record positions, key hashes, pairing bits


def _hashed_keys(rows: Sequence[Features], start: int = 0) -> Keys:
    """Return (record position, key hash, bits) of every blocking key of the records, flat.

    The bits are -1 for a key whose records all pair, else the record's bits for an
    asymmetric coarse-date key (blocking.coarse_date_keys). Python's string hash is fixed
    within one process and its forked workers, which is all one batch needs; two keys with the
    same 64-bit hash would only add candidate pairs.
    """
    positions = array("i")
    hashes = array("q")
    bits = array("b")
    for i, f in enumerate(rows, start):
        keys = record_blocking_keys(f)
        coarse = coarse_date_keys(f)
        positions.extend([i] * (len(keys) + len(coarse)))
        hashes.extend(hash(k) for k in keys)
        hashes.extend(hash(k) for k, _ in coarse)
        bits.extend([-1] * len(keys))
        bits.extend(b for _, b in coarse)
    return positions, hashes, bits


def _key_table(positions: array, hashes: array, bits: array) -> Any:
    """Lay out the exploded blocking keys as a table ``idx``, ``k`` (hashes), ``b`` (bits)."""
    import numpy as np
    import pyarrow as pa

    return pa.table(
        {
            "idx": pa.array(np.frombuffer(positions, dtype=np.int32)),
            "k": pa.array(np.frombuffer(hashes, dtype=np.int64).view(np.uint64)),
            "b": pa.array(np.frombuffer(bits, dtype=np.int8)),
        }
    )


_PACKED = tuple(field.name for field in dataclasses.fields(Features))
_BIRTH = _PACKED.index("birth")


def _pack(f: Features) -> tuple[Any, ...]:
    """Flatten features to plain tuples: pickling dataclasses back from a worker is 7x slower.

    Every field goes, in the dataclass's order, so a new feature cannot be lost on the way.
    """
    values = [getattr(f, name) for name in _PACKED]
    birth = values[_BIRTH]
    values[_BIRTH] = (birth.year, birth.month, birth.day) if birth else None
    return tuple(values)


def _unpack(t: tuple[Any, ...]) -> Features:
    values = list(t)
    if values[_BIRTH]:
        values[_BIRTH] = BirthDate(*values[_BIRTH])
    return Features(*values)


def _prepare(chunk: tuple[int, Sequence[PersonRecord]]) -> tuple[list[Any], array, array, array]:
    """Compute the packed features and hashed blocking keys of one slice of the input."""
    start, records = chunk
    rows = [features(r) for r in records]
    return ([_pack(f) for f in rows], *_hashed_keys(rows, start))


def prepare(
    records: Sequence[PersonRecord], workers: int = WORKERS, progress: Progress | None = None
) -> tuple[list[Features], Any]:
    """Return every record's features and the table of blocking keys, in worker processes.

    Normalisation is pure Python, one record at a time, so it is split into slices computed
    by forked processes (the string hashes of the keys agree across a fork).
    """
    say = progress or (lambda _msg: None)
    # At most PREPARE_SLICE records a task, and some four tasks a worker, so that the workers
    # finish together (two slices of 20,000 and one of 8,500 leave one worker idle a third).
    size = min(PREPARE_SLICE, max(MIN_SLICE, -(-len(records) // (4 * max(workers, 1)))))
    slices = [(start, records[start : start + size]) for start in range(0, len(records), size)]
    rows: list[Features] = []
    positions, hashes, bits = array("i"), array("q"), array("b")
    if workers > 1 and len(slices) > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = pool.imap(_prepare, slices)
            for part, where, keys, pairing in done:
                rows.extend(_unpack(t) for t in part)
                positions.extend(where)
                hashes.extend(keys)
                bits.extend(pairing)
                say(f"normalised {len(rows):,} of {len(records):,} records")
    else:
        for start, chunk in slices:
            part = [features(r) for r in chunk]
            where, keys, pairing = _hashed_keys(part, start)
            rows.extend(part)
            positions.extend(where)
            hashes.extend(keys)
            bits.extend(pairing)
            if len(slices) > 1:
                say(f"normalised {len(rows):,} of {len(records):,} records")
    return rows, _key_table(positions, hashes, bits)


def _purge_sql(cap: int) -> list[str]:
    """Return the statements that build table `keys` from `key_arrow` and its block `sized`.

    A key shared by more than `cap` records is not dropped at once but split by sex and by
    four-year bucket of the birth year, twice with buckets offset by two years, so that two
    records of one sex born up to two years apart still share a sub-block: pairs across the
    split are pairs clustering refuses anyway. Only sub-blocks still above `cap`, and the
    records without a birth year in a split block, are left out ("block purging"). A
    coarse-date block (bits ``b`` ≥ 0) is kept whole while its asymmetric pairs stay within
    COARSE_FACTOR times the cap (blocking.coarse_pairs).
    """
    c = [f"count(*) FILTER (WHERE b = {bits})" for bits in range(4)]
    coarse = f"{c[0]} * {c[3]} + {c[1]} * {c[2]} + {c[1]} * {c[3]} + {c[2]} * {c[3]} + {c[3]} * ({c[3]} - 1) // 2"
    # Built only from our own constants, never from input data.
    return [
        f"""CREATE TEMP TABLE refined AS
            SELECT a.idx, hash(a.k, s.sex, (r.dob_y + o.off) // 4, o.off) AS k
            FROM key_arrow a JOIN sized z ON a.k = z.k AND z.n > {cap}
            JOIN recs r ON r.idx = a.idx
            CROSS JOIN (VALUES ('M'), ('F')) s(sex) CROSS JOIN (VALUES (0), (2)) o(off)
            WHERE r.dob_y IS NOT NULL AND (r.sex IS NULL OR r.sex = s.sex)""",  # noqa: S608
        f"""CREATE TEMP TABLE keys AS
            SELECT a.idx, a.k, -1::TINYINT AS b FROM key_arrow a
            JOIN sized z ON a.k = z.k AND z.n <= {cap}
            UNION ALL
            SELECT idx, k, -1::TINYINT FROM refined WHERE k IN (
                SELECT k FROM refined GROUP BY k HAVING count(*) <= {cap})
            UNION ALL
            SELECT idx, k, b FROM key_arrow WHERE b >= 0 AND k IN (
                SELECT k FROM key_arrow WHERE b >= 0 GROUP BY k
                HAVING {coarse} BETWEEN 1 AND {COARSE_FACTOR * cap})""",  # noqa: S608
        "DROP TABLE refined",
        "DROP TABLE sized",
    ]


def _connect() -> Any:
    import duckdb

    con = duckdb.connect()
    # Python holds the features beside DuckDB; at a million records DuckDB's default (80 % of
    # RAM) ran the machine out of memory, so cap it and let joins spill to disk.
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/zhusan-duckdb'")
    con.execute("SET preserve_insertion_order = false")
    return con


def _count(con: Any, sql: str) -> int:
    return int(con.sql(sql).fetchall()[0][0])


def _probabilities(weights: Any) -> Any:
    import pyarrow.compute as pc

    odds = pc.power(2.0, pc.min_element_wise(pc.max_element_wise(weights, -60.0), 60.0))
    return pc.divide(odds, pc.add(odds, 1.0))


@dataclass(frozen=True)
class Scored:
    """The DuckDB scorer's output: kept pairs ``l``, ``r``, ``p``, and what blocking produced.

    ``candidate_pairs`` counts the pairs that share a blocking key; ``compared`` those of them
    that clustering could merge at all (sex and birth year compatible), which are the ones
    compared and weighed; ``candidates`` holds every candidate pair ``l``, ``r`` when asked for.
    """

    pairs: Any
    candidate_pairs: int
    compared: int
    candidates: Any = None


def score_candidates_duckdb(
    rows: Sequence[Features],
    model: Model,
    threshold: float | None = PAIR_THRESHOLD,
    compatible_only: bool = True,
    keep_candidates: bool = False,
    max_block: int | None = None,
    chunk_pairs: int = CHUNK_PAIRS,
    progress: Progress | None = None,
    keys: Any = None,
) -> Scored:
    """Block, compare and weigh in DuckDB, a chunk of candidate pairs at a time.

    Records are split by position into as many chunks as it takes to keep each chunk's share of
    the block pairs under ``chunk_pairs``; each chunk's candidates are de-duplicated, scored and
    filtered to ``threshold`` before the next, so nothing larger than a chunk is materialised.
    With ``compatible_only`` a pair of different sexes or birth years more than two apart is
    not weighed: clustering would refuse it whatever its score. ``keys`` is the table of
    blocking keys from ``prepare``, computed here when not given.
    """
    import pyarrow as pa

    say = progress or (lambda _msg: None)
    min_weight = None
    if threshold is not None and threshold > 0.0:
        # A hair below the threshold's weight: the exact test is on p, in Python below.
        min_weight = math.log2(threshold / (1.0 - threshold)) - 1e-6
    con = _connect()
    try:
        con.register("recs", _record_table(rows))
        con.register("key_arrow", keys if keys is not None else _key_table(*_hashed_keys(rows)))
        con.execute(
            "CREATE TEMP TABLE sized AS SELECT k, count(*) AS n FROM key_arrow WHERE b < 0 GROUP BY k"
        )
        histogram = con.sql("SELECT n, count(*) FROM sized WHERE n > 1 GROUP BY n").fetchall()
        cap = max_block if max_block is not None else block_cap(dict(histogram), len(rows))
        for statement in _purge_sql(cap):
            con.execute(statement)
        con.unregister("key_arrow")
        block_pairs = _count(
            con,
            "SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM "
            "(SELECT count(*)::BIGINT AS n FROM keys WHERE b < 0 GROUP BY k)",
        ) + _count(con, "SELECT count(*) FROM keys WHERE b >= 0")
        chunks = max(1, math.ceil(block_pairs / chunk_pairs))
        say(
            f"blocks kept up to {cap} records: {block_pairs / max(len(rows), 1):.1f} block pairs "
            f"a record, in {chunks} chunk{'s' if chunks > 1 else ''}"
        )
        score_sql = _score_sql(model, min_weight, compatible_only)
        compatible = _compatible_sql("a", "b")
        count_compatible = f"SELECT count(*) FROM {_CAND_SIDES} WHERE {compatible}"  # noqa: S608
        kept: list[Any] = []
        candidates: list[Any] = []
        total = compared = 0
        for chunk in range(chunks):
            con.execute(
                f"""CREATE OR REPLACE TEMP TABLE cand AS
                SELECT DISTINCT x.idx AS l, y.idx AS r
                FROM keys x JOIN keys y ON x.k = y.k AND x.idx < y.idx
                WHERE x.idx % {chunks} = {chunk} AND (x.b < 0 OR (x.b | y.b) = {PAIRS})"""  # noqa: S608
            )
            n = _count(con, "SELECT count(*) FROM cand")
            total += n
            if compatible_only:
                compared += _count(con, count_compatible)
            else:
                compared += n
            if keep_candidates:
                candidates.append(con.sql("SELECT l, r FROM cand").to_arrow_table())
            result = con.sql(score_sql).to_arrow_table()
            kept.append(
                pa.table(
                    {
                        "l": result.column("l"),
                        "r": result.column("r"),
                        "p": _probabilities(result.column("w")),
                    }
                )
            )
            if chunks > 1:
                say(f"chunk {chunk + 1} of {chunks}: {total:,} candidate pairs so far")
    finally:
        con.close()
    pairs = pa.concat_tables(kept)
    if threshold is not None and threshold > 0.0:
        import pyarrow.compute as pc

        pairs = pairs.filter(pc.greater_equal(pairs.column("p"), threshold))
    return Scored(
        pairs=pairs,
        candidate_pairs=total,
        compared=compared,
        candidates=pa.concat_tables(candidates) if keep_candidates else None,
    )


def predict_candidates_duckdb(rows: Sequence[Features], model: Model) -> Any:
    """Score every candidate pair in DuckDB directly; return a pyarrow table ``l``, ``r``, ``p``.

    The same blocking keys and comparison levels as the Splink path, and the same
    Fellegi–Sunter arithmetic, but each token's best similarity is computed once per pair
    instead of once per level, which makes scoring several times faster.
    """
    return score_candidates_duckdb(rows, model, threshold=None, compatible_only=False).pairs


def predict_candidates(rows: Sequence[Features], model: Model, db_api: Any = None) -> Any:
    """Score every candidate pair in Splink; return a pyarrow table ``l``, ``r``, ``p``.

    ``l`` and ``r`` are positions in ``rows``; ``p`` is the match probability.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    from splink import DuckDBAPI, Linker

    if type(db_api).__name__.startswith("Spark"):
        from zhusan.identity.spark import predict_candidates_spark

        return predict_candidates_spark(rows, model, db_api)
    _quiet_splink()
    if len(rows) < 2:
        return pa.table({"l": pa.array([], pa.int64()), "r": pa.array([], pa.int64()), "p": []})
    db_api = db_api or DuckDBAPI()
    sdf = db_api.register(feature_table(rows), dataset_display_name="zhusan_records")
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


def link_records(
    records: Sequence[PersonRecord],
    model: Model | None = None,
    progress: Progress | None = None,
    db_api: Any = None,
    merge_threshold: float = MERGE_THRESHOLD,
    pair_threshold: float = PAIR_THRESHOLD,
    keep_candidates: bool = False,
    workers: int = WORKERS,
) -> LinkResult:
    """Link a batch of records into persons; every record gets a cluster id."""
    # The records and their features live for the whole run: the collector need not walk them
    # again and again while the pairs and groups are built (10-15 % of the clustering).
    gc.freeze()
    try:
        return _link(
            records, model, progress, db_api, merge_threshold, pair_threshold, keep_candidates,
            workers,
        )  # fmt: skip
    finally:
        gc.unfreeze()


def _link(
    records: Sequence[PersonRecord],
    model: Model | None,
    progress: Progress | None,
    db_api: Any,
    merge_threshold: float,
    pair_threshold: float,
    keep_candidates: bool,
    workers: int,
) -> LinkResult:
    model = model or default_model()
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    rows, keys = prepare(records, workers=workers, progress=say)
    say(f"normalised {len(rows):,} records in {time.perf_counter() - started:.1f}s")
    gc.freeze()
    started = time.perf_counter()
    import pyarrow.compute as pc

    candidate_table = None
    if db_api is None:
        result = score_candidates_duckdb(
            rows,
            model,
            threshold=pair_threshold,
            keep_candidates=keep_candidates,
            progress=say,
            keys=keys,
        )
        kept, candidates = result.pairs, result.candidate_pairs
        candidate_table = result.candidates
        compared = f", {result.compared:,} of them compared"
    else:
        table = predict_candidates(rows, model, db_api=db_api)
        candidates, compared = table.num_rows, ""
        kept = table.filter(pc.greater_equal(table.column("p"), pair_threshold))
        if keep_candidates:
            candidate_table = table.select(["l", "r"])
    scored = zip(
        kept.column("l").to_pylist(),
        kept.column("r").to_pylist(),
        kept.column("p").to_pylist(),
        strict=True,
    )
    say(
        f"scored {candidates:,} candidate pairs ({candidates / max(len(rows), 1):.1f} a record"
        f"{compared}) in {time.perf_counter() - started:.1f}s"
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
    pairs = sorted(edges)  # by the two ids: a pair appears once, so p never decides
    return LinkResult(
        clusters=clusters,
        pairs=pairs,
        candidate_pairs=candidates,
        candidates=candidate_table,
    )
