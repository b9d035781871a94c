"""Parse Arabic kunya-style aliases (Abu/Umm X al-Y) written in Latin, Cyrillic or Arabic script.

Noms de guerre are typically "Abu <son's name>" or "Umm <son's name>" followed by a nisba
"al-<place of origin>" (Mironova & Alhamad, "The Names of Jihad", Foreign Affairs, 14 July 2017).
The spellings vary (Abu/Abou/Abū/Абу/أبو, Umm/Um/Oum/Умм/أم, al-/el-/as-/ash-/аль-/ال), and
Arabic script is usually unvocalised, so the name inside is compared by its consonants only:
Muhammad, Mohammed, Мухаммад and محمد all become ``mkmd``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhusan.identity.keys import fold
from zhusan.identity.scripts import normalise

_KIND_WORDS = {
    "abu": "abu",
    "abou": "abu",
    "abū": "abu",
    "aboo": "abu",
    "abo": "abu",
    "abi": "abu",
    "абу": "abu",
    "әбу": "abu",
    "абy": "abu",
    "أبو": "abu",
    "ابو": "abu",
    "أبي": "abu",
    "umm": "umm",
    "um": "umm",
    "umm-": "umm",
    "oum": "umm",
    "om": "umm",
    "ummu": "umm",
    "умм": "umm",
    "ум": "umm",
    "умму": "umm",
    "أم": "umm",
    "ام": "umm",
    "ibn": "ibn",
    "bin": "ibn",
    "ибн": "ibn",
    "бин": "ibn",
    "ابن": "ibn",
    "بن": "ibn",
    "bint": "bint",
    "бинт": "bint",
    "بنت": "bint",
}
_ARTICLE = re.compile(
    r"^(?:al|el|ul|as|ash|at|ad|ar|az|an|ath|adh|аль|ал|эль|ас|аш|ат|ад|ар|аз|ан|ال)[-‐‑ʼ'’]?",
    re.IGNORECASE,
)
_ARTICLE_WORDS = frozenset(
    {"al", "el", "ul", "as", "ash", "at", "ad", "ar", "az", "an", "аль", "ал", "эль", "ال"}
)
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True)
class Kunya:
    """An Arabic alias: its kind (abu, umm, ibn, bint), the name inside, and the nisba."""

    kind: str
    name: str
    nisba: str | None

    @property
    def key(self) -> str:
        """Return the comparison key: kind and the consonants of the name."""
        return f"{self.kind}:{self.name}"


def consonants(text: str) -> str:
    """Return the consonants of a folded name (vowels, ayn and hamza dropped)."""
    return "".join(ch for ch in fold(text) if ch.isalpha() and ch not in _VOWELS)


def _nisba_key(word: str) -> str:
    key = consonants(_ARTICLE.sub("", word))
    return key.removesuffix("stn") if len(key) > 4 else key


def parse_kunya(text: str) -> Kunya | None:
    """Read 'Abu X al-Y' / 'Умм X' / 'أبو X' into a Kunya, or None if it is not one."""
    if not isinstance(text, str):
        return None
    words = normalise(text).replace("ـ", "").split()
    if len(words) < 2:
        return None
    kind = _KIND_WORDS.get(words[0].lower().rstrip("-"))
    if kind is None:
        return None
    rest = words[1:]
    nisba: str | None = None
    # The nisba is the first word after the name that carries the article.
    for i, word in enumerate(rest[1:], start=1):
        low = word.lower()
        if low in _ARTICLE_WORDS and i + 1 < len(rest):
            nisba = _nisba_key(rest[i + 1]) or None
            rest = rest[:i]
            break
        if _ARTICLE.match(low) and len(_ARTICLE.sub("", low)) >= 3:
            nisba = _nisba_key(word) or None
            rest = rest[:i]
            break
    name = consonants(" ".join(rest).replace(" ", ""))
    if not name:
        return None
    return Kunya(kind=kind, name=name, nisba=nisba)


def is_kunya(text: str) -> bool:
    """Tell whether a full name is an Arabic kunya rather than a civil name."""
    kunya = parse_kunya(text)
    return kunya is not None and kunya.kind in {"abu", "umm"}
