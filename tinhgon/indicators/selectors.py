"""Indicators as of any date for any scope, computed straight from the registry and the ledger.

No batch table can be stale: every value is a query on the data as it is. Definitions
(docs/architecture.md, "Indicators"):

- ``units_total``: public service units (kinds of ``PUBLIC_SERVICE_UNIT_KINDS``, not agencies or
  internal divisions) alive on the date in the scope's subtree on that date.
- ``budget_staff_quota``: the budget-paid public-employee quota assigned to those units (the sum of
  their ledger balances on the date) — the assigned quota, not headcount (DOMAIN.md §11b).
- ``autonomous_share``: share of those units in autonomy groups 1 and 2 (the registry's dated group).
- ``units_per_department_max``: the most public service units directly under one department
  (KH 130: at most one, except education and health).
A scope that did not exist on a baseline date is measured through the organizations it came from.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ParamSpec, TypeVar

from django.db import connection
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from tinhgon.indicators.choices import STATUS_LABELS, Measure
from tinhgon.indicators.models import Target
from tinhgon.organizations import selectors as registry
from tinhgon.organizations.choices import Kind
from tinhgon.organizations.models import Organization, OrganizationState
from tinhgon.rules import target_status
from tinhgon.staffing import selectors as ledger
from tinhgon.staffing.choices import QuotaKind

BASELINES = (2015, 2021)
P = ParamSpec("P")
R = TypeVar("R")


def scope_ids_on(scope: Organization | None, day: dt.date) -> set[int] | None:
    """The organizations of ``scope``'s subtree on ``day`` (None = the whole database)."""
    if scope is None:
        return None
    return registry.subtree_ids(_roots(scope, day), day)


def _roots(scope: Organization, day: dt.date) -> set[int]:
    memo = _MEMO.get()
    key = ("roots", scope.pk, day)
    if memo is not None and key in memo:
        return memo[key]  # type: ignore[no-any-return]
    roots = registry.representatives_on(scope, day)
    if memo is not None:
        memo[key] = roots
    return roots


def _scope_subquery(scope: Organization, day: dt.date) -> RawSQL | list[int]:
    """The subtree of ``scope`` on ``day`` as a subquery (the recursive CTE of ``subtree_ids``), so
    that the ids stay in the database; within one memoized call, the ids computed once per day (the
    CTE walks the tree level by level and costs more than the queries that use it)."""
    memo = _MEMO.get()
    if memo is not None:
        key = ("subtree", scope.pk, day)
        if key not in memo:
            memo[key] = sorted(registry.subtree_ids(_roots(scope, day), day))
        ids: list[int] = memo[key]
        if connection.vendor == "postgresql":
            # One array parameter instead of hundreds of bound ids (their preparation cost more
            # than the queries themselves).
            return RawSQL("SELECT unnest(%s::bigint[])", [ids])
        return ids
    roots = sorted(_roots(scope, day)) or [0]
    sql = registry.subtree_sql(len(roots))
    return RawSQL(sql, [*roots, day, day, day, day])  # noqa: S611 (values bound)


