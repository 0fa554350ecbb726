"""A report's journey in a real browser: an agency officer submits a progress report with a file;
Sở Nội vụ returns it with a reason; the officer corrects and resubmits; the supervisor approves; the
assignment's bucket changes from "Quá hạn chưa hoàn thành" to "Đã hoàn thành quá hạn".

Real time (the live server runs in another thread): the plan is dated a little before today.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.pages import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def plan_setup(registry: Any) -> dict[str, Any]:
    from tinhgon.accounts.models import User
    from tinhgon.plans import services
    from tinhgon.rules.plan_text import parse_plan_text, to_data

    today = timezone.localdate()
    start = today - dt.timedelta(days=40)
    due = today - dt.timedelta(days=5)
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\n-------\nSố: 77/KH-UBND\n"
        f"Hà Tĩnh, ngày {start.day:02d} tháng {start.month:02d} năm {start.year}\n\n"
        "KẾ HOẠCH\nRÀ SOÁT MẠNG LƯỚI TRƯỜNG TRUNG HỌC PHỔ THÔNG\n\nI. NHIỆM VỤ\n"
        "1. Sở Giáo dục và Đào tạo rà soát mạng lưới trường trung học phổ thông "
        f"(hoàn thành trước ngày {(due + dt.timedelta(days=1)):%d/%m/%Y}).\n"
    )
    plan = services.plan_create(
        acting_user=registry.user,
        data=to_data(parse_plan_text(text)),
        issuer_org=registry.province,
        source_text=text,
    )
    officer = User.objects.create_user(
        username="canbo-gddt",
        password=registry.password,
        role="officer",
        first_name="Nam",
        last_name="Võ Đình",
        scope_root=registry.department,
        organization=registry.department,
    )
    task = plan.tasks.get(ref="I.1")
    assignment = task.assignments.get(organization=registry.department)
    return {"plan": plan, "task": task, "assignment": assignment, "officer": officer}


def test_report_returned_resubmitted_approved(
    guarded_page: Any,
    live_server: Any,
    registry: Any,
    plan_setup: dict[str, Any],
    artifacts: Path,
    tmp_path: Path,
) -> None:
    page = guarded_page
    base = live_server.url
    task, assignment = plan_setup["task"], plan_setup["assignment"]
    badge = page.get_by_test_id(f"bucket-{assignment.pk}")
    evidence = tmp_path / "bien-ban-ra-soat.pdf"
    evidence.write_bytes(PDF)

    # 1. The officer of Sở GD&ĐT sees the overdue task in "Việc của tôi" and reports with a file.
    login(page, base, "canbo-gddt", registry.password)
    page.goto(f"{base}/ke-hoach/viec-cua-toi/")
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
    expect(page.locator("[data-bucket=overdue]").first).to_be_visible()
    page.get_by_role("link", name="I.1").click()
    expect(badge).to_have_attribute("data-bucket", "overdue")
    page.get_by_label("Tình hình thực hiện").select_option("completed")
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("100")
    page.get_by_label("Kết quả thực hiện").fill("Đã rà soát 32 trường, dự thảo phương án sắp xếp.")
    page.get_by_label("Tài liệu minh chứng (PDF, DOCX, XLSX, ảnh)").set_input_files(str(evidence))
    page.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Báo cáo tiến độ")
    expect(page.get_by_role("link", name="bien-ban-ra-soat.pdf")).to_be_visible()
    page.get_by_role("button", name="Gửi Sở Nội vụ").click()
    expect(page.get_by_test_id("report-status")).to_have_attribute("data-status", "submitted")
    report_url = page.url

    # 2. Sở Nội vụ returns it with a reason (a return without a reason is refused).
    login(page, base, registry.user.username, registry.password)
    page.goto(f"{base}/ke-hoach/cho-duyet/")
    page.get_by_role("link", name="I.1").click()
    page.get_by_role("button", name="Trả lại (nêu rõ lý do)").click()
    expect(page.get_by_role("alert")).to_contain_text("Phải nêu rõ lý do")
    page.get_by_label("Lý do (bắt buộc khi trả lại)").fill(
        "Thiếu danh sách trường đề xuất sáp nhập."
    )
    page.get_by_role("button", name="Trả lại (nêu rõ lý do)").click()
    expect(page.get_by_test_id("report-status")).to_have_attribute("data-status", "returned")
    shot(page, artifacts, "plans-01-returned.png")

    # 3. The officer adds the list and resubmits.
    login(page, base, "canbo-gddt", registry.password)
    page.goto(report_url)
    expect(page.locator("main")).to_contain_text("Thiếu danh sách trường")
    page.get_by_label("Kết quả thực hiện").fill(
        "Đã rà soát 32 trường; kèm danh sách đề xuất sáp nhập."
    )
    page.get_by_role("button", name="Lưu thay đổi").click()
    page.get_by_role("button", name="Gửi Sở Nội vụ").click()
    expect(page.get_by_test_id("report-status")).to_have_attribute("data-status", "submitted")

    # 4. The supervisor approves; the bucket of the assignment changes.
    login(page, base, registry.user.username, registry.password)
    page.goto(report_url)
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_test_id("report-status")).to_have_attribute("data-status", "approved")
    page.goto(f"{base}/ke-hoach/nhiem-vu/{task.pk}/")
    expect(badge).to_have_attribute("data-bucket", "done_late")
    expect(badge).to_contain_text("Đã hoàn thành quá hạn")
    shot(page, artifacts, "plans-02-task-done.png")
    page.goto(f"{base}/ke-hoach/{plan_setup['plan'].pk}/")
    expect(page.locator("[data-bucket=done_late]").first).to_have_text("1")
    expect(page).to_have_url(re.compile(r"/ke-hoach/\d+/$"))
    shot(page, artifacts, "plans-03-plan.png")
