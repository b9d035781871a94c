"""Transliterate names between Kazakh Cyrillic, Russian Cyrillic and the Latin systems in use.

Where ICU has the transform (``Kazakh-Latin/BGN``, ``Russian-Latin/BGN``, ``Latin-ASCII``) we call
it through PyICU; ICU has no official Kazakh Latin alphabet and no passport transform, so those
are small tables of our own, cited here:

* ``LAT2017`` — Presidential Decree No. 569 of 26 October 2017, the apostrophe alphabet
  (ә=a', ғ=g', ң=n', ө=o', ү=u', у=y', и/й=i', ш=s', ч=c').
* ``LAT2018`` — amendment of 19/20 February 2018, the acute alphabet (ә=á, ғ=ǵ, ң=ń, ө=ó, ү=ú,
  у=ý, и/й=ı, ш=sh, ч=ch, ю=ıý, я=ıa).
* ``LAT2021`` — the January 2021 revision, 31 letters (ә=ä, ғ=ğ, ң=ñ, ө=ö, ұ=ū, ү=ü, ш=ş, і=ı,
  и/й=i). Dotted and dotless i are assigned the other way round from 2018.
* ``ICAO`` — ICAO Doc 9303 Part 3, section 6, transliteration of Cyrillic in machine-readable
  passports (ж=zh, х=kh, ц=ts, ч=ch, ш=sh, щ=shch, ъ=ie, ю=iu, я=ia, й=i; Kazakh letters to their
  base letter), used by Kazakh passports issued under Government Decree No. 684 of 4 July 2013.
* Kazakh → Russian Cyrillic follows the "Инструкция по русской передаче казахских антропонимов":
  ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и and йы/йі→и (Асайын→Асаин).
"""

from __future__ import annotations

import enum
import re
from functools import lru_cache
from typing import Any

from zhusan.identity.scripts import normalise


class System(enum.StrEnum):
    """A way of writing a Kazakh or Russian name."""

    KK_CYRL = "kk-Cyrl"
    RU_CYRL = "ru-Cyrl"
    BGN = "bgn"
    ICAO = "icao"
    LAT2017 = "lat2017"
    LAT2018 = "lat2018"
    LAT2021 = "lat2021"


class TransliterationUnavailable(RuntimeError):
    """Raised when a transform needs PyICU and it is not installed."""


_COMMON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "з": "z",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ф": "f",
    "ъ": "",
    "ь": "",
    "э": "e",
}

LAT2021 = _COMMON | {
    "ә": "ä",
    "ғ": "ğ",
    "ё": "io",
    "ж": "j",
    "и": "i",
    "й": "i",
    "қ": "q",
    "ң": "ñ",
    "ө": "ö",
    "у": "u",
    "ұ": "ū",
    "ү": "ü",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "ş",
    "щ": "şş",
    "ы": "y",
    "і": "ı",
    "ю": "iu",
    "я": "ia",
}

LAT2018 = _COMMON | {
    "ә": "á",
    "ғ": "ǵ",
    "ё": "ıo",
    "ж": "j",
    "и": "ı",
    "й": "ı",
    "қ": "q",
    "ң": "ń",
    "ө": "ó",
    "у": "ý",
    "ұ": "u",
    "ү": "ú",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ы": "y",
    "і": "i",
    "ю": "ıý",
    "я": "ıa",
}

LAT2017 = _COMMON | {
    "ә": "a'",
    "ғ": "g'",
    "ё": "i'o",
    "ж": "j",
    "и": "i'",
    "й": "i'",
    "қ": "q",
    "ң": "n'",
    "ө": "o'",
    "у": "y'",
    "ұ": "u",
    "ү": "u'",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "c'",
    "ш": "s'",
    "щ": "s'",
    "ы": "y",
    "і": "i",
    "ю": "i'y'",
    "я": "i'a",
}

ICAO = _COMMON | {
    "ъ": "ie",
    "ә": "a",
    "ғ": "g",
    "ё": "e",
    "ж": "zh",
    "и": "i",
    "й": "i",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "х": "kh",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ы": "y",
    "і": "i",
    "ю": "iu",
    "я": "ia",
}

