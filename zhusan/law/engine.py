"""Assess a facts document: validate, read the conviction, run each measure's rules.

This is the straightforward path, one document at a time; zhusan.law.batch gives the same
results for many documents faster.
"""

from __future__ import annotations

from typing import Any

from zhusan.law import conviction, facts, parameters
from zhusan.law.criminal_code import (
    art15,
    art50_1,
    art63,
    art72,
    art73,
    art74,
    art75,
    art76,
    art78,
)

ENGINE_VERSION = "1.1.0"
LAW_VERSION = parameters.load().law_version

MEASURES = (
    art72.assess,
    art73.assess,
    art75.assess,
    art50_1.assess,
    art15.assess,
    art78.assess,
    art63.assess,
    art74.assess,
    art76.assess,
)


def evaluate(document: Any) -> dict[str, Any]:
    """Assess one facts document; raise FactsError naming the field if it is invalid."""
    f = facts.read(document)
    c = conviction.read(f)
    return {
        "as_of": f.as_of.isoformat(),
        "engine_version": ENGINE_VERSION,
        "law_version": LAW_VERSION,
        "offences": [conviction.describe(count) for count in c.counts],
        "measures": [measure(f, c) for measure in MEASURES],
    }
