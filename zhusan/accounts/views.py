"""Sign-in with a second factor and lockout, API tokens, and the administrators' sign-in page."""

from __future__ import annotations

from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from zhusan.accounts import actions, signin
from zhusan.accounts.forms import CodeForm, EnrolForm, ResetTwoFactorForm, TokenForm
from zhusan.accounts.models import APIToken, User
from zhusan.accounts.queries import current_lockouts
from zhusan.accounts.roles import Perm
from zhusan.accounts.signals import SECOND_FACTOR
from zhusan.lib.errors import ActionError
from zhusan.web.shortcuts import acting, add_action_errors


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _locked(request, user) -> bool:
    return settings.AXES_ENABLED and AxesProxyHandler.is_locked(
        request, {"username": user.get_username()}
    )


def _count_failure(request, user) -> None:
    """A wrong second factor counts towards the lockout like a wrong password."""
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username(), SECOND_FACTOR: True},
        request=request,
    )


def _lockout_minutes(request) -> int:
    cool_off = get_cool_off(request)
    return max(1, int(cool_off.total_seconds() // 60)) if cool_off else 0


def locked_out(request, original_response=None, credentials=None):
    """The sign-in page saying that sign-in is locked (django-axes calls this on a lockout)."""
    signin.clear_pending(request)
    context = {
        "form": AuthenticationForm(request),
        "locked": True,
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": _lockout_minutes(request),
    }
    return render(request, "web/login.html", context, status=429)


@sensitive_post_parameters("password")
@never_cache
def sign_in(request):
    """Username and password; then the second factor, or enrolling one, where it is due."""
    if request.user.is_authenticated:
        return redirect(_next(request))
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if signin.needs_second_factor(user):
            signin.start_pending(request, user, _next(request))
            if signin.has_authenticator(user):
                return redirect("login-verify")
            return redirect("login-enrol")
        login(request, user)
        return redirect(_next(request))
    return render(request, "web/login.html", {"form": form, "next": _next(request)})


def _finish(request, user, device, note) -> None:
    signin.clear_pending(request)
    # django-otp keeps the device that verified the user in the session on login.
    user.otp_device = device
    login(request, user, backend=note["backend"])


@sensitive_post_parameters("code")
@never_cache
def verify(request):
    """The second step of sign-in: a code from the authenticator, or a recovery code."""
    user, note = signin.pending(request)
    if user is None:
        messages.info(request, _("Sign in with your username and password first."))
        return redirect("login")
    if not signin.has_authenticator(user):
        return redirect("login-enrol")
    if _locked(request, user):
        return locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = signin.client_address(request)
        device = actions.do_verify_second_factor(user, form.cleaned_data["code"], ip=ip)
        if device is not None:
            _finish(request, user, device, note)
            return redirect(note["next"])
        _count_failure(request, user)
        form.add_error(
            "code",
            _(
                "That code was not accepted. Type the six digits your app shows now, or one of "
                "your recovery codes. After several wrong codes you must wait a little longer "
                "before each new try."
            ),
        )
    return render(
        request, "accounts/verify.html", {"form": form}, status=422 if form.errors else 200
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("code")
@never_cache
def enrol(request):
    """Add an authenticator app before anything else: scan, confirm with a code, keep the codes."""
    user, note = signin.pending(request)
    if user is None:
        messages.info(request, _("Sign in with your username and password first."))
        return redirect("login")
    if signin.has_authenticator(user):
        return redirect("login-verify")
    if _locked(request, user):
        return locked_out(request)
    device = actions.do_start_enrolment(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = actions.do_confirm_enrolment(
                user, device, form.cleaned_data["code"], ip=signin.client_address(request)
            )
        except ActionError as exc:
            _count_failure(request, user)
            add_action_errors(form, exc)
        else:
            device.refresh_from_db()
            _finish(request, user, device, note)
            # Shown in this answer only: the codes are never displayed again.
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": note["next"]}
            )
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=_("QR code for your authenticator app")
    )
    context = {
        "form": form,
        "qr": mark_safe(qr),  # noqa: S308 - segno's own SVG of our otpauth:// URL
        "secret": _grouped(b32encode(device.bin_key).decode()),
        "username": user.get_username(),
    }
    return render(request, "accounts/enrol.html", context, status=422 if form.errors else 200)


@never_cache
def tokens(request):
    """The user's API tokens: issue (the secret shown once), list, revoke; administrators see their agency's."""
    membership = acting(request)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = actions.do_issue_token(
                membership,
                label=form.cleaned_data["label"],
                read_only=form.cleaned_data["access"] == "read",
                days=form.cleaned_data["days"],
            )
        except ActionError as exc:
            add_action_errors(form, exc)
        else:
            issued = {"token": token, "secret": secret}
            form = TokenForm()
    mine = (
        APIToken.objects.filter(membership__user=request.user)
        .select_related("membership__agency")
        .order_by("-created_at")
    )
    agency_tokens = None
    if membership.can(Perm.ADMINISTER):
        agency_tokens = (
            APIToken.objects.filter(membership__agency=membership.agency)
            .exclude(membership__user=request.user)
            .select_related("membership__user")
            .order_by("-created_at")
        )
    context = {
        "form": form,
        "issued": issued,
        "mine": mine,
        "agency_tokens": agency_tokens,
        "now": timezone.now(),
    }
    return render(request, "accounts/tokens.html", context, status=422 if form.errors else 200)


@require_POST
def token_revoke(request, public_id):
    membership = acting(request)
    token = (
        APIToken.objects.select_related("membership__user", "membership__agency")
        .filter(public_id=public_id)
        .first()
    )
    mine = token is not None and token.membership.user_id == request.user.pk
    theirs = (
        token is not None
        and membership.can(Perm.ADMINISTER)
        and token.membership.agency_id == membership.agency_id
    )
    if not (mine or theirs):
        raise Http404
    try:
        actions.do_revoke_token(membership, token)
    except ActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Token “%(label)s” revoked: it no longer opens the API.") % {"label": token.label},
        )
    return redirect("api-tokens")


def sign_in_admin(request):
    """Administrators: lift a lockout; reset a user's second factor after a lost phone."""
    membership = acting(request)
    if not membership.can(Perm.ADMINISTER):
        raise Http404
    reset_form = ResetTwoFactorForm(request.POST if request.POST.get("reset") else None)
    if request.method == "POST" and request.POST.get("unlock"):
        try:
            actions.do_unlock_sign_in(
                membership,
                username=request.POST.get("username", "").strip(),
                ip=request.POST.get("ip", "").strip(),
            )
        except ActionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Sign-in unlocked."))
        return redirect("sign-in-admin")
    if request.method == "POST" and reset_form.is_valid():
        user = User.objects.filter(username=reset_form.cleaned_data["username"]).first()
        if user is None:
            reset_form.add_error("username", _("No user has this username."))
        else:
            try:
                actions.do_reset_two_factor(
                    membership, user, reason=reset_form.cleaned_data["reason"]
                )
            except ActionError as exc:
                add_action_errors(reset_form, exc)
            else:
                messages.success(
                    request,
                    _("%(user)s sets up a new authenticator at their next sign-in.")
                    % {"user": user.get_username()},
                )
                return redirect("sign-in-admin")
    context = {
        "lockouts": current_lockouts(),
        "reset_form": reset_form,
        "limit": settings.AXES_FAILURE_LIMIT,
        "minutes": _lockout_minutes(request),
    }
    return render(request, "accounts/sign_in_admin.html", context)
