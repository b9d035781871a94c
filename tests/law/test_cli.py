"""`zhusan law evaluate FACTS.json` (JSON out and exit 0, or a one-line message and exit 2), and
`zhusan law assess FACTS.jsonl|.parquet` (a row per document, or the row and field and exit 2)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq

from tests.law.facts_examples import facts
from zhusan.law import evaluate
from zhusan.law.cli import assess_command, evaluate_command
from zhusan.law.columnar import from_documents


def run(path: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = evaluate_command(path, out, err)
    return code, out.getvalue(), err.getvalue()


def test_it_prints_the_assessment_and_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts()), encoding="utf-8")
    code, out, err = run(str(path))
    assert code == 0 and err == ""
    result = json.loads(out)
    assert result["engine_version"] and result["law_version"].startswith("kz-cc-")
    assert out.startswith('{\n  "as_of"')
    assert "Участие" in out  # ensure_ascii=False


def test_it_names_the_field_of_an_invalid_document_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts(sentence__start_date="yesterday")), encoding="utf-8")
    code, out, err = run(str(path))
    assert (code, out) == (2, "")
    assert err.strip().endswith("sentence.start_date: not an ISO date")
    assert err.count("\n") == 1


def test_it_refuses_invalid_json_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text("{not json", encoding="utf-8")
    code, out, err = run(str(path))
    assert code == 2 and out == "" and "not valid JSON" in err


def test_it_refuses_a_missing_file_with_exit_2(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "absent.json"))
    assert code == 2 and "cannot read" in err


def test_it_reads_standard_input(monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(facts())))
    code, out, _ = run("-")
    assert code == 0 and json.loads(out)["as_of"] == "2023-01-06"


# --- zhusan law assess: a population in bulk ----------------------------------------------------


def assess(path: str, out_path: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = assess_command(path, out_path, out, err)
    return code, out.getvalue(), err.getvalue()


def _population() -> list[dict]:
    return [facts(), facts(sentence__years=3), facts(person__birth_date="1990-02-28")]


def test_assess_writes_a_row_per_document_with_evaluates_outcomes(tmp_path: Path) -> None:
    docs = _population()
    path = tmp_path / "facts.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    code, out, err = assess(str(path))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["row"] for row in rows] == ["0", "1", "2"]
    for row, document in zip(rows, docs, strict=True):
        for measure in evaluate(document)["measures"]:
            assert row[measure["measure"]] == measure["outcome"]
            assert row[f"{measure['measure']}_earliest"] == (measure["earliest_date"] or "")
    assert err.startswith("zhusan law assess: 3 documents\n  parole: ")


def test_assess_reads_parquet_and_writes_parquet(tmp_path: Path) -> None:
    docs = _population()
    source, target = tmp_path / "facts.parquet", tmp_path / "results.parquet"
    pq.write_table(from_documents(docs).table, source)
    code, out, _ = assess(str(source), str(target))
    assert (code, out) == (0, "")
    table = pq.read_table(target)
    wanted = [m["outcome"] for m in evaluate(docs[1])["measures"]]
    assert [table.column(m["measure"])[1].as_py() for m in evaluate(docs[1])["measures"]] == wanted


def test_assess_names_the_row_and_field_of_an_invalid_document_and_writes_nothing(
    tmp_path: Path,
) -> None:
    docs = [*_population(), facts(sentence__start_date="yesterday")]
    path, target = tmp_path / "facts.jsonl", tmp_path / "results.csv"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    code, out, err = assess(str(path), str(target))
    assert (code, out) == (2, "")
    assert err.strip().endswith("[3] sentence.start_date: not an ISO date")
    assert not target.exists()


def test_assess_refuses_a_missing_file_and_a_file_that_is_not_parquet(tmp_path: Path) -> None:
    code, _, err = assess(str(tmp_path / "absent.jsonl"))
    assert code == 2 and "cannot read" in err
    fake = tmp_path / "facts.parquet"
    fake.write_text("not parquet", encoding="utf-8")
    code, _, err = assess(str(fake))
    assert code == 2 and "not a Parquet file" in err


def test_the_console_script_runs_assess(tmp_path: Path, capsys) -> None:
    from zhusan.cli import main

    path, target = tmp_path / "facts.jsonl", tmp_path / "results.csv"
    path.write_text("".join(json.dumps(d) + "\n" for d in _population()), encoding="utf-8")
    assert main(["law", "assess", str(path), "--out", str(target)]) == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == 4
    assert "3 documents" in capsys.readouterr().err
