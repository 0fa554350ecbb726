"""Quota entries in the approval flow, in a real browser: the department's officer proposes an
adjustment for one of its schools from the quota page; the ledger does not move; Sở Nội vụ finds it
in the queue (the "Biên chế" menu), approves it with a reason, and the school's quota changes only
then. Screenshots: test-artifacts/browser/staffing-*.png.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.pages import login, menu, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHOOL = "Trường THPT Lê Quý Đôn"
KIND = "public_employee_budget"


def test_a_proposed_entry_reaches_the_ledger_only_when_approved(
    guarded_page: Any, live_server: Any, registry: Any, artifacts: Path
) -> None:
    from tinhgon.accounts.models import User
    from tinhgon.organizations.services import DecisionInput
    from tinhgon.staffing.choices import EntryType
    from tinhgon.staffing.services import EntryInput, quota_entries_record

    school = registry.schools[SCHOOL]
    doc = DecisionInput("3326/QĐ-UBND", dt.date(2025, 12, 26), "UBND tỉnh Hà Tĩnh")
    quota_entries_record(
        acting_user=registry.user,
        rows=[
            EntryInput(org.pk, KIND, 2026, EntryType.ALLOCATION, n, dt.date(2026, 1, 1), doc)
            for org, n in ((registry.province, 1000), (registry.department, 240), (school, 60))
        ],
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
    page = guarded_page
    page.on("dialog", lambda dialog: dialog.accept())
    base = live_server.url

    login(page, base, "canbo-so-gddt", registry.password)
    page.goto(f"{base}/bien-che/{school.pk}/?kind={KIND}")
    expect(page.get_by_test_id("quota-own")).to_have_text("60")
    page.get_by_role("link", name="Đề nghị ghi bút toán").click()
    page.get_by_label("Loại bút toán").select_option(EntryType.ADJUSTMENT)
    page.get_by_label("Số lượng").fill("2")
    page.get_by_label("Ngày hiệu lực").fill("2026-11-20")
    page.get_by_label("Số, ký hiệu quyết định").fill("2481/QĐ-UBND")
    page.get_by_label("Ngày ban hành").fill("2026-11-18")
    page.get_by_role("button", name="Gửi phê duyệt").click()
    expect(page.get_by_test_id("submission-status")).to_have_text("Đã gửi")
    expect(page.get_by_test_id("submission-rows")).to_contain_text(SCHOOL)
    expect(page.get_by_test_id("approve")).to_have_count(0)  # the maker does not decide
    shot(page, artifacts, "staffing-proposal.png")
    page.goto(f"{base}/bien-che/{school.pk}/?kind={KIND}")
    expect(page.get_by_test_id("quota-own")).to_have_text("60")

    login(page, base, registry.user.username, registry.password)
    menu(page, "Biên chế", "Đề nghị ghi sổ biên chế chờ duyệt")
    queue = page.get_by_test_id("queue")
    expect(queue).to_contain_text("Điều chỉnh +2")
    shot(page, artifacts, "staffing-queue.png")
    queue.get_by_role("link", name="Điều chỉnh +2").click()
    page.get_by_test_id("approve-form").get_by_label("Lý do").fill("Đúng quyết định 2481/QĐ-UBND")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("submission-status")).to_have_text("Đã phê duyệt")
    expect(page.get_by_text("Đã ghi 1 bút toán vào sổ biên chế")).to_be_visible()
    expect(page.get_by_test_id("changed-since-approval")).to_have_count(0)
    shot(page, artifacts, "staffing-approved.png")
    page.goto(f"{base}/bien-che/{school.pk}/?kind={KIND}")
    expect(page.get_by_test_id("quota-own")).to_have_text("62")
