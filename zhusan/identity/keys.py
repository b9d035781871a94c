"""Fold a name in any script to ASCII comparison keys where its spellings meet.

One key cannot undo every rendering, but most Kazakh name variation is a choice among a few
well-known systems, and those systems differ in a small number of letters. The key first writes
every script as loose Latin, then maps each group of letters that the systems render differently
to one class letter:

* Kazakh Cyrillic → Russian Cyrillic folding of the "Инструкция по русской передаче казахских
  антропонимов" (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и, йы→и);
* BGN/PCGN (Kazakh 1979, Russian 1947: gh, q, ng, zh, kh, y, ye), ICAO Doc 9303 (passport:
  zh, kh, ts, ch, iu, ia, i for й) and the Soviet Дж for Ж (dzh, dj);
* the official Kazakh Latin alphabets of Decree No. 569 of 26 Oct 2017 (apostrophes: a', g', n',
  o', u', y'=у, i'=и, s'=ш, c'=ч), of the decree of 20 Feb 2018 (acutes: á, ǵ, ń, ó, ú, ý=у, sh,
  ch, ı=и) and of the January 2021 revision (ä, ğ, ñ, ö, ū, ü, ş, ı=і, i=и). The dotted and dotless
  i swap between 2018 and 2021, so both fold to one ``i``.

Classes: j = ж/zh/j/dzh/dj; k = к/қ/х/һ/q/kh/h/x; g = г/ғ/gh; n = н/ң/ng; w = ш/щ/sh/ş; c = ч/ц/ch/ts;
i = и/й/і/ы/y/ı; then ``ie``→e (Ye-/-iye-), ``mb``→nb (Алмағамбет/Алмаганбет) and doubled letters
collapse (Asel/Assel). ``ui`` before a consonant loses its i, because Russian renderings drop
the ы of уы (Бауыржан/Bauyrzhan → Бауржан), as Қайырбек → Кайрбек/Каирбек already meet through
the i class; й and и go the same way (Куйбышев/Kuibyshev/Kuybyshev), so every system agrees. All functions here are pure and total: any string in, a string out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from zhusan.identity.scripts import normalise

# Cyrillic (Russian and Kazakh) and other non-ASCII letters -> loose Latin, before the class pass.
_LOOSE = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ә": "a",
    "ғ": "gh",
    "қ": "q",
    "ң": "ng",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
    "ї": "i",
    "є": "e",
    "ў": "u",
    "ј": "j",
    # Latin letters whose decomposition would lose the class they belong to.
    "ý": "u",  # 2018 alphabet: ý = у
    "ş": "sh",
    "ș": "sh",
    "š": "sh",
    "ç": "ch",
    "č": "ch",
    "ž": "zh",
    "ı": "i",
    "ŋ": "ng",
    "ə": "a",
    "ɵ": "o",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    # Apostrophe look-alikes (2017 alphabet, BGN soft sign, typing) -> one apostrophe.
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "ʻ": "'",
    "`": "'",
    "´": "'",
    "ʹ": "'",
    "′": "'",
    "·": "",  # ICU BGN separates n·g (ng as н+г) with a middle dot
    # Hyphens join compounds (Nur-Sultan = Nursultan, the Instruction writes them together).
    "-": "",
    "‐": "",
    "‑": "",
    "–": "",
    "—": "",
    # Arabic letters, consonantal and unvocalised (kunya in Arabic script).
    "ا": "a",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ٱ": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "'",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "و": "u",
    "ؤ": "u",
    "ي": "i",
    "ى": "a",
    "ئ": "i",
    "ء": "'",
    "ی": "i",
    "ک": "k",
}
_LOOSE_TABLE = str.maketrans(_LOOSE)

# Letter groups that the romanisation systems render differently -> one class letter.
# One left-to-right pass, longest match first; replacements are not rescanned.
_CLASSES = {
    "shch": "w",
    "dzh": "j",
    "zh": "j",
    "dj": "j",
    "kh": "k",
    "gh": "g",
    "sh": "w",
    "ch": "c",
    "ts": "c",
    "tc": "c",
    # нг (Russian) is "ng"; its Kazakh original нғ/ңғ is "ngh"/"nggh" (ғ = gh): one class, or
    # Құрманғалиев would give "kurmankal" beside Курмангалиев's "kurmanal".
    "nggh": "n",
    "ngh": "n",
    "ngg": "n",
    "ng": "n",
    "ph": "f",
    "q": "k",
    "h": "k",
    "x": "k",
    "y'": "u",  # 2017: y' = у
    "i'": "i",  # 2017: i' = и
    "s'": "w",  # 2017: s' = ш
    "c'": "c",  # 2017: c' = ч
    "y": "i",
    "w": "v",
    "'": "",
}
_CLASS_RE = re.compile("|".join(sorted(map(re.escape, _CLASSES), key=len, reverse=True)))
_UI_RE = re.compile(r"ui(?=[bcdfgjklmnprstvwz])")
_IE_RE = re.compile(r"i+e")
_MB_RE = re.compile(r"mb")
_DOUBLE_RE = re.compile(r"([a-z])\1+")
_NOT_KEY_RE = re.compile(r"[^a-z0-9]+")

_VOWELS = frozenset("aeiou")


def _loose_latin(text: str) -> str:
    """Write a normalised name in loose lowercase Latin, apostrophes kept."""
    text = normalise(text).lower().translate(_LOOSE_TABLE)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _classes(word: str) -> str:
    """Map one loose-Latin word to class letters, without collapsing doubled letters."""
    word = _CLASS_RE.sub(lambda m: _CLASSES[m.group(0)], word)
    word = _UI_RE.sub("u", word)
    word = _NOT_KEY_RE.sub("", word)
    word = _IE_RE.sub("e", word)
    return _MB_RE.sub("nb", word)


def _collapse(word: str) -> str:
    return _DOUBLE_RE.sub(r"\1", word)


def _raw_tokens(text: str) -> tuple[str, ...]:
    """Split a name into class-letter tokens, doubled letters not yet collapsed.

    Normalisation works word by word, so each word is folded once and cached: a batch has far
    fewer distinct words than distinct names.
    """
    words = text.split()
    if len(words) == 1:
        return _word_tokens(words[0])
    return tuple(t for word in words for t in _word_tokens(word))


@lru_cache(maxsize=1 << 18)
def _word_tokens(text: str) -> tuple[str, ...]:
    loose = _loose_latin(text)
    out = []
    for word in re.split(r"[^a-z0-9']+", loose):
        key = _classes(word)
        if key:
            out.append(key)
    return tuple(out)


def fold(text: str) -> str:
    """Return the ASCII comparison key of a whole name: tokens in order, single spaces."""
    if not isinstance(text, str):
        return ""
    return _fold(text)


@lru_cache(maxsize=1 << 18)
def _fold(text: str) -> str:
    return " ".join(_collapse(t) for t in _raw_tokens(text))


# Patronymic markers written as a separate word (Серік ұлы, Serik uly) and as endings.
PATRONYMIC_WORDS = frozenset({"uli", "ulu", "kizi", "ogli", "oglu", "ugli", "kiz"})
_PATRONYMIC_ENDINGS = ("ovic", "evic", "ovna", "evna", "kizi", "uli", "ulu", "ogli", "ugli")
_SURNAME_ENDINGS = ("ova", "eva", "ov", "ev")
_SURNAME_REWRITES = (("skaia", "sk"), ("ski", "sk"), ("ina", "in"))
_MIN_STEM = 3


def _stem(raw: str) -> str:
    """Strip a patronymic or surname ending from one uncollapsed class-letter token."""
    for end in _PATRONYMIC_ENDINGS:
        if end == "ulu" and raw.endswith("sulu"):
            continue  # Жансұлу, Айсұлу: given names in -сұлу, not a Kyrgyz -уулу patronymic
        if raw.endswith(end) and len(raw) - len(end) >= _MIN_STEM - 1:
            return raw[: -len(end)]
    key = _collapse(raw)
    for end in _SURNAME_ENDINGS:
        if key.endswith(end) and len(key) - len(end) >= _MIN_STEM:
            return key[: -len(end)]
    for end, repl in _SURNAME_REWRITES:
        if key.endswith(end) and len(key) - len(end) >= _MIN_STEM:
            return key[: -len(end)] + repl
    return key


def token_keys(text: str) -> list[str]:
    """Return one folded key per name token, patronymic and surname endings stripped."""
    if not isinstance(text, str):
        return []
    return list(_token_keys(text))


@lru_cache(maxsize=1 << 18)
def _token_keys(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for raw in _raw_tokens(text):
        if _collapse(raw) in PATRONYMIC_WORDS:
            continue
        key = _collapse(_stem(raw))
        if key:
            out.append(key)
    return tuple(out)


def skeleton(key: str) -> str:
    """Return the consonant skeleton of a folded token: first letter kept, vowels dropped."""
    if not isinstance(key, str) or not key:
        return ""
    rest = "".join(ch for ch in key[1:] if ch not in _VOWELS)
    return _collapse(key[0] + rest)
