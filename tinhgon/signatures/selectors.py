"""Reads of the signatures app: the signatures of an object with their status recomputed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from tinhgon.reports.kinds import KINDS
from tinhgon.reports.models import GeneratedReport
from tinhgon.signatures import approvals, services
from tinhgon.signatures.canonical import sha256_hex
from tinhgon.signatures.choices import SignatureKind
from tinhgon.signatures.models import Signature
from tinhgon.signatures.verify import ApprovalCheck, PdfReport, verify_approval, verify_pdf


def signatures_of(obj: models.Model) -> list[Signature]:
    return list(
        Signature.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).select_related("signer", "credential")
    )


@dataclass(frozen=True)
class ApprovalRow:
    signature: Signature
    check: ApprovalCheck


def approval_rows(obj: models.Model) -> list[ApprovalRow]:
    """Each approval signature of ``obj`` with the data re-read from the database now."""
    rows = []
    kind = approvals.kinds().get(approvals.key_of(obj))
    for sig in signatures_of(obj):
        if sig.kind != SignatureKind.APPROVAL:
            continue
        current = None
        if kind is not None:
            fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
            current = services.approval_data(kind, fresh) if fresh is not None else None
        rows.append(ApprovalRow(sig, verify_approval(sig, current)))
    return rows


def document_signatures(report: models.Model) -> list[Signature]:
    return [s for s in signatures_of(report) if s.kind == SignatureKind.DOCUMENT]


@dataclass(frozen=True)
class DocumentCheck:
    """The signatures of a document and the check of its stored file, made now."""

    signatures: list[Signature]
    report: PdfReport | None  # pyHanko's validation of the stored file (None: nothing signed)
    file_hash: str  # SHA-256 of the stored file
    recorded_hash: str  # the checksum recorded for it ("" when none)

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def checksum_ok(self) -> bool:
        return not self.recorded_hash or self.recorded_hash == self.file_hash

    @property
    def ok(self) -> bool:
        return self.report is not None and self.report.ok and self.checksum_ok


def stored_pdf(obj: models.Model, sigs: list[Signature]) -> tuple[bytes, str]:
    """The file that is kept (and sent) for ``obj``: its own ``pdf`` when it has one (a report
    version), else the last signed file; with the checksum recorded for it."""
    own = getattr(obj, "pdf", None)
    source = own if own else (sigs[-1].document if sigs else None)
    if not source:
        return b"", ""
    with source.open("rb") as fh:
        data = bytes(fh.read())
    recorded = (getattr(obj, "file_checksums", None) or {}).get("pdf", "") if own else ""
    return data, str(recorded or (sigs[-1].data_hash if sigs else ""))


def document_check(obj: models.Model) -> DocumentCheck:
    sigs = document_signatures(obj)
    if not sigs:
        return DocumentCheck([], None, "", "")
    data, recorded = stored_pdf(obj, sigs)
    return DocumentCheck(sigs, verify_pdf(data), sha256_hex(data), recorded)


@dataclass(frozen=True)
class ReportRow:
    report: GeneratedReport
    kind_name: str
    signatures: list[Signature]


def report_rows(user: Any, limit: int = 30) -> list[ReportRow]:
    reports = list(
        GeneratedReport.objects.filter(owner=user, format="pdf")
        .select_related("job", "scope")
        .order_by("-created_at")[:limit]
    )
    ct = ContentType.objects.get_for_model(GeneratedReport)
    by_report: dict[int, list[Signature]] = {}
    for sig in Signature.objects.filter(
        content_type=ct, object_id__in=[r.pk for r in reports]
    ).order_by("signed_at", "pk"):
        by_report.setdefault(sig.object_id, []).append(sig)
    return [
        ReportRow(r, KINDS[r.kind].name if r.kind in KINDS else r.kind, by_report.get(r.pk, []))
        for r in reports
    ]


def report_kinds() -> list[tuple[str, str]]:
    return [(k.code, k.name) for k in KINDS.values()]
