"""What the case form reads from the person's workforce record, as of the month before leaving.

The current monthly salary of TT 01/2025/TT-BNV art 3.2.a is the salary coefficient plus the
leadership allowance and the salary-linked allowances, times the base salary of the month before
``leave_date`` (the rule applies the base-salary table). Allowances recorded as a percentage
(seniority beyond the scale, professional seniority, professional preference) become coefficients
here: percentage × (salary coefficient + leadership coefficient) / 100, as the salary regime of
ND 204/2004 computes them. Insurance time is the sum of the recorded insurance periods; a person
with none is estimated from the recruitment date (``insurance_source = "hired_on"``), shown as an
estimate and editable in the form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS
from tinhgon.organizations.models import Organization
from tinhgon.streamlining.choices import FundingSource
from tinhgon.workforce.choices import AllowanceKind
from tinhgon.workforce.models import (
    Allowance,
    Assignment,
    LeadershipAppointment,
    Person,
    SalaryStep,
    TitleHolding,
    alive_on,
)

PERCENT_KINDS = {
    AllowanceKind.SENIORITY_BEYOND,
    AllowanceKind.PROFESSIONAL_SENIORITY,
    AllowanceKind.PREFERENCE,
}


def month_before(day: dt.date) -> dt.date:
    first = day.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def whole_months(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (exclusive end)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(0, months)


@dataclass
class Facts:
    person: Person
    organization: Organization | None
    organization_name: str
    autonomy_group: int | None
    unit_is_public_service: bool
    title: str
    is_leader: bool
    leadership_title: str
    salary_coefficient: Decimal | None
    allowance_coefficients: dict[str, Decimal] = field(default_factory=dict)
    insurance_months: int = 0
    insurance_source: str = "periods"

    @property
    def funding_source(self) -> str:
        """ND 29/2023 art 11: units of groups 1 and 2 pay from their own revenue."""
        if self.unit_is_public_service and self.autonomy_group in (1, 2):
            return FundingSource.UNIT_REVENUE
        return FundingSource.STATE_BUDGET

    @property
    def birth_date_text(self) -> str:
        p = self.person
        return str(p.birth_date.year) if p.birth_year_only else p.birth_date.isoformat()

    def snapshot(self) -> dict[str, Any]:
        p = self.person
        return {
            "full_name": p.full_name,
            "birth_date": self.birth_date_text,
            "birth_display": p.birth_display,
            "sex": p.sex,
            "employment": p.employment_kind,
            "employment_label": p.get_employment_kind_display(),
            "annex": p.annex,
            "organization_id": self.organization.pk if self.organization else None,
            "organization_name": self.organization_name,
            "autonomy_group": self.autonomy_group,
            "title": self.title,
            "leadership_title": self.leadership_title,
            "salary_coefficient": str(self.salary_coefficient)
            if self.salary_coefficient is not None
            else None,
            "allowance_coefficients": {k: str(v) for k, v in self.allowance_coefficients.items()},
            "insurance_months": self.insurance_months,
            "insurance_source": self.insurance_source,
        }


def _home_assignment(person: Person, day: dt.date) -> Assignment | None:
    qs = Assignment.objects.filter(person=person).select_related("organization")
    return (
        qs.filter(alive_on(day)).order_by("-full_time", "-valid_from").first()
        or qs.filter(valid_from__lte=day).order_by("-valid_from", "-id").first()
        or qs.order_by("-valid_from", "-id").first()
    )


def _insurance(person: Person, leave_date: dt.date) -> tuple[int, str]:
    periods = list(person.insurance.all())
    if periods:
        total = 0
        for p in periods:
            end = min(p.valid_to + dt.timedelta(days=1) if p.valid_to else leave_date, leave_date)
            total += whole_months(p.valid_from, end)
        return total, "periods"
    return whole_months(person.hired_on, leave_date), "hired_on"


def read_facts(person: Person, leave_date: dt.date | None = None) -> Facts:
    """The person's record as of the month before ``leave_date`` (default: next month's 1st)."""
    today = timezone.localdate()
    if leave_date is None:
        leave_date = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    before = month_before(leave_date)
    ref = min(today, leave_date - dt.timedelta(days=1))
    assignment = _home_assignment(person, ref)
    org = assignment.organization if assignment else None
    state = None
    if org is not None:
        state = org.state_on(min(ref, org.valid_to or ref)) or org.last_state
    step = (
        SalaryStep.objects.filter(person=person, valid_from__lte=max(before, person.hired_on))
        .order_by("-valid_from")
        .first()
        or SalaryStep.objects.filter(person=person).order_by("valid_from").first()
    )
    coefficient = step.coefficient if step else None
    holding = (
        TitleHolding.objects.filter(alive_on(ref), person=person)
        .select_related("title_rank__title")
        .first()
    )
    appointment = (
        LeadershipAppointment.objects.filter(alive_on(ref), person=person)
        .order_by("-valid_from")
        .first()
    )
    allowances: dict[str, Decimal] = {}
    rows = list(Allowance.objects.filter(alive_on(before), person=person).order_by("kind", "id"))
    leadership = sum(
        (a.coefficient for a in rows if a.kind == AllowanceKind.LEADERSHIP), Decimal(0)
    )
    for a in rows:
        label = a.get_kind_display()
        if a.kind in PERCENT_KINDS:
            base = (coefficient or Decimal(0)) + leadership
            value = (base * a.coefficient / Decimal(100)).quantize(Decimal("0.0001"))
            label = f"{label} {a.coefficient}%"
        else:
            value = a.coefficient
        allowances[label] = allowances.get(label, Decimal(0)) + value
    months, source = _insurance(person, leave_date)
    return Facts(
        person=person,
        organization=org,
        organization_name=state.name if state else (str(org) if org else ""),
        autonomy_group=state.autonomy_group if state else None,
        unit_is_public_service=bool(state and state.kind in PUBLIC_SERVICE_UNIT_KINDS),
        title=str(holding.title_rank) if holding else "",
        is_leader=appointment is not None,
        leadership_title=appointment.title if appointment else "",
        salary_coefficient=coefficient,
        allowance_coefficients=allowances,
        insurance_months=months,
        insurance_source=source,
    )
