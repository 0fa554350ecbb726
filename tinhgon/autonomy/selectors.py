"""Reads of the autonomy data for pages, the API, indicators and reports.

Definitions (used by the indicators issue; the test of the demo recomputes them independently):

* **Units** on a date D: public service units (``PUBLIC_SERVICE_UNIT_KINDS``) alive on D, in scope.
* **Group** on D: the registry's dated ``autonomy_group`` (``OrganizationState`` alive on D); units
  without one count as "chưa xếp nhóm".
* **Band** on D of a group-3 unit: the band of its approved yearly figures of the latest year ≤ D's
  year; "chưa có số liệu" when it has none. Bands are counted only for units whose registry group
  on D is 3.
* **Share of groups 1–2** (NQ 19 "≥ 20 % of units autonomous by 2025", DOMAIN.md §11b): units in
  groups 1 and 2 over all units, as an exact ``Decimal`` percentage rounded to two places.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Sum

from tinhgon.autonomy.choices import band_label, group_name
from tinhgon.autonomy.models import (
    AutonomyFigures,
    AutonomyPlan,
    GroupChange,
    QuotaConversionProposal,
    RoadmapTarget,
)
from tinhgon.core.approval import ApprovalStatus
from tinhgon.organizations.models import Organization, OrganizationState
from tinhgon.rules import catalogue as rules
from tinhgon.rules.autonomy_group import BANDS

BAND_CODES = tuple(code for code, _low, _high in BANDS)
NO_FIGURES = "unknown"


def percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _units_on(as_of: dt.date, scope: set[int] | None) -> dict[int, int | None]:
    """Public service units alive on ``as_of`` → their registry group."""
    qs = OrganizationState.objects.as_of(as_of).public_service_units()
    if scope is not None:
        qs = qs.filter(organization_id__in=scope)
    return dict(qs.values_list("organization_id", "autonomy_group"))


def latest_bands(org_ids: Iterable[int], year: int) -> dict[int, str]:
    """Band ('' outside group 3) of each unit's approved figures of the latest year ≤ ``year``."""
    ids = list(org_ids)
    out: dict[int, str] = {}
    if not ids:
        return out
    rows = (
        AutonomyFigures.objects.filter(
            status=ApprovalStatus.APPROVED, year__lte=year, organization_id__in=ids
        )
        .order_by("organization_id", "year")
        .values_list("organization_id", "band")
    )
    for org_id, band in rows.iterator(chunk_size=5000):
        out[org_id] = band
    return out


@dataclass
class GroupShares:
    as_of: dt.date
    total: int
    by_group: dict[int, int]  # 1..4
    unclassified: int
    by_band: dict[str, int]  # BAND_CODES + NO_FIGURES, group-3 units only

    @property
    def autonomous(self) -> int:
        return self.by_group[1] + self.by_group[2]

    @property
    def autonomous_percent(self) -> Decimal:
        return percent(self.autonomous, self.total)

    def group_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "group": g,
                "name": group_name(g),
                "count": self.by_group[g],
                "percent": percent(self.by_group[g], self.total),
            }
            for g in (1, 2, 3, 4)
        ]

    def band_rows(self) -> list[dict[str, Any]]:
        return [
            {"band": b, "label": band_label(b) or "chưa có số liệu", "count": self.by_band[b]}
            for b in (*BAND_CODES, NO_FIGURES)
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "total": self.total,
            "groups": [{**r, "percent": float(r["percent"])} for r in self.group_rows()],
            "unclassified": self.unclassified,
            "bands": self.band_rows(),
            "autonomous": self.autonomous,
            "autonomous_percent": float(self.autonomous_percent),
        }


def group_shares(as_of: dt.date, *, scope: set[int] | None = None) -> GroupShares:
    """Units by registry group and group-3 units by band, on ``as_of``, within ``scope``."""
    units = _units_on(as_of, scope)
    counts = Counter(units.values())
    group3 = [pk for pk, g in units.items() if g == 3]
    bands = latest_bands(group3, as_of.year)
    by_band = dict.fromkeys((*BAND_CODES, NO_FIGURES), 0)
    for pk in group3:
        band = bands.get(pk) or NO_FIGURES
        by_band[band if band in by_band else NO_FIGURES] += 1
    return GroupShares(
        as_of=as_of,
        total=len(units),
        by_group={g: counts.get(g, 0) for g in (1, 2, 3, 4)},
        unclassified=counts.get(None, 0),
        by_band=by_band,
    )


