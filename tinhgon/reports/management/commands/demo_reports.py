"""``tinhgon demo_reports``: the reports demo (after ``load_demo`` and ``demo_accounts``)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from tinhgon.core.context import acting_from
from tinhgon.core.errors import Refused
from tinhgon.reports import demo


class Command(BaseCommand):
    help = (
        "Nạp đợt báo cáo mẫu (báo cáo đơn vị sự nghiệp công lập năm 2026); không làm gì nếu đã nạp."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo.demo_loaded():
            self.stdout.write("Đợt báo cáo mẫu đã được nạp trước đó; không thay đổi gì.")
            return
        try:
            with acting_from("cli"), transaction.atomic():
                demo.load(timezone.localdate(), log=self.stdout.write)
        except Refused as exc:
            raise CommandError(f"Không nạp được đợt báo cáo mẫu: {exc}") from exc
