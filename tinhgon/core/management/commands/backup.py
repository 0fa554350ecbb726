"""``tinhgon backup --out PATH``: a consistent, checksummed archive of the database and MEDIA_ROOT."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhgon.core import ops


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (pg_dump trên PostgreSQL, bản sao trực tuyến trên SQLite) và các tệp "
        "đã tải lên vào một tệp tar có manifest (SHA-256, số dòng mỗi bảng)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="Tệp sao lưu sẽ ghi (.tar).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = ops.backup(Path(options["out"]))
        except ops.BackupError as exc:
            raise CommandError(str(exc)) from exc
        m = result.manifest
        self.stdout.write(
            f"Đã sao lưu {result.path}: {sum(m['counts'].values())} dòng trong "
            f"{len(m['counts'])} bảng, {len(m['media'])} tệp; SHA-256 ở {result.path}.sha256"
        )
