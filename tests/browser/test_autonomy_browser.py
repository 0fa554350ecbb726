"""The autonomy journey in a real browser: a school's officer enters and submits its yearly figures,
the managing body (Sở Giáo dục và Đào tạo) approves them, and Sở Nội vụ sees the group on the
province overview. Screenshots: test-artifacts/browser/autonomy-*.png.

Fixtures (Chromium, network guard, the small registry) come from tests/browser/conftest.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.pages import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHOOL = "Trường THPT Phan Đình Phùng"


def logout(page: Any) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_autonomy_journey(
    guarded_page: Any, live_server: Any, registry: Any, immediate_tasks: None, artifacts: Path
) -> None:
    from tinhgon.accounts.models import User

    page = guarded_page
    base = live_server.url
    school = registry.schools[SCHOOL]
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

    # 1. The school's officer enters the 2025 figures; a negative amount is refused by its field.
    login(page, base, "canbo-truong", registry.password)
    page.goto(f"{base}/tu-chu/don-vi/{school.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(SCHOOL)
    page.get_by_test_id("enter-figures").click()
    page.get_by_label("Năm").fill("2025")
    page.get_by_label("Thu từ hoạt động dịch vụ sự nghiệp công").fill("4.500.000.000")
    page.get_by_label("Phí được để lại chi thường xuyên").fill("-1")
    page.get_by_label("Tổng thu sự nghiệp theo báo cáo tài chính").fill("5.000.000.000")
    page.get_by_label("Chi thường xuyên (B)").fill("10.000.000.000")
    page.get_by_label("Kinh phí NSNN hỗ trợ chi thường xuyên").fill("5.500.000.000")
    page.get_by_role("button", name="Lưu (nháp)").click()
    expect(page.get_by_test_id("error-revenue_fees_vnd")).to_contain_text("không được âm")
    page.get_by_label("Phí được để lại chi thường xuyên").fill("500.000.000")
    shot(page, artifacts, "autonomy-01-form.png")
    page.get_by_role("button", name="Lưu (nháp)").click()
    row = page.get_by_test_id("figures-2025")
    expect(row).to_contain_text("50%")
    expect(row).to_contain_text("Nhóm 3 – tự bảo đảm một phần chi thường xuyên")
    page.get_by_test_id("submit-2025").click()
    expect(row).to_contain_text("Đã gửi")
    expect(page.get_by_test_id("approve-button")).to_have_count(0)
    shot(page, artifacts, "autonomy-02-submitted.png")
    logout(page)

    # 2. The managing body's officer approves with the decision giving autonomy.
    login(page, base, "canbo-so-gddt", registry.password)
    page.goto(f"{base}/tu-chu/don-vi/{school.pk}/")
    box = page.get_by_test_id("approve-2025")
    expect(box).to_contain_text("Nhóm 3 – tự bảo đảm một phần chi thường xuyên")
    box.get_by_label("Số quyết định giao quyền tự chủ").fill("215/QĐ-UBND")
    box.get_by_label("Ngày ban hành").fill("2026-03-01")
    box.get_by_test_id("approve-button").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã phê duyệt số liệu năm 2025")
    expect(page.get_by_test_id("figures-2025")).to_contain_text("Đã phê duyệt")
    expect(page.get_by_test_id("current-group")).to_contain_text(
        "Nhóm 3 – tự bảo đảm một phần chi thường xuyên"
    )
    expect(page.get_by_test_id("group-changes")).to_contain_text("Đã ghi vào sổ đăng ký")
    shot(page, artifacts, "autonomy-03-approved.png")
    logout(page)

    # 3. Sở Nội vụ sees the group and the band on the province overview.
    login(page, base, registry.user.username, registry.password)
    page.goto(f"{base}/tu-chu/")
    expect(page).to_have_url(re.compile(r"/tu-chu/$"))
    expect(page.get_by_test_id("group-3")).to_contain_text(
        "Nhóm 3 – tự bảo đảm một phần chi thường xuyên"
    )
    expect(page.get_by_test_id("group-3").locator("td").nth(1)).to_have_text("1")
    expect(page.get_by_test_id("band-table")).to_contain_text("từ 30% đến dưới 70%")
    expect(page.get_by_test_id("unit-table")).to_contain_text(SCHOOL)
    shot(page, artifacts, "autonomy-04-overview.png")
