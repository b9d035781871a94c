"""Score candidate pairs on Spark: Splink's SparkAPI, our blocking keys, our Python levels as UDFs.

The comparison levels are not rendered a third time in Spark SQL. One vectorised Arrow UDF,
``zhusan_levels``, rebuilds both records' ``Features`` from the pair's columns and returns
``comparisons.comparison_vector`` as a struct; every Splink level condition reads one field of it
(``zhusan_levels(…).name = 4``). Spark evaluates the identical call once per pair, so the levels
are the Python scorer's by construction (docs/adr/0003-spark-linkage.md). Blocking is the Splink
path's: the feature table's purged keys, exploded by Splink. pyspark is imported inside the
functions, so the package works without it.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from zhusan.identity.birthdates import BirthDate
from zhusan.identity.comparisons import COMPARISONS, comparison_vector
from zhusan.identity.linkage import feature_table, splink_settings
from zhusan.identity.records import Features
from zhusan.identity.scoring import Model

DEFAULT_MASTER = "local[2]"
LEVELS_UDF = "zhusan_levels"
# The feature-table columns a comparison reads, in the UDF's argument order (each side).
UDF_COLUMNS = ("name_keys", "pat_keys", "alias_keys", "dob_y", "dob_m", "dob_d", "sex", "place")
# Settings of a local run (a cluster keeps whatever it was configured with). Few partitions:
# Spark's default of 200 costs more in task overhead than the work in them. Spark's default
# driver heap of 1 GB ran out at 20,000 persons (68,000 records), and a JVM out of memory leaves
# the Python side waiting forever, so let it exit instead.
LOCAL_CONFIG = {
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "8",
    "spark.driver.memory": "4g",
    "spark.driver.extraJavaOptions": "-XX:+ExitOnOutOfMemoryError",
}


def spark_session(master: str | None = None, config: dict[str, str] | None = None) -> Any:
    """Start or join a Spark session: on `master`, else spark-submit's, else $MASTER or local[2].

    ``config`` adds Spark settings, over LOCAL_CONFIG on a local master (driver memory and Java
    options too, unless under spark-submit, whose JVM is already running).
    """
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("zhusan link")
    # Under spark-submit the JVM and its settings (master, memory, jars) are already there.
    submitted = master is None and "PYSPARK_GATEWAY_PORT" in os.environ
    if not submitted:
        master = master or os.environ.get("MASTER") or DEFAULT_MASTER
        builder = builder.master(master)
    settings = {"spark.ui.showConsoleProgress": "false"}
    if master and master.startswith("local"):
        # Local Python workers must be this interpreter (the one with zhusan and pyarrow), not
        # whatever `python3` is first on PATH; on a cluster the executors' Python is their own.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        settings.update(LOCAL_CONFIG)
    settings.update(config or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_api(
    master: str | None = None, session: Any = None, config: dict[str, str] | None = None
) -> Any:
    """Return a Splink SparkAPI on a session (spark_session's) with our levels UDF registered."""
    from splink import SparkAPI

    session = session or spark_session(master, config)
    register_udfs(session)
    # Splink writes intermediate tables as parquet under the checkpoint directory when there is
    # one (spark.checkpoint.dir on a cluster); without one, it keeps them persisted instead.
    lineage = "parquet" if session.sparkContext.getCheckpointDir() else "persist"
    # Our levels need no Jaro-Winkler from Splink's jar, so it is not registered.
    return SparkAPI(
        spark_session=session, break_lineage_method=lineage, register_udfs_automatically=False
    )


def _features(row: Sequence[Any]) -> Features:
    """Rebuild the compared part of a record's Features from its UDF_COLUMNS values."""
    name_keys, pat_keys, alias_keys, year, month, day, sex, place = row
    return Features(
        record_id="",
        name_keys=tuple(name_keys or ()),
        alias_keys=tuple(alias_keys or ()),
        birth=BirthDate(year, month, day) if year is not None else None,
        sex=sex,
        place=place,
        patronymic_keys=tuple(pat_keys or ()),
    )


def levels_batch(*columns: pa.Array) -> pa.Array:
    """Return every comparison's level for a batch of pairs (left columns, then right)."""
    half = len(UDF_COLUMNS)
    values = [column.to_pylist() for column in columns]
    left = zip(*values[:half], strict=True)
    right = zip(*values[half:], strict=True)
    vectors = [
        comparison_vector(_features(a), _features(b)) for a, b in zip(left, right, strict=True)
    ]
    return pa.StructArray.from_arrays(
        [pa.array([v[c.name] for v in vectors], pa.int32()) for c in COMPARISONS],
        names=[c.name for c in COMPARISONS],
    )


def register_udfs(session: Any) -> None:
    """Register ``zhusan_levels`` (an Arrow UDF over levels_batch) on a Spark session."""
    from pyspark.sql.functions import arrow_udf

    # The UDF type comes from levels_batch's pyarrow hints; pyspark's stubs insist on naming it,
    # which pyspark itself warns against, hence the untyped handle.
    make_udf: Any = arrow_udf
    fields = ", ".join(f"{c.name}: int" for c in COMPARISONS)
    levels = make_udf(levels_batch, f"struct<{fields}>")
    session.udf.register(LEVELS_UDF, levels)


def _levels_call() -> str:
    columns = [f"{c}_l" for c in UDF_COLUMNS] + [f"{c}_r" for c in UDF_COLUMNS]
    return f"{LEVELS_UDF}({', '.join(columns)})"


def spark_settings(model: Model) -> dict[str, Any]:
    """Build the Splink settings for Spark: the DuckDB path's, each level read from the UDF."""
    settings = splink_settings(model)
    settings["additional_columns_to_retain"] = []
    call = _levels_call()
    for comparison, spec in zip(COMPARISONS, settings["comparisons"], strict=True):
        level = f"{call}.{comparison.name}"
        null, *levels = spec["comparison_levels"]
        null["sql_condition"] = f"{level} IS NULL"
        for ours, theirs in zip(comparison.levels, levels, strict=True):
            theirs["sql_condition"] = f"{level} = {ours.value}"
    return settings


def predict_candidates_spark(rows: Sequence[Features], model: Model, db_api: Any) -> Any:
    """Score every candidate pair on Spark; return a pyarrow table ``l``, ``r``, ``p``.

    The feature table (with its oversized blocks purged) is built on the driver, as for Splink on
    DuckDB; Spark explodes the keys, joins, computes the levels in the UDF and the weights.
    """
    import pyarrow.compute as pc
    from splink import Linker

    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if len(rows) < 2:
        return pa.table({"l": pa.array([], pa.int64()), "r": pa.array([], pa.int64()), "p": []})
    # Only what the UDF and blocking read goes to Spark.
    table = feature_table(rows).select(["unique_id", *UDF_COLUMNS, "block_keys"])
    sdf = db_api.register(db_api.spark.createDataFrame(table))
    linker = Linker(sdf, spark_settings(model), log_level=logging.WARNING)
    result = linker.inference.predict(threshold_match_probability=0.0).as_pyarrow_table()
    left = pc.cast(result.column("unique_id_l"), pa.int64())
    right = pc.cast(result.column("unique_id_r"), pa.int64())
    # Splink orders a pair by its string ids ("10" < "9"); put the earlier record on the left,
    # as the DuckDB scorer does, so that clustering breaks ties between equal scores the same way.
    return pa.table(
        {
            "l": pc.min_element_wise(left, right),
            "r": pc.max_element_wise(left, right),
            "p": pc.cast(pc.fill_null(result.column("match_probability"), 0.0), pa.float64()),
        }
    )
