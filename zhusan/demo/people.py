"""Invented persons: Kazakh and Russian name stocks (mimesis kk/ru), never a real person."""

from __future__ import annotations

import random
from dataclasses import dataclass

from mimesis import Person as MimesisPerson
from mimesis.enums import Gender
from mimesis.locales import Locale

from zhusan.identity.translit import System, render

REGIONS = (
    "Mangystau",
    "Aktobe",
    "Atyrau",
    "Karaganda",
    "Almaty",
    "Turkistan",
    "Shymkent",
    "Zhambyl",
    "West Kazakhstan",
    "Astana",
    "Pavlodar",
    "Kostanay",
)
KZ_PLACES = {  # a birth town per region, in Kazakh Cyrillic
    "Mangystau": "Ақтау",
    "Aktobe": "Ақтөбе",
    "Atyrau": "Атырау",
    "Karaganda": "Қарағанды",
    "Almaty": "Алматы",
    "Turkistan": "Түркістан",
    "Shymkent": "Шымкент",
    "Zhambyl": "Тараз",
    "West Kazakhstan": "Орал",
    "Astana": "Астана",
    "Pavlodar": "Павлодар",
    "Kostanay": "Қостанай",
}
ZONE_PLACES = ("Raqqa", "Mayadin", "Hajin", "Baghuz", "Mosul", "Tal Afar", "Deir ez-Zor")
CAMPS = ("al-Hol camp", "al-Roj camp")


@dataclass
class NameParts:
    surname: str  # Kazakh Cyrillic
    given: str
    father_given: str
    sex: str

    def kazakh(self) -> str:
        suffix = "ұлы" if self.sex == "M" else "қызы"
        return f"{self.surname} {self.given} {self.father_given}{suffix}"

    def russian(self) -> str:
        surname = render(self.surname, System.RU_CYRL)
        given = render(self.given, System.RU_CYRL)
        father = render(self.father_given, System.RU_CYRL)
        stem = father[:-1] if father[-1:] in "аяй" else father
        patronymic = stem + ("ович" if self.sex == "M" else "овна")
        return f"{surname} {given} {patronymic}"

    def latin(self, system: System) -> str:
        return f"{render(self.given, system)} {render(self.surname, system)}"


class NameStock:
    """Draw invented Kazakh names deterministically from a seed."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        kk = MimesisPerson(Locale.KK, seed=seed)
        self.male = sorted({kk.first_name(gender=Gender.MALE) for _ in range(3000)})
        self.female = sorted({kk.first_name(gender=Gender.FEMALE) for _ in range(3000)})
        surnames = {kk.last_name(gender=Gender.MALE) for _ in range(3000)}
        self.surnames = sorted(
            s for s in surnames if s.endswith(("ов", "ев", "ин")) and " " not in s
        )

    def given(self, sex: str) -> str:
        return self.rng.choice(self.male if sex == "M" else self.female)

    def surname(self, sex: str, male_form: str | None = None) -> str:
        base = male_form or self.rng.choice(self.surnames)
        return base + "а" if sex == "F" else base

    def person(
        self, sex: str, *, family_surname: str | None = None, father: str | None = None
    ) -> NameParts:
        return NameParts(
            surname=self.surname(sex, family_surname),
            given=self.given(sex),
            father_given=father or self.given("M"),
            sex=sex,
        )
