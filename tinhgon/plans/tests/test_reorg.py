"""The plans step of reorganization events: move, queue, re-resolve classes, follow-up tasks."""

from __future__ import annotations

import datetime as dt

from tinhgon.conftest import People, Registry, new_unit, record
from tinhgon.organizations.choices import EventKind, Kind, Sector
from tinhgon.plans import services
from tinhgon.plans.choices import QueueStatus
from tinhgon.plans.models import Assignment, ReassignmentItem, Task
from tinhgon.plans.reorg import FOLLOWUP_TITLE
from tinhgon.plans.tests.conftest import SmallPlan


def _dept(name: str, registry: Registry):  # type: ignore[no-untyped-def]
    return new_unit(name, registry.province, kind=Kind.DEPARTMENT, sector=Sector.STATE_MANAGEMENT)


def test_agency_split_in_two_goes_to_the_queue(
    small_plan: SmallPlan, registry: Registry, people: People
) -> None:
    a = small_plan.assignment(small_plan.dated, registry.health)
    day = dt.date(2025, 3, 1)
    record(
        EventKind.TRANSFER,
        day,
        preds=registry.health_units,
        changes={"managing_body": registry.province.pk},
    )
    event = record(
        EventKind.SPLIT,
        day,
        preds=[registry.health],
        succs=[_dept("Sở Y tế dự phòng", registry), _dept("Sở Khám chữa bệnh", registry)],
    )
    a.refresh_from_db()
    assert a.valid_to == dt.date(2025, 2, 28) and a.event_id == event.pk
    item = ReassignmentItem.objects.get(assignment=a)
    assert item.status == QueueStatus.OPEN and item.candidates.count() == 2
    # Sở Nội vụ gives it to one of them.
    target = item.candidates.order_by("id").first()
    [new] = services.queue_resolve(
        acting_user=people.supervisor,
        item=item,
        organization_ids=[target.pk],
        reason="Theo chức năng mới",
    )
    assert new.organization_id == target.pk and new.valid_from == day and new.moved_from_id == a.pk


def test_single_successor_takes_the_assignment_with_the_event_as_reason(
    small_plan: SmallPlan, registry: Registry
) -> None:
    a = small_plan.assignment(small_plan.per_project, registry.health)
    day = dt.date(2025, 3, 1)
    event = record(
        EventKind.MERGE,
        day,
        preds=[registry.health, registry.education],
        succs=[_dept("Sở Y tế và Giáo dục", registry)],
    )
    new = Assignment.objects.get(moved_from=a)
    assert new.organization.last_state.name == "Sở Y tế và Giáo dục"
    assert new.event_id == event.pk and event.decision.number in new.reason
    assert not ReassignmentItem.objects.exists()


def test_district_dissolved_class_assignment_passes_to_its_communes(
    small_plan: SmallPlan, registry: Registry
) -> None:
    """On 01/07/2025 the district committee ends; its class assignment goes to every commune."""
    record(
        EventKind.TRANSFER,
        dt.date(2025, 7, 1),
        preds=[registry.commune, registry.commune2],
        changes={"managing_body": registry.province.pk},
    )
    record(
        EventKind.TRANSFER,
        dt.date(2025, 7, 1),
        preds=[registry.school_hxh],
        changes={"managing_body": registry.commune.pk},
    )
    record(EventKind.DISSOLVE, dt.date(2025, 7, 1), preds=[registry.district])
    live = (
        Assignment.objects.concrete()
        .in_force(dt.date(2025, 7, 1))
        .filter(task=small_plan.recurring)
    )
    assert sorted(live.values_list("organization_id", flat=True)) == sorted(
        [registry.commune.pk, registry.commune2.pk]
    )
    assert not ReassignmentItem.objects.exists()


def test_reorganizing_event_opens_followup_tasks_for_the_managing_body(
    small_plan: SmallPlan, registry: Registry
) -> None:
    day = dt.date(2025, 9, 1)
    record(
        EventKind.MERGE,
        day,
        preds=[registry.hospital, registry.cdc],
        succs=[
            new_unit("Trung tâm Y tế tỉnh", registry.health, kind=Kind.CENTER, sector=Sector.HEALTH)
        ],
    )
    tasks = Task.objects.filter(plan__title=FOLLOWUP_TITLE).order_by("position")
    assert [t.text.split(":")[0] for t in tasks] == [
        "Rà soát, điều chỉnh vị trí việc làm",
        "Điều chỉnh biên chế",
    ]
    for t in tasks:
        [a] = t.assignments.all()
        assert a.organization_id == registry.health.pk and a.valid_from == day
        assert t.due is not None and t.due > day
    # Numbered in order in the follow-up plan; a later event's continue the numbers.
    record(EventKind.RENAME, day, preds=[registry.school_pdp], changes={"name": "Trường THPT PĐP"})
    record(
        EventKind.ABSORB,
        dt.date(2025, 10, 1),
        preds=[registry.school_gifted],
        succs=[registry.gdtx],
    )
    assert [t.ref for t in tasks.all()] == ["1", "2", "3", "4"]


def test_no_plan_no_followup(registry: Registry) -> None:
    record(
        EventKind.MERGE,
        dt.date(2025, 9, 1),
        preds=[registry.hospital, registry.cdc],
        succs=[
            new_unit("Trung tâm Y tế tỉnh", registry.health, kind=Kind.CENTER, sector=Sector.HEALTH)
        ],
    )
    assert not Task.objects.exists()
