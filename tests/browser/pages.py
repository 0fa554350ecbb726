"""Steps every browser test shares: a checked full-page screenshot and logging in through the form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect


def shot(page: Any, artifacts: Path, name: str) -> None:
    """Save a full-page screenshot, after checking that nothing sticks out sideways."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the window"
    page.screenshot(path=str(artifacts / name), full_page=True)


def login(page: Any, base: str, username: str, password: str) -> None:
    """Log in through the login form (as someone else: the previous session is dropped first)."""
    page.context.clear_cookies()
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def menu(page: Any, name: str, item: str, *, exact: bool = False) -> None:
    """Open the top menu ``name`` and follow its ``item``.

    The menus open through Bootstrap's script (deferred): a click before the page's own load
    would land on a menu nobody listens to, so the step first waits for it.
    """
    page.wait_for_load_state("load")
    page.get_by_role("button", name=name).click()
    page.get_by_role("link", name=item, exact=exact).click()


def fill_and_reload(page: Any, field: Any, value: str, url: Any) -> None:
    """Fill a ``data-autosubmit`` field and wait for the page it loads.

    The field submits its form from a listener that ``tinhgon.js`` (deferred) attaches once the
    page has loaded; filling earlier would change the value with nobody listening, so the step
    first waits for the page's own load.
    """
    page.wait_for_load_state("load")
    with page.expect_navigation(url=url):
        field.fill(value)
