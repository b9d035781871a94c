"""Compare two records field by field into discrete agreement levels, in Python and in SQL.

Each comparison has a null level (nothing to compare) and ordered levels from strongest agreement
down to disagreement. The Python functions score one pair (interactive search, explanations,
clustering constraints); the SQL fragments let Splink compute the same levels inside DuckDB for a
batch. Names are compared only as ASCII keys (keys.py), so DuckDB's byte-level
``jaro_winkler_similarity`` equals rapidfuzz's code-point one; a test holds the two in agreement.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from zhusan.identity.birthdates import BirthDate
from zhusan.identity.lexicon import different_names
from zhusan.identity.records import Features

INITIAL_MATCH = 0.9
# A root and the same root with the final й that a Russian ending absorbs (Ақбай/Акбаев).
YOT_MATCH = 0.97
# Two different known given names (lexicon.py), however close their spellings: Әлия/Әдия.
DIFFERENT_NAMES = 0.5


@dataclass(frozen=True)
class Level:
    """One agreement level: its value, a label for explanations and its SQL condition."""

    value: int
    label: str
    sql: str


@dataclass(frozen=True)
class Comparison:
    """A field comparison: Python level function, SQL levels (highest first), null SQL."""

    name: str
    levels: tuple[Level, ...]
    null_sql: str
    level_of: Callable[[Features, Features], int | None]

    def label(self, value: int | None) -> str:
        """Return the label of a level value (or 'not compared' for null)."""
        for level in self.levels:
            if level.value == value:
                return level.label
        return "not compared"


# --- names -------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 20)
def token_similarity(a: str, b: str) -> float:
    """Return the similarity of two name tokens; an initial matches a token it starts.

    Two different known given names score DIFFERENT_NAMES, below every agreeing level.
    Cached: clustering asks for the same pairs of tokens again and again.
    """
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return INITIAL_MATCH if a[:1] == b[:1] else 0.0
    if different_names(a, b):
        return DIFFERENT_NAMES
    if _lost_yot(a, b) or _lost_yot(b, a):
        return YOT_MATCH
    return float(JaroWinkler.normalized_similarity(a, b))


def _lost_yot(a: str, b: str) -> bool:
    """Tell whether b is a with a final й after a vowel, which -ев/-евич/-евна absorb.

    Ақбай is Акбаев, Акбаевич, Акбаевна; the keys strip the ending and leave "akba".
    """
    return len(b) == len(a) + 1 and b[-1] == "i" and b.startswith(a) and a[-1] in "aeou"


def _cover(side: tuple[str, ...], other: tuple[str, ...]) -> list[float]:
    return [max(token_similarity(x, y) for y in other) for x in side]


def name_cover(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, float]:
    """Return (min, mean) best-match similarity of the shorter name's tokens in the other."""
    if len(a) < len(b):
        best = _cover(a, b)
    elif len(b) < len(a):
        best = _cover(b, a)
    else:
        left, right = _cover(a, b), _cover(b, a)
        best = left if min(left) <= min(right) else right
    return min(best), sum(best) / len(best)


UNMATCHED = 0.80


def extra_tokens_are_patronymic(a: Features, b: Features) -> bool:
    """Tell whether the longer name's tokens without a match in the other are patronymics.

    A father "Aiagan Tajibaev" is covered by his son "Tajibaev Bai Aiaganovich" (the son's
    patronymic is the father's name); what gives them away is the son's given name left over.
    """
    if len(a.name_keys) == len(b.name_keys):
        return True
    long, short = (a, b) if len(a.name_keys) > len(b.name_keys) else (b, a)
    return all(
        x in long.patronymic_keys
        or max(token_similarity(x, y) for y in short.name_keys) >= UNMATCHED
        for x in long.name_keys
    )


def name_level(a: Features, b: Features) -> int | None:
    """Compare civil names as token sets (order, patronymic style and endings already folded)."""
    x, y = a.name_keys, b.name_keys
    if not x or not y:
        return None
    shortest = min(len(x), len(y))
    if x == y and shortest >= 2:
        return 5
    low, mean = name_cover(x, y)
    if not extra_tokens_are_patronymic(a, b):
        return 1 if mean >= 0.75 else 0
    if shortest >= 2 and low >= 0.97:
        return 4
    if shortest >= 2 and low >= 0.88:
        return 3
    if low >= 0.80:
        return 2
    if mean >= 0.75:
        return 1
    return 0


