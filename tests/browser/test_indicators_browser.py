"""The leader's dashboard in a real browser: target cards, charts, changing the date, and drilling
from a target card down to the units behind it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.pages import fill_and_reload, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def funded(registry: Any, national_targets: None) -> Any:
    """Quotas for the small registry: assigned on 1 January 2016, moved by the 2020 merger."""
    from tinhgon.organizations.services import DecisionInput
    from tinhgon.staffing.choices import EntryType, QuotaKind
    from tinhgon.staffing.services import EntryInput, quota_entries_record

    day = dt.date(2016, 1, 1)
    doc = DecisionInput("3316/QĐ-UBND", dt.date(2015, 12, 20), "UBND tỉnh Hà Tĩnh")
    units = {name: 60 for name in registry.schools}
    rows = [
        EntryInput(
            registry.schools[n].pk,
            QuotaKind.PUBLIC_EMPLOYEE_BUDGET,
            2016,
            EntryType.ALLOCATION,
            v,
            day,
            doc,
        )
        for n, v in units.items()
        if registry.schools[n].valid_from <= day
    ]
    total = sum(r.amount for r in rows)
    for body, amount in (
        (registry.department, 240),
        (registry.district, 180),
        (registry.province, total),
    ):
        rows.append(
            EntryInput(
                body.pk,
                QuotaKind.PUBLIC_EMPLOYEE_BUDGET,
                2016,
                EntryType.ALLOCATION,
                amount,
                day,
                doc,
            )
        )
    quota_entries_record(acting_user=registry.user, rows=rows)
    return registry


def test_dashboard_drills_from_a_target_to_its_units(live_server, guarded_page, funded, artifacts):
    page = guarded_page
    base = live_server.url
    page.goto(f"{base}/chi-tieu/")
    page.get_by_label("Tên đăng nhập").fill(funded.user.username)
    page.get_by_label("Mật khẩu").fill(funded.password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chỉ tiêu sắp xếp, tinh giản ngày")
    cards = page.get_by_test_id("target-cards")
    expect(cards.get_by_test_id("card-nq19_units_2021")).to_be_visible()
    # Both charts are images rendered by the server and actually loaded.
    for img in page.locator("img[src*='/chi-tieu/bieu-do/']").all():
        expect(img).to_have_js_property("complete", True)
        assert img.evaluate("i => i.naturalWidth") > 300
    shot(page, artifacts, "indicators-01-dashboard-today.png")

    # Change the date: the page reloads by itself on the date picker.
    date_input = page.get_by_test_id("dashboard-date").locator("input[name=as_of]")
    fill_and_reload(page, date_input, "2021-12-31", re.compile(r"as_of=2021-12-31"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("31/12/2021")
    card = page.get_by_test_id("card-nq19_units_2021")
    # 7 units in 2015, 6 after the 2020 merger: −14.3 % against −10 % — achieved.
    expect(card).to_contain_text("Đạt")
    shot(page, artifacts, "indicators-02-dashboard-2021.png")

    card.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Giảm tối thiểu 10% số đơn vị")
    table = page.get_by_test_id("drill-units")
    expect(table).to_contain_text("Trường THPT Nguyễn Du - Trần Phú")
    expect(table).not_to_contain_text("Trường THPT Trần Phú\n")
    expect(table.locator("tbody tr")).to_have_count(6)
    shot(page, artifacts, "indicators-03-drill-units.png")
