"""The streamlining part of the Hà Tĩnh demo, loaded by ``load_demo`` after the workforce demo.

Two review periods — "Đợt 1 năm 2026" of Sở Giáo dục và Đào tạo and "Đợt 2 năm 2026" of Sở Y tế —
with about 150 cases of demo people across the three categories: leaving because of the 2025
restructuring (ND 178/67; the decision effective 01/07/2025), staff streamlining (ND 154/2025) and
voluntary resignation of công chức (ND 170/2025; a few công chức of each department's office are
added to the workforce for it). Every case goes through the real services (computed by the rule,
frozen, audited); a candidate the rule refuses (too few insurance years, too close to retirement…)
is simply skipped. Realistic states: the first period mostly paid, the second approved, submitted,
returned and draft. Approvals are recorded as the system (``acting_user=None``) with the competent
body's decision, the cases being made by the demo's user — so the maker never approves.

Deterministic (one ``random.Random``); the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tinhgon.core.errors import Refused
from tinhgon.organizations import selectors as org_selectors
from tinhgon.organizations.models import OrganizationState
from tinhgon.streamlining import services
from tinhgon.streamlining.choices import Category, Policy
from tinhgon.streamlining.models import Case
from tinhgon.workforce.choices import EmploymentKind
from tinhgon.workforce.models import Assignment, Person, alive_on
from tinhgon.workforce.services import PersonInput, person_record

SEED = 6_2026
REORG = dt.date(2025, 7, 1)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phan", "Võ", "Đặng", "Hoàng", "Bùi", "Hồ", "Đinh")
MIDDLE = {"M": ("Văn", "Đình", "Quốc", "Minh"), "F": ("Thị", "Thu", "Ngọc", "Thanh")}
GIVEN = {"M": ("Hùng", "Nam", "Dũng", "Tuấn", "Sơn"), "F": ("Lan", "Hương", "Hà", "Mai", "Hoa")}


@dataclass(frozen=True)
class Plan:
    agency: str
    sequence: int
    leave_months: tuple[dt.date, ...]
    counts: dict[tuple[str, str], int]  # (category, policy) → cases
    states: tuple[tuple[str, float], ...]  # final state → share


PLANS = (
    Plan(
        "Sở Giáo dục và Đào tạo",
        1,
        tuple(dt.date(2026, m, 1) for m in (3, 4, 5, 6, 7)),
        {
            (Category.SAP_XEP, Policy.EARLY_RETIREMENT): 34,
            (Category.SAP_XEP, Policy.RESIGNATION): 18,
            (Category.TINH_GIAN, Policy.EARLY_RETIREMENT): 12,
            (Category.TINH_GIAN, Policy.RESIGNATION): 8,
            (Category.THOI_VIEC_NGUYEN_VONG, Policy.RESIGNATION): 6,
        },
        (("paid", 0.75), ("approved", 0.2), ("returned", 0.05)),
    ),
    Plan(
        "Sở Y tế",
        2,
        (*(dt.date(2026, m, 1) for m in (8, 9, 10, 11, 12)), dt.date(2027, 1, 1)),
        {
            (Category.SAP_XEP, Policy.EARLY_RETIREMENT): 30,
            (Category.SAP_XEP, Policy.RESIGNATION): 16,
            (Category.TINH_GIAN, Policy.EARLY_RETIREMENT): 12,
            (Category.TINH_GIAN, Policy.RESIGNATION): 8,
            (Category.THOI_VIEC_NGUYEN_VONG, Policy.RESIGNATION): 6,
        },
        (("paid", 0.15), ("approved", 0.35), ("submitted", 0.3), ("returned", 0.1), ("draft", 0.1)),
    ),
)
GROUNDS: dict[tuple[str, str], tuple[str, ...]] = {
    (Category.SAP_XEP, Policy.EARLY_RETIREMENT): ("sx_1a", "sx_1a", "sx_1g"),
    (Category.SAP_XEP, Policy.RESIGNATION): ("sx_1a", "sx_1c"),
    (Category.TINH_GIAN, Policy.EARLY_RETIREMENT): ("tg_surplus_reorg", "tg_sick_leave"),
    (Category.TINH_GIAN, Policy.RESIGNATION): ("tg_not_done", "tg_standards"),
    (Category.THOI_VIEC_NGUYEN_VONG, Policy.RESIGNATION): ("tv_58",),
}


class Loader:
    def __init__(self, user: Any, log: Callable[[str], None]) -> None:
        self.user = user
        self.log = log
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.decision_seq = 0
        self.used: set[int] = set()
        self.id_seq = 0

    def run(self) -> dict[str, int]:
        stats = {"periods": 0, "cases": 0}
        for plan in PLANS:
            state = OrganizationState.objects.as_of(self.today).filter(name=plan.agency).first()
            if state is None:
                continue
            stats["periods"] += 1
            stats["cases"] += self.period(plan, state)
        self.log(f"Tinh giản, nghỉ việc: {stats['periods']} đợt, {stats['cases']} hồ sơ.")
        return stats

    def civil_servants(self, state: OrganizationState, n: int) -> None:
        """A few công chức of the department's office (the workforce demo has viên chức only),
        recorded through the workforce service (title "Chuyên viên" hạng III, A1)."""
        r = self.rng
        for i in range(n):
            sex = "M" if i % 2 else "F"
            birth = dt.date(r.randint(1972, 1990), r.randint(1, 12), r.randint(1, 28))
            self.id_seq += 1
            person_record(
                acting_user=self.user,
                data=PersonInput(
                    full_name=f"{r.choice(SURNAMES)} {r.choice(MIDDLE[sex])} {r.choice(GIVEN[sex])}",
                    birth=birth,
                    sex=sex,
                    employment_kind=EmploymentKind.CONG_CHUC,
                    hired_on=dt.date(birth.year + r.randint(23, 27), 9, 1),
                    organization=state.organization_id,
                    id_number=f"044{0 if sex == 'M' else 1}{birth.year % 100:02d}{self.id_seq:06d}",
                    title_code="01",
                    rank="III",
                    coefficient=str(Decimal("2.34") + Decimal("0.33") * r.randint(1, 6)),
                ),
            )
        Person.objects.filter(id_number__startswith="044").update(is_demo=True)

    def candidates(self, state: OrganizationState, kind: str, born: tuple[int, int]) -> list[int]:
        ids = org_selectors.subtree_ids({state.organization_id}, self.today)
        people = list(
            Assignment.objects.filter(
                alive_on(self.today),
                organization_id__in=ids,
                person__employment_kind=kind,
                person__birth_date__year__gte=born[0],
                person__birth_date__year__lte=born[1],
                person__birth_year_only=False,
            )
            .order_by("person_id")
            .values_list("person_id", flat=True)
            .distinct()
        )
        self.rng.shuffle(people)
        return [p for p in people if p not in self.used]

    def decision(self, day: dt.date) -> tuple[str, dt.date]:
        self.decision_seq += 1
        return f"{100 + self.decision_seq}/QĐ-UBND", day

    def period(self, plan: Plan, state: OrganizationState) -> int:
        r = self.rng
        self.civil_servants(
            state, plan.counts[(Category.THOI_VIEC_NGUYEN_VONG, Policy.RESIGNATION)] + 4
        )
        period = services.period_create(
            acting_user=self.user,
            data=services.PeriodInput(
                agency=state.organization_id,
                year=2026,
                sequence=plan.sequence,
                name=f"Đợt {plan.sequence} năm 2026 – {state.name}",
            ),
        )
        made: list[Case] = []
        for (category, policy), wanted in plan.counts.items():
            if category == Category.THOI_VIEC_NGUYEN_VONG:
                pool = self.candidates(state, EmploymentKind.CONG_CHUC, (1960, 1995))
            elif policy == Policy.EARLY_RETIREMENT:
                pool = self.candidates(state, EmploymentKind.VIEN_CHUC, (1964, 1972))
            else:
                pool = self.candidates(state, EmploymentKind.VIEN_CHUC, (1975, 1992))
            done = 0
            for person_id in pool[: wanted * 4]:
                if done >= wanted:
                    break
                leave = r.choice(plan.leave_months)
                data = services.CaseInput(
                    period=period.pk,
                    person=person_id,
                    category=category,
                    policy=policy,
                    ground=r.choice(GROUNDS[(category, policy)]),
                    leave_date=leave,
                    reorganization_effective_date=REORG if category == Category.SAP_XEP else None,
                )
                try:
                    case = services.case_save(acting_user=self.user, data=data)
                except Refused:
                    continue
                self.used.add(person_id)
                made.append(case)
                done += 1
        for case in made:
            self.advance(case, plan)
        return len(made)

    def advance(self, case: Case, plan: Plan) -> None:
        r = self.rng
        roll, final = r.random(), plan.states[-1][0]
        for name, share in plan.states:
            if roll < share:
                final = name
                break
            roll -= share
        if final == "draft":
            return
        case = services.case_submit(acting_user=self.user, case=case, expected_version=case.version)
        if final == "submitted":
            return
        if final == "returned":
            services.case_return(
                acting_user=None,
                case=case,
                expected_version=case.version,
                reason="Bổ sung bản sao sổ bảo hiểm xã hội và xác nhận quá trình công tác.",
            )
            return
        decided = min(self.today, case.leave_date - dt.timedelta(days=r.randint(20, 45)))
        number, day = self.decision(decided)
        case = services.case_approve(
            acting_user=None,
            case=case,
            expected_version=case.version,
            decision_number=number,
            decision_date=day,
        )
        if final == "paid" and case.leave_date <= self.today:
            services.case_pay(
                acting_user=self.user,
                case=case,
                expected_version=case.version,
                paid_on=min(self.today, case.leave_date + dt.timedelta(days=r.randint(5, 25))),
                reference=f"UNC-{case.pk:05d}",
            )


def load(user: Any, log: Callable[[str], None] | None = None) -> dict[str, int]:
    """Load the streamlining demo (the caller owns the transaction)."""
    return Loader(user, log or (lambda _m: None)).run()
