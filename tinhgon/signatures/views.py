"""Pages of digital signatures: verify a PDF, sign an approval, sign a generated report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tinhgon.core.errors import Refused
from tinhgon.core.text import fold
from tinhgon.reports import access as report_access
from tinhgon.reports import services as report_services
from tinhgon.signatures import access, approvals, selectors, services
from tinhgon.signatures.canonical import canonical_json
from tinhgon.signatures.choices import CredentialKind
from tinhgon.signatures.services import KeyUse
from tinhgon.signatures.verify import verify_pdf

MAX_PDF = 20 * 1024 * 1024


@login_required
def verify_page(request: HttpRequest) -> HttpResponse:
    report = None
    error = ""
    name = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Chọn tệp PDF cần kiểm tra."
        elif upload.size and upload.size > MAX_PDF:
            error = "Tệp quá lớn (tối đa 20 MB)."
        else:
            name = upload.name or ""
            report = verify_pdf(upload.read())
    return render(
        request,
        "signatures/verify.html",
        {"report": report, "error": error, "name": name},
    )


def _errors(exc: Exception) -> list[str]:
    if isinstance(exc, Refused):
        return [p.message for p in exc.problems]
    return [str(exc)]


def _extra(kind: approvals.ApprovalKind, data: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for e in kind.extra:
        raw = str(data.get(e.name, "")).strip()
        if e.type == "date":
            try:
                out[e.name] = dt.date.fromisoformat(raw) if raw else None
            except ValueError:
                raise Refused.one(e.name, f"{e.label}: ngày không đọc được.") from None
        else:
            out[e.name] = raw
    return out


@login_required
def approval_sign(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    try:
        kind = approvals.get_kind(key)
    except Refused as exc:
        raise Http404(str(exc)) from None
    obj = kind.get(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        version = request.POST.get("version", "")
        try:
            cred = access.get_credential(request.user, request.POST.get("credential"))
            services.approval_sign(
                acting_user=request.user,
                kind=kind,
                obj=obj,
                person=KeyUse(cred, request.POST.get("secret", "")),
                expected_version=int(version) if version.isdigit() else None,
                reason=request.POST.get("reason", ""),
                extra=_extra(kind, request.POST),
            )
        except (Refused, PermissionDenied) as exc:
            errors = _errors(exc)
        else:
            messages.success(request, "Đã ký số và phê duyệt.")
            return redirect(kind.url(obj))
        obj = kind.get(request.user, pk)
    preview = canonical_json(services.approval_data(kind, obj)).decode()
    return render(
        request,
        "signatures/approval_sign.html",
        {
            "kind": kind,
            "obj": obj,
            "back": kind.url(obj),
            "credentials": access.person_credentials(request.user),
            "preview": preview,
            "extras": [(e, request.POST.get(e.name, "")) for e in kind.extra],
            "errors": errors,
        },
    )


@login_required
def documents(request: HttpRequest) -> HttpResponse:
    """The user's PDF reports, to request one, sign one, download the signed file."""
    errors: list[str] = []
    if request.method == "POST":
        try:
            report_services.report_request(
                acting_user=request.user,
                kind=request.POST.get("kind", ""),
                period=request.POST.get("period", ""),
                fmt="pdf",
                scope=request.POST.get("scope") or None,
                today=timezone.localdate(),
            )
        except Refused as exc:
            errors = _errors(exc)
        else:
            messages.success(request, "Đã yêu cầu tạo báo cáo PDF; tải lại trang sau ít giây.")
            return redirect("signatures:documents")
    return render(
        request,
        "signatures/documents.html",
        {
            "rows": selectors.report_rows(request.user),
            "kinds": selectors.report_kinds(),
            "errors": errors,
        },
    )


# A report made on this page has no number and symbol (Decree 30/2020 art 15): it can be signed to
# confirm its figures or as a check, not issued. Issued reports go through a report round, whose
# version is numbered when the leader signs it off (version_sign).
DOCUMENT_STEPS = ("Ký xác nhận", "Ký nháy (kiểm tra)")


