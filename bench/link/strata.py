"""Per-stratum recall of true pairs: script pair, adult or child, alias-only (report, 6.6).

For each stratum of true pairs the table gives their number, the share that blocking compared
(candidate recall) and the share put in one cluster (pairwise recall), so a weak spot (say,
Cyrillic against Latin for children) shows even when the overall numbers look good.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

from bench.link.generate import Record
from zhusan.identity.kunya import is_kunya
from zhusan.identity.scripts import Script, detect_script

_SCRIPT = {
    Script.KAZAKH_CYRILLIC: "kk-Cyrl",
    Script.RUSSIAN_CYRILLIC: "ru-Cyrl",
    Script.LATIN: "Latn",
}


def record_script(record: Record) -> str:
    """Return 'kunya' for an alias-only record, else the script of its name."""
    if is_kunya(record.full_name):
        return "kunya"
    return _SCRIPT.get(detect_script(record.full_name), "other")


def pair_strata(a: Record, b: Record) -> list[str]:
    """Return the strata a true pair belongs to."""
    scripts = sorted((record_script(a), record_script(b)))
    out = ["all", "script " + "↔".join(scripts), "child" if a.role == "child" else "adult"]
    if "kunya" in scripts:
        out.append("alias-only record")
    cyr = {"kk-Cyrl", "ru-Cyrl"}
    if (scripts[0] in cyr) != (scripts[1] in cyr) and "kunya" not in scripts:
        out.append("Cyrillic↔Latin")
    return out


def stratum_table(
    records: Sequence[Record], clusters: Mapping[str, str], candidates: Any
) -> list[str]:
    """Format the per-stratum table for one run (candidates: pyarrow ``l``, ``r`` positions)."""
    person = [r.person_id for r in records]
    true_candidates = {
        (a, b) if a < b else (b, a)
        for a, b in zip(
            candidates.column("l").to_pylist(), candidates.column("r").to_pylist(), strict=True
        )
        if person[a] == person[b]
    }
    by_person: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        by_person[r.person_id].append(i)
    total: Counter[str] = Counter()
    compared: Counter[str] = Counter()
    merged: Counter[str] = Counter()
    for positions in by_person.values():
        for i, j in combinations(positions, 2):
            a, b = records[i], records[j]
            for stratum in pair_strata(a, b):
                total[stratum] += 1
                compared[stratum] += (i, j) in true_candidates
                merged[stratum] += clusters[a.record_id] == clusters[b.record_id]
    lines = ["", f"{'stratum (true pairs)':<30}{'pairs':>9}{'cand R':>8}{'pair R':>8}"]
    for stratum in sorted(total, key=lambda s: (s != "all", s)):
        n = total[stratum]
        lines.append(
            f"{stratum:<30}{n:>9,}{compared[stratum] / n:>8.4f}{merged[stratum] / n:>8.4f}"
        )
    return lines