def units_on(day: dt.date, scope: Organization | None, excluded_sectors: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    qs = OrganizationState.objects.as_of(day).public_service_units()
    if scope is not None:
        qs = qs.filter(organization_id__in=_scope_subquery(scope, day))
    if excluded_sectors:
        qs = qs.exclude(sector__in=excluded_sectors)
    return qs


# Within one ``indicator_set`` (or ``target_cards``) call the same measure is asked for several times
# (the value, its baselines, each target's baseline, value and deadline): it is computed once per call.
# Nothing outlives the call, so no value can be stale.
_MEMO: ContextVar[dict[Any, Any] | None] = ContextVar("indicator_memo", default=None)


def _memoized(fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if _MEMO.get() is not None:
            return fn(*args, **kwargs)
        token = _MEMO.set({})
        try:
            return fn(*args, **kwargs)
        finally:
            _MEMO.reset(token)

    return wrapper


def measure(
    code: str, day: dt.date, scope: Organization | None, excluded: tuple[str, ...] = ()
) -> Decimal:
    """The value of a measured quantity on ``day``."""
    memo = _MEMO.get()
    key = (code, day, scope.pk if scope else None, tuple(excluded))
    if memo is not None and key in memo:
        return memo[key]  # type: ignore[no-any-return]
    value = _measure(code, day, scope, excluded)
    if memo is not None:
        memo[key] = value
    return value


def _measure(
    code: str, day: dt.date, scope: Organization | None, excluded: tuple[str, ...] = ()
) -> Decimal:
    if code == Measure.UNITS_TOTAL:
        return Decimal(units_on(day, scope, excluded).count())
    if code == Measure.BUDGET_STAFF_QUOTA:
        ids = units_on(day, scope, excluded).values("organization_id")
        return Decimal(ledger.balance_total(ids, QuotaKind.PUBLIC_EMPLOYEE_BUDGET, day))
    if code == Measure.AUTONOMOUS_SHARE:
        counts = units_on(day, scope, excluded).aggregate(
            total=Count("id"), autonomous=Count("id", filter=Q(autonomy_group__in=(1, 2)))
        )
        if not counts["total"]:
            return Decimal(0)
        return (Decimal(counts["autonomous"]) * 100 / Decimal(counts["total"])).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    if code == Measure.UNITS_PER_DEPARTMENT_MAX:
        counts = units_per_department(day, scope, excluded)
        return Decimal(max((c["count"] for c in counts), default=0))
    raise ValueError(code)


def units_per_department(
    day: dt.date, scope: Organization | None, excluded: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Public service units directly under each department (sở), largest first. A department is left
    out when its own sector is excluded (KH 130 exempts Sở GD&ĐT and Sở Y tế) or all its units are."""
    depts = OrganizationState.objects.as_of(day).filter(kind=Kind.DEPARTMENT)
    if scope is not None:
        depts = depts.filter(organization_id__in=_scope_subquery(scope, day))
    names = dict(depts.exclude(sector__in=excluded).values_list("organization_id", "name"))
    rows = (
        OrganizationState.objects.as_of(day)
        .public_service_units()
        .filter(managing_body_id__in=names.keys())
        .values("managing_body_id", "sector")
        .annotate(n=Count("id"))
    )
    per: dict[int, dict[str, int]] = {}
    for row in rows:
        per.setdefault(row["managing_body_id"], {})[row["sector"]] = row["n"]
    out: list[dict[str, Any]] = []
    for dept_id, name in names.items():
        sectors = per.get(dept_id, {})
        if sectors and excluded and set(sectors) <= set(excluded):
            continue
        out.append({"organization_id": dept_id, "name": name, "count": sum(sectors.values())})
    out.sort(key=lambda r: (-int(r["count"]), str(r["name"])))  # type: ignore[call-overload]
    return out


@dataclass
class Indicator:
    code: str
    label: str
    value: Decimal
    unit: str
    baseline: dict[str, Any] | None = None
    change_percent: Decimal | None = None
    target: dict[str, Any] | None = None
    measure: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        def num(v: Decimal | None) -> int | float | None:
            if v is None:
                return None
            return int(v) if v == v.to_integral_value() else float(v)

        return {
            "code": self.code,
            "label": self.label,
            "value": num(self.value),
            "unit": self.unit,
            "baseline": self.baseline,
            "change_percent": num(self.change_percent),
            "target": self.target,
        }


def _applicable(targets: list[Target], scope: Organization | None) -> list[Target]:
    return [
        t for t in targets if t.scope_id is None or (scope is not None and t.scope_id == scope.pk)
    ]


def target_judgement(
    target: Target, day: dt.date, scope: Organization | None, value_now: Decimal | None = None
) -> dict[str, Any]:
    """A target's status on ``day`` for ``scope`` (``achieved``/``missed`` after its deadline, measured then)."""
    excluded = tuple(target.excluded_sectors or ())
    baseline: Decimal | None = None
    if target.baseline_date:
        baseline = (
            Decimal(target.baseline_value)
            if target.baseline_value is not None
            else measure(target.measure, target.baseline_date, scope, excluded)
        )
    now = (
        value_now
        if value_now is not None and not excluded
        else measure(target.measure, day, scope, excluded)
    )
    at_deadline = (
        measure(target.measure, target.deadline, scope, excluded)
        if day >= target.deadline
        else None
    )
    judged = target_status.judge(
        comparison=target.comparison,
        target_value=target.target_value,
        baseline=baseline,
        start=target.baseline_date,
        deadline=target.deadline,
        as_of=day,
        value_now=now,
        value_at_deadline=at_deadline,
    )
    return {
        "code": target.code,
        "value": float(target.target_value)
        if target.target_value != target.target_value.to_integral_value()
        else int(target.target_value),
        "deadline": target.deadline.isoformat(),
        "status": judged.status,
        "status_label": str(STATUS_LABELS[judged.status]),
        "target_level": float(judged.target_level.quantize(Decimal("0.01"))),
        "expected_now": float(judged.expected_now.quantize(Decimal("0.01")))
        if judged.expected_now is not None
        else None,
        "pace_per_year": float(judged.pace_per_year.quantize(Decimal("0.1")))
        if judged.pace_per_year is not None
        else None,
        "measured": float(now),
        "baseline_value": float(baseline) if baseline is not None else None,
        "excluded_sectors": list(excluded),
    }


def _nearest(targets: list[Target], day: dt.date) -> Target | None:
    if not targets:
        return None
    upcoming = sorted((t for t in targets if t.deadline >= day), key=lambda t: t.deadline)
    return upcoming[0] if upcoming else max(targets, key=lambda t: t.deadline)


_UNITS = {
    Measure.UNITS_TOTAL: "đơn vị",
    Measure.BUDGET_STAFF_QUOTA: "người",
    Measure.AUTONOMOUS_SHARE: "%",
    Measure.UNITS_PER_DEPARTMENT_MAX: "đơn vị",
}


@_memoized
def indicator_set(day: dt.date, scope: Organization | None) -> list[Indicator]:
    """Every indicator on ``day`` for ``scope``: the data of ``/api/v1/indicators/`` and the dashboard."""
    targets = _applicable(list(Target.objects.all()), scope)
    out: list[Indicator] = []
    for code, label in (
        (Measure.UNITS_TOTAL, "units"),
        (Measure.BUDGET_STAFF_QUOTA, "budget_staff"),
    ):
        value = measure(code, day, scope)
        base_code = "units_total" if code == Measure.UNITS_TOTAL else "budget_staff_quota"
        out.append(
            Indicator(base_code, str(Measure(code).label), value, _UNITS[code], measure=code)
        )
        for year in BASELINES:
            bdate = dt.date(year, 12, 31)
            bval = measure(code, bdate, scope)
            candidates = [
                t
                for t in targets
                if t.measure == code and t.baseline_date == bdate and not t.excluded_sectors
            ]
            chosen = _nearest(candidates, day)
            out.append(
                Indicator(
                    f"{label}_change_vs_{year}",
                    f"{Measure(code).label}: thay đổi so với 31/12/{year}",
                    value,
                    _UNITS[code],
                    baseline={"date": bdate.isoformat(), "value": int(bval)},
                    change_percent=target_status.change_percent(value, bval),
                    target=target_judgement(chosen, day, scope, value) if chosen else None,
                    measure=code,
                )
            )
    share = measure(Measure.AUTONOMOUS_SHARE, day, scope)
    share_target = _nearest([t for t in targets if t.measure == Measure.AUTONOMOUS_SHARE], day)
    out.append(
        Indicator(
            "autonomous_share",
            str(Measure.AUTONOMOUS_SHARE.label),
            share,
            "%",
            target=target_judgement(share_target, day, scope, share) if share_target else None,
            measure=Measure.AUTONOMOUS_SHARE,
        )
    )
    dept_target = _nearest(
        [t for t in targets if t.measure == Measure.UNITS_PER_DEPARTMENT_MAX], day
    )
    excluded = tuple(dept_target.excluded_sectors) if dept_target else ()
    per_dept = measure(Measure.UNITS_PER_DEPARTMENT_MAX, day, scope, excluded)
    out.append(
        Indicator(
            "units_per_department_max",
            str(Measure.UNITS_PER_DEPARTMENT_MAX.label)
            + (" (trừ giáo dục, y tế)" if excluded else ""),
            per_dept,
            "đơn vị",
            target=target_judgement(dept_target, day, scope, per_dept) if dept_target else None,
            measure=Measure.UNITS_PER_DEPARTMENT_MAX,
        )
    )
    return out


def indicator_payload(day: dt.date, scope: Organization | None) -> dict[str, Any]:
    return {
        "as_of": day.isoformat(),
        "scope": scope.pk if scope else None,
        "indicators": [i.as_json() for i in indicator_set(day, scope)],
    }


@_memoized
def target_cards(day: dt.date, scope: Organization | None) -> list[dict[str, Any]]:
    """Every target with its status on ``day``, for the dashboard's cards."""
    cards = []
    for target in _applicable(list(Target.objects.all()), scope):
        judged = target_judgement(target, day, scope)
        cards.append({"target": target, **judged})
    return cards


def series(code: str, scope: Organization | None, years: range) -> list[tuple[dt.date, Decimal]]:
    """The measure at the end of each year (and today for the current year), for the charts."""
    today = timezone.localdate()
    points = []
    for year in years:
        day = min(dt.date(year, 12, 31), today)
        points.append((day, measure(code, day, scope)))
    return points


def chart_data(code: str, scope: Organization | None, today: dt.date) -> Any:
    """The data object of a chart: the measure at the end of each year 2015…today, by sector for
    units, with the targets' levels marked."""
    from tinhgon.indicators.charts import ChartData, Series
    from tinhgon.organizations.choices import Sector

    days = [dt.date(y, 12, 31) for y in range(2015, today.year)] + [today]
    if code == Measure.UNITS_TOTAL:
        total = Series("Tổng số", [(d, measure(code, d, scope)) for d in days])
        by_sector: dict[str, list[tuple[dt.date, Decimal]]] = {}
        for d in days:
            counts = dict(
                units_on(d, scope)
                .values("sector")
                .annotate(n=Count("id"))
                .values_list("sector", "n")
            )
            for sector in Sector.values:
                by_sector.setdefault(sector, []).append((d, Decimal(counts.get(sector, 0))))
        top = sorted(by_sector.items(), key=lambda kv: -kv[1][0][1])[:4]
        series = [total] + [Series(str(Sector(k).label), pts) for k, pts in top]
        title, unit = "Số đơn vị sự nghiệp công lập (cuối năm)", "đơn vị"
    elif code == Measure.BUDGET_STAFF_QUOTA:
        series = [Series("Biên chế giao", [(d, measure(code, d, scope)) for d in days])]
        title, unit = "Biên chế sự nghiệp hưởng lương từ NSNN được giao (cuối năm)", "người"
    else:
        raise ValueError(code)
    marks = []
    for target in _applicable(
        list(Target.objects.filter(measure=code, excluded_sectors=[])), scope
    ):
        if target.baseline_date and target.comparison == "change_percent_max":
            base = measure(code, target.baseline_date, scope)
            level = base * (1 + target.target_value / 100)
            marks.append(
                (
                    target.deadline,
                    level,
                    f"Mục tiêu {target.deadline.year}: {target.target_value:+.0f}%",
                )
            )
    return ChartData(title, unit, series, marks)
