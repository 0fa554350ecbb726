"""Workforce and positions workbooks through the core pipeline: dry run lists every error by cell,
a commit writes all or nothing, through the same services."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tinhgon.core import importing
from tinhgon.organizations.models import Organization
from tinhgon.positions.models import PositionDecision
from tinhgon.workforce.importers import POSITIONS_IMPORT, WORKFORCE_IMPORT
from tinhgon.workforce.models import Person

pytestmark = pytest.mark.django_db


def workbook(spec, sheet, rows):
    wb = load_workbook(io.BytesIO(importing.template_bytes(spec)))
    ws = wb[sheet]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = [
    "Hồ Thị Mai",
    "042190000777",
    "1990",
    "Nữ",
    "vien_chuc",
    "PDP",
    "01/09/2014",
    "V.07.05",
    "III",
    "3,00",
    None,
    None,
    "university",
]
BAD = [
    "Hồ Văn Nam",
    "042190000778",
    "12/05/2001",
    "Nam",
    "vien_chuc",
    "PDP",
    "01/09/2015",
    "V.07.05",
    "IX",
    None,
    None,
    None,
    None,
]


def test_workforce_import_dry_run_then_commit(staff, people, registry):
    Organization.objects.filter(pk=registry.school_pdp.pk).update(code="PDP")
    data = workbook(WORKFORCE_IMPORT.spec, "Người", [GOOD, BAD])
    before = Person.objects.count()
    result = importing.run_import(
        WORKFORCE_IMPORT.spec,
        data,
        WORKFORCE_IMPORT.apply,
        acting_user=people.supervisor,
        commit=True,
    )
    assert not result.committed and Person.objects.count() == before
    messages = {(e.row, e.message) for e in result.errors}
    assert any(row == 3 and "chưa đủ 18 tuổi" in m for row, m in messages)
    assert any(row == 3 and "không có hạng" in m for row, m in messages)
    data = workbook(WORKFORCE_IMPORT.spec, "Người", [GOOD])
    dry = importing.run_import(
        WORKFORCE_IMPORT.spec,
        data,
        WORKFORCE_IMPORT.apply,
        acting_user=people.supervisor,
        commit=False,
    )
    assert dry.ok and dry.created == {"người": 1} and Person.objects.count() == before
    done = importing.run_import(
        WORKFORCE_IMPORT.spec,
        data,
        WORKFORCE_IMPORT.apply,
        acting_user=people.supervisor,
        commit=True,
    )
    assert done.committed
    mai = Person.objects.get(full_name="Hồ Thị Mai")
    assert mai.birth_year_only and mai.assignments.get().organization_id == registry.school_pdp.pk
    again = importing.run_import(
        WORKFORCE_IMPORT.spec,
        data,
        WORKFORCE_IMPORT.apply,
        acting_user=people.supervisor,
        commit=True,
    )
    assert any("đã được dùng" in e.message for e in again.errors)


def test_workforce_import_outside_scope_is_refused(staff, people, registry):
    Organization.objects.filter(pk=registry.school_pdp.pk).update(code="PDP")
    data = workbook(WORKFORCE_IMPORT.spec, "Người", [GOOD])
    result = importing.run_import(
        WORKFORCE_IMPORT.spec,
        data,
        WORKFORCE_IMPORT.apply,
        acting_user=people.officer_a,
        commit=True,
    )
    assert not result.committed and result.errors


def test_positions_import(staff, people, registry):
    Organization.objects.filter(pk=registry.school_gifted.pk).update(code="CHUYEN")
    row = [
        "CHUYEN",
        "nd106",
        "77/QĐ-UBND",
        "10/01/2023",
        "UBND tỉnh Hà Tĩnh",
        "01/02/2023",
        "GV",
        "Giáo viên THPT",
        "specialised",
        40,
        "V.07.05.15",
        None,
    ]
    bad = [
        "CHUYEN",
        "nd106",
        "77/QĐ-UBND",
        "10/01/2023",
        "UBND tỉnh Hà Tĩnh",
        "01/02/2023",
        "NV",
        "Nhân viên",
        "management",
        2,
        "XX",
        None,
    ]
    result = importing.run_import(
        POSITIONS_IMPORT.spec,
        workbook(POSITIONS_IMPORT.spec, "Vị trí", [row, bad]),
        POSITIONS_IMPORT.apply,
        acting_user=people.supervisor,
        commit=True,
    )
    assert not result.committed
    assert {e.row for e in result.errors} == {3}
    result = importing.run_import(
        POSITIONS_IMPORT.spec,
        workbook(POSITIONS_IMPORT.spec, "Vị trí", [row]),
        POSITIONS_IMPORT.apply,
        acting_user=people.supervisor,
        commit=True,
    )
    assert result.committed
    d = PositionDecision.objects.get(organization=registry.school_gifted)
    assert d.total_headcount == 40 and d.label == "Đề án vị trí việc làm"


def test_nd106_scheme_after_july_2026_is_refused(staff, people, registry):
    Organization.objects.filter(pk=registry.school_gifted.pk).update(code="CHUYEN")
    row = [
        "CHUYEN",
        "nd106",
        "78/QĐ-UBND",
        "10/07/2026",
        "UBND tỉnh Hà Tĩnh",
        "15/07/2026",
        "GV",
        "Giáo viên THPT",
        "specialised",
        40,
        None,
        None,
    ]
    result = importing.run_import(
        POSITIONS_IMPORT.spec,
        workbook(POSITIONS_IMPORT.spec, "Vị trí", [row]),
        POSITIONS_IMPORT.apply,
        acting_user=people.supervisor,
        commit=True,
    )
    assert any("Nghị định 232/2026" in e.message for e in result.errors)
