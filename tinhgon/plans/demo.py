"""The plans of the Hà Tĩnh demo, loaded by ``tinhgon load_demo`` after the registry.

1. Plan 56/KH-UBND (02/02/2024), parsed from its text (``seeds/kh56_2024.txt``). The text assigns
   its section II to "Các cơ quan, đơn vị, địa phương" and item II.1 to the sở and the district
   committees; the four Đề án of II.3.2 go to the sở of their sector. The plan is then carried
   through the registry's events after its date: departments merged in 2025 hand their work to
   their successor, the dissolved Sở LĐTB&XH's open work waits in the reassignment queue, and the
   district committees' share passes to the 69 UBND xã/phường on 01/07/2025 (dated class table).
2. A later plan written for the demo in the same administrative style (``seeds/kh_2025_hai_cap.txt``,
   06/10/2025: following up the two-level government and the 2026–2031 quotas) with a task table and
   deadlines of each kind.
3. Progress 2024–2026: half-year reports of the agencies, taken over in bulk (audited), chosen by a
   seeded random generator so that every run gives the same data; all four buckets appear.

Deterministic; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinhgon.organizations.choices import Kind
from tinhgon.organizations.models import Organization, OrganizationState
from tinhgon.plans import buckets, reorg, services
from tinhgon.plans.choices import DeadlineKind, ProgressStatus
from tinhgon.plans.models import Assignment, Plan
from tinhgon.rules import calendar_vn
from tinhgon.rules.plan_text import parse_plan_text, to_data

SEEDS = Path(__file__).resolve().parent / "seeds"
KH56 = SEEDS / "kh56_2024.txt"
KH2025 = SEEDS / "kh_2025_hai_cap.txt"
PROVINCE = "UBND tỉnh Hà Tĩnh"
# The day the demo's progress runs to (reports after it are not invented).
DEMO_TODAY = dt.date(2026, 11, 26)
SEED = 56_2026


def demo_loaded() -> bool:
    return Plan.objects.filter(number="56/KH-UBND").exists()


def _org(name: str, day: dt.date) -> Organization:
    state = (
        OrganizationState.objects.as_of(day)
        .filter(name=name)
        .select_related("organization")
        .first()
    )
    if state is None:
        raise LookupError(name)
    return state.organization


def _province() -> Organization:
    state = OrganizationState.objects.filter(name=PROVINCE, kind=Kind.PROVINCIAL_COMMITTEE).first()
    if state is None:
        raise LookupError(PROVINCE)
    return state.organization


def _plan_56(user: Any, province: Organization) -> Plan:
    text = KH56.read_text(encoding="utf-8")
    day = dt.date(2024, 2, 2)
    products = {
        "II.3.2#1": "Sở Giáo dục và Đào tạo",
        "II.3.2#2": "Sở Văn hóa, Thể thao và Du lịch",
        "II.3.2#3": "Sở Lao động - Thương binh và Xã hội",
        "II.3.2#4": "Sở Giáo dục và Đào tạo",
    }
    specs = [
        services.AssignmentSpec(ref, organization=_org(name, day).pk)
        for ref, name in products.items()
    ]
    specs.append(
        services.AssignmentSpec("II.3.2#1", "coordinating", organization=_org("Sở Nội vụ", day).pk)
    )
    return services.plan_create(
        acting_user=user,
        data=to_data(parse_plan_text(text)),
        issuer_org=province,
        source_text=text,
        assignments=specs,
    )


def _plan_2025(user: Any, province: Organization) -> Plan:
    text = KH2025.read_text(encoding="utf-8")
    return services.plan_create(
        acting_user=user, data=to_data(parse_plan_text(text)), issuer_org=province, source_text=text
    )


def _working_day_near(day: dt.date, rng: random.Random, spread: int) -> dt.date:
    d = calendar_vn.add_working_days(day, rng.randint(-spread, spread))
    return min(d, DEMO_TODAY - dt.timedelta(days=1))


def _progress(user: Any, plan: Plan, rng: random.Random) -> int:
    """Half-year reports for every assignment of ``plan`` up to ``DEMO_TODAY``."""
    rows: list[services.PastReport] = []
    current = buckets.period_of(plan.period_kind, DEMO_TODAY)
    assignments = (
        Assignment.objects.concrete()
        .filter(task__plan=plan)
        .select_related("task", "product")
        .order_by("id")
    )
    for a in assignments:
        src = services.deadline_source(a)
        kind = src.deadline_kind
        last = min(a.valid_to or DEMO_TODAY, DEMO_TODAY)
        periods = buckets.periods_between(plan.period_kind, a.valid_from, last)
        # How diligent this agency is on this task: most report on time, a few are late or silent.
        profile = rng.random()
        if a.product is not None and a.task.ref == "II.3.2":
            # The Đề án of II.3.2: the schools' on time, the relic boards' late, vocational on time.
            profile = {1: 0.9, 2: 0.3, 3: 0.8}.get(a.product.position, profile)
        finished = False
        for p in periods:
            if finished:
                break
            is_current = p.key == current.key
            if kind == DeadlineKind.RECURRING:
                chance = 0.35 if is_current else (0.93 if profile > 0.12 else 0.55)
                if rng.random() > chance:
                    continue
                sub = _working_day_near(p.end, rng, 6 if not is_current else 0)
                if is_current:
                    sub = min(sub, DEMO_TODAY - dt.timedelta(days=3))
                rows.append(
                    services.PastReport(
                        a.pk,
                        p.year,
                        p.number,
                        ProgressStatus.COMPLETED,
                        100,
                        "Đã triển khai thực hiện trong kỳ; kết quả chi tiết tại báo cáo kèm theo.",
                        sub,
                        calendar_vn.add_working_days(sub, rng.randint(1, 4)),
                    )
                )
                continue
            due = src.due if kind == DeadlineKind.DATE else None
            # Non-recurring work: in progress for a period or two, then completed (on time or late).
            if due is not None and p.start <= due + dt.timedelta(days=200) and profile > 0.15:
                if profile > 0.45:
                    sub = calendar_vn.add_working_days(due, -rng.randint(2, 15))
                else:
                    sub = calendar_vn.add_working_days(due, rng.randint(5, 40))
                if sub >= DEMO_TODAY - dt.timedelta(days=2) or sub < a.valid_from:
                    continue
                owner = buckets.period_of(plan.period_kind, sub)
                if owner.key != p.key:
                    sub = _working_day_near(p.end, rng, 3)
                    rows.append(
                        services.PastReport(
                            a.pk,
                            p.year,
                            p.number,
                            ProgressStatus.IN_PROGRESS,
                            rng.choice((30, 50, 70)),
                            "Đang triển khai.",
                            sub,
                            None if is_current else calendar_vn.add_working_days(sub, 2),
                        )
                    )
                    continue
                rows.append(
                    services.PastReport(
                        a.pk,
                        p.year,
                        p.number,
                        ProgressStatus.COMPLETED,
                        100,
                        "Đã hoàn thành; sản phẩm gửi kèm.",
                        sub,
                        min(calendar_vn.add_working_days(sub, rng.randint(1, 5)), DEMO_TODAY),
                    )
                )
                finished = True
            elif (
                kind == DeadlineKind.NONE
                and profile > 0.6
                and not is_current
                and rng.random() < 0.5
            ):
                sub = _working_day_near(p.end, rng, 5)
                rows.append(
                    services.PastReport(
                        a.pk,
                        p.year,
                        p.number,
                        ProgressStatus.COMPLETED,
                        100,
                        "Đã hoàn thành.",
                        sub,
                        calendar_vn.add_working_days(sub, 2),
                    )
                )
                finished = True
            elif not is_current and rng.random() < 0.5:
                sub = _working_day_near(p.end, rng, 4)
                rows.append(
                    services.PastReport(
                        a.pk,
                        p.year,
                        p.number,
                        ProgressStatus.IN_PROGRESS,
                        rng.choice((20, 40, 60, 80)),
                        "Đang triển khai theo kế hoạch.",
                        sub,
                        calendar_vn.add_working_days(sub, 3),
                    )
                )
    rows = [r for r in rows if r.approved_on is None or r.approved_on < DEMO_TODAY]
    return services.reports_take_over(acting_user=user, plan=plan, rows=rows, submitted_by=user)


def load(user: Any, log: Callable[[str], None] | None = None) -> list[Plan]:
    """Load both plans, carry them to ``DEMO_TODAY`` and add their progress; returns the plans."""
    say = log or (lambda _msg: None)
    if demo_loaded():
        return list(Plan.objects.filter(number__in=["56/KH-UBND", "415/KH-UBND"]))
    rng = random.Random(SEED)
    started = time.monotonic()
    province = _province()
    plan56 = _plan_56(user, province)
    reorg.plan_catch_up(acting_user=user, plan=plan56, as_of=DEMO_TODAY)
    later = _plan_2025(user, province)
    reorg.plan_catch_up(acting_user=user, plan=later, as_of=DEMO_TODAY)
    opened = reorg.followups_catch_up(
        acting_user=user, province=province, since=plan56.date, until=DEMO_TODAY
    )
    n = _progress(user, plan56, rng) + _progress(user, later, rng)
    followup = Plan.objects.filter(source="followup", issuer_org=province).first()
    if followup is not None:
        n += _progress(user, followup, rng)
    # The Bộ Nội vụ guidance a task of the later plan waits for (a demo record).
    conditional = later.tasks.filter(deadline_kind=DeadlineKind.CONDITIONAL).first()
    if conditional is not None:
        for product in conditional.products.filter(deadline_kind=DeadlineKind.CONDITIONAL):
            services.task_record_condition(
                acting_user=user,
                task=conditional,
                product=product,
                met_on=dt.date(2026, 8, 20),
                document="Văn bản hướng dẫn của Bộ Nội vụ (dữ liệu mẫu)",
                expected_version=product.version,
            )
        services.task_record_condition(
            acting_user=user,
            task=conditional,
            met_on=dt.date(2026, 8, 20),
            document="Văn bản hướng dẫn của Bộ Nội vụ (dữ liệu mẫu)",
            expected_version=conditional.version,
        )
    total = Assignment.objects.concrete().filter(task__plan__in=[plan56, later]).count()
    say(
        f"Kế hoạch: 2 kế hoạch, {total} phân công, {n} báo cáo tiến độ, {opened} nhiệm vụ tiếp theo sau sắp xếp "
        f"({time.monotonic() - started:.1f} giây)."
    )
    return [plan56, later]
