"""Reads of the quota ledger: balances as of a date, children against their parent, assigned vs present."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from tinhgon.organizations.models import OrganizationState
from tinhgon.staffing.choices import EntryType, QuotaKind
from tinhgon.staffing.models import Headcount, QuotaEntry
from tinhgon.workforce.models import Assignment


def balances(org_ids: Iterable[int], kind: str, as_of: dt.date) -> dict[int, int]:
    """Balance of each organization on ``as_of``: its latest allocation plus the changes after it."""
    ids = list(set(org_ids))
    result: dict[int, int] = dict.fromkeys(ids, 0)
    if not ids:
        return result
    rows = (
        QuotaEntry.objects.filter(organization_id__in=ids, kind=kind, effective_date__lte=as_of)
        .order_by("organization_id", "effective_date", "id")
        .values_list("organization_id", "entry_type", "amount")
    )
    for org_id, entry_type, amount in rows:
        if entry_type == EntryType.ALLOCATION:
            result[org_id] = amount
        else:
            result[org_id] += amount
    return result


def balance(org_id: int, kind: str, as_of: dt.date) -> int:
    return balances([org_id], kind, as_of)[org_id]


def children_on(org_id: int, as_of: dt.date) -> list[int]:
    return list(
        OrganizationState.objects.as_of(as_of)
        .filter(managing_body_id=org_id)
        .values_list("organization_id", flat=True)
    )


# Quota kinds → the employment kinds of the workforce they count.
_WORKFORCE_KINDS = {
    QuotaKind.CIVIL_SERVANT: ("can_bo", "cong_chuc"),
    QuotaKind.PUBLIC_EMPLOYEE_BUDGET: ("vien_chuc",),
}


def present_from_workforce(org_ids: Iterable[int], kind: str, as_of: dt.date) -> dict[int, int]:
    """People present on ``as_of`` counted from the workforce, for units that have workforce data
    (any assignment at all); units without any are left out."""
    from tinhgon.workforce import selectors as workforce

    ids = list(set(org_ids))
    kinds = _WORKFORCE_KINDS.get(QuotaKind(kind)) if kind in QuotaKind.values else None
    if not ids or not kinds:
        return {}
    with_data = set(
        Assignment.objects.filter(organization_id__in=ids)
        .values_list("organization_id", flat=True)
        .distinct()
    )
    counts = workforce.present_counts(with_data, as_of)
    return {org: sum(counts[org][k] for k in kinds) for org in with_data}


def present(org_ids: Iterable[int], kind: str, as_of: dt.date) -> dict[int, int | None]:
    """People present on ``as_of``: from the workforce where a unit has workforce data, otherwise
    the latest headcount entered on or before ``as_of`` (None when never entered)."""
    ids = list(set(org_ids))
    out: dict[int, int | None] = dict.fromkeys(ids)
    for org_id, count in (
        Headcount.objects.filter(organization_id__in=ids, kind=kind, as_of__lte=as_of)
        .order_by("organization_id", "as_of")
        .values_list("organization_id", "count")
    ):
        out[org_id] = count
    out.update(present_from_workforce(ids, kind, as_of))
    return out


@dataclass(frozen=True)
class QuotaRow:
    organization_id: int
    name: str
    assigned: int
    children_assigned: int
    present: int | None

    @property
    def unused(self) -> int | None:
        return None if self.present is None else self.assigned - self.present


def quota_table(parent_id: int, kind: str, as_of: dt.date) -> list[QuotaRow]:
    """The direct children of ``parent_id`` with assigned, assigned further down, present and unused."""
    states = list(
        OrganizationState.objects.as_of(as_of).filter(managing_body_id=parent_id).order_by("name")
    )
    ids = [s.organization_id for s in states]
    assigned = balances(ids, kind, as_of)
    grand: dict[int, int] = defaultdict(int)
    child_states = OrganizationState.objects.as_of(as_of).filter(managing_body_id__in=ids)
    child_map = defaultdict(list)
    for s in child_states.values_list("managing_body_id", "organization_id"):
        child_map[s[0]].append(s[1])
    child_bal = balances([c for cs in child_map.values() for c in cs], kind, as_of)
    for pid, cs in child_map.items():
        grand[pid] = sum(child_bal[c] for c in cs)
    pres = present(ids, kind, as_of)
    return [
        QuotaRow(
            s.organization_id,
            s.name,
            assigned[s.organization_id],
            grand[s.organization_id],
            pres[s.organization_id],
        )
        for s in states
    ]


def entries_for(org_id: int, kind: str | None = None):  # type: ignore[no-untyped-def]
    qs = QuotaEntry.objects.filter(organization_id=org_id).select_related(
        "decision", "event", "counterpart"
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-effective_date", "-id")


def ledger_dates_after(org_ids: Iterable[int], kind: str, day: dt.date) -> list[dt.date]:
    return sorted(
        set(
            QuotaEntry.objects.filter(
                Q(organization_id__in=list(org_ids)), kind=kind, effective_date__gt=day
            )
            .values_list("effective_date", flat=True)
            .distinct()
        )
    )