_TSIM = (
    "CASE WHEN {x} = {y} THEN 1.0 "
    "WHEN length({x}) = 1 OR length({y}) = 1 "
    f"THEN CASE WHEN {{x}}[1] = {{y}}[1] THEN {INITIAL_MATCH} ELSE 0.0 END "
    f"WHEN list_contains({{xlex}}, {{x}}) AND list_contains({{ylex}}, {{y}}) THEN {DIFFERENT_NAMES} "
    "WHEN ({x} || 'i' = {y} AND {x}[-1] IN ('a', 'e', 'o', 'u')) "
    "OR ({y} || 'i' = {x} AND {y}[-1] IN ('a', 'e', 'o', 'u')) "
    f"THEN {YOT_MATCH} "
    "ELSE jaro_winkler_similarity({x}, {y}) END"
)


def _tsim_sql(side: str, other: str) -> str:
    """Token similarity of x (from column `side`) and y (from `other`), as in token_similarity."""
    return _TSIM.format(
        x="x",
        y="y",
        xlex=side.replace("name_keys", "lex_keys"),
        ylex=other.replace("name_keys", "lex_keys"),
    )


def _cover_sql(side: str, other: str, agg: str) -> str:
    """Best similarity of each token of `side` in `other`, aggregated by `agg` ('' for none)."""
    inner = _tsim_sql(side, other)
    return (
        f"{agg}(list_transform({side}, lambda x: "
        f"list_max(list_transform({other}, lambda y: {inner}))))"
    )


def _name_cover_sql(agg: str) -> str:
    left_min = _cover_sql("name_keys_l", "name_keys_r", "list_min")
    right_min = _cover_sql("name_keys_r", "name_keys_l", "list_min")
    if agg == "list_min":
        left, right = left_min, right_min
        tie = f"least({left_min}, {right_min})"
    else:
        left = _cover_sql("name_keys_l", "name_keys_r", agg)
        right = _cover_sql("name_keys_r", "name_keys_l", agg)
        tie = f"CASE WHEN {left_min} <= {right_min} THEN {left} ELSE {right} END"
    return (
        "(CASE WHEN len(name_keys_l) < len(name_keys_r) THEN "
        f"{left} WHEN len(name_keys_r) < len(name_keys_l) THEN {right} ELSE {tie} END)"
    )


def _extra_sql(long: str, short: str) -> str:
    inner = _tsim_sql(f"name_keys_{long}", f"name_keys_{short}")
    return (
        f"len(list_filter(name_keys_{long}, lambda x: NOT list_contains(pat_keys_{long}, x) "
        f"AND list_max(list_transform(name_keys_{short}, lambda y: {inner})) < {UNMATCHED})) = 0"
    )


_EXTRA_OK = (
    "(CASE WHEN len(name_keys_l) > len(name_keys_r) THEN "
    f"{_extra_sql('l', 'r')} WHEN len(name_keys_r) > len(name_keys_l) THEN "
    f"{_extra_sql('r', 'l')} ELSE TRUE END)"
)
_SHORTEST = "least(len(name_keys_l), len(name_keys_r))"

# The levels below read three per-pair values. For Splink they are inlined (INLINE); the DuckDB
# scorer (linkage.py) computes each token's best similarity once per pair (best_l, best_r)
# and derives them from those (STAGED), which saves most of the Jaro-Winkler calls.
INLINE = {
    "name_low": _name_cover_sql("list_min"),
    "name_mean": _name_cover_sql("list_avg"),
    "name_extra_ok": _EXTRA_OK,
}
BEST = {
    "best_l": _cover_sql("name_keys_l", "name_keys_r", "")[1:-1],
    "best_r": _cover_sql("name_keys_r", "name_keys_l", "")[1:-1],
}


