"""Streamlining pages: periods, the calculator, a person's record with "what if", the case form
filled from the record, a case and its steps, the approval queue, the period summary and its xlsx.

Views are adapters: they get objects through ``access``, call one service or selector, render.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tinhgon.core import memo
from tinhgon.core.approval import BulkItem, approval_bulk_approve
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.organizations import access as org_access
from tinhgon.organizations.choices import ADMINISTRATIVE_KINDS
from tinhgon.organizations.models import OrganizationState
from tinhgon.rules.base import RuleInputError
from tinhgon.streamlining import access, exports, grounds, selectors, services
from tinhgon.streamlining.choices import CaseStatus
from tinhgon.streamlining.compute import rule_problems, run_rule
from tinhgon.streamlining.forms import (
    CALCULATOR_FIELDS,
    ApproveForm,
    CalculatorForm,
    CaseForm,
    PayForm,
    PeriodForm,
    ReasonForm,
    refusal_to_form,
)
from tinhgon.streamlining.models import Case
from tinhgon.streamlining.record import read_facts
from tinhgon.workforce import selectors as workforce_selectors

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _next_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _date(value: str | None, default: dt.date | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return default


# ---------------------------------------------------------------------------------------------
# Periods


def _agencies(user: Any) -> list[tuple[int, str]]:
    today = timezone.localdate()
    scope = org_access.scope_ids(user, today)
    states = OrganizationState.objects.as_of(today).filter(kind__in=ADMINISTRATIVE_KINDS)
    if scope is not None:
        states = states.filter(organization_id__in=scope)
    return [(s.organization_id, s.name) for s in states.order_by("name_folded")]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    # What the page lists depends on the user's scope only: cached per data generation and day.
    listed: dict[str, Any] = memo.cached(
        "streamlining.index",
        (org_access.scope_key(request.user), timezone.localdate()),
        lambda: {
            "periods": access.visible_periods(request.user),
            "queue": selectors.approval_queue_count(access.case_scope_q(request.user)),
            "agencies": _agencies(request.user),
        },
    )
    periods, queue = listed["periods"], listed["queue"]
    form = None
    if request.user.can_write:  # type: ignore[union-attr]
        form = PeriodForm(
            agencies=listed["agencies"],
            initial={"year": timezone.localdate().year},
        )
    return render(
        request,
        "streamlining/index.html",
        {"periods": periods, "form": form, "queue": queue},
    )


@login_required
@require_POST
def period_new(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.POST, agencies=_agencies(request.user))
    org_access.require_writer(request.user)
    if form.is_valid():
        agency = org_access.get_organization(request.user, form.cleaned_data["agency"])
        try:
            period = services.period_create(
                acting_user=request.user,
                data=services.PeriodInput(
                    agency=agency.pk,
                    year=form.cleaned_data["year"],
                    sequence=form.cleaned_data["sequence"],
                    name=form.cleaned_data["name"],
                ),
            )
        except Refused as exc:
            refusal_to_form(form, exc.problems)
        else:
            messages.success(request, f"Đã tạo {period}.")
            return redirect("streamlining:period", pk=period.pk)
    return render(
        request,
        "streamlining/index.html",
        {"periods": access.visible_periods(request.user), "form": form, "queue": 0},
        status=400,
    )


@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    period = access.get_period(request.user, pk)
    summary = selectors.period_summary(period, access.case_scope_q(request.user))
    return render(
        request,
        "streamlining/period.html",
        {"period": period, "s": summary, "statuses": CaseStatus.choices},
    )


@login_required
def period_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The period list as xlsx (personal data: the export is written to the audit trail)."""
    period = access.get_period(request.user, pk)
    summary = selectors.period_summary(period, access.case_scope_q(request.user))
    data = exports.period_xlsx(summary)
    services.export_record(
        acting_user=request.user,
        what="streamlining_period_xlsx",
        scope=period.agency,
        rows=summary.count,
        params={"period": period.pk},
    )
    response = HttpResponse(data, content_type=_XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="tinh-gian-dot-{period.pk}-{period.year}.xlsx"'
    )
    return response


# ---------------------------------------------------------------------------------------------
# The calculator (no case saved)


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = CalculatorForm(request.POST)
        if form.is_valid():
            try:
                result, _monthly = run_rule(form.payload())
            except RuleInputError as exc:
                refusal_to_form(form, rule_problems(exc, CALCULATOR_FIELDS))
    else:
        form = CalculatorForm(
            initial={
                "leave_date": _next_month(timezone.localdate()),
                "insurance_months": 0,
                "annex": "I",
            }
        )
    return render(request, "streamlining/calculator.html", {"form": form, "result": result})


# ---------------------------------------------------------------------------------------------
# A person's record: facts, "what if", cases; the case form filled from it