@dataclass
class Movements:
    start: dt.date
    end: dt.date
    matrix: dict[tuple[int | None, int | None], int]  # (group on start, group on end) → units
    upgraded: int
    downgraded: int
    unchanged: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "moves": [
                {"from_group": a, "to_group": b, "count": n}
                for (a, b), n in sorted(
                    self.matrix.items(), key=lambda kv: (kv[0][0] or 9, kv[0][1] or 9)
                )
            ],
            "upgraded": self.upgraded,
            "downgraded": self.downgraded,
            "unchanged": self.unchanged,
        }


def group_movements(start: dt.date, end: dt.date, *, scope: set[int] | None = None) -> Movements:
    """Units alive on both dates, by (group on ``start``, group on ``end``). A lower group number
    is a higher autonomy: 3 → 2 is an upgrade."""
    before = _units_on(start, scope)
    after = _units_on(end, scope)
    matrix: Counter[tuple[int | None, int | None]] = Counter()
    up = down = same = 0
    for pk, g0 in before.items():
        if pk not in after:
            continue
        g1 = after[pk]
        matrix[(g0, g1)] += 1
        if g0 and g1 and g1 < g0:
            up += 1
        elif g0 and g1 and g1 > g0:
            down += 1
        else:
            same += 1
    return Movements(start, end, dict(matrix), up, down, same)


@dataclass(frozen=True)
class SupportYear:
    year: int
    units: int
    budget_support_vnd: int
    change_vnd: int | None
    change_percent: Decimal | None


def budget_support_by_year(
    years: Iterable[int], *, scope: set[int] | None = None
) -> list[SupportYear]:
    """Direct budget support of approved figures per year, with its change on the year before."""
    qs = AutonomyFigures.objects.filter(status=ApprovalStatus.APPROVED, year__in=list(years))
    if scope is not None:
        qs = qs.filter(organization_id__in=scope)
    rows = {
        r["year"]: r
        for r in qs.values("year").annotate(total=Sum("budget_support_vnd"), n=Count("id"))
    }
    out: list[SupportYear] = []
    previous: int | None = None
    for year in sorted(years):
        total = int(rows[year]["total"]) if year in rows else 0
        units = int(rows[year]["n"]) if year in rows else 0
        change = None if previous is None else total - previous
        change_pct = (
            (Decimal(change) * 100 / previous).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if change is not None and previous
            else None
        )
        out.append(SupportYear(year, units, total, change, change_pct))
        previous = total
    return out


# ---------------------------------------------------------------------------------------------
# Upgrade duty (ND 60 art 35) and progress


@dataclass
class UpgradeDuty:
    period_start_year: int
    as_of: dt.date
    start_bands: dict[str, int]
    rule_result: dict[str, Any]
    moved_up: dict[str, int]  # per starting band: units that reached the target by as_of

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for band in self.rule_result["bands"]:
            code = band["band"]
            out.append(
                {
                    **band,
                    "label": band_label(code),
                    "moved_up": self.moved_up.get(code, 0),
                    "met": self.moved_up.get(code, 0) >= band["required_upgrades"],
                }
            )
        return out


_TARGET = {"70-100": (2, ""), "30-70": (3, "70-100"), "10-30": (3, "30-70")}
_RANK = {(1, ""): 0, (2, ""): 1, (3, "70-100"): 2, (3, "30-70"): 3, (3, "10-30"): 4, (4, ""): 5}


