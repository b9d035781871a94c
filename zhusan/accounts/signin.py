"""The sign-in policy: who needs a second factor, the half-signed-in state, and session limits.

A password alone never signs a user in when a second factor is due: the user is only *pending*
(a note in the session, not `request.user`) until the code is accepted or the authenticator is
enrolled, so no page or API call can be reached in between.
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

PENDING_KEY = "zhusan_pending_sign_in"
# A password accepted this long ago no longer lets the user enter a code: they start again.
PENDING_SECONDS = 300
SIGNED_IN_AT = "zhusan_signed_in_at"
SEEN_AT = "zhusan_seen_at"
# Activity is written to the session at most this often (a write per request would be wasteful).
TOUCH_EVERY = 60


def client_address(request) -> str | None:
    """The client's address; behind ZHUSAN_PROXY_COUNT proxies, read from X-Forwarded-For."""
    address = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.ZHUSAN_PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def second_factor_required(user) -> bool:
    """Whether policy demands a second factor of this user (demo accounts only on a demo instance)."""
    if not settings.ZHUSAN_REQUIRE_2FA:
        return False
    return not (user.is_demo and settings.DEMO_MODE)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(user) -> bool:
    """A user with an authenticator always enters a code; others when policy requires one."""
    return second_factor_required(user) or has_authenticator(user)


def start_pending(request, user, next_url: str) -> None:
    """Remember that the password was right; the user is not signed in yet."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "at": int(time.time()),
        "next": next_url,
    }


def pending(request) -> tuple[object, dict] | tuple[None, None]:
    """The user whose password was accepted a moment ago, and the note; stale notes are dropped."""
    note = request.session.get(PENDING_KEY)
    if not note:
        return None, None
    if time.time() - note.get("at", 0) > PENDING_SECONDS:
        clear_pending(request)
        return None, None
    user = get_user_model().objects.filter(pk=note.get("user"), is_active=True).first()
    if user is None:
        clear_pending(request)
        return None, None
    user.backend = note["backend"]
    return user, note


def clear_pending(request) -> None:
    request.session.pop(PENDING_KEY, None)


def stamp(session, now: float | None = None) -> None:
    """Start the clocks of a new session."""
    now = int(now if now is not None else time.time())
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


def session_end_reason(session, now: float | None = None) -> str:
    """'idle' or 'lifetime' when the session must end, '' while it may go on (and note activity)."""
    now = int(now if now is not None else time.time())
    signed_in_at = session.get(SIGNED_IN_AT)
    seen_at = session.get(SEEN_AT)
    if signed_in_at is None or seen_at is None:
        # A session from before these limits existed starts its clocks now.
        stamp(session, now)
        return ""
    if now - signed_in_at > settings.SESSION_COOKIE_AGE:
        return "lifetime"
    if now - seen_at > settings.ZHUSAN_SESSION_IDLE_SECONDS:
        return "idle"
    if now - seen_at >= TOUCH_EVERY:
        session[SEEN_AT] = now
    return ""
