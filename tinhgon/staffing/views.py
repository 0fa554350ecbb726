"""Quota pages: an organization's quotas (assigned, assigned further down, present, unused), its
ledger, the entry and headcount forms (each makes a submission), the queues and pages of quota and
headcount submissions (submit, approve, return, bulk approve), and the yearly quota chain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tinhgon.core.approval import (
    ApprovalStatus,
    BulkItem,
    approval_bulk_approve,
)
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.organizations import access
from tinhgon.organizations.services import DecisionInput
from tinhgon.rules import quota as quota_rules
from tinhgon.staffing import access as staffing_access
from tinhgon.staffing import selectors, services
from tinhgon.staffing import submission_services as submissions
from tinhgon.staffing.choices import CHAIN_ORDER, EntryType, QuotaKind, SubmissionSource
from tinhgon.staffing.forms import EntryForm, HeadcountForm, ReasonForm
from tinhgon.staffing.models import (
    Headcount,
    HeadcountSubmission,
    QuotaChainStep,
    QuotaSubmission,
)


def _as_of(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Start at the user's scope root."""
    root = request.user.scope_root  # type: ignore[union-attr]
    if root is None:
        from tinhgon.organizations.models import Organization

        root = Organization.objects.filter(
            states__managing_body__isnull=True, valid_to__isnull=True
        ).first()
    if root is None:
        return render(request, "staffing/empty.html")
    return redirect("staffing:org", pk=root.pk)


