"""The leader's dashboard: target cards, charts, a comparison of agencies, the quota chain; and the
drill-down from each indicator to the units or ledger entries behind it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tinhgon.core import memo
from tinhgon.core.db_router import replica_reads
from tinhgon.indicators import charts, selectors
from tinhgon.indicators.api import resolve_scope
from tinhgon.indicators.choices import Measure
from tinhgon.organizations.access import scope_key
from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS
from tinhgon.organizations.models import OrganizationState
from tinhgon.staffing import selectors as ledger
from tinhgon.staffing.choices import QuotaKind
from tinhgon.staffing.models import QuotaChainStep
from tinhgon.streamlining.access import case_scope_q
from tinhgon.streamlining.selectors import budget_effect


def _params(request: HttpRequest) -> tuple[dt.date, Any, str]:
    raw = request.GET.get("as_of", "")
    error = ""
    try:
        as_of = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        as_of, error = (
            timezone.localdate(),
            f"Ngày “{raw}” không đúng định dạng; đang hiển thị hôm nay.",
        )
    scope = resolve_scope(request.user, request.GET.get("scope") or None)
    return as_of, scope, error


def _budget_effect(user: Any, as_of: dt.date, scope: Any) -> Any:
    """Streamlining's budget effect from 01/01 of the year to ``as_of``: the cases of the units (or
    review periods of the agencies) in the scope's subtree that the user may see."""
    q = case_scope_q(user)
    ids = selectors.scope_ids_on(scope, as_of)
    if ids is not None:
        in_scope = Q(organization_id__in=ids) | Q(period__agency_id__in=ids)
        q = in_scope if q is None else q & in_scope
    return budget_effect(dt.date(as_of.year, 1, 1), as_of, q)


def _comparison(as_of: dt.date, scope: Any) -> list[dict[str, Any]]:
    """Agencies directly under the scope: units now and at 2021, change, budget-paid quota."""
    parent_ids = (
        selectors.registry.representatives_on(scope, as_of)
        if scope
        else set(
            OrganizationState.objects.as_of(as_of)
            .filter(managing_body__isnull=True)
            .values_list("organization_id", flat=True)
        )
    )
    agencies = list(
        OrganizationState.objects.as_of(as_of)
        .filter(managing_body_id__in=parent_ids)
        .exclude(kind__in=PUBLIC_SERVICE_UNIT_KINDS)
        .order_by("name")
    )
    rows = []
    base = dt.date(2021, 12, 31)
    for state in agencies:
        org = state.organization
        now = selectors.measure(Measure.UNITS_TOTAL, as_of, org)
        then = selectors.measure(Measure.UNITS_TOTAL, base, org)
        quota = selectors.measure(Measure.BUDGET_STAFF_QUOTA, as_of, org)
        if not now and not then:
            continue
        rows.append(
            {
                "state": state,
                "units": now,
                "units_2021": then,
                "change": selectors.target_status.change_percent(now, then) if then else None,
                "quota": quota,
            }
        )
    return rows


@login_required
@replica_reads
def dashboard(request: HttpRequest) -> HttpResponse:
    as_of, scope, error = _params(request)
    # The figures depend only on the date and the scope (already checked against the user by
    # resolve_scope): cached per data generation (tinhgon.core.memo).
    figures = memo.cached(
        "indicators.dashboard",
        (as_of, scope.pk if scope else None),
        lambda: {
            "indicators": selectors.indicator_set(as_of, scope),
            "cards": selectors.target_cards(as_of, scope),
            "comparison": _comparison(as_of, scope),
        },
    )
    year = as_of.year + 1
    chain = list(
        QuotaChainStep.objects.filter(year__in=[as_of.year, year])
        .select_related("document")
        .order_by("year", "date")
    )
    context = {
        "as_of": as_of,
        "scope": scope,
        "scope_state": (scope.state_on(as_of) or scope.last_state) if scope else None,
        "error": error,
        **figures,
        "chain": chain,
        # Depends on the cases the user may see, i.e. on the user's scope: cached per scope key.
        "budget_effect": memo.cached(
            "indicators.budget_effect",
            (scope_key(request.user), as_of, scope.pk if scope else None),
            lambda: _budget_effect(request.user, as_of, scope),
        ),
        "scope_param": f"&scope={scope.pk}" if scope else "",
    }
    return render(request, "indicators/dashboard.html", context)


@login_required
@replica_reads
def chart(request: HttpRequest, code: str) -> HttpResponse:
    if code not in (Measure.UNITS_TOTAL, Measure.BUDGET_STAFF_QUOTA):
        raise Http404("Không có biểu đồ này.")
    as_of, scope, _error = _params(request)
    data = selectors.chart_data(code, scope, as_of)
    response = HttpResponse(charts.render_png(data), content_type="image/png")
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
@replica_reads
def drill(request: HttpRequest, code: str) -> HttpResponse:
    """The units (and their quota) behind an indicator or a target, on the date and in the scope."""
    as_of, scope, error = _params(request)
    measure_code: str | None = {
        "units_total": Measure.UNITS_TOTAL,
        "units_change_vs_2015": Measure.UNITS_TOTAL,
        "units_change_vs_2021": Measure.UNITS_TOTAL,
        "budget_staff_quota": Measure.BUDGET_STAFF_QUOTA,
        "budget_staff_change_vs_2015": Measure.BUDGET_STAFF_QUOTA,
        "budget_staff_change_vs_2021": Measure.BUDGET_STAFF_QUOTA,
        "autonomous_share": Measure.AUTONOMOUS_SHARE,
        "units_per_department_max": Measure.UNITS_PER_DEPARTMENT_MAX,
    }.get(code)
    target = selectors.Target.objects.filter(code=code).first()
    excluded: tuple[str, ...] = ()
    if target is not None:
        measure_code, excluded = target.measure, tuple(target.excluded_sectors or ())
    if measure_code is None:
        raise Http404("Không có chỉ tiêu này.")
    if measure_code == Measure.UNITS_PER_DEPARTMENT_MAX:
        rows = selectors.units_per_department(as_of, scope, excluded)
        return render(
            request,
            "indicators/drill_departments.html",
            {
                "rows": rows,
                "as_of": as_of,
                "scope": scope,
                "code": code,
                "target": target,
                "error": error,
            },
        )
    units = list(
        selectors.units_on(as_of, scope, excluded).select_related("managing_body").order_by("name")
    )
    quota = ledger.balances(
        [u.organization_id for u in units], QuotaKind.PUBLIC_EMPLOYEE_BUDGET, as_of
    )
    rows = [{"state": u, "quota": quota[u.organization_id]} for u in units]
    if measure_code == Measure.AUTONOMOUS_SHARE:
        rows = (
            [r for r in rows if r["state"].autonomy_group in (1, 2)]
            if request.GET.get("only") == "autonomous"
            else rows
        )
    total_quota = sum((Decimal(r["quota"]) for r in rows), Decimal(0))
    context = {
        "rows": rows,
        "as_of": as_of,
        "scope": scope,
        "code": code,
        "target": target,
        "measure": Measure(measure_code),
        "total_quota": total_quota,
        "excluded": excluded,
        "error": error,
        "scope_param": f"&scope={scope.pk}" if scope else "",
    }
    return render(request, "indicators/drill_units.html", context)
