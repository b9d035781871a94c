"""The benchmark protocol: held-out names, pair completeness, the person bootstrap."""

import pyarrow as pa

from bench.link.generate import load_vocabulary
from bench.link.metrics import candidate_completeness, person_counts
from zhusan.identity.keys import token_keys
from zhusan.identity.lexicon import is_given_name


def test_a_fifth_of_the_names_is_held_out_of_training_and_of_the_lexicon():
    full, train = load_vocabulary("all"), load_vocabulary("train")
    names = full.kk_male + full.kk_female
    unseen = [n for n in names if n not in set(train.kk_male + train.kk_female)]
    assert 0.12 < len(unseen) / len(names) < 0.28
    assert not any(
        is_given_name(token_keys(n)[0])
        for n in unseen
        if token_keys(n)[0]
        not in {
            token_keys(t)[0]
            for t in train.kk_male + train.kk_female + train.ru_male + train.ru_female
        }
    )


def test_pair_completeness_counts_direct_and_reachable_true_pairs():
    persons = ["p", "p", "p", "q"]
    candidates = pa.table({"l": [0, 1, 0], "r": [1, 2, 3]})
    direct, reachable = candidate_completeness(candidates, persons)
    assert direct == 2 / 3
    assert reachable == 1.0


def test_person_counts_add_up_to_the_pairwise_totals():
    truth = {"1": "p", "2": "p", "3": "q"}
    clusters = {"1": "a", "2": "a", "3": "a"}
    counts = person_counts(clusters, truth)
    assert sum(c[0] for c in counts) == 1
    assert sum(c[1] for c in counts) == 1
    assert sum(c[2] for c in counts) == 3
