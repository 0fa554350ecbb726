"""The period list as xlsx, in the layout sent upward: one row per case (name, birth date, title,
ground, policy, each amount, total), a subtotal row per category and a grand total, the totals as
SUM formulas, money in the Vietnamese number format ``#,##0``, the header frozen. Every text cell
goes through :func:`tinhgon.core.importing.put` (never a formula from user text)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tinhgon.core.importing import put
from tinhgon.streamlining.selectors import PeriodSummary

MONEY = "#,##0"
_HEAD = PatternFill("solid", fgColor="DDEBF7")
_SUB = PatternFill("solid", fgColor="F2F2F2")
FIXED = ["STT", "Họ và tên", "Ngày sinh", "Chức danh, chức vụ", "Đơn vị", "Căn cứ, đối tượng",
         "Chính sách", "Nghị định áp dụng"]  # fmt: skip


def period_xlsx(summary: PeriodSummary) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Danh sách"
    columns = list(summary.columns.items())
    headers = FIXED + [label for _c, label in columns] + ["Tổng cộng (đồng)", "Trạng thái"]
    put(ws, 1, 1, f"DANH SÁCH ĐỐI TƯỢNG NGHỈ VIỆC VÀ KINH PHÍ – {summary.period.name}").font = Font(
        bold=True, size=13
    )
    head_row = 3
    for i, text in enumerate(headers, start=1):
        cell = put(ws, head_row, i, text)
        cell.font = Font(bold=True)
        cell.fill = _HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = f"C{head_row + 1}"
    first_money = len(FIXED) + 1
    total_col = first_money + len(columns)
    row = head_row + 1
    number = 0
    subtotal_rows: list[int] = []
    for block in summary.blocks:
        put(ws, row, 1, block.label).font = Font(bold=True)
        row += 1
        start = row
        for r in block.rows:
            number += 1
            ws.cell(row=row, column=1, value=number)
            for col, text in enumerate(
                [r.full_name, r.birth_display, r.title, r.unit, r.ground, r.policy, r.decree],
                start=2,
            ):
                put(ws, row, col, text)
            for j, (code, _label) in enumerate(columns):
                cell = ws.cell(row=row, column=first_money + j, value=r.amounts.get(code, 0))
                cell.number_format = MONEY
            left = get_column_letter(first_money)
            right = get_column_letter(total_col - 1)
            cell = ws.cell(row=row, column=total_col, value=f"=SUM({left}{row}:{right}{row})")
            cell.number_format = MONEY
            put(ws, row, total_col + 1, r.status)
            row += 1
        put(ws, row, 2, f"Cộng: {block.label}").font = Font(bold=True)
        for col in range(first_money, total_col + 1):
            letter = get_column_letter(col)
            cell = ws.cell(row=row, column=col, value=f"=SUM({letter}{start}:{letter}{row - 1})")
            cell.number_format = MONEY
            cell.font = Font(bold=True)
            cell.fill = _SUB
        subtotal_rows.append(row)
        row += 1
    put(ws, row, 2, "TỔNG CỘNG").font = Font(bold=True)
    for col in range(first_money, total_col + 1):
        letter = get_column_letter(col)
        refs = ",".join(f"{letter}{r}" for r in subtotal_rows)
        cell = ws.cell(row=row, column=col, value=f"=SUM({refs})" if refs else 0)
        cell.number_format = MONEY
        cell.font = Font(bold=True)
    widths = [6, 26, 12, 24, 30, 48, 18, 26] + [18] * (len(columns) + 1) + [16]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    budget = wb.create_sheet("Nguồn kinh phí")
    for i, text in enumerate(
        ["Nguồn kinh phí", "Đã phê duyệt, đã chi trả (đồng)", "Chờ phê duyệt (đồng)", "Số người"],
        start=1,
    ):
        put(budget, 1, i, text).font = Font(bold=True)
    for n, line in enumerate(summary.budget, start=2):
        put(budget, n, 1, line.label)
        budget.cell(row=n, column=2, value=line.decided_vnd).number_format = MONEY
        budget.cell(row=n, column=3, value=line.pending_vnd).number_format = MONEY
        budget.cell(row=n, column=4, value=line.count)
    budget.freeze_panes = "A2"
    for letter, width in zip("ABCD", (44, 30, 24, 10), strict=True):
        budget.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
