"""Sensitivity tiers: which kinds of information each role may see at all.

Scope decides *whose* records a membership sees; tiers decide *which parts* of them. A part in a
tier the viewer lacks is absent everywhere — pages, API responses, exports, search — not greyed out.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhusan.accounts.roles import Role


class Tier(models.TextChoices):
    GENERAL = "general", _("general: identity, family, pathway, programme events")
    JUSTICE = (
        "justice",
        _("justice: charges, verdicts, sentences, custody, petitions, legal assessments"),
    )
    SECURITY = "security", _("security: screening outcomes and security-service notes")
    HEALTH = "health", _("health: health checks, medical commission findings, illness release")
    PSYCHOSOCIAL = (
        "psychosocial",
        _("psychosocial: assessments, session notes, case plans and conference minutes"),
    )
    CHILD_PROTECTION = (
        "child_protection",
        _("child protection: DNA tests, placements, guardianship"),
    )


T = Tier
ROLE_TIERS: dict[str, frozenset[str]] = {
    Role.INTAKE_OFFICER: frozenset({T.GENERAL, T.HEALTH, T.CHILD_PROTECTION}),
    Role.SCREENING_OFFICER: frozenset({T.GENERAL, T.SECURITY, T.JUSTICE}),
    Role.PROSECUTOR: frozenset({T.GENERAL, T.JUSTICE, T.SECURITY}),
    # Prison psychologists record the structured judgement of extremism concern (security tier)
    # for the deradicalisation programme; they also see why the person was screened.
    Role.PENITENTIARY_OFFICER: frozenset(
        {T.GENERAL, T.JUSTICE, T.HEALTH, T.PSYCHOSOCIAL, T.SECURITY}
    ),
    Role.CASE_WORKER: frozenset({T.GENERAL, T.CHILD_PROTECTION, T.PSYCHOSOCIAL}),
    Role.CHILD_PROTECTION_OFFICER: frozenset({T.GENERAL, T.CHILD_PROTECTION, T.PSYCHOSOCIAL}),
    Role.HEALTH_OFFICER: frozenset({T.GENERAL, T.HEALTH, T.PSYCHOSOCIAL}),
    Role.SOCIAL_SERVICES_OFFICER: frozenset({T.GENERAL}),
    Role.PROGRAMME_ANALYST: frozenset(),
    Role.AUDITOR: frozenset(),
    Role.ADMINISTRATOR: frozenset(),
}

# The tier of each timeline event type; a type not listed is general.
EVENT_TIERS: dict[str, str] = {
    "screening_outcome": T.SECURITY,
    "detained": T.JUSTICE,
    "charged": T.JUSTICE,
    "trial": T.JUSTICE,
    "sentenced": T.JUSTICE,
    "transferred": T.JUSTICE,
    "petition_filed": T.JUSTICE,
    "petition_decided": T.JUSTICE,
    "health_check": T.HEALTH,
    "dna_test": T.CHILD_PROTECTION,
    "placed_with_family": T.CHILD_PROTECTION,
    "reunified": T.CHILD_PROTECTION,
}

# Measures of the legal assessment that reveal a tier beyond justice.
MEASURE_TIERS: dict[str, str] = {"illness_release": T.HEALTH}


def tiers_of(membership) -> frozenset[str]:
    """The tiers a membership may see."""
    if membership is None or not membership.active:
        return frozenset()
    return ROLE_TIERS.get(membership.role, frozenset())


def can_see(membership, tier: str) -> bool:
    return tier in tiers_of(membership)


def event_types_visible(membership) -> list[str]:
    """The event types whose tier the membership holds (for filtering querysets)."""
    from zhusan.cases.models import EventType

    tiers = tiers_of(membership)
    return [t for t in EventType.values if EVENT_TIERS.get(t, T.GENERAL) in tiers]


def filter_assessment(result: dict, membership) -> dict:
    """Drop the measures (and the medical facts) the viewer's tiers do not cover."""
    tiers = tiers_of(membership)
    hidden = {m for m, tier in MEASURE_TIERS.items() if tier not in tiers}
    if not hidden:
        return result
    return result | {"measures": [m for m in result["measures"] if m["measure"] not in hidden]}


def filter_facts(facts: dict, membership) -> dict:
    if can_see(membership, T.HEALTH):
        return facts
    return {k: v for k, v in facts.items() if k != "medical"}
