"""Sign-in is required for everything but the sign-in pages, static files and the API's own auth.

The same middleware ends a session that has been idle too long, that has outlived its absolute
lifetime, or that lacks a second factor the policy requires (zhusan.accounts.signin).
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.utils.translation import gettext as _

from zhusan.accounts import signin
from zhusan.accounts.models import Membership

OPEN_PREFIXES = ("/accounts/login/", "/static/", "/i18n/", "/api/", "/healthz")
SESSION_KEY = "membership_id"


def current_membership(request) -> Membership | None:
    """The membership the signed-in user is acting under (chosen in the session; first by default)."""
    if hasattr(request, "_membership"):
        return request._membership
    membership = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        memberships = Membership.objects.filter(user=user, active=True).select_related("agency")
        wanted = request.session.get(SESSION_KEY)
        if wanted:
            membership = memberships.filter(pk=wanted).first()
        membership = membership or memberships.order_by("id").first()
    request._membership = membership
    return membership


def _end_session(request, reason: str) -> None:
    from zhusan.audit.events import record
    from zhusan.audit.models import AuditEventType as A

    user = request.user
    if reason in ("idle", "lifetime"):
        record(
            user,
            A.SESSION_EXPIRED,
            obj=user,
            new={"reason": reason},
            ip=signin.client_address(request),
        )
        # The expiry is the event; the sign-out receiver need not write a second one.
        request.zhusan_session_expired = True
    logout(request)
    text = {
        "idle": _("You were signed out after a period without activity. Sign in again."),
        "lifetime": _("Your session reached its maximum length. Sign in again."),
        "second_factor": _("Sign in again with your second factor."),
    }[reason]
    messages.info(request, text)


def _verified(user) -> bool:
    """Whether this session passed a second factor (django_otp.middleware.OTPMiddleware says)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            reason = signin.session_end_reason(request.session)
            if not reason and signin.second_factor_required(user) and not _verified(user):
                reason = "second_factor"
            if reason:
                _end_session(request, reason)
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            response = redirect_to_login(request.get_full_path())
            if getattr(request, "htmx", False):
                # A partial request follows the browser to the sign-in page instead of swapping it in.
                redirect = HttpResponse(status=204)
                redirect["HX-Redirect"] = response["Location"]
                return redirect
            return response
        return self.get_response(request)
