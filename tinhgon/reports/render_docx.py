"""Decree 30/2020 Word layout of a :class:`ReportDocument` (DOMAIN.md §7.3).

A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman throughout.
Header table: superior body (upper case, 13 pt, not bold) and issuing body (upper case, 13 pt,
bold, a short line below) on the left; national name (upper case, 13 pt, bold) and motto (14 pt,
bold, a line below) on the right; then "Số: …" (13 pt) and the place and date (14 pt, italic).
Type name and summary bold, centred, 14 pt; headings I./1./a); body 14 pt justified, first line
indented 1.27 cm, 6 pt after; signer block and "Nơi nhận:" (12 pt bold italic, list 11 pt).
"""

from __future__ import annotations

import copy
import io
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from tinhgon.reports.document import MOTTO, NATIONAL_NAME, ReportDocument, numbered_headings

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
SIZES = {
    "superior": 13,
    "body_name": 13,
    "national_name": 13,
    "motto": 14,
    "number": 13,
    "date": 14,
    "type_name": 14,
    "summary": 14,
    "heading": 14,
    "text": 14,
    "table": 12,
    "signer": 14,
    "recipients_title": 12,
    "recipients": 11,
}


_RPR: dict[tuple[float, bool, bool], Any] = {}


def _rpr(size: float, bold: bool, italic: bool) -> Any:
    """The run properties (Times New Roman on every script, size, bold, italic) built once per
    combination and copied into each run: setting them through python-docx's properties walks
    the XML a dozen times per run, which made long tables slow."""
    key = (size, bold, italic)
    if key not in _RPR:
        rpr = OxmlElement("w:rPr")
        fonts = OxmlElement("w:rFonts")
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
        rpr.append(fonts)
        if bold:
            rpr.append(OxmlElement("w:b"))
        if italic:
            rpr.append(OxmlElement("w:i"))
        for tag in ("w:sz", "w:szCs"):
            el = OxmlElement(tag)
            el.set(qn("w:val"), str(int(size * 2)))
            rpr.append(el)
        _RPR[key] = rpr
    return _RPR[key]


def _set_font(run, size: float, *, bold: bool = False, italic: bool = False) -> None:  # type: ignore[no-untyped-def]
    old = run._r.rPr
    if old is not None:
        run._r.remove(old)
    run._r.insert(0, copy.deepcopy(_rpr(size, bold, italic)))


def _para(
    container,  # type: ignore[no-untyped-def]
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: int | None = WD_ALIGN_PARAGRAPH.CENTER,
    after: float = 0,
    first_line: float | None = None,
    first: bool = False,
) -> Paragraph:
    p = container.paragraphs[0] if first else container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(after)
    if first_line is not None:
        p.paragraph_format.first_line_indent = Cm(first_line)
    if text:
        _set_font(p.add_run(text), size, bold=bold, italic=italic)
    return p


def _rule(cell: _Cell, indent_cm: float) -> Paragraph:
    """A solid line (the paragraph's bottom border) centred in ``cell``, ``indent_cm`` each side."""
    p = cell.add_paragraph()
    p.paragraph_format.left_indent = Cm(indent_cm)
    p.paragraph_format.right_indent = Cm(indent_cm)
    p.paragraph_format.space_after = Pt(0)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    # The empty paragraph is kept 2 pt high so the line sits right under the text.
    _set_font(p.add_run(""), 2)
    p.paragraph_format.line_spacing = Pt(2)
    return p


def _no_borders(table) -> None:  # type: ignore[no-untyped-def]
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table, widths_cm: list[float]) -> None:  # type: ignore[no-untyped-def]
    table.autofit = False
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(w)


