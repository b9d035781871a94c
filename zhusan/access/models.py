from django.db import models


class ScopeEntry(models.Model):
    """One person in one agency's scope: the materialised answer of `zhusan.access.scope`.

    Derived data, rebuilt from assignments and families by `refresh_scope` whenever an action
    changes either; `zhusan manage rebuild_scope` rebuilds it whole, and a test checks it never
    drifts from the rule.
    """

    agency = models.ForeignKey("accounts.Agency", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "person"], name="scope_entry_once")
        ]
        indexes = [models.Index(fields=["person", "agency"])]

    def __str__(self) -> str:
        return f"{self.person_id} in scope of {self.agency_id}"
