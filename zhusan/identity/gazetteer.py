"""Resolve the many names of one place (Kazakh, Russian, Soviet, renamed, Arabic) to one id.

Place names need a lexicon: Қарағанды/Караганда or Астана/Нұр-Сұлтан/Ақмола/Целиноград are not
related by any transliteration rule. ``data/gazetteer.csv`` lists, per place id, the Kazakh and
Russian Cyrillic forms, the BGN, 2021-alphabet and traditional Latin forms and the former names
(from the renaming decrees: Alma-Ata → Almaty 1993, Akmola → Astana 1998 → Nur-Sultan 2019 →
Astana 2022, Kapshagay → Konaev 2022), and the usual spellings of the Syrian and Iraqi places
named in the repatriation (al-Hol/al-Hawl, Roj, Raqqa, Mosul…).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from zhusan.identity.keys import fold

GAZETTEER_PATH = Path(__file__).with_name("data") / "gazetteer.csv"

# Words that say what kind of place it is, in the languages met, dropped before look-up.
_FILLER = frozenset(
    fold(w)
    for w in [
        "г",
        "г.",
        "гор",
        "город",
        "город.",
        "qala",
        "qalasy",
        "қаласы",
        "каласы",
        "city",
        "town",
        "village",
        "aul",
        "аул",
        "ауыл",
        "село",
        "пос",
        "посёлок",
        "поселок",
        "oblysy",
        "облысы",
        "область",
        "обл",
        "region",
        "oblast",
        "district",
        "р-н",
        "ауданы",
        "район",
        "al",
        "el",
        "аль",
        "эль",
        "камп",
        "лагерь",
        "camp",
        "lager",
        "rk",
        "кз",
        "kz",
        "kazakhstan",
        "казахстан",
        "қазақстан",
        "syria",
        "сирия",
        "iraq",
        "ирак",
    ]
)


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Load the gazetteer into a folded-name -> place id map."""
    index: dict[str, str] = {}
    with GAZETTEER_PATH.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for name in row["names"].split(";"):
                key = _place_key(name)
                if key:
                    index.setdefault(key, row["place_id"])
    return index


def _place_key(text: str) -> str:
    tokens = [t for t in fold(text.replace("-", " ")).split() if t not in _FILLER]
    return "".join(tokens)


def place_id(text: str) -> str | None:
    """Return the gazetteer id of a place name in any script, or None if it is not listed."""
    if not isinstance(text, str) or not text.strip():
        return None
    index = _index()
    key = _place_key(text)
    if key in index:
        return index[key]
    for token in fold(text.replace("-", " ")).split():
        if token in index:
            return index[token]
    return None


def place_key(text: str) -> str | None:
    """Return the gazetteer id if known, else the folded name, else None for an empty place."""
    found = place_id(text)
    if found is not None:
        return found
    key = _place_key(text) if isinstance(text, str) else ""
    return f"?{key}" if key else None
