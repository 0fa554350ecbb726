"""The audit trail as xlsx, and the audit row of that export (the trail records its own readers)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from openpyxl import Workbook

from tinhgon.core import audit
from tinhgon.core.models import AuditEntry

HEADERS = (
    "Thời điểm",
    "Người thực hiện",
    "Nguồn",
    "Thao tác",
    "Loại đối tượng",
    "Mã đối tượng",
    "Đối tượng",
    "Trước",
    "Sau",
    "Lý do",
    "Mã yêu cầu",
)


def _cell(value: Any) -> Any:
    text = "" if value is None else str(value)
    # Text that a spreadsheet would run as a formula is written as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def audit_xlsx(entries: Iterable[AuditEntry]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Nhật ký thay đổi")
    ws.append(list(HEADERS))
    for e in entries:
        ws.append(
            [
                timezone.localtime(e.at).replace(tzinfo=None),
                _cell(e.actor_label),
                _cell(e.source),
                _cell(e.action),
                _cell(e.object_type),
                _cell(e.object_id),
                _cell(e.object_repr),
                _cell(e.before),
                _cell(e.after),
                _cell(e.reason),
                _cell(e.request_id),
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def audit_export_record(*, acting_user: Any, filters: dict[str, str], rows: int) -> AuditEntry:
    """The export is itself audited: who exported, with which filters, how many rows."""
    return audit.record(
        actor=acting_user,
        action="audit_export",
        obj=acting_user,
        before=None,
        after={"what": "audit_xlsx", "filters": filters, "rows": rows},
        reason="Xuất nhật ký thay đổi",
    )
