"""Read the counts of a conviction against the catalogue: category, flags, age at offence."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from zhusan.law import catalogue, parameters
from zhusan.law.catalogue import Entry
from zhusan.law.criminal_code import art3, art5, art6, art11
from zhusan.law.facts import Facts, Offence
from zhusan.law.finding import Finding
from zhusan.law.periods import AgeBand, age_band, age_on

_CATALOGUE = catalogue.load()
_PARAMS = parameters.load()
_CODE_FROM: date = _PARAMS.at("cc.in_force_from", date(2015, 1, 1))
MAJORITY: int = _PARAMS.at("juvenile.age_of_majority", _CODE_FROM)


class Count(NamedTuple):
    """One count of the conviction as the engine reads it.

    `entry` is the catalogue entry in force on the offence date, or None when the article part
    is not in the catalogue; the statutory facts apply CC art. 6 (the more lenient of the
    entries on the offence date and on as_of).
    """

    offence: Offence
    entry: Entry | None
    terrorist: bool
    extremist: bool
    category: str | None
    rank: int
    against: str | None
    deprivation: bool | None
    age14: bool | None
    lenient_later: bool
    age: int | None
    minor: AgeBand | None  # the offence date against the 18th birthday; None if unknown


class Conviction(NamedTuple):
    """The conviction as a whole: the most serious category and the flags rules look at."""

    counts: tuple[Count, ...]
    te: bool
    rank: int | None
    against: str | None
    unknown: tuple[Count, ...]
    especially_grave_te: bool
    especially_grave_other: bool
    group_article: bool
    pre_code: bool
    juvenile: bool | None
    juvenile_boundary: bool
    juvenile_mixed: bool
    latest_offence: date
    killing: bool | None  # a count is an intentional crime against life; None if not known
    nature_clear: bool  # every article is outside the parole bars of art. 72(8)(3), (4), (9)

    @property
    def category(self) -> str | None:
        """Return the name of the most serious category, or None if unknown."""
        return None if self.rank is None else art11.NAMES[self.rank]


_count_cache: dict[tuple[str, str, int, int], tuple[Any, ...]] = {}


def _statutory(article: str, part: str, on: date, as_of: date) -> tuple[Any, ...]:
    """Return the statutory facts of an article part, cached by the entries involved.

    The art. 11 thresholds have a single period (a test checks it), so the entries decide.
    """
    then = _CATALOGUE.find(article, part, on)
    now = _CATALOGUE.find(article, part, as_of)
    key = (article, part, id(then), id(now))
    found = _count_cache.get(key)
    if found is None:
        found = _count_cache[key] = _resolve(article, part, on, then, now)
    return found


def _resolve(article: str, part: str, on: date, then: Entry | None, now: Entry | None):
    if then is None:
        return (None, None, 0, None, None, None, False)
    cat = art11.category(then.max_years, then.life, then.intentional, on)
    deprivation, age14, lenient_later = then.deprivation, then.age14, False
    if now is not None and now is not then:
        later = art11.category(now.max_years, now.life, now.intentional, on)
        if later is not None and cat is not None and art11.RANKS[later] < art11.RANKS[cat]:
            cat, lenient_later = later, True
        if now.deprivation is False and deprivation is not False:
            deprivation, lenient_later = False, True
        if now.age14 is False and age14 is not False:
            age14, lenient_later = False, True
    rank = art11.RANKS[cat] if cat is not None else 0
    return (then, cat, rank, then.against, deprivation, age14, lenient_later)


def _count(offence: Offence, facts: Facts) -> Count:
    on = offence.offence_date
    entry, cat, rank, against, deprivation, age14, lenient = _statutory(
        offence.article, offence.part, on, facts.as_of
    )
    terrorist = art3.is_terrorist(offence.article, on)
    extremist = art3.is_extremist(offence.article, offence.part, on)
    birth = facts.birth_date
    if birth is None:
        age, minor = None, None
    else:
        age, minor = (
            age_on(birth, offence.offence_date),
            age_band(birth, offence.offence_date, MAJORITY),
        )
    return Count(
        offence,
        entry,
        terrorist,
        extremist,
        cat,
        rank,
        against,
        deprivation,
        age14,
        lenient,
        age,
        minor,
    )


def read(facts: Facts) -> Conviction:
    """Analyse the counts of a conviction."""
    counts = tuple(_count(offence, facts) for offence in facts.offences)
    known = [c.rank for c in counts if c.rank]
    unknown = tuple(c for c in counts if not c.rank)
    top = max(known, default=0)
    # The most serious count decides; an unknown count matters unless a known one is the top.
    rank = top if top and (not unknown or top == 4) else None
    bands = {c.minor for c in counts}
    return Conviction(
        counts=counts,
        te=any(c.terrorist or c.extremist for c in counts),
        rank=rank,
        against=_against(counts, rank),
        unknown=unknown,
        especially_grave_te=any(c.rank == 4 and (c.terrorist or c.extremist) for c in counts),
        especially_grave_other=any(
            c.rank == 4 and not (c.terrorist or c.extremist) for c in counts
        ),
        group_article=any(c.offence.article in art3.GROUP_ARTICLES for c in counts),
        pre_code=any(c.offence.offence_date < _CODE_FROM for c in counts),
        juvenile=None if None in bands else bands == {"below"},
        juvenile_boundary="boundary" in bands,
        juvenile_mixed="below" in bands and len(bands) > 1,
        latest_offence=max(c.offence.offence_date for c in counts),
        killing=_killing(counts),
        nature_clear=all(
            c.offence.article in _listed_outside(c.offence.offence_date) for c in counts
        ),
    )


def _killing(counts: tuple[Count, ...]) -> bool | None:
    """Tell whether a count is an intentional crime against life (art. 72(8)(5))."""
    if any(c.against == "life" and c.entry is not None and c.entry.intentional for c in counts):
        return True
    return None if any(c.against is None for c in counts) else False


_outside: dict[int, frozenset[str]] = {}


def _listed_outside(on: date) -> frozenset[str]:
    period = _PARAMS.period("art72.bars_3_4_9_outside_articles", on)
    found = _outside.get(id(period))
    if found is None:
        found = _outside[id(period)] = frozenset(period.value)
    return found


def _against(counts: tuple[Count, ...], rank: int | None) -> str | None:
    """Return what the most serious counts were directed against: life, health, none, or None."""
    if rank is None:
        return None
    tops = [c.against for c in counts if c.rank == rank]
    if "life" in tops:
        return "life"
    if "health" in tops:
        return "health"
    return None if None in tops else "none"


def describe(count: Count) -> dict[str, Any]:
    """Render one count as the output contract's offence dict."""
    entry = count.entry
    return {
        "article": count.offence.article,
        "part": count.offence.part,
        "category": count.category,
        "terrorist": count.terrorist,
        "extremist": count.extremist,
        "offence_date": count.offence.offence_date.isoformat(),
        "in_catalogue": entry is not None,
        "title": None if entry is None else (entry.title_ru or entry.title_en),
        "max_years": None if entry is None else entry.max_years,
        "life": None if entry is None else entry.life,
        "against": count.against,
        "deprivation_in_sanction": count.deprivation,
        "age14_list": count.age14,
        "age_at_offence": count.age,
        "juvenile": None if count.minor is None else count.minor == "below",
        "confidence": None if entry is None else entry.confidence,
        "citation": None if entry is None else entry.citation,
    }


def flag_gaps(c: Conviction, finding: Finding, *, needs_category: bool = True) -> bool:
    """Flag what the engine cannot know about the conviction; return True if the category is unknown."""
    if c.pre_code:
        finding.flag(
            art5.PRE_CODE,
            "An offence predates 1 January 2015: the 2014 Code is applied; "
            "confirm it governs (continuing offence or more lenient law, art. 6).",
        )
    for count in c.counts:
        if count.lenient_later:
            finding.apply(
                art6.LENIENT_LAW,
                f"Art. {count.offence.article}({count.offence.part}): "
                "a later, more lenient wording applies.",
            )
    if needs_category and c.rank is None:
        names = ", ".join(f"{u.offence.article}({u.offence.part})" for u in c.unknown)
        finding.flag(
            art11.UNKNOWN_SANCTION,
            f"The statutory maximum of {names} is not known to the "
            "engine, so the category of the conviction is not known.",
        )
        return True
    return False
