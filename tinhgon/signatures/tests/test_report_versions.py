"""The consolidated report version is the document that is signed: at the leader's sign-off its
PDF (with the number from the yearly counter) is signed by the leader and sealed by the issuing
body, stored with its checksum and sent as it is; agencies' submissions can be approved signed."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tinhgon.core.approval import ApprovalStatus
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.reports import services as report_services
from tinhgon.reports import snapshot
from tinhgon.reports.models import DocumentCounter, ReportVersion, Submission, VersionStatus
from tinhgon.signatures import approvals, services, trust
from tinhgon.signatures.models import Signature
from tinhgon.signatures.services import KeyUse
from tinhgon.signatures.tests.conftest import CA, PASS, Keys, register
from tinhgon.signatures.verify import verify_pdf


def _submitted(registry: Any, people: Any) -> Submission:
    today = timezone.localdate()
    rnd = report_services.round_open(
        acting_user=people.supervisor, kind="dvsncl_annual", period="2025", plan_id=None,
        today=today,
    )  # fmt: skip
    sub = Submission.objects.get(round=rnd, organization=registry.health)
    sub = report_services.submission_update(
        acting_user=people.officer_a, submission=sub, expected_version=sub.version,
        results="Hoàn thành sắp xếp.", problems="", proposals="",
    )  # fmt: skip
    return report_services.submission_submit(
        acting_user=people.officer_a, submission=sub, expected_version=sub.version, today=today
    )


def _draft(registry: Any, people: Any) -> ReportVersion:
    sub = _submitted(registry, people)
    report_services.submission_decide(
        acting_user=people.supervisor, submission=sub, expected_version=sub.version, approve=True
    )
    return report_services.version_consolidate(
        acting_user=people.supervisor, rnd=sub.round, today=timezone.localdate()
    )


def _stored(v: ReportVersion) -> bytes:
    with v.pdf.open("rb") as f:
        return bytes(f.read())


def _words(data: bytes) -> list[tuple[float, float, float, float, str]]:
    out = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    pat = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pat, out)]


def test_sign_off_signs_the_version_pdf_which_is_sent_and_verifies(
    registry: Any, people: Any, keys: Keys, tmp_path: Path, capsys: Any, web: Any
) -> None:
    v = _draft(registry, people)
    page = web("leader").get(f"/bao-cao/ban/{v.pk}/").content.decode()
    assert "Ký số và ký duyệt" in page and "unsigned-sign-off" not in page
    # Through the page: a deputy signs for the chairman, the passphrases typed there.
    resp = web("leader").post(
        f"/ky-so/ban-tong-hop/{v.pk}/ky/",
        {"credential": keys.leader.pk, "secret": PASS, "signer_as": "deputy",
         "seal": keys.province_seal.pk, "seal_secret": PASS},
    )  # fmt: skip
    assert resp.status_code == 302 and resp["Location"] == f"/bao-cao/ban/{v.pk}/"
    v.refresh_from_db()
    assert v.status == VersionStatus.SIGNED and v.snapshot["number"] == 1
    assert v.snapshot["signer"]["name"] == "Lanh-Dao"  # the name on the certificate
    signed = _stored(v)
    assert snapshot.sha256(signed) == v.file_checksums["pdf"]
    rows = list(Signature.objects.filter(object_id=v.pk, content_type__model="reportversion"))
    assert [r.step for r in rows] == ["Ký ban hành", "Chữ ký số của cơ quan ban hành"]
    assert rows[0].data_hash == v.file_checksums["pdf"]
    text = subprocess.run(["pdftotext", "-", "-"], input=signed, capture_output=True).stdout
    assert "Số: 01/BC-UBND".encode() in text and "PHÓ CHỦ TỊCH".encode() in text

    # The visible block sits in the Decree 30 signer area: right half of the last page, between
    # the position line ("PHÓ CHỦ TỊCH") and the printed name, over the gap left for it.
    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    x1, y1, x2, y2 = (float(n) for n in embedded[0].sig_field["/Rect"])
    words = _words(signed)
    height = 842.0
    name = next(w for w in reversed(words) if w[4] == "Lanh-Dao")
    position = next(w for w in reversed(words) if w[4] == "TỊCH" and w[1] < name[1])
    assert x1 > 595 / 2 - 10 and x1 < name[0] and x2 > name[2]
    assert height - name[1] < y1 + 4 and y2 < height - position[3] + 4
    assert "/Rect" not in str(embedded[1].sig_field) or embedded[1].sig_field["/Rect"][2] == 0

    # Our command and pyHanko's own validator both say valid and trusted.
    path = tmp_path / "ban-da-ky.pdf"
    path.write_bytes(signed)
    call_command("verify_signature", str(path))
    out = capsys.readouterr().out
    assert "Chữ ký 1 (NguoiKy): Lanh-Dao" in out
    assert "Chữ ký 2 (CoQuanBanHanh): UBND tỉnh Hà Tĩnh" in out
    assert "Văn bản có 2 chữ ký số, tất cả hợp lệ." in out
    vc = ValidationContext(trust_roots=trust.trust_roots(), allow_fetching=False)
    for emb in embedded:
        st = validate_pdf_signature(emb, vc)
        assert st.bottom_line and st.intact and st.valid and st.trusted

    # The page shows the panel: signer, position, chain, intact, and the link to verify.
    page = web("supervisor").get(f"/bao-cao/ban/{v.pk}/").content.decode()
    assert 'data-testid="document-signature-panel" data-signed="1" data-ok="1"' in page
    assert "Lanh-Dao · Phó Chủ tịch" in page and "được tin cậy" in page
    assert "/ky-so/kiem-tra/" in page

    # Sending keeps that very file: same bytes, same checksum; docx and xlsx stored beside it.
    sent = report_services.version_send(acting_user=people.supervisor, version=v)
    assert sent.status == VersionStatus.SENT and set(sent.file_checksums) == {"docx", "xlsx", "pdf"}
    assert _stored(sent) == signed and sent.file_checksums["pdf"] == snapshot.sha256(signed)
    assert services_version_download(web, sent) == signed
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"report_sign_off", "document_sign", "report_pdf_store", "report_send"} <= actions

    # One byte changed in the stored file: the command fails, the page says so.
    tampered = bytearray(signed)
    tampered[signed.index(b"stream", len(signed) // 4) + 20] ^= 0x01
    bad = tmp_path / "da-sua.pdf"
    bad.write_bytes(bytes(tampered))
    with pytest.raises(CommandError):
        call_command("verify_signature", str(bad))
    assert not verify_pdf(bytes(tampered)).ok
    Path(sent.pdf.path).write_bytes(bytes(tampered))
    page = web("supervisor").get(f"/bao-cao/ban/{v.pk}/").content.decode()
    assert 'data-ok="0"' in page and "KHÔNG khớp mã kiểm tra" in page


def services_version_download(web: Any, v: ReportVersion) -> bytes:
    resp = web("supervisor").get(f"/bao-cao/ban/{v.pk}/tai/pdf/")
    assert resp.status_code == 200
    return bytes(resp.content)


def test_wrong_passphrase_leaves_the_version_unsigned_and_unchanged(
    registry: Any, people: Any, keys: Keys, web: Any, test_ca: CA
) -> None:
    v = _draft(registry, people)
    before = (v.snapshot, v.checksum, v.version)
    with pytest.raises(Refused, match="Mật khẩu tệp khoá không đúng"):
        services.report_version_sign(
            acting_user=people.leader, version=v, person=KeyUse(keys.leader, "sai-mat-khau"),
            seal=KeyUse(keys.province_seal, PASS),
        )  # fmt: skip
    # A certificate naming another body than where the leader works would print that body.
    other = register(
        people.leader,
        None,
        test_ca.get(
            services.person_name(people.leader), title="Phó Chủ tịch", organization="Sở Y tế"
        ),
        people.admin,
    )
    with pytest.raises(Refused, match="không phải nơi bạn công tác"):
        services.report_version_sign(
            acting_user=people.leader, version=v, person=KeyUse(other, PASS), deputy=True
        )
    resp = web("leader").post(
        f"/ky-so/ban-tong-hop/{v.pk}/ky/",
        {"credential": keys.leader.pk, "secret": PASS, "seal": keys.province_seal.pk,
         "seal_secret": "sai"},
    )  # fmt: skip
    assert resp.status_code == 200 and "Mật khẩu tệp khoá không đúng" in resp.content.decode()
    # A deputy (the certificate says "Phó Chủ tịch") cannot sign as the head.
    with pytest.raises(Refused, match="cấp phó ký thay"):
        services.report_version_sign(
            acting_user=people.leader, version=v, person=KeyUse(keys.leader, PASS), deputy=False
        )
    v.refresh_from_db()
    assert v.status == VersionStatus.DRAFT and (v.snapshot, v.checksum, v.version) == before
    assert not v.pdf and v.file_checksums == {} and v.snapshot["number"] is None
    assert not Signature.objects.exists() and not ReportVersion.objects.exclude(pdf="").exists()
    assert not DocumentCounter.objects.filter(last_number__gt=0).exists()  # no number taken
    assert not AuditEntry.objects.filter(action__in=["report_sign_off", "document_sign"]).exists()


def test_without_a_key_the_sign_off_says_the_document_is_not_digitally_signed(
    registry: Any, people: Any, web: Any
) -> None:
    v = _draft(registry, people)
    page = web("leader").get(f"/bao-cao/ban/{v.pk}/").content.decode()
    assert 'data-testid="unsigned-sign-off"' in page and "KHÔNG có chữ ký số" in page
    assert "Ký số và ký duyệt" not in page
    resp = web("leader").post(f"/bao-cao/ban/{v.pk}/", {"op": "sign", "signer": "Võ Trọng Hải"})
    assert resp.status_code == 302
    page = web("supervisor").get(f"/bao-cao/ban/{v.pk}/").content.decode()
    assert 'data-testid="not-digitally-signed"' in page
    assert "Văn bản này KHÔNG có chữ ký số." in page
    sent = report_services.version_send(acting_user=people.supervisor, version=v)
    assert verify_pdf(_stored(sent)).verdict == "Văn bản không có chữ ký số."


def test_submission_approval_signed_then_changed(
    registry: Any, people: Any, keys: Keys, web: Any
) -> None:
    sub = _submitted(registry, people)
    assert "reports.submission" in approvals.kinds()
    page = web("supervisor").get(f"/bao-cao/don-vi/{sub.pk}/").content.decode()
    assert "Ký số và phê duyệt" in page
    resp = web("supervisor").post(
        f"/ky-so/phe-duyet/reports.submission/{sub.pk}/",
        {"credential": keys.supervisor.pk, "secret": PASS, "version": sub.version},
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    sub.refresh_from_db()
    assert sub.status == ApprovalStatus.APPROVED
    sig = Signature.objects.get(object_id=sub.pk, content_type__model="submission")
    assert f'"checksum":"{sub.checksum}"' in sig.data and "Hoàn thành sắp xếp." in sig.data
    page = web("supervisor").get(f"/bao-cao/don-vi/{sub.pk}/").content.decode()
    assert "Chữ ký hợp lệ và khớp với dữ liệu hiện tại" in page
    Submission.objects.filter(pk=sub.pk).update(results="Sửa sau khi ký.")
    page = web("supervisor").get(f"/bao-cao/don-vi/{sub.pk}/").content.decode()
    assert "Chữ ký KHÔNG còn khớp" in page
    # the maker cannot sign the approval of their own submission; an officer is not offered it
    assert (
        "Ký số và phê duyệt"
        not in web("officer_a").get(f"/bao-cao/don-vi/{sub.pk}/").content.decode()
    )
