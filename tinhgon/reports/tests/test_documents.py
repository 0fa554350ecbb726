"""Decree 30/2020 elements of the generated docx, xlsx and pdf; the yearly number counter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from docx.shared import Pt

from tinhgon.core.models import AuditEntry
from tinhgon.organizations import selectors as org_selectors
from tinhgon.reports import kinds, selectors
from tinhgon.reports.document import MOTTO, NATIONAL_NAME, place_date
from tinhgon.reports.generate import RENDERERS, check_request, generate
from tinhgon.reports.render_docx import FONT
from tinhgon.reports.services import document_number_take
from tinhgon.reports.tests.conftest import (
    all_paragraphs,
    open_docx,
    open_xlsx,
    paragraph,
    pdf_fonts,
    pdf_text,
    sheet_totals_ok,
)

TODAY = dt.date(2026, 11, 26)


def test_place_date_leading_zeros() -> None:
    assert place_date("Hà Tĩnh", dt.date(2024, 2, 2)) == "Hà Tĩnh, ngày 02 tháng 02 năm 2024"
    assert place_date("Hà Tĩnh", dt.date(2025, 1, 15)) == "Hà Tĩnh, ngày 15 tháng 01 năm 2025"
    assert place_date("Hà Tĩnh", dt.date(2025, 3, 5)) == "Hà Tĩnh, ngày 05 tháng 3 năm 2025"
    assert place_date("Hà Tĩnh", dt.date(2025, 11, 26)) == "Hà Tĩnh, ngày 26 tháng 11 năm 2025"


def test_counter_per_body_restarts_each_year(registry: Any, people: Any) -> None:
    take = document_number_take
    p, h = registry.province, registry.health
    assert take(acting_user=people.supervisor, body=p, day=dt.date(2025, 12, 30)) == 1
    assert take(acting_user=people.supervisor, body=p, day=dt.date(2025, 12, 31)) == 2
    assert take(acting_user=people.supervisor, body=h, day=dt.date(2025, 12, 31)) == 1
    assert take(acting_user=people.supervisor, body=p, day=dt.date(2026, 1, 1)) == 1
    assert take(acting_user=people.supervisor, body=p, day=dt.date(2026, 1, 2)) == 2
    rows = AuditEntry.objects.filter(action="document_number_take")
    assert rows.count() == 5
    assert rows.order_by("pk").last().after["last_number"] == 2


def _doc(registry: Any, people: Any, number: int | None = 1, kind: str = "dvsncl_annual") -> Any:
    req = check_request(kind, "2025", "docx", TODAY)
    return selectors.build(
        req.kind, req.period, None, today=TODAY, number=number, signer_name="Võ Trọng Hải"
    )


def test_docx_decree30_elements(registry: Any, people: Any) -> None:
    n = document_number_take(acting_user=people.supervisor, body=registry.province, day=TODAY)
    data = RENDERERS["docx"](_doc(registry, people, number=n))
    d = open_docx(data)
    sec = d.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.page_height.mm) == 297  # A4 portrait
    assert 20 <= round(sec.top_margin.mm, 1) <= 25 and 20 <= round(sec.bottom_margin.mm, 1) <= 25
    assert 30 <= round(sec.left_margin.mm, 1) <= 35 and 15 <= round(sec.right_margin.mm, 1) <= 20

    def runs(text: str) -> list[Any]:
        return paragraph(d, text).runs

    national = runs(NATIONAL_NAME)
    assert all(r.bold and r.font.size in (Pt(12), Pt(13)) for r in national)
    motto = runs(MOTTO)
    assert all(r.bold and r.font.size in (Pt(13), Pt(14)) for r in motto)
    body = runs("ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH")
    assert all(r.bold and r.font.size in (Pt(12), Pt(13)) for r in body)
    # The short line under the body name: a bottom-bordered paragraph right after it in its cell.
    cell = d.tables[0].cell(0, 0)
    texts = [p.text for p in cell.paragraphs]
    i = texts.index("ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH")
    assert "w:bottom" in cell.paragraphs[i + 1]._p.xml and cell.paragraphs[i + 1].text == ""
    assert "w:bottom" in d.tables[0].cell(0, 1).paragraphs[2]._p.xml  # line under the motto
    number = runs("Số: 01/BC-UBND")
    assert all(r.font.size == Pt(13) and not r.bold for r in number)
    date = runs("Hà Tĩnh, ngày 26 tháng 11 năm 2026")
    assert all(r.italic and r.font.size in (Pt(13), Pt(14)) for r in date)
    title = runs("BÁO CÁO")
    assert all(r.bold and r.font.size in (Pt(13), Pt(14)) for r in title)
    assert (
        paragraph(
            d,
            kinds.KINDS["dvsncl_annual"].summary(
                kinds.parse_period("2025", kinds.KINDS["dvsncl_annual"], TODAY)
            ),
        )
        .runs[0]
        .bold
    )
    headings = [p.text for p in d.paragraphs if p.text[:3] in ("I. ", "II.", "III", "IV.")]
    assert headings[:2] == ["I. Số lượng đơn vị sự nghiệp công lập", "II. Biến động trong năm"]
    # Signer block.
    for line in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Võ Trọng Hải"):
        assert all(r.bold and r.font.size == Pt(14) for r in runs(line))
    # Recipients, ending with "Lưu: VT, …".
    rec = d.tables[-1].cell(0, 0).paragraphs
    assert rec[0].text == "Nơi nhận:" and rec[0].runs[0].bold and rec[0].runs[0].italic
    assert rec[0].runs[0].font.size == Pt(12)
    assert rec[1].text == "- Bộ Nội vụ;" and rec[1].runs[0].font.size == Pt(11)
    assert rec[-1].text == "- Lưu: VT, NC2."
    # Times New Roman on every run with text, named for every script.
    for p in all_paragraphs(d):
        for r in p.runs:
            if r.text:
                assert r.font.name == FONT, r.text
                assert (
                    r._element.rPr.rFonts.get(
                        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
                    )
                    == FONT
                )


def test_draft_has_blank_number(registry: Any, people: Any) -> None:
    d = open_docx(RENDERERS["docx"](_doc(registry, people, number=None)))
    assert any(
        p.text.startswith("Số: ") and p.text.endswith("/BC-UBND") and "01" not in p.text
        for p in all_paragraphs(d)
    )


def test_number_restarts_in_document(registry: Any, people: Any) -> None:
    take = document_number_take
    for _ in range(11):
        take(acting_user=None, body=registry.province, day=dt.date(2025, 12, 31))
    late = take(acting_user=None, body=registry.province, day=dt.date(2025, 12, 31))
    first = take(acting_user=None, body=registry.province, day=dt.date(2026, 1, 1))
    assert _doc(registry, people, late).number_line == "Số: 12/BC-UBND"
    assert _doc(registry, people, first).number_line == "Số: 01/BC-UBND"


def test_department_issuer_has_superior(registry: Any, people: Any) -> None:
    req = check_request("dvsncl_annual", "2025", "docx", TODAY)
    doc = selectors.build(req.kind, req.period, registry.health, today=TODAY, number=3)
    assert doc.issuing_body == "Sở Y tế" and doc.issuer_code == "SYT"
    assert doc.superior_body == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    assert doc.number_line == "Số: 03/BC-SYT"
    d = open_docx(RENDERERS["docx"](doc))
    superior = paragraph(d, "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH").runs[0]
    assert not superior.bold and superior.font.size == Pt(13)
    assert paragraph(d, "SỞ Y TẾ").runs[0].bold


def _independent_counts(registry: Any) -> dict[str, int]:
    """By hand from the fixture's registry (tinhgon/conftest.py), not through any selector."""
    education = [*registry.education_units, registry.school_hxh, registry.preschool]
    education += [registry.primary, registry.primary2]
    return {"Y tế": len(registry.health_units), "Giáo dục và đào tạo": len(education)}


