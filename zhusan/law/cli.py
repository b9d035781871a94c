"""Glue for `zhusan law evaluate FACTS.json`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from zhusan.law.engine import evaluate
from zhusan.law.facts import FactsError


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def evaluate_command(path: str, out: TextIO, err: TextIO) -> int:
    """Print the assessment of a facts file (or "-" for stdin); return 0, or 2 on a bad document."""
    try:
        document: Any = json.loads(_read(path))
    except OSError as error:
        err.write(f"zhusan law evaluate: cannot read {path}: {error.strerror or error}\n")
        return 2
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        err.write(f"zhusan law evaluate: {path}: not valid JSON ({error})\n")
        return 2
    try:
        result = evaluate(document)
    except FactsError as error:
        err.write(f"zhusan law evaluate: {path}: {error}\n")
        return 2
    out.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


def assess_command(path: str, out_path: str | None, out: TextIO, err: TextIO) -> int:
    """Assess a population (JSON Lines, or Parquet by its suffix) column-wise; write a table.

    One row per document, in input order: `row`, then per measure its outcome and earliest date
    (`parole`, `parole_earliest`, ...). CSV to standard output or to `out_path`, Parquet where
    `out_path` ends in `.parquet`. Every measure's outcome counts go to `err`. Return 0, or 2 on
    an unreadable file or an invalid document (`[row] field: problem`; nothing is written).
    """
    import pyarrow as pa

    from zhusan.law import columnar

    try:
        if path.endswith(".parquet"):
            population = columnar.read_parquet(path)
        else:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
            population = columnar.read_jsonl(data)
        assessment = columnar.Columnar().assess(population)
    except OSError as error:
        err.write(f"zhusan law assess: cannot read {path}: {error.strerror or error}\n")
        return 2
    except pa.ArrowInvalid as error:
        err.write(f"zhusan law assess: {path}: not a Parquet file of facts documents ({error})\n")
        return 2
    except FactsError as error:
        err.write(f"zhusan law assess: {path}: {error}\n")
        return 2
    return write_results(assessment, ("row", None), out_path, out, err)


def write_results(
    assessment: Any,
    key: tuple[str, list[Any] | None],
    out_path: str | None,
    out: TextIO,
    err: TextIO,
) -> int:
    """Write an assessment's table (CSV, or Parquet by the suffix) and its counts; return 0 or 2.

    `key` names the first column and its values (None: the row numbers).
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    from zhusan.law.columnar import DECISIONS

    table = _results(assessment, key)
    options = pcsv.WriteOptions(quoting_style="needed")
    try:
        if out_path is not None and out_path.endswith(".parquet"):
            pq.write_table(table, out_path)
        elif out_path is not None:
            pcsv.write_csv(table, out_path, options)
        else:
            sink = pa.BufferOutputStream()
            pcsv.write_csv(table, sink, options)
            out.write(sink.getvalue().to_pybytes().decode("utf-8"))
    except OSError as error:
        err.write(f"zhusan law assess: cannot write {out_path}: {error.strerror or error}\n")
        return 2
    err.write(f"zhusan law assess: {table.num_rows:,} documents\n")
    for m, name in enumerate(DECISIONS):
        counts = assessment.counts_of(m)
        err.write(f"  {name}: " + ", ".join(f"{k} {v:,}" for k, v in counts.most_common()) + "\n")
    return 0


def _results(assessment: Any, key: tuple[str, list[Any] | None]) -> Any:
    """Return the assessment as a table: the key, then each measure's outcome and earliest date."""
    import pyarrow as pa

    from zhusan.law.columnar import DECISIONS

    whole = assessment.to_arrow()
    name, values = key
    rows = range(len(assessment.population)) if values is None else values
    arrays = [pa.array(rows, type=pa.int64() if values is None else pa.string())]
    names = [name]
    for measure in DECISIONS:
        arrays += [
            whole.column(f"{measure}.outcome").cast(pa.string()),
            whole.column(f"{measure}.earliest"),
        ]
        names += [measure, f"{measure}_earliest"]
    return pa.table(arrays, names=names)
