"""The streamlining journey in a real browser: a school's officer computes a case in the calculator,
opens a teacher's record, saves the case filled from it and submits it; the department's officer
(the competent level for a viên chức) approves it with the decision; the period list is exported and
the xlsx opened with openpyxl. Screenshots: test-artifacts/browser/streamlining-*.png.

Fixtures (Chromium, network guard, the small registry) come from tests/browser/conftest.py.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.pages import login, menu, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHOOL = "Trường THPT Phan Đình Phùng"


def test_streamlining_journey(
    guarded_page: Any, live_server: Any, registry: Any, immediate_tasks: None, artifacts: Path
) -> None:
    from tinhgon.accounts.models import User
    from tinhgon.positions.services import TitleRankInput, title_rank_record
    from tinhgon.streamlining.models import Case
    from tinhgon.streamlining.services import PeriodInput, period_create
    from tinhgon.workforce.services import PersonInput, person_record

    page = guarded_page
    base = live_server.url
    school = registry.schools[SCHOOL]
    title_rank_record(
        acting_user=None,
        data=TitleRankInput(
            "V.07.05", "Giáo viên trung học phổ thông", "V.07.05.15", "III", "A1", "2.34", "4.98"
        ),
    )
    teacher = person_record(
        acting_user=None,
        data=PersonInput(
            full_name="Nguyễn Văn Bình",
            birth=dt.date(1968, 5, 10),
            sex="M",
            employment_kind="vien_chuc",
            hired_on=dt.date(1992, 9, 1),
            organization=school.pk,
            title_code="V.07.05",
            rank="III",
            coefficient="4.98",
        ),
    )
    period = period_create(
        acting_user=registry.user,
        data=PeriodInput(agency=registry.department.pk, year=2026, sequence=2),
    )
    User.objects.create_user(
        username="canbo-truong",
        password=registry.password,
        role="officer",
        scope_root=school,
        organization=school,
        first_name="Hà",
        last_name="Trần Thu",
    )
    User.objects.create_user(
        username="canbo-so-gddt",
        password=registry.password,
        role="officer",
        scope_root=registry.department,
        organization=registry.department,
        first_name="Minh",
        last_name="Lê Văn",
    )

    # 1. The calculator on its own: a bad leave date is refused by its field, then computed.
    login(page, base, "canbo-truong", registry.password)
    menu(page, "Biên chế", "Tinh giản biên chế, nghỉ việc")
    page.get_by_role("link", name="Tính thử chế độ").click()
    page.locator("#id_category").select_option("sap_xep")
    page.locator("#id_policy").select_option("early_retirement")
    page.locator("#id_sex").select_option("M")
    page.locator("#id_birth_date").fill("1968-05-10")
    page.locator("#id_employment").select_option("vien_chuc")
    page.locator("#id_insurance_years").fill("34")
    page.locator("#id_salary_coefficient").fill("4.98")
    page.locator("#id_reorganization_effective_date").fill("2025-07-01")
    page.locator("#id_leave_date").fill("2026-09-15")
    page.get_by_role("button", name="Tính").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("ngày 01 của tháng")
    page.locator("#id_leave_date").fill("2026-09-01")
    page.get_by_role("button", name="Tính").click()
    expect(page.get_by_test_id("result")).to_contain_text("Nghị định 178/2024")
    expect(page.get_by_test_id("line-lump_sum_months_early")).to_contain_text("283.486.500")
    total = page.get_by_test_id("result-total").inner_text()
    shot(page, artifacts, "streamlining-01-calculator.png")
    assert Case.objects.count() == 0

    # 2. The teacher's record: "what if", then the case form filled from it.
    page.goto(
        f"{base}/tinh-gian/nguoi/{teacher.pk}/?leave_date=2026-09-01&reorganization_effective_date=2025-07-01"
    )
    expect(page.get_by_test_id("what-if")).to_contain_text("Nghỉ việc do sắp xếp tổ chức bộ máy")
    shot(page, artifacts, "streamlining-02-person.png")
    page.get_by_test_id("new-case").click()
    expect(page.locator("#id_insurance_years")).to_have_value("34")
    page.locator("#id_period").select_option(str(period.pk))
    page.locator("#id_category").select_option("sap_xep")
    page.locator("#id_ground").select_option("sx_1a")
    page.locator("#id_policy").select_option("early_retirement")
    page.get_by_role("button", name="Tính và lưu (nháp)").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Nháp")
    expect(page.get_by_test_id("result-total")).to_have_text(total)
    page.get_by_test_id("submit-case").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Đã gửi")
    expect(page.get_by_test_id("approve-form")).to_have_count(0)
    shot(page, artifacts, "streamlining-03-submitted.png")
    page.get_by_role("button", name="Đăng xuất").click()

    # 3. The department's officer approves from the queue with the decision.
    login(page, base, "canbo-so-gddt", registry.password)
    page.goto(f"{base}/tinh-gian/cho-duyet/")
    page.get_by_test_id("queue").get_by_role("link", name="Nguyễn Văn Bình").click()
    form = page.get_by_test_id("approve-form")
    form.get_by_label("Số quyết định phê duyệt").fill("215/QĐ-SGDĐT")
    form.get_by_label("Ngày quyết định").fill("2026-08-01")
    page.get_by_test_id("approve-button").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Đã phê duyệt")
    expect(page.get_by_test_id("case-decision")).to_contain_text("215/QĐ-SGDĐT")
    expect(page.get_by_test_id("case-history")).to_contain_text("approve")
    shot(page, artifacts, "streamlining-04-approved.png")

    # 4. The period list, exported to xlsx and opened.
    page.goto(f"{base}/tinh-gian/dot/{period.pk}/")
    expect(page.get_by_test_id("period-total")).to_have_text(total)
    shot(page, artifacts, "streamlining-05-period.png")
    with page.expect_download() as info:
        page.get_by_test_id("export").click()
    data = Path(info.value.path()).read_bytes()
    ws = load_workbook(io.BytesIO(data))["Danh sách"]
    assert ws.freeze_panes == "C4"
    assert ws.cell(row=5, column=2).value == "Nguyễn Văn Bình"
    assert ws.cell(row=5, column=3).value == "10/05/1968"
    amounts = [c.value for c in ws[5] if isinstance(c.value, int) and c.value > 1000]
    assert sum(amounts) == int(total.replace(".", ""))
    assert str(ws.cell(row=ws.max_row, column=9).value).startswith("=SUM(")