def test_dvsncl_numbers_equal_unit_counts_and_by_hand(registry: Any, people: Any) -> None:
    doc = _doc(registry, people)
    level_table, group_table = doc.sections[0].tables
    by_sector = {row[0]: row[-1] for row in level_table.rows}
    counts = org_selectors.unit_counts(dt.date(2025, 12, 31), "sector")
    assert {g["label"]: g["count"] for g in counts["groups"]} == by_sector
    assert by_sector == _independent_counts(registry) == {"Y tế": 3, "Giáo dục và đào tạo": 7}
    assert sum(by_sector.values()) == counts["total"] == 10
    assert level_table.column_totals()[-1] == group_table.column_totals()[-1] == 10
    assert [row[-1] for row in group_table.rows] == [row[-1] for row in level_table.rows]
    # Scoped to the health department: its three units.
    req = check_request("dvsncl_annual", "2025", "docx", TODAY)
    health = selectors.build(req.kind, req.period, registry.health, today=TODAY)
    assert sum(r[-1] for r in health.sections[0].tables[0].rows) == 3


def test_dvsncl_changes_in_year(registry: Any, people: Any) -> None:
    from tinhgon.conftest import new_unit, record

    record(
        "merge",
        dt.date(2025, 8, 1),
        preds=[registry.preschool, registry.primary],
        succs=[new_unit("Trường Liên cấp Tùng Ảnh", registry.commune)],
    )
    doc = _doc(registry, people)
    changes = doc.sections[1]
    assert changes.tables[0].rows == [["Hợp nhất", 1]]
    assert "01/08/2025" in changes.bullets[0] and "Trường Mầm non Tùng Ảnh" in changes.bullets[0]
    assert sum(r[-1] for r in doc.sections[0].tables[0].rows) == 9
    assert org_selectors.unit_counts(dt.date(2025, 12, 31))["total"] == 9


