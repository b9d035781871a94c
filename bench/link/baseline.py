"""Splink 5 configured as a typical user would: ASCII-folded names, out-of-the-box comparisons.

Names go through ICU ``Any-Latin; Latin-ASCII; Lower`` (what unidecode does), the first and last
tokens become forename and surname, and the model is Splink's README recipe: ForenameSurname,
DateOfBirth, exact sex and birth place, ``block_on`` forename / surname / birth date, prior by
deterministic rules, u by random sampling, m by EM, clustering at 0.95 (the README's example)
and at 0.5.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from zhusan.identity.translit import icu_transliterate

THRESHOLDS = (0.95, 0.5)


def _ascii(text: str) -> str:
    out = icu_transliterate(text, "Any-Latin; Latin-ASCII; Lower")
    return " ".join("".join(ch for ch in out if ch.isalnum() or ch == " ").split())


def _table(records: Sequence[Any]) -> Any:
    import pyarrow as pa

    first, last, dob, sex, place = [], [], [], [], []
    for r in records:
        tokens = _ascii(r.full_name).split()
        first.append(tokens[0] if tokens else None)
        last.append(tokens[-1] if len(tokens) > 1 else None)
        dob.append(r.birth_date if len(r.birth_date) == 10 else None)
        sex.append(r.sex or None)
        place.append(_ascii(r.birth_place) or None)
    return pa.table(
        {
            "unique_id": [r.record_id for r in records],
            "first_name": first,
            "surname": last,
            "birth_date": dob,
            "sex": sex,
            "birth_place": place,
        }
    )


def run_baseline(
    records: Sequence[Any],
) -> tuple[dict[float, dict[str, str]], list[tuple[str, str]]]:
    """Link with the typical-user Splink model; return clusters per threshold, candidates."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.ERROR)
    db_api = DuckDBAPI()
    sdf = db_api.register(_table(records), dataset_display_name="baseline")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ExactMatch("sex"),
            cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name"),
            block_on("surname"),
            block_on("birth_date"),
        ],
    )
    linker = Linker(sdf, settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "birth_date")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    predictions = linker.inference.predict()
    table = predictions.as_pyarrow_table()
    candidates = list(
        zip(
            table.column("unique_id_l").to_pylist(),
            table.column("unique_id_r").to_pylist(),
            strict=True,
        )
    )
    by_threshold = {}
    for threshold in THRESHOLDS:
        clusters_sdf = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        ct = clusters_sdf.as_pyarrow_table()
        clusters = dict(
            zip(
                ct.column("unique_id").to_pylist(),
                ct.column("cluster_id").to_pylist(),
                strict=True,
            )
        )
        for r in records:
            clusters.setdefault(r.record_id, r.record_id)
        by_threshold[threshold] = {k: str(v) for k, v in clusters.items()}
    return by_threshold, candidates
