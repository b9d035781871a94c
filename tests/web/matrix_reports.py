"""Permission-matrix rows for the statistics, exports and case-summary pages."""

OK, NF, FORBIDDEN = 200, 404, 403
PERSON = "person"

SPEC = {
    "statistics": (
        "page",
        {"aliya": OK, "arman": OK, "auditor": OK, "admin": OK, "chingiz": OK},
    ),
    "statistics-reconciliation": ("page", {"arman": OK, "aliya": OK}),
    "statistics-indicator": ({"code": "returned"}, {"arman": OK, "aliya": OK, "auditor": OK}),
    "statistics-export": (
        {"code": "returned", "fmt": "csv"},
        {"arman": OK, "auditor": OK, "admin": OK, "aliya": FORBIDDEN, "chingiz": FORBIDDEN},
    ),
    "case-summary": (
        PERSON,
        {"aliya": OK, "chingiz": NF, "arman": NF, "auditor": NF, "admin": NF, "excluded": NF},
    ),
    "exports": ("page", {"aliya": OK, "arman": OK}),
    "export-status": ("uuid", {"aliya": NF, "arman": NF}),
    "export-download": ("uuid", {"aliya": NF, "arman": NF}),
}
