"""``tinhgon demo_accounts``: the demo users (password ``tinhgon-demo-2026``), created once (by
``load_demo`` already), audited; prints the table of accounts."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from tinhgon.core.context import acting_from
from tinhgon.restructuring.demo.accounts import ACCOUNTS, PASSWORD, ensure
from tinhgon.restructuring.management.commands.load_demo import system_user

__all__ = ["ACCOUNTS", "PASSWORD", "Command"]


class Command(BaseCommand):
    help = "Tạo các tài khoản mẫu (mật khẩu tinhgon-demo-2026) và in bảng tài khoản."

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_from("cli"), transaction.atomic():
            rows = ensure(system_user(), timezone.localdate())
        width = max(len("Tên đăng nhập"), *(len(r[0]) for r in rows))
        self.stdout.write(f"Mật khẩu chung: {PASSWORD}")
        self.stdout.write(f"{'Tên đăng nhập':<{width}}  {'Vai trò':<40}  Phạm vi")
        for username, role, scope, _created in rows:
            self.stdout.write(f"{username:<{width}}  {role!s:<40}  {scope}")
