"""The Spark path of `zhusan link`: the Python scorer's probabilities, the DuckDB path's clusters.

One local Spark session (local[2]) serves the whole module; starting it is most of the time.
pyspark and Java are installed by the project (the `dev` extra, the Makefile and .ci/run), so
these tests run in `make test` and are never skipped.
"""

import csv
import io
from collections import defaultdict
from itertools import combinations

import pytest

from bench.link.generate import make_records
from bench.link.train import to_person_record
from zhusan.identity.blocking import batch_blocking_keys
from zhusan.identity.cli import OPTIONAL, REQUIRED, link_command
from zhusan.identity.comparisons import comparison_vector
from zhusan.identity.linkage import link_records, predict_candidates, predict_candidates_duckdb
from zhusan.identity.records import features
from zhusan.identity.scoring import default_model, score
from zhusan.identity.spark import LEVELS_UDF, spark_api, spark_settings

pytestmark = pytest.mark.spark


# A JVM that lives for seconds: the C1 compiler alone and the serial collector halve its start-up
# and warm-up on two busy cores (23 s instead of 46 s for the first scoring, measured).
FAST_START = {
    "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
    "-XX:+ExitOnOutOfMemoryError"
}


@pytest.fixture(scope="module")
def api():
    return spark_api("local[2]", config=FAST_START)


@pytest.fixture(scope="module")
def generated():
    return [to_person_record(r) for r in make_records(150, seed=7)]


def _by_pair(table):
    return {
        (min(a, b), max(a, b)): p
        for a, b, p in zip(*(table.column(c).to_pylist() for c in "lrp"), strict=True)
    }


def _purged_pairs(rows):
    """Return the pairs that share a blocking key after purging, counted in Python."""
    blocks = defaultdict(list)
    for i, keys in enumerate(batch_blocking_keys(rows)):
        for key in keys:
            blocks[key].append(i)
    return {pair for members in blocks.values() for pair in combinations(members, 2)}


def test_every_spark_level_reads_the_python_levels_udf():
    for comparison in spark_settings(default_model())["comparisons"]:
        for level in comparison["comparison_levels"]:
            assert level["sql_condition"].startswith(f"{LEVELS_UDF}(")


def test_spark_scores_the_duckdb_candidates_with_the_python_probabilities(api, generated):
    rows = [features(r) for r in generated]
    on_spark = _by_pair(predict_candidates(rows, default_model(), db_api=api))
    on_duckdb = _by_pair(predict_candidates_duckdb(rows, default_model()))
    assert len(on_spark) > 1000
    assert set(on_spark) == _purged_pairs(rows) == set(on_duckdb)
    for (i, j), p in on_spark.items():
        expected = score(rows[i], rows[j]).probability
        assert p == pytest.approx(expected, abs=1e-9), comparison_vector(rows[i], rows[j])
        assert p == pytest.approx(on_duckdb[(i, j)], abs=1e-9)


def test_spark_and_duckdb_give_the_same_clusters(api, generated):
    on_duckdb = link_records(generated)
    on_spark = link_records(generated, db_api=api)
    assert on_spark.clusters == on_duckdb.clusters
    assert len(set(on_spark.clusters.values())) < len(generated) * 0.6


def test_the_cli_writes_the_same_clusters_file_on_either_engine(api, tmp_path, generated):
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*REQUIRED, *OPTIONAL])
        for r in generated:
            writer.writerow(
                [r.record_id, r.source, r.full_name, r.birth_date, r.sex]
                + [";".join(r.aliases), r.birth_place]
            )
    outputs = {}
    for engine in ("duckdb", "spark"):
        out, err = tmp_path / f"{engine}.csv", io.StringIO()
        assert link_command(str(src), out=str(out), err=err, engine=engine) == 0, err.getvalue()
        outputs[engine] = out.read_text(encoding="utf-8")
    assert outputs["spark"] == outputs["duckdb"]
    assert len(outputs["spark"].splitlines()) == len(generated) + 1
