"""The one door for reorganization events.

Every event — from a form, the API, an Excel import, the CLI, the demo or (later) an applied
restructuring project — goes through :func:`event_record`. It records the event in the registry and
then, in the same transaction, runs each higher app's ``on_reorg_event`` step (quotas, people,
positions, tasks) in the order of ``STEPS``. A failing step rolls the whole event back.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from tinhgon.autonomy import services as autonomy_services
from tinhgon.autonomy.choices import ChangeOutcome
from tinhgon.autonomy.models import AutonomyFigures, GroupChange
from tinhgon.core.approval import ApprovalStatus, approval_approve
from tinhgon.core.errors import Refused
from tinhgon.organizations.choices import EventKind
from tinhgon.organizations.models import OrganizationState, ReorgEvent
from tinhgon.organizations.services import (
    DecisionInput,
    EventInput,
    document_resolve,
    registry_apply_event,
    registry_batched,
)
from tinhgon.plans import reorg as plans
from tinhgon.positions import services as positions
from tinhgon.rules.autonomy_group import GROUP_NAMES
from tinhgon.staffing import services as staffing
from tinhgon.workforce import services as workforce

# Each app's step, lowest first (DESIGN.md order).
STEPS: list[Callable[..., None]] = [
    positions.on_reorg_event,
    workforce.on_reorg_event,
    staffing.on_reorg_event,
    plans.on_reorg_event,
]


_batched: contextvars.ContextVar[bool] = contextvars.ContextVar("events_batched", default=False)


def event_record(*, acting_user: Any, data: EventInput) -> ReorgEvent:
    """Record one event and let every app act on it, all in one transaction."""
    # Inside events_batched() the whole batch is one transaction that a refused event ends: no
    # savepoint of its own per event.
    with transaction.atomic(savepoint=not _batched.get()):
        event = registry_apply_event(acting_user=acting_user, data=data)
        for step in STEPS:
            step(acting_user=acting_user, event=event)
    return event


@contextlib.contextmanager
def events_batched(
    *, day: dt.date, units: Iterable[int], bodies: Iterable[int] = ()
) -> Iterator[None]:
    """Many events of ``day`` through :func:`event_record`, all or nothing (a restructuring
    project): every step reads once, at the start, what it needs of the events' ``units`` (the
    existing units they end, change or receive into; ``bodies``: the managing bodies they name) and
    writes the people's moves and the quota entries together. The same rows and audit rows as
    event by event. Must run inside a transaction that a refused event rolls back whole."""
    ids = {int(i) for i in units}
    with (
        registry_batched(day=day, participants=ids, others=bodies),
        positions.reorg_decisions_batched(ids),
        workforce.reorg_moves_batched(),
        staffing.reorg_entries_batched(ids, day),
        plans.reorg_tasks_batched(ids),
    ):
        token = _batched.set(True)
        try:
            yield
        finally:
            _batched.reset(token)


# ---------------------------------------------------------------------------------------------
# Autonomy: an approved group becomes the registry's dated group through the one door


def autonomy_group_apply(
    *,
    acting_user: Any,
    figures: AutonomyFigures,
    decision: DecisionInput,
    effective_date: dt.date | None = None,
    downgrade_basis: str = "",
    basis_note: str = "",
) -> GroupChange:
    """Make the group of approved ``figures`` the unit's registry group from ``effective_date``
    (default: the decision's date) by an event ``change_autonomy_group`` recorded through
    :func:`event_record`, and log the change in the unit's autonomy history.

    A downgrade from group 1/2 to 3/4 is refused unless marked as force majeure or a change of
    functions (ND 60/2021 art 35). An unchanged group records no event. Moving up from group 3/4
    to 1/2 proposes the budget-paid → revenue-paid quota conversion (``autonomy.services``).
    """
    if figures.status != ApprovalStatus.APPROVED:
        raise Refused.one("status", "Chỉ số liệu đã phê duyệt mới được ghi nhóm vào sổ đăng ký.")
    day = effective_date or decision.date
    if day is None:
        raise Refused.one("effective_date", "Thiếu ngày hiệu lực của quyết định.")
    state = OrganizationState.objects.as_of(day).filter(organization_id=figures.organization_id)
    current = state.first()
    if current is None:
        raise Refused.one(
            "effective_date",
            f"Đơn vị không hoạt động vào ngày hiệu lực {day:%d/%m/%Y}.",
        )
    to_group = figures.final_group
    from_group = current.autonomy_group
    problems = autonomy_services.downgrade_problems(
        from_group=from_group, to_group=to_group, basis=downgrade_basis, basis_note=basis_note
    )
    if problems:
        raise Refused(*problems)
    with transaction.atomic():
        if from_group == to_group:
            doc = document_resolve(acting_user=acting_user, decision=decision)
            return autonomy_services.group_change_record(
                acting_user=acting_user,
                organization_id=figures.organization_id,
                figures=figures,
                effective_date=day,
                from_group=from_group,
                to_group=to_group,
                outcome=ChangeOutcome.UNCHANGED,
                decision=doc,
                message=f"Giữ nguyên {GROUP_NAMES[to_group]} (số liệu năm {figures.year})",
            )
        event = event_record(
            acting_user=acting_user,
            data=EventInput(
                kind=EventKind.CHANGE_AUTONOMY_GROUP,
                effective_date=day,
                decision=decision,
                predecessors=[figures.organization_id],
                changes={"autonomy_group": to_group},
                note=f"Theo số liệu tự chủ năm {figures.year} đã phê duyệt.",
            ),
        )
        return autonomy_services.group_change_record(
            acting_user=acting_user,
            organization_id=figures.organization_id,
            figures=figures,
            effective_date=day,
            from_group=from_group,
            to_group=to_group,
            outcome=ChangeOutcome.APPLIED,
            basis=downgrade_basis,
            basis_note=basis_note,
            decision=event.decision,
            event=event,
            message=f"{GROUP_NAMES.get(from_group or 0, 'Chưa xếp nhóm')} → {GROUP_NAMES[to_group]}",
        )


def autonomy_figures_approve(
    *,
    acting_user: Any,
    figures: AutonomyFigures,
    expected_version: int | None,
    decision: DecisionInput,
    effective_date: dt.date | None = None,
    downgrade_basis: str = "",
    basis_note: str = "",
    reason: str = "",
) -> GroupChange:
    """Approve yearly figures and apply their group, in one transaction (all or nothing).

    A refused downgrade leaves the figures submitted and is kept in the unit's history
    (``GroupChange`` with outcome ``refused``, written after the rollback).
    """
    try:
        with transaction.atomic():
            approved = approval_approve(
                acting_user=acting_user,
                obj=figures,
                expected_version=expected_version,
                reason=reason,
            )
            return autonomy_group_apply(
                acting_user=acting_user,
                figures=approved,  # type: ignore[arg-type]
                decision=decision,
                effective_date=effective_date,
                downgrade_basis=downgrade_basis,
                basis_note=basis_note,
            )
    except Refused as exc:
        if any(p.path in ("downgrade_basis", "basis_note") for p in exc.problems):
            day = effective_date or decision.date or timezone.localdate()
            current = (
                OrganizationState.objects.as_of(day)
                .filter(organization_id=figures.organization_id)
                .first()
            )
            autonomy_services.group_change_refusal_record(
                acting_user=acting_user,
                figures=figures,
                effective_date=day,
                from_group=current.autonomy_group if current else None,
                to_group=figures.final_group,
                basis=downgrade_basis,
                basis_note=basis_note,
                problems=exc.problems,
            )
        raise
