"""The downloadable template of a :class:`WorkbookSpec`, written with openpyxl.

Every text this module (or any other xlsx writer of the project, through :func:`put`) writes is a
string cell: openpyxl would otherwise store text starting with “=” as a formula, which a
spreadsheet runs when the file is opened (CSV/formula injection).
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from tinhgon.core.importing.spec import (
    INSTRUCTIONS_SHEET,
    META_SHEET,
    WorkbookSpec,
    column_letter,
)

_HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write ``value`` into a cell; text is always a string cell, never a formula."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


_MAX_ROWS = 5000  # rows covered by the drop-down lists


def template_bytes(spec: WorkbookSpec) -> bytes:
    """An empty workbook: one sheet per spec sheet, an instructions sheet and the hidden marker."""
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = INSTRUCTIONS_SHEET
    put(guide, 1, 1, spec.title).font = Font(bold=True, size=14)
    line = 3
    for text in spec.instructions:
        put(guide, line, 1, text)
        line += 1
    line += 1
    guide.cell(row=line, column=1, value=_("Trang tính")).font = Font(bold=True)
    guide.cell(row=line, column=2, value=_("Cột")).font = Font(bold=True)
    guide.cell(row=line, column=3, value=_("Bắt buộc")).font = Font(bold=True)
    guide.cell(row=line, column=4, value=_("Cách ghi")).font = Font(bold=True)
    for sheet in spec.sheets:
        if sheet.note:
            line += 1
            put(guide, line, 1, sheet.name).font = Font(bold=True)
            put(guide, line, 4, sheet.note)
        for col in sheet.columns:
            line += 1
            put(guide, line, 1, sheet.name)
            put(guide, line, 2, col.header)
            guide.cell(row=line, column=3, value=_("có") if col.required else "")
            hint = col.parser.hint + (f". {col.note}" if col.note else "")
            put(guide, line, 4, hint).alignment = Alignment(wrap_text=True)
    for letter, width in zip("ABCD", (18, 26, 10, 90), strict=True):
        guide.column_dimensions[letter].width = width

    for sheet in spec.sheets:
        ws = wb.create_sheet(sheet.name)
        for i, col in enumerate(sheet.columns):
            letter = column_letter(i)
            cell = put(ws, 1, i + 1, col.header)
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            hint = col.parser.hint + (f". {col.note}" if col.note else "")
            if hint:
                cell.comment = Comment(hint, "TinhGon")
            ws.column_dimensions[letter].width = col.width
            if col.parser.choices and len(",".join(col.parser.choices)) < 250:
                dv = DataValidation(
                    type="list",
                    formula1='"' + ",".join(col.parser.choices) + '"',
                    allow_blank=not col.required,
                    showErrorMessage=False,
                )
                dv.add(f"{letter}2:{letter}{_MAX_ROWS}")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"

    meta = wb.create_sheet(META_SHEET)
    put(meta, 1, 1, spec.kind)
    put(meta, 2, 1, spec.version)
    meta.sheet_state = "hidden"
    wb.active = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
