"""The workforce and positions steps of the one door for events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tinhgon.conftest import new_unit, record
from tinhgon.core.models import AuditEntry
from tinhgon.organizations.choices import EventKind
from tinhgon.positions.choices import DecisionStatus
from tinhgon.workforce.models import Assignment, LeadershipAppointment, PendingPlacement

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 8, 1)


def test_merge_moves_people_to_the_successor(staff, registry):
    from tinhgon.conftest import decision
    from tinhgon.workforce import services

    services.appointment_record(
        acting_user=None,
        person=staff.people[1],
        organization=registry.school_pdp.pk,
        role="deputy",
        title="Phó Hiệu trưởng",
        decision=decision(dt.date(2024, 3, 1)),
        valid_from=dt.date(2024, 3, 15),
    )
    event = record(
        EventKind.MERGE,
        DAY,
        preds=[registry.school_pdp, registry.school_gifted],
        succs=[new_unit("Trường THPT Phan Đình Phùng - Chuyên", registry.education)],
    )
    successor = event.links.get(role="successor").organization
    moved = Assignment.objects.filter(organization=successor, valid_from=DAY)
    assert {a.person.full_name for a in moved} == {
        "Nguyễn Thị Lan",
        "Trần Văn Hùng",
        "Lê Thị Hà",
        "Phan Văn Nam",
    }
    assert not Assignment.objects.filter(
        organization=registry.school_pdp, valid_to__isnull=True
    ).exists()
    assert (
        Assignment.objects.filter(
            organization=registry.school_pdp, valid_to=DAY - dt.timedelta(days=1)
        ).count()
        == 3
    )
    assert AuditEntry.objects.filter(action="event_assignment_move").count() == 4
    assert LeadershipAppointment.objects.get(organization=successor).term_end == dt.date(
        2029, 3, 14
    )
    staff.decision.refresh_from_db()
    assert staff.decision.status == DecisionStatus.TO_REVIEW
    assert AuditEntry.objects.filter(action="position_decision_to_review").exists()


@pytest.mark.parametrize("told", [True, False], ids=["units-read", "nothing-read"])
def test_a_batch_marks_the_decisions_of_units_it_read_and_of_units_it_did_not(
    staff, registry, told
):
    """Inside a project's batch the positions step reads once which units hold a decision in
    force; a unit the batch was not told about is still looked up."""
    from django.db import transaction

    from tinhgon.restructuring.services import events_batched

    units = [registry.school_pdp.pk, registry.school_gifted.pk] if told else []
    with transaction.atomic(), events_batched(day=DAY, units=units):
        record(
            EventKind.MERGE,
            DAY,
            preds=[registry.school_pdp, registry.school_gifted],
            succs=[new_unit("Trường THPT Phan Đình Phùng - Chuyên", registry.education)],
        )
    staff.decision.refresh_from_db()
    assert staff.decision.status == DecisionStatus.TO_REVIEW


def test_split_lists_people_as_to_be_placed(staff, registry):
    record(
        EventKind.SPLIT,
        DAY,
        preds=[registry.school_pdp],
        succs=[
            new_unit("Trường THPT A", registry.education),
            new_unit("Trường THPT B", registry.education),
        ],
    )
    pending = PendingPlacement.objects.all()
    assert {p.person.full_name for p in pending} == {"Nguyễn Thị Lan", "Trần Văn Hùng", "Lê Thị Hà"}
    assert all(p.since == DAY for p in pending)
    assert AuditEntry.objects.filter(action="event_to_place").count() == 3
    assert not Assignment.objects.filter(
        organization=registry.school_pdp, valid_to__isnull=True
    ).exists()


def test_rename_leaves_people_in_place(staff, registry):
    record(
        EventKind.RENAME,
        DAY,
        preds=[registry.school_pdp],
        succs=[registry.school_pdp],
        changes={"name": "Trường THPT Phan Đình Phùng (mới)"},
    )
    assert (
        Assignment.objects.filter(organization=registry.school_pdp, valid_to__isnull=True).count()
        == 3
    )
    assert not PendingPlacement.objects.exists()


def test_a_person_hired_after_the_merge_day_moves_to_the_successor_as_hired(staff, registry):
    """An assignment that starts only after the event (a hire already decided) cannot end the
    day before: it moves to the single successor unchanged, with its audit row."""
    from tinhgon.workforce.tests.conftest import hire

    later = hire(registry.school_pdp, "Võ Thị Hoa", hired_on=dt.date(2026, 9, 1))
    event = record(
        EventKind.MERGE,
        DAY,
        preds=[registry.school_pdp, registry.school_gifted],
        succs=[new_unit("Trường THPT Phan Đình Phùng - Chuyên", registry.education)],
    )
    successor = event.links.get(role="successor").organization
    row = Assignment.objects.get(person=later)
    assert (row.organization_id, row.valid_from, row.valid_to) == (
        successor.pk,
        dt.date(2026, 9, 1),
        None,
    )
    assert AuditEntry.objects.filter(action="event_assignment_move", object_id=str(row.pk)).exists()


def test_a_split_is_refused_while_a_later_hire_waits_in_the_unit(staff, registry):
    from tinhgon.core.errors import Refused
    from tinhgon.organizations.models import ReorgEvent
    from tinhgon.workforce.tests.conftest import hire

    later = hire(registry.school_pdp, "Võ Thị Hoa", hired_on=dt.date(2026, 9, 1))
    events = ReorgEvent.objects.count()
    with pytest.raises(Refused, match="từ ngày 01/09/2026, sau ngày đơn vị chấm dứt hoạt động"):
        record(
            EventKind.SPLIT,
            DAY,
            preds=[registry.school_pdp],
            succs=[
                new_unit("Trường THPT A", registry.education),
                new_unit("Trường THPT B", registry.education),
            ],
        )
    assert ReorgEvent.objects.count() == events
    assert Assignment.objects.get(person=later).organization_id == registry.school_pdp.pk


def _plain(snapshot: dict[str, Any] | None) -> list[tuple[str, Any]]:
    """A snapshot without the ids that differ from one run to the other (new rows, units)."""
    drop = {"id", "organization", "event"}
    return sorted((k, v) for k, v in (snapshot or {}).items() if k not in drop)


def _people_and_trail() -> tuple[list[tuple[str, str, dt.date, dt.date | None]], list[Any]]:
    rows = sorted(
        (a.person.full_name, str(a.organization), a.valid_from, a.valid_to)
        for a in Assignment.objects.select_related("person", "organization")
    )
    trail = sorted(
        (
            e.action,
            e.object_repr.split("@")[0],
            e.reason.split(",")[0],
            _plain(e.before),
            _plain(e.after),
        )
        for e in AuditEntry.objects.filter(
            action__in=["event_assignment_move", "event_appointment_end", "event_appointment_move"]
        )
    )
    return rows, trail


def test_moves_batched_over_many_events_equal_event_by_event(staff, registry):
    """A project applies its events inside reorg_moves_batched(): the people's moves of the
    events are written together, and first when an event involves a unit of a collected move
    (here: the merged school is absorbed a month later). Same rows and audit rows as one by one."""
    from django.db import transaction

    from tinhgon.conftest import decision
    from tinhgon.core import audit
    from tinhgon.workforce import services
    from tinhgon.workforce.tests.conftest import hire

    services.appointment_record(
        acting_user=None,
        person=staff.people[1],
        organization=registry.school_pdp.pk,
        role="deputy",
        title="Phó Hiệu trưởng",
        decision=decision(dt.date(2024, 3, 1)),
        valid_from=dt.date(2024, 3, 15),
    )
    hire(registry.school_pdp, "Võ Thị Hoa", hired_on=dt.date(2026, 9, 1))
    second = dt.date(2026, 10, 1)

    def events() -> None:
        merged = record(
            EventKind.MERGE,
            DAY,
            preds=[registry.school_pdp, registry.school_gifted],
            succs=[new_unit("Trường THPT Phan Đình Phùng - Chuyên", registry.education)],
        )
        successor = merged.links.get(role="successor").organization
        record(EventKind.ABSORB, second, preds=[successor], succs=[registry.school_hxh])

    class Undo(Exception):
        """Rolls the events back once their result is read."""

    with pytest.raises(Undo), transaction.atomic():
        events()
        one_by_one = _people_and_trail()
        raise Undo
    with transaction.atomic(), audit.deferred(), services.reorg_moves_batched():
        events()
    batched = _people_and_trail()
    assert batched == one_by_one
    hxh = str(registry.school_hxh)
    assert {r[0] for r in batched[0] if r[1] == hxh and r[3] is None} >= {
        "Nguyễn Thị Lan",
        "Võ Thị Hoa",
    }
    assert LeadershipAppointment.objects.filter(
        organization=registry.school_hxh, valid_from=second
    ).exists()
