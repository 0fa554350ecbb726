"""Writes of the reports app: document numbers from the yearly counter, report requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tinhgon.core import audit
from tinhgon.core.errors import Refused
from tinhgon.organizations.models import Organization
from tinhgon.reports.models import DocumentCounter, GeneratedReport


def document_number_take(*, acting_user: Any, body: Organization, day: dt.date) -> int:
    """The next number of ``body``'s series for ``day``'s year (01 on the first document of the
    year, Decree 30/2020 art 15), taken under a row lock so two issuers never get the same one."""
    if not body.is_alive_on(day):
        raise Refused.one("body", f"Cơ quan ban hành không còn hoạt động vào ngày {day:%d/%m/%Y}.")
    with transaction.atomic():
        DocumentCounter.objects.get_or_create(body=body, year=day.year)
        counter = DocumentCounter.objects.select_for_update().get(body=body, year=day.year)
        before = counter.last_number
        counter.last_number = before + 1
        counter.save(update_fields=["last_number"])
        audit.record(
            actor=acting_user,
            action="document_number_take",
            obj=counter,
            before={"last_number": before},
            after={"last_number": counter.last_number, "date": day},
        )
    return counter.last_number


def resolve_scope(user: Any, raw: Any) -> Organization | None:
    """The scope asked for if ``user`` may see it; default the user's own scope (None: all)."""
    from tinhgon.organizations import access

    if raw in (None, ""):
        return None if user.sees_everything else user.scope_root
    try:
        org = Organization.objects.get(pk=int(raw))
    except (Organization.DoesNotExist, TypeError, ValueError):
        org = None
    if org is None or not access.can_see(user, org):
        raise Refused.one(
            "scope", "Không tìm thấy cơ quan, đơn vị này trong phạm vi được xem của bạn."
        )
    return org


def report_request(
    *,
    acting_user: Any,
    kind: str,
    period: str,
    fmt: str,
    scope: Any = None,
    plan: int | None = None,
    today: dt.date,
) -> GeneratedReport:
    """Check the request and start the background job that generates the report."""
    from tinhgon.core.jobs import job_start
    from tinhgon.reports.generate import check_request
    from tinhgon.reports.jobs import JOB_KIND

    req = check_request(kind, period, fmt, today)
    org = resolve_scope(acting_user, scope)
    with transaction.atomic():
        job = job_start(
            kind=JOB_KIND,
            label=f"{req.kind.name} {req.period.label} ({fmt})",
            owner=acting_user,
            params={"module": "tinhgon.reports.jobs", "plan": plan},
        )
        report = GeneratedReport.objects.create(
            kind=req.kind.code,
            period=req.period.code,
            format=fmt,
            scope=org,
            owner=acting_user,
            job=job,
        )
        job.params = {
            **job.params,
            "report": report.pk,
            "result_url": reverse("report-file", args=[report.pk]),
        }
        job.save(update_fields=["params"])
        audit.record(
            actor=acting_user,
            action="report_request",
            obj=report,
            before=None,
            after=audit.snapshot(report, ["kind", "period", "format", "scope", "owner", "job"]),
        )
    return report


# --- collection, consolidation, sign-off, sending ---------------------------------------------

_ROUND_FIELDS = ["kind", "period", "plan_id", "scope", "deadline", "status", "version"]
_SUB_FIELDS = ["results", "problems", "proposals", "checksum", "version"]
_VERSION_FIELDS = ["number", "status", "checksum", "signed_by", "signed_at", "sent_by", "sent_at"]


def _require_role(user: Any, roles: set[str], message: str) -> None:
    if getattr(user, "effective_role", None) not in roles and not getattr(
        user, "is_superuser", False
    ):
        raise Refused.one("", message)


