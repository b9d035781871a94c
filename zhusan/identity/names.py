"""Analyse a personal name: its parts (surname, given name, patronymic), initials and variants.

Kazakh names mix two traditions. Code on Marriage and Family art. 194 p.2 and Presidential Decree
No. 2923 of 2 February 1996 let ethnic Kazakhs drop the Russian endings -ов/-ев/-ова/-ева/-ин/-ина
and -ович/-евич/-овна/-евна and write the patronymic with -ұлы/-қызы as one word, so one family
holds Серікович, Серікұлы, Serik uly and Serikovich, and Жанбулатов next to Жанбулат. Russian
documents put the surname first (ФИО), passports SURNAME GIVEN, news and NGOs given-name-first;
we therefore compare names as token sets and use roles only where a suffix tells them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhusan.identity.keys import PATRONYMIC_WORDS, fold, skeleton, token_keys
from zhusan.identity.kunya import is_kunya
from zhusan.identity.scripts import Script, detect_script, normalise
from zhusan.identity.translit import System, render

# Patronymic endings, with the forms a typing error usually leaves (-ovch, -ovn, -vic, -kzi).
# Not -сұлу (Жансұлу, Айсұлу) and not a short -қыз (Аққыз): those are given names.
_PATRONYMIC_END = re.compile(
    r"(ovic|evic|ovna|evna|uli|kizi|(?<!s)ulu|ogli|ugli|vic|ovc|evc|vna|ovn|evn|(?<=[a-z]{4})kzi"
    r"|(?<=[a-z]{4})kiz)$"
)
_SURNAME_END = re.compile(r"(ova|eva|ov|ev|ina|in|skaia|ski)$")


@dataclass(frozen=True)
class ParsedName:
    """A civil name split into comparison tokens, with the roles its endings reveal."""

    original: str
    script: Script
    keys: tuple[str, ...]
    surname: str | None = None
    given: tuple[str, ...] = ()
    patronymic: str | None = None
    patronymic_style: str | None = None
    initials: tuple[str, ...] = field(default=())

    @property
    def sorted_keys(self) -> tuple[str, ...]:
        """Return the full-token keys, unique and sorted (order-free comparison)."""
        return tuple(sorted({k for k in self.keys if len(k) > 1}))


def parse_name(text: str) -> ParsedName:
    """Split a civil name into token keys and guess surname, given names and patronymic."""
    if not isinstance(text, str):
        text = ""
    text = normalise(text)
    script = detect_script(text)
    raw_words = [w for w in re.split(r"[\s,.;/]+", text) if w]
    keys: list[str] = []
    folded: list[str] = []  # each key's word, folded but not stemmed
    # (position in keys, style) of each word that reads as a patronymic.
    candidates: list[tuple[int, str]] = []
    initials: list[str] = []
    for word in raw_words:
        key = fold(word)
        if not key:
            continue
        if key in PATRONYMIC_WORDS:
            # "Серік ұлы": the previous word was the patronymic root.
            last = len(keys) - 1
            if (
                last >= 0
                and len(folded[last]) > 1
                and (not candidates or candidates[-1][0] != last)
            ):
                candidates.append((last, "kk"))
            continue
        stems = token_keys(word)
        keys.append(stems[0] if stems else key)
        folded.append(key)
        if len(key) == 1:
            initials.append(key)
        elif _PATRONYMIC_END.search(key):
            kind = "kk" if key.endswith(("uli", "kizi", "ulu", "ogli", "ugli")) else "ru"
            candidates.append((len(keys) - 1, kind))
    # Kazakh surnames are often a patronymic form (Сүлейменқызы, Жансүгір ұлы), never -ович:
    # with two candidates the Russian-style one is the patronymic, else the later one
    # ("Сүлейменқызы Айбүбі Алғақызы").
    chosen = max(candidates, key=lambda c: (c[1] == "ru", c[0]), default=None)
    patronymic = keys[chosen[0]] if chosen else None
    style = chosen[1] if chosen else None
    demoted = {position for position, _ in candidates if chosen and position != chosen[0]}
    surname: str | None = None
    given: list[str] = []
    for position, (stem, key) in enumerate(zip(keys, folded, strict=True)):
        if len(key) == 1 or (chosen and position == chosen[0]):
            continue
        if surname is None and (position in demoted or _SURNAME_END.search(key)):
            surname = stem
        else:
            given.append(stem)
    if surname is None and len(given) >= 2 and patronymic is not None:
        # ФИО order: Surname Given Patronymic.
        surname = given.pop(0)
    return ParsedName(
        original=text,
        script=script,
        keys=tuple(keys),
        surname=surname,
        given=tuple(given),
        patronymic=patronymic,
        patronymic_style=style,
        initials=tuple(initials),
    )


def is_civil_name(text: str) -> bool:
    """Tell whether a full-name field holds a civil name (not empty, not only a kunya)."""
    return bool(isinstance(text, str) and fold(text)) and not is_kunya(text)


def name_skeletons(text: str) -> list[str]:
    """Return the consonant skeleton of each full token of a name."""
    return [skeleton(k) for k in token_keys(text) if len(k) > 1]


def variants(text: str) -> list[str]:
    """Return the usual renderings of a Cyrillic name (Kazakh, Russian, BGN, ICAO, 2021 Latin)."""
    if not isinstance(text, str) or not text.strip():
        return []
    script = detect_script(text)
    if script not in {Script.KAZAKH_CYRILLIC, Script.RUSSIAN_CYRILLIC}:
        return [normalise(text)]
    systems = [System.KK_CYRL, System.RU_CYRL, System.ICAO, System.LAT2021]
    out: list[str] = []
    for system in systems:
        rendered = render(text, system)
        if rendered not in out:
            out.append(rendered)
    try:
        bgn = render(text, System.BGN)
    except RuntimeError:
        bgn = ""
    if bgn and bgn not in out:
        out.append(bgn)
    return out
