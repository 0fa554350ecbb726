"""Reads of the plans app: assignments with their bucket as of a date, roll-ups, scorecards, queues.

Buckets are computed from the data (``tinhgon.plans.buckets``), never stored: one query over the
assignments in force (with their task's or product's deadline) and one over the approved reports of
the current and previous periods of the recurring ones.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils import timezone

from tinhgon.core.approval import ApprovalStatus
from tinhgon.organizations.models import OrganizationState
from tinhgon.plans import buckets, conf
from tinhgon.plans.choices import Bucket, DeadlineKind
from tinhgon.plans.models import (
    Assignment,
    Plan,
    Product,
    ProgressReport,
    ReassignmentItem,
    Task,
)

_VALUES = (
    "id",
    "task_id",
    "product_id",
    "organization_id",
    "role",
    "valid_from",
    "done_on",
    "done_approved_on",
)


def _deadlines(
    task_ids: set[int], product_ids: set[int]
) -> tuple[dict[int, tuple[Any, ...]], dict[int, tuple[Any, ...]]]:
    """Deadline fields of the tasks and products concerned (few rows, fetched once)."""
    tasks = {
        row[0]: row[1:]
        for row in Task.objects.filter(pk__in=task_ids).values_list(
            "id",
            "plan_id",
            "plan__period_kind",
            "ref",
            "deadline_kind",
            "due",
            "condition_met_on",
            "project_due",
        )
    }
    products = {
        row[0]: row[1:]
        for row in Product.objects.filter(pk__in=product_ids).values_list(
            "id", "deadline_kind", "due", "condition_met_on", "project_due"
        )
    }
    return tasks, products


@dataclass
class Row:
    id: int
    task_id: int
    plan_id: int
    ref: str
    product_id: int | None
    organization_id: int
    role: str
    deadline_kind: str
    due: dt.date | None
    done_on: dt.date | None
    bucket: str
    days_late: int = 0
    period: buckets.Period | None = None
    valid_from: dt.date | None = None

    @property
    def bucket_label(self) -> str:
        return str(Bucket(self.bucket).label)


def _fetch(qs: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """Rows of a ``values_list`` query straight from the driver (dates, ints and strings need no
    conversion): several times faster than Django's iterator on tens of thousands of rows."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _end_of(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` in the project's time zone (approvals up to ``day``)."""
    nxt = day + dt.timedelta(days=1)
    return dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=timezone.get_current_timezone())


def assignments_in_force(day: dt.date) -> QuerySet[Assignment]:
    return (
        Assignment.objects.concrete()
        .filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    )


def classify(qs: QuerySet[Assignment], day: dt.date) -> list[Row]:
    """Every assignment of ``qs`` with its bucket as of ``day``."""
    condition_days = conf.get("CONDITION_WORKING_DAYS")
    raw = _fetch(qs.values_list(*_VALUES))
    tasks, products = _deadlines({r[1] for r in raw}, {r[2] for r in raw if r[2] is not None})
    rows: list[Row] = []
    recurring: dict[str, list[Row]] = defaultdict(list)
    current: dict[str, buckets.Period] = {}
    for pk, task_id, product_id, org_id, role, valid_from, done_on, done_approved_on in raw:
        plan_id, period_kind, ref, kind, due, met, proj = tasks[task_id]
        if product_id is not None and products[product_id][0] != DeadlineKind.NONE:
            kind, due, met, proj = products[product_id]
        if kind == DeadlineKind.RECURRING:
            cur = current.get(period_kind)
            if cur is None:
                cur = current[period_kind] = buckets.period_of(period_kind, day)
            row = Row(
                pk,
                task_id,
                plan_id,
                ref,
                product_id,
                org_id,
                role,
                kind,
                cur.end,
                None,
                "",
                period=cur,
                valid_from=valid_from,
            )
            recurring[period_kind].append(row)
            rows.append(row)
            continue
        eff = buckets.effective_due(kind, due, met, proj, day, condition_days)
        b = buckets.bucket_once(eff, done_on, done_approved_on, day)
        late = 0
        if b == Bucket.DONE_LATE and eff and done_on:
            late = (done_on - eff).days
        elif b == Bucket.OVERDUE and eff:
            late = (day - eff).days
        rows.append(
            Row(pk, task_id, plan_id, ref, product_id, org_id, role, kind, eff, done_on, b, late)
        )
    for period_kind, group in recurring.items():
        cur = buckets.period_of(period_kind, day)
        prev = buckets.previous(cur)
        approved: set[tuple[int, int, int | None]] = set()
        ids = [r.id for r in group]
        reports = ProgressReport.objects.filter(
            period_kind=period_kind,
            period_end__in=[cur.end, prev.end],
            status=ApprovalStatus.APPROVED,
            decided_at__lt=_end_of(day),
        )
        if len(ids) > 2000:  # a large scope: let the database join rather than ship the ids
            task_ids = {r.task_id for r in group}
            reports = reports.filter(assignment_id__in=qs.filter(task_id__in=task_ids).values("id"))
        else:
            reports = reports.filter(assignment_id__in=ids)
        approved.update(
            (a, y, n)
            for a, y, n in _fetch(
                reports.values_list("assignment_id", "period_year", "period_number")
            )
        )
        for r in group:
            prev_due = r.valid_from is not None and r.valid_from <= prev.start
            prev_ok = (r.id, prev.year, prev.number) in approved
            r.bucket = buckets.bucket_recurring(
                (r.id, cur.year, cur.number) in approved, prev_due, prev_ok
            )
            if r.bucket == Bucket.OVERDUE:
                r.due = prev.end
                r.days_late = (day - prev.end).days
                r.period = prev
    return rows


def counts(rows: Iterable[Row]) -> dict[str, int]:
    out = buckets.empty_counts()
    for r in rows:
        out[r.bucket] += 1
    return out


def with_total(c: dict[str, int]) -> dict[str, int]:
    return {**c, "total": sum(c.values())}


@dataclass
class TaskNode:
    task: Task
    counts: dict[str, int]
    own: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Scorecard:
    organization_id: int
    name: str
    counts: dict[str, int] = field(default_factory=buckets.empty_counts)
    days_late: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def due_total(self) -> int:
        return self.counts["done_on_time"] + self.counts["done_late"] + self.counts["overdue"]

    @property
    def on_time_rate(self) -> float | None:
        """Share of the work already due that was done on time (percent)."""
        return 100.0 * self.counts["done_on_time"] / self.due_total if self.due_total else None

    @property
    def overdue(self) -> int:
        return self.counts["overdue"]


@dataclass
class Dashboard:
    plan: Plan
    day: dt.date
    counts: dict[str, int]
    tree: list[TaskNode]
    scorecards: list[Scorecard]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def names_on(org_ids: Iterable[int], day: dt.date) -> dict[int, str]:
    ids = set(org_ids)
    names = dict(
        OrganizationState.objects.as_of(day)
        .filter(organization_id__in=ids)
        .values_list("organization_id", "name")
    )
    missing = ids - names.keys()
    if missing:
        for org_id, name in (
            OrganizationState.objects.filter(organization_id__in=missing)
            .order_by("organization_id", "valid_from")
            .values_list("organization_id", "name")
        ):
            names[org_id] = name
    return names


def scoped(qs: QuerySet[Assignment], scope: set[int] | None) -> QuerySet[Assignment]:
    return qs if scope is None else qs.filter(organization_id__in=scope)


def plan_counts(plan: Plan, day: dt.date, scope: set[int] | None = None) -> dict[str, int]:
    return counts(classify(scoped(assignments_in_force(day).filter(task__plan=plan), scope), day))


def plan_dashboard(
    plan: Plan,
    day: dt.date,
    scope: set[int] | None = None,
    *,
    with_names: bool = True,
    scorecards: int | None = 200,
) -> Dashboard:
    """Bucket counts of a plan as of ``day``: the plan, each task (rolled up to its ancestors) and
    each agency (scorecards), over the assignments ``scope`` lets the reader see."""
    rows = classify(scoped(assignments_in_force(day).filter(task__plan=plan), scope), day)
    tasks = list(Task.objects.filter(plan=plan).order_by("position"))
    by_task: dict[int, Counter[str]] = defaultdict(Counter)
    own: Counter[int] = Counter()
    parent = {t.pk: t.parent_id for t in tasks}
    cards: dict[int, Scorecard] = {}
    for r in rows:
        own[r.task_id] += 1
        node: int | None = r.task_id
        while node is not None:
            by_task[node][r.bucket] += 1
            node = parent.get(node)
        card = cards.get(r.organization_id)
        if card is None:
            card = cards[r.organization_id] = Scorecard(r.organization_id, "")
        card.counts[r.bucket] += 1
        card.days_late += r.days_late
    ordered = sorted(
        cards.values(), key=lambda c: (-c.overdue, c.on_time_rate or 0.0, c.organization_id)
    )
    if scorecards is not None:
        ordered = ordered[:scorecards]  # the agencies most behind first; the rest on "Việc của tôi"
    if with_names:
        names = names_on([c.organization_id for c in ordered], day)
        for card in ordered:
            card.name = names.get(card.organization_id, "")
    tree = [
        TaskNode(t, {b.value: by_task[t.pk][b.value] for b in Bucket}, own[t.pk]) for t in tasks
    ]
    ordered = sorted(cards.values(), key=lambda c: (-c.overdue, c.on_time_rate or 0.0, c.name))
    return Dashboard(plan, day, counts(rows), tree, ordered)


@dataclass
class WorkItem:
    row: Row
    assignment: Assignment


def work_items(
    qs: QuerySet[Assignment], day: dt.date, *, buckets_only: set[str] | None = None
) -> list[WorkItem]:
    rows = classify(qs, day)
    if buckets_only is not None:
        rows = [r for r in rows if r.bucket in buckets_only]
    objs = Assignment.objects.select_related("task__plan", "product", "organization").in_bulk(
        [r.id for r in rows]
    )
    items = [WorkItem(r, objs[r.id]) for r in rows]
    order = {Bucket.OVERDUE: 0, Bucket.NOT_DUE: 1, Bucket.DONE_LATE: 2, Bucket.DONE_ON_TIME: 3}
    items.sort(key=lambda w: (order[Bucket(w.row.bucket)], w.row.due or dt.date.max, w.row.ref))
    return items


def my_work_rows(scope: set[int] | None, day: dt.date) -> list[Row]:
    """ "Việc của tôi": the assignments of the reader's agencies with their bucket (the selector the
    page and the bench use)."""
    return classify(scoped(assignments_in_force(day), scope), day)


def approval_queue(scope: set[int] | None) -> QuerySet[ProgressReport]:
    qs = (
        ProgressReport.objects.filter(status=ApprovalStatus.SUBMITTED)
        .select_related("assignment__task__plan", "assignment__organization", "submitted_by")
        .prefetch_related("assignment__organization__states")  # the unit's name, one query
    )
    if scope is not None:
        qs = qs.filter(assignment__organization_id__in=scope)
    return qs.order_by("submitted_at")


def reassignment_queue(
    scope: set[int] | None, *, open_only: bool = True
) -> QuerySet[ReassignmentItem]:
    qs = ReassignmentItem.objects.select_related(
        "assignment__task__plan", "assignment__organization", "event__decision"
    ).prefetch_related("candidates")
    if open_only:
        qs = qs.filter(status="open")
    if scope is not None:
        qs = qs.filter(assignment__organization_id__in=scope)
    return qs


def plans_visible(user_scope: set[int] | None, history_scope: set[int] | None) -> QuerySet[Plan]:
    """Plans issued inside the reader's scope or with an assignment of an agency in it."""
    qs = Plan.objects.all()
    if user_scope is None or history_scope is None:
        return qs
    ids = set(user_scope) | set(history_scope)
    # A subquery rather than a join + DISTINCT over every plan × task × assignment (120 ms with a
    # province's scope at national scale, a few ms this way).
    assigned = Assignment.objects.filter(organization_id__in=ids).values("task__plan_id")
    return qs.filter(Q(issuer_org_id__in=ids) | Q(pk__in=assigned))


def summary(plan: Plan, day: dt.date, scope: set[int] | None) -> dict[str, Any]:
    return with_total(plan_counts(plan, day, scope))
