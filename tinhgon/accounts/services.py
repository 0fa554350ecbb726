"""User administration by Sở Nội vụ: create per agency, deactivate, reset password. All audited."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhgon.accounts.choices import Role
from tinhgon.accounts.models import User
from tinhgon.core import audit
from tinhgon.core.errors import Collector, Refused
from tinhgon.core.text import nfc

_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "organization",
    "scope_root",
    "is_active",
]


def _check_manager(acting_user: Any) -> None:
    if not getattr(acting_user, "can_manage_users", False):
        raise Refused.one("", _("Chỉ Sở Nội vụ và quản trị hệ thống được quản lý người dùng."))


def user_create(
    *,
    acting_user: Any,
    username: str,
    full_name: str,
    email: str,
    role: str,
    organization_id: int | None,
    scope_root_id: int | None,
    password: str | None = None,
) -> tuple[User, str]:
    """Create a user for an agency; returns the user and the initial password to hand over."""
    _check_manager(acting_user)
    problems = Collector()
    username = nfc(username).lower()
    if not username:
        problems.add("username", _("Thiếu tên đăng nhập."))
    elif User.objects.filter(username=username).exists():
        problems.add("username", _("Tên đăng nhập “%(u)s” đã có.") % {"u": username})
    if role not in Role.values:
        problems.add("role", _("Vai trò không hợp lệ."))
    if role == Role.ADMINISTRATOR and not getattr(acting_user, "is_superuser", False):
        problems.add("role", _("Chỉ quản trị hệ thống được tạo tài khoản quản trị."))
    if scope_root_id is None and role != Role.ADMINISTRATOR:
        problems.add("scope_root", _("Phải chọn phạm vi dữ liệu (cơ quan, đơn vị)."))
    password = password or secrets.token_urlsafe(9)
    parts = nfc(full_name).rsplit(" ", 1)
    user = User(
        username=username,
        last_name=parts[0] if len(parts) == 2 else "",
        first_name=parts[-1],
        email=nfc(email),
        role=role,
        organization_id=organization_id,
        scope_root_id=scope_root_id,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        for message in exc.messages:
            problems.add("password", message)
    problems.raise_if_any()
    with transaction.atomic():
        user.set_password(password)
        user.save()
        audit.record(
            actor=acting_user,
            action="create",
            obj=user,
            before=None,
            after=audit.snapshot(user, _FIELDS),
        )
    return user, password


def user_set_active(*, acting_user: Any, user: User, active: bool, reason: str = "") -> User:
    _check_manager(acting_user)
    if user.pk == getattr(acting_user, "pk", None) and not active:
        raise Refused.one("is_active", _("Không thể tự khoá tài khoản của mình."))
    with transaction.atomic():
        before = audit.snapshot(user, _FIELDS)
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.record(
            actor=acting_user,
            action="activate" if active else "deactivate",
            obj=user,
            before=before,
            after=audit.snapshot(user, _FIELDS),
            reason=nfc(reason),
        )
    return user


def user_reset_password(*, acting_user: Any, user: User) -> str:
    """Set a new random password and return it (shown once to the supervisor)."""
    _check_manager(acting_user)
    password = secrets.token_urlsafe(9)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(
            actor=acting_user,
            action="reset_password",
            obj=user,
            before=None,
            after={"password": "(đặt lại)"},
        )
    return password


@transaction.atomic
def two_factor_confirm(*, acting_user: User, device: Any) -> None:
    """Turn on TOTP two-factor for ``acting_user`` with the device whose code was just checked."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor=acting_user, action="2fa_on", obj=acting_user, before=None, after={"2fa": 1})


@transaction.atomic
def two_factor_disable(*, acting_user: User) -> None:
    """Turn off two-factor (after a valid code): every TOTP device of the user is removed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=acting_user).delete()
    audit.record(
        actor=acting_user, action="2fa_off", obj=acting_user, before={"2fa": 1}, after=None
    )
