"""Plan creation from text, assignments (also to a class of agencies), deadlines and buckets."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhgon.conftest import People, Registry
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.plans import selectors, services
from tinhgon.plans.choices import AssignmentRole, Bucket, DeadlineKind, ProgressStatus
from tinhgon.plans.models import Assignment, Plan, Task
from tinhgon.plans.tests.conftest import TEXT, SmallPlan, at, make_plan
from tinhgon.rules.plan_text import parse_plan_text, to_data


def bucket_of(a: Assignment, day: dt.date) -> str:
    [row] = [r for r in selectors.classify(Assignment.objects.filter(pk=a.pk), day)]
    return row.bucket


def report_done(
    people: People,
    a: Assignment,
    day: dt.date,
    year: int,
    number: int | None,
    *,
    approve_day: dt.date | None = None,
) -> None:
    officer = (
        people.officer_a
        if a.organization_id == people.officer_a.scope_root_id
        else people.supervisor
    )
    with at(day):
        r = services.report_create(
            acting_user=officer,
            assignment=a,
            year=year,
            number=number,
            progress=ProgressStatus.COMPLETED,
            percent=100,
            narrative="Đã hoàn thành.",
        )
        r = services.report_submit(acting_user=officer, report=r, expected_version=r.version)
    with at(approve_day or day, 15):
        approver = people.admin if officer == people.supervisor else people.supervisor
        services.report_approve(acting_user=approver, report=r, expected_version=r.version)


def test_plan_from_text_tree_deadlines_and_assignments(
    small_plan: SmallPlan, registry: Registry
) -> None:
    plan = small_plan.plan
    assert plan.number == "12/KH-UBND" and plan.date == dt.date(2025, 1, 15)
    assert [t.ref for t in plan.tasks.order_by("position")] == ["I", "I.1", "I.2", "I.3", "I.4"]
    assert small_plan.dated.deadline_kind == DeadlineKind.DATE
    assert small_plan.dated.due == dt.date(2025, 3, 30)
    assert small_plan.recurring.deadline_kind == DeadlineKind.RECURRING
    assert small_plan.conditional.deadline_kind == DeadlineKind.CONDITIONAL
    assert small_plan.per_project.deadline_kind == DeadlineKind.PER_PROJECT
    # The agencies the text names: lead and coordinating, looked up in the register.
    roles = set(small_plan.dated.assignments.values_list("organization_id", "role"))
    assert roles == {
        (registry.health.pk, AssignmentRole.LEAD),
        (registry.education.pk, AssignmentRole.COORDINATING),
    }
    # The class of district committees resolved on the plan's date: the one district.
    members = Assignment.objects.filter(task=small_plan.recurring, organization__isnull=False)
    assert [m.organization_id for m in members] == [registry.district.pk]
    assert AuditEntry.objects.filter(object_type="plans.plan", action="create").count() == 1


def test_no_structure_is_one_task_with_a_warning(registry: Registry, people: People) -> None:
    text = "Hà Tĩnh, ngày 02 tháng 03 năm 2025\nKẾ HOẠCH\nMỘT VIỆC\nTổ chức tốt công tác tuyên truyền trong toàn tỉnh."
    plan = services.plan_create(
        acting_user=people.supervisor,
        data=to_data(parse_plan_text(text)),
        issuer_org=registry.province,
        source_text=text,
    )
    assert plan.tasks.count() == 1
    assert any("Không nhận ra cấu trúc" in w for w in plan.warnings)


def test_deadline_before_plan_date_is_refused_and_nothing_saved(
    registry: Registry, people: People
) -> None:
    text = TEXT.replace("trước ngày 31/3/2025", "trước ngày 31/12/2024")
    before = (Plan.objects.count(), Task.objects.count(), AuditEntry.objects.count())
    with pytest.raises(Refused) as exc:
        make_plan(people.supervisor, registry, text)
    assert "trước ngày ban hành kế hoạch" in str(exc.value)
    assert (Plan.objects.count(), Task.objects.count(), AuditEntry.objects.count()) == before


def test_dated_task_moves_between_buckets(
    small_plan: SmallPlan, registry: Registry, people: People
) -> None:
    a = small_plan.assignment(small_plan.dated, registry.health)
    assert bucket_of(a, dt.date(2025, 3, 30)) == Bucket.NOT_DUE
    assert bucket_of(a, dt.date(2025, 3, 31)) == Bucket.OVERDUE
    report_done(people, a, dt.date(2025, 4, 10), 2025, 1)
    a.refresh_from_db()
    assert a.done_on == dt.date(2025, 4, 10)
    assert bucket_of(a, dt.date(2025, 4, 9)) == Bucket.OVERDUE
    assert bucket_of(a, dt.date(2025, 4, 10)) == Bucket.DONE_LATE


def test_done_on_time(small_plan: SmallPlan, registry: Registry, people: People) -> None:
    a = small_plan.assignment(small_plan.dated, registry.health)
    report_done(people, a, dt.date(2025, 3, 20), 2025, 1, approve_day=dt.date(2025, 4, 2))
    # "Done" is the submission date of the report finally approved.
    assert bucket_of(a, dt.date(2025, 4, 1)) == Bucket.OVERDUE
    assert bucket_of(a, dt.date(2025, 4, 2)) == Bucket.DONE_ON_TIME


def test_conditional_task_not_due_until_condition_recorded(
    small_plan: SmallPlan, registry: Registry, people: People, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TINHGON_PLANS_CONDITION_WORKING_DAYS = 10
    a = small_plan.assignment(small_plan.conditional, registry.education)
    assert bucket_of(a, dt.date(2026, 11, 26)) == Bucket.NOT_DUE
    task = small_plan.conditional
    with at(dt.date(2025, 5, 6)):
        services.task_record_condition(
            acting_user=people.supervisor,
            task=task,
            met_on=dt.date(2025, 5, 5),
            document="123/QĐ-TTg ngày 05/05/2025",
            expected_version=task.version,
        )
    # 10 working days after Monday 05/05/2025 is Monday 19/05/2025.
    assert bucket_of(a, dt.date(2025, 5, 19)) == Bucket.NOT_DUE
    assert bucket_of(a, dt.date(2025, 5, 20)) == Bucket.OVERDUE
    assert bucket_of(a, dt.date(2025, 5, 4)) == Bucket.NOT_DUE


def test_per_project_stays_not_due_until_a_project_links_it(
    small_plan: SmallPlan, registry: Registry, people: People
) -> None:
    a = small_plan.assignment(small_plan.per_project, registry.health)
    for day in (dt.date(2025, 2, 1), dt.date(2026, 11, 26), dt.date(2030, 1, 1)):
        assert bucket_of(a, day) == Bucket.NOT_DUE
    services.task_set_due_from_project(
        acting_user=people.supervisor,
        task=small_plan.per_project,
        project_ref="Đề án 01/2026",
        due=dt.date(2026, 6, 30),
    )
    assert bucket_of(a, dt.date(2026, 6, 30)) == Bucket.NOT_DUE
    assert bucket_of(a, dt.date(2026, 7, 1)) == Bucket.OVERDUE
    with pytest.raises(Refused):
        services.task_set_due_from_project(
            acting_user=people.supervisor,
            task=small_plan.dated,
            project_ref="x",
            due=dt.date(2026, 6, 30),
        )


def test_recurring_task_due_once_per_period(
    small_plan: SmallPlan, registry: Registry, people: People
) -> None:
    a = small_plan.assignment(small_plan.recurring, registry.district)
    # Half-year 1 of 2025 runs 15/12/2024–14/06/2025; the plan starts inside it.
    assert bucket_of(a, dt.date(2025, 6, 14)) == Bucket.NOT_DUE
    assert (
        bucket_of(a, dt.date(2025, 6, 15)) == Bucket.NOT_DUE
    )  # first period began before the assignment
    report_done(people, a, dt.date(2025, 6, 20), 2025, 2)
    assert bucket_of(a, dt.date(2025, 6, 21)) == Bucket.DONE_ON_TIME
    # Next period (H1 2026 from 15/12/2025): H2 2025 was reported, so in time…
    assert bucket_of(a, dt.date(2025, 12, 20)) == Bucket.NOT_DUE
    # …and once H1 2026 ended without a report, overdue.
    assert bucket_of(a, dt.date(2026, 6, 20)) == Bucket.OVERDUE


def test_district_class_becomes_one_assignment_per_commune(
    small_plan: SmallPlan, registry: Registry, people: People
) -> None:
    services.classes_resolve(
        acting_user=people.supervisor, plan=small_plan.plan, as_of=dt.date(2025, 7, 1)
    )
    live = (
        Assignment.objects.concrete()
        .in_force(dt.date(2025, 7, 1))
        .filter(task=small_plan.recurring)
    )
    assert sorted(live.values_list("organization_id", flat=True)) == sorted(
        [registry.commune.pk, registry.commune2.pk]
    )
    district = Assignment.objects.get(task=small_plan.recurring, organization=registry.district)
    assert district.valid_to == dt.date(2025, 6, 30)
    assert all("01/07/2025" in a.reason for a in live)
    # Idempotent.
    services.classes_resolve(
        acting_user=people.supervisor, plan=small_plan.plan, as_of=dt.date(2026, 1, 1)
    )
    assert (
        Assignment.objects.filter(task=small_plan.recurring, organization__isnull=False).count()
        == 3
    )


def test_plan_dashboard_counts_equal_direct_count(
    small_plan: SmallPlan, registry: Registry
) -> None:
    day = dt.date(2025, 4, 1)
    dash = selectors.plan_dashboard(small_plan.plan, day)
    rows = selectors.classify(
        selectors.assignments_in_force(day).filter(task__plan=small_plan.plan), day
    )
    assert (
        dash.total
        == Assignment.objects.concrete().in_force(day).filter(task__plan=small_plan.plan).count()
    )
    assert dash.counts == selectors.counts(rows)
    root = next(n for n in dash.tree if n.task.ref == "I")
    assert root.total == dash.total
    assert dash.counts[Bucket.OVERDUE] == 2  # I.1 lead and coordinating
