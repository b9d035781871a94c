"""Small view helpers shared by the apps' views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from zhusan.accounts.middleware import current_membership
from zhusan.accounts.models import Membership
from zhusan.lib.errors import ActionError


def acting(request) -> Membership:
    """The membership a signed-in request acts under; no membership means no access."""
    membership = current_membership(request)
    if membership is None:
        raise PermissionDenied("Your account has no active role in any agency.")
    return membership


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def add_action_errors(form, error: ActionError) -> None:
    """Show an action's refusal on the form, on the field it names where the form has it."""
    for field, message in error.errors.items():
        form.add_error(field if field in form.fields else None, message)
