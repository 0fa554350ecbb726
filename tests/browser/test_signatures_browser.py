"""Digital signatures in a real browser: Sở Nội vụ approves an agency's progress report with a
signature, signs the consolidated report (its own signature above the signer block and the
province's seal), downloads it, and the verification page says it is valid.

Real time (the live server runs in another thread): the TEST CA is made for today.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.pages import login, menu, shot
from tests.browser.test_plans_browser import PDF, plan_setup  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSPHRASE = "mat-khau-khoa-ky"


@pytest.fixture
def signing(registry: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    """A TEST CA of today in a fresh signing directory; keys for the supervisor and the province."""
    from django.utils import timezone

    from tinhgon.signatures import services
    from tinhgon.signatures.choices import CredentialKind
    from tinhgon.signatures.testca import TestCA

    folder = tmp_path / "signing"
    (folder / "trust").mkdir(parents=True)
    (folder / "crl").mkdir()
    settings.TINHGON_SIGNATURE_DIR = folder
    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.now()
    ca = TestCA.create(now)
    (folder / "trust" / "ca.pem").write_bytes(ca.cert_pem)
    (folder / "crl" / "ca.crl").write_bytes(ca.crl(now))
    valid = {"not_before": now - dt.timedelta(days=1), "not_after": now + dt.timedelta(days=365)}
    user = registry.user
    person = ca.issue(
        services.person_name(user),
        passphrase=PASSPHRASE,
        organization=str(user.organization),  # the body the person works for, as registered
        title="Chuyên viên",
        **valid,
    )
    seal = ca.issue(str(registry.province), passphrase=PASSPHRASE, **valid)
    for who, org, item in ((user, None, person), (None, registry.province, seal)):
        services.credential_register(
            acting_user=user,
            kind=CredentialKind.PKCS12,
            secret=PASSPHRASE,
            user=who,
            organization=org,
            pkcs12=item.p12,
        )
    return {"folder": folder}


def test_signed_approval_signed_report_verified(
    guarded_page: Any,
    live_server: Any,
    registry: Any,
    plan_setup: dict[str, Any],  # noqa: F811
    signing: dict[str, Any],
    immediate_tasks: None,
    artifacts: Path,
    tmp_path: Path,
) -> None:
    page = guarded_page
    base = live_server.url

    # 1. The officer of Sở GD&ĐT submits a progress report.
    login(page, base, "canbo-gddt", registry.password)
    page.goto(f"{base}/ke-hoach/nhiem-vu/{plan_setup['task'].pk}/")
    page.get_by_label("Tình hình thực hiện").select_option("completed")
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("100")
    page.get_by_label("Kết quả thực hiện").fill("Đã rà soát 32 trường trung học phổ thông.")
    page.get_by_role("button", name="Lưu báo cáo").click()
    page.get_by_role("button", name="Gửi Sở Nội vụ").click()
    expect(page.get_by_test_id("report-status")).to_have_attribute("data-status", "submitted")
    report_url = page.url

    # 2. Sở Nội vụ approves it with a signature: a wrong passphrase first, refused.
    login(page, base, registry.user.username, registry.password)
    page.goto(report_url)
    panel = page.get_by_test_id("signature-panel")
    expect(panel).to_contain_text("Chưa có chữ ký số.")
    panel.get_by_role("link", name="Ký số và phê duyệt").click()
    expect(page.get_by_test_id("signed-data")).to_contain_text('"percent":100')
    page.get_by_label("Mật khẩu tệp khoá / mã PIN token").fill("sai-mat-khau")
    page.get_by_role("button", name="Ký số và phê duyệt").click()
    expect(page.get_by_role("alert")).to_contain_text("Mật khẩu tệp khoá không đúng")
    page.get_by_label("Mật khẩu tệp khoá / mã PIN token").fill(PASSPHRASE)
    page.get_by_label("Ý kiến phê duyệt").fill("Đồng ý kết quả rà soát.")
    shot(page, artifacts, "signatures-01-sign-approval.png")
    page.get_by_role("button", name="Ký số và phê duyệt").click()
    expect(page.get_by_test_id("report-status")).to_have_attribute("data-status", "approved")
    expect(page.get_by_test_id("approval-verdict")).to_have_text(
        "Chữ ký hợp lệ và khớp với dữ liệu hiện tại."
    )
    shot(page, artifacts, "signatures-02-approved-signed.png")

    # 3. The consolidated report: generated as PDF, signed by the person and the province's seal.
    menu(page, "Công cụ", "Ký số báo cáo")
    page.get_by_label("Kỳ báo cáo").fill("2025")
    page.get_by_role("button", name="Tạo báo cáo tổng hợp (PDF)").click()
    row = page.get_by_test_id("report-row").first
    expect(row).to_contain_text("Chưa ký")
    row.get_by_role("link", name="Ký số").click()
    page.get_by_label("Mật khẩu / PIN", exact=True).fill(PASSPHRASE)
    page.get_by_label("Chữ ký số của cơ quan (không bắt buộc)").select_option(index=1)
    page.get_by_label("Mật khẩu / PIN của cơ quan").fill(PASSPHRASE)
    expect(page.get_by_test_id("no-number")).to_contain_text("chưa có số, ký hiệu văn bản")
    page.get_by_role("button", name="Ký số", exact=True).click()
    expect(row).to_contain_text("Ký xác nhận")
    shot(page, artifacts, "signatures-03-signed-report.png")
    with page.expect_download() as info:
        row.get_by_test_id("download-signed").click()
    signed = tmp_path / "bao-cao-da-ky.pdf"
    info.value.save_as(signed)
    assert signed.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):  # the last page with the visible signature, to look at
        subprocess.run(
            ["pdftoppm", "-l", "9", "-r", "60", "-png", str(signed), str(tmp_path / "p")],
            check=True,
        )
        last = sorted(tmp_path.glob("p-*.png"))[-1]
        shutil.copy(last, artifacts / "signatures-04-signed-last-page.png")

    # 4. The verification page reports it valid; a copy with one byte changed is refused.
    menu(page, "Công cụ", "Kiểm tra chữ ký số", exact=True)
    page.get_by_label("Tệp PDF").set_input_files(str(signed))
    page.get_by_role("button", name="Kiểm tra").click()
    verdict = page.get_by_test_id("verdict")
    expect(verdict).to_have_attribute("data-ok", "1")
    expect(verdict).to_contain_text("Văn bản có 2 chữ ký số, tất cả hợp lệ.")
    expect(page.get_by_test_id("signature").first).to_contain_text("Nguyễn Thị Lan")
    shot(page, artifacts, "signatures-05-verified.png")

    data = bytearray(signed.read_bytes())
    data[len(data) // 3] ^= 0x20
    changed = tmp_path / "bao-cao-bi-sua.pdf"
    changed.write_bytes(bytes(data))
    page.get_by_label("Tệp PDF").set_input_files(str(changed))
    page.get_by_role("button", name="Kiểm tra").click()
    expect(verdict).to_have_attribute("data-ok", "0")
    shot(page, artifacts, "signatures-06-changed.png")
