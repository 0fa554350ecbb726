"""``tinhgon load_demo [--user USERNAME]``: the Hà Tĩnh demo, deterministic and idempotent."""

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from tinhgon.accounts.choices import Role
from tinhgon.autonomy import demo as autonomy_demo
from tinhgon.core.context import acting_from
from tinhgon.core.errors import Refused
from tinhgon.indicators.services import targets_seed_national
from tinhgon.organizations.selectors import unit_counts
from tinhgon.plans import demo as plans_demo
from tinhgon.restructuring.demo import accounts as accounts_demo
from tinhgon.restructuring.demo import hatinh
from tinhgon.restructuring.demo import projects as projects_demo
from tinhgon.staffing import demo as staffing_demo
from tinhgon.streamlining import demo as streamlining_demo
from tinhgon.workforce import demo as workforce_demo


def system_user() -> Any:
    """The system account the demo acts as (unusable password, administrator)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=settings.TINHGON_SYSTEM_USERNAME,
        defaults={"role": Role.ADMINISTRATOR, "first_name": "Hệ thống"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu tỉnh Hà Tĩnh 2015–2026 (không làm gì nếu đã nạp)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--user",
            dest="username",
            help="Người dùng ghi nhận các thay đổi (mặc định: tài khoản hệ thống).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        with acting_from("cli"), transaction.atomic():
            user = system_user()
            if options.get("username"):
                User = get_user_model()
                try:
                    user = User.objects.get(username=options["username"])
                except User.DoesNotExist as exc:
                    raise CommandError(f"Không có người dùng “{options['username']}”.") from exc
            if hatinh.demo_loaded():
                self.stdout.write("Dữ liệu mẫu đã được nạp trước đó; không thay đổi gì.")
                return
            try:
                builder = hatinh.load(user, log=self.stdout.write)
                # The officers exist before the modules: their proposals are theirs.
                accounts_demo.ensure(user, timezone.localdate())
                targets_seed_national(acting_user=user)
                staffing_demo.load(user, log=self.stdout.write)
                autonomy_demo.load(user, log=self.stdout.write)
                workforce_demo.load(user, log=self.stdout.write)
                streamlining_demo.load(user, log=self.stdout.write)
                plans_demo.load(user, log=self.stdout.write)
                projects_demo.load(user, log=self.stdout.write)
            except Refused as exc:
                raise CommandError(f"Không nạp được dữ liệu mẫu: {exc}") from exc
        self.stdout.write(f"Đã nạp dữ liệu mẫu ({builder.event_count} sự kiện).")
        self.stdout.write("Số đơn vị sự nghiệp công lập theo ngày:")
        for day in (*hatinh.SUMMARY_DATES, timezone.localdate()):
            total = unit_counts(day)["total"]
            self.stdout.write(f"  {day:%d/%m/%Y}: {total}")
        self.stdout.write(f"Thời gian: {time.monotonic() - started:.1f} giây.")
