"""``tinhgon apply_projects``: apply every approved restructuring project whose effective date has
come (scheduled daily). Each project is all or nothing; a conflict is written on the project as its
``application_error`` and printed here."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tinhgon.core.cli import acting_user_from
from tinhgon.core.context import acting_from
from tinhgon.restructuring.choices import ProjectStatus
from tinhgon.restructuring.project_services import projects_apply_due


class Command(BaseCommand):
    help = "Thực hiện các đề án sắp xếp đã phê duyệt đến ngày hiệu lực."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--user", dest="username", help="Người dùng ghi nhận (mặc định: hệ thống)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_from("cli"):
            user = acting_user_from(options.get("username"))
            done = projects_apply_due(acting_user=user)
        for p in done:
            if p.status == ProjectStatus.APPLIED:
                self.stdout.write(
                    f"Đã thực hiện: {p.name} (ngày hiệu lực {p.effective_date:%d/%m/%Y})."
                )
            else:
                self.stderr.write(f"Không thực hiện được: {p.name}\n{p.application_error}")
        if not done:
            self.stdout.write("Không có đề án nào đến ngày thực hiện.")
