"""Group scored pairs into persons without ever joining records that cannot be one person.

Plain connected components chain A–B–C into one person even when A and C are a brother and a
sister. We merge greedily from the strongest pair down (like single linkage), using only pairs
that hold identity evidence (both civil names, an agreeing alias, or else the same exact birth
date: ``identity_evidence``), and refuse a merge when any record of one group cannot be the
same person as any record of the other:

* both sexes known and different;
* both birth years known and more than two years apart, or both birth dates known to the day
  (not 1 January) and different in two of year, month and day (more than one day), which one
  typing error does not explain but siblings a year or two apart do (allowing two records one
  error each, as in a wrong month here and a swap there, would let same-year siblings through:
  it doubled the sibling merges at 20k);
* sibling safety: both have a civil name of two or more full tokens, no alias agrees, and
  - a token of the shorter name has no similar token in the other (twins and siblings share
    surname and patronymic; two different known given names are never similar, lexicon.py), or
  - the longer name holds a known given name that is not its patronymic and has no similar token
    in the shorter one: "Beiımbet Aisauytov" is the father of "Айсауытов Аймұрат Бейімбетұлы",
    whose patronymic covers the father's given name;
  - the shorter name's given name is the longer name's patronymic and the longer name keeps
    a token of its own besides: "Nusup Anarbaev" is the father of "Анарбаев Нусип Нұсупұлы",
    whether or not the lexicon knows the son's name;
* siblings born apart: both have a civil name of two or more full tokens, no alias agrees, a
  token of the shorter name (not a patronymic) is below VARIANT (Jaro-Winkler 0.90) to its best
  partner in the other (similar, but not spellings of one name: Айтбай/Райбай 0.89), and both
  birth dates are known to the day, in the same month and more than one day apart. One record
  would need both a name typo and a mistyped day to be refused; siblings of one family born in
  one month (twins are one day apart at most) differ in exactly these two.
* an undated record whose given name is the other's patronymic, which the other's own name
  lacks ("Атабеков Айтемир Алауевич" beside his son "Атабеков Атабек Айтемирович");
* a father and the son named after him: a name without patronymic ("Сатпаев Айзат") beside one
  whose patronymic is its own given name ("Сатпаев Айзат Айзатұлы"), with no birth date on one
  side to tell them apart, is left for a person to decide.

The sibling-safety rules read names, and one mistyped record ("Маия" for "Мария") would keep
its person's groups apart for good; so across groups they yield when a single record with
company in its group holds every disagreeing pair and most pairs agree (``groups_conflict``).
Groups that each settled on their own spelling of a name are two people (``spellings_conflict``).

Merging goes from the strongest pair down, so between two pairs that score alike the order
would choose. A lone record, or a group without a full birth date, whose pair with a third
group scores within TIE_MARGIN of the pair being merged joins neither when the target and the
third are two people by sex or birth years: "Арынгазыева Жания" with no birth date between
Жания born in 2008 and a mistyped record of her sister Жанипа born in 2011, or "Айсаев
Әбдіманап" between a father and the son named after him. It stays alone, in the review band.
A lone record spelled as the third and not as the target, where the two settled on different
spellings, waits for the third: "Басым Алия" between twins Аглия and Әлия.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from zhusan.identity.birthdates import impossible_gap
from zhusan.identity.comparisons import UNMATCHED, alias_level, name_cover, token_similarity
from zhusan.identity.lexicon import is_given_name
from zhusan.identity.records import Features

MERGE_THRESHOLD = 0.5
VARIANT = 0.90


def _dates_conflict(a: Features, b: Features) -> bool:
    """Tell whether two exact birth dates differ in two parts (year, month, day beyond ±1)."""
    x, y = a.birth, b.birth
    if x is None or y is None or x.day is None or y.day is None or x.is_default or y.is_default:
        return False
    if x.year == y.year and (x.month, x.day) == (y.day, y.month):
        return False
    assert x.month is not None and y.month is not None
    parts = (x.year != y.year) + (x.month != y.month) + (abs(x.day - y.day) > 1)
    return parts >= 2


def _days_apart(a: Features, b: Features) -> bool:
    """Tell whether two exact birth dates are in one month but more than a day apart.

    Not one of the ways a date goes wrong in a record (a swap, a day off, a year off, a wrong
    month, an estimated 1 January), but how siblings born in one year differ: the dates that
    differ in two parts are refused by _dates_conflict already.
    """
    x, y = a.birth, b.birth
    if x is None or y is None or x.day is None or y.day is None or x.is_default or y.is_default:
        return False
    return (x.year, x.month) == (y.year, y.month) and abs(x.day - y.day) > 1


def _own_tokens(f: Features) -> frozenset[str]:
    """Return the full name tokens of a record without its patronymic."""
    return _own(f.name_keys, f.patronymic_keys)


@lru_cache(maxsize=1 << 18)
def _own(name_keys: tuple[str, ...], patronymic_keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(k for k in name_keys if len(k) > 1 and k not in patronymic_keys)


def _names_differ(a: Features, b: Features) -> bool:
    """Tell whether a name token (not a patronymic) of the shorter name is only similar.

    Below VARIANT to its best partner in the other name: further apart than the spellings of
    one name (Мұхтаров/Mutharov 0.96, Анненкова/Annenkoba 0.93) usually are.
    """
    x, y = _own_tokens(a), _own_tokens(b)
    short, other = (x, b) if len(x) <= len(y) else (y, a)
    return any(max(token_similarity(t, o) for o in other.name_keys) < VARIANT for t in short)


def cannot_link(a: Features, b: Features) -> str | None:
    """Return why two records cannot be one person, or None if they can."""
    return _fact_conflict(a, b) or _name_conflict(a, b)


def _fact_conflict(a: Features, b: Features, exact_dates: bool = True) -> str | None:
    """Return why sex or birth dates rule the pair out, or None."""
    if a.sex is not None and b.sex is not None and a.sex != b.sex:
        return "different sex"
    if impossible_gap(a.birth, b.birth):
        return "birth years too far apart"
    if exact_dates and _dates_conflict(a, b):
        return "full birth dates disagree beyond a typing error"
    return None


def _names_comparable(a: Features, b: Features) -> bool:
    """Tell whether sibling safety applies: two civil names of two tokens, no alias agreeing."""
    return a.full_token_count >= 2 and b.full_token_count >= 2 and alias_level(a, b) != 2


def _name_conflict(a: Features, b: Features, undecided: bool = True) -> str | None:
    """Return why the names say parent, child or sibling (sibling safety), or None.

    Without `undecided`, the rules that leave a pair undecided for want of a birth date (a
    father and the son named after him) do not count: the pair may be one person.
    """
    if not _names_comparable(a, b):
        return None
    low, _ = name_cover(a.name_keys, b.name_keys)
    if low < UNMATCHED:
        return "a name token disagrees (sibling safety)"
    if _unexplained_given_name(a, b):
        return "one name has a given name the other lacks (parent or sibling)"
    if _names_differ(a, b) and _days_apart(a, b):
        return "names and full birth dates both differ (siblings)"
    if not undecided:
        return None
    if _father_of_same_name(a, b):
        return "a son named after his father, and no birth date to tell them apart"
    if _father_by_patronymic(a, b):
        return "one's given name is the other's patronymic, and no birth date to tell them apart"
    return None


def _father_by_patronymic(a: Features, b: Features) -> bool:
    """Tell whether an undated record may be the father of the other: his name is its patronymic.

    "Атабеков Айтемир Алауевич" (no birth date) may be the father of "Атабеков Атабек
    Айтемирович": the son's patronymic is a name of the other's own, and no name of the son's
    own. With both birth dates the years tell a father from his son. The son's patronymic
    must stand beside a surname and a given name, so that a surname in the patronymic form
    ("Сүлейменқызы Айбүбі") is not taken for one.
    """
    if a.birth is not None and b.birth is not None:
        return False
    for father, son in ((a, b), (b, a)):
        if not son.beside_surname:
            continue
        name = son.patronymic_keys[0]
        if any(token_similarity(name, own) >= UNMATCHED for own in _own_tokens(son)):
            continue  # named after the father, or his name is in the son's surname
        if any(token_similarity(own, name) >= VARIANT for own in _own_tokens(father)):
            return True
    return False


def _father_of_same_name(a: Features, b: Features) -> bool:
    """Tell whether a record may be the father of the son named after him.

    "Сатпаев Айзат Айзатұлы" has a father "Сатпаев Айзат"; a record "Сатпаев Айзат" (or
    "Сатпаев Айзат Суинович", another patronymic) when a birth date is missing on either side
    may be the father, so it is left for a person to decide.
    """
    if a.birth is not None and b.birth is not None:
        return False
    return any(
        long.named_after_father and short.patronymic_keys != long.patronymic_keys
        for short, long in ((a, b), (b, a))
    )


def groups_conflict(a: Sequence[Features], b: Sequence[Features], undecided: bool = True) -> bool:
    """Tell whether two groups of records cannot be one person.

    Any pair across them that sex or birth dates rule out decides. Names decide unless every
    pair whose names disagree holds one and the same record, that record has company in its
    own group, the names of most comparable pairs agree and no two full birth dates are days
    apart in one month: then it is that record's typo ("Маия" for "Мария", another known
    name), not a sibling. Twins disagree in every pair, and a lone record is never outvoted.
    """
    comparable = 0
    apart = False
    odd: set[int] | None = None  # the records every conflicting pair so far holds
    conflicts = 0
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if _fact_conflict(x, y) is not None:
                return True
            if not _names_comparable(x, y):
                continue
            comparable += 1
            apart = apart or _days_apart(x, y)
            if _name_conflict(x, y, undecided) is not None:
                conflicts += 1
                pair = {i, len(a) + j}
                odd = pair if odd is None else odd & pair
                if not odd:
                    return True
    if not conflicts:
        return False
    assert odd is not None
    # With one disagreeing pair, the odd record is whichever of the two has company.
    side = len(a) if min(odd) < len(a) else len(b)
    company = max(len(a), len(b)) if len(odd) == 2 else side
    return company < 2 or apart or 2 * conflicts >= comparable


def _unexplained_given_name(a: Features, b: Features) -> bool:
    """Tell whether the longer name has a known given name that no token of the other takes.

    Each token of the shorter name takes its most similar token of the longer one; a token of
    the longer name left over that is a known given name and not its patronymic belongs to
    someone else.
    """
    if len(a.name_keys) == len(b.name_keys):
        return False
    long, short = (a, b) if len(a.name_keys) > len(b.name_keys) else (b, a)
    taken = {max(long.name_keys, key=lambda x: token_similarity(y, x)) for y in short.name_keys}
    left = [x for x in long.name_keys if x not in long.patronymic_keys and x not in taken]
    if any(is_given_name(x) for x in left):
        return True
    # The shorter name's own given name is the longer one's patronymic: a parent and child.
    return not short.patronymic_keys and bool(left) and bool(taken & set(long.patronymic_keys))


def identity_evidence(a: Features, b: Features) -> bool:
    """Tell whether a pair holds enough evidence to merge on its own strength.

    Both civil names, or an alias that agrees, or else the same exact birth date. An alias-only
    record ("Умм Юсуф") and a record without that alias share at most a birth date, the sex
    and a place. Blocking brings such pairs together on near dates too (a day off, a swap, a
    year off), and the weights, counted on pairs that mostly compare names, rate a near date as
    highly as the same one; so a pair with only a near date is scored and shown for review,
    but joins its person only through a third record carrying both the alias and the name.
    """
    if (a.name_keys and b.name_keys) or alias_level(a, b) == 2:
        return True
    x, y = a.birth, b.birth
    return x is not None and x == y and x.day is not None and not x.is_default


def _evidence(a: Features, b: Features) -> bool:
    """identity_evidence, with its usual answer (two civil names) first."""
    return bool(a.name_keys and b.name_keys) or identity_evidence(a, b)


@dataclass
class _Group:
    members: list[str]
    # How many records of the group hold each name token (patronymics aside).
    tokens: Counter[str]
    dated: bool  # a record of the group has a full birth date


SETTLED = 2  # records that agree on a spelling before it counts as the name, not a typo


def spellings_conflict(
    a: Mapping[str, int], b: Mapping[str, int], a_undated: bool = False, b_undated: bool = False
) -> bool:
    """Tell whether two groups each settled on their own spelling of one name token.

    Given the counts of own name tokens (patronymics aside) per group, a token held by SETTLED
    records of one group and by none of the other, similar to such a token of the other group:
    twins "Әлия" and "Ағлия", each written the same way by several agencies. One agency's typo
    appears in one record; our keys fold every system's rendering of a name to one spelling.
    A group without a full birth date also settles on a known given name in one record:
    "Жана Сейилова", undated, beside "Жания" written alike by four agencies, is more likely her
    sister Жана than a typo that happens to spell another name, and no date can tell.
    """
    own_a = [t for t, n in a.items() if _settled(t, n, a_undated) and t not in b]
    if not own_a:
        return False
    own_b = [t for t, n in b.items() if _settled(t, n, b_undated) and t not in a]
    return any(token_similarity(x, y) >= UNMATCHED for x in own_a for y in own_b)


def _settled(token: str, records: int, undated: bool) -> bool:
    """Tell whether a group's token is its name rather than a typo."""
    return len(token) > 1 and (records >= SETTLED or (undated and is_given_name(token)))


