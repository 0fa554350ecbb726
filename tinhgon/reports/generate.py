"""One entry point for the CLI, the API job and the tests: kind + period + scope + format → bytes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tinhgon.core.errors import Refused
from tinhgon.organizations.models import Organization
from tinhgon.reports import kinds, selectors
from tinhgon.reports.document import ReportDocument
from tinhgon.reports.models import Format
from tinhgon.reports.render_docx import render_docx
from tinhgon.reports.render_pdf import render_pdf
from tinhgon.reports.render_xlsx import render_xlsx

RENDERERS: dict[str, Callable[[ReportDocument], bytes]] = {
    Format.DOCX: render_docx,
    Format.XLSX: render_xlsx,
    Format.PDF: render_pdf,
}
CONTENT_TYPES: dict[str, str] = {
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.PDF: "application/pdf",
}


@dataclass(frozen=True)
class Request:
    kind: kinds.ReportKind
    period: kinds.Period
    format: str


def check_request(kind: str, period: str, fmt: str, today: dt.date) -> Request:
    """Validate the three inputs (unknown kind, unreadable or not yet begun period, format)."""
    k = kinds.get_kind(kind)
    if fmt not in RENDERERS:
        raise Refused.one("format", f"Định dạng “{fmt}” không hỗ trợ; chọn docx, xlsx hoặc pdf.")
    return Request(k, kinds.parse_period(period, k, today), fmt)


def generate(
    req: Request,
    scope: Organization | None,
    *,
    today: dt.date,
    number: int | None = None,
    signer_name: str = "",
    plan_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ReportDocument, bytes]:
    if progress:
        progress(0, 3)
    doc = selectors.build(
        req.kind,
        req.period,
        scope,
        today=today,
        number=number,
        signer_name=signer_name,
        plan_id=plan_id,
    )
    if progress:
        progress(1, 3)
    data = render_checked(doc, req.format)
    if progress:
        progress(2, 3)
    return doc, data


_MAGIC = {Format.DOCX: b"PK", Format.XLSX: b"PK", Format.PDF: b"%PDF"}


def render_checked(doc: ReportDocument, fmt: str) -> bytes:
    """Render ``doc`` as ``fmt``; a conversion that produces no file, an empty one or one of the
    wrong type is refused with a clear message instead of handing out a broken document."""
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise Refused.one("format", f"Định dạng “{fmt}” không hỗ trợ; chọn docx, xlsx hoặc pdf.")
    data = renderer(doc)
    if not data or not data.startswith(_MAGIC[Format(fmt)]):
        raise Refused.one(
            "format",
            f"Không tạo được tệp {fmt.upper()} của báo cáo (chuyển đổi không cho ra tệp hợp lệ); "
            f"xin thử lại hoặc báo quản trị hệ thống.",
        )
    return data


def file_name(req: Request) -> str:
    return f"{req.kind.code}_{req.period.code}.{req.format}"
