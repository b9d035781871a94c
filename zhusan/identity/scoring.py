"""Score a pair of records: a Fellegi–Sunter match probability with the evidence behind it.

The model is the one Splink uses (Fellegi & Sunter 1969): for every comparison level, m is the
probability of that level among true matches and u among non-matches; the match weight is
log2(prior odds) + Σ log2(m/u) over the compared fields, and the probability is 2^w / (1 + 2^w).
Our m and u are counted, with add-one smoothing, on labelled *candidate* pairs of the synthetic
benchmark population (bench/link/train.py, a training seed never used for measurement), not on
random pairs: among candidates, sharing surname and patronymic is common for siblings, so the
level "one name token disagrees" earns the strongly negative weight it needs.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from zhusan.identity.comparisons import COMPARISONS, comparison_vector
from zhusan.identity.records import Features

WEIGHTS_PATH = Path(__file__).with_name("data") / "weights.json"


@dataclass(frozen=True)
class Evidence:
    """One comparison's contribution to a score: which level and its weight in bits."""

    comparison: str
    level: int | None
    label: str
    weight: float


@dataclass(frozen=True)
class Score:
    """A pair's match probability, its match weight and the evidence that made it."""

    probability: float
    match_weight: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Model:
    """The prior match probability among candidates and m/u per comparison level."""

    prior: float
    m: dict[str, dict[int, float]]
    u: dict[str, dict[int, float]]
    trained_on: dict[str, Any]

    def weight(self, comparison: str, level: int | None) -> float:
        """Return log2(m/u) of a level (0 for a null level)."""
        if level is None:
            return 0.0
        return math.log2(self.m[comparison][level] / self.u[comparison][level])

    def to_json(self) -> str:
        """Serialise the model (levels as string keys)."""
        return json.dumps(
            {
                "prior": self.prior,
                "m": {c: {str(k): v for k, v in lv.items()} for c, lv in self.m.items()},
                "u": {c: {str(k): v for k, v in lv.items()} for c, lv in self.u.items()},
                "trained_on": self.trained_on,
            },
            indent=1,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Model:
        """Read a model written by to_json."""
        data = json.loads(text)
        return cls(
            prior=float(data["prior"]),
            m={c: {int(k): float(v) for k, v in lv.items()} for c, lv in data["m"].items()},
            u={c: {int(k): float(v) for k, v in lv.items()} for c, lv in data["u"].items()},
            trained_on=data.get("trained_on", {}),
        )


@lru_cache(maxsize=1)
def default_model() -> Model:
    """Load the model shipped in data/weights.json."""
    return Model.from_json(WEIGHTS_PATH.read_text(encoding="utf-8"))


def probability(match_weight: float) -> float:
    """Turn a match weight in bits into a probability."""
    if match_weight > 60:
        return 1.0
    if match_weight < -60:
        return 0.0
    odds = 2.0**match_weight
    return odds / (1.0 + odds)


def score(a: Features, b: Features, model: Model | None = None) -> Score:
    """Score two records and explain which evidence agreed or disagreed, and by how much."""
    model = model or default_model()
    prior_weight = math.log2(model.prior / (1.0 - model.prior))
    evidence = []
    total = prior_weight
    for comparison in COMPARISONS:
        level = comparison.level_of(a, b)
        weight = model.weight(comparison.name, level)
        total += weight
        evidence.append(Evidence(comparison.name, level, comparison.label(level), weight))
    evidence.sort(key=lambda e: -abs(e.weight))
    return Score(probability(total), total, tuple(evidence))


def estimate_model(
    pairs: Iterable[tuple[Features, Features, bool]], trained_on: dict[str, Any] | None = None
) -> Model:
    """Count m and u (add-one smoothed) on labelled candidate pairs."""
    m_counts = {c.name: Counter[int]() for c in COMPARISONS}
    u_counts = {c.name: Counter[int]() for c in COMPARISONS}
    matches = total = 0
    for a, b, is_match in pairs:
        total += 1
        matches += is_match
        counts = m_counts if is_match else u_counts
        for name, level in comparison_vector(a, b).items():
            if level is not None:
                counts[name][level] += 1

    def distribution(counter: Counter[int], levels: list[int]) -> dict[int, float]:
        n = sum(counter.values()) + len(levels)
        return {lv: (counter[lv] + 1) / n for lv in levels}

    m: dict[str, dict[int, float]] = {}
    u: dict[str, dict[int, float]] = {}
    for comparison in COMPARISONS:
        levels = [lv.value for lv in comparison.levels]
        m[comparison.name] = distribution(m_counts[comparison.name], levels)
        u[comparison.name] = distribution(u_counts[comparison.name], levels)
    prior = (matches + 1) / (total + 2)
    info = dict(trained_on or {})
    info.update({"pairs": total, "matches": matches})
    return Model(prior=prior, m=m, u=u, trained_on=info)
