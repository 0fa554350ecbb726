"""The demo's accounts (password ``tinhgon-demo-2026``): created once, audited, right after the
registry is loaded, so that the demo's proposals and approvals are made by its officers."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from tinhgon.accounts.choices import Role
from tinhgon.core import audit
from tinhgon.organizations.models import OrganizationState
from tinhgon.restructuring.demo import hatinh

PASSWORD = "tinhgon-demo-2026"  # noqa: S105 (published demo password)
FIELDS = ["username", "first_name", "last_name", "role", "organization", "scope_root"]

# username, full name, role, workplace, scope (names as of today), superuser
ACCOUNTS: tuple[tuple[str, str, str, str | None, str | None, bool], ...] = (
    ("admin", "Quản trị hệ thống", Role.ADMINISTRATOR, None, None, True),
    ("snv", "Nguyễn Thị Hương", Role.SUPERVISOR, "Sở Nội vụ", hatinh.PROVINCE, False),
    ("lanhdao", "Trần Văn Hùng", Role.LEADER, hatinh.PROVINCE, hatinh.PROVINCE, False),
    ("thanhtra", "Lê Minh Tuấn", Role.INSPECTOR, "Thanh tra tỉnh", hatinh.PROVINCE, False),
    ("soyte", "Phan Thị Lan", Role.OFFICER, "Sở Y tế", "Sở Y tế", False),
    (
        "sogddt",
        "Võ Đình Nam",
        Role.OFFICER,
        "Sở Giáo dục và Đào tạo",
        "Sở Giáo dục và Đào tạo",
        False,
    ),
    ("xathachha", "Đặng Quốc Bình", Role.OFFICER, "UBND xã Thạch Hà", "UBND xã Thạch Hà", False),
)


def organization_id(name: str, today: dt.date) -> int:
    state = (
        OrganizationState.objects.as_of(today).filter(name=name).first()
        or OrganizationState.objects.filter(name=name).order_by("-valid_from").first()
    )
    if state is None:
        raise CommandError(f"Không có “{name}” trong sổ: hãy chạy “tinhgon load_demo” trước.")
    return state.organization_id


def ensure(actor: Any, today: dt.date) -> list[tuple[str, str, str, bool]]:
    """Create the accounts that do not exist yet: (username, role, scope, created) of each."""
    User = get_user_model()
    rows = []
    for username, full_name, role, workplace, scope, superuser in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            last, _sep, first = full_name.rpartition(" ")
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                organization_id=organization_id(workplace, today) if workplace else None,
                scope_root_id=organization_id(scope, today) if scope else None,
                is_superuser=superuser,
                is_staff=superuser,
            )
            user.set_password(PASSWORD)
            user.save()
            audit.record(
                actor=actor,
                action="create",
                obj=user,
                before=None,
                after=audit.snapshot(user, FIELDS),
                reason="Tài khoản mẫu (tinhgon demo_accounts)",
            )
        assert user is not None
        scope_label = "toàn bộ" if user.is_superuser else str(user.scope_root or "—")
        rows.append((username, str(Role(user.role).label), scope_label, created))
    return rows
