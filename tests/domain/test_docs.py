"""Docs that tests keep honest: the pathway table and every environment variable."""

import re
from pathlib import Path

from zhusan.cases.pathway import TRANSITIONS, State

DOCS = Path(__file__).resolve().parents[2] / "docs"
SETTINGS = Path(__file__).resolve().parents[2] / "zhusan" / "settings.py"


def test_the_pathway_table_matches_the_code():
    rows = {}
    for line in (DOCS / "pathway.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) >= 2 and cells[0] in State.values:
            rows[cells[0]] = {c.strip() for c in cells[1].split(",")}
    assert rows == {state: set(moves) for state, moves in TRANSITIONS.items()}


def test_every_environment_variable_read_by_the_settings_is_documented():
    names = set(re.findall(r"\"(ZHUSAN_[A-Z_]+|DATABASE_URL)\"", SETTINGS.read_text()))
    documented = (DOCS / "configuration.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in documented)
    assert not missing, f"undocumented settings: {missing}"


def test_permissions_and_audit_event_docs_are_generated_from_the_code():
    from zhusan.access.docs import generated

    for path, text in generated().items():
        assert path.read_text() == text, f"{path.name} is stale: run python -m zhusan.access.docs"


def test_the_security_model_names_every_tier_and_every_role():
    from zhusan.access.tiers import Tier
    from zhusan.accounts.roles import Role

    text = (DOCS / "security-model.md").read_text()
    missing = [t.value for t in Tier if f"`{t.value}`" not in text] + [
        r.value for r in Role if f"`{r.value}`" not in text
    ]
    assert not missing, missing


def test_the_indicator_docs_are_generated_from_the_catalogue():
    from django.utils import translation

    from zhusan.reports.docs import DOC, generated

    with translation.override("en"):
        assert DOC.read_text(encoding="utf-8") == generated(), (
            "docs/indicators.md is stale: run python -m zhusan.reports.docs"
        )


def test_a_malformed_catalogue_is_refused_naming_the_indicator():
    import pytest

    from zhusan.reports.catalogue import CatalogueError, parse

    good = {
        "code": "x",
        "measure": "returned",
        "unit": "persons",
        "reference": "as_of",
        "breakdowns": ["sex"],
        "default_by": ["sex"],
        "title": {"en": "X", "ru": "X", "kk": "X"},
        "definition": {"en": "X", "ru": "X", "kk": "X"},
    }
    known = {"dimensions": {"sex"}, "measures": {"returned"}}
    assert parse({"indicators": [good]}, **known)["x"].title("kk") == "X"
    for change, message in (
        ({"measure": "nope"}, "unknown measure"),
        ({"breakdowns": ["shoe size"]}, "unknown breakdowns"),
        ({"default_by": ["stage"]}, "default_by"),
        ({"definition": {"en": "X", "ru": "X"}}, "lacks kk"),
        ({"unit": "apples"}, "unit must be"),
    ):
        with pytest.raises(CatalogueError, match=message):
            parse({"indicators": [good | change]}, **known)
    with pytest.raises(CatalogueError, match="used twice"):
        parse({"indicators": [good, good]}, **known)