# Kazakh Cyrillic letters to their Russian renderings (the Instruction's letter rules).
KAZAKH_TO_RUSSIAN = {
    "ә": "а",
    "ғ": "г",
    "қ": "к",
    "ң": "н",
    "ө": "о",
    "ұ": "у",
    "ү": "у",
    "һ": "х",
    "і": "и",
}
_KK_RU_CLUSTERS = re.compile(r"й[ыі]")

# Letters of the 2021 table that come back unambiguously (и/й, х/һ, ц/ts… are excluded).
REVERSIBLE_2021 = "аәбвгғдежзиқклмнңоөпрстуұүфхшыі"
_FROM_2021 = {LAT2021[c]: c for c in REVERSIBLE_2021}

_TABLES: dict[System, dict[str, str]] = {
    System.LAT2017: LAT2017,
    System.LAT2018: LAT2018,
    System.LAT2021: LAT2021,
    System.ICAO: ICAO,
}
_ICU_IDS = {"kk": "Kazakh-Latin/BGN; Latin-ASCII", "ru": "Russian-Latin/BGN; Latin-ASCII"}


def _icu() -> Any:
    """Import PyICU, or raise a clear error naming the package to install."""
    try:
        import icu
    except ImportError as exc:  # pragma: no cover - exercised only without PyICU
        raise TransliterationUnavailable(
            "BGN transliteration needs PyICU: pip install pyicu (builds against libicu-dev)"
        ) from exc
    return icu


@lru_cache(maxsize=8)
def _icu_transliterator(transform_id: str) -> Any:
    return _icu().Transliterator.createInstance(transform_id)


def icu_transliterate(text: str, transform_id: str) -> str:
    """Run an ICU transform (e.g. ``Kazakh-Latin/BGN``) over a string."""
    if not isinstance(text, str):
        return ""
    return str(_icu_transliterator(transform_id).transliterate(text))


def _match_case(source: str, target: str) -> str:
    """Give each word of the target the capitalisation of the source word."""
    if source.isupper() and len(source) > 1:
        return target.upper()
    if source[:1].isupper():
        return target[:1].upper() + target[1:]
    return target


def _by_table(text: str, table: dict[str, str]) -> str:
    out = []
    for word in re.split(r"(\W+)", text):
        if not word or not word[0].isalnum():
            out.append(word)
            continue
        low = word.lower()
        latin = "".join(table.get(ch, ch) for ch in low)
        out.append(_match_case(word, latin))
    return "".join(out)


def kazakh_to_russian(text: str) -> str:
    """Rewrite Kazakh Cyrillic letters the way Russian-language documents write them."""
    if not isinstance(text, str):
        return ""
    text = normalise(text)

    def fold_word(word: str) -> str:
        low = _KK_RU_CLUSTERS.sub("и", word.lower())
        low = "".join(KAZAKH_TO_RUSSIAN.get(ch, ch) for ch in low)
        return _match_case(word, low)

    return re.sub(r"\w+", lambda m: fold_word(m.group(0)), text)


def from_lat2021(text: str) -> str:
    """Write 2021 Kazakh Latin back in Kazakh Cyrillic (letters of REVERSIBLE_2021 only)."""
    if not isinstance(text, str):
        return ""

    def back(word: str) -> str:
        low = word.lower()
        return _match_case(word, "".join(_FROM_2021.get(ch, ch) for ch in low))

    return re.sub(r"\w+", lambda m: back(m.group(0)), normalise(text))


def render(text: str, system: System) -> str:
    """Write a Cyrillic name in the given system (Kazakh or Russian source letters)."""
    if not isinstance(text, str):
        return ""
    text = normalise(text)
    if system is System.KK_CYRL:
        return text
    if system is System.RU_CYRL:
        return kazakh_to_russian(text)
    if system is System.BGN:
        kazakh = any(ch in KAZAKH_TO_RUSSIAN for ch in text.lower())
        return icu_transliterate(text, _ICU_IDS["kk" if kazakh else "ru"])
    return _by_table(text, _TABLES[system])