def _staged_extra(long: str) -> str:
    return (
        f"len(list_filter(range(1, len(name_keys_{long}) + 1), lambda i: "
        f"NOT list_contains(pat_keys_{long}, name_keys_{long}[i]) "
        f"AND best_{long}[i] < {UNMATCHED})) = 0"
    )


STAGED = {
    "name_low": (
        "(CASE WHEN len(name_keys_l) < len(name_keys_r) THEN list_min(best_l) "
        "WHEN len(name_keys_r) < len(name_keys_l) THEN list_min(best_r) "
        "ELSE least(list_min(best_l), list_min(best_r)) END)"
    ),
    "name_mean": (
        "(CASE WHEN len(name_keys_l) < len(name_keys_r) THEN list_avg(best_l) "
        "WHEN len(name_keys_r) < len(name_keys_l) THEN list_avg(best_r) "
        "WHEN list_min(best_l) <= list_min(best_r) THEN list_avg(best_l) "
        "ELSE list_avg(best_r) END)"
    ),
    "name_extra_ok": (
        f"(CASE WHEN len(name_keys_l) > len(name_keys_r) THEN {_staged_extra('l')} "
        f"WHEN len(name_keys_r) > len(name_keys_l) THEN {_staged_extra('r')} ELSE TRUE END)"
    ),
}
_PAIR_COLUMN_RE = re.compile(r"\b(" + "|".join(INLINE) + r")\b")


def inline_sql(sql: str) -> str:
    """Replace the per-pair name columns of a level's SQL by their full expressions (Splink)."""
    return _PAIR_COLUMN_RE.sub(lambda m: INLINE[m.group(1)], sql)


NAME = Comparison(
    name="name",
    null_sql="len(name_keys_l) = 0 OR len(name_keys_r) = 0",
    levels=(
        Level(5, "all name tokens equal", f"name_keys_l = name_keys_r AND {_SHORTEST} >= 2"),
        Level(
            4,
            "name tokens agree (≥0.97)",
            f"name_extra_ok AND {_SHORTEST} >= 2 AND name_low >= 0.97",
        ),
        Level(
            3,
            "name tokens close (≥0.88)",
            f"name_extra_ok AND {_SHORTEST} >= 2 AND name_low >= 0.88",
        ),
        Level(2, "name tokens similar (≥0.80)", "name_extra_ok AND name_low >= 0.80"),
        Level(1, "one name token disagrees", "name_mean >= 0.75"),
        Level(0, "names differ", "ELSE"),
    ),
    level_of=name_level,
)

# --- aliases -----------------------------------------------------------------------------


def alias_level(a: Features, b: Features) -> int | None:
    """Compare aliases (kunya keys, other names) with each other and with the civil names."""
    if set(a.alias_keys) & set(b.alias_keys):
        return 2
    if (a.name_key and a.name_key in b.alias_keys) or (b.name_key and b.name_key in a.alias_keys):
        return 2
    if a.alias_keys and b.alias_keys:
        return 1
    return None


ALIAS = Comparison(
    name="alias",
    null_sql=(
        "NOT (list_has_any(alias_keys_l, alias_keys_r) "
        "OR list_contains(alias_keys_l, name_key_r) OR list_contains(alias_keys_r, name_key_l)) "
        "AND (len(alias_keys_l) = 0 OR len(alias_keys_r) = 0)"
    ),
    levels=(
        Level(
            2,
            "an alias agrees",
            "list_has_any(alias_keys_l, alias_keys_r) "
            "OR list_contains(alias_keys_l, name_key_r) OR list_contains(alias_keys_r, name_key_l)",
        ),
        Level(1, "aliases differ", "ELSE"),
    ),
    level_of=alias_level,
)

# --- birth date --------------------------------------------------------------------------


def _full(d: BirthDate) -> bool:
    return d.day is not None and not d.is_default


