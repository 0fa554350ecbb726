"""What every command that writes shares: ``--user USERNAME`` (default: the system account)."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction

from tinhgon.core import audit


def system_user() -> Any:
    """The system account that commands and scheduled jobs act as (unusable password)."""
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            username=settings.TINHGON_SYSTEM_USERNAME,
            defaults={"role": "administrator", "first_name": "Hệ thống"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            audit.record(
                actor=None,
                action="create",
                obj=user,
                before=None,
                after=audit.snapshot(user, ["username", "role", "first_name", "is_active"]),
                reason="Tài khoản hệ thống của các lệnh quản trị",
            )
    return user


def acting_user_from(username: str | None) -> Any:
    if not username:
        return system_user()
    User = get_user_model()
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"Không có người dùng “{username}”.") from None
