"""Reads of job positions: the decision in force for units on a date, the ND 106 migration report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from tinhgon.positions.choices import ND106_REPLACE_BY, DecisionStatus, Regime
from tinhgon.positions.models import ApprovedPosition, PositionDecision


def decisions_on(org_ids: Iterable[int] | None, as_of: dt.date) -> dict[int, PositionDecision]:
    """Each unit's decision applying on ``as_of`` (latest started, not ended), positions prefetched."""
    qs = PositionDecision.objects.filter(effective_from__lte=as_of).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=as_of)
    )
    if org_ids is not None:
        qs = qs.filter(organization_id__in=list(org_ids))
    qs = qs.select_related("document").prefetch_related(
        Prefetch(
            "positions",
            queryset=ApprovedPosition.objects.select_related("required_rank__title", "framework"),
        )
    )
    out: dict[int, PositionDecision] = {}
    for d in qs.order_by("organization_id", "effective_from"):
        out[d.organization_id] = d
    return out


@dataclass(frozen=True)
class MigrationRow:
    decision: PositionDecision
    organization_name: str
    days_left: int


def migration_report(org_ids: Iterable[int] | None, as_of: dt.date) -> list[MigrationRow]:
    """ND 106 decisions still applying on ``as_of`` (not replaced by an ND 232 decision), with the
    days left until 01/07/2027 (ND 232/2026 art 18.1; negative when late)."""
    from tinhgon.organizations.models import OrganizationState

    rows = [d for d in decisions_on(org_ids, as_of).values() if d.regime == Regime.ND106]
    names = dict(
        OrganizationState.objects.as_of(as_of)
        .filter(organization_id__in=[d.organization_id for d in rows])
        .values_list("organization_id", "name")
    )
    left = (ND106_REPLACE_BY - as_of).days
    return sorted(
        (MigrationRow(d, names.get(d.organization_id, str(d.organization_id)), left) for d in rows),
        key=lambda r: r.organization_name,
    )


def to_review(org_ids: Iterable[int] | None) -> list[PositionDecision]:
    qs = PositionDecision.objects.filter(status=DecisionStatus.TO_REVIEW)
    if org_ids is not None:
        qs = qs.filter(organization_id__in=list(org_ids))
    return list(qs.select_related("document"))
