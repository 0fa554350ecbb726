from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tinhgon.core.cli import acting_user_from
from tinhgon.core.context import acting_from
from tinhgon.indicators.services import targets_seed_national


class Command(BaseCommand):
    help = "Nạp (hoặc cập nhật) các chỉ tiêu của Trung ương từ tinhgon/rules/targets.py."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--user", dest="username", help="Người thực hiện (mặc định: tài khoản hệ thống)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_from("cli"):
            user = acting_user_from(options.get("username"))
            changed = targets_seed_national(acting_user=user)
        self.stdout.write(f"Đã nạp/cập nhật {changed} chỉ tiêu.")
