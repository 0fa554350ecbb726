import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tinhgon.indicators import selectors
from tinhgon.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Các chỉ tiêu tại một ngày: tinhgon indicators --as-of 2025-12-31 [--scope MÃ_SỐ] [--json]."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", dest="as_of", help="Ngày (YYYY-MM-DD), mặc định hôm nay.")
        parser.add_argument(
            "--scope", dest="scope", type=int, help="Mã số cơ quan, đơn vị (mặc định: toàn bộ)."
        )
        parser.add_argument(
            "--json", action="store_true", help="In JSON giống GET /api/v1/indicators/."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw = options["as_of"]
        try:
            as_of = dt.date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            raise CommandError(f"Ngày “{raw}” không đúng định dạng YYYY-MM-DD.") from None
        scope = None
        if options["scope"] is not None:
            scope = Organization.objects.filter(pk=options["scope"]).first()
            if scope is None:
                raise CommandError(f"Không có cơ quan, đơn vị mã số {options['scope']}.")
        data = selectors.indicator_payload(as_of, scope)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            return
        self.stdout.write(f"Chỉ tiêu ngày {as_of:%d/%m/%Y}:")
        for item in data["indicators"]:
            change = f" ({item['change_percent']:+}%)" if item["change_percent"] is not None else ""
            target = item["target"]
            status = f" — {target['code']}: {target['status_label']}" if target else ""
            self.stdout.write(f"  {item['label']}: {item['value']} {item['unit']}{change}{status}")
