"""``tinhgon restore PATH``: bring a ``tinhgon backup`` archive back into an empty database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhgon.core import ops


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống (DATABASE_URL) và MEDIA_ROOT, rồi đối "
        "chiếu số dòng mỗi bảng và SHA-256 từng tệp với manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Tệp sao lưu (.tar) do tinhgon backup ghi.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = ops.restore(Path(options["path"]))
        except ops.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if result.problems:
            raise CommandError(
                "Khôi phục xong nhưng không khớp bản sao lưu:\n" + "\n".join(result.problems)
            )
        m = result.manifest
        self.stdout.write(
            f"Đã khôi phục và đối chiếu: {sum(m['counts'].values())} dòng trong "
            f"{len(m['counts'])} bảng, {len(m['media'])} tệp khớp SHA-256."
        )
