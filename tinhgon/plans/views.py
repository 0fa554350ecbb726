"""Pages of the plans app (Vietnamese): plans with their tree and buckets, "Việc của tôi", task and
report pages, approval queue, reassignment queue, overdue list, plan import from text with a review.

Views are adapters: objects come through ``plans.access``, writes through ``plans.services``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from tinhgon.core import memo
from tinhgon.core.approval import ApprovalStatus, BulkItem, approval_bulk_approve
from tinhgon.core.db_router import replica_reads
from tinhgon.core.errors import Refused
from tinhgon.organizations import access as org_access
from tinhgon.organizations.models import Organization, OrganizationState
from tinhgon.plans import access, buckets, selectors, services
from tinhgon.plans.choices import Bucket, DeadlineKind, PeriodKind, ProgressStatus
from tinhgon.plans.models import Assignment, ReassignmentItem
from tinhgon.rules.plan_text import parse_plan_text, to_data

BUCKET_STYLE = {
    Bucket.DONE_ON_TIME: "success",
    Bucket.DONE_LATE: "warning",
    Bucket.NOT_DUE: "primary",
    Bucket.OVERDUE: "danger",
}


def _day(request: HttpRequest) -> dt.date:
    """The date asked for (``?ngay=YYYY-MM-DD``), or today with a warning when it cannot be read."""
    raw = request.GET.get("ngay")
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            messages.warning(
                request, f"Ngày “{raw}” không đúng định dạng YYYY-MM-DD; đang hiển thị hôm nay."
            )
    return timezone.localdate()


def bucket_cards(c: dict[str, int]) -> list[dict[str, Any]]:
    total = sum(c.values())
    return [
        {
            "code": b.value,
            "label": b.label,
            "n": c.get(b.value, 0),
            "total": total,
            "style": BUCKET_STYLE[b],
        }
        for b in Bucket
    ]


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    day = _day(request)

    def build() -> list[tuple[Any, dict[str, int]]]:
        scope = access.read_scope(request.user)
        return [
            (p, dict(selectors.plan_counts(p, day, scope)))
            for p in access.plans(request.user).order_by("-date", "id")
        ]

    # The plans a scope sees and their counts: cached per data generation, scope and day.
    key = (org_access.scope_key(request.user), timezone.localdate(), day)
    rows = [
        {"plan": p, "counts": bucket_cards(c)} for p, c in memo.cached("plans.list", key, build)
    ]
    return render(request, "plans/plan_list.html", {"rows": rows, "day": day})


@login_required
@replica_reads
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan(request.user, pk)
    day = _day(request)

    def build() -> str:
        dash = selectors.plan_dashboard(plan, day, access.read_scope(request.user))
        return render_to_string(
            "plans/partials/plan_body.html",
            {
                "plan": plan,
                "dash": dash,
                "cards": bucket_cards(dash.counts),
                "day": day,
                "styles": BUCKET_STYLE,
            },
        )

    # The same for everyone with the same scope: cached per data generation, scope and day.
    body = memo.cached(
        "plans.dashboard",
        (plan.pk, org_access.scope_key(request.user), timezone.localdate(), day),
        build,
    )
    return render(request, "plans/plan_detail.html", {"plan": plan, "body": mark_safe(body)})  # noqa: S308 (rendered by our template, escaped there)


def _items(
    request: HttpRequest, qs: Any, day: dt.date, only: set[str] | None = None
) -> list[dict[str, Any]]:
    items = selectors.work_items(qs, day, buckets_only=only)
    names = selectors.names_on({w.row.organization_id for w in items}, day)
    return [
        {
            "w": w,
            "org": names.get(w.row.organization_id, ""),
            "style": BUCKET_STYLE[Bucket(w.row.bucket)],
        }
        for w in items
    ]


def _work_table(request: HttpRequest, qs: Any, day: dt.date, only: set[str] | None = None):  # type: ignore[no-untyped-def]
    """The rendered table of work items (the same for everyone with the same scope), its length
    and the counts per bucket: a province's table has thousands of rows, so it is cached per data
    generation, scope and day (tinhgon.core.memo) by the callers."""
    items = _items(request, qs, day, only)
    return {
        "n": len(items),
        "counts": dict(selectors.counts(i["w"].row for i in items)),
        "table": render_to_string("plans/partials/work_table.html", {"items": items}),
    }


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    day = _day(request)

    def build() -> dict[str, Any]:
        scope = org_access.scope_ids(request.user, day)
        qs = selectors.scoped(selectors.assignments_in_force(day), scope)
        return _work_table(request, qs, day)

    work = memo.cached("plans.my_work", (org_access.scope_key(request.user), day), build)
    return render(
        request,
        "plans/my_work.html",
        {"table": mark_safe(work["table"]), "cards": bucket_cards(work["counts"]), "day": day},  # noqa: S308 (rendered by our template, escaped there)
    )


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    today = timezone.localdate()

    def build() -> dict[str, Any]:
        qs = selectors.scoped(selectors.assignments_in_force(day), access.read_scope(request.user))
        return _work_table(request, qs, day, {Bucket.OVERDUE})

    work = memo.cached("plans.overdue", (org_access.scope_key(request.user), today, day), build)
    return render(
        request,
        "plans/overdue.html",
        {"table": mark_safe(work["table"]), "n": work["n"], "day": day},  # noqa: S308 (rendered by our template, escaped there)
    )


def _reportable(request: HttpRequest, assignments: list[Assignment]) -> list[Assignment]:
    if not getattr(request.user, "can_write", False):
        return []
    scope = org_access.scope_ids(request.user, timezone.localdate())
    return [
        a
        for a in assignments
        if a.organization_id is not None
        and a.valid_to is None
        and (scope is None or a.organization_id in scope)
    ]


def _open_periods(plan: Any, day: dt.date) -> list[buckets.Period]:
    p = buckets.period_of(plan.period_kind, day)
    out = [pp for pp in (buckets.previous(p), p) if services.period_is_open(plan, pp, day)]
    return out


def _uploads(request: HttpRequest) -> list[services.Upload]:
    return [services.Upload(f.name or "", f.read()) for f in request.FILES.getlist("files")]


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task(request.user, pk)
    day = timezone.localdate()
    visible = (
        access.assignments(request.user).filter(task=task).select_related("organization", "product")
    )
    rows = {r.id: r for r in selectors.classify(visible, day)}
    assignments = list(visible.order_by("valid_to", "role", "id"))
    mine = _reportable(request, assignments)
    periods = _open_periods(task.plan, day)
    error_list: list[str] = []
    if request.method == "POST":
        try:
            a = next(x for x in mine if str(x.pk) == request.POST.get("assignment"))
        except StopIteration:
            raise Http404 from None
        year, _sep, number = (request.POST.get("period") or "").partition("-")
        try:
            report = services.report_create(
                acting_user=request.user,
                assignment=a,
                year=int(year or 0),
                number=int(number) if number else None,
                progress=request.POST.get("progress", ""),
                percent=request.POST.get("percent", ""),
                narrative=request.POST.get("narrative", ""),
                files=_uploads(request),
            )
        except Refused as exc:
            error_list = [p.message for p in exc.problems]
        else:
            messages.success(request, "Đã lưu báo cáo (nháp). Hãy kiểm tra rồi gửi Sở Nội vụ.")
            return redirect("plans:report", report.pk)
    reports = (
        access.reports(request.user)
        .filter(assignment__task=task)
        .select_related("assignment__organization")
        .prefetch_related("files")
        .order_by("-period_start", "id")
    )
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "assignments": [
                {
                    "a": a,
                    "row": rows.get(a.pk),
                    "style": BUCKET_STYLE[Bucket(rows[a.pk].bucket)]
                    if a.pk in rows
                    else "secondary",
                }
                for a in assignments
            ],
            "mine": mine,
            "periods": periods,
            "reports": reports,
            "progress_choices": ProgressStatus.choices,
            "errors": error_list,
            "is_conditional": task.deadline_kind == DeadlineKind.CONDITIONAL,
        },
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report(request.user, pk)
    error_list: list[str] = []
    if request.method == "POST":
        op = request.POST.get("op", "")
        version = request.POST.get("version")
        kw: dict[str, Any] = {
            "acting_user": request.user,
            "report": report,
            "expected_version": int(version) if version and version.isdigit() else None,
        }
        try:
            if op == "submit":
                services.report_submit(**kw)
                messages.success(request, "Đã gửi báo cáo đến Sở Nội vụ.")
            elif op == "approve":
                services.report_approve(**kw, reason=request.POST.get("reason", ""))
                messages.success(request, "Đã phê duyệt báo cáo.")
            elif op == "return":
                services.report_return(**kw, reason=request.POST.get("reason", ""))
                messages.success(request, "Đã trả lại báo cáo.")
            elif op == "reopen":
                services.report_reopen(**kw, reason=request.POST.get("reason", ""))
                messages.success(request, "Đã mở lại báo cáo.")
            elif op == "update":
                services.report_update(
                    **kw,
                    progress=request.POST.get("progress", ""),
                    percent=request.POST.get("percent", ""),
                    narrative=request.POST.get("narrative", ""),
                    files=_uploads(request),
                )
                messages.success(request, "Đã lưu báo cáo.")
            else:
                raise Http404
        except Refused as exc:
            error_list = [p.message for p in exc.problems]
        except PermissionDenied as exc:
            error_list = [str(exc)]
        else:
            return redirect("plans:report", report.pk)
        report = access.get_report(request.user, pk)
    user = request.user
    can_decide = (
        getattr(user, "effective_role", "") in {"supervisor", "administrator"}
        and report.submitted_by_id != user.pk
    )
    mine = bool(_reportable(request, [report.assignment])) and (
        getattr(user, "effective_role", "") == "officer" or report.created_by_id == user.pk
    )
    return render(
        request,
        "plans/report_detail.html",
        {
            "report": report,
            "errors": error_list,
            "can_decide": can_decide and report.status == ApprovalStatus.SUBMITTED,
            "can_reopen": can_decide and report.status == ApprovalStatus.APPROVED,
            "can_edit": mine and report.status in {ApprovalStatus.DRAFT, ApprovalStatus.RETURNED},
            "progress_choices": ProgressStatus.choices,
        },
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    ev = access.get_evidence(request.user, pk)
    return FileResponse(ev.file.open("rb"), as_attachment=True, filename=ev.original_name)


@login_required
def approval_queue(request: HttpRequest) -> HttpResponse:
    """The submitted reports; Sở Nội vụ approves the ticked ones with one reason (all or nothing)."""
    errors: list[str] = []
    if request.method == "POST":
        org_access.require_writer(request.user)
        items = []
        for raw in request.POST.getlist("items"):
            pk, _sep, version = raw.partition(":")
            report = access.get_report(request.user, pk)
            items.append(BulkItem(report, int(version) if version.isdigit() else None))
        try:
            done = approval_bulk_approve(
                acting_user=request.user,
                items=items,
                reason=request.POST.get("reason", ""),
                approve=lambda *, obj, **kw: services.report_approve(report=obj, **kw),
            )
        except Refused as exc:
            errors = [p.message for p in exc.problems]
        else:
            messages.success(request, f"Đã phê duyệt {len(done)} báo cáo.")
            return redirect("plans:approvals")
    reports = selectors.approval_queue(access.read_scope(request.user))
    can_approve = getattr(request.user, "effective_role", None) in {"supervisor", "administrator"}
    return render(
        request,
        "plans/approval_queue.html",
        {"reports": reports, "can_approve": can_approve, "errors": errors},
    )


@login_required
def reassignment_queue(request: HttpRequest) -> HttpResponse:
    scope = access.read_scope(request.user)
    error_list: list[str] = []
    if request.method == "POST":
        org_access.require_writer(request.user)
        item = selectors.reassignment_queue(scope).filter(pk=request.POST.get("item") or 0).first()
        if item is None:
            raise Http404
        ids = [int(x) for x in request.POST.getlist("organizations") if x.isdigit()]
        try:
            services.queue_resolve(
                acting_user=request.user,
                item=item,
                organization_ids=ids,
                reason=request.POST.get("reason", ""),
            )
        except Refused as exc:
            error_list = [p.message for p in exc.problems]
        else:
            messages.success(request, "Đã giao lại nhiệm vụ.")
            return redirect("plans:queue")
    items: list[ReassignmentItem] = list(selectors.reassignment_queue(scope))
    return render(request, "plans/reassignment_queue.html", {"items": items, "errors": error_list})


# ------------------------------------------------------------------------------ import from text

_SESSION_KEY = "plans_import_text"


def _issuer_org(user: Any) -> Organization | None:
    root = getattr(user, "scope_root", None)
    if root is not None:
        return root
    state = (
        OrganizationState.objects.filter(kind="provincial_committee").order_by("valid_from").first()
    )
    return state.organization if state else None


@login_required
def import_text(request: HttpRequest) -> HttpResponse:
    """Step 1: paste or upload the text; step 2 (review): correct metadata and deadlines; save."""
    org_access.require_writer(request.user)
    if request.method == "POST" and request.POST.get("step") == "parse":
        text = request.POST.get("text", "")
        upload = request.FILES.get("file")
        if upload is not None:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                messages.error(request, "Tệp phải là văn bản UTF-8.")
                return redirect("plans:import_text")
        if not text.strip():
            messages.error(request, "Hãy dán nội dung văn bản hoặc chọn tệp.")
            return redirect("plans:import_text")
        data = to_data(parse_plan_text(text))
        request.session[_SESSION_KEY] = json.dumps(
            {"text": text, "data": data}, ensure_ascii=False, default=str
        )
        return redirect("plans:import_review")
    return render(request, "plans/import_text.html", {})


def _flat(tasks: list[dict[str, Any]], depth: int = 0) -> list[dict[str, Any]]:
    out = []
    for t in tasks:
        first = next(iter(t.get("deadlines") or []), {}) or {}
        out.append({"t": t, "depth": min(depth, 5), "deadline": first})
        out.extend(_flat(t.get("children") or [], depth + 1))
    return out


def _apply_corrections(data: dict[str, Any], post: Any) -> None:
    doc = data["document"]
    for key in ("number", "kind", "date", "issuer", "signer", "title"):
        if key in post:
            doc[key] = post.get(key) or None

    def walk(tasks: list[dict[str, Any]]) -> None:
        for t in tasks:
            ref = t["ref"]
            if f"text:{ref}" in post:
                t["text"] = post.get(f"text:{ref}")
            kind = post.get(f"kind:{ref}")
            if kind:
                due = post.get(f"due:{ref}") or None
                old = next(iter(t.get("deadlines") or []), {}) or {}
                t["deadlines"] = [
                    {
                        "kind": kind,
                        "due": due,
                        "condition": post.get(f"cond:{ref}") or old.get("condition"),
                        "text": old.get("text", ""),
                    }
                ]
            walk(t.get("children") or [])

    walk(data.get("tasks") or [])


@login_required
def import_review(request: HttpRequest) -> HttpResponse:
    org_access.require_writer(request.user)
    raw = request.session.get(_SESSION_KEY)
    if not raw:
        return redirect("plans:import_text")
    stored = json.loads(raw)
    data, text = stored["data"], stored["text"]
    error_list: list[str] = []
    if request.method == "POST":
        _apply_corrections(data, request.POST)
        issuer = _issuer_org(request.user)
        if issuer is None:
            raise PermissionDenied("Không xác định được cơ quan ban hành.")
        try:
            plan = services.plan_create(
                acting_user=request.user,
                data=data,
                issuer_org=issuer,
                source_text=text,
                period_kind=request.POST.get("period_kind") or PeriodKind.HALF,
            )
        except Refused as exc:
            error_list = [f"{p.path}: {p.message}" if p.path else p.message for p in exc.problems]
            request.session[_SESSION_KEY] = json.dumps(
                {"text": text, "data": data}, ensure_ascii=False, default=str
            )
        else:
            del request.session[_SESSION_KEY]
            messages.success(request, f"Đã lưu kế hoạch với {plan.tasks.count()} nhiệm vụ.")
            return redirect("plans:plan", plan.pk)
    return render(
        request,
        "plans/import_review.html",
        {
            "data": data,
            "rows": _flat(data.get("tasks") or []),
            "errors": error_list,
            "kinds": DeadlineKind.choices,
            "period_kinds": PeriodKind.choices,
        },
    )


@require_POST
@login_required
def record_condition(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task(request.user, pk)
    try:
        met_on = dt.date.fromisoformat(request.POST.get("met_on", ""))
    except ValueError:
        messages.error(request, "Ngày không hợp lệ.")
        return redirect("plans:task", task.pk)
    try:
        services.task_record_condition(
            acting_user=request.user,
            task=task,
            met_on=met_on,
            document=request.POST.get("document", ""),
            expected_version=int(request.POST.get("version") or 0),
        )
    except Refused as exc:
        messages.error(request, "; ".join(p.message for p in exc.problems))
    else:
        messages.success(request, "Đã ghi nhận điều kiện; nhiệm vụ bắt đầu tính hạn.")
    return redirect("plans:task", task.pk)
