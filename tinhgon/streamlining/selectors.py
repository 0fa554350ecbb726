"""Reads of the streamlining app: the period list sent upward, budgets, the yearly report to the
Ministries of Home Affairs and Finance, the budget effect for the indicators, the approval queue,
and the "what if" of one person. Every report is a plain dataclass built from the stored cases
(their frozen snapshot and rule output), so what was decided is what is reported.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from tinhgon.rules.base import RuleInputError
from tinhgon.rules.streamlining import benefits as rule
from tinhgon.streamlining import grounds
from tinhgon.streamlining.choices import (
    LINE_COLUMNS,
    CaseStatus,
    Category,
    FundingSource,
    Policy,
)
from tinhgon.streamlining.compute import payload_for, run_rule
from tinhgon.streamlining.models import Case, ReviewPeriod
from tinhgon.streamlining.record import Facts

DECIDED = (CaseStatus.APPROVED, CaseStatus.PAID)
PENDING = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RETURNED)


def cases_in(q: Q | None) -> QuerySet[Case]:
    qs = Case.objects.select_related("period__agency", "organization", "decision")
    return qs if q is None else qs.filter(q)


# ---------------------------------------------------------------------------------------------
# The list sent upward


@dataclass(frozen=True)
class Row:
    case: Case
    full_name: str
    birth_display: str
    title: str
    unit: str
    ground: str
    policy: str
    decree: str
    amounts: dict[str, int]
    total_vnd: int
    status: str
    funding_source: str


@dataclass
class CategoryBlock:
    category: str
    label: str
    rows: list[Row] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    total_vnd: int = 0


@dataclass
class PeriodSummary:
    period: ReviewPeriod
    columns: dict[str, str]
    blocks: list[CategoryBlock]
    totals: dict[str, int]
    total_vnd: int
    count: int
    by_status: dict[str, int]
    budget: list[BudgetLine]


@dataclass(frozen=True)
class BudgetLine:
    source: str
    label: str
    decided_vnd: int
    pending_vnd: int
    count: int


def _row(c: Case) -> Row:
    s = c.snapshot
    ground = grounds.BY_CODE.get(c.ground)
    title = s.get("leadership_title") or s.get("title") or s.get("employment_label", "")
    return Row(
        case=c,
        full_name=s.get("full_name", ""),
        birth_display=s.get("birth_display", ""),
        title=title,
        unit=s.get("organization_name", ""),
        ground=ground.text if ground else c.ground,
        policy=c.get_policy_display(),
        decree=rule.DECREE_NAMES.get(c.decree, c.decree),
        amounts=c.amounts,
        total_vnd=c.total_vnd,
        status=c.status_label,
        funding_source=c.get_funding_source_display(),
    )


def budget_needed(cases: Iterable[Case]) -> list[BudgetLine]:
    """The money needed by funding source: decided (approved or paid) and still pending."""
    decided: dict[str, int] = defaultdict(int)
    pending: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    for c in cases:
        if c.status in DECIDED:
            decided[c.funding_source] += c.total_vnd
        elif c.status in (CaseStatus.DRAFT, CaseStatus.SUBMITTED):
            pending[c.funding_source] += c.total_vnd
        else:
            continue
        count[c.funding_source] += 1
    return [
        BudgetLine(src.value, str(src.label), decided[src], pending[src], count[src])
        for src in FundingSource
    ]


def period_summary(
    period: ReviewPeriod, q: Q | None = None, statuses: Iterable[str] | None = None
) -> PeriodSummary:
    """The period's list in the layout sent upward: by category, each case with its amounts,
    subtotals per category and the total (``q``: the viewer's scope; ``statuses``: a filter)."""
    qs = cases_in(q).filter(period=period).order_by("category", "snapshot__full_name", "id")
    cases = list(qs)
    by_status: dict[str, int] = defaultdict(int)
    for c in cases:
        by_status[c.status] += 1
    shown = [c for c in cases if statuses is None or c.status in set(statuses)]
    blocks = []
    totals: dict[str, int] = dict.fromkeys(LINE_COLUMNS, 0)
    for cat in Category:
        block = CategoryBlock(cat.value, str(cat.label), totals=dict.fromkeys(LINE_COLUMNS, 0))
        for c in shown:
            if c.category != cat:
                continue
            row = _row(c)
            block.rows.append(row)
            for code, amount in row.amounts.items():
                block.totals[code] = block.totals.get(code, 0) + amount
                totals[code] = totals.get(code, 0) + amount
            block.total_vnd += row.total_vnd
        if block.rows:
            blocks.append(block)
    used = {code for b in blocks for code, v in b.totals.items() if v}
    columns = {code: label for code, label in LINE_COLUMNS.items() if code in used}
    return PeriodSummary(
        period=period,
        columns=columns,
        blocks=blocks,
        totals=totals,
        total_vnd=sum(b.total_vnd for b in blocks),
        count=sum(len(b.rows) for b in blocks),
        by_status=dict(by_status),
        budget=budget_needed(cases),
    )


def periods_for(scope: set[int] | None) -> QuerySet[ReviewPeriod]:
    qs = ReviewPeriod.objects.select_related("agency")
    return qs if scope is None else qs.filter(agency_id__in=scope)


def approval_queue(q: Q | None) -> list[Case]:
    """Submitted cases in the viewer's scope, oldest submission first."""
    return list(cases_in(q).filter(status=CaseStatus.SUBMITTED).order_by("submitted_at", "id"))


def approval_queue_count(q: Q | None) -> int:
    """How many cases :func:`approval_queue` lists (a count, not the cases)."""
    qs = Case.objects.all() if q is None else Case.objects.filter(q)
    return qs.filter(status=CaseStatus.SUBMITTED).count()


# ---------------------------------------------------------------------------------------------
# The yearly result report (Ministries of Home Affairs and Finance) and the budget effect


@dataclass(frozen=True)
class ReportLine:
    category: str
    category_label: str
    policy: str
    policy_label: str
    decree: str
    people: int
    state_budget_vnd: int
    unit_revenue_vnd: int

    @property
    def total_vnd(self) -> int:
        return self.state_budget_vnd + self.unit_revenue_vnd


@dataclass(frozen=True)
class YearlyReport:
    """The yearly result of streamlining and leaving the service, for the Ministries of Home
    Affairs and Finance: people and money by category, policy and decree, by funding source;
    only decided cases (approved or paid) whose leave date falls in the year."""

    year: int
    lines: tuple[ReportLine, ...]
    people: int
    state_budget_vnd: int
    unit_revenue_vnd: int
    paid_vnd: int

    @property
    def total_vnd(self) -> int:
        return self.state_budget_vnd + self.unit_revenue_vnd


def yearly_report(year: int, q: Q | None = None) -> YearlyReport:
    qs = cases_in(q).filter(status__in=DECIDED, leave_date__year=year)
    groups: dict[tuple[str, str, str], list[Case]] = defaultdict(list)
    for c in qs:
        groups[(c.category, c.policy, c.decree)].append(c)
    lines = []
    for (cat, pol, decree), cases in sorted(groups.items()):
        lines.append(
            ReportLine(
                category=cat,
                category_label=str(Category(cat).label),
                policy=pol,
                policy_label=str(Policy(pol).label),
                decree=rule.DECREE_NAMES.get(decree, decree),
                people=len(cases),
                state_budget_vnd=sum(
                    c.total_vnd for c in cases if c.funding_source == FundingSource.STATE_BUDGET
                ),
                unit_revenue_vnd=sum(
                    c.total_vnd for c in cases if c.funding_source == FundingSource.UNIT_REVENUE
                ),
            )
        )
    every = [c for cases in groups.values() for c in cases]
    return YearlyReport(
        year=year,
        lines=tuple(lines),
        people=len(every),
        state_budget_vnd=sum(line.state_budget_vnd for line in lines),
        unit_revenue_vnd=sum(line.unit_revenue_vnd for line in lines),
        paid_vnd=sum(c.total_vnd for c in every if c.status == CaseStatus.PAID),
    )


@dataclass(frozen=True)
class BudgetEffect:
    """For the indicators app: the yearly salary fund saved by the people who left (12 × their
    current monthly salary as stored in the case) against the one-off benefits paid to them."""

    start: dt.date
    end: dt.date
    people: int
    yearly_salary_saved_vnd: int
    one_off_paid_vnd: int

    @property
    def payback_years(self) -> float | None:
        """One-off cost ÷ yearly saving (display only; ``None`` when nothing is saved)."""
        if not self.yearly_salary_saved_vnd:
            return None
        return round(self.one_off_paid_vnd / self.yearly_salary_saved_vnd, 2)


def budget_effect(start: dt.date, end: dt.date, q: Q | None = None) -> BudgetEffect:
    """People who left between ``start`` and ``end`` (leave date, inclusive) with a decided case."""
    cases = list(cases_in(q).filter(status__in=DECIDED, leave_date__gte=start, leave_date__lte=end))
    return BudgetEffect(
        start=start,
        end=end,
        people=len(cases),
        yearly_salary_saved_vnd=sum(12 * c.monthly_salary_vnd for c in cases),
        one_off_paid_vnd=sum(c.total_vnd for c in cases if c.status == CaseStatus.PAID),
    )


# ---------------------------------------------------------------------------------------------
# What if: the same person under each applicable category, decree and policy


@dataclass(frozen=True)
class WhatIf:
    category: str
    category_label: str
    decree: str
    decree_label: str
    policy: str
    policy_label: str
    ground: str
    total_vnd: int | None
    lines: tuple[dict[str, Any], ...]
    refusal: str


def what_if(
    facts: Facts, leave_date: dt.date, reorganization_effective_date: dt.date | None
) -> list[WhatIf]:
    """Every (category, decree, policy) of the rule for this person on ``leave_date``: the total
    and lines, or the rule's refusal (a policy the person is not eligible for says why)."""
    out = []
    for cat, decrees in rule.CATEGORY_DECREES.items():
        for decree in decrees:
            ground = next((g for g in grounds.for_category(cat) if decree in g.decrees), None)
            for pol in Policy:
                payload = payload_for(
                    facts,
                    category=cat,
                    policy=pol.value,
                    ground=ground,
                    leave_date=leave_date,
                    reorganization_effective_date=reorganization_effective_date,
                    decree=decree,
                )
                try:
                    result, _monthly = run_rule(payload)
                except RuleInputError as exc:
                    total, lines, refusal = None, (), " ".join(p.message for p in exc.problems)
                else:
                    total, lines, refusal = int(result["total_vnd"]), tuple(result["lines"]), ""
                out.append(
                    WhatIf(
                        category=cat,
                        category_label=str(Category(cat).label),
                        decree=decree,
                        decree_label=rule.DECREE_NAMES[decree],
                        policy=pol.value,
                        policy_label=str(pol.label),
                        ground=ground.text if ground else "",
                        total_vnd=total,
                        lines=lines,
                        refusal=refusal,
                    )
                )
    return out
