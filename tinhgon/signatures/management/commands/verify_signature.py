"""``tinhgon verify_signature FILE``: check every signature of a PDF; exit code 1 unless all valid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tinhgon.signatures.verify import local, verify_pdf


class Command(BaseCommand):
    help = "Kiểm tra chữ ký số của một tệp PDF (người ký, thời điểm, chuỗi chứng thư, thay đổi)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        report = verify_pdf(path.read_bytes())
        for i, s in enumerate(report.signatures, 1):
            self.stdout.write(
                f"Chữ ký {i} ({s.field_name}): {s.signer}\n"
                f"  Chủ thể: {s.subject}\n  Tổ chức cấp: {s.issuer}\n"
                f"  Thời điểm ký: {local(s.signed_at)}\n"
                f"  Chuỗi chứng thư: {_chain(s)}"
                f"{' — ĐÃ BỊ THU HỒI' if s.revoked else ''}\n"
                f"  Toàn vẹn: {'không thay đổi sau khi ký' if s.intact and not s.changed_after else 'ĐÃ BỊ THAY ĐỔI'}\n"
                f"  Kết luận: {s.verdict}"
            )
            for m in s.messages:
                self.stdout.write(f"  {m}")
        self.stdout.write(report.verdict)
        if not report.ok:
            raise CommandError("Chữ ký số không hợp lệ hoặc không xác thực được.")


def _chain(s: Any) -> str:
    if not s.intact:
        return "không đánh giá được (chữ ký không còn toàn vẹn)"
    return "được tin cậy" if s.trusted else "KHÔNG được tin cậy"
