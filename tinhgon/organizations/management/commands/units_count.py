"""``tinhgon units_count --as-of 2021-12-31 --by sector [--json] [--user USERNAME]``.

With ``--json`` it prints exactly what ``/api/v1/stats/units/`` answers (same keys, same order,
compact UTF-8 JSON as the API renders it); without, a table in Vietnamese.
"""

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tinhgon.accounts.models import User
from tinhgon.organizations import access, selectors

_BY_LABEL = {"sector": "lĩnh vực", "kind": "loại hình", "managing_body": "cơ quan quản lý"}


class Command(BaseCommand):
    help = (
        "Đếm đơn vị sự nghiệp công lập tại một ngày, theo lĩnh vực, loại hình hoặc cơ quan quản lý."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", dest="as_of", help="Ngày (YYYY-MM-DD), mặc định hôm nay.")
        parser.add_argument(
            "--by", dest="by", default="sector", help="sector, kind hoặc managing_body."
        )
        parser.add_argument("--json", action="store_true", help="In JSON như API.")
        parser.add_argument("--user", dest="user", help="Chỉ đếm trong phạm vi của người dùng này.")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = options["as_of"]
        try:
            as_of = dt.date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            raise CommandError(f"Ngày “{raw}” không đúng định dạng YYYY-MM-DD.") from None
        by = options["by"]
        if by not in selectors.GROUP_BY:
            raise CommandError("--by phải là sector, kind hoặc managing_body.")
        scope = None
        if options["user"]:
            try:
                user = User.objects.get(username=options["user"])
            except User.DoesNotExist:
                raise CommandError(f"Không có người dùng “{options['user']}”.") from None
            scope = access.scope_ids(user, as_of)
        data = selectors.unit_counts(as_of, by, scope=scope)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            return
        self.stdout.write(f"Đơn vị sự nghiệp công lập ngày {as_of:%d/%m/%Y}, theo {_BY_LABEL[by]}:")
        width = max([len(g["label"]) for g in data["groups"]] + [len("Tổng cộng")])
        for g in data["groups"]:
            self.stdout.write(f"  {g['label']:<{width}}  {g['count']:>6}")
        self.stdout.write(f"  {'Tổng cộng':<{width}}  {data['total']:>6}")
