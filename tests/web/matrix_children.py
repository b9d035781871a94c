"""The children area's URLs in the permission matrix (see test_permission_matrix.py).

The list is for roles holding the child_protection tier (case workers, intake and child protection
officers); every write is a POST on a person, so a GET answers 405.
"""

OK, NF, NA = 200, 404, 405
P = "person"

SPEC = {
    "children-list": (
        "page",
        {"aliya": OK, "chingiz": OK, "dana": OK, "arman": NF, "auditor": NF, "admin": NF},
    ),
    "children-identity-add": (P, {"aliya": NA, "chingiz": NA}),
    "children-citizenship-determine": (P, {"aliya": NA}),
    "children-placement-add": (P, {"aliya": NA}),
    "children-placement-update": (P, {"aliya": NA}),
    "children-contact-add": (P, {"aliya": NA}),
    "children-plan-add": (P, {"aliya": NA}),
    "children-step-update": (P, {"aliya": NA}),
    "children-reunification-add": (P, {"aliya": NA}),
    "children-school-add": (P, {"aliya": NA}),
}
