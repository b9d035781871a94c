"""A valid facts document to start tests from."""

from __future__ import annotations

import copy
from typing import Any

BASE: dict[str, Any] = {
    "as_of": "2023-01-06",
    "person": {"birth_date": "1985-02-01", "sex": "M", "citizen": True, "pregnant": False,
               "children_under_14": 0, "raises_child_alone": False, "raises_disabled_child": False,
               "disability_group": 0},
    "offences": [{"article": "257", "part": "2", "offence_date": "2019-01-05"},
                 {"article": "260", "part": "1", "offence_date": "2019-01-05"}],
    "sentence": {"kind": "imprisonment", "years": 8, "months": 0, "days": 0, "life": False,
                 "start_date": "2019-01-06", "security_level": "maximum",
                 "pretrial_custody_days": 0, "house_arrest_days": 0},
    "conduct": {"malicious_violations": False, "damage_compensated": False,
                "active_assistance": False, "cooperation_agreement": False,
                "prior_parole_revoked": False},
    "medical": {"commission_conclusion": False, "on_authorised_list": False,
                "prevents_serving": False, "incapacitating_mental_disorder": False},
    "circumstances": {"caused_death": False, "criminal_group": False},
}  # fmt: skip


def facts(**changes: Any) -> dict[str, Any]:
    """Return a copy of BASE with `section__field=value` changes (None removes the field)."""
    document = copy.deepcopy(BASE)
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        node = document
        for parent in parents:
            node = node[parent]
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return document


def measure(result: dict[str, Any], name: str) -> dict[str, Any]:
    """Return one measure of an assessment by name."""
    return next(m for m in result["measures"] if m["measure"] == name)
