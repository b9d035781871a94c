"""Detect the writing system of a name and repair Latin/Cyrillic look-alike letters.

Agencies type names on Russian (ЙЦУКЕН), Kazakh and Latin keyboards, and a name often carries a
letter of the other script that looks the same (Latin ``a``/``e``/``o``/``p``/``c`` inside a
Cyrillic word, Cyrillic ``Н``/``В``/``Т`` inside a Latin one). The look-alike table follows the
Latin/Cyrillic rows of Unicode's confusables data (UTS #39); the Kazakh-specific look-alikes
(``ə`` U+0259 for ``ә``, ``ɵ`` U+0275 for ``ө``) come from the reference report, section 3.4.
"""

from __future__ import annotations

import enum
import unicodedata
from functools import lru_cache

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
RUSSIAN_ONLY_LETTERS = frozenset("ёъэЁЪЭ")

# Latin letter -> the Cyrillic letter it cannot be told apart from, and back.
_LATIN_TO_CYRILLIC = {
    "A": "А",
    "B": "В",
    "C": "С",
    "E": "Е",
    "H": "Н",
    "I": "І",
    "K": "К",
    "M": "М",
    "O": "О",
    "P": "Р",
    "T": "Т",
    "X": "Х",
    "Y": "У",
    "a": "а",
    "c": "с",
    "e": "е",
    "i": "і",
    "o": "о",
    "p": "р",
    "x": "х",
    "y": "у",
    "h": "һ",
    "ə": "ә",
    "Ə": "Ә",
    "ɵ": "ө",
    "Ɵ": "Ө",
}
_CYRILLIC_TO_LATIN = {c: lat for lat, c in _LATIN_TO_CYRILLIC.items() if lat.isascii()}
_TO_CYRILLIC = str.maketrans(_LATIN_TO_CYRILLIC)
_TO_LATIN = str.maketrans(_CYRILLIC_TO_LATIN)
_AMBIGUOUS = frozenset(_LATIN_TO_CYRILLIC) | frozenset(_CYRILLIC_TO_LATIN)


class Script(enum.StrEnum):
    """The writing system a name is written in."""

    KAZAKH_CYRILLIC = "kk-Cyrl"
    RUSSIAN_CYRILLIC = "ru-Cyrl"
    LATIN = "Latn"
    ARABIC = "Arab"
    MIXED = "mixed"
    OTHER = "other"
    EMPTY = "empty"


@lru_cache(maxsize=4096)
def letter_script(ch: str) -> str:
    """Return 'cyrl', 'latn', 'arab' or 'other' for one letter ('' for a non-letter)."""
    if not ch.isalpha():
        return ""
    code = ord(ch)
    if 0x0400 <= code <= 0x052F or 0x1C80 <= code <= 0x1C8F or 0x2DE0 <= code <= 0xA69F:
        return "cyrl"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arab"
    if code < 0x0250 or 0x1E00 <= code <= 0x1EFF or ch in "əɵƟƏ":
        return "latn"
    return "other"


def normalise(text: str) -> str:
    """Apply NFKC, drop control and zero-width characters, and repair look-alike letters."""
    if not isinstance(text, str):
        return ""
    return _normalise(text)


@lru_cache(maxsize=1 << 18)
def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(
        ch if unicodedata.category(ch)[0] != "C" else (" " if ch in "\t\n\r" else "") for ch in text
    )
    return " ".join(repair_homoglyphs(word) for word in text.split())


def repair_homoglyphs(word: str) -> str:
    """Rewrite look-alike letters of the minority script into the word's majority script."""
    cyr = lat = 0
    for ch in word:
        kind = letter_script(ch)
        if kind == "cyrl":
            cyr += ch not in _AMBIGUOUS
        elif kind == "latn":
            lat += ch not in _AMBIGUOUS
    has_cyr = any(letter_script(ch) == "cyrl" for ch in word)
    has_lat = any(letter_script(ch) == "latn" for ch in word)
    if not (has_cyr and has_lat):
        return word
    if cyr >= lat:
        return word.translate(_TO_CYRILLIC)
    return word.translate(_TO_LATIN)


def detect_script(text: str) -> Script:
    """Classify a name as Kazakh Cyrillic, Russian Cyrillic, Latin, Arabic or mixed."""
    text = normalise(text)
    kinds = {letter_script(ch) for ch in set(text)} - {""}
    if not kinds:
        return Script.EMPTY
    if len(kinds) > 1:
        return Script.MIXED
    kind = kinds.pop()
    if kind == "cyrl":
        if any(ch in KAZAKH_LETTERS for ch in text):
            return Script.KAZAKH_CYRILLIC
        return Script.RUSSIAN_CYRILLIC
    if kind == "latn":
        return Script.LATIN
    if kind == "arab":
        return Script.ARABIC
    return Script.OTHER
