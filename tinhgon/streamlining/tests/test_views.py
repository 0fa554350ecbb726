"""Pages: the calculator, the case form from the person's record, the flow, the period summary and
its xlsx; each refusal next to its field; outsiders get 404 on every page that shows a case."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from tinhgon.conftest import web_client
from tinhgon.core.models import AuditEntry
from tinhgon.streamlining import services
from tinhgon.streamlining.choices import CaseStatus
from tinhgon.streamlining.models import Case
from tinhgon.streamlining.tests.conftest import REORG, World, case_input

pytestmark = pytest.mark.django_db

CALC = {
    "category": "sap_xep",
    "decree": "",
    "policy": "early_retirement",
    "article_2_group": "1",
    "sex": "M",
    "birth_date": "1968-05-10",
    "employment": "vien_chuc",
    "annex": "I",
    "insurance_years": "34",
    "insurance_months": "0",
    "salary_coefficient": "4.98",
    "reorganization_effective_date": "2025-07-01",
    "leave_date": "2026-09-01",
}


def test_calculator_computes_without_saving(world: World, people: Any) -> None:
    client = web_client(people.leader)
    assert client.get("/tinh-gian/tinh-thu/").status_code == 200
    response = client.post("/tinh-gian/tinh-thu/", CALC)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="result-total"' in html
    assert "12.599.400" in html  # the salary basis shown with its decree
    assert "Thông tư 01/2025/TT-BNV" in html
    assert Case.objects.count() == 0


def test_calculator_shows_each_refusal_next_to_its_field(world: World, people: Any) -> None:
    client = web_client(people.officer_a)
    response = client.post("/tinh-gian/tinh-thu/", {**CALC, "leave_date": "2026-09-15"})
    form = response.context["form"]
    assert "ngày 01 của tháng" in form.errors["leave_date"][0]
    response = client.post(
        "/tinh-gian/tinh-thu/", {**CALC, "insurance_years": "12", "leave_date": "2026-09-01"}
    )
    assert "lương hưu" in response.context["form"].errors["insurance_years"][0]


def test_case_form_filled_from_the_record_then_saved(world: World, people: Any) -> None:
    client = web_client(world.hospital_officer)
    page = client.get(f"/tinh-gian/nguoi/{world.doctor.pk}/ho-so-moi/?leave_date=2026-09-01")
    assert page.status_code == 200
    assert page.context["form"].initial["insurance_years"] == 34
    assert str(page.context["facts"].salary_coefficient) == "4.98"
    post = {
        "period": world.period.pk,
        "category": "sap_xep",
        "ground": "sx_1a",
        "policy": "early_retirement",
        "decree": "",
        "leave_date": "2026-09-01",
        "reorganization_effective_date": REORG.isoformat(),
        "insurance_years": "34",
        "insurance_months": "0",
    }
    bad = client.post(
        f"/tinh-gian/nguoi/{world.doctor.pk}/ho-so-moi/", {**post, "leave_date": "2026-09-02"}
    )
    assert bad.status_code == 200
    assert "ngày 01 của tháng" in bad.context["form"].errors["leave_date"][0]
    assert Case.objects.count() == 0
    ok = client.post(f"/tinh-gian/nguoi/{world.doctor.pk}/ho-so-moi/", post)
    case = Case.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/tinh-gian/ho-so/{case.pk}/"
    assert case.created_by_id == world.hospital_officer.pk


def test_person_page_shows_what_if(world: World, people: Any) -> None:
    client = web_client(people.officer_a)
    response = client.get(
        f"/tinh-gian/nguoi/{world.doctor.pk}/?leave_date=2026-09-01"
        f"&reorganization_effective_date={REORG.isoformat()}"
    )
    rows = response.context["what_if"]
    assert {(w.category, w.decree, w.policy) for w in rows} >= {
        ("sap_xep", "178/2024", "early_retirement"),
        ("tinh_gian", "154/2025", "early_retirement"),
        ("thoi_viec_nguyen_vong", "170/2025", "resignation"),
    }
    ok = [w for w in rows if w.total_vnd]
    refused = [w for w in rows if w.total_vnd is None]
    assert ok and refused
    assert all(w.refusal for w in refused)  # ND 29 not in force, ND 170 not for viên chức, …


def test_flow_on_pages_and_period_export(world: World, people: Any) -> None:
    case = services.case_save(acting_user=world.hospital_officer, data=case_input(world))
    maker = web_client(world.hospital_officer)
    maker.post(f"/tinh-gian/ho-so/{case.pk}/gui/", {"version": case.version})
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    # The unit's own officer cannot approve (not the competent level): 403.
    denied = maker.post(
        f"/tinh-gian/ho-so/{case.pk}/phe-duyet/",
        {"version": case.version, "decision_number": "1/QĐ-SYT", "decision_date": "2026-08-01"},
    )
    assert denied.status_code == 403
    approver = web_client(people.officer_a)
    assert (
        'data-testid="approve-form"'
        in approver.get(f"/tinh-gian/ho-so/{case.pk}/").content.decode()
    )
    missing = approver.post(
        f"/tinh-gian/ho-so/{case.pk}/phe-duyet/", {"version": case.version, "decision_date": ""}
    )
    assert missing.status_code == 400
    assert "decision_number" in missing.context["approve_form"].errors
    approver.post(
        f"/tinh-gian/ho-so/{case.pk}/phe-duyet/",
        {"version": case.version, "decision_number": "215/QĐ-SYT", "decision_date": "2026-08-01"},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and case.decided_by_id == people.officer_a.pk

    summary = approver.get(f"/tinh-gian/dot/{world.period.pk}/")
    assert summary.context["s"].total_vnd == case.total_vnd
    before = AuditEntry.objects.filter(action="personal_data_export").count()
    response = approver.get(f"/tinh-gian/dot/{world.period.pk}/xuat/")
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="personal_data_export").count() == before + 1
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Danh sách"]
    assert ws.freeze_panes == "C4"
    assert ws.cell(row=3, column=2).value == "Họ và tên"
    assert ws.cell(row=5, column=2).value == "Nguyễn Văn Bình"
    money = [c for c in ws[5] if isinstance(c.value, int) and c.value > 1000]
    assert money and all(c.number_format == "#,##0" for c in money)
    totals = [
        c.value for c in ws[ws.max_row] if isinstance(c.value, str) and c.value.startswith("=SUM")
    ]
    assert totals, "the grand total is a formula"


def test_outsiders_get_404_and_readers_cannot_write(world: World, people: Any) -> None:
    case = services.case_save(acting_user=world.hospital_officer, data=case_input(world))
    outsider = web_client(people.officer_b)  # Sở GD&ĐT
    for url in (
        f"/tinh-gian/ho-so/{case.pk}/",
        f"/tinh-gian/ho-so/{case.pk}/sua/",
        f"/tinh-gian/dot/{world.period.pk}/",
        f"/tinh-gian/dot/{world.period.pk}/xuat/",
        f"/tinh-gian/nguoi/{world.doctor.pk}/",
        f"/tinh-gian/nguoi/{world.doctor.pk}/ho-so-moi/",
    ):
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(f"/tinh-gian/ho-so/{case.pk}/gui/", {"version": 1}).status_code == 404
    # Sở GD&ĐT's officer cannot file a case for a doctor of Sở Y tế even into its own period.
    response = outsider.post(
        f"/tinh-gian/nguoi/{world.doctor.pk}/ho-so-moi/",
        {"period": world.edu_period.pk, "category": "sap_xep"},
    )
    assert response.status_code == 404
    leader = web_client(people.leader)
    assert leader.get(f"/tinh-gian/ho-so/{case.pk}/").status_code == 200
    assert leader.get(f"/tinh-gian/nguoi/{world.doctor.pk}/ho-so-moi/").status_code == 403
    assert leader.post(f"/tinh-gian/ho-so/{case.pk}/gui/", {"version": 1}).status_code == 403
    assert web_client(None).get("/tinh-gian/").status_code == 302
    for url in ("/tinh-gian/", "/tinh-gian/cho-duyet/", "/tinh-gian/nguoi/"):
        assert outsider.get(url).status_code == 200
    assert case.snapshot["full_name"] not in outsider.get("/tinh-gian/cho-duyet/").content.decode()


def test_period_created_on_the_page(world: World, people: Any) -> None:
    client = web_client(people.officer_a)
    response = client.post(
        "/tinh-gian/dot/moi/",
        {"agency": world.period.agency_id, "year": 2026, "sequence": 3, "name": ""},
    )
    assert response.status_code == 302
    again = client.post(
        "/tinh-gian/dot/moi/", {"agency": world.period.agency_id, "year": 2026, "sequence": 3}
    )
    assert again.status_code == 400
    assert "đã có đợt" in again.context["form"].errors["sequence"][0]