@login_required
def people(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    q = request.GET.get("q", "").strip()
    qs = workforce_selectors.people_in(org_access.scope_ids(request.user, today), today, q)
    page = Paginator(qs.select_related("organization"), 30).get_page(request.GET.get("page"))
    return render(request, "streamlining/people.html", {"page": page, "q": q})


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    p = access.get_person(request.user, pk)
    today = timezone.localdate()
    leave = _date(request.GET.get("leave_date"), _next_month(today)) or _next_month(today)
    reorg = _date(request.GET.get("reorganization_effective_date"), None)
    facts = read_facts(p, leave)
    cases = list(Case.objects.filter(person=p).select_related("period").order_by("-id"))
    return render(
        request,
        "streamlining/person.html",
        {
            "person": p,
            "facts": facts,
            "leave": leave,
            "reorg": reorg,
            "what_if": selectors.what_if(facts, leave, reorg),
            "cases": [c for c in cases if access.can_see_case(request.user, c)],
            "can_write": request.user.can_write,  # type: ignore[union-attr]
        },
    )


def _periods_for_form(user: Any) -> list[tuple[int, str]]:
    return [(p.pk, p.name) for p in access.visible_periods(user)]


def _case_data(form: CaseForm, person_id: int) -> services.CaseInput:
    d = form.cleaned_data
    return services.CaseInput(
        period=d["period"],
        person=person_id,
        category=d["category"],
        policy=d["policy"],
        ground=d["ground"],
        leave_date=d["leave_date"],
        reorganization_effective_date=d.get("reorganization_effective_date"),
        decree=d.get("decree") or "",
        insurance_years=d.get("insurance_years"),
        insurance_months=d.get("insurance_months") or 0,
        current_salary_vnd=d.get("current_salary_vnd"),
        average_salary_60m_vnd=d.get("average_salary_60m_vnd"),
        note=d.get("note") or "",
    )


def _check_period(request: HttpRequest, form: CaseForm) -> Any:
    period = access.get_period(request.user, form.cleaned_data["period"])
    return period


@login_required
def case_new(request: HttpRequest, pk: int) -> HttpResponse:
    p = access.get_person(request.user, pk)
    org_access.require_writer(request.user)
    periods = _periods_for_form(request.user)
    leave = _date(request.GET.get("leave_date"), _next_month(timezone.localdate()))
    facts = read_facts(p, leave)
    initial = {
        "leave_date": leave,
        "insurance_years": facts.insurance_months // 12,
        "insurance_months": facts.insurance_months % 12,
        "category": request.GET.get("category", ""),
        "policy": request.GET.get("policy", ""),
        "decree": request.GET.get("decree", ""),
        "reorganization_effective_date": _date(
            request.GET.get("reorganization_effective_date"), None
        ),
    }
    if request.GET.get("period"):
        initial["period"] = request.GET["period"]
    form = CaseForm(request.POST or None, periods=periods, initial=initial)
    if request.method == "POST" and form.is_valid():
        period = _check_period(request, form)
        access.check_can_enter(request.user, p, period)
        try:
            case = services.case_save(acting_user=request.user, data=_case_data(form, p.pk))
        except Refused as exc:
            refusal_to_form(form, exc.problems)
        else:
            messages.success(
                request,
                f"Đã lưu hồ sơ (nháp): tổng {case.total_vnd:,} đồng.".replace(",", "."),
            )
            return redirect("streamlining:case", pk=case.pk)
    return render(
        request, "streamlining/case_form.html", {"person": p, "facts": facts, "form": form}
    )


@login_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    access.check_can_edit(request.user, case)
    initial = {**vars(services.case_input_from(case)), "version": case.version}
    form = CaseForm(request.POST or None, periods=_periods_for_form(request.user), initial=initial)
    facts = read_facts(case.person, case.leave_date)
    if request.method == "POST" and form.is_valid():
        period = _check_period(request, form)
        access.check_can_enter(request.user, case.person, period)
        try:
            services.case_save(
                acting_user=request.user,
                data=_case_data(form, case.person_id),
                case=case,
                expected_version=form.cleaned_data.get("version"),
            )
        except Refused as exc:
            refusal_to_form(form, exc.problems)
        else:
            messages.success(request, "Đã lưu hồ sơ.")
            return redirect("streamlining:case", pk=case.pk)
    return render(
        request,
        "streamlining/case_form.html",
        {"person": case.person, "facts": facts, "form": form, "case": case},
    )


# ---------------------------------------------------------------------------------------------
# A case and its steps


def _case_page(request: HttpRequest, case: Case, **forms: Any) -> HttpResponse:
    user = request.user
    can_approve = case.status == CaseStatus.SUBMITTED and access.can_approve(user, case)
    is_maker = case.submitted_by_id == getattr(user, "pk", None)
    ctx = {
        "case": case,
        "ground": grounds.BY_CODE.get(case.ground),
        "history": AuditEntry.objects.for_object(case).order_by("at", "id"),
        "can_edit": user.can_write  # type: ignore[union-attr]
        and case.status in (CaseStatus.DRAFT, CaseStatus.RETURNED),
        "can_approve": can_approve and not is_maker,
        "can_pay": case.status == CaseStatus.APPROVED and access.can_pay(user, case),
        "approve_form": forms.get("approve_form")
        or ApproveForm(initial={"version": case.version, "decision_date": timezone.localdate()}),
        "return_form": forms.get("return_form") or ReasonForm(initial={"version": case.version}),
        "pay_form": forms.get("pay_form")
        or PayForm(initial={"version": case.version, "paid_on": timezone.localdate()}),
        "error": forms.get("error"),
    }
    return render(request, "streamlining/case.html", ctx, status=400 if forms else 200)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, access.get_case(request.user, pk))


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _refused(request: HttpRequest, case: Case, exc: Refused) -> HttpResponse:
    return _case_page(request, case, error=" ".join(p.message for p in exc.problems))


