"""`zhusan link INPUT.csv [--out CLUSTERS.csv] [--pairs PAIRS.csv] [--engine duckdb|spark]`.

Batch identity resolution; ``--engine spark [--spark-master URL]`` scores on Spark (spark.py).

The input is checked whole before anything is linked: a file with any problem is refused with
the row and field of every problem (exit 2) and nothing is written.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TextIO

from zhusan.identity.birthdates import BirthDateError, parse_birth_date
from zhusan.identity.linkage import link_records
from zhusan.identity.records import SEXES, PersonRecord

REQUIRED = ("record_id", "source", "full_name", "birth_date", "sex")
OPTIONAL = ("alias", "birth_place")
MAX_PROBLEMS_SHOWN = 200


class InputError(Exception):
    """The input file was refused; carries every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def read_records(path: str | os.PathLike[str]) -> list[PersonRecord]:
    """Read and validate the input CSV; raise InputError listing every problem."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError([f"{path}: no such file"]) from exc
    except UnicodeDecodeError as exc:
        raise InputError([f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from exc
    except OSError as exc:
        raise InputError([f"{path}: {exc.strerror}"]) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError([f"header: missing column(s) {', '.join(missing)}"])
    problems: list[str] = []
    records: list[PersonRecord] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            problems.append(f"row {line}: more fields than the header has")
        values = {k: (row.get(k) or "").strip() for k in (*REQUIRED, *OPTIONAL)}
        if any(row.get(c) is None for c in REQUIRED):
            problems.append(f"row {line}: fewer fields than the header has")
        rid = values["record_id"]
        if not rid:
            problems.append(f"row {line}, field record_id: empty")
        elif rid in seen:
            problems.append(f"row {line}, field record_id: {rid!r} repeats row {seen[rid]}")
        else:
            seen[rid] = line
        if not values["full_name"] and not values["alias"]:
            problems.append(f"row {line}, field full_name: empty (and no alias)")
        try:
            parse_birth_date(values["birth_date"])
        except BirthDateError as exc:
            problems.append(f"row {line}, field birth_date: {exc}")
        if values["sex"].lower() not in SEXES:
            problems.append(f"row {line}, field sex: {values['sex']!r} is not M, F or empty")
        aliases = tuple(a.strip() for a in values["alias"].split(";") if a.strip())
        records.append(
            PersonRecord(
                record_id=rid,
                full_name=values["full_name"],
                birth_date=values["birth_date"],
                sex=values["sex"],
                aliases=aliases,
                birth_place=values["birth_place"],
                source=values["source"],
            )
        )
    if problems:
        raise InputError(problems)
    return records


@contextmanager
def _atomic_output(path: str | None) -> Iterator[TextIO]:
    """Write to a temporary file and move it into place only when writing succeeded."""
    if path is None:
        yield sys.stdout
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def link_command(
    input_path: str,
    out: str | None = None,
    pairs: str | None = None,
    err: IO[str] | None = None,
    engine: str = "duckdb",
    spark_master: str | None = None,
) -> int:
    """Run batch linkage over a CSV; write clusters (stdout if no --out) and optional pairs.

    ``engine`` is ``duckdb`` (embedded) or ``spark`` (Splink's SparkAPI on ``spark_master``,
    else spark-submit's master, else local[2]).
    """
    err = err or sys.stderr
    try:
        records = read_records(input_path)
    except InputError as exc:
        print(f"zhusan link: refused {input_path}: {len(exc.problems)} problem(s)", file=err)
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            print(f"  {problem}", file=err)
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:
            print(f"  … and {len(exc.problems) - MAX_PROBLEMS_SHOWN} more", file=err)
        return 2
    print(f"zhusan link: {len(records):,} records from {input_path}", file=err)

    def progress(message: str) -> None:
        print(f"zhusan link: {message}", file=err, flush=True)

    db_api = None
    if engine == "spark":
        from zhusan.identity.spark import spark_api

        progress("starting Spark")
        try:
            db_api = spark_api(spark_master)
        except ImportError as exc:
            print(f"zhusan link: --engine spark needs pyspark: {exc}", file=err)
            return 2
        progress(f"Spark {db_api.spark.version} on {db_api.spark.sparkContext.master}")
    result = link_records(records, progress=progress, db_api=db_api)
    with _atomic_output(out) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["record_id", "cluster_id"])
        for record in records:
            writer.writerow([record.record_id, result.clusters[record.record_id]])
    if pairs is not None:
        with _atomic_output(pairs) as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["record_id_l", "record_id_r", "match_probability"])
            for left, right, probability in result.pairs:
                writer.writerow([left, right, f"{probability:.6f}"])
    return 0