def render_docx(doc: ReportDocument) -> bytes:
    d = Document()
    normal = d.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZES["text"])
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = d.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]

    # Header: issuing body | national name and motto; number | place and date.
    header = d.add_table(rows=2, cols=2)
    _no_borders(header)
    _widths(header, [6.5, 10.0])
    left, right = header.cell(0, 0), header.cell(0, 1)
    first = True
    if doc.superior_body:
        _para(left, "\n".join(doc.superior_body_lines), SIZES["superior"], first=True)
        first = False
    _para(left, "\n".join(doc.issuing_body_lines), SIZES["body_name"], bold=True, first=first)
    _rule(left, 2.0)  # about 1/3 of the body name's width
    _para(right, NATIONAL_NAME, SIZES["national_name"], bold=True, first=True)
    _para(right, MOTTO, SIZES["motto"], bold=True)
    _rule(right, 2.2)  # as long as the motto
    _para(header.cell(1, 0), doc.number_line, SIZES["number"], first=True)
    _para(header.cell(1, 1), doc.date_line, SIZES["date"], italic=True, first=True)

    _para(d, "", SIZES["text"])
    _para(d, doc.type_name, SIZES["type_name"], bold=True)
    _para(d, doc.summary, SIZES["summary"], bold=True)
    rule_host = d.add_table(rows=1, cols=1)
    _no_borders(rule_host)
    rule_host.alignment = WD_TABLE_ALIGNMENT.CENTER
    _rule(rule_host.cell(0, 0), 6.0)
    _para(d, "", SIZES["text"])

    for heading, s in zip(numbered_headings(doc.sections), doc.sections, strict=True):
        _para(
            d,
            heading,
            SIZES["heading"],
            bold=True,
            italic=s.level >= 3,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            after=6,
            first_line=1.27,
        )
        for text in s.paragraphs:
            _para(
                d, text, SIZES["text"], align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, first_line=1.27
            )
        for text in s.bullets:
            _para(
                d, f"- {text}", SIZES["text"], align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6,
                first_line=1.27,
            )  # fmt: skip
        for t in s.tables:
            _para(d, t.title, SIZES["table"], bold=True, after=3)
            _table(d, t)
            _para(d, "", SIZES["table"], after=3)
        for img in s.images:
            p = _para(d, "", SIZES["text"])
            p.add_run().add_picture(io.BytesIO(img.png), width=Cm(img.width_cm))
            _para(d, img.title, SIZES["table"], italic=True, after=6)

    # Recipients | signer.
    _para(d, "", SIZES["text"])
    foot = d.add_table(rows=1, cols=2)
    _no_borders(foot)
    _widths(foot, [8.0, 8.5])
    rec, sig = foot.cell(0, 0), foot.cell(0, 1)
    _para(
        rec, "Nơi nhận:", SIZES["recipients_title"], bold=True, italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT, first=True,
    )  # fmt: skip
    for r in doc.recipients:
        _para(rec, f"- {r};", SIZES["recipients"], align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(rec, doc.archive_line, SIZES["recipients"], align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for line in (doc.signer.authority, doc.signer.on_behalf_of, doc.signer.position):
        if line:
            _para(sig, line.upper(), SIZES["signer"], bold=True, first=first)
            first = False
    for _ in range(3):
        _para(sig, "", SIZES["signer"])
    _para(sig, doc.signer.name, SIZES["signer"], bold=True)

    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _table(d, t) -> None:  # type: ignore[no-untyped-def]
    """The table row by row: ``table.cell(i, j)`` walks the whole grid on every call (quadratic
    in python-docx), so each row's cells are taken once from the row just added."""
    totals = t.column_totals() if t.totals else None
    table = d.add_table(rows=1, cols=len(t.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, h in zip(table.rows[0].cells, t.headers, strict=True):
        _para(cell, h, SIZES["table"], bold=True, first=True)
    for row in t.rows:
        for cell, v in zip(table.add_row().cells, row, strict=False):
            numeric = isinstance(v, int)
            _para(
                cell,
                _vn_int(v) if numeric else str(v),
                SIZES["table"],
                align=WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT,
                first=True,
            )
    if totals:
        cells = table.add_row().cells
        _para(cells[0], t.total_label, SIZES["table"], bold=True, first=True)
        for cell, v in zip(cells[1:], totals[1:], strict=True):
            _para(
                cell,
                _vn_int(v) if v is not None else "",
                SIZES["table"],
                bold=True,
                align=WD_ALIGN_PARAGRAPH.RIGHT,
                first=True,
            )


def _vn_int(v: int) -> str:
    """1.234 (Vietnamese thousands separator)."""
    return f"{v:,}".replace(",", ".")
