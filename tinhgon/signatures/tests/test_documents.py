"""Signing a generated report (PAdES): verified by our command and by pyHanko itself; one byte
changed after signing, a wrong passphrase, an expired, revoked or foreign certificate fail."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry, Job
from tinhgon.reports import selectors
from tinhgon.reports.generate import check_request
from tinhgon.reports.models import GeneratedReport
from tinhgon.reports.render_pdf import render_pdf
from tinhgon.signatures import services, trust
from tinhgon.signatures.models import Signature
from tinhgon.signatures.services import KeyUse
from tinhgon.signatures.tests.conftest import CA, PASS, Keys, register
from tinhgon.signatures.verify import verify_pdf

TODAY = dt.date(2026, 11, 26)
UTC = dt.UTC


def report_pdf(signer: Any, owner: Any) -> tuple[GeneratedReport, bytes]:
    req = check_request("dvsncl_annual", "2025", "pdf", TODAY)
    doc = selectors.build(
        req.kind, req.period, None, today=TODAY, number=7, signer_name=services.person_name(signer)
    )
    job = Job.objects.create(kind="reports.generate", label="x", owner=owner, params={})
    rep = GeneratedReport.objects.create(
        kind=req.kind.code, period=req.period.code, format="pdf", owner=owner, job=job
    )
    return rep, render_pdf(doc)


def sign(people: Any, keys: Keys, data: bytes, rep: Any, seal: bool = True, **kw: Any) -> bytes:
    rows = services.document_sign(
        acting_user=people.leader,
        target=rep,
        data=data,
        file_name="bao-cao.pdf",
        person=KeyUse(keys.leader, kw.pop("secret", PASS)),
        seal=KeyUse(keys.province_seal, PASS) if seal else None,
        **kw,
    )
    return bytes(rows[0].document.read())


def test_sign_verify_by_command_and_pyhanko_then_one_byte_fails(
    people: Any, keys: Keys, tmp_path: Path, capsys: Any
) -> None:
    rep, data = report_pdf(people.leader, people.leader)
    signed = sign(people, keys, data, rep)
    assert Signature.objects.filter(object_id=rep.pk).count() == 2
    entry = AuditEntry.objects.filter(action="document_sign").order_by("pk").first()
    assert entry is not None and entry.after["subject"] == "Lanh-Dao"

    path = tmp_path / "da-ky.pdf"
    path.write_bytes(signed)
    call_command("verify_signature", str(path))
    out = capsys.readouterr().out
    assert "Chữ ký 1 (NguoiKy): Lanh-Dao" in out
    assert "Chữ ký 2 (CoQuanBanHanh): UBND tỉnh Hà Tĩnh" in out
    assert "Chuỗi chứng thư: được tin cậy" in out
    assert "Văn bản có 2 chữ ký số, tất cả hợp lệ." in out

    # pyHanko's own validation, independently of our code: trusted, intact, whole document
    roots = trust.trust_roots()
    from pyhanko_certvalidator import ValidationContext

    vc = ValidationContext(trust_roots=roots, allow_fetching=False)
    sigs = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    assert len(sigs) == 2
    for s in sigs:
        st = validate_pdf_signature(s, vc)
        assert st.bottom_line and st.intact and st.valid and st.trusted
    # long-term validation data: the CA and the CRL are in the document security store
    assert b"/DSS" in signed and b"/CRLs" in signed

    # the visible block: position, name, body and time on the last page above the name
    assert b"/Rect" in signed
    field = sigs[0].sig_field
    rect = [float(v) for v in field["/Rect"]]
    assert rect[0] > 595 / 2 - 10, "in the right half, where Decree 30 puts the signer"

    tampered = bytearray(signed)
    pos = signed.index(b"stream", len(signed) // 4) + 20  # one byte inside a signed content stream
    tampered[pos] ^= 0x01
    bad = tmp_path / "da-sua.pdf"
    bad.write_bytes(bytes(tampered))
    with pytest.raises(CommandError):
        call_command("verify_signature", str(bad))
    out = capsys.readouterr().out
    assert "KHÔNG" in out
    report = verify_pdf(bytes(tampered))
    assert not report.ok
    st = validate_pdf_signature(
        PdfFileReader(io.BytesIO(bytes(tampered)), strict=False).embedded_signatures[0], vc
    )
    assert not (st.intact and st.valid)


def test_wrong_passphrase_refused_nothing_signed(people: Any, keys: Keys) -> None:
    rep, data = report_pdf(people.leader, people.leader)
    with pytest.raises(Refused, match="Mật khẩu tệp khoá không đúng"):
        sign(people, keys, data, rep, secret="sai-mat-khau")
    assert not Signature.objects.exists()
    assert not AuditEntry.objects.filter(action="document_sign").exists()


def test_someone_elses_key_or_body_refused(people: Any, keys: Keys, registry: Any) -> None:
    rep, data = report_pdf(people.leader, people.leader)
    with pytest.raises(Refused, match="không phải của bạn"):
        services.document_sign(
            acting_user=people.leader,
            target=rep,
            data=data,
            file_name="x.pdf",
            person=KeyUse(keys.supervisor, PASS),
        )
    people.leader.organization = registry.health
    people.leader.save()
    with pytest.raises(Refused, match="chữ ký số của cơ quan khác"):
        sign(people, keys, data, rep)
    assert not Signature.objects.exists()


def test_certificate_of_another_person_not_registered(
    people: Any, test_ca: CA, signing_dir: Path
) -> None:
    with pytest.raises(Refused, match="không phải cho “Lanh-Dao”"):
        register(people.leader, None, test_ca.get("Nguyễn Văn Khác"), people.admin)


def test_expired_and_revoked_refused(
    people: Any, keys: Keys, test_ca: CA, signing_dir: Path
) -> None:
    name = services.person_name(people.inspector)
    expired = test_ca.get(
        name,
        not_before=dt.datetime(2026, 1, 1, tzinfo=UTC),
        not_after=dt.datetime(2026, 6, 30, tzinfo=UTC),
    )
    with pytest.raises(Refused, match="đã hết hạn ngày 30/06/2026"):
        register(people.inspector, None, expired, people.admin)

    # a key registered while in force, revoked later: refused at signing
    revoked = test_ca.get(name, title="Thanh tra viên")
    cred = register(people.inspector, None, revoked, people.admin)
    test_ca.ca.revoke(revoked.cert, dt.datetime(2026, 10, 1, tzinfo=UTC))
    try:
        (signing_dir / "crl" / "ca.crl").write_bytes(
            test_ca.ca.crl(dt.datetime(2026, 11, 1, tzinfo=UTC))
        )
        rep, data = report_pdf(people.inspector, people.inspector)
        with pytest.raises(Refused, match="đã bị thu hồi"):
            services.document_sign(
                acting_user=people.inspector,
                target=rep,
                data=data,
                file_name="x.pdf",
                person=KeyUse(cred, PASS),
            )
    finally:
        test_ca.ca.revoked.clear()
    assert not Signature.objects.exists()


def test_other_issuers_pdf_reported_untrusted(people: Any, keys: Keys, signing_dir: Path) -> None:
    rep, data = report_pdf(people.leader, people.leader)
    signed = sign(people, keys, data, rep, seal=False)
    (signing_dir / "trust" / "ca.pem").unlink()  # a verifier who does not trust our CA
    report = verify_pdf(signed)
    assert not report.ok
    (s,) = report.signatures
    assert s.intact and not s.trusted and s.signer == "Lanh-Dao"
    assert "không thuộc danh sách tổ chức chứng thực được tin cậy" in s.verdict


def test_unsigned_and_not_pdf(signing_dir: Path) -> None:
    assert verify_pdf(b"hello").verdict == "Tệp không phải PDF."
    assert not verify_pdf(b"%PDF-1.7\n%%EOF").ok


def test_page_changed_in_a_later_revision_is_reported(people: Any, keys: Keys) -> None:
    """A later incremental update that draws on the page keeps the signed bytes intact, but the
    document shown is no longer the one signed: reported as changed after signing."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    rep, data = report_pdf(people.leader, people.leader)
    signed = sign(people, keys, data, rep, seal=False)
    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    stream = generic.StreamObject(stream_data=b"0 0 1 rg 100 100 200 50 re f")
    w.add_stream_to_page(0, w.add_object(stream))
    out = io.BytesIO()
    w.write(out)
    report = verify_pdf(out.getvalue())
    (s,) = report.signatures
    assert s.intact and s.changed_after and not report.ok
    assert s.verdict == "Chữ ký đúng với phiên bản đã ký, nhưng văn bản đã bị sửa đổi sau khi ký."


def test_countersignature_keeps_the_first_valid(people: Any, keys: Keys, registry: Any) -> None:
    rep, data = report_pdf(people.leader, people.leader)
    first = sign(people, keys, data, rep, seal=False)
    people.supervisor.organization = registry.province
    rows = services.document_sign(
        acting_user=people.supervisor,
        target=rep,
        data=first,
        file_name="x.pdf",
        person=KeyUse(keys.supervisor, PASS),
        step="Ký xác nhận",
        visible=False,
    )
    report = verify_pdf(rows[0].document.read())
    assert [s.field_name for s in report.signatures] == ["NguoiKy", "NguoiKy2"]
    assert report.ok, [s.verdict for s in report.signatures]
