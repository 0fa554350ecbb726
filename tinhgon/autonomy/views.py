"""Autonomy pages: the province overview, a unit's autonomy page, the yearly form and its steps.

Approving (which also writes the registry's group) is ``restructuring.autonomy_views`` — this app
sits below restructuring and never imports it.
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

from tinhgon.autonomy import access, conversion, selectors, services
from tinhgon.autonomy.forms import (
    ApproveForm,
    DecisionForm,
    FiguresForm,
    PlanDecisionForm,
    PlanForm,
    PublicServiceForm,
    ReasonForm,
    RoadmapForm,
    refusal_to_form,
)
from tinhgon.autonomy.models import AutonomyFigures, PublicService
from tinhgon.core.errors import Refused
from tinhgon.organizations import access as org_access
from tinhgon.organizations.choices import AutonomyGroup
from tinhgon.organizations.models import OrganizationState
from tinhgon.organizations.services import DecisionInput

DEFAULT_PERIOD = 2022


def _as_of(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    scope = org_access.scope_ids(request.user, as_of)
    try:
        period = int(request.GET.get("period", DEFAULT_PERIOD))
    except ValueError:
        period = DEFAULT_PERIOD
    shares = selectors.group_shares(as_of, scope=scope)
    duty = selectors.upgrade_duty(period, as_of, scope=scope)
    years = list(range(period, min(period + 4, as_of.year) + 1))
    group = request.GET.get("group", "")
    units = OrganizationState.objects.as_of(as_of).public_service_units().order_by("name_folded")
    if scope is not None:
        units = units.filter(organization_id__in=scope)
    if group.isdigit():
        units = units.filter(autonomy_group=int(group))
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "autonomy/overview.html",
        {
            "as_of": as_of,
            "shares": shares,
            "duty": duty,
            "period": period,
            "movements": selectors.group_movements(dt.date(period, 1, 1), as_of, scope=scope),
            "support": selectors.budget_support_by_year(years, scope=scope),
            "pending": selectors.pending_for(scope),
            "page": page,
            "group": group,
            "groups": AutonomyGroup.choices,
        },
    )


def _figures_form_context(
    request: HttpRequest, org: Any, form: FiguresForm, obj: AutonomyFigures | None
) -> HttpResponse:
    return render(request, "autonomy/figures_form.html", {"org": org, "form": form, "obj": obj})


@login_required
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_unit(request.user, pk)
    history = selectors.unit_history(org)
    state = org.state_on(org_access.reference_date(org)) or org.last_state
    approve_forms = {}
    can_approve = access.can_approve(request.user, org)
    for f in history.figures:
        if f.status == "submitted" and can_approve:
            approve_forms[f.pk] = ApproveForm(
                initial={"version": f.version, "decision_date": timezone.localdate()},
                prefix=f"f{f.pk}",
            )
    return render(
        request,
        "autonomy/unit.html",
        {
            "org": org,
            "state": state,
            "h": history,
            "can_enter": access.can_enter(request.user, org),
            "can_change": access.can_change(request.user, org),
            "services": PublicService.objects.filter(managing_body=org)
            .select_related("decision")
            .order_by("sector", "name"),
            "can_approve": can_approve,
            "approve_forms": approve_forms,
            "candidacy": conversion.evaluate(state) if state else None,
            "is_supervisor": request.user.effective_role in ("supervisor", "administrator"),  # type: ignore[union-attr]
        },
    )


@login_required
def figures_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_unit(request.user, pk)
    access.check_can_enter(request.user, org)
    form = FiguresForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            obj = services.figures_save(
                acting_user=request.user,
                data=services.FiguresInput(organization=org.pk, **data),
            )
        except Refused as exc:
            refusal_to_form(form, exc.problems)
        else:
            messages.success(
                request, f"Đã lưu số liệu năm {obj.year} (nháp). Kiểm tra rồi gửi duyệt."
            )
            return redirect("autonomy:unit", pk=org.pk)
    return _figures_form_context(request, org, form, None)


@login_required
def figures_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_figures(request.user, pk)
    access.check_can_enter(request.user, obj.organization)
    initial = {**vars(services.figures_input_from(obj)), "version": obj.version}
    form = FiguresForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.figures_save(
                acting_user=request.user,
                data=services.FiguresInput(organization=obj.organization_id, **data),
                figures=obj,
                expected_version=form.cleaned_data.get("version"),
            )
        except Refused as exc:
            refusal_to_form(form, exc.problems)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("autonomy:unit", pk=obj.organization_id)
    return _figures_form_context(request, obj.organization, form, obj)


def _step(request: HttpRequest, obj: AutonomyFigures, fn: Any, ok: str, **kw: Any) -> HttpResponse:
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        fn(
            acting_user=request.user,
            figures=obj,
            expected_version=form.cleaned_data.get("version"),
            **({"reason": form.cleaned_data.get("reason", "")} if kw.get("reason") else {}),
        )
    except Refused as exc:
        for p in exc.problems:
            messages.error(request, p.message)
    else:
        messages.success(request, ok)
    return redirect("autonomy:unit", pk=obj.organization_id)


@login_required
@require_POST
def figures_submit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_figures(request.user, pk)
    access.check_can_enter(request.user, obj.organization)
    return _step(
        request, obj, services.figures_submit, f"Đã gửi số liệu năm {obj.year} để phê duyệt."
    )


@login_required
@require_POST
def figures_return(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_figures(request.user, pk)
    access.check_can_approve(request.user, obj.organization)
    return _step(
        request, obj, services.figures_return, f"Đã trả lại số liệu năm {obj.year}.", reason=True
    )


@login_required
@require_POST
def figures_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_figures(request.user, pk)
    access.check_can_approve(request.user, obj.organization)
    return _step(
        request, obj, services.figures_reopen, f"Đã mở lại số liệu năm {obj.year}.", reason=True
    )


@login_required
@require_POST
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal(request.user, pk)
    access.check_can_decide_quota(request.user, proposal.organization)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Thiếu số, ngày hoặc cơ quan ban hành quyết định.")
    else:
        try:
            services.quota_conversion_accept(
                acting_user=request.user,
                proposal=proposal,
                decision=DecisionInput(
                    form.cleaned_data["decision_number"],
                    form.cleaned_data["decision_date"],
                    form.cleaned_data["decision_issuer"],
                ),
            )
        except Refused as exc:
            for p in exc.problems:
                messages.error(request, p.message)
        else:
            messages.success(request, "Đã ghi sổ biên chế: chuyển sang hưởng lương từ nguồn thu.")
    return redirect("autonomy:unit", pk=proposal.organization_id)


@login_required
@require_POST
def proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_proposal(request.user, pk)
    access.check_can_decide_quota(request.user, proposal.organization)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.quota_conversion_decline(
            acting_user=request.user, proposal=proposal, reason=form.cleaned_data.get("reason", "")
        )
    except Refused as exc:
        for p in exc.problems:
            messages.error(request, p.message)
    else:
        messages.success(request, "Đã ghi: không chấp nhận đề xuất.")
    return redirect("autonomy:unit", pk=proposal.organization_id)


# ---------------------------------------------------------------------------------------------
# Plan and decision, roadmap, public services: writers in scope (``access.check_can_change``)


def _entry_page(
    request: HttpRequest, org: Any, form: Any, title: str, lead: str, button: str
) -> HttpResponse:
    return render(
        request,
        "autonomy/entry_form.html",
        {"org": org, "form": form, "title": title, "lead": lead, "button": button},
    )


@login_required
def plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_unit(request.user, pk)
    access.check_can_change(request.user, org)
    form = PlanForm(
        request.POST or None,
        initial={"period_start_year": DEFAULT_PERIOD, "submitted_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_record(
                acting_user=request.user,
                organization=org,
                period_start_year=data["period_start_year"],
                proposed_group=data["proposed_group"],
                revenue_estimate_vnd=data["revenue_estimate_vnd"],
                expenditure_estimate_vnd=data["expenditure_estimate_vnd"],
                submitted_on=data.get("submitted_on"),
                note=data.get("note") or "",
                decision=form.decision_input(),
                assigned_group=data.get("assigned_group"),
            )
        except Refused as exc:
            refusal_to_form(form, exc.problems)
        else:
            messages.success(
                request, f"Đã ghi Phương án tự chủ tài chính thời kỳ {plan.period_label}."
            )
            return redirect("autonomy:unit", pk=org.pk)
    return _entry_page(
        request,
        org,
        form,
        "Phương án tự chủ tài chính",
        "Phương án của thời kỳ ổn định 5 năm (Nghị định 60/2021/NĐ-CP, Phụ lục II) và, nếu đã "
        "có, Quyết định giao quyền tự chủ tài chính. Mỗi đơn vị một phương án cho mỗi thời kỳ.",
        "Ghi phương án",
    )


@login_required
def plan_decide(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan(request.user, pk)
    org = plan.organization
    access.check_can_change(request.user, org)
    form = PlanDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.decision_input()
        if decision is None:
            form.add_error("decision_number", "Thiếu số, ký hiệu của quyết định.")
        else:
            try:
                services.plan_decide(
                    acting_user=request.user,
                    plan=plan,
                    decision=decision,
                    assigned_group=form.cleaned_data.get("assigned_group"),
                )
            except Refused as exc:
                refusal_to_form(form, exc.problems)
            else:
                messages.success(request, "Đã ghi Quyết định giao quyền tự chủ tài chính.")
                return redirect("autonomy:unit", pk=org.pk)
    return _entry_page(
        request,
        org,
        form,
        f"Quyết định giao quyền tự chủ tài chính – thời kỳ {plan.period_label}",
        f"Phương án đề xuất {plan.get_proposed_group_display()}. Quyết định được ghi vào sổ văn "  # type: ignore[attr-defined]
        "bản pháp lý.",
        "Ghi quyết định",
    )


@login_required
def roadmap_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_unit(request.user, pk)
    access.check_can_change(request.user, org)
    form = RoadmapForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = services.roadmap_set(
                acting_user=request.user,
                organization=org,
                year=data["year"],
                target_group=data["target_group"],
                target_band=data.get("target_band") or "",
                note=data.get("note") or "",
            )
        except Refused as exc:
            refusal_to_form(form, exc.problems)
        else:
            messages.success(request, f"Đã ghi mục tiêu lộ trình năm {target.year}.")
            return redirect("autonomy:unit", pk=org.pk)
    return _entry_page(
        request,
        org,
        form,
        "Lộ trình nâng mức tự chủ tài chính",
        "Nhóm (và mức, với nhóm 3) mục tiêu theo năm. Không ghi mục tiêu thấp hơn nhóm hiện nay "
        "hoặc năm ngoài thời gian hoạt động của đơn vị. Ghi lại một năm đã có: cập nhật.",
        "Ghi mục tiêu",
    )


@login_required
def public_service_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_unit(request.user, pk)
    access.check_can_change(request.user, org)
    form = PublicServiceForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obj = services.public_service_record(
                acting_user=request.user,
                data=services.PublicServiceInput(
                    name=data["name"],
                    sector=data["sector"],
                    unit_of_measure=data["unit_of_measure"],
                    price_vnd=data["price_vnd"],
                    decision=form.decision_input(),
                    valid_from=data["valid_from"],
                    valid_to=data.get("valid_to"),
                    norm=data.get("norm") or "",
                    is_basic_essential=data.get("is_basic_essential", False),
                    managing_body=org.pk,
                ),
            )
        except Refused as exc:
            refusal_to_form(form, exc.problems)
        else:
            messages.success(request, f"Đã thêm dịch vụ “{obj.name}” vào danh mục.")
            return redirect("autonomy:unit", pk=org.pk)
    return _entry_page(
        request,
        org,
        form,
        "Danh mục dịch vụ sự nghiệp công sử dụng ngân sách nhà nước",
        "Dịch vụ, giá và định mức kinh tế - kỹ thuật theo Điều 4 Nghị định 60/2021/NĐ-CP (sửa "
        "đổi bởi Nghị định 111/2025/NĐ-CP), trong danh mục của cơ quan quản lý này.",
        "Thêm dịch vụ",
    )
