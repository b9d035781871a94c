"""Sign-in, sign-out, failed sign-in and lockout as audit events (connected in AccountsConfig.ready)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from zhusan.accounts import signin
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A

# Passed in `credentials` when a wrong second factor is reported to django-axes: that failure
# is already audited as TWO_FACTOR_FAILED and must not be written twice.
SECOND_FACTOR = "second_factor"


def _ip(request) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or signin.client_address(request)


def _user_named(username: str):
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


@receiver(user_logged_in, dispatch_uid="zhusan-signed-in")
def signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        signin.stamp(request.session)
    device = getattr(user, "otp_device", None)
    record(
        user,
        A.SIGNED_IN,
        obj=user,
        new={"second_factor": type(device).__name__ if device is not None else None},
        ip=_ip(request),
    )


@receiver(user_logged_out, dispatch_uid="zhusan-signed-out")
def signed_out(sender, request, user, **kwargs):
    if user is None or getattr(request, "zhusan_session_expired", False):
        return
    record(user, A.SIGNED_OUT, obj=user, ip=_ip(request))


@receiver(user_login_failed, dispatch_uid="zhusan-sign-in-failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    if credentials.get(SECOND_FACTOR):
        return
    username = str(credentials.get("username") or "")[:150]
    record(
        _user_named(username),
        A.SIGN_IN_FAILED,
        new={"username": username, "locked": bool(getattr(request, "axes_locked_out", False))},
        ip=_ip(request),
    )


def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    username = str(username or "")[:150]
    record(
        _user_named(username),
        A.SIGN_IN_LOCKED,
        new={"username": username, "ip": ip_address},
        ip=ip_address or _ip(request),
    )


def connect() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(locked_out, dispatch_uid="zhusan-sign-in-locked")
