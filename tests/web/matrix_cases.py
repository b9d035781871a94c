"""Referrals, tasks and the family page in the permission matrix (see test_permission_matrix.py)."""

OK, NF, NA = 200, 404, 405

SPEC = {
    "referral-list": (
        "page",
        {"aliya": OK, "chingiz": OK, "dana": NF, "arman": NF, "auditor": NF, "admin": NF},
    ),
    "referral-add": ("person", {"aliya": NA, "chingiz": NA}),
    "referral-step": ("uuid", {"aliya": NA, "arman": NA}),
    "task-list": (
        "page",
        {"aliya": OK, "chingiz": OK, "dana": OK, "arman": NF, "auditor": NF, "admin": NF},
    ),
    "task-add": ("page", {"aliya": NA}),
    "task-done": ("uuid", {"aliya": NA}),
    "family-detail": ("uuid", {"aliya": NF, "chingiz": NF, "arman": NF, "admin": NF}),
}
