"""A restructuring project in a real browser: draft the merger of three schools with the unit
pickers, read its impact, submit, appraise (another user), approve by decision (a third user),
move the clock past the effective date and run ``tinhgon apply_projects``, then find the merged
school in the tree with its staff."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.pages import login, shot
from tests.browser.test_registry_browser import open_all, pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
OLD = [f"Trường Mầm non Đức Thọ {x}" for x in "ABC"]
MERGED = "Trường Mầm non Liên xã Đức Thọ"


def test_proposal_journey(
    guarded_page: Any, live_server: Any, registry: Any, immediate_tasks: None, artifacts: Path
) -> None:
    from tinhgon.accounts.models import User
    from tinhgon.workforce.services import PersonInput, person_record

    page = guarded_page
    base = live_server.url
    staff = []
    for i, name in enumerate(OLD):
        for k in range(2):
            full = f"Giáo viên {name[-1]}{k + 1} Nguyễn Thị"
            staff.append(full)
            person_record(
                acting_user=None,
                data=PersonInput(
                    full_name=full,
                    birth=dt.date(1988, 3, 1 + i),
                    sex="F",
                    employment_kind="vien_chuc",
                    hired_on=dt.date(2012, 9, 1),
                    organization=registry.schools[name].pk,
                ),
            )
    User.objects.create_user(
        username="thamdinh",
        password=registry.password,
        role="supervisor",
        scope_root=registry.province,
        organization=registry.province,
        first_name="Hà",
    )
    User.objects.create_user(
        username="pheduyet",
        password=registry.password,
        role="administrator",
        first_name="Hải",
        is_superuser=True,
    )
    with time_machine.travel(dt.datetime(2026, 11, 26, 9, tzinfo=HANOI), tick=True):
        # 1. Draft: the project's head, then the merger with the pickers.
        login(page, base, registry.user.username, registry.password)
        page.goto(f"{base}/sap-xep/de-an/moi/")
        form = page.get_by_test_id("project-form")
        form.get_by_label("Tên đề án").fill("Đề án sắp xếp trường mầm non huyện Đức Thọ")
        form.get_by_label("Ngày hiệu lực dự kiến").fill("2027-01-01")
        pick(page, "owner", "huyen duc", "UBND huyện Đức Thọ")
        page.get_by_test_id("project-next").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Thêm sự kiện vào đề án")
        for name in OLD:
            pick(page, "predecessors", name.replace("Trường ", ""), name)
        form = page.get_by_test_id("proposed-event-form")
        form.get_by_label("Tên đơn vị mới", exact=True).fill(MERGED)
        form.get_by_label("Loại hình").select_option(label="Trường học")
        form.get_by_label("Lĩnh vực").select_option(label="Giáo dục và đào tạo")
        form.get_by_label("Phân loại").select_option(label="Mầm non")
        pick(page, "unit_parent", "huyen duc", "UBND huyện Đức Thọ")
        shot(page, artifacts, "proposals-01-editor.png")
        page.get_by_test_id("proposed-event-submit").click()

        # 2. The impact: three units end, one starts, six people follow them.
        impact = page.get_by_test_id("impact")
        expect(impact).to_be_visible()
        expect(page.get_by_test_id("impact-units")).to_have_text(re.compile(r"(\d+) → (\d+)"))
        before, after = map(
            int, re.findall(r"\d+", page.get_by_test_id("impact-units").inner_text())
        )
        assert after == before - 2
        expect(page.get_by_test_id("impact-people")).to_have_text("6")
        expect(impact).to_contain_text("6 chuyển sang đơn vị sau, 0 chưa có nơi bố trí")
        shot(page, artifacts, "proposals-02-impact.png")
        detail_url = page.url
        page.get_by_test_id("project-submit").click()
        expect(page.get_by_test_id("project-status")).to_have_text("Đã gửi thẩm định")

        # 3. Appraisal by another official, from the queue.
        login(page, base, "thamdinh", registry.password)
        page.goto(f"{base}/sap-xep/de-an/?hang-doi=tham-dinh")
        queue = page.get_by_test_id("project-list")
        expect(queue).to_contain_text("Đề án sắp xếp trường mầm non huyện Đức Thọ")
        shot(page, artifacts, "proposals-03-queue.png")
        queue.get_by_role("link", name="Đề án sắp xếp trường mầm non huyện Đức Thọ").click()
        page.get_by_label("Ý kiến thẩm định").fill("Đủ điều kiện trình UBND tỉnh phê duyệt.")
        page.get_by_test_id("project-appraise").click()
        expect(page.get_by_test_id("project-status")).to_have_text("Đã thẩm định")

        # 4. Approval by decision, as a third user.
        login(page, base, "pheduyet", registry.password)
        page.goto(detail_url)
        approve = page.get_by_test_id("approve-form")
        approve.get_by_label("Số, ký hiệu quyết định").fill("3125/QĐ-UBND")
        approve.get_by_label("Ngày ký").fill("2026-12-10")
        approve.get_by_label("Người ký").fill("Võ Trọng Hải")
        approve.get_by_test_id("project-approve").click()
        expect(page.get_by_test_id("project-status")).to_have_text("Đã phê duyệt")
        expect(page.locator("main")).to_contain_text("3125/QĐ-UBND")
        shot(page, artifacts, "proposals-04-approved.png")

    # 5. The clock passes the effective date; the scheduled command applies the project.
    with time_machine.travel(dt.datetime(2027, 1, 2, 6, tzinfo=HANOI), tick=True):
        call_command("apply_projects")
        login(page, base, registry.user.username, registry.password)  # the session has expired
        page.goto(detail_url)
        expect(page.get_by_test_id("project-status")).to_have_text("Đã thực hiện")
        page.goto(f"{base}/don-vi/")
        open_all(page)
        tree = page.get_by_test_id("org-tree")
        expect(tree.get_by_role("link", name=MERGED, exact=True)).to_be_visible()
        for name in OLD:
            expect(tree.get_by_role("link", name=name, exact=True)).to_have_count(0)
        shot(page, artifacts, "proposals-05-tree.png")
        tree.get_by_role("link", name=MERGED, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(MERGED)
        pk = re.search(r"/don-vi/(\d+)/", page.url).group(1)  # type: ignore[union-attr]
        page.goto(f"{base}/doi-ngu/don-vi/{pk}/")
        main = page.locator("main")
        for name in staff:
            expect(main).to_contain_text(name)
        shot(page, artifacts, "proposals-06-staff.png")
