"""Writes to agencies, users and memberships."""

from __future__ import annotations

from django.db import transaction

from zhusan.access.scope import require
from zhusan.accounts.models import Agency, Membership, User
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


def do_issue_token(acting: Membership, *, label: str, read_only: bool = False, days: int = 90):
    """Issue an API token for the acting membership; the secret is returned once and never stored."""
    import datetime as dt
    import hashlib
    import secrets

    from django.utils import timezone

    from zhusan.accounts.models import APIToken

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
            new={"label": label, "read_only": read_only, "prefix": token.prefix},
        )
    return token, secret


def do_revoke_token(acting: Membership, token) -> None:
    from django.utils import timezone

    if token.membership.user_id != acting.user_id:
        require(acting, Perm.ADMINISTER)
    with transaction.atomic():
        type(token).objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        record(
            acting.user, A.TOKEN_REVOKED, obj=token, membership=acting, new={"prefix": token.prefix}
        )