def round_open(
    *, acting_user: Any, kind: str, period: str, plan_id: int | None, today: dt.date
) -> Any:
    """Open a collection round: one draft per agency taking part on the period's data day."""
    from tinhgon.accounts.choices import Role
    from tinhgon.reports import collection, kinds
    from tinhgon.reports.models import ReportRound, RoundStatus, Submission

    _require_role(
        acting_user,
        {Role.SUPERVISOR, Role.ADMINISTRATOR},
        "Chỉ chuyên viên Sở Nội vụ mở đợt báo cáo.",
    )
    k = kinds.get_kind(kind)
    p = kinds.parse_period(period, k, today)
    from tinhgon.reports.selectors import PLAN_KINDS, _pick_plan

    plan_id = _pick_plan(plan_id).pk if k.code in PLAN_KINDS else None
    if (
        ReportRound.objects.filter(kind=k.code, period=p.code, plan_id=plan_id)
        .exclude(status=RoundStatus.SENT)
        .exists()
    ):
        raise Refused.one("period", f"Đã có đợt {k.name.lower()} {p.label} đang thực hiện.")
    day = collection.data_day(p, today)
    root = (
        collection.province_root(day)
        if getattr(acting_user, "sees_everything", True) or acting_user.scope_root_id is None
        else acting_user.scope_root
    )
    agencies = collection.participants(day, root)
    if not agencies:
        raise Refused.one("kind", "Không có cơ quan, đơn vị nào thuộc diện gửi báo cáo.")
    with transaction.atomic():
        rnd = ReportRound.objects.create(
            kind=k.code,
            period=p.code,
            plan_id=plan_id,
            scope=root,
            deadline=k.deadline(p),
            opened_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        subs = Submission.objects.bulk_create(
            [Submission(round=rnd, organization=o, created_by=rnd.opened_by) for o in agencies]
        )
        audit.record(
            actor=acting_user,
            action="report_round_open",
            obj=rnd,
            before=None,
            after={**audit.snapshot(rnd, _ROUND_FIELDS), "agencies": len(subs)},
        )
        # one row per agency's draft: who opened it and for which round
        audit.record_many(actor=acting_user, action="report_submission_open", objects=subs)
    return rnd


def _ensure_collecting(sub: Any) -> None:
    from tinhgon.reports.models import RoundStatus

    if sub.round.status != RoundStatus.COLLECTING:
        raise Refused.one("round", "Đợt báo cáo đã tổng hợp xong; không sửa, gửi hay duyệt nữa.")


def submission_update(
    *,
    acting_user: Any,
    submission: Any,
    expected_version: int | None,
    results: str,
    problems: str,
    proposals: str,
) -> Any:
    """Save the agency's narrative parts (a draft or a returned submission only)."""
    from tinhgon.core.approval import ensure_editable
    from tinhgon.core.text import nfc_text
    from tinhgon.core.versioning import bump, check_version
    from tinhgon.reports.models import Submission

    with transaction.atomic():
        sub = Submission.objects.select_for_update().select_related("round").get(pk=submission.pk)
        _ensure_collecting(sub)
        check_version(sub, expected_version)
        ensure_editable(sub)
        before = audit.snapshot(sub, _SUB_FIELDS)
        sub.results, sub.problems, sub.proposals = (
            nfc_text(results),
            nfc_text(problems),
            nfc_text(proposals),
        )
        bump(sub)
        sub.save()
        audit.record(
            actor=acting_user,
            action="report_submission_update",
            obj=sub,
            before=before,
            after=audit.snapshot(sub, _SUB_FIELDS),
        )
    return sub


def submission_submit(
    *, acting_user: Any, submission: Any, expected_version: int | None, today: dt.date
) -> Any:
    """Freeze the agency's draft (data object as JSON + SHA-256) and submit it for approval."""
    from tinhgon.core.approval import approval_submit, ensure_editable
    from tinhgon.core.versioning import check_version
    from tinhgon.reports import collection, snapshot
    from tinhgon.reports.models import Submission

    with transaction.atomic():
        sub = (
            Submission.objects.select_for_update()
            .select_related("round", "organization")
            .get(pk=submission.pk)
        )
        _ensure_collecting(sub)
        check_version(sub, expected_version)
        ensure_editable(sub)
        if not (sub.results.strip() or sub.problems.strip() or sub.proposals.strip()):
            raise Refused.one(
                "results", "Nhập ít nhất một phần nội dung (kết quả, khó khăn hoặc đề xuất)."
            )
        data = snapshot.to_json(collection.agency_document(sub, today))
        sub.snapshot, sub.checksum = data, snapshot.checksum(data)
        sub.save(update_fields=["snapshot", "checksum"])
        return approval_submit(acting_user=acting_user, obj=sub, expected_version=sub.version)


def submission_decide(
    *,
    acting_user: Any,
    submission: Any,
    expected_version: int | None,
    approve: bool,
    reason: str = "",
) -> Any:
    """Sở Nội vụ approves a submission or returns it with a reason (core approval flow)."""
    from tinhgon.accounts.choices import Role
    from tinhgon.core.approval import approval_approve, approval_return

    _require_role(
        acting_user,
        {Role.SUPERVISOR, Role.ADMINISTRATOR},
        "Chỉ chuyên viên Sở Nội vụ phê duyệt hoặc trả lại báo cáo.",
    )
    _ensure_collecting(submission)
    if approve:
        return approval_approve(
            acting_user=acting_user, obj=submission, expected_version=expected_version,
            reason=reason,
        )  # fmt: skip
    return approval_return(
        acting_user=acting_user, obj=submission, expected_version=expected_version, reason=reason
    )


def round_consolidate_start(*, acting_user: Any, rnd: Any) -> Any:
    """Start the background job that builds the consolidated version; returns the job."""
    from django.urls import reverse

    from tinhgon.accounts.choices import Role
    from tinhgon.core.jobs import job_start
    from tinhgon.reports import kinds
    from tinhgon.reports.jobs import CONSOLIDATE_KIND

    _require_role(
        acting_user, {Role.SUPERVISOR, Role.ADMINISTRATOR}, "Chỉ Sở Nội vụ tổng hợp báo cáo."
    )
    _check_can_consolidate(rnd)
    return job_start(
        kind=CONSOLIDATE_KIND,
        label=f"Tổng hợp {kinds.get_kind(rnd.kind).name.lower()} {rnd.period}",
        owner=acting_user,
        params={
            "module": "tinhgon.reports.jobs",
            "round": rnd.pk,
            "result_url": reverse("reports:round", args=[rnd.pk]),
        },
    )


def _check_can_consolidate(rnd: Any) -> None:
    from tinhgon.core.approval import ApprovalStatus
    from tinhgon.reports.models import RoundStatus

    if rnd.status not in (RoundStatus.COLLECTING, RoundStatus.CONSOLIDATED):
        raise Refused.one("round", "Báo cáo đã được ký duyệt; không tổng hợp lại được.")
    if not rnd.submissions.filter(status=ApprovalStatus.APPROVED).exists():
        raise Refused.one(
            "round", "Chưa có báo cáo nào của cơ quan, đơn vị được phê duyệt để tổng hợp."
        )


def version_consolidate(*, acting_user: Any, rnd: Any, today: dt.date, progress: Any = None) -> Any:
    """Build the consolidated data object from the approved submissions and freeze it as a new
    version (snapshot JSON + SHA-256) awaiting the leader's sign-off."""
    from tinhgon.reports import collection, snapshot
    from tinhgon.reports.models import ReportRound, ReportVersion, RoundStatus, VersionStatus

    if progress:
        progress(0, 2)
    doc = collection.consolidated_document(rnd, today)
    data = snapshot.to_json(doc)
    if progress:
        progress(1, 2)
    with transaction.atomic():
        locked = ReportRound.objects.select_for_update().get(pk=rnd.pk)
        _check_can_consolidate(locked)
        locked.versions.filter(status=VersionStatus.DRAFT).update(status=VersionStatus.SUPERSEDED)
        last = locked.versions.order_by("-number").first()
        version = ReportVersion.objects.create(
            round=locked,
            number=(last.number + 1) if last else 1,
            snapshot=data,
            checksum=snapshot.checksum(data),
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        before = audit.snapshot(locked, _ROUND_FIELDS)
        locked.status = RoundStatus.CONSOLIDATED
        locked.version += 1
        locked.save()
        audit.record(
            actor=acting_user,
            action="report_consolidate",
            obj=version,
            before=before,
            after=audit.snapshot(version, _VERSION_FIELDS),
        )
    if progress:
        progress(2, 2)
    return version


def version_sign_off(
    *, acting_user: Any, version: Any, signer_name: str, today: dt.date, deputy: bool = False
) -> Any:
    """A leader signs off the consolidated version: the number is taken from the issuing body's
    yearly counter, the date and the signer are written into the snapshot, which is frozen.
    ``deputy``: a deputy signs for the head (Decree 30: "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH")."""
    from tinhgon.accounts.choices import Role
    from tinhgon.core.text import nfc
    from tinhgon.reports import snapshot
    from tinhgon.reports.models import ReportVersion, RoundStatus, VersionStatus
    from tinhgon.reports.selectors import issuer_for

    _require_role(acting_user, {Role.LEADER}, "Chỉ lãnh đạo ký duyệt báo cáo.")
    name = nfc(signer_name or "").strip() or (acting_user.get_full_name() or str(acting_user))
    with transaction.atomic():
        v = ReportVersion.objects.select_for_update().select_related("round").get(pk=version.pk)
        if v.status != VersionStatus.DRAFT:
            raise Refused.one(
                "status",
                f"Bản tổng hợp đang ở trạng thái “{v.get_status_display()}”; không ký duyệt được.",
            )
        issuer = issuer_for(v.round.scope, today)
        if issuer.organization is None:
            raise Refused.one("round", "Không xác định được cơ quan ban hành báo cáo.")
        number = document_number_take(acting_user=acting_user, body=issuer.organization, day=today)
        before = audit.snapshot(v, _VERSION_FIELDS)
        data = dict(v.snapshot)
        data["number"] = number
        data["date"] = today.isoformat()
        data["signer"] = {**data["signer"], "name": name}
        if deputy:
            head = data["signer"]["position"]  # "CHỦ TỊCH", "GIÁM ĐỐC"
            if data["signer"]["authority"].startswith("TM."):
                data["signer"]["on_behalf_of"] = f"KT. {head}"
            else:
                data["signer"]["authority"] = f"KT. {head}"
            data["signer"]["position"] = f"PHÓ {head}"
        v.snapshot, v.checksum = data, snapshot.checksum(data)
        v.status = VersionStatus.SIGNED
        v.signed_by, v.signed_at = acting_user, timezone.now()
        v.version += 1
        v.save()
        v.round.status = RoundStatus.SIGNED
        v.round.version += 1
        v.round.save(update_fields=["status", "version"])
        audit.record(
            actor=acting_user,
            action="report_sign_off",
            obj=v,
            before=before,
            after=audit.snapshot(v, _VERSION_FIELDS),
        )
    return v


def version_render(version: Any, fmt: str) -> bytes:
    """The file of ``version`` in ``fmt``: the stored file once sent, else rendered from the
    frozen snapshot (the same content every time)."""
    from tinhgon.reports import snapshot
    from tinhgon.reports.generate import render_checked

    stored = getattr(version, fmt, None) if fmt in ("docx", "xlsx", "pdf") else None
    if stored:
        with stored.open("rb") as f:
            return bytes(f.read())
    return render_checked(snapshot.from_json(version.snapshot), fmt)


def version_pdf_bytes(version: Any) -> bytes:
    """The PDF of a report version (the sent file when sent): what a digital signature signs."""
    return version_render(version, "pdf")


def version_pdf_store(*, acting_user: Any, version: Any, data: bytes, reason: str = "") -> Any:
    """Store the PDF that will be sent for a signed-off version (the digitally signed file, made
    at the leader's sign-off) with its SHA-256; :func:`version_send` then sends this very file.
    Only once, and only between the sign-off and sending."""
    from django.core.files.base import ContentFile

    from tinhgon.reports import snapshot
    from tinhgon.reports.models import ReportVersion, VersionStatus

    if not data.startswith(b"%PDF"):
        raise Refused.one("file", "Tệp lưu cho bản tổng hợp phải là PDF.")
    with transaction.atomic():
        v = ReportVersion.objects.select_for_update().select_related("round").get(pk=version.pk)
        if v.status != VersionStatus.SIGNED or v.pdf:
            raise Refused.one(
                "status", "Chỉ lưu tệp PDF của bản vừa được ký duyệt, trước khi gửi, một lần."
            )
        before = {**audit.snapshot(v, _VERSION_FIELDS), "files": dict(v.file_checksums)}
        digest = snapshot.sha256(data)
        v.pdf.save(
            f"{v.round.kind}_{v.round.period}_v{v.number}.pdf", ContentFile(data), save=False
        )
        v.file_checksums = {**v.file_checksums, "pdf": digest}
        v.version += 1
        v.save(update_fields=["pdf", "file_checksums", "version"])
        audit.record(
            actor=acting_user,
            action="report_pdf_store",
            obj=v,
            before=before,
            after={**audit.snapshot(v, _VERSION_FIELDS), "files": dict(v.file_checksums)},
            reason=reason,
        )
    return v


def version_send(*, acting_user: Any, version: Any) -> Any:
    """Mark a signed-off version sent: render the three files from its snapshot, store them with
    their SHA-256 checksums; the version is frozen from then on. A PDF already stored at the
    sign-off (the digitally signed one) is sent as it is, after checking its checksum."""
    from django.core.files.base import ContentFile

    from tinhgon.accounts.choices import Role
    from tinhgon.reports import snapshot
    from tinhgon.reports.generate import render_checked
    from tinhgon.reports.models import ReportVersion, RoundStatus, VersionStatus

    _require_role(
        acting_user, {Role.SUPERVISOR, Role.ADMINISTRATOR}, "Chỉ Sở Nội vụ gửi báo cáo đi."
    )
    with transaction.atomic():
        v = ReportVersion.objects.select_for_update().select_related("round").get(pk=version.pk)
        if v.status != VersionStatus.SIGNED:
            raise Refused.one(
                "status", "Báo cáo phải được lãnh đạo ký duyệt trước khi đánh dấu đã gửi."
            )
        if snapshot.checksum(v.snapshot) != v.checksum:
            raise Refused.one("checksum", "Dữ liệu đã chốt không khớp mã kiểm tra; không gửi được.")
        doc = snapshot.from_json(v.snapshot)
        before = audit.snapshot(v, _VERSION_FIELDS)
        sums = {}
        base = f"{v.round.kind}_{v.round.period}_v{v.number}"
        for fmt in ("docx", "xlsx", "pdf"):
            if fmt == "pdf" and v.pdf:  # signed at the sign-off: send that very file
                with v.pdf.open("rb") as f:
                    stored = bytes(f.read())
                sums["pdf"] = snapshot.sha256(stored)
                if sums["pdf"] != v.file_checksums.get("pdf"):
                    raise Refused.one(
                        "pdf",
                        "Tệp PDF đã ký lưu trên máy chủ không khớp mã kiểm tra; không gửi được.",
                    )
                continue
            blob = render_checked(doc, fmt)
            sums[fmt] = snapshot.sha256(blob)
            getattr(v, fmt).save(f"{base}.{fmt}", ContentFile(blob), save=False)
        v.file_checksums = {"docx": sums["docx"], "xlsx": sums["xlsx"], "pdf": sums["pdf"]}
        v.status = VersionStatus.SENT
        v.sent_by, v.sent_at = acting_user, timezone.now()
        v.version += 1
        v.save()
        v.round.status = RoundStatus.SENT
        v.round.version += 1
        v.round.save(update_fields=["status", "version"])
        audit.record(
            actor=acting_user,
            action="report_send",
            obj=v,
            before=before,
            after={**audit.snapshot(v, _VERSION_FIELDS), "files": sums},
        )
    return v


def render_checked_from_snapshot(data: dict[str, Any], fmt: str) -> bytes:
    """Render a frozen snapshot afresh (what a check of a sent version compares against)."""
    from tinhgon.reports import snapshot
    from tinhgon.reports.generate import render_checked

    return render_checked(snapshot.from_json(data), fmt)
