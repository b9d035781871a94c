"""Blocking keys: which records are worth comparing, in memory or as a database column.

A record is compared with another only if they share a key. The keys are a union, so that one
corrupted field does not hide a true pair (reference report, section 5.3):

* ``n2:`` two name tokens' consonant skeletons (surname + given, given + patronymic root…), one
  of them also with each single letter deleted, so one typo in a token still meets;
* ``sp:`` one token's skeleton and the first three letters of another token's key (a typo in
  both tokens, one in a consonant of the first and one late in the second);
* ``ny:`` one token skeleton, the birth year and the sex (names of one or two tokens, one token
  mistyped);
* ``nm:`` one token skeleton and the day and month of birth (the year mistyped or estimated);
* ``d:``  the full birth date and the sex (names beyond repair, a kunya against a civil name);
  a record without a civil name (alias only) also carries the dates one typing error away: a day
  off, day and month swapped, a year off;
* ``a:``  an alias key (kunya "umm:sf"), also on records without a birth date;
* an alias that is a civil name ("Ибрахим Айсауытов" on the record of a renamed child) gives the
  same name-pair keys as a civil name.

Typo tolerance grows with the length of a token: a pair of skeletons of four consonants or more
also meets with one letter deleted from each (a typo in each token), and a skeleton of five or
more also with one letter deleted in ``ny:``.

Coarse-date keys (``coarse_date_keys``) reach the pairs of an alias-only record and a record
whose birth date is known less precisely on one side (a year, a month, an estimated 1 January):
``by:`` the birth year and sex, ``bm:`` the year, month and sex. Everyone born in one month
shares such a key, so it is *asymmetric*: a pair is a candidate only if one of its records is
alias-only and one has a date no more precise than the key (``PAIRS`` of the two records'
bits); two civil records born in one month never become candidates through it. A coarse
block is kept while it gives at most ``COARSE_FACTOR`` times the block cap in such pairs, so at
a million records, where a month holds thousands, these keys fall away.

The near-date keys let an alias-only record meet its civil records, but such a pair has
nothing but the date and the sex to score, and the weights rate a near date as highly as the
same date; clustering (``identity_evidence``) therefore never merges such a pair on its own.

Skeletons are taken on the folded keys, so Kazakh, Russian and Latin spellings share keys. A
record of unknown sex carries the ``ny:``/``d:`` keys of both sexes. In a batch, a key shared by
more than ``block_cap`` records is too common to compare all its pairs: the DuckDB scorer splits
it by sex and birth-year bucket (linkage.py; ``batch_blocking_keys`` does the same in Python
for the Splink paths) and drops what is still too large ("block purging", Papadakis et al. 2011). The cap is MAX_BLOCK, and falls when the
blocks up to that size would give more than PAIR_BUDGET pairs a record, as they do at a
million records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import combinations, permutations
from typing import NamedTuple

from zhusan.identity.birthdates import BirthDate
from zhusan.identity.keys import fold, skeleton, token_keys
from zhusan.identity.records import Features


def _name_keys(tokens: Iterable[str]) -> set[str]:
    skeletons = sorted({skeleton(t) for t in tokens if len(t) > 1})
    keys = {f"s:{s}" for s in skeletons}
    keys.update(f"n2:{a}|{b}" for a, b in combinations(skeletons, 2))
    return keys


def blocking_keys(name: str) -> set[str]:
    """Return the search keys of one name: token skeletons (s:) and skeleton pairs (n2:)."""
    if not isinstance(name, str):
        return set()
    return _name_keys(token_keys(name))


class NameIndex(NamedTuple):
    """What the database stores of one name to find it: every writer of the index uses this."""

    search_key: str  # people.PersonName.search_key: the folded whole name
    tokens: list[str]  # people.NameToken: folded tokens, for prefix search
    blocking: list[str]  # identity.NameKey: blocking_keys


def name_index(text: str) -> NameIndex:
    """Return the stored keys of a name, each cut to its column's length."""
    return NameIndex(
        fold(text)[:300],
        sorted({k[:100] for k in token_keys(text) if k}),
        sorted({k[:80] for k in blocking_keys(text)}),
    )


def _deletions(s: str, shortest: int = 3) -> set[str]:
    """Return a skeleton and its one-letter deletions (typo tolerance), if at least `shortest`."""
    if len(s) < shortest:
        return {s}
    return {s} | {s[:i] + s[i + 1 :] for i in range(len(s))}


