"""The plans of the demo: bucket counts against a direct count, the clock moving assignments between
buckets, Plan 56's district share carried to the 69 communes, the reassignment queue."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tinhgon.core.approval import ApprovalStatus
from tinhgon.organizations.choices import Kind
from tinhgon.organizations.models import OrganizationState
from tinhgon.plans import buckets, selectors
from tinhgon.plans.choices import DeadlineKind
from tinhgon.plans.demo import DEMO_TODAY
from tinhgon.plans.models import Assignment, Plan, ProgressReport, ReassignmentItem
from tinhgon.rules import calendar_vn

DAYS = (
    dt.date(2024, 3, 31),
    dt.date(2024, 4, 1),
    dt.date(2024, 12, 20),
    dt.date(2025, 7, 1),
    dt.date(2026, 6, 20),
    DEMO_TODAY,
)


def direct_bucket(a: Assignment, day: dt.date) -> str:
    """The bucket from the assignment's own reports, without the selectors."""
    src = a.product if a.product is not None and a.product.deadline_kind != "none" else a.task
    approved = [
        r
        for r in ProgressReport.objects.filter(assignment=a, status=ApprovalStatus.APPROVED)
        if r.decided_at is not None and r.decided_at.date() <= day
    ]
    if src.deadline_kind == DeadlineKind.RECURRING:
        cur = buckets.period_of(a.task.plan.period_kind, day)
        prev = buckets.previous(cur)
        keys = {(r.period_year, r.period_number) for r in approved}
        if cur.key in keys:
            return "done_on_time"
        return "overdue" if a.valid_from <= prev.start and prev.key not in keys else "not_due"
    due = None
    if src.deadline_kind == DeadlineKind.DATE:
        due = src.due
    elif (
        src.deadline_kind == DeadlineKind.CONDITIONAL
        and src.condition_met_on
        and src.condition_met_on <= day
    ):
        due = calendar_vn.add_working_days(src.condition_met_on, 30)
    elif src.deadline_kind == DeadlineKind.PER_PROJECT:
        due = src.project_due
    done = sorted(
        r.submitted_at.date() for r in approved if r.progress == "completed" and r.submitted_at
    )
    if done:
        return "done_on_time" if due is None or done[0] <= due else "done_late"
    return "overdue" if due is not None and day > due else "not_due"


@pytest.mark.django_db
def test_bucket_counts_equal_a_direct_count(demo: str) -> None:
    assert "Kế hoạch: 2 kế hoạch" in demo
    for plan in Plan.objects.all():
        for day in (dt.date(2024, 12, 20), dt.date(2026, 6, 20), DEMO_TODAY):
            live = (
                Assignment.objects.concrete()
                .filter(task__plan=plan, valid_from__lte=day)
                .select_related("task__plan", "product")
            )
            live = [a for a in live if a.valid_to is None or a.valid_to >= day]
            expected = Counter(direct_bucket(a, day) for a in live)
            dash = selectors.plan_dashboard(plan, day, scorecards=None)
            assert dash.counts == {b: expected.get(b, 0) for b in dash.counts}, (plan, day)
            assert sum(c.total for c in dash.scorecards) == len(live)
    later = Plan.objects.get(number="415/KH-UBND")
    counts = selectors.plan_counts(later, DEMO_TODAY)
    assert all(counts[b] > 0 for b in counts), counts
    p56 = selectors.plan_counts(Plan.objects.get(number="56/KH-UBND"), DEMO_TODAY)
    assert p56["done_on_time"] > 0 and p56["overdue"] > 0 and p56["not_due"] > 0


@pytest.mark.django_db
def test_clock_moves_assignments_between_buckets(demo: str) -> None:
    plan = Plan.objects.get(number="56/KH-UBND")
    relic = Assignment.objects.get(
        task__plan=plan, task__ref="II.3.2", product__position=2, role="lead"
    )
    assert (
        selectors.classify(Assignment.objects.filter(pk=relic.pk), dt.date(2024, 3, 31))[0].bucket
        == "not_due"
    )
    assert (
        selectors.classify(Assignment.objects.filter(pk=relic.pk), dt.date(2024, 4, 1))[0].bucket
        == "overdue"
    )
    assert (
        selectors.classify(Assignment.objects.filter(pk=relic.pk), DEMO_TODAY)[0].bucket
        == "done_late"
    )
    # The conditional Đề án (after the Prime Minister's decision) and per-project II.3.1 are never due.
    for ref, pos in (("II.3.2", 4), ("II.3.1", None)):
        qs = Assignment.objects.concrete().filter(task__plan=plan, task__ref=ref)
        if pos:
            qs = qs.filter(product__position=pos)
        for day in DAYS:
            assert {
                r.bucket
                for r in selectors.classify(
                    qs.filter(pk__in=selectors.assignments_in_force(day)), day
                )
            } <= {"not_due", "done_on_time"}
    # A recurring assignment changes bucket with the period.
    later = Plan.objects.get(number="415/KH-UBND")
    seen = set()
    for a in Assignment.objects.concrete().filter(
        task__plan=later, task__deadline_kind="recurring"
    )[:40]:
        seen |= {
            selectors.classify(Assignment.objects.filter(pk=a.pk), d)[0].bucket
            for d in (dt.date(2026, 6, 10), dt.date(2026, 6, 20), DEMO_TODAY)
        }
    assert {"overdue", "done_on_time"} <= seen
    # The conditional task of the later plan became due 30 working days after its condition.
    cond = (
        Assignment.objects.concrete()
        .filter(task__plan=later, task__deadline_kind="conditional", product__isnull=False)
        .first()
    )
    assert cond is not None
    assert (
        selectors.classify(Assignment.objects.filter(pk=cond.pk), dt.date(2026, 8, 19))[0].bucket
        == "not_due"
    )
    assert selectors.classify(Assignment.objects.filter(pk=cond.pk), DEMO_TODAY)[0].bucket in {
        "overdue",
        "done_on_time",
        "done_late",
    }


@pytest.mark.django_db
def test_district_share_of_plan_56_goes_to_every_commune(demo: str) -> None:
    plan = Plan.objects.get(number="56/KH-UBND")
    communes = set(
        OrganizationState.objects.as_of(dt.date(2025, 7, 1))
        .filter(kind=Kind.COMMUNE_COMMITTEE)
        .values_list("organization_id", flat=True)
    )
    districts_before = set(
        OrganizationState.objects.as_of(dt.date(2025, 6, 30))
        .filter(kind=Kind.DISTRICT_COMMITTEE)
        .values_list("organization_id", flat=True)
    )
    assert len(communes) == 69
    for ref in ("II.1", "II.2", "II.5.2"):
        after = (
            Assignment.objects.concrete()
            .in_force(dt.date(2025, 7, 1))
            .filter(task__plan=plan, task__ref=ref)
        )
        assert communes <= set(after.values_list("organization_id", flat=True)), ref
        assert not districts_before & set(after.values_list("organization_id", flat=True))
        before = (
            Assignment.objects.concrete()
            .in_force(dt.date(2025, 6, 30))
            .filter(task__plan=plan, task__ref=ref)
        )
        assert districts_before <= set(before.values_list("organization_id", flat=True))


@pytest.mark.django_db
def test_dissolved_department_work_waits_in_the_queue(demo: str) -> None:
    items = ReassignmentItem.objects.select_related("assignment__organization")
    assert items.exists()
    assert all(i.assignment.valid_to is not None for i in items)
