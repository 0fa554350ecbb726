"""The autonomy part of the Hà Tĩnh demo, loaded by ``load_demo`` after the registry.

* Yearly figures 2021–2025 for every public service unit alive in each year, generated so that
  ``rules.autonomy_group`` gives the unit's registry group on the last day of that year (or its last
  day, if it ended earlier): A and B are drawn, then checked against the rule. A group-3 unit keeps
  its band (drawn once), its ratio creeping up inside it. Approved, as if entered and approved.
* The Phương án tự chủ tài chính and the Quyết định giao quyền tự chủ tài chính of the stable period
  2022–2026 for every unit alive on 01/01/2022 (one provincial decision per managing body, registered
  through ``document_resolve``), a roadmap 2026–2030 for group-3/4 units, the autonomy history of
  every registry ``change_autonomy_group`` event, one refused downgrade, and a short list of
  budget-funded public services.

Speed: the ~6,000 yearly records and the plans, roadmap and history rows are written with
``bulk_create`` (a few seconds on SQLite), with **one summarising audit row per batch** (per year of
figures, and one each for plans, roadmap and history) instead of one row per record. Deterministic
(one ``random.Random``); the caller owns the transaction and makes it idempotent.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from tinhgon.accounts.choices import Role
from tinhgon.autonomy.choices import ChangeOutcome, DowngradeBasis, PlanStatus
from tinhgon.autonomy.models import (
    AutonomyFigures,
    AutonomyPlan,
    GroupChange,
    RoadmapTarget,
)
from tinhgon.autonomy.services import PublicServiceInput, public_service_record
from tinhgon.core import audit
from tinhgon.core.approval import ApprovalStatus
from tinhgon.organizations.choices import (
    PUBLIC_SERVICE_UNIT_KINDS,
    EventKind,
    Kind,
    LinkRole,
    Sector,
)
from tinhgon.organizations.models import EventLink, Organization, OrganizationState
from tinhgon.organizations.services import DecisionInput, document_resolve
from tinhgon.rules import autonomy_group as rule
from tinhgon.rules.base import to_json

SEED = 60_2021
YEARS = range(2021, 2026)
PERIOD_START = 2022
PROVINCE = "UBND tỉnh Hà Tĩnh"
MILLION = 1_000_000
_BAND_RANGES = {"70-100": (70, 100), "30-70": (30, 70), "10-30": (10, 30)}
_SIZE = {  # recurrent spending B, in millions of đồng
    Kind.HOSPITAL: (40_000, 400_000),
    Kind.HEALTH_CENTER: (15_000, 80_000),
    Kind.SCHOOL: (2_000, 25_000),
}


def _ratio(rng: random.Random, group: int, band: str, year_index: int) -> Decimal:
    if group == 1:
        return Decimal(rng.randint(10_200, 13_000)) / 100
    if group == 2:
        return Decimal(rng.randint(10_050, 11_800)) / 100
    if group == 3:
        low, high = _BAND_RANGES[band]
        span = (high - low) * 100
        base = low * 100 + span // 10 + rng.randint(0, span // 2)
        return Decimal(min(base + year_index * span // 20, high * 100 - 50)) / 100
    return Decimal(rng.randint(0, 900)) / 100


def _figures(
    rng: random.Random, org_id: int, kind: str, group: int, band: str, year: int, user: Any
) -> AutonomyFigures:
    low, high = _SIZE.get(kind, (3_000, 40_000))  # type: ignore[call-overload]
    b = rng.randint(low, high) * MILLION
    ratio = _ratio(rng, group, band, year - YEARS[0])
    no_revenue = group == 4 and kind == Kind.SCHOOL and rng.random() < 0.3
    a = 0 if no_revenue else int(Decimal(b) * ratio / 100 / MILLION) * MILLION
    depreciation = b // 20
    invest = depreciation + b // 50 if group == 1 else depreciation // 2
    payload = {
        "revenue_vnd": a,
        "recurrent_expenditure_vnd": b,
        "investment_self_financed": invest >= depreciation,
        "has_service_revenue": not no_revenue,
        "as_of": dt.date(year, 12, 31).isoformat(),
    }
    result = rule.evaluate(rule.parse(payload))
    if result.group != group or (group == 3 and result.band != band):
        raise AssertionError((org_id, year, group, band, payload, result.group, result.band))
    fees = a * 15 // 100
    other = a * 5 // 100
    return AutonomyFigures(
        organization_id=org_id,
        year=year,
        revenue_services_vnd=a - fees - other,
        revenue_fees_vnd=fees,
        revenue_other_vnd=other,
        total_revenue_vnd=a + a // 10,
        recurrent_expenditure_vnd=b,
        investment_source_vnd=invest,
        depreciation_vnd=depreciation,
        budget_support_vnd=max(b - a, 0),
        has_service_revenue=not no_revenue,
        ratio_percent=result.ratio_percent,
        group=result.group,
        band=result.band or "",
        rule_version=result.rule_version,
        rule_input=payload,
        rule_result=to_json(result),
        status=ApprovalStatus.APPROVED,
        created_by=user,
        decided_by=user,
        decided_at=timezone.now(),
        decision_reason="Dữ liệu mẫu",
    )


def _summary(user: Any, obj: Any, what: str, n: int) -> None:
    audit.record(
        actor=user,
        action="demo_load",
        obj=obj,
        before=None,
        after={"what": what, "count": n},
        reason=f"Nạp dữ liệu mẫu: {n} {what} (ghi hàng loạt, một dòng nhật ký cho cả lô).",
    )


def load(user: Any, log: Callable[[str], None] | None = None) -> dict[str, int]:
    """Load the autonomy demo; returns counts by kind of record."""
    say = log or (lambda _m: None)
    rng = random.Random(SEED)
    orgs = {
        o.pk: o
        for o in Organization.objects.filter(
            states__kind__in=PUBLIC_SERVICE_UNIT_KINDS, valid_from__lte=dt.date(YEARS[-1], 12, 31)
        ).distinct()
    }
    states: dict[int, list[OrganizationState]] = {}
    for s in (
        OrganizationState.objects.filter(organization_id__in=orgs)
        .order_by("organization_id", "valid_from")
        .only(
            "organization_id",
            "valid_from",
            "valid_to",
            "kind",
            "autonomy_group",
            "managing_body_id",
            "name",
        )
    ):
        states.setdefault(s.organization_id, []).append(s)

    def state_on(org_id: int, day: dt.date) -> OrganizationState | None:
        for s in states.get(org_id, []):
            if s.valid_from <= day and (s.valid_to is None or s.valid_to >= day):
                return s
        return None

    bands: dict[int, str] = {}
    counts = {"figures": 0, "plans": 0, "roadmap": 0, "changes": 0, "services": 0}
    for year in YEARS:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        batch: list[AutonomyFigures] = []
        for org_id in sorted(orgs):
            org = orgs[org_id]
            if org.valid_from > last or (org.valid_to is not None and org.valid_to < first):
                continue
            state = state_on(org_id, min(last, org.valid_to or last))
            if (
                state is None
                or state.kind not in PUBLIC_SERVICE_UNIT_KINDS
                or not state.autonomy_group
            ):
                continue
            group = state.autonomy_group
            if group == 3 and org_id not in bands:
                bands[org_id] = rng.choices(("70-100", "30-70", "10-30"), (3, 5, 2))[0]
            batch.append(
                _figures(rng, org_id, state.kind, group, bands.get(org_id, ""), year, user)
            )
        AutonomyFigures.objects.bulk_create(batch, batch_size=1000)
        counts["figures"] += len(batch)
        if batch:
            _summary(
                user,
                AutonomyFigures.objects.filter(year=year).first(),
                f"số liệu tự chủ năm {year}",
                len(batch),
            )
    say(f"Số liệu tự chủ 2021–2025: {counts['figures']} bản ghi.")

    # Plans and decisions of the stable period 2022–2026.
    start = dt.date(PERIOD_START, 1, 1)
    figures_2022 = {f.organization_id: f for f in AutonomyFigures.objects.filter(year=PERIOD_START)}
    decisions: dict[int | None, Any] = {}
    plans: list[AutonomyPlan] = []
    number = 5000
    for org_id in sorted(figures_2022):
        state = state_on(org_id, start)
        if state is None or not orgs[org_id].is_alive_on(start):
            continue
        body = state.managing_body_id
        if body not in decisions:
            number += 1
            decisions[body] = document_resolve(
                acting_user=user,
                decision=DecisionInput(
                    f"{number}/QĐ-UBND",
                    dt.date(2021, 12, 30),
                    PROVINCE,
                    "Võ Trọng Hải",
                    "Về việc giao quyền tự chủ tài chính cho các đơn vị sự nghiệp công lập "
                    "thời kỳ ổn định 2022 – 2026",
                ),
            )
        f = figures_2022[org_id]
        plans.append(
            AutonomyPlan(
                organization_id=org_id,
                period_start_year=PERIOD_START,
                proposed_group=state.autonomy_group or f.group,
                revenue_estimate_vnd=f.revenue_vnd,
                expenditure_estimate_vnd=f.recurrent_expenditure_vnd,
                submitted_on=dt.date(2021, 11, 15),
                status=PlanStatus.DECIDED,
                assigned_group=state.autonomy_group or f.group,
                decision=decisions[body],
            )
        )
    AutonomyPlan.objects.bulk_create(plans, batch_size=1000)
    counts["plans"] = len(plans)
    if plans:
        _summary(user, AutonomyPlan.objects.first(), "phương án tự chủ 2022–2026", len(plans))

    # Roadmap 2026–2030 for group-3/4 units alive at the start of 2026.
    day = dt.date(2026, 1, 1)
    roadmap: list[RoadmapTarget] = []
    ladder = [(4, ""), (3, "10-30"), (3, "30-70"), (3, "70-100"), (2, "")]
    for org_id in sorted(orgs):
        state = state_on(org_id, day)
        if state is None or state.autonomy_group not in (3, 4) or not orgs[org_id].is_alive_on(day):
            continue
        here = (state.autonomy_group, bands.get(org_id, "") if state.autonomy_group == 3 else "")
        if here not in ladder or (state.autonomy_group == 4 and rng.random() < 0.7):
            continue
        step = ladder[min(ladder.index(here) + 1, len(ladder) - 1)]
        roadmap.append(
            RoadmapTarget(
                organization_id=org_id, year=2028, target_group=step[0], target_band=step[1]
            )
        )
        nxt = ladder[min(ladder.index(step) + 1, len(ladder) - 1)]
        roadmap.append(
            RoadmapTarget(
                organization_id=org_id, year=2030, target_group=nxt[0], target_band=nxt[1]
            )
        )
    RoadmapTarget.objects.bulk_create(roadmap, batch_size=1000)
    counts["roadmap"] = len(roadmap)
    if roadmap:
        _summary(user, RoadmapTarget.objects.first(), "mục tiêu lộ trình", len(roadmap))

    # History: every registry change of group, and one refused downgrade.
    changes: list[GroupChange] = []
    links = (
        EventLink.objects.filter(
            event__kind=EventKind.CHANGE_AUTONOMY_GROUP, role=LinkRole.PREDECESSOR
        )
        .select_related("event")
        .order_by("event__effective_date", "id")
    )
    for link in links:
        ev = link.event
        before = state_on(link.organization_id, ev.effective_date - dt.timedelta(days=1))
        changes.append(
            GroupChange(
                organization_id=link.organization_id,
                effective_date=ev.effective_date,
                from_group=before.autonomy_group if before else None,
                to_group=int(ev.changes.get("autonomy_group")),
                outcome=ChangeOutcome.APPLIED,
                decision_id=ev.decision_id,
                event=ev,
                message="Ghi vào sổ đăng ký theo quyết định giao quyền tự chủ.",
                created_by=user,
            )
        )
    refused = next(
        (f for f in AutonomyFigures.objects.filter(year=2025, group=2).order_by("organization_id")),
        None,
    )
    if refused is not None:
        # Refused when Sở Nội vụ's officer approved the figures (the demo acts for them otherwise).
        approver = (
            get_user_model().objects.filter(role=Role.SUPERVISOR).order_by("pk").first() or user
        )
        changes.append(
            GroupChange(
                organization_id=refused.organization_id,
                figures=refused,
                effective_date=dt.date(2026, 2, 1),
                from_group=2,
                to_group=3,
                outcome=ChangeOutcome.REFUSED,
                downgrade_basis=DowngradeBasis.NONE,
                message=(
                    "Căn cứ hạ nhóm: đơn vị đang là “Nhóm 2 – tự bảo đảm chi thường xuyên” không "
                    "được chuyển xuống nhóm 3, trừ trường hợp bất khả kháng hoặc điều chỉnh chức "
                    "năng, nhiệm vụ (Nghị định 60/2021/NĐ-CP, Điều 35)."
                ),
                created_by=approver,
            )
        )
    GroupChange.objects.bulk_create(changes, batch_size=1000)
    counts["changes"] = len(changes)
    if changes:
        _summary(user, GroupChange.objects.first(), "lần xếp nhóm", len(changes))

    # A short list of budget-funded public services (ND 60 art 4, amended by ND 111/2025).
    decision = DecisionInput(
        "4999/QĐ-UBND",
        dt.date(2023, 6, 15),
        PROVINCE,
        "Võ Trọng Hải",
        "Ban hành danh mục dịch vụ sự nghiệp công sử dụng ngân sách nhà nước",
    )
    for name, sector, unit, price, basic in (
        ("Khám bệnh, chữa bệnh ngoại trú tại tuyến tỉnh", Sector.HEALTH, "lượt khám", 42_100, True),
        ("Tiêm chủng mở rộng", Sector.HEALTH, "mũi tiêm", 35_000, True),
        ("Giáo dục mầm non công lập", Sector.EDUCATION, "trẻ/tháng", 160_000, True),
        ("Đào tạo trình độ cao đẳng", Sector.VOCATIONAL, "sinh viên/năm", 12_500_000, False),
        (
            "Quan trắc môi trường định kỳ",
            Sector.AGRICULTURE_ENVIRONMENT,
            "điểm quan trắc",
            2_850_000,
            False,
        ),
        (
            "Biểu diễn nghệ thuật phục vụ nhiệm vụ chính trị",
            Sector.CULTURE_SPORT_TOURISM,
            "buổi diễn",
            45_000_000,
            False,
        ),
    ):
        public_service_record(
            acting_user=user,
            data=PublicServiceInput(
                name=name,
                sector=sector,
                unit_of_measure=unit,
                price_vnd=price,
                decision=decision,
                valid_from=dt.date(2023, 7, 1),
                norm="Định mức kinh tế - kỹ thuật theo quyết định của UBND tỉnh.",
                is_basic_essential=basic,
            ),
        )
        counts["services"] += 1
    say(
        f"Tự chủ tài chính: {counts['plans']} phương án, {counts['roadmap']} mục tiêu lộ trình, "
        f"{counts['changes']} lần xếp nhóm, {counts['services']} dịch vụ sự nghiệp công."
    )
    return counts