def _dated(f: Features) -> bool:
    """Tell whether a record has a full birth date (not an estimated 1 January)."""
    return f.birth is not None and f.birth.day is not None and not f.birth.is_default


def cluster(
    records: Mapping[str, Features],
    edges: Iterable[tuple[str, str, float]],
    threshold: float = MERGE_THRESHOLD,
) -> dict[str, str]:
    """Assign every record a cluster id (the id of its first record in input order)."""
    order = {rid: i for i, rid in enumerate(records)}
    parent = {rid: rid for rid in records}
    groups = {
        rid: _Group([rid], Counter(_own_tokens(records[rid])), _dated(records[rid]))
        for rid in records
    }

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    strong = sorted(
        (e for e in edges if e[2] >= threshold and _evidence(records[e[0]], records[e[1]])),
        key=lambda e: (-e[2], order[e[0]], order[e[1]]),
    )
    near: dict[str, list[tuple[str, float]]] = {}  # record -> (partner, log-odds) of strong pairs
    for left, right, p in strong:
        near.setdefault(left, []).append((right, _logit(p)))
        near.setdefault(right, []).append((left, _logit(p)))

    def torn(ra: str, rb: str, p: float) -> bool:
        """Tell whether one side of a merge is as near a third group that is someone else.

        The side is a lone record or a group without a full birth date; the third group is one
        it has a pair with scoring within TIE_MARGIN of this one, and could join. It is torn when
        the target and the third are two people by sex or birth years (a sister born three
        years later, a father), or when it is a lone record spelled as the third and not as the
        target, and the two settled on different spellings of the name (twins).
        Then the order of merging, not the records, would choose: the side does not join the
        target (nor, by the same test, the third when the two are two people by the facts).
        """
        floor = _logit(p) - TIE_MARGIN
        for side, target in ((ra, rb), (rb, ra)):
            gs, gt = groups[side], groups[target]
            if gs.dated and len(gs.members) > 1:
                continue
            for member in gs.members:
                for y, weight in near[member]:
                    third = find(y)
                    if weight < floor or third in (side, target):
                        continue
                    gh = groups[third]
                    if _apart(records, gs, gh, undecided=False):
                        continue  # the side cannot be that one
                    if _facts_apart(records, gt, gh):
                        return True
                    if len(gs.members) == 1 and _spelled_as(records[member], gt, gh):
                        return True
        return False

    # Two groups refused stay refused while neither grows (groups only grow): other pairs
    # across them need not be checked again.
    refused: set[tuple[str, str, int, int]] = set()
    for left, right, p in strong:
        ra, rb = find(left), find(right)
        if ra == rb:
            continue
        ga, gb = groups[ra], groups[rb]
        state = (
            (ra, rb, len(ga.members), len(gb.members))
            if ra < rb
            else (rb, ra, len(gb.members), len(ga.members))
        )
        if state in refused:
            continue
        if _apart(records, ga, gb):
            refused.add(state)
            continue
        if torn(ra, rb, p):
            continue
        if order[ra] > order[rb]:
            ra, rb, ga, gb = rb, ra, gb, ga
        parent[rb] = ra
        ga.members.extend(gb.members)
        ga.tokens.update(gb.tokens)
        ga.dated = ga.dated or gb.dated
        del groups[rb]
    where = {rid: groups[find(rid)] for rid in records}
    _move_to_own_spelling(records, where, strong)
    return {rid: min(where[rid].members, key=order.__getitem__) for rid in records}


