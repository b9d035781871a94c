"""The roles of DESIGN.md and what each may do.

A role is held through a membership in one agency. Permissions are named capabilities; the
access helpers (zhusan.access) combine them with record scope.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INTAKE_OFFICER = "intake_officer", _("Intake officer")
    SCREENING_OFFICER = "screening_officer", _("Screening officer")
    PROSECUTOR = "prosecutor", _("Prosecutor / investigator")
    PENITENTIARY_OFFICER = "penitentiary_officer", _("Penitentiary officer")
    CASE_WORKER = "case_worker", _("Case worker")
    CHILD_PROTECTION_OFFICER = "child_protection_officer", _("Child protection officer")
    HEALTH_OFFICER = "health_officer", _("Health officer")
    SOCIAL_SERVICES_OFFICER = "social_services_officer", _("Social services officer")
    PROGRAMME_ANALYST = "programme_analyst", _("Programme analyst")
    AUDITOR = "auditor", _("Auditor / ombudsman")
    ADMINISTRATOR = "administrator", _("Administrator")


class Perm(models.TextChoices):
    VIEW_RECORDS = "view_records", _("See person records in the agency's caseload")
    CREATE_PERSON = "create_person", _("Register a person")
    EDIT_PERSON = "edit_person", _("Edit a person's particulars, names and documents")
    ADD_EVENT = "add_event", _("Record an event on a person's timeline")
    EDIT_FAMILY = "edit_family", _("Record relationships and families")
    MOVE_PATHWAY = "move_pathway", _("Move a case along its pathway")
    MANAGE_OPERATIONS = "manage_operations", _("Manage operations and arrivals")
    RECORD_JUSTICE = (
        "record_justice",
        _("Record charges, verdicts, sentences, custody and petitions"),
    )
    RECORD_MEDICAL = "record_medical", _("Record medical commission findings")
    MERGE_PERSONS = "merge_persons", _("Review duplicates, merge and unmerge person records")
    RECORD_CARE = (
        "record_care",
        _("Record assessments, case plans, sessions, programmes and case conferences"),
    )
    REFER = "refer", _("Refer a person to another agency; accept or decline referrals")
    RECORD_CHILD = (
        "record_child",
        _("Record a child's identity, citizenship, placement, contact and reunification"),
    )
    RECORD_SUPPORT = (
        "record_support",
        _("Record housing, benefits, employment, follow-up visits and case closure"),
    )
    VIEW_STATISTICS = "view_statistics", _("See aggregate statistics")
    EXPORT_STATISTICS = "export_statistics", _("Export indicator tables (CSV, XLSX, PDF)")
    VIEW_AUDIT = "view_audit", _("Read the audit trail")
    ADMINISTER = "administer", _("Manage users, agencies and reference data")


_RECORD_WORK = {Perm.VIEW_RECORDS, Perm.ADD_EVENT, Perm.VIEW_STATISTICS}

ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.INTAKE_OFFICER: frozenset(
        _RECORD_WORK
        | {
            Perm.CREATE_PERSON,
            Perm.EDIT_PERSON,
            Perm.EDIT_FAMILY,
            Perm.MANAGE_OPERATIONS,
            Perm.MOVE_PATHWAY,
            Perm.MERGE_PERSONS,
        }
    ),
    Role.SCREENING_OFFICER: frozenset(_RECORD_WORK | {Perm.EDIT_PERSON, Perm.MOVE_PATHWAY}),
    Role.PROSECUTOR: frozenset(_RECORD_WORK | {Perm.MOVE_PATHWAY, Perm.RECORD_JUSTICE}),
    Role.PENITENTIARY_OFFICER: frozenset(
        _RECORD_WORK | {Perm.MOVE_PATHWAY, Perm.RECORD_JUSTICE, Perm.RECORD_CARE, Perm.REFER}
    ),
    Role.CASE_WORKER: frozenset(
        _RECORD_WORK
        | {
            Perm.EDIT_PERSON,
            Perm.EDIT_FAMILY,
            Perm.MOVE_PATHWAY,
            Perm.RECORD_CARE,
            Perm.REFER,
            Perm.RECORD_SUPPORT,
        }
    ),
    Role.CHILD_PROTECTION_OFFICER: frozenset(
        _RECORD_WORK
        | {
            Perm.CREATE_PERSON,
            Perm.EDIT_PERSON,
            Perm.EDIT_FAMILY,
            Perm.MERGE_PERSONS,
            Perm.RECORD_CHILD,
            Perm.RECORD_CARE,
            Perm.REFER,
        }
    ),
    Role.HEALTH_OFFICER: frozenset(
        _RECORD_WORK | {Perm.RECORD_MEDICAL, Perm.RECORD_CARE, Perm.REFER}
    ),
    Role.SOCIAL_SERVICES_OFFICER: frozenset(
        _RECORD_WORK | {Perm.MOVE_PATHWAY, Perm.RECORD_SUPPORT, Perm.REFER}
    ),
    Role.PROGRAMME_ANALYST: frozenset({Perm.VIEW_STATISTICS, Perm.EXPORT_STATISTICS}),
    Role.AUDITOR: frozenset({Perm.VIEW_AUDIT, Perm.VIEW_STATISTICS, Perm.EXPORT_STATISTICS}),
    Role.ADMINISTRATOR: frozenset(
        {Perm.ADMINISTER, Perm.MANAGE_OPERATIONS, Perm.VIEW_STATISTICS, Perm.EXPORT_STATISTICS}
    ),
}


def role_has(role: str, perm: str) -> bool:
    """Say whether a role carries a permission."""
    return perm in ROLE_PERMS.get(role, frozenset())
