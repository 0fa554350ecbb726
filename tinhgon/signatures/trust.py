"""Trust roots and revocation lists, from files in the signing directory (offline, no fetching).

``TINHGON_SIGNATURE_DIR`` (default ``var/signing``) holds ``trust/*.pem|*.crt|*.cer`` (the roots
a signature must chain to: the national root CA and the licensed providers' CAs in production, the
test CA in the demo) and ``crl/*.crl`` (the providers' current CRLs, refreshed by whoever runs the
server). Nothing is fetched from the network at run time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator import errors as cv_errors

from tinhgon.core.errors import Refused
from tinhgon.signatures import aio


def signing_dir() -> Path:
    return Path(settings.TINHGON_SIGNATURE_DIR)


def _der_blocks(data: bytes) -> list[bytes]:
    if pem.detect(data):
        return [der for _type, _headers, der in pem.unarmor(data, multiple=True)]
    return [data]


def trust_roots() -> list[asn1_x509.Certificate]:
    out: list[asn1_x509.Certificate] = []
    folder = signing_dir() / "trust"
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.suffix.lower() in {".pem", ".crt", ".cer", ".der"}:
            out.extend(asn1_x509.Certificate.load(der) for der in _der_blocks(path.read_bytes()))
    return out


def crls() -> list[bytes]:
    folder = signing_dir() / "crl"
    if not folder.is_dir():
        return []
    return [der for path in sorted(folder.glob("*.crl")) for der in _der_blocks(path.read_bytes())]


def context(moment: dt.datetime | None = None) -> ValidationContext:
    """A validation context of the configured roots and CRLs; revocation checked whenever a CRL
    for the issuer is there (``soft-fail``: a chain without CRLs is still checked for trust)."""
    return ValidationContext(
        trust_roots=trust_roots(),
        crls=crls(),
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=moment,
    )


@dataclass(frozen=True)
class CertInfo:
    subject: str
    common_name: str
    issuer: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime


def describe(cert: asn1_x509.Certificate) -> CertInfo:
    native = cert.subject.native
    return CertInfo(
        subject=cert.subject.human_friendly,
        common_name=str(native.get("common_name", "")),
        issuer=cert.issuer.human_friendly,
        serial=format(cert.serial_number, "X"),
        not_before=cert.not_valid_before,
        not_after=cert.not_valid_after,
    )


def check_certificate(cert: asn1_x509.Certificate, now: dt.datetime) -> None:
    """Refuse a certificate that is expired, not yet valid, revoked or not from a trusted CA."""
    info = describe(cert)
    if now > info.not_after:
        raise Refused.one(
            "certificate",
            f"Chứng thư số của “{info.common_name}” đã hết hạn ngày "
            f"{info.not_after:%d/%m/%Y}: không ký được. Đề nghị gia hạn hoặc cấp chứng thư mới.",
        )
    if now < info.not_before:
        raise Refused.one(
            "certificate",
            f"Chứng thư số của “{info.common_name}” chưa có hiệu lực (từ {info.not_before:%d/%m/%Y}).",
        )
    validator = CertificateValidator(cert, validation_context=context(now))
    try:
        aio.run(validator.async_validate_usage({"non_repudiation"}))
    except cv_errors.RevokedError as exc:
        raise Refused.one(
            "certificate",
            f"Chứng thư số của “{info.common_name}” đã bị thu hồi: không ký được.",
        ) from exc
    except cv_errors.PathBuildingError as exc:
        raise Refused.one(
            "certificate",
            f"Chứng thư số của “{info.common_name}” không do tổ chức cung cấp dịch vụ chứng thực "
            "được tin cậy cấp (không tìm thấy chứng thư gốc trong danh sách tin cậy).",
        ) from exc
    except (cv_errors.PathValidationError, cv_errors.InvalidCertificateError) as exc:
        raise Refused.one(
            "certificate",
            f"Chứng thư số của “{info.common_name}” không hợp lệ để ký: {exc}",
        ) from exc
