"""API authentication: a browser session (with CSRF) or a bearer token bound to one membership."""

from __future__ import annotations

import hashlib

from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from zhusan.accounts.middleware import current_membership
from zhusan.accounts.models import APIToken
from zhusan.accounts.signin import second_factor_required

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        digest = hashlib.sha256(token.encode()).hexdigest()
        found = (
            APIToken.objects.select_related("membership__user", "membership__agency")
            .filter(
                key_hash=digest,
                revoked_at__isnull=True,
                membership__active=True,
                membership__user__is_active=True,
            )
            .first()
        )
        if found is None or (found.expires_at and found.expires_at <= timezone.now()):
            return None
        if found.read_only and request.method in UNSAFE:
            return None
        APIToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.membership.user
        request._membership = found.membership
        return found.membership


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods need the CSRF token (ninja checks it).

    A session is only signed in after its second factor (zhusan.accounts.signin); the middleware
    ends one that lacks it, and this check holds even where the middleware is not in the way.
    """

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = request.user
        if not user.is_authenticated:
            return None
        if second_factor_required(user) and not getattr(user, "is_verified", lambda: False)():
            return None
        return current_membership(request)