TIE_MARGIN = 1.0  # log-odds (natural): pairs this near are a tie the order of merging would break


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))


def _spelled_as(record: Features, target: _Group, third: _Group) -> bool:
    """Tell whether a record's spelling ties it to a third group as much as to the target.

    Spelled as the third and not as the target, where the two settled on different spellings
    (a known given name in one record settles it): twins "Аглия" and "Әлия", and "Басым Алия"
    scoring a hair nearer Аглия's records than Әлия's.
    """
    own = _own_tokens(record)
    if not own or all(target.tokens[t] > 0 for t in own):
        return False
    return all(third.tokens[t] > 0 for t in own) and spellings_conflict(
        target.tokens, third.tokens, True, True
    )


def _facts_apart(records: Mapping[str, Features], a: _Group, b: _Group) -> bool:
    """Tell whether sex or birth years (more than two apart) make two groups two people."""
    return any(
        _fact_conflict(records[x], records[y], exact_dates=False) is not None
        for x in a.members
        for y in b.members
    )


def _apart(records: Mapping[str, Features], a: _Group, b: _Group, undecided: bool = True) -> bool:
    """Tell whether two groups cannot be one person (facts, names or settled spellings).

    Without `undecided`, a pair left for a person to decide (a father and the son named after
    him, no birth date to tell them apart) is not a reason: they may be one.
    """
    return groups_conflict(
        [records[x] for x in a.members], [records[y] for y in b.members], undecided
    ) or spellings_conflict(a.tokens, b.tokens, not a.dated, not b.dated)