def birth_level(a: Features, b: Features) -> int | None:
    """Compare birth dates at the coarser precision, knowing swaps, ±1 day and 1 January."""
    x, y = a.birth, b.birth
    if x is None or y is None:
        return None
    if _full(x) and _full(y):
        assert x.month is not None and y.month is not None
        assert x.day is not None and y.day is not None
        if (x.year, x.month, x.day) == (y.year, y.month, y.day):
            return 6
        gap = abs((dt.date(x.year, x.month, x.day) - dt.date(y.year, y.month, y.day)).days)
        if gap <= 1 or (x.year == y.year and x.day == y.month and x.month == y.day):
            return 5
        if (x.year == y.year and x.month == y.month) or (
            abs(x.year - y.year) == 1 and (x.month, x.day) == (y.month, y.day)
        ):
            return 3
    elif x.year == y.year and (
        x.month is None or y.month is None or x.is_default or y.is_default or x.month == y.month
    ):
        return 4
    if x.year == y.year:
        return 2
    if abs(x.year - y.year) == 1:
        return 1
    return 0


_FULL_L = "(dob_d_l IS NOT NULL AND NOT dob_def_l)"
_FULL_R = "(dob_d_r IS NOT NULL AND NOT dob_def_r)"
_BOTH_FULL = f"{_FULL_L} AND {_FULL_R}"
_GAP = "abs(date_diff('day', make_date(dob_y_l, dob_m_l, dob_d_l), make_date(dob_y_r, dob_m_r, dob_d_r)))"

BIRTH = Comparison(
    name="birth_date",
    null_sql="dob_y_l IS NULL OR dob_y_r IS NULL",
    levels=(
        Level(
            6,
            "same birth date",
            f"{_BOTH_FULL} AND dob_y_l = dob_y_r AND dob_m_l = dob_m_r AND dob_d_l = dob_d_r",
        ),
        Level(
            5,
            "birth date off by a day or day/month swapped",
            f"{_BOTH_FULL} AND ({_GAP} <= 1 OR (dob_y_l = dob_y_r AND dob_d_l = dob_m_r "
            "AND dob_m_l = dob_d_r))",
        ),
        Level(
            4,
            "birth dates agree at the coarser precision",
            f"NOT ({_BOTH_FULL}) AND dob_y_l = dob_y_r AND (dob_m_l IS NULL OR dob_m_r IS NULL "
            "OR dob_def_l OR dob_def_r OR dob_m_l = dob_m_r)",
        ),
        Level(
            3,
            "same year and month, or same day and month a year apart",
            f"{_BOTH_FULL} AND ((dob_y_l = dob_y_r AND dob_m_l = dob_m_r) OR "
            "(abs(dob_y_l - dob_y_r) = 1 AND dob_m_l = dob_m_r AND dob_d_l = dob_d_r))",
        ),
        Level(2, "same birth year only", "dob_y_l = dob_y_r"),
        Level(1, "birth years one apart", "abs(dob_y_l - dob_y_r) = 1"),
        Level(0, "birth dates differ", "ELSE"),
    ),
    level_of=birth_level,
)

# --- sex and place -----------------------------------------------------------------------


def sex_level(a: Features, b: Features) -> int | None:
    """Compare sex: same, different or unknown."""
    if a.sex is None or b.sex is None:
        return None
    return 1 if a.sex == b.sex else 0


SEX = Comparison(
    name="sex",
    null_sql="sex_l IS NULL OR sex_r IS NULL",
    levels=(Level(1, "same sex", "sex_l = sex_r"), Level(0, "different sex", "ELSE")),
    level_of=sex_level,
)


def place_level(a: Features, b: Features) -> int | None:
    """Compare birth places by gazetteer id (or folded name when not in the gazetteer)."""
    if a.place is None or b.place is None:
        return None
    return 1 if a.place == b.place else 0


PLACE = Comparison(
    name="birth_place",
    null_sql="place_l IS NULL OR place_r IS NULL",
    levels=(Level(1, "same birth place", "place_l = place_r"), Level(0, "different place", "ELSE")),
    level_of=place_level,
)

COMPARISONS: tuple[Comparison, ...] = (NAME, ALIAS, BIRTH, SEX, PLACE)


def comparison_vector(a: Features, b: Features) -> dict[str, int | None]:
    """Return the level of every comparison for a pair of records."""
    return {c.name: c.level_of(a, b) for c in COMPARISONS}
