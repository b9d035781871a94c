"""Turn a person record into the comparison features that scoring and blocking work on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from zhusan.identity.birthdates import BirthDate, try_birth_date
from zhusan.identity.gazetteer import place_key
from zhusan.identity.keys import token_keys
from zhusan.identity.kunya import is_kunya, parse_kunya
from zhusan.identity.names import is_civil_name, parse_name

SEXES = {"m": "M", "f": "F", "м": "M", "ж": "F", "male": "M", "female": "F", "u": None, "": None}


@dataclass(frozen=True)
class PersonRecord:
    """One agency's record of a person, as read from a file or the database."""

    record_id: str
    full_name: str
    birth_date: str = ""
    sex: str = ""
    aliases: tuple[str, ...] = ()
    birth_place: str = ""
    source: str = ""


@dataclass(frozen=True)
class Features:
    """What a record is compared on: ASCII keys, birth date parts, sex and place."""

    record_id: str
    name_keys: tuple[str, ...]
    alias_keys: tuple[str, ...]
    birth: BirthDate | None
    sex: str | None
    place: str | None
    source: str = ""
    full_token_count: int = field(default=0)
    patronymic_keys: tuple[str, ...] = ()
    named_after_father: bool = False  # the patronymic is the person's own given name
    # A surname and a given name beside the patronymic: it is not a surname in patronymic form.
    beside_surname: bool = False

    @property
    def name_key(self) -> str:
        """Return the order-free key of the civil name without its patronymic ('' if none).

        It is what an alias is compared with: a renamed child's record carries its other name
        as "Хафса Бурханова", never with the patronymic that another agency adds to the name.
        """
        return _name_key(self.name_keys, self.patronymic_keys)


@lru_cache(maxsize=1 << 18)
def _name_key(name_keys: tuple[str, ...], patronymic_keys: tuple[str, ...]) -> str:
    own = [k for k in name_keys if k not in patronymic_keys]
    return "n:" + " ".join(own) if own else ""


def normalise_sex(value: str | None) -> str | None:
    """Map M/F in Latin or Cyrillic (М/Ж) or words to 'M'/'F', anything else to None."""
    if not isinstance(value, str):
        return None
    return SEXES.get(value.strip().lower())


def alias_key(alias: str) -> str | None:
    """Return the comparison key of one alias: a kunya key, or the sorted civil-name key."""
    return _alias_key(alias) if isinstance(alias, str) else None


@lru_cache(maxsize=1 << 16)
def _alias_key(alias: str) -> str | None:
    kunya = parse_kunya(alias)
    if kunya is not None:
        return kunya.key
    keys = sorted({k for k in token_keys(alias) if len(k) > 1})
    return "n:" + " ".join(keys) if keys else None


@lru_cache(maxsize=1 << 18)
def _name_features(
    full_name: str,
) -> tuple[tuple[str, ...], tuple[str, ...], bool, bool, bool]:
    """Return (name keys, patronymic keys, is a kunya, named after the father, the patronymic
    is beside a surname and a given name), cached."""
    if is_civil_name(full_name):
        parsed = parse_name(full_name)
        patronymic = parsed.patronymic
        keys = tuple(sorted(set(token_keys(full_name))))
        after_father = patronymic is not None and _named_after(patronymic, parsed.given)
        beside = patronymic is not None and parsed.surname is not None and bool(parsed.given)
        return keys, ((patronymic,) if patronymic else ()), False, after_father, beside
    return (), (), is_kunya(full_name), False, False


def _named_after(patronymic: str, given: Sequence[str]) -> bool:
    """Tell whether the patronymic is the person's own given name (a son named after his father).

    The given name, not the surname: "Нурланов Ержан Нурланович" has a surname made of his
    father's name, as many have. The patronymic's key keeps the father's name as -ович/-ұлы leave
    it, which may lose a final letter (Аркадий → Аркадиевич: "arkad" beside "arkadi").
    """
    return any(
        t == patronymic or (len(t) - len(patronymic) == 1 and t.startswith(patronymic))
        for t in given
    )


def features(record: PersonRecord) -> Features:
    """Compute the comparison features of a record (the full name may be a kunya)."""
    aliases = list(record.aliases)
    full_name = record.full_name if isinstance(record.full_name, str) else ""
    name_keys, patronymic_keys, kunya, after_father, beside = _name_features(full_name)
    if kunya:
        aliases.append(full_name)
    alias_keys = tuple(sorted({k for a in aliases if (k := _alias_key(a))}))
    return Features(
        record_id=record.record_id,
        name_keys=name_keys,
        alias_keys=alias_keys,
        birth=try_birth_date(record.birth_date),
        sex=normalise_sex(record.sex),
        place=place_key(record.birth_place),
        source=record.source,
        full_token_count=sum(1 for k in name_keys if len(k) > 1),
        patronymic_keys=patronymic_keys,
        named_after_father=after_father,
        beside_surname=beside,
    )
