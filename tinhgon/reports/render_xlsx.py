"""The tables of a :class:`ReportDocument` as a workbook: a cover sheet with the document's
identity, then one sheet per table with a frozen header, ``#,##0`` numbers and totals as ``SUM``
formulas. All text goes through ``core.importing.put`` (text that looks like a formula stays text).
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from tinhgon.core.importing.template import put
from tinhgon.reports.document import MOTTO, NATIONAL_NAME, ReportDocument, Table

NUMBER_FORMAT = "#,##0"
HEADER_ROW = 3  # row 1: the table's title; row 3: the column headers; data from row 4
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Times New Roman"


def sheet_title(text: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:28] or "Bảng"
    title, n = base, 2
    while title in taken:
        title, n = f"{base[:25]} ({n})", n + 1
    taken.add(title)
    return title


def render_xlsx(doc: ReportDocument) -> bytes:
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "Thông tin"
    lines = [
        doc.superior_body.upper(),
        doc.issuing_body.upper(),
        NATIONAL_NAME,
        MOTTO,
        doc.number_line,
        doc.date_line,
        doc.type_name,
        doc.summary,
    ]
    for i, text in enumerate(lines, start=1):
        put(cover, i, 1, text).font = Font(name=_FONT, bold=i in (2, 3, 4, 7, 8), size=13)
    cover.column_dimensions["A"].width = 90
    taken = {cover.title}
    for s in doc.sections:
        for t in s.tables:
            _sheet(wb, t, sheet_title(t.title, taken))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet(wb: Workbook, t: Table, title: str) -> None:
    ws = wb.create_sheet(title)
    put(ws, 1, 1, t.title).font = Font(name=_FONT, bold=True, size=13)
    for j, h in enumerate(t.headers, start=1):
        cell = put(ws, HEADER_ROW, j, h)
        cell.font = Font(name=_FONT, bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = _BOX
        ws.column_dimensions[get_column_letter(j)].width = 45 if j == 1 else 16
    first = HEADER_ROW + 1
    for i, row in enumerate(t.rows, start=first):
        for j, v in enumerate(row, start=1):
            cell = put(ws, i, j, v)
            cell.font = Font(name=_FONT)
            cell.border = _BOX
            if isinstance(v, int):
                cell.number_format = NUMBER_FORMAT
    if t.totals and t.rows:
        last = first + len(t.rows) - 1
        total_row = last + 1
        put(ws, total_row, 1, t.total_label).font = Font(name=_FONT, bold=True)
        ws.cell(total_row, 1).border = _BOX
        for j, total in enumerate(t.column_totals(), start=1):
            if j == 1 or total is None:
                continue
            col = get_column_letter(j)
            cell = ws.cell(total_row, j, f"=SUM({col}{first}:{col}{last})")
            cell.number_format = NUMBER_FORMAT
            cell.font = Font(name=_FONT, bold=True)
            cell.border = _BOX
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 2)
