"""Assessment instruments are data: the shipped files load, and a malformed file is refused."""

import copy

import pytest
import yaml

from zhusan.rehab import catalogue
from zhusan.rehab.catalogue import DIRECTORY, InstrumentError, load_dir, parse


@pytest.fixture
def needs():
    return yaml.safe_load((DIRECTORY / "needs-strengths.yaml").read_text(encoding="utf-8"))


def test_the_shipped_instruments_load_in_three_languages():
    codes = {i.code for i in catalogue.current()}
    assert codes == {"needs_strengths", "wellbeing", "child_development", "spj_extremism"}
    for inst in catalogue.current():
        assert set(inst.title_) == {"en", "ru", "kk"}
        assert all(set(i.text_) == {"en", "ru", "kk"} for i in inst.items)


def test_the_needs_instrument_covers_the_eight_areas_of_reintegration():
    sections = [s.id for s in catalogue.get("needs_strengths").sections]
    assert sections == [
        "housing",
        "income",
        "family",
        "health",
        "education_work",
        "social_ties",
        "faith_meaning",
        "legal",
    ]


def test_the_structured_judgement_is_never_scored_and_is_seen_by_the_security_tier():
    spj = catalogue.get("spj_extremism")
    assert spj.is_judgement and spj.scoring == "none" and spj.tier == "security"
    assert spj.score({i.id: 2 for i in spj.items}) is None
    assert spj.overall_scale is not None


def test_every_child_band_asks_two_milestones_in_each_domain():
    inst = catalogue.get("child_development")
    for band in inst.age_bands:
        assert [len(items) for _s, items in inst.sections_for(band)] == [2] * 5


def test_the_text_follows_the_interface_language():
    from django.utils import translation

    inst = catalogue.get("needs_strengths")
    with translation.override("kk"):
        assert inst.title == "Қажеттіліктер мен күшті жақтар"
    with translation.override("ru"):
        assert inst.sections[0].title == "Жильё"


def _broken(needs, change):
    raw = copy.deepcopy(needs)
    change(raw)
    return raw


CASES = {
    "unknown scale": (
        lambda r: r["sections"][0].update(scale="likert9"),
        "unknown scale 'likert9'",
    ),
    "duplicate item id": (
        lambda r: r["sections"][1]["items"][0].update(id="housing_stable"),
        "duplicate item id 'housing_stable'",
    ),
    "missing translation": (
        lambda r: r["sections"][2]["items"][1]["text"].pop("kk"),
        "missing translation (kk)",
    ),
    "missing scale label translation": (
        lambda r: r["scales"]["need"][0]["label"].update(ru=""),
        "missing translation (ru)",
    ),
    "unknown tier": (lambda r: r.update(tier="secret"), "not a sensitivity tier"),
    "unknown kind": (lambda r: r.update(kind="quiz"), "kind 'quiz'"),
    "a judgement that is scored": (
        lambda r: r.update(kind="structured_judgement"),
        "never scored",
    ),
    "repeated scale value": (
        lambda r: r["scales"]["need"][1].update(value=0),
        "the same value appears twice",
    ),
    "no reassessment interval": (lambda r: r.pop("reassess_after_days"), "reassess_after_days"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_malformed_instrument_is_refused_with_the_place_of_the_problem(needs, case):
    change, message = CASES[case]
    with pytest.raises(InstrumentError) as err:
        parse(_broken(needs, change), "broken.yaml")
    assert message in str(err.value) and str(err.value).startswith("broken.yaml")


def test_a_code_and_version_defined_twice_is_refused(tmp_path):
    text = (DIRECTORY / "wellbeing.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InstrumentError, match="defined twice"):
        load_dir(tmp_path)


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    (tmp_path / "bad.yaml").write_text("code: [unclosed", encoding="utf-8")
    with pytest.raises(InstrumentError, match="not valid YAML"):
        load_dir(tmp_path)
