"""One journey through the registry in a real browser: log in, read the tree at two dates, read a
merged unit's history, record a new merger with the HTMX unit pickers, see the tree after it.

Every request must stay on the live server (no CDN), with no console error and no CSP violation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.pages import fill_and_reload, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD = ("Trường THPT Nguyễn Du", "Trường THPT Trần Phú")
MERGED = "Trường THPT Nguyễn Du - Trần Phú"


def open_all(page: Any) -> None:
    """Unfold every branch of the tree (the page opens only the first level)."""
    page.eval_on_selector_all(
        "[data-testid=org-tree] details", "els => els.forEach(e => e.open = true)"
    )


def tree_at(page: Any, day: str) -> Any:
    """Pick ``day`` in the tree's date input; the page reloads by itself (data-autosubmit)."""
    date_input = page.locator("form[role=search] input[name=as_of]")
    fill_and_reload(page, date_input, day, re.compile(rf"as_of={day}"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cơ quan, đơn vị ngày")
    open_all(page)
    return page.get_by_test_id("org-tree")


def pick(page: Any, target: str, query: str, label: str) -> None:
    """Type into a unit picker, wait for the HTMX results and click the wanted one."""
    box = page.locator(f"#q_{target}")
    box.fill("")
    box.press_sequentially(query, delay=20)
    result = page.locator(f"#results_{target} [data-pick-label='{label}']")
    expect(result).to_be_visible()
    result.click()
    expect(page.locator(f"[data-picked-for='{target}']")).to_contain_text(label)
    # The picker is ready for the next unit: empty box, no stale results.
    expect(box).to_have_value("")
    expect(page.locator(f"#results_{target} > *")).to_have_count(0)


def test_registry_journey(
    guarded_page: Any, live_server: Any, registry: Any, immediate_tasks: None, artifacts: Path
) -> None:
    page = guarded_page
    base = live_server.url

    # 1. Log in through the form.
    page.goto(f"{base}/don-vi/")
    expect(page).to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))
    expect(page.get_by_role("heading", name="Đăng nhập TinhGon")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(registry.user.username)
    page.get_by_label("Mật khẩu").fill(registry.password)
    shot(page, artifacts, "01-login.png")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/don-vi/$"))
    expect(page.locator("nav")).to_contain_text("Chuyên viên Sở Nội vụ")

    # 2. The tree before the merger: both old schools, not the merged one.
    tree = tree_at(page, "2019-12-31")
    expect(page.get_by_role("heading", level=1)).to_contain_text("31/12/2019")
    for name in OLD:
        expect(tree.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(tree.get_by_role("link", name=MERGED, exact=True)).to_have_count(0)
    expect(tree.get_by_role("link", name="Trường Mầm non Đức Thọ A")).to_be_visible()
    shot(page, artifacts, "02-tree-2019.png")

    # 3. The tree after it: the merged school, not the old ones.
    tree = tree_at(page, "2021-12-31")
    expect(tree.get_by_role("link", name=MERGED, exact=True)).to_be_visible()
    for name in OLD:
        expect(tree.get_by_role("link", name=name, exact=True)).to_have_count(0)
    shot(page, artifacts, "03-tree-2021.png")

    # 4. The merged unit's page: timeline, predecessors, decision, lineage diagram.
    tree.get_by_role("link", name=MERGED, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(MERGED)
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("01/06/2020")
    expect(timeline).to_contain_text("15/QĐ-UBND")
    expect(timeline).to_contain_text("UBND tỉnh Hà Tĩnh")
    expect(timeline).to_contain_text(f"{OLD[0]}, {OLD[1]} → {MERGED}")
    predecessors = page.get_by_test_id("predecessors")
    for name in OLD:
        expect(predecessors.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(predecessors).to_contain_text("15/QĐ-UBND")
    lineage = page.get_by_test_id("lineage")
    expect(lineage.locator("svg")).to_be_visible()
    for name in (*OLD, MERGED):
        expect(lineage).to_contain_text(name)
    shot(page, artifacts, "04-unit-detail.png")

    # 5. Record a new merger through the event form, with the HTMX pickers.
    page.goto(f"{base}/sap-xep/su-kien/moi/?kind=merge")
    expect(page.get_by_role("heading", name="Ghi sự kiện sắp xếp")).to_be_visible()
    form = page.get_by_test_id("event-form")
    form.get_by_label("Số, ký hiệu quyết định").fill("27/QĐ-UBND")
    form.get_by_label("Ngày ban hành").fill("2024-07-15")
    form.get_by_label("Cơ quan ban hành").fill("UBND huyện Đức Thọ")
    form.get_by_label("Ngày hiệu lực").fill("2024-08-01")
    # Without diacritics: the search folds Vietnamese marks and đ.
    pick(page, "predecessors", "duc tho a", "Trường Mầm non Đức Thọ A")
    pick(page, "predecessors", "Đức Thọ B", "Trường Mầm non Đức Thọ B")
    expect(page.locator("[data-picked-for=predecessors] [data-chip-id]")).to_have_count(2)
    form.get_by_label("Tên đơn vị mới", exact=True).fill("Trường Mầm non Đức Thọ")
    form.get_by_label("Loại hình").select_option(label="Trường học")
    form.get_by_label("Lĩnh vực").select_option(label="Giáo dục và đào tạo")
    form.get_by_label("Phân loại").select_option(label="Mầm non")
    pick(page, "unit_parent", "huyen duc", "UBND huyện Đức Thọ")
    shot(page, artifacts, "05-event-form.png")
    page.get_by_test_id("event-submit").click()

    # 6. The success page: the recorded event.
    expect(page.locator(".alert-success")).to_contain_text("27/QĐ-UBND")
    expect(page.locator("main")).to_contain_text("Trường Mầm non Đức Thọ A")
    expect(page.locator("main")).to_contain_text("Trường Mầm non Đức Thọ B")
    shot(page, artifacts, "06-event-recorded.png")

    # 7. The tree on the effective date: the new school, not the old ones.
    page.goto(f"{base}/don-vi/")
    tree = tree_at(page, "2024-08-01")
    expect(tree.get_by_role("link", name="Trường Mầm non Đức Thọ", exact=True)).to_be_visible()
    for letter in "AB":
        expect(
            tree.get_by_role("link", name=f"Trường Mầm non Đức Thọ {letter}", exact=True)
        ).to_have_count(0)
    expect(tree.get_by_role("link", name="Trường Mầm non Đức Thọ C", exact=True)).to_be_visible()
    shot(page, artifacts, "07-tree-after-merge.png")

    page.guard.assert_clean()