def test_xlsx_headers_frozen_and_totals(registry: Any, people: Any) -> None:
    data = RENDERERS["xlsx"](_doc(registry, people))
    wb = open_xlsx(data)
    assert wb.sheetnames[0] == "Thông tin"
    cover = wb["Thông tin"]
    assert cover["C1"].value is None and cover["A5"].value == "Số: 01/BC-UBND"
    ws = wb.worksheets[1]
    assert [c.value for c in ws[3]][:2] == ["Lĩnh vực", "Cấp tỉnh"]
    assert ws.freeze_panes == "B4"
    totals = sheet_totals_ok(ws)
    assert totals, "totals are SUM formulas"
    last = ws.max_row
    assert ws.cell(last, 1).value == "Tổng cộng"
    assert ws.cell(last, ws.max_column).value.startswith("=SUM(")
    assert (
        sum(t[1] for t in totals if t[0].startswith(ws.cell(last, ws.max_column).column_letter))
        == 10
    )
    assert ws.cell(4, 2).number_format == "#,##0"


def test_xlsx_formula_like_text_is_text(registry: Any, people: Any) -> None:
    from tinhgon.reports.document import Section, Table

    doc = _doc(registry, people)
    doc.sections.append(Section("x", tables=[Table("t", ["a", "b"], [["=1+1", 1]])]))
    ws = open_xlsx(RENDERERS["xlsx"](doc)).worksheets[-1]
    assert ws["A4"].value == "=1+1" and ws["A4"].data_type == "s"


