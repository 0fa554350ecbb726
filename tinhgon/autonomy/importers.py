"""Excel import of units' yearly autonomy figures through the core pipeline.

One sheet, one row per unit and year, the unit found by its code (mã định danh). Each row goes
through :func:`tinhgon.autonomy.services.figures_save` — the same service as the form and the API —
as a draft (the unit's officer then submits, the managing body approves). A row for a unit and year
that already has a draft or returned record updates it; an identical row changes nothing; a
submitted or approved record is locked. Every refusal is mapped back to its row and column.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tinhgon.autonomy import access, services
from tinhgon.autonomy.models import AutonomyFigures
from tinhgon.core import importing
from tinhgon.core.errors import Refused
from tinhgon.core.importing import Batch, Column, ParsedWorkbook, Sheet, WorkbookSpec
from tinhgon.core.importing import job as _import_job  # noqa: F401  (registers the commit job)
from tinhgon.organizations.models import Organization

SHEET = "Số liệu tự chủ"
LABEL = "số liệu tự chủ"
_BOOL = (("co", "Có"), ("khong", "Không"))


def _money(header: str, key: str, required: bool = False) -> Column:
    return Column(header, key, importing.integer(min_value=-(10**15)), required=required, width=20)


AUTONOMY_SPEC = WorkbookSpec(
    kind="autonomy_figures",
    version="1",
    title="Số liệu tự chủ tài chính hằng năm của đơn vị sự nghiệp công lập",
    instructions=(
        "Mỗi dòng là số liệu một năm của một đơn vị, theo Nghị định 60/2021/NĐ-CP (Điều 9, 10).",
        "Số tiền ghi bằng đồng, số nguyên, không có phần lẻ.",
        "A = tổng các nguồn thu được tính; B = chi thường xuyên; tổng thu theo báo cáo tài chính "
        "dùng để phát hiện khoản thu bị tính hai lần.",
        "Số liệu được ghi ở trạng thái nháp; đơn vị gửi duyệt trên trang Tự chủ tài chính.",
        "Ô bắt đầu bằng “=”, “+”, “-”, “@” giống công thức sẽ bị từ chối.",
    ),
    sheets=(
        Sheet(
            SHEET,
            (
                Column("Mã đơn vị", "code", importing.text(40), required=True, width=16),
                Column("Năm", "year", importing.integer(2000, 2100), required=True, width=8),
                _money("Thu dịch vụ sự nghiệp công", "revenue_services_vnd"),
                _money("Phí được để lại", "revenue_fees_vnd"),
                _money("Chênh lệch thu chi SXKD, liên doanh", "revenue_business_vnd"),
                _money("Thu khác được tính", "revenue_other_vnd"),
                _money("Tổng thu theo báo cáo tài chính", "total_revenue_vnd", required=True),
                _money("Chi thường xuyên (B)", "recurrent_expenditure_vnd", required=True),
                _money("Nguồn tự bảo đảm chi đầu tư", "investment_source_vnd"),
                _money("Khấu hao, hao mòn TSCĐ", "depreciation_vnd"),
                _money("NSNN hỗ trợ chi thường xuyên", "budget_support_vnd"),
                Column(
                    "Có nguồn thu sự nghiệp",
                    "has_service_revenue",
                    importing.choice(_BOOL, what="có/không"),
                    width=10,
                ),
                Column("Nhóm đề xuất", "proposed_group", importing.integer(1, 4), width=10),
                Column("Lý do đề xuất khác", "proposed_reason", importing.text(), width=30),
                Column("Ghi chú", "note", importing.text(), width=30),
            ),
        ),
    ),
)

_FIELDS = [*services.MONEY_FIELDS, "proposed_group", "proposed_reason", "note"]


def _column(path: str) -> str | None:
    name = path.rsplit(".", 1)[-1]
    if name == "organization":
        return "code"
    return name if name in {c.key for c in AUTONOMY_SPEC.sheets[0].columns} else None


def _same(obj: AutonomyFigures, data: services.FiguresInput) -> bool:
    for name in _FIELDS:
        new = getattr(data, name)
        old = getattr(obj, name)
        if (new in (None, "") and old in (None, "", 0)) or new == old:
            continue
        return False
    return obj.has_service_revenue == data.has_service_revenue


def autonomy_apply(parsed: ParsedWorkbook, batch: Batch) -> None:
    rows = parsed.rows.get(SHEET, [])
    codes = {r["code"] for r in rows if r.valid and r["code"]}
    orgs = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    for row in rows:
        batch.step()
        if not row.valid:
            continue
        org = orgs.get(row["code"])
        if org is None or not access.can_enter(batch.acting_user, org):
            batch.error(
                row,
                "code",
                _("Không có đơn vị mã “%(c)s” trong phạm vi của bạn.") % {"c": row["code"]},
            )
            continue
        values: dict[str, Any] = {k: row[k] for k in _FIELDS}
        for name in services.MONEY_FIELDS:
            if values[name] is None and name != "total_revenue_vnd":
                values[name] = 0
        data = services.FiguresInput(
            organization=org.pk,
            year=row["year"],
            has_service_revenue=row["has_service_revenue"] != "khong",
            **values,
        )
        existing = AutonomyFigures.objects.filter(organization=org, year=row["year"]).first()
        try:
            if existing is not None and _same(existing, data):
                batch.unchanged(LABEL)
                continue
            services.figures_save(
                acting_user=batch.acting_user,
                data=data,
                figures=existing,
                expected_version=existing.version if existing else None,
            )
        except Refused as exc:
            batch.refused(row, exc, _column)
            continue
        batch.created(LABEL)


AUTONOMY_IMPORT = importing.register(
    importing.ImportKind(
        spec=AUTONOMY_SPEC,
        apply=autonomy_apply,
        filename="mau-so-lieu-tu-chu-tai-chinh.xlsx",
        summary=_("Số liệu tự chủ tài chính hằng năm của các đơn vị (Nghị định 60/2021/NĐ-CP)."),
    )
)
