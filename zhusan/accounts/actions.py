"""Writes to agencies, users and memberships."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhusan.access.scope import require
from zhusan.accounts.models import Agency, APIToken, Membership, User
from zhusan.accounts.roles import Perm, Role
from zhusan.audit.events import record
from zhusan.audit.models import AuditEventType as A
from zhusan.lib.errors import ActionError


def _require_admin(acting: Membership | None) -> None:
    # Bootstrapping (the first agency and administrator) runs with acting=None from the CLI.
    if acting is not None:
        require(acting, Perm.ADMINISTER)


def do_create_agency(
    acting: Membership | None, *, code: str, name: str, kind: str, region: str = ""
) -> Agency:
    _require_admin(acting)
    with transaction.atomic():
        agency = Agency.objects.create(code=code, name=name, kind=kind, region=region)
        record(
            acting.user if acting else None,
            A.AGENCY_CREATED,
            obj=agency,
            membership=acting,
            new={"code": code, "name": name, "kind": kind},
        )
    return agency


def do_create_user(
    acting: Membership | None,
    *,
    username: str,
    password: str | None,
    display_name: str = "",
    email: str = "",
    is_demo: bool = False,
) -> User:
    _require_admin(acting)
    if User.objects.filter(username=username).exists():
        raise ActionError({"username": "This username is taken."})
    with transaction.atomic():
        user = User(username=username, display_name=display_name, email=email, is_demo=is_demo)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        record(
            acting.user if acting else None,
            A.USER_CREATED,
            obj=user,
            membership=acting,
            new={"username": username, "is_demo": is_demo},
        )
    return user


def do_add_membership(
    acting: Membership | None, *, user: User, agency: Agency, role: str
) -> Membership:
    _require_admin(acting)
    if role not in Role.values:
        raise ActionError({"role": f"{role!r} is not a role."})
    with transaction.atomic():
        membership = Membership.objects.create(user=user, agency=agency, role=role)
        record(
            acting.user if acting else None,
            A.MEMBERSHIP_CREATED,
            obj=user,
            membership=acting,
            new={"agency": agency.code, "role": role},
        )
    return membership


TOKEN_DAYS = (30, 90, 180, 365)


def do_issue_token(acting: Membership, *, label: str, read_only: bool = False, days: int = 90):
    """Issue an API token for the acting membership; the secret is returned once and never stored."""
    label = label.strip()
    if not label or len(label) > 100:
        raise ActionError({"label": "Name the token (up to 100 characters)."})
    if not 1 <= days <= max(TOKEN_DAYS):
        raise ActionError({"days": f"A token lasts between 1 and {max(TOKEN_DAYS)} days."})
    secret = "zh_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = APIToken.objects.create(
            membership=acting,
            label=label,
            prefix=secret[:10],
            read_only=read_only,
            key_hash=hashlib.sha256(secret.encode()).hexdigest(),
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        record(
            acting.user,
            A.TOKEN_ISSUED,
            obj=token,
            membership=acting,
            new={
                "label": label,
                "read_only": read_only,
                "prefix": token.prefix,
                "expires_at": token.expires_at.isoformat(),
            },
        )
    return token, secret


def do_revoke_token(acting: Membership, token: APIToken) -> None:
    """Revoke a token: its owner may, and an administrator of the owner's agency."""
    if token.membership.user_id != acting.user_id:
        require(acting, Perm.ADMINISTER)
        if token.membership.agency_id != acting.agency_id:
            raise PermissionDenied("An administrator revokes the tokens of their own agency.")
    if token.revoked_at is not None:
        raise ActionError("This token is already revoked.")
    with transaction.atomic():
        APIToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        record(
            acting.user,
            A.TOKEN_REVOKED,
            obj=token,
            membership=acting,
            old={"owner": token.membership.user.username},
            new={"prefix": token.prefix, "label": token.label},
        )


# Two-factor sign-in. These run for a user who is not signed in yet (their password was just
# accepted), so they take the user, not a membership.

RECOVERY_CODES = 10


def _code(text: str) -> str:
    return "".join(text.split()).replace("-", "").lower()


def do_start_enrolment(user: User) -> TOTPDevice:
    """The authenticator the user is about to add: one unconfirmed device, kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def do_confirm_enrolment(user: User, device: TOTPDevice, code: str, *, ip=None) -> list[str]:
    """Confirm the authenticator with a code it shows; return the recovery codes (shown once)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        accepted = not device.confirmed and device.verify_token(_code(code))
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            StaticDevice.objects.filter(user=user).delete()
            backup = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
            codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
            StaticToken.objects.bulk_create([StaticToken(device=backup, token=c) for c in codes])
            record(user, A.TWO_FACTOR_ENROLLED, obj=user, new={"recovery_codes": len(codes)}, ip=ip)
        else:
            record(user, A.TWO_FACTOR_FAILED, obj=user, new={"stage": "enrolment"}, ip=ip)
    if not accepted:
        raise ActionError({"code": "That code was not accepted. Type the six digits showing now."})
    return codes


def do_verify_second_factor(user: User, code: str, *, ip=None):
    """The device that accepts the code (authenticator, or a recovery code used up), or None."""
    code = _code(code)
    with transaction.atomic():
        verified = None
        if code.isdigit():
            devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        else:
            devices = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        for device in devices:
            if device.verify_token(code):
                verified = device
                break
        if verified is None:
            record(user, A.TWO_FACTOR_FAILED, obj=user, new={"stage": "sign-in"}, ip=ip)
        elif isinstance(verified, StaticDevice):
            left = verified.token_set.count()
            record(user, A.RECOVERY_CODE_USED, obj=user, new={"codes_left": left}, ip=ip)
        else:
            record(user, A.TWO_FACTOR_VERIFIED, obj=user, new={"device": "totp"}, ip=ip)
    return verified


def do_reset_two_factor(acting: Membership, user: User, *, reason: str) -> None:
    """Remove a user's authenticator and recovery codes (a lost phone): they enrol again."""
    require(acting, Perm.ADMINISTER)
    if len(reason.strip()) < 5:
        raise ActionError({"reason": "Say why (at least a few words)."})
    with transaction.atomic():
        had = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(
            acting.user,
            A.TWO_FACTOR_RESET,
            obj=user,
            membership=acting,
            old={"authenticator": had},
            new={"authenticator": False},
            reason=reason.strip(),
        )


def do_unlock_sign_in(acting: Membership, *, username: str = "", ip: str = "") -> int:
    """Lift a lockout by username or by address; returns the failed attempts forgotten."""
    from axes.handlers.proxy import AxesProxyHandler

    require(acting, Perm.ADMINISTER)
    if not username and not ip:
        raise ActionError("Name the username or the address to unlock.")
    with transaction.atomic():
        count = AxesProxyHandler.reset_attempts(username=username or None, ip_address=ip or None)
        record(
            acting.user,
            A.SIGN_IN_UNLOCKED,
            membership=acting,
            new={"username": username, "ip": ip, "attempts": count},
        )
    return count
