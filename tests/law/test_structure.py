"""The engine's structure: cited rules and data, no Django, generated docs kept current."""

from __future__ import annotations

import ast
import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from zhusan.law import catalogue, docs, parameters, registry
from zhusan.law.criminal_code import art3, art11

PACKAGE = Path(__file__).resolve().parents[2] / "zhusan" / "law"
CODE = re.compile(r"^(CC|CPC|CIT)-[0-9A-Z]+(-[0-9A-Z]+)*$")


def test_no_module_of_the_engine_imports_django() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []


def test_every_rule_has_a_code_label_citation_and_dates() -> None:
    for rule in registry.all_rules():
        assert CODE.match(rule.code), rule.code
        assert rule.label.strip() and rule.citation.strip(), rule.code
        assert rule.effective_from >= date(2015, 1, 1), rule.code
        assert rule.confidence in {"V", "I", "U"}, rule.code


def test_rule_codes_are_unique() -> None:
    codes = [rule.code for rule in registry.all_rules()]
    assert len(codes) == len(set(codes))


def test_every_rule_module_is_registered() -> None:
    registered = {module.__name__ for module in registry.MODULES}
    on_disk = {
        "zhusan.law." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in PACKAGE.glob("*/art*.py")
    }
    assert on_disk == registered


def test_every_parameter_value_is_cited() -> None:
    for name, periods in parameters.load().periods.items():
        for period in periods:
            assert period.citation.strip(), name


def test_a_parameter_without_a_citation_is_refused() -> None:
    document = {
        "law_version": "x",
        "parameters": {"p": [{"value": 1, "effective_from": date(2015, 1, 1), "confidence": "V"}]},
    }
    with pytest.raises(ValueError, match="citation"):
        parameters.parse(document)


def test_a_catalogue_entry_without_a_citation_is_refused() -> None:
    raw = yaml.safe_load((PACKAGE / "data" / "offences.yaml").read_text("utf-8"))["offences"][0]
    raw = {**raw, "citation": ""}
    with pytest.raises(ValueError, match="citation"):
        catalogue.parse({"offences": [raw]})


def test_catalogue_categories_follow_article_11() -> None:
    for entry in catalogue.load():
        derived = art11.category(
            entry.max_years, entry.life, entry.intentional, entry.effective_from
        )
        assert entry.category == derived, f"{entry.article}({entry.part})"


def test_catalogue_flags_match_the_article_3_lists() -> None:
    for entry in catalogue.load():
        on = entry.effective_from
        assert entry.terrorist == art3.is_terrorist(entry.article, on), entry.article
        assert entry.extremist == art3.is_extremist(entry.article, entry.part, on), entry.article


def test_catalogue_seeds_every_article_the_reference_names() -> None:
    articles = {entry.article for entry in catalogue.load()}
    wanted = {
        str(n)
        for n in [
            *range(170, 185),
            *range(255, 262),
            267,
            269,
            270,
            404,
            405,
            99,
            106,
            107,
            120,
            121,
            125,
            188,
            190,
            191,
            192,
            293,
        ]
    }
    assert wanted <= articles


def test_catalogue_entries_with_unknown_sanction_are_marked_unverified() -> None:
    for entry in catalogue.load():
        if entry.max_years is None and not entry.life:
            assert entry.confidence == "U", entry.citation


def test_article_11_thresholds_have_a_single_period() -> None:
    """The conviction cache keys on catalogue entries only; dated thresholds would break it."""
    for name in ("art11.minor_max_years", "art11.medium_max_years", "art11.grave_max_years"):
        assert len(parameters.load().periods[name]) == 1


def test_generated_rule_docs_are_current() -> None:
    assert docs.stale() == [], "run: python -m zhusan.law.docs"


def test_packaged_schema_and_docs_schema_are_identical() -> None:
    packaged = json.loads((PACKAGE / "data" / "law-facts.schema.json").read_text("utf-8"))
    published = json.loads(
        (PACKAGE.parents[1] / "docs" / "law-facts.schema.json").read_text("utf-8")
    )
    assert packaged == published
