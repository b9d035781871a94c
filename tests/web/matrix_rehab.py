"""Rehabilitation and reintegration URLs in the permission matrix (see test_permission_matrix.py).

The forms post to person-scoped URLs (GET: 405); the assessment and conference forms are pages
for roles that record care (Aliya), "not found" to anyone the person is hidden from; the
conference list is for psychosocial staff only. Dana (intake) sees Asel but records no care: 403.
"""

OK, FORBIDDEN, NF, NA = 200, 403, 404, 405
OUT = {"chingiz": NF, "arman": NF, "auditor": NF, "admin": NF, "excluded": NF}

SPEC = {
    "rehab-session-add": ("person", {"aliya": NA, "chingiz": NA}),
    "rehab-goal-add": ("person", {"aliya": NA}),
    "rehab-goal-update": ("person", {"aliya": NA}),
    "rehab-action-add": ("person", {"aliya": NA}),
    "rehab-action-update": ("person", {"aliya": NA}),
    "rehab-review-add": ("person", {"aliya": NA}),
    "rehab-programme-add": ("person", {"aliya": NA}),
    "rehab-programme-end": ("person", {"aliya": NA}),
    "rehab-housing-add": ("person", {"aliya": NA}),
    "rehab-benefit-add": ("person", {"aliya": NA}),
    "rehab-engagement-add": ("person", {"aliya": NA}),
    "rehab-support-end": ("person", {"aliya": NA}),
    "rehab-reconciliation-add": ("person", {"aliya": NA}),
    "rehab-follow-up-add": ("person", {"aliya": NA}),
    "rehab-assessment-add": ("person", {"aliya": OK, "dana": FORBIDDEN} | OUT),
    "rehab-conference-add": ("person", {"aliya": OK, "dana": FORBIDDEN} | OUT),
    "rehab-conference-list": (
        "page",
        {
            "aliya": OK,
            "chingiz": OK,
            "excluded": OK,
            "dana": NF,
            "arman": NF,
            "auditor": NF,
            "admin": NF,
        },
    ),
}
