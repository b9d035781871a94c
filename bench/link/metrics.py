"""Linkage accuracy: pairwise and B-cubed precision/recall/F1, candidate recall, sibling merges."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


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


def candidate_completeness(candidates: Any, person_of: Sequence[str]) -> tuple[float, float]:
    """Return (direct, reachable) pair completeness of a candidate table ``l``, ``r``.

    Direct: the share of true pairs that are candidate pairs themselves (the usual pair
    completeness). Reachable: the share of true pairs whose two records are joined by a path of
    true candidate pairs, the most any transitive clustering could recover; an alias-only record
    and a record of the same person without that alias share no evidence, and are found only
    through a third record that carries both.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = {p: i for i, p in enumerate(dict.fromkeys(person_of))}
    person = pa.array([ids[p] for p in person_of], pa.int64())
    same = pc.equal(
        pc.take(person, candidates.column("l")), pc.take(person, candidates.column("r"))
    )
    true_edges = candidates.filter(same)
    left, right = true_edges.column("l").to_pylist(), true_edges.column("r").to_pylist()
    sizes = Counter(person_of)
    total = sum(_pairs(n) for n in sizes.values())
    direct = len(set(zip(left, right, strict=True)))
    parent = list(range(len(person_of)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(left, right, strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    components = Counter(find(i) for i in range(len(person_of)))
    reachable = sum(_pairs(n) for n in components.values())
    return (direct / total, reachable / total) if total else (1.0, 1.0)


def person_counts(
    clusters: Mapping[str, str], truth: Mapping[str, str]
) -> list[tuple[int, int, float]]:
    """Return per person (true pairs found, true pairs, predicted pairs) for a person bootstrap.

    A wrongly merged pair of two persons counts half to each, so the counts add up to the
    pairwise totals and a resample of persons gives a resample of the pairwise F1.
    """
    joint = Counter((clusters[r], truth[r]) for r in truth)
    pred_sizes = Counter(clusters[r] for r in truth)
    true_sizes = Counter(truth.values())
    found: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    for (cid, person), n in joint.items():
        found[person] += _pairs(n)
        predicted[person] += _pairs(n) + n * (pred_sizes[cid] - n) / 2
    return [(found[p], _pairs(n), predicted[p]) for p, n in true_sizes.items()]
