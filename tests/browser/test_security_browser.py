"""Security pages in a real browser, under the CSP and network guard: a supervisor turns on
two-factor from the server-rendered QR page, logs in again with the code, and uploads a macro
workbook renamed .xlsx, which the import screen refuses in Vietnamese.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.pages import login, shot
from tinhgon.core import importing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device: TOTPDevice, drift: int = 0) -> str:
    """The code the phone shows (``drift=1``: the next one; a code is accepted once only)."""
    key, step, t0, digits = device.bin_key, device.step, device.t0, device.digits
    return f"{totp(key, step=step, t0=t0, digits=digits, drift=drift):06d}"


def _macro_workbook() -> bytes:
    from tinhgon.restructuring import import_views  # noqa: F401  (registers the kinds)

    kind = importing.get_kind("registry")
    assert kind is not None
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(importing.template_bytes(kind.spec))) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    return out.getvalue()


def test_two_factor_and_a_refused_upload(
    guarded_page: Any, live_server: Any, registry: Any, artifacts: Path
) -> None:
    page = guarded_page
    base = live_server.url
    login(page, base, registry.user.username, registry.password)

    page.goto(f"{base}/tai-khoan/xac-thuc-hai-buoc/")
    expect(page.get_by_test_id("otp-qr").locator("svg")).to_be_visible()
    shot(page, artifacts, "security-2fa-enrol.png")
    device = TOTPDevice.objects.get(user=registry.user, confirmed=False)
    page.get_by_label("Mã xác thực (6 chữ số)").fill(_code(device))
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    expect(page.get_by_test_id("2fa-on")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(registry.user.username)
    page.get_by_label("Mật khẩu").fill(registry.password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xác thực hai bước")).to_be_visible()
    shot(page, artifacts, "security-2fa-code.png")
    device.refresh_from_db()
    page.get_by_label("Mã xác thực (6 chữ số)").fill(_code(device, drift=1))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

    page.goto(f"{base}/nhap-excel/registry/tai-len/")
    page.locator("input[type=file]").set_input_files(
        {"name": "don-vi.xlsx", "mimeType": "application/octet-stream", "buffer": _macro_workbook()}
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_text("Tệp có macro (VBA): không được nhập.")).to_be_visible()
    shot(page, artifacts, "security-upload-refused.png")


def test_every_menu_page_keeps_the_csp(
    guarded_page: Any, live_server: Any, registry: Any, national_targets: None
) -> None:
    """Every page the menu leads to (as a supervisor) loads with no CSP violation, no console
    error and no request leaving 127.0.0.1 (``guarded_page`` fails the test otherwise)."""
    page = guarded_page
    base = live_server.url
    login(page, base, registry.user.username, registry.password)
    hrefs = page.eval_on_selector_all(
        "nav a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
    )
    pages = sorted({h for h in hrefs if not h.endswith((".xlsx", ".docx", ".pdf"))})
    assert len(pages) >= 15, pages
    failed = []
    for href in pages:
        seen = len(page.guard.csp)
        response = page.goto(f"{base}{href}")
        page.wait_for_load_state("load")
        if response is None or response.status >= 400:
            failed.append(f"{href}: {response.status if response else 'no response'}")
        if len(page.guard.csp) > seen:
            failed.append(f"{href}: CSP violation")
    assert failed == []
