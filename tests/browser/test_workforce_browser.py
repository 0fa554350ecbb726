"""A supervisor of Sở Nội vụ walks from the compliance list to a unit, to a person, and fixes the
person's assignment (a teacher with no position is placed in the approved position).

Uses the registry of tests/browser/conftest.py (a merged school under Sở GD&ĐT); positions and
people are written through the services. Screenshots: test-artifacts/browser/workforce-*.png.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser import pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Any, artifacts: Path, name: str) -> None:
    pages.shot(page, artifacts, f"workforce-{name}")


def staff_the_school(registry: Any) -> Any:
    from tinhgon.organizations.services import DecisionInput
    from tinhgon.positions.choices import PositionCategory, Regime
    from tinhgon.positions.services import (
        PositionDecisionInput,
        PositionInput,
        TitleRankInput,
        position_decision_record,
        title_rank_record,
    )
    from tinhgon.workforce.services import PersonInput, person_record

    title_rank_record(
        acting_user=registry.user,
        data=TitleRankInput(
            "V.07.05", "Giáo viên trung học phổ thông", "V.07.05.15", "III", "A1", "2.34", "4.98"
        ),
    )
    unit = registry.merged
    position_decision_record(
        acting_user=registry.user,
        data=PositionDecisionInput(
            unit.pk,
            Regime.ND106,
            DecisionInput("31/QĐ-UBND", dt.date(2021, 1, 5), "UBND tỉnh Hà Tĩnh"),
            dt.date(2021, 2, 1),
            [PositionInput("GV", "Giáo viên THPT", PositionCategory.SPECIALISED, 20, "V.07.05.15")],
        ),
    )
    people = []
    for i, name in enumerate(("Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Thị Thu")):
        people.append(
            person_record(
                acting_user=registry.user,
                data=PersonInput(
                    full_name=name,
                    birth=dt.date(1984 + i, 3, 1),
                    sex="F" if "Thị" in name else "M",
                    employment_kind="vien_chuc",
                    hired_on=dt.date(2008, 9, 1),
                    organization=unit.pk,
                    title_code="V.07.05",
                    rank="III",
                    coefficient="3.66",
                    id_number=f"04218400012{i}",
                ),
            )
        )
    return people


def test_supervisor_fixes_an_assignment(
    guarded_page: Any, live_server: Any, registry: Any, artifacts: Path
) -> None:
    staff_the_school(registry)
    page = guarded_page
    base = live_server.url
    page.goto(f"{base}/doi-ngu/tuan-thu/")
    page.get_by_label("Tên đăng nhập").fill(registry.user.username)
    page.get_by_label("Mật khẩu").fill(registry.password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/doi-ngu/tuan-thu/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tuân thủ quy định")
    card = page.locator("[data-check=no_position]")
    expect(card.get_by_test_id("count-people")).to_have_text("3")
    shot(page, artifacts, "01-compliance.png")

    # Filter on the problem, then open the unit.
    page.get_by_label("Vấn đề").select_option("no_position")
    page.get_by_role("button", name="Lọc").click()
    table = page.get_by_test_id("compliance-table")
    expect(table).to_contain_text("Người chưa được bố trí vị trí việc làm")
    table.get_by_role("link", name="Trường THPT Nguyễn Du - Trần Phú").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trường THPT Nguyễn Du - Trần Phú")
    expect(page.get_by_test_id("positions")).to_contain_text("Giáo viên THPT")
    shot(page, artifacts, "02-unit.png")

    # The person: the id is masked; place her in the approved position.
    page.get_by_test_id("staff").get_by_role("link", name="Lê Thị Thu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lê Thị Thu")
    expect(page.get_by_test_id("masked-id")).to_have_text("••••••••0122")
    form = page.locator("form[data-testid^=fix-]")
    form.locator("select").select_option(label="GV · Giáo viên THPT")
    shot(page, artifacts, "03-person.png")
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã cập nhật vị trí việc làm")
    expect(page.get_by_test_id("assignments")).to_contain_text("Giáo viên THPT")
    shot(page, artifacts, "04-fixed.png")

    # Back on the compliance list, one person fewer without a position.
    page.goto(f"{base}/doi-ngu/tuan-thu/")
    expect(page.locator("[data-check=no_position]").get_by_test_id("count-people")).to_have_text(
        "2"
    )
