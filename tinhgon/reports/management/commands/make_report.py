"""``tinhgon make_report KIND --period P --format F --out PATH [--scope ORG] [--user U]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tinhgon.core.cli import acting_user_from
from tinhgon.core.context import acting_from
from tinhgon.core.errors import Refused
from tinhgon.reports import services
from tinhgon.reports.generate import check_request, generate


class Command(BaseCommand):
    help = "Lập một báo cáo (docx, xlsx hoặc pdf) theo thể thức Nghị định 30/2020/NĐ-CP."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="Loại báo cáo: dvsncl_annual, plan_periodic.")
        parser.add_argument(
            "--period",
            required=True,
            help="Kỳ: 2025, 2025-H1, 2025-Q1, 2025-M03, 2025-9M, 2025-12-31.",
        )
        parser.add_argument("--format", required=True, choices=["docx", "xlsx", "pdf"])
        parser.add_argument("--out", required=True, help="Đường dẫn tệp kết quả.")
        parser.add_argument("--scope", help="Mã số cơ quan, đơn vị (mặc định: phạm vi người dùng).")
        parser.add_argument(
            "--plan", type=int, help="Mã số kế hoạch (plan_periodic; mặc định: mới nhất)."
        )
        parser.add_argument(
            "--number",
            action="store_true",
            help="Lấy số văn bản từ sổ đăng ký của cơ quan ban hành (mặc định: bản dự thảo, để trống số).",
        )
        parser.add_argument("--signer", default="", help="Họ và tên người ký.")
        parser.add_argument("--user", dest="username", help="Người thực hiện (mặc định: hệ thống).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        with acting_from("cli"):
            user = acting_user_from(options.get("username"))
            try:
                req = check_request(options["kind"], options["period"], options["format"], today)
                scope = services.resolve_scope(user, options.get("scope"))
                number = None
                if options["number"]:
                    from tinhgon.reports.selectors import issuer_for

                    issuer = issuer_for(scope, today)
                    if issuer.organization is None:
                        raise Refused.one("scope", "Không xác định được cơ quan ban hành.")
                    number = services.document_number_take(
                        acting_user=user, body=issuer.organization, day=today
                    )
                doc, data = generate(
                    req,
                    scope,
                    today=today,
                    number=number,
                    signer_name=options["signer"],
                    plan_id=options.get("plan"),
                )
            except Refused as exc:
                for p in exc.problems:
                    self.stderr.write(f"{p.path}: {p.message}" if p.path else p.message)
                raise CommandError("Không lập được báo cáo.") from None
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        if not out.exists() or out.stat().st_size == 0:
            raise CommandError(f"Không ghi được tệp {out}.")
        self.stdout.write(
            f"Đã lập {doc.type_name.lower()} “{doc.summary}”: {out} ({len(data):,} byte)."
        )
