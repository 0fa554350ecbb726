"""A report collected in a real browser: Sở Nội vụ opens a round from the reporting calendar; two
agencies write and submit their contributions; one is returned with a reason and resubmits; the
supervisor approves both and consolidates (a background job with its progress page); the leader
signs off with a digital signature (a TEST CA of today: the leader's key and the province's seal);
the supervisor marks it sent; the Word, Excel and PDF files are downloaded, the PDF's pages are
rendered to images (pdftoppm) and kept with the screenshots, and the verification page reports
the sent PDF valid."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.pages import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(registry: Any) -> dict[str, Any]:
    from tinhgon.accounts.models import User

    def make(username: str, role: str, scope: Any, first: str, last: str) -> Any:
        return User.objects.create_user(
            username=username, password=registry.password, role=role, first_name=first,
            last_name=last, scope_root=scope, organization=scope,
        )  # fmt: skip

    return {
        "dept": make("canbo-gddt", "officer", registry.department, "Nam", "Võ Đình"),
        "district": make("canbo-ductho", "officer", registry.district, "Hoa", "Lê Thị"),
        "leader": make("lanhdao", "leader", registry.province, "Hải", "Võ Trọng"),
    }


PASSPHRASE = "mat-khau-lanh-dao"


@pytest.fixture
def leader_keys(registry: Any, people: dict[str, Any], settings: Any, tmp_path: Path) -> None:
    """The leader's key (a deputy: "Phó Chủ tịch") and the province's seal, from a TEST CA."""
    from django.utils import timezone

    from tinhgon.signatures import services
    from tinhgon.signatures.choices import CredentialKind
    from tinhgon.signatures.testca import TestCA

    folder = tmp_path / "signing"
    (folder / "trust").mkdir(parents=True)
    (folder / "crl").mkdir()
    settings.TINHGON_SIGNATURE_DIR = folder
    now = timezone.now()
    ca = TestCA.create(now)
    (folder / "trust" / "ca.pem").write_bytes(ca.cert_pem)
    (folder / "crl" / "ca.crl").write_bytes(ca.crl(now))
    valid = {"not_before": now - dt.timedelta(days=1), "not_after": now + dt.timedelta(days=365)}
    leader = people["leader"]
    body = str(registry.province)
    person = ca.issue(
        services.person_name(leader), passphrase=PASSPHRASE, organization=body,
        title="Phó Chủ tịch", **valid,
    )  # fmt: skip
    seal = ca.issue(body, passphrase=PASSPHRASE, organization=body, **valid)
    for who, org, item in ((leader, None, person), (None, registry.province, seal)):
        services.credential_register(
            acting_user=registry.user, kind=CredentialKind.PKCS12, secret=PASSPHRASE, user=who,
            organization=org, pkcs12=item.p12,
        )  # fmt: skip


def _write_and_submit(page: Any, base: str, results: str) -> None:
    page.goto(f"{base}/bao-cao/")
    page.get_by_test_id("my-submissions").get_by_role("link", name="Mở").first.click()
    page.get_by_label("Kết quả nổi bật").fill(results)
    page.get_by_label("Khó khăn, vướng mắc").fill("Thiếu giáo viên mầm non.")
    page.get_by_label("Đề xuất, kiến nghị").fill("Bổ sung biên chế giáo viên.")
    page.get_by_role("button", name="Gửi Sở Nội vụ").click()
    expect(page.get_by_test_id("submission-status")).to_have_attribute("data-status", "submitted")


def test_collect_return_consolidate_sign_send_download(
    guarded_page: Any,
    live_server: Any,
    registry: Any,
    people: dict[str, Any],
    immediate_tasks: None,
    artifacts: Path,
    tmp_path: Path,
    settings: Any,
    leader_keys: None,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    page = guarded_page
    base = live_server.url

    # 1. Sở Nội vụ opens this year's public-service-unit report from the calendar.
    login(page, base, "chuyenvien", registry.password)
    page.goto(f"{base}/bao-cao/")
    expect(page.get_by_role("heading", name="Lịch báo cáo năm 2026")).to_be_visible()
    shot(page, artifacts, "reports-00-calendar.png")
    row = page.locator("tr[data-kind='dvsncl_annual'][data-period='2026']")
    row.get_by_role("button", name="Mở đợt báo cáo").click()
    expect(page.get_by_test_id("collection-summary")).to_contain_text("chưa gửi 2")
    shot(page, artifacts, "reports-01-round-opened.png")
    round_url = page.url

    # 2. Both agencies write their parts and submit; each sees its own data in the preview.
    login(page, base, "canbo-gddt", registry.password)
    _write_and_submit(page, base, "Hợp nhất 2 trường THPT.")
    expect(page.get_by_test_id("report-preview")).to_contain_text("SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    shot(page, artifacts, "reports-02-agency-submitted.png")
    login(page, base, "canbo-ductho", registry.password)
    _write_and_submit(page, base, "Rà soát 3 trường mầm non.")

    # 3. The supervisor returns the district's report with a reason and approves the other.
    login(page, base, "chuyenvien", registry.password)
    page.goto(round_url)
    page.locator("tr[data-agency='UBND huyện Đức Thọ']").get_by_role("link", name="Xem").click()
    page.get_by_label("Lý do (bắt buộc khi trả lại)").fill("Thiếu số liệu trường mầm non.")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_test_id("submission-status")).to_have_attribute("data-status", "returned")
    page.goto(round_url)
    page.locator("tr[data-agency='Sở Giáo dục và Đào tạo']").get_by_role("link", name="Xem").click()
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_test_id("submission-status")).to_have_attribute("data-status", "approved")

    # 4. The district's officer sees the reason, corrects and resubmits; the supervisor approves.
    login(page, base, "canbo-ductho", registry.password)
    page.goto(f"{base}/bao-cao/")
    page.get_by_test_id("my-submissions").get_by_role("link", name="Mở").first.click()
    expect(page.get_by_test_id("return-reason")).to_contain_text("Thiếu số liệu trường mầm non.")
    page.get_by_label("Kết quả nổi bật").fill("Rà soát 3 trường mầm non; đủ số liệu.")
    page.get_by_role("button", name="Gửi Sở Nội vụ").click()
    expect(page.get_by_test_id("submission-status")).to_have_attribute("data-status", "submitted")
    login(page, base, "chuyenvien", registry.password)
    page.goto(round_url)
    page.locator("tr[data-agency='UBND huyện Đức Thọ']").get_by_role("link", name="Xem").click()
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_test_id("submission-status")).to_have_attribute("data-status", "approved")

    # 5. Consolidation runs as a job with a progress page the user can leave and come back to.
    page.goto(round_url)
    expect(page.get_by_test_id("collection-summary")).to_contain_text("Đã phê duyệt 2/2")
    page.get_by_role("button", name="Tổng hợp báo cáo").click()
    expect(page.get_by_test_id("job-progress")).to_have_attribute("data-status", "done")
    shot(page, artifacts, "reports-03-consolidation-job.png")
    page.get_by_role("link", name="Xem kết quả").click()
    page.get_by_test_id("versions").get_by_role("link", name="Xem trước").first.click()
    preview = page.get_by_test_id("report-preview")
    expect(preview).to_contain_text("Tình hình báo cáo của các cơ quan, đơn vị")
    expect(preview).to_contain_text("UBND huyện Đức Thọ: Rà soát 3 trường mầm non; đủ số liệu.")
    version_url = page.url

    # 6. The leader signs off with a digital signature (a deputy for the chairman: "KT."); a
    # wrong passphrase is refused first. Then the supervisor marks it sent.
    login(page, base, "lanhdao", registry.password)
    page.goto(version_url)
    page.get_by_test_id("sign-digitally").click()
    expect(page.get_by_label("Thẩm quyền ký")).to_have_value("deputy")
    page.get_by_label("Mật khẩu / PIN", exact=True).fill("sai-mat-khau")
    page.get_by_label("Mật khẩu / PIN của cơ quan").fill(PASSPHRASE)
    page.get_by_role("button", name="Ký số và ký duyệt").click()
    expect(page.get_by_role("alert")).to_contain_text("Mật khẩu tệp khoá không đúng")
    page.get_by_label("Mật khẩu / PIN", exact=True).fill(PASSPHRASE)
    page.get_by_label("Mật khẩu / PIN của cơ quan").fill(PASSPHRASE)
    shot(page, artifacts, "reports-04-sign-digitally.png")
    page.get_by_role("button", name="Ký số và ký duyệt").click()
    expect(page.get_by_test_id("version-status")).to_have_attribute("data-status", "signed")
    expect(page.get_by_test_id("report-preview")).to_contain_text("Số: 01/BC-UBND")
    panel = page.get_by_test_id("document-signature-panel")
    expect(panel).to_have_attribute("data-ok", "1")
    expect(panel).to_contain_text("Võ Trọng Hải · Phó Chủ tịch · UBND tỉnh Hà Tĩnh")
    login(page, base, "chuyenvien", registry.password)
    page.goto(version_url)
    page.get_by_role("button", name="Đánh dấu đã gửi").click()
    expect(page.get_by_test_id("version-status")).to_have_attribute("data-status", "sent")
    expect(page.get_by_test_id("document-signature-panel")).to_have_attribute("data-ok", "1")
    shot(page, artifacts, "reports-05-sent-signed.png")

    # 7. Download the three files and open them.
    files = {}
    for fmt in ("docx", "xlsx", "pdf"):
        with page.expect_download() as dl:
            page.locator(f"a[data-format='{fmt}']").click()
        path = tmp_path / f"bao-cao.{fmt}"
        dl.value.save_as(path)
        files[fmt] = path
    doc = Document(io.BytesIO(files["docx"].read_bytes()))
    texts = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "Số: 01/BC-UBND" in texts and "Võ Trọng Hải" in texts
    wb = load_workbook(files["xlsx"])
    assert wb.sheetnames[0] == "Thông tin" and wb.worksheets[1].freeze_panes == "B4"
    text = subprocess.run(
        ["pdftotext", str(files["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Võ Trọng Hải" in text
    assert shutil.which("pdftoppm")
    prefix = artifacts / "reports-06-pdf-page"
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(files["pdf"]), str(prefix)], check=True)
    assert sorted(artifacts.glob("reports-06-pdf-page*.png"))

    # 8. The sent PDF, as downloaded, is reported valid by the verification page.
    page.goto(f"{base}/ky-so/kiem-tra/")
    page.get_by_label("Tệp PDF").set_input_files(str(files["pdf"]))
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_test_id("verdict")).to_have_attribute("data-ok", "1")
    expect(page.get_by_test_id("verdict")).to_contain_text("2 chữ ký số, tất cả hợp lệ")
    shot(page, artifacts, "reports-07-verified.png")
