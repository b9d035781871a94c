"""Assessment instruments as data: YAML files in zhusan/rehab/instruments/, validated on load.

An instrument has a code and a version, titles in every interface language, the sensitivity tier
whose holders may see its results, a kind (`scored`: section sums; `structured_judgement`: a
professional rates factors and gives reasons and an overall judgement, with no score at all),
sections of items rated on named scales, and the interval after which it is due again.
A malformed file is refused whole with the file and the place of the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language

from zhusan.access.tiers import Tier

LANGS = ("en", "ru", "kk")
KINDS = ("scored", "structured_judgement")
SCORINGS = {"scored": "section_sums", "structured_judgement": "none"}
DIRECTIONS = ("higher_is_better", "higher_is_worse")
APPLIES_TO = ("adult", "child", "any")
DIRECTORY = Path(__file__).resolve().parent / "instruments"


class InstrumentError(ValueError):
    """A malformed instrument file; the message names the file and the place."""


def text(translations: dict[str, str], lang: str | None = None) -> str:
    """The text in the interface language, or in English when that language has none."""
    lang = (lang or get_language() or "en").split("-")[0]
    return translations.get(lang) or translations["en"]


@dataclass(frozen=True)
class Choice:
    value: int
    label: dict[str, str]

    @property
    def text(self) -> str:
        return text(self.label)


@dataclass(frozen=True)
class Scale:
    id: str
    choices: tuple[Choice, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(c.value for c in self.choices)

    @property
    def top(self) -> int:
        return max(self.values)

    def label(self, value: int | None) -> str:
        for c in self.choices:
            if c.value == value:
                return c.text
        return "—"


@dataclass(frozen=True)
class AgeBand:
    id: str
    ages: tuple[int, int]  # from (inclusive) to (exclusive), in whole years
    title: dict[str, str]

    @property
    def label(self) -> str:
        return text(self.title)

    def covers(self, age: int) -> bool:
        return self.ages[0] <= age < self.ages[1]


@dataclass(frozen=True)
class Item:
    id: str
    text_: dict[str, str]
    scale: Scale
    band: str = ""

    @property
    def text(self) -> str:
        return text(self.text_)


@dataclass(frozen=True)
class Section:
    id: str
    title_: dict[str, str]
    items: tuple[Item, ...]

    @property
    def title(self) -> str:
        return text(self.title_)


@dataclass(frozen=True)
class Instrument:
    code: str
    version: int
    kind: str
    tier: str
    applies_to: str
    reassess_after_days: int
    scoring: str
    direction: str
    title_: dict[str, str]
    description_: dict[str, str]
    scales: dict[str, Scale]
    sections: tuple[Section, ...]
    age_bands: tuple[AgeBand, ...] = ()
    overall_scale: Scale | None = None
    overall_label_: dict[str, str] | None = None

    @property
    def title(self) -> str:
        return text(self.title_)

    @property
    def description(self) -> str:
        return text(self.description_) if self.description_ else ""

    @property
    def overall_label(self) -> str:
        return text(self.overall_label_) if self.overall_label_ else ""

    @property
    def is_judgement(self) -> bool:
        return self.kind == "structured_judgement"

    @property
    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.items]

    def band_for(self, age: int | None) -> AgeBand | None:
        """The age band of a child of this age (None when the instrument has no bands or the age is unknown)."""
        if not self.age_bands or age is None:
            return None
        return next((b for b in self.age_bands if b.covers(age)), None)

    def items_for(self, band: AgeBand | None) -> list[Item]:
        """The items asked: those of the band, or every item of an instrument without bands."""
        if not self.age_bands:
            return self.items
        return [i for i in self.items if band is not None and i.band == band.id]

    def sections_for(self, band: AgeBand | None) -> list[tuple[Section, list[Item]]]:
        wanted = {i.id for i in self.items_for(band)}
        return [(s, [i for i in s.items if i.id in wanted]) for s in self.sections]

    def score(self, ratings: dict[str, int]) -> dict[str, int] | None:
        """Section sums of a scored instrument; a structured judgement has no score, ever."""
        if self.scoring != "section_sums":
            return None
        by_item = {i.id: s.id for s in self.sections for i in s.items}
        sums: dict[str, int] = {}
        for item_id, value in ratings.items():
            if item_id in by_item:
                sums[by_item[item_id]] = sums.get(by_item[item_id], 0) + int(value)
        return {s.id: sums[s.id] for s in self.sections if s.id in sums}

    def section_maxima(self, band: AgeBand | None) -> dict[str, int]:
        return {
            s.id: sum(i.scale.top for i in items) for s, items in self.sections_for(band) if items
        }


# --- reading and validating ---------------------------------------------------------------------


def _translations(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise InstrumentError(f"{where}: give the text in {', '.join(LANGS)}")
    missing = [lang for lang in LANGS if not str(raw.get(lang) or "").strip()]
    if missing:
        raise InstrumentError(f"{where}: missing translation ({', '.join(missing)})")
    unknown = sorted(set(raw) - set(LANGS))
    if unknown:
        raise InstrumentError(f"{where}: unknown language {', '.join(unknown)}")
    return {lang: str(raw[lang]).strip() for lang in LANGS}


def _scale(scale_id: str, raw: Any, where: str) -> Scale:
    if not isinstance(raw, list) or len(raw) < 2:
        raise InstrumentError(f"{where}: a scale needs at least two choices")
    choices = []
    for n, c in enumerate(raw):
        if not isinstance(c, dict) or not isinstance(c.get("value"), int) or c["value"] < 0:
            raise InstrumentError(f"{where}[{n}]: each choice needs a whole value of 0 or more")
        choices.append(Choice(c["value"], _translations(c.get("label"), f"{where}[{n}].label")))
    values = [c.value for c in choices]
    if len(set(values)) != len(values):
        raise InstrumentError(f"{where}: the same value appears twice")
    return Scale(scale_id, tuple(choices))


def _require(raw: dict, key: str, where: str) -> Any:
    if key not in raw or raw[key] in (None, ""):
        raise InstrumentError(f"{where}: `{key}` is required")
    return raw[key]


def parse(raw: Any, where: str) -> Instrument:
    """Build an instrument from the parsed YAML, refusing anything malformed."""
    if not isinstance(raw, dict):
        raise InstrumentError(f"{where}: not a mapping")
    code = str(_require(raw, "code", where))
    if not code.replace("_", "").isalnum() or not code.islower():
        raise InstrumentError(f"{where}: code {code!r} must be lower-case letters, digits and _")
    version = _require(raw, "version", where)
    if not isinstance(version, int) or version < 1:
        raise InstrumentError(f"{where}: version must be a whole number from 1")
    kind = _require(raw, "kind", where)
    if kind not in KINDS:
        raise InstrumentError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    tier = _require(raw, "tier", where)
    if tier not in Tier.values:
        raise InstrumentError(f"{where}: tier {tier!r} is not a sensitivity tier")
    scoring = _require(raw, "scoring", where)
    if scoring != SCORINGS[kind]:
        raise InstrumentError(
            f"{where}: a {kind} instrument has scoring `{SCORINGS[kind]}`, not {scoring!r}"
            + (
                " (a structured judgement is never scored)"
                if kind == "structured_judgement"
                else ""
            )
        )
    direction = raw.get("direction", "higher_is_worse")
    if direction not in DIRECTIONS:
        raise InstrumentError(f"{where}: direction {direction!r} is not one of {DIRECTIONS}")
    applies_to = raw.get("applies_to", "any")
    if applies_to not in APPLIES_TO:
        raise InstrumentError(f"{where}: applies_to {applies_to!r} is not one of {APPLIES_TO}")
    days = _require(raw, "reassess_after_days", where)
    if not isinstance(days, int) or days < 1:
        raise InstrumentError(f"{where}: reassess_after_days must be a whole number of days")
    raw_scales = _require(raw, "scales", where)
    if not isinstance(raw_scales, dict):
        raise InstrumentError(f"{where}: scales must map a name to its choices")
    scales = {sid: _scale(sid, s, f"{where}: scales.{sid}") for sid, s in raw_scales.items()}

    bands: list[AgeBand] = []
    for n, b in enumerate(raw.get("age_bands") or []):
        bw = f"{where}: age_bands[{n}]"
        ages = b.get("ages") if isinstance(b, dict) else None
        if not (
            isinstance(ages, list)
            and len(ages) == 2
            and all(isinstance(a, int) for a in ages)
            and 0 <= ages[0] < ages[1]
        ):
            raise InstrumentError(f"{bw}: ages must be [from, to) in whole years")
        bands.append(
            AgeBand(
                str(_require(b, "id", bw)),
                (ages[0], ages[1]),
                _translations(b.get("title"), f"{bw}.title"),
            )
        )
    band_ids = {b.id for b in bands}
    if len(band_ids) != len(bands):
        raise InstrumentError(f"{where}: the same age band appears twice")

    seen_items: set[str] = set()
    seen_sections: set[str] = set()
    sections = []
    raw_sections = _require(raw, "sections", where)
    if not isinstance(raw_sections, list):
        raise InstrumentError(f"{where}: sections must be a list")
    for n, s in enumerate(raw_sections):
        sw = f"{where}: sections[{n}]"
        if not isinstance(s, dict):
            raise InstrumentError(f"{sw}: not a mapping")
        sid = str(_require(s, "id", sw))
        if sid in seen_sections:
            raise InstrumentError(f"{sw}: duplicate section id {sid!r}")
        seen_sections.add(sid)
        items = []
        raw_items = _require(s, "items", sw)
        if not isinstance(raw_items, list):
            raise InstrumentError(f"{sw}: items must be a list")
        for k, i in enumerate(raw_items):
            iw = f"{sw}.items[{k}]"
            if not isinstance(i, dict):
                raise InstrumentError(f"{iw}: not a mapping")
            iid = str(_require(i, "id", iw))
            if iid in seen_items:
                raise InstrumentError(f"{iw}: duplicate item id {iid!r}")
            seen_items.add(iid)
            scale_id = i.get("scale") or s.get("scale")
            if scale_id not in scales:
                raise InstrumentError(f"{iw}: unknown scale {scale_id!r}")
            band = str(i.get("band") or "")
            if bands and band not in band_ids:
                raise InstrumentError(f"{iw}: unknown age band {band!r}")
            if band and not bands:
                raise InstrumentError(f"{iw}: the instrument defines no age bands")
            items.append(
                Item(iid, _translations(i.get("text"), f"{iw}.text"), scales[scale_id], band)
            )
        sections.append(Section(sid, _translations(s.get("title"), f"{sw}.title"), tuple(items)))
    if not seen_items:
        raise InstrumentError(f"{where}: an instrument needs at least one item")

    overall_scale = overall_label = None
    if kind == "structured_judgement":
        overall = raw.get("overall")
        if not isinstance(overall, dict):
            raise InstrumentError(f"{where}: a structured judgement needs an `overall` judgement")
        if overall.get("scale") not in scales:
            raise InstrumentError(f"{where}: overall: unknown scale {overall.get('scale')!r}")
        overall_scale = scales[overall["scale"]]
        overall_label = _translations(overall.get("label"), f"{where}: overall.label")
    elif "overall" in raw:
        raise InstrumentError(f"{where}: only a structured judgement has an overall judgement")
    description = raw.get("description")
    return Instrument(
        code=code,
        version=version,
        kind=kind,
        tier=tier,
        applies_to=applies_to,
        reassess_after_days=days,
        scoring=scoring,
        direction=direction,
        title_=_translations(raw.get("title"), f"{where}: title"),
        description_=_translations(description, f"{where}: description") if description else {},
        scales=scales,
        sections=tuple(sections),
        age_bands=tuple(bands),
        overall_scale=overall_scale,
        overall_label_=overall_label,
    )


def load_file(path: Path) -> Instrument:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InstrumentError(f"{path.name}: not valid YAML ({exc})") from exc
    return parse(raw, path.name)


def load_dir(directory: Path) -> dict[tuple[str, int], Instrument]:
    """Every instrument file of a directory, by (code, version); a repeated pair is refused."""
    found: dict[tuple[str, int], Instrument] = {}
    for path in sorted(directory.glob("*.yaml")):
        instrument = load_file(path)
        key = (instrument.code, instrument.version)
        if key in found:
            raise InstrumentError(f"{path.name}: {key[0]} version {key[1]} is defined twice")
        found[key] = instrument
    return found


@cache
def registry() -> dict[tuple[str, int], Instrument]:
    return load_dir(DIRECTORY)


def get(code: str, version: int | None = None) -> Instrument | None:
    """An instrument by code: the given version, or the latest."""
    if version is not None:
        return registry().get((code, version))
    versions = [v for (c, v) in registry() if c == code]
    return registry()[(code, max(versions))] if versions else None


def current() -> list[Instrument]:
    """The latest version of every instrument, in title order of the shipped files."""
    latest: dict[str, Instrument] = {}
    for (code, _version), instrument in sorted(registry().items()):
        latest[code] = instrument
    return list(latest.values())
