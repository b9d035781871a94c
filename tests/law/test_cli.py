"""`zhusan law evaluate FACTS.json`: JSON out and exit 0, or a one-line message and exit 2."""

from __future__ import annotations

import io
import json
from pathlib import Path

from tests.law.facts_examples import facts
from zhusan.law.cli import evaluate_command


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