def upgrade_duty(
    period_start_year: int, as_of: dt.date, *, scope: set[int] | None = None
) -> UpgradeDuty:
    """The art 35 duty for the period starting in ``period_start_year`` (band counts from the
    approved figures of its first year, via ``rules.autonomy_upgrade_quota``) and the progress:
    how many of those units stand, on ``as_of``, at the target band or higher."""
    qs = AutonomyFigures.objects.filter(
        status=ApprovalStatus.APPROVED, year=period_start_year, group=3
    )
    if scope is not None:
        qs = qs.filter(organization_id__in=scope)
    start = dict(qs.values_list("organization_id", "band"))
    counts = {b: sum(1 for v in start.values() if v == b) for b in BAND_CODES}
    support = (
        AutonomyFigures.objects.filter(
            status=ApprovalStatus.APPROVED, year=period_start_year, organization_id__in=start
        ).aggregate(s=Sum("budget_support_vnd"))["s"]
        or 0
    )
    result = rules.run(
        "autonomy_upgrade_quota",
        {
            "band_counts": counts,
            "budget_support_vnd": int(support),
            "period_start_year": max(period_start_year, 2021),
            "as_of": max(as_of, dt.date(2021, 8, 15)).isoformat(),
        },
    )
    now = _units_on(as_of, set(start))
    bands_now = latest_bands([pk for pk, g in now.items() if g == 3], as_of.year)
    moved: dict[str, int] = dict.fromkeys(BAND_CODES, 0)
    for pk, band in start.items():
        if pk not in now or now[pk] is None:
            continue
        g = now[pk]
        position = _RANK.get((g, bands_now.get(pk, band) if g == 3 else ""), 9)  # type: ignore[arg-type]
        if position <= _RANK[_TARGET[band]]:
            moved[band] += 1
    return UpgradeDuty(period_start_year, as_of, counts, result, moved)


# ---------------------------------------------------------------------------------------------
# A unit's page


@dataclass(frozen=True)
class GroupPeriod:
    valid_from: dt.date
    valid_to: dt.date | None
    group: int | None
    decision: str

    @property
    def group_name(self) -> str:
        return group_name(self.group)


@dataclass
class UnitHistory:
    organization: Organization
    figures: list[AutonomyFigures]
    periods: list[GroupPeriod]
    changes: list[GroupChange]
    plans: list[AutonomyPlan]
    roadmap: list[RoadmapTarget]
    proposals: list[QuotaConversionProposal]
    current_group: int | None = None
    chart: list[dict[str, Any]] = field(default_factory=list)

    @property
    def chart_height(self) -> int:
        return len(self.chart) * 22 + 4


def unit_history(org: Organization) -> UnitHistory:
    states = list(org.states.select_related("opened_by__decision").order_by("valid_from"))
    periods: list[GroupPeriod] = []
    for s in states:
        if periods and periods[-1].group == s.autonomy_group:
            periods[-1] = GroupPeriod(
                periods[-1].valid_from, s.valid_to, s.autonomy_group, periods[-1].decision
            )
            continue
        doc = s.opened_by.decision.number if s.opened_by_id else ""  # type: ignore[union-attr]
        periods.append(GroupPeriod(s.valid_from, s.valid_to, s.autonomy_group, doc))
    figures = list(AutonomyFigures.objects.filter(organization=org).order_by("year"))
    top = max([f.ratio_percent for f in figures] + [Decimal(100)])
    chart = [
        {
            "year": f.year,
            "ratio": f.ratio_percent,
            "bar": max(1, int((f.ratio_percent * 500 / top).quantize(Decimal(1)))),
            "y": i * 22,
            "group": f.group,
        }
        for i, f in enumerate(figures)
    ]
    return UnitHistory(
        organization=org,
        figures=figures,
        periods=periods,
        changes=list(
            GroupChange.objects.filter(organization=org)
            .select_related("decision", "event", "created_by")
            .order_by("created_at", "id")
        ),
        plans=list(
            AutonomyPlan.objects.filter(organization=org)
            .select_related("decision")
            .order_by("period_start_year")
        ),
        roadmap=list(RoadmapTarget.objects.filter(organization=org).order_by("year")),
        proposals=list(
            QuotaConversionProposal.objects.filter(organization=org)
            .select_related("decision")
            .order_by("-created_at")
        ),
        current_group=states[-1].autonomy_group if states else None,
        chart=chart,
    )


