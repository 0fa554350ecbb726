"""The plans step of a reorganization event (called by ``restructuring.services.event_record``).

For every assignment in force of an organization the event ends (merge, absorb, split, dissolve,
conversion):

- an assignment that came from a class of agencies is resolved again through the dated class table
  (the successors are members or not; "UBND cấp huyện" means every UBND xã/phường from 01/07/2025);
- otherwise, one successor: the assignment moves to it, with the event as the reason;
  several successors or none: the assignment goes to the reassignment queue.

Completed (approved) non-recurring assignments stay where they are: the work was done by that agency.
The step also opens follow-up tasks for the public service units the event touches ("Rà soát, điều
chỉnh vị trí việc làm", "Điều chỉnh biên chế"; Plan 56 item II.5), assigned to their managing body on
the event's date, in a follow-up plan of the registry (one per province, created on demand).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from tinhgon.core import audit, batching
from tinhgon.organizations import selectors as org_selectors
from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS, EventKind, Kind, LinkRole
from tinhgon.organizations.models import Organization, OrganizationState, ReorgEvent
from tinhgon.organizations.services import may_hold
from tinhgon.plans import conf
from tinhgon.plans.choices import AssignmentRole, DeadlineKind, PlanSource
from tinhgon.plans.models import Assignment, Plan, ReassignmentItem, Task
from tinhgon.plans.services import (
    assigned_in_batch,
    assignment_create,
    assignment_end,
    classes_resolve,
    deadline_source,
    is_done,
)
from tinhgon.rules import calendar_vn

ONE_DAY = dt.timedelta(days=1)
ENDING = {
    EventKind.MERGE,
    EventKind.ABSORB,
    EventKind.SPLIT,
    EventKind.DISSOLVE,
    EventKind.CONVERT_JSC,
}
REORGANIZING = {EventKind.MERGE, EventKind.ABSORB, EventKind.SPLIT, EventKind.SEPARATE}
FOLLOWUP_TITLE = "Nhiệm vụ tiếp theo sau sắp xếp, tổ chức lại đơn vị sự nghiệp công lập"
FOLLOWUPS = ("Rà soát, điều chỉnh vị trí việc làm", "Điều chỉnh biên chế")


def _event_reason(event: ReorgEvent) -> str:
    return _("%(kind)s theo %(doc)s, hiệu lực từ %(d)s") % {
        "kind": event.get_kind_display(),
        "doc": event.decision.number,
        "d": event.effective_date.strftime("%d/%m/%Y"),
    }


def _carry(
    acting_user: Any, assignment: Assignment, event: ReorgEvent, successors: list[Organization]
) -> None:
    day = event.effective_date
    reason = _event_reason(event)
    if assignment.from_class_id is not None:
        assignment_end(
            acting_user=acting_user,
            assignment=assignment,
            last_day=day - ONE_DAY,
            reason=reason,
            event=event,
        )
        classes_resolve(acting_user=acting_user, plan=assignment.task.plan, as_of=day)
        return
    alive = [s for s in successors if s.is_alive_on(day)]
    assignment_end(
        acting_user=acting_user,
        assignment=assignment,
        last_day=day - ONE_DAY,
        reason=reason,
        event=event,
    )
    if len(alive) == 1:
        assignment_create(
            acting_user=acting_user,
            task=assignment.task,
            product=assignment.product,
            organization=alive[0],
            role=assignment.role,
            valid_from=day,
            moved_from=assignment,
            event=event,
            reason=reason,
        )
        return
    item = ReassignmentItem.objects.create(assignment=assignment, event=event)
    item.candidates.set(alive)
    audit.record(
        actor=acting_user,
        action="queue",
        obj=item,
        before=None,
        after={"assignment": assignment.pk, "candidates": [s.pk for s in alive]},
        reason=reason,
    )


@dataclass
class _Batch:
    units: set[int]  # the units read at the start of the batch …
    holding: set[int]  # … of which these hold an assignment in force (or were given one since)
    has_plan: dict[dt.date, bool] = field(default_factory=dict)


_batch: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar(
    "plans_reorg_batch", default=None
)


@contextlib.contextmanager
def reorg_tasks_batched(units: Iterable[int]) -> Iterator[None]:
    """Inside the block (one transaction: a restructuring project's events through the one door),
    which of ``units`` hold an assignment in force is read once; an event ending only units that
    hold none (nor units its batch created and gave none) reads no assignment. Whether a plan is
    in force is read once a day. The same moves and follow-up tasks as event by event."""

    def make() -> _Batch:
        ids = {int(i) for i in units}
        holding = Assignment.objects.filter(
            organization_id__in=ids, valid_to__isnull=True
        ).values_list("organization_id", flat=True)
        return _Batch(ids, set(holding))

    with (
        batching.scoped(_batch, make) as batch,
        batching.scoped(assigned_in_batch, lambda: batch.holding),
    ):
        yield


def _open_assignments(org_ids: list[int], day: dt.date) -> list[Assignment]:
    batch = _batch.get()
    if batch is not None:
        org_ids = may_hold(org_ids, batch.units, batch.holding)
        if not org_ids:
            return []
    open_ids = list(
        Assignment.objects.filter(
            organization_id__in=org_ids, valid_to__isnull=True, valid_from__lt=day
        ).values_list("id", flat=True)
    )
    if not open_ids:  # most units of a restructuring project hold no task: one light read
        return []
    rows = (
        Assignment.objects.filter(pk__in=open_ids)
        .select_related("task__plan", "product", "organization")
        .order_by("id")
    )
    return [
        a
        for a in rows
        if not (is_done(a) and deadline_source(a).deadline_kind != DeadlineKind.RECURRING)
    ]


def on_reorg_event(*, acting_user: Any, event: ReorgEvent) -> None:
    """Move, re-resolve or queue the assignments of ended agencies; open follow-up tasks."""
    links = event.links_with_units()
    preds = [link.organization for link in links if link.role == LinkRole.PREDECESSOR]
    succs = [link.organization for link in links if link.role == LinkRole.SUCCESSOR]
    if event.kind in ENDING:
        ended = [
            p.pk for p in preds if p.valid_to is not None and p.valid_to < event.effective_date
        ]
        if ended:
            for a in _open_assignments(ended, event.effective_date):
                _carry(acting_user, a, event, [s for s in succs if s.pk != a.organization_id])
    if event.kind in REORGANIZING:
        touched = [o for o in succs if o.is_alive_on(event.effective_date)]
        if event.kind == EventKind.SEPARATE:
            touched += [p for p in preds if p.is_alive_on(event.effective_date)]
        followup_open(acting_user=acting_user, event=event, units=touched)


def plan_catch_up(*, acting_user: Any, plan: Plan, as_of: dt.date) -> None:
    """Apply to a plan entered after the fact the events and class rules between its date and
    ``as_of``, in date order, as the plans step would have done (used by imports of older plans)."""
    classes_resolve(acting_user=acting_user, plan=plan, as_of=plan.date)
    for _round in range(50):
        rows = list(
            Assignment.objects.filter(
                task__plan=plan,
                organization__valid_to__lt=as_of,
                valid_to__isnull=True,
            )
            .select_related("organization", "task__plan", "product")
            .order_by("organization__valid_to", "id")
        )
        rows = [
            a
            for a in rows
            if not (is_done(a) and deadline_source(a).deadline_kind != DeadlineKind.RECURRING)
        ]
        if not rows:
            break
        first_end = rows[0].organization.valid_to  # type: ignore[union-attr]
        assert first_end is not None
        day = first_end + ONE_DAY
        classes_resolve(acting_user=acting_user, plan=plan, as_of=day)
        for a in rows:
            a.refresh_from_db()
            if a.valid_to is not None or a.organization.valid_to != first_end:  # type: ignore[union-attr]
                continue
            event = (
                ReorgEvent.objects.filter(
                    effective_date=day,
                    links__organization=a.organization,
                    links__role=LinkRole.PREDECESSOR,
                )
                .select_related("decision")
                .first()
            )
            if event is None:
                assignment_end(
                    acting_user=acting_user,
                    assignment=a,
                    last_day=first_end,
                    reason=_("Cơ quan được giao đã kết thúc hoạt động."),
                )
                continue
            succs = [
                link.organization
                for link in event.links.select_related("organization")
                if link.role == LinkRole.SUCCESSOR and link.organization_id != a.organization_id
            ]
            _carry(acting_user, a, event, succs)
    classes_resolve(acting_user=acting_user, plan=plan, as_of=as_of)


def _province_of(org_id: int, day: dt.date) -> Organization | None:
    chain = [OrganizationState.objects.as_of(day).filter(organization_id=org_id).first()]
    chain += org_selectors.ancestors_on(org_id, day)
    for state in chain:
        if state is not None and state.kind == Kind.PROVINCIAL_COMMITTEE:
            return state.organization
    return None


def _has_plan(province: Organization, day: dt.date) -> bool:
    """Follow-up tasks are opened only once the province runs a plan (dated on or before ``day``)."""
    return (
        Plan.objects.filter(issuer_org=province, date__lte=day)
        .exclude(source=PlanSource.FOLLOWUP)
        .exists()
    )


def followups_catch_up(
    *, acting_user: Any, province: Organization, since: dt.date, until: dt.date
) -> int:
    """Open the follow-up tasks of the events recorded between ``since`` and ``until`` (for a plan
    entered after those events, as the demo does)."""
    count = 0
    events = (
        ReorgEvent.objects.filter(
            kind__in=REORGANIZING, effective_date__gte=since, effective_date__lte=until
        )
        .select_related("decision")
        .prefetch_related("links__organization")
        .order_by("effective_date", "id")
    )
    for event in events:
        if not any(
            _province_of(link.organization_id, event.effective_date) == province
            for link in event.links.all()[:1]
        ):
            continue
        links = list(event.links.all())
        units = [link.organization for link in links if link.role == LinkRole.SUCCESSOR]
        if event.kind == EventKind.SEPARATE:
            units += [link.organization for link in links if link.role == LinkRole.PREDECESSOR]
        units = [u for u in units if u.is_alive_on(event.effective_date)]
        count += len(followup_open(acting_user=acting_user, event=event, units=units))
    return count


def _plan_in_force(day: dt.date) -> bool:
    """Whether any plan (other than the follow-up plans) is dated on or before ``day``."""
    batch = _batch.get()
    if batch is not None and day in batch.has_plan:
        return batch.has_plan[day]
    found = Plan.objects.filter(date__lte=day).exclude(source=PlanSource.FOLLOWUP).exists()
    if batch is not None:
        batch.has_plan[day] = found
    return found


def followup_plan(acting_user: Any, province: Organization, day: dt.date) -> Plan:
    plan = Plan.objects.filter(source=PlanSource.FOLLOWUP, issuer_org=province).first()
    if plan is not None:
        return plan
    plan = Plan.objects.create(
        doc_kind="Kế hoạch",
        date=day,
        issuer=str(province),
        issuer_org=province,
        title=FOLLOWUP_TITLE,
        source=PlanSource.FOLLOWUP,
    )
    audit.record(
        actor=acting_user,
        action="create",
        obj=plan,
        before=None,
        after={"title": plan.title, "source": plan.source, "date": day},
        reason=_("Tạo khi có sự kiện sắp xếp đầu tiên cần nhiệm vụ tiếp theo."),
    )
    return plan


def followup_open(*, acting_user: Any, event: ReorgEvent, units: list[Organization]) -> list[Task]:
    """Open "Rà soát, điều chỉnh vị trí việc làm" and "Điều chỉnh biên chế" for each public service
    unit the event touches, assigned to its managing body (lead) on the event's date."""
    day = event.effective_date
    if not _plan_in_force(day):
        return []
    states = {
        s.organization_id: s
        for s in OrganizationState.objects.as_of(day).filter(
            organization_id__in=[u.pk for u in units], kind__in=PUBLIC_SERVICE_UNIT_KINDS
        )
    }
    if not states:
        return []
    opened: list[Task] = []
    due = calendar_vn.add_working_days(day, conf.get("FOLLOWUP_WORKING_DAYS"))
    plan: Plan | None = None
    for org_id, state in states.items():
        if state.managing_body_id is None:
            continue
        if plan is None:
            province = _province_of(org_id, day)
            if province is None or not _has_plan(province, day):
                return []
            plan = followup_plan(acting_user, province, day)
            # Numbered in order (1, 2, 3 …): one event's follow-ups at a time.
            Plan.objects.select_for_update().filter(pk=plan.pk).first()
        if Task.objects.filter(plan=plan, event=event, subject_org_id=org_id).exists():
            continue
        position = Task.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0
        for i, title in enumerate(FOLLOWUPS, start=1):
            ref = str(position + i)
            task = Task.objects.create(
                plan=plan,
                ref=ref,
                position=position + i,
                text=f"{title}: {state.name} ({_event_reason(event)})",
                deadline_kind=DeadlineKind.DATE,
                due=due,
                deadline_text=_("%(n)s ngày làm việc kể từ ngày hiệu lực")
                % {"n": conf.get("FOLLOWUP_WORKING_DAYS")},
                subject_org_id=org_id,
                event=event,
            )
            audit.record(
                actor=acting_user,
                action="create",
                obj=task,
                before=None,
                after={"ref": ref, "text": task.text, "due": due},
                reason=_event_reason(event),
            )
            managing = Organization.objects.get(pk=state.managing_body_id)
            assignment_create(
                acting_user=acting_user,
                task=task,
                organization=managing,
                role=AssignmentRole.LEAD,
                valid_from=day,
                event=event,
                reason=_event_reason(event),
            )
            opened.append(task)
    return opened
