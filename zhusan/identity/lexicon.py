"""Tell two different given names from two spellings of one name.

Twins and siblings share surname, patronymic, mother and often the birth date; only the given
name tells them apart, and Kazakh given names are close to one another: Әлия/Әдия/Адлия,
Абди/Абдинұр, Айым/Айымжан, Асқан/Асхат are all Jaro-Winkler ≥ 0.85 on their keys. No string
distance separates those from a typo, but a list of names does: two tokens that are both known
given names and fold to different keys are different names, however close. A token that is not
on the list (a typo, a rare name) is compared by distance as before.

``data/given_names.txt`` holds Kazakh, Russian and Arabic given names in Cyrillic, one a line,
from mimesis 22.2 (``kk`` and ``ru`` locales, MIT licence) and the Arabic names given to
children born in Syria and Iraq, without the fifth that the benchmark holds out
(bench/link/generate.py, ``held_out``). Regenerate with ``python -m bench.link.lexicon``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from zhusan.identity.keys import token_keys

GIVEN_NAMES_PATH = Path(__file__).with_name("data") / "given_names.txt"


@lru_cache(maxsize=1)
def given_name_keys() -> frozenset[str]:
    """Return the folded keys of the known given names."""
    keys: set[str] = set()
    for line in GIVEN_NAMES_PATH.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        keys.update(k for k in token_keys(name) if len(k) > 1)
    return frozenset(keys)


def is_given_name(key: str) -> bool:
    """Tell whether a folded token key is a known given name."""
    return key in given_name_keys()


def different_names(a: str, b: str) -> bool:
    """Tell whether two folded token keys are two different known given names."""
    if a == b:
        return False
    known = given_name_keys()
    return a in known and b in known
