"""No lost update in the browser: two people correct the same unit at once in two browser sessions;
the second save is refused with what the first one changed, and nothing of the first is lost.

Each browser context is a separate session (its own cookies), like two officers at two desks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHOOL = "Trường THPT Phan Đình Phùng"


def test_second_of_two_concurrent_corrections_is_refused_with_what_changed(
    guarded_page: Any,
    browser: Any,
    browser_context_args: dict[str, Any],
    live_server: Any,
    registry: Any,
    artifacts: Path,
) -> None:
    from tinhgon.accounts.models import User
    from tinhgon.organizations.models import OrganizationState

    other = User.objects.create_user(
        username="chuyenvien2",
        password=PASSWORD,
        role="supervisor",
        first_name="Minh",
        last_name="Trần Văn",
        scope_root=registry.province,
        organization=registry.province,
    )
    school = registry.schools[SCHOOL]
    url = f"{live_server.url}/don-vi/{school.pk}/dinh-chinh/"

    first = guarded_page
    login(first, live_server.url, registry.user.username, PASSWORD)
    second_context = browser.new_context(**browser_context_args)
    # Chromium asks a fresh context for /favicon.ico (none is served): not a page error
    second_context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    second = second_context.new_page()
    errors: list[str] = []
    second.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    second.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        login(second, live_server.url, other.username, PASSWORD)
        # both open the same correction form
        first.goto(url)
        second.goto(url)
        expect(second.get_by_label("Tên")).to_have_value(SCHOOL)

        # the first saves: the unit's class
        first.get_by_label("Hạng đơn vị").fill("Hạng II")
        first.get_by_label("Lý do đính chính").fill("Bổ sung hạng theo quyết định xếp hạng")
        first.get_by_role("button", name="Đính chính").click()
        expect(first).to_have_url(re.compile(rf"/don-vi/{school.pk}/$"))
        expect(first.get_by_text("Đã đính chính thông tin")).to_be_visible()

        # the second, still on the form it opened before, saves another change: refused
        second.get_by_label("Tên").fill("Trường THPT Phan Đình Phùng (sửa)")
        second.get_by_label("Lý do đính chính").fill("Sửa tên")
        second.get_by_role("button", name="Đính chính").click()
        alert = second.get_by_role("alert")
        expect(alert).to_contain_text("Bản ghi đã được thay đổi sau khi bạn mở")
        expect(alert).to_contain_text("phiên bản của bạn 1, hiện tại 2")
        expect(alert).to_contain_text("Nguyễn Thị Lan (chuyenvien) đã sửa lúc")
        expect(alert).to_contain_text("hạng đơn vị: “(trống)” → “Hạng II”")
        # what the second person typed is still in the form, to be re-applied
        expect(second.get_by_label("Tên")).to_have_value("Trường THPT Phan Đình Phùng (sửa)")
        shot(second, artifacts, "lost-update-refused.png")
        state = OrganizationState.objects.get(organization=school)
        assert (state.name, state.unit_class) == (SCHOOL, "Hạng II")

        # reloading shows the first change; saving again keeps both
        second.goto(url)
        expect(second.get_by_label("Hạng đơn vị")).to_have_value("Hạng II")
        second.get_by_label("Tên").fill("Trường THPT Phan Đình Phùng (sửa)")
        second.get_by_label("Lý do đính chính").fill("Sửa tên")
        second.get_by_role("button", name="Đính chính").click()
        expect(second.get_by_text("Đã đính chính thông tin")).to_be_visible()
        state.refresh_from_db()
        assert (state.name, state.unit_class) == ("Trường THPT Phan Đình Phùng (sửa)", "Hạng II")
        assert errors == []
    finally:
        second_context.close()