def _move_to_own_spelling(
    records: Mapping[str, Features],
    where: dict[str, _Group],
    strong: Sequence[tuple[str, str, float]],
) -> None:
    """Move a record to the group that spells its name as it does, when merging put it elsewhere.

    Merging goes from the strongest pair down, and twins "Аглия" and "Әлия" one letter apart
    can both score near 1 with one record: "Басым Алия" may join Аглия's group a hair before
    Әлия's. Such a record is alone in its group with its spelling, which the group writes
    otherwise (a settled, similar token), while a group it has a strong pair with holds every
    token of its name and a full birth date (a group without one may hold the spelling by a
    sister's undated record): it goes there, unless that group cannot take it.
    """
    for left, right, _ in strong:
        for x, y in ((left, right), (right, left)):
            home, other = where[x], where[y]
            if home is other or len(home.members) < 2 or not other.dated:
                continue
            own = _own_tokens(records[x])
            if not own or any(other.tokens[t] == 0 for t in own):
                continue
            alone = [t for t in own if home.tokens[t] == 1]
            settled = [t for t, n in home.tokens.items() if n >= SETTLED and t not in own]
            if not any(token_similarity(t, u) >= UNMATCHED for t in alone for u in settled):
                continue
            if groups_conflict([records[x]], [records[m] for m in other.members]):
                continue
            home.members.remove(x)
            home.tokens.subtract(own)
            other.members.append(x)
            other.tokens.update(own)
            where[x] = other
