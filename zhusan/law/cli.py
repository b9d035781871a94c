"""Glue for `zhusan law evaluate FACTS.json`."""

from __future__ import annotations

import json
import sys
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
