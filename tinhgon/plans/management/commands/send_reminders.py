"""``tinhgon send_reminders``: the daily reminder digests (schedule it once a day, e.g. by cron)."""

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tinhgon.core.context import acting_from
from tinhgon.plans import reminders


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc việc: mỗi cơ quan một thư mỗi ngày làm việc, liệt kê nhiệm vụ sắp đến hạn "
        "và quá hạn. Chạy lại trong ngày không gửi trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Ngày gửi (YYYY-MM-DD; mặc định hôm nay).")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate()
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"Ngày “{options['date']}” không hợp lệ (YYYY-MM-DD).") from exc
        with acting_from("cli"):
            sent = reminders.send(day)
        if options["json"]:
            data = [
                {
                    "organization_id": d.organization_id,
                    "name": d.name,
                    "recipients": d.recipients,
                    "overdue": len(d.overdue),
                    "soon": len(d.soon),
                }
                for d in sent
            ]
            self.stdout.write(
                json.dumps({"date": day.isoformat(), "sent": data}, ensure_ascii=False)
            )
            return
        self.stdout.write(f"Ngày {day:%d/%m/%Y}: đã gửi {len(sent)} thư nhắc việc.")