def test_pdf_vietnamese_text_and_embedded_fonts(registry: Any, people: Any, tmp_path: Path) -> None:
    data = RENDERERS["pdf"](_doc(registry, people))
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    text = pdf_text(path)
    for s in (NATIONAL_NAME, MOTTO, "Số: 01/BC-UBND", "Hà Tĩnh, ngày 26 tháng 11 năm 2026",
              "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "Nơi nhận:", "- Lưu: VT, NC2.", "Giáo dục và đào tạo"):  # fmt: skip
        assert s in text, s
    fonts = pdf_fonts(path)
    # Columns: name, type, encoding, emb, sub, uni, object, id: "emb" is 5th from the right.
    assert fonts and all(f[-5] == "yes" for f in fonts), fonts
    assert all("Liberation-Serif" in f[0] for f in fonts), fonts  # Times New Roman's metric twin


def test_every_kind_has_a_builder_and_recipients() -> None:
    """A kind without a builder (its "template") would fail only when asked for: caught here."""
    assert set(kinds.KINDS) == set(selectors.BUILDERS) == set(selectors.RECIPIENTS)
    assert len(kinds.KINDS) == 8


@pytest.mark.parametrize("kind", sorted(kinds.KINDS))
def test_every_kind_renders_decree30_docx_xlsx_and_pdf(
    kind: str, registry: Any, people: Any, small_plan: Any, national_targets: Any, tmp_path: Path
) -> None:
    """The data object of every kind fills each field the renderers read (the "placeholders"),
    and each format opens with its Decree 30 elements, frozen headers, true totals and fonts."""
    period = "2026-Q3" if kind in selectors.PLAN_KINDS else "2025"
    req = check_request(kind, period, "docx", TODAY)
    doc, data = generate(req, None, today=TODAY, number=7, signer_name="Võ Trọng Hải")
    for name in ("issuing_body", "issuer_code", "type_code", "type_name", "place", "summary",
                 "recipients", "sections", "period_label"):  # fmt: skip
        assert getattr(doc, name), name
    assert doc.signer.position and doc.date == TODAY
    for s in doc.sections:
        assert s.heading
        for t in s.tables:
            assert t.headers and all(len(r) == len(t.headers) for r in t.rows), t.title
    # docx: national name and motto bold, body, number, date line, A4, signer, recipients.
    d = open_docx(data)
    texts = [p.text for p in all_paragraphs(d)]
    assert all(r.bold for r in paragraph(d, NATIONAL_NAME).runs)
    assert all(r.bold for r in paragraph(d, MOTTO).runs)
    assert f"Số: 07/{doc.type_code}-UBND" in texts
    assert "Hà Tĩnh, ngày 26 tháng 11 năm 2026" in texts
    assert doc.type_name in texts and doc.summary in texts
    assert round(d.sections[0].page_width.mm) == 210
    assert "Võ Trọng Hải" in texts and "Nơi nhận:" in texts and texts.count("- Lưu: VT, NC2.") == 1
    # xlsx: a sheet per table, header on row 3, frozen below it, totals = sums of the rows.
    wb = open_xlsx(RENDERERS["xlsx"](doc))
    tables = [t for s in doc.sections for t in s.tables]
    assert len(wb.worksheets) == 1 + len(tables)
    for ws, t in zip(wb.worksheets[1:], tables, strict=True):
        assert [c.value for c in ws[3]][: len(t.headers)] == t.headers
        assert ws.freeze_panes == "B4"
        sums = {c: total for c, total, _ in sheet_totals_ok(ws)}
        expected = t.column_totals() if t.totals and t.rows else []
        assert sorted(sums.values()) == sorted(v for v in expected[1:] if v is not None)
    # pdf: the Vietnamese text as written, and every font embedded.
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(RENDERERS["pdf"](doc))
    text = pdf_text(path)
    for s in (NATIONAL_NAME, MOTTO, f"Số: 07/{doc.type_code}-UBND", doc.sections[0].heading):
        assert s in text, s
    assert all(f[-5] == "yes" for f in pdf_fonts(path))


def test_a_conversion_that_gives_no_file_is_refused(
    registry: Any, people: Any, monkeypatch: Any
) -> None:
    """WeasyPrint (the converter, not our code) producing nothing gives a clear message."""
    import weasyprint

    from tinhgon.core.errors import Refused
    from tinhgon.reports.generate import render_checked

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *a, **kw: None)
    with pytest.raises(Refused, match="Không tạo được tệp PDF"):
        render_checked(_doc(registry, people), "pdf")


def test_plan_periodic_buckets_and_charts(
    registry: Any, people: Any, small_plan: Any, national_targets: Any, tmp_path: Path
) -> None:
    from tinhgon.plans.selectors import plan_dashboard

    req = check_request("plan_periodic", "2026-Q3", "docx", TODAY)
    doc, data = generate(req, None, today=TODAY, plan_id=small_plan.plan.pk)
    dash = plan_dashboard(small_plan.plan, dt.date(2026, 9, 14))
    items, agencies = doc.sections[0].tables
    assert sum(r[-1] for r in items.rows) == dash.total == sum(r[-1] for r in agencies.rows)
    assert len(doc.sections[1].images) == 2
    d = open_docx(data)
    assert len(d.inline_shapes) == 2
    wb = open_xlsx(RENDERERS["xlsx"](doc))
    for ws in wb.worksheets[1:3]:
        assert ws.freeze_panes == "B4"
        assert sheet_totals_ok(ws)