# ---------------------------------------------------------------------------------------------
# The yearly autonomy report (TT 56/2022/TT-BTC, amended by TT 03/2026/TT-BTC): data only; the
# reports issue lays it out as kind ``autonomy_annual``.


@dataclass(frozen=True)
class AnnualReportRow:
    organization_id: int
    name: str
    managing_body: str
    group: int
    group_name: str
    band: str
    revenue_vnd: int
    recurrent_expenditure_vnd: int
    ratio_percent: Decimal
    budget_support_vnd: int
    investment_self_financed: bool


@dataclass(frozen=True)
class AnnualReportGroup:
    group: int
    group_name: str
    units: int
    revenue_vnd: int
    recurrent_expenditure_vnd: int
    budget_support_vnd: int


@dataclass(frozen=True)
class AnnualAutonomyReport:
    year: int
    as_of: dt.date
    rows: list[AnnualReportRow]
    groups: list[AnnualReportGroup]
    total_units: int
    budget_support_vnd: int
    budget_support_previous_vnd: int
    sources: tuple[str, ...] = (
        "Nghị định 60/2021/NĐ-CP",
        "Thông tư 56/2022/TT-BTC (sửa đổi bởi Thông tư 03/2026/TT-BTC)",
    )


def annual_report(year: int, *, scope: set[int] | None = None) -> AnnualAutonomyReport:
    """Approved figures of ``year`` per unit, totals by group, budget support against last year."""
    as_of = dt.date(year, 12, 31)
    qs = AutonomyFigures.objects.filter(status=ApprovalStatus.APPROVED, year=year)
    if scope is not None:
        qs = qs.filter(organization_id__in=scope)
    figures = list(qs.order_by("group", "organization_id"))
    ids = [f.organization_id for f in figures]
    names: dict[int, tuple[str, int | None]] = {}
    for s in (
        OrganizationState.objects.filter(organization_id__in=ids, valid_from__lte=as_of)
        .order_by("organization_id", "valid_from")
        .values_list("organization_id", "name", "managing_body_id")
    ):
        names[s[0]] = (s[1], s[2])
    bodies = dict(
        OrganizationState.objects.filter(
            organization_id__in={v[1] for v in names.values() if v[1]}, valid_from__lte=as_of
        )
        .order_by("valid_from")
        .values_list("organization_id", "name")
    )
    rows = [
        AnnualReportRow(
            organization_id=f.organization_id,
            name=names.get(f.organization_id, ("", None))[0],
            managing_body=bodies.get(names.get(f.organization_id, ("", None))[1], ""),  # type: ignore[arg-type]
            group=f.final_group,
            group_name=group_name(f.final_group),
            band=f.band,
            revenue_vnd=f.revenue_vnd,
            recurrent_expenditure_vnd=f.recurrent_expenditure_vnd,
            ratio_percent=f.ratio_percent,
            budget_support_vnd=f.budget_support_vnd,
            investment_self_financed=f.investment_self_financed,
        )
        for f in figures
    ]
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in rows:
        t = totals[r.group]
        t[0] += 1
        t[1] += r.revenue_vnd
        t[2] += r.recurrent_expenditure_vnd
        t[3] += r.budget_support_vnd
    groups = [AnnualReportGroup(g, group_name(g), *totals[g]) for g in (1, 2, 3, 4) if g in totals]
    previous = budget_support_by_year([year - 1], scope=scope)[0].budget_support_vnd
    return AnnualAutonomyReport(
        year=year,
        as_of=as_of,
        rows=rows,
        groups=groups,
        total_units=len(rows),
        budget_support_vnd=sum(r.budget_support_vnd for r in rows),
        budget_support_previous_vnd=previous,
    )


def pending_for(scope: set[int] | None) -> list[AutonomyFigures]:
    """Submitted figures waiting for approval within ``scope``."""
    qs = AutonomyFigures.objects.filter(status=ApprovalStatus.SUBMITTED).select_related(
        "organization"
    )
    if scope is not None:
        qs = qs.filter(organization_id__in=scope)
    return list(qs.order_by("year", "organization_id")[:200])
