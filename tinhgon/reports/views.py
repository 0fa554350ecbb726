"""Pages of the reports app (Vietnamese): the reporting calendar, a collection round with the
submissions by agency and its versions, an agency's contribution, a version's preview, sign-off
and sending, and downloads. Objects come through ``reports.access``, writes through
``reports.services``; generation and consolidation run as core background jobs."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tinhgon.core.approval import ApprovalStatus
from tinhgon.core.errors import Refused
from tinhgon.reports import access, collection, kinds, schedule, services, snapshot
from tinhgon.reports.document import ReportDocument, numbered_headings
from tinhgon.reports.generate import CONTENT_TYPES
from tinhgon.reports.models import ReportRound, RoundStatus, VersionStatus


def _n(v: int) -> str:
    return f"{v:,}".replace(",", ".")


def preview(doc: ReportDocument) -> dict[str, Any]:
    """The data object as plain values for the HTML preview (numbers formatted, images inline)."""
    sections = []
    for heading, s in zip(numbered_headings(doc.sections), doc.sections, strict=True):
        tables = []
        for t in s.tables:
            totals = t.column_totals() if t.totals and t.rows else None
            tables.append(
                {
                    "title": t.title,
                    "headers": t.headers,
                    "rows": [
                        [(_n(v), True) if isinstance(v, int) else (str(v), False) for v in r]
                        for r in t.rows
                    ],
                    "total_label": t.total_label,
                    "totals": [_n(v) if v is not None else "" for v in totals[1:]]
                    if totals
                    else None,
                }
            )
        sections.append(
            {
                "heading": heading,
                "level": s.level,
                "paragraphs": s.paragraphs,
                "bullets": s.bullets,
                "tables": tables,
                "images": [
                    {
                        "title": i.title,
                        "src": "data:image/png;base64," + base64.b64encode(i.png).decode(),
                    }
                    for i in s.images
                ],
            }
        )
    return {"doc": doc, "sections": sections}


def _errors(exc: Refused) -> list[str]:
    return [p.message for p in exc.problems]


def _version_arg(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    raw_year = request.GET.get("nam", "")
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else today.year
    user = request.user
    errors: list[str] = []
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "open":
                if not access.can_manage_rounds(user):
                    raise Http404
                plan = request.POST.get("plan", "")
                rnd = services.round_open(
                    acting_user=user,
                    kind=request.POST.get("kind", ""),
                    period=request.POST.get("period", ""),
                    plan_id=int(plan) if plan.isdigit() else None,
                    today=today,
                )
                messages.success(request, "Đã mở đợt báo cáo; các cơ quan, đơn vị đã có bản nháp.")
                return redirect("reports:round", rnd.pk)
            if op == "generate":
                report = services.report_request(
                    acting_user=user,
                    kind=request.POST.get("kind", ""),
                    period=request.POST.get("period", ""),
                    fmt=request.POST.get("format", ""),
                    scope=None,
                    today=today,
                )
                return redirect("jobs:detail", report.job_id)
            raise Http404
        except Refused as exc:
            errors = _errors(exc)
    dues = schedule.calendar(year, today)
    rounds = {}
    if access.can_see_rounds(user):
        for r in ReportRound.objects.filter(period__startswith=str(year)).order_by("opened_at"):
            rounds[(r.kind, r.period)] = r
    rows = [{"due": d, "round": rounds.get((d.kind.code, d.code))} for d in dues]
    mine = access.my_submissions(user)
    for s in mine:
        k = kinds.KINDS.get(s.round.kind)
        s.kind_name = k.name if k else s.round.kind  # type: ignore[attr-defined]
    return render(
        request,
        "reports/index.html",
        {
            "rows": rows,
            "year": year,
            "years": [year - 1, year, year + 1],
            "kinds": list(kinds.KINDS.values()),
            "can_manage": access.can_manage_rounds(user),
            "can_see_rounds": access.can_see_rounds(user),
            "mine": mine,
            "errors": errors,
            "post": request.POST if request.method == "POST" else {},
        },
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = access.get_round(request.user, pk)
    state = collection.collection_state(rnd)
    kind = kinds.KINDS.get(rnd.kind)
    return render(
        request,
        "reports/round.html",
        {
            "round": rnd,
            "kind": kind,
            "state": state,
            "versions": list(rnd.versions.select_related("signed_by", "sent_by")),
            "can_manage": access.can_manage_rounds(request.user),
            "can_consolidate": access.can_manage_rounds(request.user)
            and rnd.status in (RoundStatus.COLLECTING, RoundStatus.CONSOLIDATED)
            and bool(state.approved),
        },
    )


@login_required
@require_POST
def round_consolidate(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = access.get_round(request.user, pk)
    try:
        job = services.round_consolidate_start(acting_user=request.user, rnd=rnd)
    except Refused as exc:
        for m in _errors(exc):
            messages.error(request, m)
        return redirect("reports:round", rnd.pk)
    return redirect("jobs:detail", job.pk)


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sub = access.get_submission(request.user, pk)
    user = request.user
    today = timezone.localdate()
    errors: list[str] = []
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            if op in ("save", "submit"):
                if not access.can_edit_submission(user, sub):
                    raise Http404
                sub = services.submission_update(
                    acting_user=user,
                    submission=sub,
                    expected_version=_version_arg(request),
                    results=request.POST.get("results", ""),
                    problems=request.POST.get("problems", ""),
                    proposals=request.POST.get("proposals", ""),
                )
                if op == "submit":
                    services.submission_submit(
                        acting_user=user, submission=sub, expected_version=sub.version,
                        today=today,
                    )  # fmt: skip
                    messages.success(request, "Đã gửi báo cáo đến Sở Nội vụ.")
                else:
                    messages.success(request, "Đã lưu nội dung báo cáo.")
            elif op in ("approve", "return"):
                if not access.can_manage_rounds(user):
                    raise Http404
                services.submission_decide(
                    acting_user=user,
                    submission=sub,
                    expected_version=_version_arg(request),
                    approve=op == "approve",
                    reason=request.POST.get("reason", ""),
                )
                messages.success(
                    request, "Đã phê duyệt báo cáo." if op == "approve" else "Đã trả lại báo cáo."
                )
            else:
                raise Http404
        except Refused as exc:
            errors = _errors(exc)
        else:
            return redirect("reports:submission", sub.pk)
        sub = access.get_submission(user, pk)
    # A submitted contribution shows its frozen data; a draft is built from today's data only on
    # request (a plan report with its indicators and charts can take a while on a large province).
    doc = None
    live = bool(request.GET.get("xem-truoc"))
    if sub.snapshot:
        doc = snapshot.from_json(sub.snapshot)
    elif live:
        try:
            doc = collection.agency_document(sub, today)
        except Refused as exc:
            errors += _errors(exc)
    editable = (
        access.can_edit_submission(user, sub)
        and sub.status in (ApprovalStatus.DRAFT, ApprovalStatus.RETURNED)
        and sub.round.status == RoundStatus.COLLECTING
    )
    can_decide = (
        access.can_manage_rounds(user)
        and sub.status == ApprovalStatus.SUBMITTED
        and sub.submitted_by_id != user.pk
        and sub.round.status == RoundStatus.COLLECTING
    )
    ctx: dict[str, Any] = {
        "sub": sub,
        "kind": kinds.KINDS.get(sub.round.kind),
        "editable": editable,
        "can_decide": can_decide,
        "can_see_round": access.can_see_rounds(user),
        "errors": errors,
        "post": request.POST if errors else {},
    }
    if doc is not None:
        ctx["preview"] = preview(doc)
    return render(request, "reports/submission.html", ctx)


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    v = access.get_version(request.user, pk)
    user = request.user
    errors: list[str] = []
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            if op == "sign":
                if not access.can_sign(user):
                    raise Http404
                services.version_sign_off(
                    acting_user=user,
                    version=v,
                    signer_name=request.POST.get("signer", ""),
                    today=timezone.localdate(),
                    deputy=request.POST.get("signer_as") == "deputy",
                )
                messages.success(request, "Đã ký duyệt báo cáo.")
            elif op == "send":
                if not access.can_manage_rounds(user):
                    raise Http404
                services.version_send(acting_user=user, version=v)
                messages.success(request, "Đã đánh dấu báo cáo đã gửi; các tệp đã được lưu lại.")
            else:
                raise Http404
        except Refused as exc:
            errors = _errors(exc)
        else:
            return redirect("reports:version", v.pk)
        v = access.get_version(user, pk)
    doc = snapshot.from_json(v.snapshot)
    return render(
        request,
        "reports/version.html",
        {
            "v": v,
            "round": v.round,
            "kind": kinds.KINDS.get(v.round.kind),
            "preview": preview(doc),
            "checksum_ok": snapshot.checksum(v.snapshot) == v.checksum,
            "can_sign": access.can_sign(user) and v.status == VersionStatus.DRAFT,
            "can_send": access.can_manage_rounds(user) and v.status == VersionStatus.SIGNED,
            "errors": errors,
            "formats": ["docx", "xlsx", "pdf"],
        },
    )


@login_required
def version_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    v = access.get_version(request.user, pk)
    if fmt not in ("docx", "xlsx", "pdf"):
        raise Http404
    try:
        data = services.version_render(v, fmt)
    except Refused as exc:
        for m in _errors(exc):
            messages.error(request, m)
        return redirect("reports:version", v.pk)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"{v.round.kind}_{v.round.period}_v{v.number}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
