"""Verification of any signed PDF (TinhGon's or another issuer's) and of signed approvals.

The PDF check is pyHanko's own validation (integrity, coverage, changes after signing) against the
configured trust roots and CRLs; the result is told in Vietnamese. An approval is checked twice:
the stored CMS must verify over the stored canonical JSON, and the data as it is in the database
now must hash to the signed hash (a later change shows as "không còn khớp").
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko.sign.validation.status import SignatureCoverageLevel

from tinhgon.signatures import aio, trust
from tinhgon.signatures.canonical import canonical_json, sha256_hex


@dataclass
class SignatureReport:
    field_name: str
    signer: str  # common name
    subject: str
    issuer: str
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are unchanged and the signature is cryptographically valid
    trusted: bool  # chains to a configured trust root
    revoked: bool
    changed_after: bool  # the document was changed after this signature in a way not allowed
    messages: list[str] = field(default_factory=list)
    position: str = ""  # the certificate's title, organization
    body: str = ""

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted and not self.revoked and not self.changed_after

    @property
    def verdict(self) -> str:
        if not self.intact:
            return "Chữ ký KHÔNG hợp lệ: văn bản đã bị thay đổi sau khi ký."
        if self.changed_after:
            return "Chữ ký đúng với phiên bản đã ký, nhưng văn bản đã bị sửa đổi sau khi ký."
        if self.revoked:
            return "Chữ ký KHÔNG hợp lệ: chứng thư số đã bị thu hồi."
        if not self.trusted:
            return (
                "Văn bản không bị thay đổi, nhưng chứng thư số không thuộc danh sách tổ chức "
                "chứng thực được tin cậy: chưa xác định được người ký."
            )
        return "Chữ ký hợp lệ: văn bản không bị thay đổi sau khi ký, chứng thư số được tin cậy."


@dataclass
class PdfReport:
    signatures: list[SignatureReport]
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.signatures) and all(s.ok for s in self.signatures)

    @property
    def verdict(self) -> str:
        if self.error:
            return self.error
        if self.ok:
            return f"Văn bản có {len(self.signatures)} chữ ký số, tất cả hợp lệ."
        return "Văn bản KHÔNG được xác thực: xem chi tiết từng chữ ký."


_ALLOWED_AFTER = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES}


def verify_pdf(data: bytes) -> PdfReport:
    if not data.startswith(b"%PDF"):
        return PdfReport([], "Tệp không phải PDF.")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception:
        return PdfReport([], "Tệp PDF hỏng hoặc đã bị sửa, không đọc được: KHÔNG xác thực được.")
    if not embedded:
        return PdfReport([], "Văn bản không có chữ ký số.")
    out = []
    for i, emb in enumerate(embedded):
        try:
            st = validate_pdf_signature(emb, trust.context())
        except Exception as exc:
            out.append(
                SignatureReport(
                    field_name=str(emb.field_name),
                    signer="",
                    subject="",
                    issuer="",
                    signed_at=None,
                    intact=False,
                    trusted=False,
                    revoked=False,
                    changed_after=True,
                    messages=[f"Không kiểm tra được chữ ký: {exc}"],
                )
            )
            continue
        cert = st.signing_cert
        info = trust.describe(cert)
        last = i == len(embedded) - 1
        level = st.modification_level
        # a form-filling change is the next signer's field (a countersignature): allowed before
        # the last signature, not after it
        allowed = _ALLOWED_AFTER | ({ModificationLevel.FORM_FILLING} if not last else set())
        changed = st.coverage not in (
            SignatureCoverageLevel.ENTIRE_FILE,
            SignatureCoverageLevel.ENTIRE_REVISION,
        ) or (level is not None and level not in allowed)
        if st.docmdp_ok is False:
            changed = True
        out.append(
            SignatureReport(
                field_name=str(emb.field_name),
                signer=info.common_name,
                subject=info.subject,
                issuer=info.issuer,
                signed_at=st.signer_reported_dt,
                intact=bool(st.intact and st.valid),
                trusted=bool(st.trusted),
                revoked=bool(st.revoked),
                changed_after=changed,
                position=str(cert.subject.native.get("title", "") or ""),
                body=str(cert.subject.native.get("organization_name", "") or ""),
            )
        )
    return PdfReport(out)


@dataclass(frozen=True)
class ApprovalCheck:
    signature_valid: bool  # the CMS verifies over the stored canonical JSON
    data_matches: bool  # the data in the database now hashes to the signed hash
    current_hash: str
    signed_hash: str
    signer: str

    @property
    def verdict(self) -> str:
        if not self.signature_valid:
            return "Chữ ký số KHÔNG hợp lệ với dữ liệu đã lưu khi ký."
        if not self.data_matches:
            return (
                "Chữ ký KHÔNG còn khớp: dữ liệu đã bị thay đổi sau khi ký phê duyệt "
                "(mã băm hiện tại khác mã băm đã ký)."
            )
        return "Chữ ký hợp lệ và khớp với dữ liệu hiện tại."


def verify_approval(sig: Any, current: dict[str, Any] | None) -> ApprovalCheck:
    """``current``: the approval data as read from the database now (None: the record is gone)."""
    stored = sig.data.encode("utf-8")
    ok = sha256_hex(stored) == sig.data_hash
    if ok and sig.cms:
        try:
            content = cms.ContentInfo.load(bytes(sig.cms))
            status = aio.run(
                async_validate_detached_cms(
                    stored, content["content"], signer_validation_context=trust.context()
                )
            )
            ok = bool(status.intact and status.valid)
            cert_ok = status.signing_cert.dump() == bytes(sig.certificate)
            ok = ok and cert_ok
        except Exception:
            ok = False
    now_hash = sha256_hex(canonical_json(current)) if current is not None else ""
    cert = asn1_x509.Certificate.load(bytes(sig.certificate))
    return ApprovalCheck(
        signature_valid=ok,
        data_matches=now_hash == sig.data_hash,
        current_hash=now_hash,
        signed_hash=sig.data_hash,
        signer=trust.describe(cert).common_name,
    )


def local(value: dt.datetime | None) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M:%S}" if value else "—"
