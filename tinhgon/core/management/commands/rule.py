import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhgon.core.rules_api import with_local_today
from tinhgon.rules import catalogue
from tinhgon.rules.base import RuleInputError


class Command(BaseCommand):
    help = "Chạy một quy tắc pháp lý: tinhgon rule NAME --input FILE.json (hoặc - để đọc stdin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", nargs="?", help="Tên quy tắc; bỏ trống để liệt kê.")
        parser.add_argument("--input", dest="input", help="Tệp JSON dữ liệu vào, hoặc - (stdin).")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"]
        if not name:
            self.stdout.write(json.dumps(catalogue.describe(), ensure_ascii=False, indent=2))
            return
        if name not in catalogue.RULES:
            raise CommandError(
                f"Không có quy tắc “{name}”. Có: {', '.join(sorted(catalogue.RULES))}"
            )
        source = options["input"]
        if not source:
            raise CommandError("Thiếu --input FILE.json (hoặc - để đọc stdin).")
        try:
            raw = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()  # noqa: SIM115
            payload = json.loads(raw)
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Không đọc được dữ liệu vào JSON: {exc}") from exc
        try:
            result = catalogue.run(name, with_local_today(name, payload))
        except RuleInputError as exc:
            errors = [{"path": p.path, "message": p.message} for p in exc.problems]
            raise CommandError(json.dumps({"errors": errors}, ensure_ascii=False)) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
