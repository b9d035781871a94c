"""Linkage accuracy: pairwise and B-cubed precision/recall/F1, candidate recall, sibling merges."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Accuracy:
    """The numbers one row of the benchmark table reports."""

    pair_precision: float
    pair_recall: float
    pair_f1: float
    b3_f1: float
    candidate_recall: float
    sibling_merges: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def candidate_recall(candidates: Iterable[tuple[str, str]], truth: Mapping[str, str]) -> float:
    """Return the share of true pairs that blocking put among the candidates."""
    sizes = Counter(truth.values())
    total = sum(_pairs(n) for n in sizes.values())
    found = {tuple(sorted(p)) for p in candidates if truth[p[0]] == truth[p[1]]}
    return len(found) / total if total else 1.0


def accuracy(
    clusters: Mapping[str, str],
    truth: Mapping[str, str],
    family: Mapping[str, str],
    candidate_share: float,
) -> Accuracy:
    """Compare predicted clusters with true person ids (records keyed by record id)."""
    joint = Counter((clusters[r], truth[r]) for r in truth)
    pred_sizes = Counter(clusters[r] for r in truth)
    true_sizes = Counter(truth.values())
    tp = sum(_pairs(n) for n in joint.values())
    predicted = sum(_pairs(n) for n in pred_sizes.values())
    actual = sum(_pairs(n) for n in true_sizes.values())
    precision = tp / predicted if predicted else 1.0
    recall = tp / actual if actual else 1.0
    b3p = sum(joint[(clusters[r], truth[r])] / pred_sizes[clusters[r]] for r in truth) / len(truth)
    b3r = sum(joint[(clusters[r], truth[r])] / true_sizes[truth[r]] for r in truth) / len(truth)
    persons_in: dict[str, set[str]] = defaultdict(set)
    for r in truth:
        persons_in[clusters[r]].add(truth[r])
    merges = set()
    for persons in persons_in.values():
        ordered = sorted(persons)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if family[a] == family[b]:
                    merges.add((a, b))
    return Accuracy(
        precision, recall, _f1(precision, recall), _f1(b3p, b3r), candidate_share, len(merges)
    )
