"""The batch scorer at scale: chunks, split blocks, a cap that falls, work in worker processes."""

import pytest

from bench.link.generate import make_records
from bench.link.train import to_person_record
from zhusan.identity import linkage
from zhusan.identity.blocking import MAX_BLOCK, block_cap
from zhusan.identity.clustering import cannot_link
from zhusan.identity.records import PersonRecord, features
from zhusan.identity.scoring import default_model


def rec(rid, name, birth="", sex=""):
    return features(PersonRecord(record_id=rid, full_name=name, birth_date=birth, sex=sex))


@pytest.fixture(scope="module")
def population():
    return [features(to_person_record(r)) for r in make_records(150, seed=7)]


def pairs_of(scored):
    table = scored.pairs
    return {
        (a, b): p for a, b, p in zip(*(table.column(c).to_pylist() for c in "lrp"), strict=True)
    }


def test_scoring_in_chunks_gives_the_same_pairs_as_in_one_query(population):
    model = default_model()
    whole = linkage.score_candidates_duckdb(population, model, threshold=None)
    chunked = linkage.score_candidates_duckdb(population, model, threshold=None, chunk_pairs=50)
    assert chunked.candidate_pairs == whole.candidate_pairs
    assert pairs_of(chunked) == pytest.approx(pairs_of(whole))


def test_pairs_clustering_would_refuse_on_sex_or_birth_year_are_not_weighed(population):
    model = default_model()
    every = linkage.score_candidates_duckdb(
        population, model, threshold=None, compatible_only=False
    )
    weighed = linkage.score_candidates_duckdb(population, model, threshold=None)
    left_out = set(pairs_of(every)) - set(pairs_of(weighed))
    assert left_out
    assert weighed.compared == len(pairs_of(weighed)) == every.candidate_pairs - len(left_out)
    for i, j in left_out:
        assert cannot_link(population[i], population[j]) in {
            "different sex",
            "birth years too far apart",
        }


def test_an_oversized_block_is_split_by_sex_and_birth_year_not_dropped():
    # Five namesakes: the two men born a year apart meet; the man born ten years later, the
    # one without a birth year and the woman do not, once the block "Серік Омаров" is too big.
    rows = [
        rec("a", "Омаров Серік", "1990-03-01", "M"),
        rec("b", "Серик Омаров", "1991-07-12", "M"),
        rec("c", "Omarov Serik", "2001-05-05", "M"),
        rec("d", "Омаров Серік", "", "M"),
        rec("e", "Омарова Серік", "1990-04-02", "F"),
    ]
    scored = linkage.score_candidates_duckdb(
        rows, default_model(), threshold=None, compatible_only=False, max_block=3
    )
    assert set(pairs_of(scored)) == {(0, 1)}


def test_the_block_cap_falls_when_the_blocks_grow():
    small = {2: 1000, 10: 100, 150: 2}
    assert block_cap(small, records=10_000) == MAX_BLOCK
    grown = {2: 1000, 10: 100, 50: 900, 150: 500}
    assert block_cap(grown, records=10_000) == 50
    assert block_cap(grown, records=1_000) == 10


def test_worker_processes_give_the_same_features_and_keys(monkeypatch):
    records = [to_person_record(r) for r in make_records(100, seed=3)]
    monkeypatch.setattr(linkage, "PREPARE_SLICE", 60)
    alone, keys_alone = linkage.prepare(records, workers=1)
    shared, keys_shared = linkage.prepare(records, workers=2)
    assert shared == alone
    assert keys_shared.equals(keys_alone)


def test_the_splink_paths_split_oversized_blocks_as_the_duckdb_scorer_does(population):
    from itertools import combinations

    from zhusan.identity.blocking import batch_blocking_keys

    # A cap of 4 splits most name blocks of this small population by sex and birth year.
    scored = linkage.score_candidates_duckdb(
        population, default_model(), threshold=None, compatible_only=False, max_block=4,
        keep_candidates=True,
    )  # fmt: skip
    table = scored.candidates
    by_duckdb = set(zip(table.column("l").to_pylist(), table.column("r").to_pylist(), strict=True))
    blocks: dict[str, list[int]] = {}
    for i, keys in enumerate(batch_blocking_keys(population, max_block=4)):
        for key in keys:
            blocks.setdefault(key, []).append(i)
    by_python = {pair for ids in blocks.values() for pair in combinations(ids, 2)}
    assert any("#" in key for key in blocks)  # some blocks were split, not only dropped
    assert any("@" in key for key in blocks)  # and coarse-date pairs were made
    assert by_python == by_duckdb


def test_features_come_back_from_a_worker_whole():
    son = rec("a", "Сатпаев Айзат Айзатұлы", "2016-10", "M")
    assert son.named_after_father and son.patronymic_keys
    assert linkage._unpack(linkage._pack(son)) == son
    dateless = rec("b", "Айзат Сатпаев", sex="M")
    assert linkage._unpack(linkage._pack(dateless)) == dateless


def test_a_coarse_birth_date_pairs_an_alias_only_record_with_civil_records_only():
    umm = features(
        PersonRecord(record_id="u", full_name="", birth_date="1990-08", aliases=("Umm Yusuf",))
    )
    rows = [
        umm,
        rec("a", "Айтқалиева Айгерім", "1990-08-14", "F"),
        rec("b", "Omarova Dana", "1990-08-03", "F"),
        rec("c", "Сейітов Ербол", "1990-08-21", "M"),  # a man: the sex of the key differs
        rec("d", "Kim Nika", "1990-09-02", "F"),  # another month
    ]
    scored = linkage.score_candidates_duckdb(
        rows, default_model(), threshold=None, compatible_only=False, keep_candidates=True
    )
    table = scored.candidates
    pairs = set(zip(table.column("l").to_pylist(), table.column("r").to_pylist(), strict=True))
    # Umm Yusuf (unknown sex) meets everyone born in August 1990; the two women born that
    # month, both with civil names and full dates, do not meet through the month.
    assert pairs == {(0, 1), (0, 2), (0, 3)}