MAX_BLOCK = 200
PAIR_BUDGET = 120  # block pairs a record; 20,000 persons need 108 at MAX_BLOCK
LONG = 4  # skeletons this long also tolerate a typo in both tokens of a pair
LONG_NY = 5  # and this long, a typo in the one token of a ny: key


def block_cap(histogram: Mapping[int, int], records: int, budget: int = PAIR_BUDGET) -> int:
    """Return the largest block to keep, from the number of blocks of each size.

    MAX_BLOCK, unless the blocks up to that size would give more than `budget` pairs a record
    (before de-duplication across keys); then the largest size that stays within it. Block
    sizes grow with the population, so the cap falls as the batch grows.
    """
    pairs = 0
    cap = 2
    for size in sorted(histogram):
        if size > MAX_BLOCK:
            break
        pairs += histogram[size] * size * (size - 1) // 2
        if pairs > budget * records:
            return cap
        cap = size
    return MAX_BLOCK


@lru_cache(maxsize=1 << 18)
def _name_pair_keys(name_keys: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """Return (token skeletons, the keys of token pairs) of one name, cached per name."""
    tokens = sorted({t for t in name_keys if len(t) > 1})
    skeleton_of = {t: skeleton(t) for t in tokens}
    skeletons = sorted(set(skeleton_of.values()))
    keys: set[str] = set()
    for a, b in combinations(skeletons, 2):
        keys.update("n2:" + "|".join(sorted((x, b))) for x in _deletions(a))
        keys.update("n2:" + "|".join(sorted((a, y))) for y in _deletions(b))
    keys.update(f"sp:{skeleton_of[a]}|{b[:3]}" for a, b in permutations(tokens, 2))
    for a, b in combinations(skeletons, 2):
        if len(a) >= LONG and len(b) >= LONG:
            keys.update(
                "n2:" + "|".join(sorted((x, y))) for x in _deletions(a) for y in _deletions(b)
            )
    return tuple(skeletons), frozenset(keys)


def _near_dates(birth: BirthDate) -> set[str]:
    """Return the exact dates one typing error away: a day off, day/month swapped, a year off."""
    assert birth.month is not None and birth.day is not None
    day = dt.date(birth.year, birth.month, birth.day)
    near = {day + dt.timedelta(days=1), day - dt.timedelta(days=1)}
    if birth.day <= 12:
        near.add(dt.date(birth.year, birth.day, birth.month))
    for year in (birth.year - 1, birth.year + 1):
        if not (birth.month == 2 and birth.day == 29):
            near.add(dt.date(year, birth.month, birth.day))
    near.discard(day)
    return {d.isoformat() for d in near}


def record_blocking_keys(record: Features) -> list[str]:
    """Return the batch blocking keys of a record (names, birth date, aliases)."""
    skeletons, name_keys = _name_pair_keys(record.name_keys)
    keys = set(name_keys)
    birth = record.birth
    sexes = (record.sex,) if record.sex else ("M", "F")
    if birth is not None:
        keys.update(
            f"ny:{d}|{birth.year}|{sex}"
            for s in skeletons
            for d in _deletions(s, LONG_NY)
            for sex in sexes
        )
        if birth.day is not None and not birth.is_default:
            keys.update(f"d:{birth}|{sex}" for sex in sexes)
            keys.update(f"nm:{s}|{birth.month}-{birth.day}" for s in skeletons)
            if not record.name_keys:
                keys.update(f"d:{d}|{sex}" for d in _near_dates(birth) for sex in sexes)
    for alias in record.alias_keys:
        keys.add(f"a:{alias}")
        if alias.startswith("n:"):
            keys.update(_name_pair_keys(tuple(alias[2:].split()))[1])
    if not keys and skeletons:
        keys.update(f"s:{s}" for s in skeletons)
    return sorted(keys)


ALIAS_ONLY = 1  # the record has no civil name, only aliases
COARSE = 2  # the record's birth date is no more precise than the key
PAIRS = ALIAS_ONLY | COARSE  # the bits a pair must hold between its two records
COARSE_FACTOR = 20  # a coarse block may give this many pairs per unit of the block cap


def coarse_date_keys(record: Features) -> list[tuple[str, int]]:
    """Return a record's coarse birth-date keys, each with the record's bits for pairing."""
    birth = record.birth
    if birth is None or not (record.name_keys or record.alias_keys):
        return []
    alias_only = 0 if record.name_keys else ALIAS_ONLY
    sexes = (record.sex,) if record.sex else ("M", "F")
    year_only = birth.month is None or birth.is_default
    keys = [(f"by:{birth.year}|{sex}", alias_only | (COARSE if year_only else 0)) for sex in sexes]
    if not year_only:
        bits = alias_only | (COARSE if birth.day is None else 0)
        keys.extend((f"bm:{birth.year}-{birth.month}|{sex}", bits) for sex in sexes)
    return keys


def coarse_pairs(counts: Mapping[int, int]) -> int:
    """Return the candidate pairs of a coarse block from its number of records of each bits."""
    c0, c1, c2, c3 = (counts.get(bits, 0) for bits in range(4))
    return c0 * c3 + c1 * c2 + c1 * c3 + c2 * c3 + c3 * (c3 - 1) // 2


def batch_blocking_keys(rows: Sequence[Features], max_block: int | None = None) -> list[list[str]]:
    """Return every record's blocking keys, oversized blocks split as the DuckDB scorer splits them.

    The cap is ``max_block``, or block_cap's for this batch. A key shared by more records is
    replaced, on each record with a birth year, by sub-keys of sex and four-year bucket of the
    birth year (twice, the buckets offset by two years); sub-keys still above the cap are dropped.
    This is linkage._purge_sql in Python, for the Splink paths (DuckDB and Spark), so that every
    engine compares the same candidate pairs.
    """
    per_record = [record_blocking_keys(f) for f in rows]
    sizes = Counter(k for keys in per_record for k in keys)
    cap = max_block
    if cap is None:
        cap = block_cap(Counter(n for n in sizes.values() if n > 1), len(rows))
    coarse = _coarse_pair_keys(rows, cap)
    oversized = {k for k, n in sizes.items() if n > cap}
    if not oversized:
        return [keys + extra for keys, extra in zip(per_record, coarse, strict=True)]
    split: list[list[str]] = []
    for f, keys in zip(rows, per_record, strict=True):
        year = f.birth.year if f.birth is not None else None
        sexes = (f.sex,) if f.sex is not None else ("M", "F")
        split.append(
            [
                f"{k}#{sex}{(year + offset) // 4}/{offset}"
                for k in keys
                if k in oversized and year is not None
                for sex in sexes
                for offset in (0, 2)
            ]
        )
    sub_sizes = Counter(k for keys in split for k in keys)
    return [
        [k for k in keys if k not in oversized] + [k for k in sub if sub_sizes[k] <= cap] + extra
        for keys, sub, extra in zip(per_record, split, coarse, strict=True)
    ]


def _coarse_pair_keys(rows: Sequence[Features], cap: int) -> list[list[str]]:
    """Return per record one key for each coarse-date pair it is in (the DuckDB join's pairs).

    A block key holds every record of its block, so an asymmetric key becomes one key per pair
    ("by:1990|F@3|17") for the engines that pair all the records of a key.
    """
    blocks: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, f in enumerate(rows):
        for key, bits in coarse_date_keys(f):
            blocks[key].append((i, bits))
    out: list[list[str]] = [[] for _ in rows]
    for key, members in blocks.items():
        if not 0 < coarse_pairs(Counter(bits for _, bits in members)) <= COARSE_FACTOR * cap:
            continue
        for (i, a), (j, b) in combinations(members, 2):
            if a | b == PAIRS:
                pair = f"{key}@{i}|{j}"
                out[i].append(pair)
                out[j].append(pair)
    return out


class BlockingIndex:
    """An in-memory inverted index from blocking key to record ids."""

    def __init__(self) -> None:
        self._blocks: dict[str, list[str]] = defaultdict(list)
        self._keys: dict[str, list[str]] = {}

    def add(self, record: Features) -> None:
        """Index one record under its blocking keys."""
        keys = record_blocking_keys(record)
        self._keys[record.record_id] = keys
        for key in keys:
            self._blocks[key].append(record.record_id)

    def candidates(self, record: Features) -> set[str]:
        """Return the ids of indexed records that share a key with this one."""
        found: set[str] = set()
        for key in record_blocking_keys(record):
            found.update(self._blocks.get(key, ()))
        found.discard(record.record_id)
        return found

    def pairs(self) -> Iterator[tuple[str, str]]:
        """Yield every candidate pair once, as (smaller id, larger id)."""
        seen: set[tuple[str, str]] = set()
        for ids in self._blocks.values():
            for a, b in combinations(ids, 2):
                pair = (a, b) if a < b else (b, a)
                if pair not in seen:
                    seen.add(pair)
                    yield pair

    def __len__(self) -> int:
        return len(self._keys)