@login_required
def document_sign(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_access.get_report(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            if not report.file or report.format != "pdf":
                raise Refused.one("file", "Báo cáo chưa có tệp PDF để ký.")
            step = request.POST.get("step", "") or DOCUMENT_STEPS[0]
            if step not in DOCUMENT_STEPS:
                raise Refused.one(
                    "step",
                    f"Bước ký “{step}” không dùng được: báo cáo tạo nhanh chưa có số, ký hiệu văn "
                    "bản nên chỉ ký xác nhận hoặc ký nháy. Văn bản gửi đi được ban hành qua đợt báo "
                    "cáo (bản tổng hợp được cấp số khi lãnh đạo ký duyệt).",
                )
            cred = access.get_credential(request.user, request.POST.get("credential"))
            seal = None
            if request.POST.get("seal"):
                seal = KeyUse(
                    access.get_credential(request.user, request.POST["seal"]),
                    request.POST.get("seal_secret", ""),
                )
            earlier = selectors.document_signatures(report)
            source = earlier[-1].document if earlier else report.file  # countersign the signed
            with source.open("rb") as fh:
                data = fh.read()
            services.document_sign(
                acting_user=request.user,
                target=report,
                data=data,
                file_name=f"{report.kind}_{report.period}_da-ky.pdf",
                person=KeyUse(cred, request.POST.get("secret", "")),
                seal=seal,
                step=step,
                visible=not earlier,
            )
        except Refused as exc:
            errors = _errors(exc)
        else:
            messages.success(request, "Đã ký số báo cáo.")
            return redirect("signatures:documents")
    return render(
        request,
        "signatures/document_sign.html",
        {
            "report": report,
            "people": access.person_credentials(request.user),
            "seals": access.seal_credentials(request.user),
            "signatures": selectors.document_signatures(report),
            "steps": DOCUMENT_STEPS,
            "errors": errors,
        },
    )


@login_required
def version_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader's sign-off of a consolidated report version with a digital signature."""
    from tinhgon.reports import kinds as report_kinds

    v = report_access.get_version(request.user, pk)
    if not report_access.can_sign(request.user):
        raise Http404("Không tìm thấy bản tổng hợp.")
    errors: list[str] = []
    if request.method == "POST":
        try:
            if v.status != "draft":
                raise Refused.one(
                    "status",
                    f"Bản tổng hợp đang ở trạng thái “{v.get_status_display()}”; không ký duyệt được.",
                )
            cred = access.get_credential(request.user, request.POST.get("credential"))
            seal = None
            if request.POST.get("seal"):
                seal = KeyUse(
                    access.get_credential(request.user, request.POST["seal"]),
                    request.POST.get("seal_secret", ""),
                )
            services.report_version_sign(
                acting_user=request.user,
                version=v,
                person=KeyUse(cred, request.POST.get("secret", "")),
                seal=seal,
                deputy=request.POST.get("signer_as") == "deputy",
                today=timezone.localdate(),
            )
        except Refused as exc:
            errors = _errors(exc)
        else:
            messages.success(
                request, "Đã ký duyệt và ký số báo cáo; tệp PDF đã ký được lưu để gửi."
            )
            return redirect("reports:version", v.pk)
        v = report_access.get_version(request.user, pk)
    kind = report_kinds.KINDS.get(v.round.kind)
    people = access.person_credentials(request.user)
    first = people.first()
    title = services.certificate_title(first) if first else ""
    return render(
        request,
        "signatures/version_sign.html",
        {
            "v": v,
            "kind_name": kind.name if kind else v.round.kind,
            "signer": v.snapshot.get("signer", {}),
            "people": people,
            "seals": access.seal_credentials(request.user),
            "signer_as": request.POST.get("signer_as")
            or ("deputy" if fold(title).startswith("pho ") else "head"),
            "errors": errors,
        },
    )


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    sig = access.get_document_signature(request.user, pk)
    return FileResponse(
        sig.document.open("rb"),
        as_attachment=True,
        filename=sig.file_name or "da-ky.pdf",
        content_type="application/pdf",
    )


@login_required
def my_keys(request: HttpRequest) -> HttpResponse:
    """The person's keys and their body's seals; upload one's own .p12 (kept encrypted as issued)."""
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("p12")
        try:
            if upload is None or (upload.size or 0) > 64 * 1024:
                raise Refused.one("p12", "Chọn tệp khoá .p12/.pfx (tối đa 64 KB).")
            services.credential_register(
                acting_user=request.user,
                kind=CredentialKind.PKCS12,
                secret=request.POST.get("secret", ""),
                user=request.user,
                pkcs12=upload.read(),
                label=request.POST.get("label", ""),
            )
        except Refused as exc:
            errors = _errors(exc)
        else:
            messages.success(request, "Đã đăng ký khoá ký số. Mật khẩu không được lưu.")
            return redirect("signatures:keys")
    return render(
        request,
        "signatures/keys.html",
        {"credentials": access.own_credentials(request.user), "errors": errors},
    )
