"""Generate a labelled synthetic population of returnee records, deterministically from a seed.

Follows the reference report, section 6: families (a mother, often a father, one to six children,
twins as the hardest negatives), names from mimesis ``kk``/``ru`` (invented people only), each
person written by several agencies in their own script and system (Kazakh Cyrillic, Russian
Cyrillic, ICAO passport Latin, BGN Latin, 2021 Latin), with corruption: typos, dropped -ов/-ев,
patronymic styles, order swaps, Дж for Ж, missing Kazakh letters, homoglyphs, birth-date errors
(swap, ±1 day, year only, 1 January, year ±1), missing fields, kunya aliases and alias-only
records, and children renamed from an Arabic to a Kazakh given name.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import mimesis

from zhusan.identity.translit import System, render

_DATASETS = Path(mimesis.__file__).with_name("datasets")

ARABIC_NAMES = {
    "M": ["Юсуф", "Мухаммад", "Абдулла", "Умар", "Ибрахим", "Хамза", "Билал", "Исмаил", "Салман"],
    "F": ["Айша", "Марьям", "Фатима", "Хадиджа", "Сафия", "Зайнаб", "Асия", "Сумайя", "Хафса"],
}
KOREAN_SURNAMES = ["Ким", "Пак", "Цой", "Ли", "Тен", "Хан"]
KZ_PLACES = {
    "kz-almaty": ["Алматы", "Almaty", "Алма-Ата"],
    "kz-astana": ["Астана", "Нур-Султан", "Akmola", "Nur-Sultan"],
    "kz-shymkent": ["Шымкент", "Chimkent", "Shymkent"],
    "kz-karaganda": ["Қарағанды", "Караганда", "Qaraghandy", "Karaganda"],
    "kz-aktobe": ["Ақтөбе", "Актобе", "Aktobe", "Aqtobe"],
    "kz-atyrau": ["Атырау", "Atyrau", "Гурьев"],
    "kz-aktau": ["Ақтау", "Актау", "Aktau"],
    "kz-oskemen": ["Өскемен", "Усть-Каменогорск", "Oskemen"],
    "kz-taraz": ["Тараз", "Жамбыл", "Taraz"],
    "kz-kyzylorda": ["Қызылорда", "Кызылорда", "Kyzylorda"],
}
ABROAD_PLACES = {
    "sy-raqqa": ["Ракка", "Raqqa", "ar-Raqqah"],
    "sy-al-hol": ["Аль-Холь", "al-Hol", "al-Hawl"],
    "iq-mosul": ["Мосул", "Mosul"],
}

# Agencies: (source, system, order, patronymic style, keeps patronymic probability)
AGENCIES = [
    ("security", System.RU_CYRL, "sgp", "ru", 0.95),
    ("court", System.KK_CYRL, "sgp", "kk", 0.9),
    ("prison", System.RU_CYRL, "sgp", "ru", 0.9),
    ("health", System.ICAO, "sg", "ru", 0.1),
    ("child_protection", System.KK_CYRL, "gs", "kk", 0.5),
    ("social", System.LAT2021, "gs", "kk", 0.3),
    ("ngo", System.BGN, "gs", "kk", 0.1),
]


@dataclass
class Person:
    """A true person: canonical Kazakh Cyrillic name parts and attributes."""

    person_id: str
    family_id: str
    role: str
    sex: str
    given: str
    surname_root: str
    patronymic_root: str
    birth: tuple[int, int, int]
    place: str
    old_given: str | None = None
    kunya: str | None = None
    ethnic: str = "kk"
    surname_fixed: str | None = None


@dataclass
class Record:
    """One generated record with its truth labels."""

    record_id: str
    source: str
    full_name: str
    birth_date: str
    sex: str
    alias: str
    birth_place: str
    person_id: str
    family_id: str
    role: str


@dataclass
class Vocabulary:
    """Name lists from mimesis kk and ru."""

    kk_male: list[str]
    kk_female: list[str]
    ru_male: list[str]
    ru_female: list[str]
    ru_surnames: list[str]
    roots: list[str] = field(default_factory=list)


VOCABULARIES = ("all", "train")


def held_out(name: str) -> bool:
    """Tell whether a name belongs to the fifth of the vocabulary kept out of training.

    The split hashes the name itself, so it is the same for every seed and every list.
    """
    return hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).digest()[0] % 5 == 0


def load_vocabulary(vocabulary: str = "all") -> Vocabulary:
    """Read the mimesis kk and ru person datasets ("train": without the held-out fifth).

    The benchmark draws from "all", the training population (weights, name lexicon) from
    "train", so a fifth of the given names and surnames the benchmark meets were never seen in
    training (reference report, section 6.5).
    """
    if vocabulary not in VOCABULARIES:
        raise ValueError(f"vocabulary must be one of {VOCABULARIES}: {vocabulary!r}")
    kk = json.loads((_DATASETS / "kk" / "person.json").read_text(encoding="utf-8"))
    ru = json.loads((_DATASETS / "ru" / "person.json").read_text(encoding="utf-8"))

    def keep(names: list[str]) -> list[str]:
        return names if vocabulary == "all" else [n for n in names if not held_out(n)]

    roots = [s.removesuffix("ов").removesuffix("ев") for s in keep(kk["surnames"]["male"])]
    return Vocabulary(
        kk_male=keep(kk["names"]["male"]),
        kk_female=keep(kk["names"]["female"]),
        ru_male=keep(ru["names"]["male"]),
        ru_female=keep(ru["names"]["female"]),
        ru_surnames=[s for s in keep(ru["surnames"]["male"]) if s.endswith(("ов", "ев", "ин"))],
        roots=roots,
    )


def _surname_from_given(name: str) -> str:
    return name[:-1] if name.endswith(("й", "ь")) else name


def _birth(rng: random.Random, first: int, last: int) -> tuple[int, int, int]:
    return rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28)


def make_population(persons: int, seed: int, vocabulary: str = "all") -> list[Person]:
    """Create about `persons` people in families, deterministically."""
    rng = random.Random(seed)
    vocab = load_vocabulary(vocabulary)
    people: list[Person] = []
    family = 0
    while len(people) < persons:
        family += 1
        fid = f"F{family:06d}"
        first = len(people)
        ethnic = rng.choices(["kk", "ru", "ko"], weights=[85, 10, 5])[0]
        male = vocab.kk_male if ethnic == "kk" else vocab.ru_male
        female = vocab.kk_female if ethnic == "kk" else vocab.ru_female
        father_given = rng.choice(male)
        if ethnic == "kk":
            root = rng.choice(
                [rng.choice(vocab.roots), _surname_from_given(rng.choice(vocab.kk_male))]
            )
        elif ethnic == "ru":
            root = rng.choice(vocab.ru_surnames).removesuffix("ов").removesuffix("ев")
        else:
            root = rng.choice(KOREAN_SURNAMES)
        place = rng.choice(list(KZ_PLACES))
        mother_root = rng.choice(vocab.roots) if ethnic == "kk" else root
        fixed = root if ethnic == "ko" else None
        mother = Person(
            f"P{len(people):07d}",
            fid,
            "mother",
            "F",
            rng.choice(female),
            mother_root,
            rng.choice(male),
            _birth(rng, 1975, 1998),
            rng.choice(list(KZ_PLACES)),
            ethnic=ethnic,
            surname_fixed=fixed,
        )
        people.append(mother)
        if rng.random() < 0.5:
            people.append(
                Person(
                    f"P{len(people):07d}",
                    fid,
                    "father",
                    "M",
                    father_given,
                    root,
                    rng.choice(male),
                    _birth(rng, 1970, 1995),
                    place,
                    ethnic=ethnic,
                    surname_fixed=fixed,
                )
            )
        n_children = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6])
        used: set[str] = set()
        year = max(mother.birth[0] + 19, 2003)
        twin_next = False
        prev_birth: tuple[int, int, int] | None = None
        for _ in range(n_children):
            sex = rng.choice("MF")
            pool = male if sex == "M" else female
            given = rng.choice([g for g in pool if g not in used] or pool)
            used.add(given)
            if twin_next and prev_birth is not None:
                birth = prev_birth
                twin_next = False
            else:
                year += rng.randint(1, 3)
                birth = (min(year, 2019), rng.randint(1, 12), rng.randint(1, 28))
                twin_next = rng.random() < 0.12
            prev_birth = birth
            abroad = birth[0] >= 2014 and rng.random() < 0.6
            old_given = None
            if abroad and ethnic == "kk" and rng.random() < 0.3:
                old_given = rng.choice([g for g in ARABIC_NAMES[sex] if g not in used])
                used.add(old_given)
            people.append(
                Person(
                    f"P{len(people):07d}",
                    fid,
                    "child",
                    sex,
                    given,
                    root,
                    father_given,
                    birth,
                    rng.choice(list(ABROAD_PLACES)) if abroad else place,
                    old_given=old_given,
                    ethnic=ethnic,
                    surname_fixed=fixed,
                )
            )
        members = people[first:]  # this family only: scanning everyone is quadratic
        children = [p for p in members if p.role == "child"]
        for adult in (p for p in members if p.role != "child"):
            if children and rng.random() < 0.5:
                child = rng.choice([c for c in children if c.sex == "M"] or children)
                word = "Умм" if adult.sex == "F" else "Абу"
                adult.kunya = f"{word} {child.old_given or child.given}"
    return people[:persons]


# --- rendering ---------------------------------------------------------------------------


def _surname(p: Person, rng: random.Random) -> str:
    if p.surname_fixed:
        return p.surname_fixed
    root = p.surname_root
    if root.endswith("ұлы"):
        # A surname in the patronymic form (Сүлейменұлы, Жансүгір ұлы): a woman's is -қызы, and
        # it never takes -ов/-ев.
        return root if p.sex == "M" else root.removesuffix("ұлы") + "қызы"
    if rng.random() < 0.12:  # art. 194: ending dropped
        return root
    ending = "ев" if root[-1:] in "аеиоуыэюяәөұүій" else "ов"
    if root.endswith("ин"):
        ending = ""
        return root + ("а" if p.sex == "F" else "")
    return root + ending + ("а" if p.sex == "F" else "")


def _patronymic(p: Person, style: str) -> str:
    root = p.patronymic_root
    if style == "kk" and p.ethnic == "kk":
        return root + ("ұлы" if p.sex == "M" else "қызы")
    if root.endswith(("й", "ь")):
        root = root[:-1]
    soft = p.patronymic_root[-1:] in "аеиоуыэюяәөұүійь"
    if p.sex == "M":
        return root + ("евич" if soft else "ович")
    return root + ("евна" if soft else "овна")


_KK_LETTERS_DROPPED = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
_HOMOGLYPHS = str.maketrans("аеорсхАВЕКМНОРСТХ", "aeopcxABEKMHOPCTX")
_LATIN = "abdegiklmnoprstuyz"
_CYRILLIC = "абвгдеиклмнопрстуыз"


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    alphabet = _LATIN if word.isascii() else _CYRILLIC
    op = rng.choice(["sub", "del", "ins", "swap"])
    if op == "sub":
        return word[:i] + rng.choice(alphabet) + word[i + 1 :]
    if op == "del":
        return word[:i] + word[i + 1 :]
    if op == "ins":
        return word[:i] + rng.choice(alphabet) + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def _render_birth(p: Person, rng: random.Random) -> str:
    y, m, d = p.birth
    roll = rng.random()
    if roll < 0.05:
        return ""
    if roll < 0.12:
        return f"{y:04d}"
    if roll < 0.15:
        return f"{y:04d}-{m:02d}"
    if roll < 0.18 and d <= 12:
        m, d = d, m
    elif roll < 0.21:
        d = d + 1 if d < 28 else d - 1
    elif roll < 0.23:
        y += rng.choice([-1, 1])
    elif roll < 0.25:
        m = rng.randint(1, 12)
    elif p.role == "child" and p.place.startswith(("sy", "iq")) and roll < 0.4:
        m, d = 1, 1
    return f"{y:04d}-{m:02d}-{d:02d}"


def render_record(p: Person, agency: tuple, rng: random.Random, rid: str) -> Record:
    """Write one person the way one agency would, with corruption."""
    source, system, order, style, keep_pat = agency
    given = p.given
    if p.old_given and source in {"security", "health", "prison"} and rng.random() < 0.7:
        given = p.old_given
    surname = _surname(p, rng)
    parts = {"s": surname, "g": given, "p": _patronymic(p, style)}
    if rng.random() > keep_pat or p.ethnic == "ko" and rng.random() < 0.5:
        order = order.replace("p", "")
    if rng.random() < 0.1:
        order = order[::-1]
    words = [parts[c] for c in order]
    if rng.random() < 0.2:
        k = rng.randrange(len(words))
        words[k] = _typo(words[k], rng)
    name = " ".join(words)
    if system is System.KK_CYRL and rng.random() < 0.2:
        name = name.translate(_KK_LETTERS_DROPPED)
    if system in {System.RU_CYRL, System.KK_CYRL} and rng.random() < 0.1:
        name = " ".join("Дж" + w[1:] if w.startswith("Ж") else w for w in name.split())
    name = render(name, system)
    if system is System.ICAO or (source == "health" and rng.random() < 0.5):
        name = name.upper()
    if system in {System.RU_CYRL, System.KK_CYRL} and rng.random() < 0.03:
        name = name.translate(_HOMOGLYPHS)
    if rng.random() < 0.05 and system in {System.LAT2021, System.BGN}:
        name = render(" ".join(words), System.LAT2018)
    alias = ""
    if p.kunya and source in {"security", "prison", "ngo"} and rng.random() < 0.6:
        nisba = rng.choice(["", " аль-Казахи", " al-Kazakhi"])
        alias = p.kunya + nisba
        if system is not System.RU_CYRL and rng.random() < 0.5:
            alias = render(p.kunya, System.BGN) + nisba
        if p.kunya and source == "ngo" and rng.random() < 0.4:
            name, alias = alias, ""
    elif p.old_given and given != p.old_given and rng.random() < 0.4:
        alias = render(f"{p.old_given} {surname}", system)
    sex = "" if rng.random() < 0.05 else p.sex
    place = ""
    if rng.random() < 0.6:
        places = KZ_PLACES.get(p.place) or ABROAD_PLACES.get(p.place) or [""]
        if rng.random() < 0.05:  # place of residence or registration written instead
            places = rng.choice(list(KZ_PLACES.values()))
        place = rng.choice(places)
    return Record(
        record_id=rid,
        source=source,
        full_name=name,
        birth_date=_render_birth(p, rng),
        sex=sex,
        alias=alias,
        birth_place=place,
        person_id=p.person_id,
        family_id=p.family_id,
        role=p.role,
    )


def make_records(persons: int, seed: int = 1, vocabulary: str = "all") -> list[Record]:
    """Generate the records of a population: one to six agency records per person."""
    rng = random.Random(seed * 7919 + 1)
    people = make_population(persons, seed, vocabulary)
    records: list[Record] = []
    for p in people:
        n = rng.choices([1, 2, 3, 4, 5, 6], weights=[10, 20, 25, 20, 15, 10])[0]
        agencies = rng.sample(AGENCIES, min(n, len(AGENCIES)))
        for agency in agencies:
            records.append(render_record(p, agency, rng, f"R{len(records):08d}"))
    rng.shuffle(records)
    return records
