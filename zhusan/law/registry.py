"""Every rule module of the engine, in the order the documentation lists them."""

from __future__ import annotations

from types import ModuleType

from zhusan.law.citizenship_law import art1 as cit_art1
from zhusan.law.cpc import art481
from zhusan.law.criminal_code import (
    art3,
    art5,
    art6,
    art11,
    art15,
    art50_1,
    art62,
    art63,
    art72,
    art73,
    art74,
    art75,
    art76,
    art78,
    art86,
    art87,
)
from zhusan.law.rule import Rule

MODULES: tuple[ModuleType, ...] = (
    art3, art5, art6, art11, art15, art50_1, art62, art63, art72, art73, art74, art75, art76, art78,
    art86, art87, art481, cit_art1,
)  # fmt: skip


def all_rules() -> tuple[Rule, ...]:
    """Return every rule of every module."""
    return tuple(rule for module in MODULES for rule in module.RULES)
