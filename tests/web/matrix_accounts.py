"""Sign-in, API tokens, the administrators' sign-in page and document scans in the URL matrix."""

OK, NF, NA = 200, 404, 405

SPEC = {
    # The second step of sign-in is reached without a session (a pending password only).
    "login-verify": ("public", {}),
    "login-enrol": ("public", {}),
    "api-tokens": (
        "page",
        {"aliya": OK, "chingiz": OK, "arman": OK, "auditor": OK, "admin": OK, "excluded": OK},
    ),
    "api-token-revoke": ("uuid", {"aliya": NA, "admin": NA}),
    "sign-in-admin": ("page", {"admin": OK, "aliya": NF, "auditor": NF, "arman": NF}),
    "person-scan-add": ("person", {"aliya": NA, "chingiz": NA}),
    "document-scan": ("uuid", {"aliya": NF, "chingiz": NF, "admin": NF, "auditor": NF}),
}