@login_required
@require_POST
def case_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    access.check_can_edit(request.user, case)
    try:
        services.case_submit(
            acting_user=request.user, case=case, expected_version=_version(request)
        )
    except Refused as exc:
        return _refused(request, case, exc)
    messages.success(request, "Đã gửi hồ sơ để phê duyệt.")
    return redirect("streamlining:case", pk=case.pk)


@login_required
@require_POST
def case_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    access.check_can_edit(request.user, case)
    try:
        services.case_recompute(
            acting_user=request.user, case=case, expected_version=_version(request)
        )
    except Refused as exc:
        return _refused(request, case, exc)
    messages.success(request, "Đã tính lại theo văn bản và thiết lập hiện hành.")
    return redirect("streamlining:case", pk=case.pk)


@login_required
@require_POST
def case_approve(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    access.check_can_approve(request.user, case)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, approve_form=form)
    try:
        services.case_approve(
            acting_user=request.user,
            case=case,
            expected_version=form.cleaned_data["version"],
            decision_number=form.cleaned_data["decision_number"],
            decision_date=form.cleaned_data["decision_date"],
            reason=form.cleaned_data["reason"],
        )
    except Refused as exc:
        refusal_to_form(form, exc.problems)
        return _case_page(request, case, approve_form=form)
    messages.success(request, "Đã phê duyệt hồ sơ.")
    return redirect("streamlining:case", pk=case.pk)


@login_required
@require_POST
def case_return(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    access.check_can_approve(request.user, case)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, return_form=form)
    try:
        services.case_return(
            acting_user=request.user,
            case=case,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except Refused as exc:
        refusal_to_form(form, exc.problems)
        return _case_page(request, case, return_form=form)
    messages.success(request, "Đã trả lại hồ sơ.")
    return redirect("streamlining:case", pk=case.pk)


@login_required
@require_POST
def case_pay(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    access.check_can_edit(request.user, case)
    form = PayForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, pay_form=form)
    try:
        services.case_pay(
            acting_user=request.user,
            case=case,
            expected_version=form.cleaned_data["version"],
            paid_on=form.cleaned_data["paid_on"],
            reference=form.cleaned_data["reference"],
        )
    except Refused as exc:
        refusal_to_form(form, exc.problems)
        return _case_page(request, case, pay_form=form)
    messages.success(request, "Đã ghi nhận chi trả.")
    return redirect("streamlining:case", pk=case.pk)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The submitted cases; the competent body approves the ticked ones with one decision and one
    reason (all or nothing)."""
    errors: list[str] = []
    if request.method == "POST":
        org_access.require_writer(request.user)
        items = []
        for raw in request.POST.getlist("items"):
            pk, _sep, version = raw.partition(":")
            case = access.get_case(request.user, pk)
            access.check_can_approve(request.user, case)
            items.append(BulkItem(case, int(version) if version.isdigit() else None))
        try:
            day = dt.date.fromisoformat(request.POST.get("decision_date", ""))
        except ValueError:
            day = None
        try:
            done = approval_bulk_approve(
                acting_user=request.user,
                items=items,
                reason=request.POST.get("reason", ""),
                approve=lambda *, obj, **kw: services.case_approve(
                    case=obj,
                    decision_number=request.POST.get("decision_number", ""),
                    decision_date=day,
                    **kw,
                ),
            )
        except Refused as exc:
            errors = [p.message for p in exc.problems]
        else:
            messages.success(request, f"Đã phê duyệt {len(done)} hồ sơ.")
            return redirect("streamlining:queue")
    cases = selectors.approval_queue(access.case_scope_q(request.user))
    rows = [(c, access.can_approve(request.user, c)) for c in cases]
    can_approve = any(mine for _c, mine in rows)
    return render(
        request,
        "streamlining/queue.html",
        {"rows": rows, "errors": errors, "can_approve": can_approve},
    )