@login_required
def org_quota(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_organization(request.user, pk)
    as_of = _as_of(request)
    kind = request.GET.get("kind", QuotaKind.PUBLIC_EMPLOYEE_BUDGET)
    if kind not in QuotaKind.values:
        kind = QuotaKind.PUBLIC_EMPLOYEE_BUDGET
    rows = selectors.quota_table(org.pk, kind, as_of)
    own = selectors.balance(org.pk, kind, as_of)
    given_down = sum(r.assigned for r in rows)
    kinds = [(k, quota_rules.kind_label(k, as_of)) for k in QuotaKind.values]
    context = {
        "org": org,
        "state": org.state_on(as_of) or org.last_state,
        "as_of": as_of,
        "kind": kind,
        "kind_label": quota_rules.kind_label(kind, as_of),
        "kinds": kinds,
        "own": own,
        "given_down": given_down,
        "reserve": own - given_down,
        "rows": rows,
        # the counterpart's name (its last state) prefetched: one query, not one per entry
        "entries": selectors.entries_for(org.pk, kind).prefetch_related("counterpart__states")[:50],
        "waiting": staffing_access.visible(request.user, QuotaSubmission)
        .filter(status=ApprovalStatus.SUBMITTED)
        .count(),
    }
    return render(request, "staffing/org.html", context)


@login_required
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_organization(request.user, pk)
    access.check_can_change(request.user, [org.pk], access.reference_date(org))
    today = timezone.localdate()
    form = EntryForm(
        request.POST or None,
        initial={"year": today.year, "effective_date": today, "kind": request.GET.get("kind")},
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        draft = request.POST.get("action") == "draft"
        try:
            sub = submissions.quota_submission_create(
                acting_user=request.user,
                rows=[
                    services.EntryInput(
                        org.pk,
                        c["kind"],
                        c["year"],
                        c["entry_type"],
                        c["amount"],
                        c["effective_date"],
                        DecisionInput(
                            c["decision_number"], c["decision_date"], c["decision_issuer"]
                        ),
                        c.get("note") or "",
                    )
                ],
                title=_entry_title(org, c),
                source=SubmissionSource.FORM,
                submit=not draft,
            )
        except Refused as exc:
            for p in exc.problems:
                field = p.path.split(".")[-1] if p.path else None
                if field == "number":
                    field = "decision_number"
                form.add_error(field if field in form.fields else None, p.message)
        else:
            messages.success(
                request,
                "Đã lưu nháp đề nghị ghi sổ biên chế."
                if draft
                else "Đã gửi đề nghị ghi sổ biên chế; sổ chỉ thay đổi khi Sở Nội vụ phê duyệt.",
            )
            return redirect("staffing:submission", kind=QUOTA, pk=sub.pk)
    return render(request, "staffing/entry_form.html", {"org": org, "form": form})


@login_required
def chain(request: HttpRequest) -> HttpResponse:
    """The yearly quota cycle (ND 106): what has been done and what is due."""
    year = int(request.GET.get("year") or timezone.localdate().year + 1)
    root = request.user.scope_root  # type: ignore[union-attr]
    steps = QuotaChainStep.objects.filter(year=year).select_related("document", "province")
    if root is not None:
        steps = steps.filter(province__in=access.scope_ids(request.user) or [])
    done = {s.step: s for s in steps}
    deadlines = {d.step: d for d in quota_rules.cycle_deadlines(year)}
    rows = [
        {"step": step, "done": done.get(step), "deadline": deadlines.get(step)}
        for step in CHAIN_ORDER
    ]
    return render(
        request, "staffing/chain.html", {"year": year, "rows": rows, "today": timezone.localdate()}
    )


def _entry_title(org: Any, c: dict[str, Any]) -> str:
    entry = dict(EntryType.choices).get(c["entry_type"], c["entry_type"])
    return f"{entry} {c['amount']:+d} – {org} (QĐ {c['decision_number']})"


@login_required
def headcount_new(request: HttpRequest, pk: int) -> HttpResponse:
    """An agency reports the people present in one of its units (a headcount submission)."""
    org = access.get_organization(request.user, pk)
    access.check_can_change(request.user, [org.pk], access.reference_date(org))
    form = HeadcountForm(request.POST or None, initial={"as_of": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        rows = [
            services.HeadcountInput(org.pk, kind, c["as_of"], c[kind])
            for kind in QuotaKind.values
            if c.get(kind) is not None
        ]
        try:
            sub = submissions.headcount_submission_create(
                acting_user=request.user,
                rows=rows,
                title=f"Số người có mặt – {org} ngày {c['as_of']:%d/%m/%Y}",
                source=SubmissionSource.FORM,
                submit=request.POST.get("action") != "draft",
            )
        except Refused as exc:
            for p in exc.problems:
                form.add_error(None, p.message)
        else:
            messages.success(request, "Đã ghi báo cáo số người có mặt.")
            return redirect("staffing:submission", kind=HEADCOUNT, pk=sub.pk)
    return render(request, "staffing/headcount_form.html", {"org": org, "form": form})


# ---------------------------------------------------------------------------------------------
# Submissions: the queues and the page of one submission

QUOTA, HEADCOUNT = "so-bien-che", "so-nguoi-co-mat"
_KINDS: dict[str, tuple[type[Any], str]] = {
    QUOTA: (QuotaSubmission, "Đề nghị ghi sổ biên chế"),
    HEADCOUNT: (HeadcountSubmission, "Báo cáo số người có mặt"),
}
_TABS = [
    (ApprovalStatus.SUBMITTED, "Chờ phê duyệt"),
    (ApprovalStatus.RETURNED, "Đã trả lại"),
    (ApprovalStatus.DRAFT, "Nháp"),
    (ApprovalStatus.APPROVED, "Đã phê duyệt"),
]


def _kind(kind: str) -> tuple[type[Any], str]:
    if kind not in _KINDS:
        raise Http404("Không có loại đề nghị này.")
    return _KINDS[kind]


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@login_required
def queue(request: HttpRequest, kind: str) -> HttpResponse:
    """The submissions of one kind by state; Sở Nội vụ approves the ticked ones with one reason
    (all or nothing)."""
    model, title = _kind(kind)
    errors: list[str] = []
    if request.method == "POST":
        access.require_writer(request.user)
        items = []
        for raw in request.POST.getlist("items"):
            pk, _sep, version = raw.partition(":")
            obj = staffing_access.get_submission(request.user, model, pk)
            staffing_access.check_can_approve(request.user, obj)
            items.append(BulkItem(obj, int(version) if version.isdigit() else None))
        try:
            done = approval_bulk_approve(
                acting_user=request.user,
                items=items,
                reason=request.POST.get("reason", ""),
                approve=submissions.submission_approve,
            )
        except Refused as exc:
            errors = [p.message for p in exc.problems]
        else:
            messages.success(request, f"Đã phê duyệt {len(done)} đề nghị.")
            return redirect("staffing:queue", kind=kind)
    status = request.GET.get("status", ApprovalStatus.SUBMITTED)
    if status not in ApprovalStatus.values:
        status = ApprovalStatus.SUBMITTED
    qs = staffing_access.visible(request.user, model)
    counts = {s: qs.filter(status=s).count() for s, _label in _TABS}
    items_shown = list(qs.filter(status=status)[:200])
    rows = [
        (
            s,
            status == ApprovalStatus.SUBMITTED
            and staffing_access.can_approve(request.user, s)
            and s.submitted_by_id != request.user.pk,
        )
        for s in items_shown
    ]
    return render(
        request,
        "staffing/queue.html",
        {
            "kind": kind,
            "title": title,
            "kinds": [(k, t) for k, (_m, t) in _KINDS.items()],
            "tabs": [(s, label, counts[s]) for s, label in _TABS],
            "status": status,
            "rows": rows,
            "can_approve": any(mine for _s, mine in rows),
            "errors": errors,
            "status_labels": dict(ApprovalStatus.choices),
        },
    )


def _rows(kind: str, sub: Any) -> list[dict[str, Any]]:
    """The rows as the page shows them (names and labels; the count in force for headcounts)."""
    names = submissions.org_names(sub.rows)
    kinds = dict(QuotaKind.choices)
    out = []
    if kind == QUOTA:
        types = dict(EntryType.choices)
        for r in sub.rows:
            d = r.get("decision") or {}
            out.append(
                {
                    "org": names.get(r.get("organization"), r.get("organization")),
                    "org_id": r.get("organization"),
                    "kind": kinds.get(r.get("kind"), r.get("kind")),
                    "year": r.get("year"),
                    "entry_type": types.get(r.get("entry_type"), r.get("entry_type")),
                    "amount": r.get("amount"),
                    "date": submissions.iso_date(r.get("effective_date")),
                    "decision": f"{d.get('number', '')} ngày "
                    f"{submissions.iso_date(d.get('date')):%d/%m/%Y}"
                    if d.get("date")
                    else d.get("number", ""),
                    "note": r.get("note", ""),
                }
            )
        return out
    stored: dict[Any, int] = {
        (h.organization_id, h.kind, h.as_of): h.count
        for h in Headcount.objects.filter(
            organization_id__in={r.get("organization") for r in sub.rows}
        )
    }
    for r in sub.rows:
        day = submissions.iso_date(r.get("as_of"))
        out.append(
            {
                "org": names.get(r.get("organization"), r.get("organization")),
                "org_id": r.get("organization"),
                "kind": kinds.get(r.get("kind"), r.get("kind")),
                "date": day,
                "count": r.get("count"),
                "stored": stored.get((r.get("organization"), r.get("kind"), day)),
            }
        )
    return out


def _page(request: HttpRequest, kind: str, sub: Any, **extra: Any) -> HttpResponse:
    user = request.user
    is_maker = sub.submitted_by_id == user.pk
    ctx = {
        "kind": kind,
        "title": _KINDS[kind][1],
        "sub": sub,
        "rows": _rows(kind, sub),
        "written": sub.entries.count() if kind == QUOTA else sub.headcounts.count(),
        "history": AuditEntry.objects.for_object(sub).order_by("at", "id"),
        "can_submit": sub.status in (ApprovalStatus.DRAFT, ApprovalStatus.RETURNED)
        and user.can_write,  # type: ignore[union-attr]
        "can_decide": sub.status == ApprovalStatus.SUBMITTED
        and staffing_access.can_approve(user, sub)
        and not is_maker,
        "return_form": extra.get("return_form")
        or ReasonForm(initial={"version": sub.version}, auto_id="return_%s"),
        "approve_form": extra.get("approve_form")
        or ReasonForm(initial={"version": sub.version}, auto_id="approve_%s"),
        "error": extra.get("error"),
    }
    return render(request, "staffing/submission.html", ctx, status=400 if extra else 200)


@login_required
def submission(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, _title = _kind(kind)
    return _page(request, kind, staffing_access.get_submission(request.user, model, pk))


@login_required
@require_POST
def submission_submit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, _title = _kind(kind)
    sub = staffing_access.get_submission(request.user, model, pk)
    staffing_access.check_can_submit(request.user, sub)
    try:
        submissions.submission_submit(
            acting_user=request.user, submission=sub, expected_version=_version(request)
        )
    except Refused as exc:
        return _page(request, kind, sub, error=" ".join(p.message for p in exc.problems))
    messages.success(request, "Đã gửi để Sở Nội vụ phê duyệt.")
    return redirect("staffing:submission", kind=kind, pk=sub.pk)


@login_required
@require_POST
def submission_approve(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, _title = _kind(kind)
    sub = staffing_access.get_submission(request.user, model, pk)
    staffing_access.check_can_approve(request.user, sub)
    form = ReasonForm(request.POST, auto_id="approve_%s")
    if not form.is_valid():
        return _page(request, kind, sub, approve_form=form)
    try:
        submissions.submission_approve(
            acting_user=request.user,
            obj=sub,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"] or "",
        )
    except Refused as exc:
        return _page(request, kind, sub, error=" ".join(p.message for p in exc.problems))
    messages.success(
        request,
        "Đã phê duyệt và ghi vào sổ biên chế."
        if kind == QUOTA
        else "Đã phê duyệt và ghi số người có mặt.",
    )
    return redirect("staffing:submission", kind=kind, pk=sub.pk)


@login_required
@require_POST
def submission_return(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, _title = _kind(kind)
    sub = staffing_access.get_submission(request.user, model, pk)
    staffing_access.check_can_approve(request.user, sub)
    form = ReasonForm(request.POST, auto_id="return_%s")
    if not form.is_valid():
        return _page(request, kind, sub, return_form=form)
    try:
        submissions.submission_return(
            acting_user=request.user,
            submission=sub,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"] or "",
        )
    except Refused as exc:
        for p in exc.problems:
            form.add_error("reason" if p.path == "reason" else None, p.message)
        return _page(request, kind, sub, return_form=form)
    messages.success(request, "Đã trả lại đề nghị.")
    return redirect("staffing:submission", kind=kind, pk=sub.pk)
