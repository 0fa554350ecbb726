import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhgon.rules.plan_text import parse_plan_text, to_data


def _deadline_label(d: dict[str, Any]) -> str:
    if d["kind"] == "date":
        return f"hạn {d['due']}"
    if d["kind"] == "recurring":
        return "thường xuyên/định kỳ"
    if d["kind"] == "per_project":
        return "theo tiến độ từng đề án"
    if d["kind"] == "conditional":
        return f"khi: {d['condition']}"
    return ""


class Command(BaseCommand):
    help = (
        "Đọc văn bản kế hoạch (tệp văn bản UTF-8) và in cây nhiệm vụ, thời hạn, sản phẩm, cơ quan; "
        "--json: in JSON ra stdout. Không dùng cơ sở dữ liệu."
    )
    requires_system_checks: list[str] = []  # type: ignore[assignment]
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp văn bản (UTF-8), hoặc - để đọc stdin.")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["file"]
        try:
            if source == "-":
                text = sys.stdin.read()
            else:
                with open(source, encoding="utf-8-sig") as fh:
                    text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp “{source}”: {exc}") from exc
        data = to_data(parse_plan_text(text))
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        doc = data["document"]
        self.stdout.write(
            f"{doc['kind'] or 'Văn bản'} số {doc['number'] or '?'} ngày {doc['date'] or '?'} "
            f"— {doc['issuer'] or '?'} (người ký: {doc['signer'] or '?'})"
        )
        if doc["title"]:
            self.stdout.write(doc["title"])
        if data["references"]:
            self.stdout.write("Văn bản được dẫn chiếu:")
            for ref in data["references"]:
                self.stdout.write(
                    f"  - {ref['kind'] or ''} {ref['number']} {ref['date'] or ''}".rstrip()
                )
        self.stdout.write("Nhiệm vụ:")
        self._tree(data["tasks"], 1)
        for warning in data["warnings"]:
            self.stderr.write(f"Cảnh báo: {warning}")

    def _tree(self, tasks: list[dict[str, Any]], depth: int) -> None:
        pad = "  " * depth
        for task in tasks:
            first = task["text"].split("\n", 1)[0]
            if len(first) > 90:
                first = first[:89] + "…"
            when = "; ".join(filter(None, (_deadline_label(d) for d in task["deadlines"])))
            self.stdout.write(f"{pad}{task['ref']}  {first}" + (f"  [{when}]" if when else ""))
            for agency in task["agencies"]:
                self.stdout.write(f"{pad}    cơ quan ({agency['role']}): {agency['text']}")
            for product in task["products"]:
                pwhen = "; ".join(filter(None, (_deadline_label(d) for d in product["deadlines"])))
                self.stdout.write(
                    f"{pad}    sản phẩm: {product['name']}" + (f"  [{pwhen}]" if pwhen else "")
                )
            self._tree(task["children"], depth + 1)
