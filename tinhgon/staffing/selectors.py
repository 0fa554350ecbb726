"""Reads of the quota ledger: balances as of a date, children against their parent, assigned vs present."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS, Kind
from tinhgon.organizations.models import OrganizationState
from tinhgon.rules import quota as quota_rules
from tinhgon.staffing.choices import EntryType, QuotaKind
from tinhgon.staffing.models import Headcount, QuotaEntry
from tinhgon.workforce.models import Assignment

# The balance of an organization on a date is its latest allocation (by effective date, then entry id)
# plus every signed change after it; without an allocation, the sum of its changes. One statement on
# SQLite and PostgreSQL: the latest allocation per organization by a window function, then the sum of
# the entries from it on. ``{orgs}`` is a list of placeholders or a subquery of organization ids.
_BALANCE_SQL = """
    SELECT e.organization_id, SUM(e.amount)
      FROM {table} e
      LEFT JOIN (
        SELECT ranked.organization_id, ranked.effective_date, ranked.id FROM (
          SELECT q.organization_id, q.effective_date, q.id,
                 ROW_NUMBER() OVER (PARTITION BY q.organization_id
                                    ORDER BY q.effective_date DESC, q.id DESC) AS rn
            FROM {table} q
           WHERE q.kind = %s AND q.entry_type = %s AND q.effective_date <= %s
             AND q.organization_id IN ({orgs})
        ) ranked WHERE ranked.rn = 1
      ) a ON a.organization_id = e.organization_id
     WHERE e.kind = %s AND e.effective_date <= %s AND e.organization_id IN ({orgs})
       AND (a.id IS NULL OR e.effective_date > a.effective_date
            OR (e.effective_date = a.effective_date AND e.id >= a.id))
     GROUP BY e.organization_id
"""
_CHUNK = 5_000  # ids per statement (twice each: far below SQLite's 32,766 variables)


def _balance_rows(orgs_sql: str, orgs_params: list[Any], kind: str, as_of: dt.date) -> list[Any]:
    sql = _BALANCE_SQL.format(table=QuotaEntry._meta.db_table, orgs=orgs_sql)
    params = [kind, EntryType.ALLOCATION, as_of, *orgs_params, kind, as_of, *orgs_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _balances_folded(
    orgs_sql: str, orgs_params: list[Any], kind: str, as_of: dt.date
) -> dict[int, int]:
    """SQLite: the same balances by one ordered read of the entries, folded here (an allocation
    restarts the organization's balance, every other entry adds to it). SQLite cannot index the
    ranked derived table of ``_BALANCE_SQL`` and joins it row by row (seconds on the demo)."""
    sql = (
        f"SELECT organization_id, amount, entry_type FROM {QuotaEntry._meta.db_table} "  # noqa: S608 (table of the model; values bound)
        f"WHERE kind = %s AND effective_date <= %s AND organization_id IN ({orgs_sql}) "
        "ORDER BY organization_id, effective_date, id"
    )
    out: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [kind, as_of, *orgs_params])
        for org_id, amount, entry_type in cursor.fetchall():
            base = 0 if entry_type == EntryType.ALLOCATION else out.get(org_id, 0)
            out[org_id] = base + int(amount)
    return out


def balances(org_ids: Iterable[int], kind: str, as_of: dt.date) -> dict[int, int]:
    """Balance of each organization on ``as_of``: its latest allocation plus the changes after it."""
    ids = sorted({int(i) for i in org_ids})
    result: dict[int, int] = dict.fromkeys(ids, 0)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join(["%s"] * len(chunk))
        if connection.vendor != "postgresql":
            result.update(_balances_folded(marks, chunk, kind, as_of))
            continue
        for org_id, amount in _balance_rows(marks, chunk, kind, as_of):
            result[org_id] = int(amount)
    return result


# The same statement for every kind at once (partitioned by organization and kind): one read where
# the restructuring door needs the four balances of an event's units.
_BALANCE_KINDS_SQL = """
    SELECT e.kind, e.organization_id, SUM(e.amount)
      FROM {table} e
      LEFT JOIN (
        SELECT ranked.organization_id, ranked.kind, ranked.effective_date, ranked.id FROM (
          SELECT q.organization_id, q.kind, q.effective_date, q.id,
                 ROW_NUMBER() OVER (PARTITION BY q.organization_id, q.kind
                                    ORDER BY q.effective_date DESC, q.id DESC) AS rn
            FROM {table} q
           WHERE q.entry_type = %s AND q.effective_date <= %s
             AND q.organization_id IN ({orgs})
        ) ranked WHERE ranked.rn = 1
      ) a ON a.organization_id = e.organization_id AND a.kind = e.kind
     WHERE e.effective_date <= %s AND e.organization_id IN ({orgs})
       AND (a.id IS NULL OR e.effective_date > a.effective_date
            OR (e.effective_date = a.effective_date AND e.id >= a.id))
     GROUP BY e.kind, e.organization_id
"""


def balances_by_kind(org_ids: Iterable[int], as_of: dt.date) -> dict[str, dict[int, int]]:
    """:func:`balances` of every quota kind: ``{kind: {organization: balance}}``."""
    ids = sorted({int(i) for i in org_ids})
    if connection.vendor != "postgresql" or len(ids) > _CHUNK:
        return {kind: balances(ids, kind, as_of) for kind in QuotaKind.values}
    result: dict[str, dict[int, int]] = {kind: dict.fromkeys(ids, 0) for kind in QuotaKind.values}
    if not ids:
        return result
    marks = ", ".join(["%s"] * len(ids))
    sql = _BALANCE_KINDS_SQL.format(table=QuotaEntry._meta.db_table, orgs=marks)
    with connection.cursor() as cursor:
        cursor.execute(sql, [EntryType.ALLOCATION, as_of, *ids, as_of, *ids])
        for kind, org_id, amount in cursor.fetchall():
            if kind in result:
                result[kind][org_id] = int(amount)
    return result


# PostgreSQL: the same balances, without reading the ledger's whole history. Quota are allocated
# every year, so nearly every organization's latest allocation lies in the year before ``as_of``:
# the entries of that window (``quota_kind_date_idx``, a range scan, or index probes per
# organization when the ids are few — the planner's choice) settle every organization with an
# allocation in it; the others (none in the window) are probed one by one through the indexes
# (``LATERAL``: the latest allocation, then the entries from it on). Exact for any window.
_WINDOW = dt.timedelta(days=366)
_BALANCE_TOTAL_PG = """
    WITH u AS MATERIALIZED (SELECT DISTINCT o.id FROM ({orgs}) o(id)),
    w AS MATERIALIZED (
        SELECT e.organization_id, e.effective_date, e.id, e.amount, e.entry_type
          FROM {table} e JOIN u ON u.id = e.organization_id
         WHERE e.kind = %s AND e.effective_date >= %s AND e.effective_date <= %s
    ),
    la AS MATERIALIZED (
        SELECT DISTINCT ON (organization_id) organization_id, effective_date, id
          FROM w WHERE entry_type = %s
         ORDER BY organization_id, effective_date DESC, id DESC
    )
    SELECT COALESCE((SELECT SUM(w.amount) FROM w JOIN la ON la.organization_id = w.organization_id
                      WHERE (w.effective_date, w.id) >= (la.effective_date, la.id)), 0)
         + COALESCE((
        SELECT SUM(b.n) FROM u
         CROSS JOIN LATERAL (
            SELECT SUM(e.amount) AS n
              FROM (SELECT 1) one
              LEFT JOIN LATERAL (
                SELECT a.effective_date, a.id FROM {table} a
                 WHERE a.organization_id = u.id AND a.kind = %s
                   AND a.entry_type = %s AND a.effective_date <= %s
                 ORDER BY a.effective_date DESC, a.id DESC LIMIT 1
              ) a ON TRUE
              JOIN {table} e ON e.organization_id = u.id AND e.kind = %s
               AND e.effective_date <= %s
               AND (e.effective_date, e.id) >= (COALESCE(a.effective_date, DATE '0001-01-01'),
                                                COALESCE(a.id, 0))
         ) b
         WHERE u.id NOT IN (SELECT organization_id FROM la)), 0)
"""


def _balance_total_pg(org_ids: QuerySet[Any, Any], kind: str, as_of: dt.date) -> int:
    if not QuotaEntry.objects.filter(kind=kind, effective_date__lte=as_of).exists():
        return 0  # nothing in the ledger yet (one probe of quota_kind_date_idx)
    sql, params = org_ids.query.sql_with_params()
    body = _BALANCE_TOTAL_PG.format(table=QuotaEntry._meta.db_table, orgs=sql)
    alloc = EntryType.ALLOCATION
    with connection.cursor() as cursor:
        cursor.execute(
            body,
            [*params, kind, as_of - _WINDOW, as_of, alloc, kind, alloc, as_of, kind, as_of],
        )
        return int(cursor.fetchone()[0])


def balance_total(org_ids: QuerySet[Any, Any], kind: str, as_of: dt.date) -> int:
    """The sum of the balances of the organizations that ``org_ids`` (a query of organization ids,
    e.g. ``states.values("organization_id")``) selects, in one statement: the ids never leave the
    database (PostgreSQL: summed there; SQLite: the entries folded here)."""
    if connection.vendor == "postgresql":
        return _balance_total_pg(org_ids, kind, as_of)
    sql, params = org_ids.query.sql_with_params()
    return sum(_balances_folded(sql, list(params), kind, as_of).values())


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
    QuotaKind.PUBLIC_EMPLOYEE_REVENUE: ("vien_chuc",),
}


def _salary_sources(org_ids: Iterable[int], as_of: dt.date) -> dict[int, str | None]:
    """Who pays the viên chức of each organization on ``as_of`` (``rules.quota.salary_source``); an
    internal division's people are paid by the unit it belongs to."""
    states = OrganizationState.objects.as_of(as_of)
    rows = {
        org_id: (org_kind, group, body)
        for org_id, org_kind, group, body in states.filter(
            organization_id__in=list(org_ids)
        ).values_list("organization_id", "kind", "autonomy_group", "managing_body_id")
    }
    owners = {body for org_kind, _g, body in rows.values() if org_kind == Kind.INTERNAL_DIVISION}
    for _depth in range(5):  # a division of a division: follow up to the unit
        missing = {b for b in owners if b is not None and b not in rows}
        if not missing:
            break
        for org_id, org_kind, group, body in states.filter(organization_id__in=missing).values_list(
            "organization_id", "kind", "autonomy_group", "managing_body_id"
        ):
            rows[org_id] = (org_kind, group, body)
            if org_kind == Kind.INTERNAL_DIVISION:
                owners.add(body)

    def source(org_id: int, depth: int = 0) -> str | None:
        org_kind, group, body = rows[org_id]
        if org_kind == Kind.INTERNAL_DIVISION and body in rows and depth < 5:
            return source(body, depth + 1)
        return quota_rules.salary_source(
            public_service_unit=org_kind in PUBLIC_SERVICE_UNIT_KINDS, autonomy_group=group
        )

    return {org_id: source(org_id) for org_id in org_ids if org_id in rows}


def present_from_workforce(org_ids: Iterable[int], kind: str, as_of: dt.date) -> dict[int, int]:
    """People present on ``as_of`` counted from the workforce, for units that have workforce data
    (any assignment at all); units without any are left out. A unit's viên chức count against the
    budget-paid or the revenue-paid quota by who pays them (``rules.quota.salary_source``: its
    autonomy group on ``as_of``); where that cannot be told (group 3) the unit is left out too, so
    its reported headcount is used."""
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
    if kind in (QuotaKind.PUBLIC_EMPLOYEE_BUDGET, QuotaKind.PUBLIC_EMPLOYEE_REVENUE):
        paid_by = _salary_sources(with_data, as_of)
        with_data = {org for org in with_data if paid_by.get(org) is not None}
    else:
        paid_by = {}
    counts = workforce.present_counts(with_data, as_of)
    return {
        org: sum(counts[org][k] for k in kinds) if paid_by.get(org, kind) == kind else 0
        for org in with_data
    }


def present(org_ids: Iterable[int], kind: str, as_of: dt.date) -> dict[int, int | None]:
    """People present on ``as_of``: from the workforce where a unit has workforce data (and, for
    viên chức, who pays them can be told), otherwise the latest headcount reported on or before
    ``as_of`` (None when never reported)."""
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


def present_in_subtrees(
    row_ids: Iterable[int], kind: str, as_of: dt.date
) -> dict[int, tuple[int | None, int]]:
    """For each of ``row_ids``: the people present in it and in every unit under it on ``as_of``
    (what a body's pool is used by), and how many public service units of that subtree hold a quota
    of ``kind`` but have no figure (neither workforce data nor a reported headcount). ``None`` when no unit of
    the subtree has a figure."""
    from tinhgon.organizations.selectors import subtree_ids

    rows = list(set(row_ids))
    if not rows:
        return {}
    members = subtree_ids(rows, as_of)
    parent: dict[int, int | None] = {}
    units: set[int] = set()  # public service units: a body's own balance is mostly its pool
    for org_id, body, org_kind in (
        OrganizationState.objects.as_of(as_of)
        .filter(organization_id__in=members)
        .values_list("organization_id", "managing_body_id", "kind")
    ):
        parent[org_id] = body
        if org_kind in PUBLIC_SERVICE_UNIT_KINDS:
            units.add(org_id)
    row_set = set(rows)

    def top(org_id: int) -> int | None:
        seen = 0
        while org_id not in row_set:
            up = parent.get(org_id)
            if up is None or seen > 50:
                return None
            org_id, seen = up, seen + 1
        return org_id

    figures = present(members, kind, as_of)
    assigned = balances(members, kind, as_of)
    total: dict[int, int | None] = dict.fromkeys(rows)
    missing: dict[int, int] = dict.fromkeys(rows, 0)
    for org_id in members:
        row = top(org_id)
        if row is None:
            continue
        value = figures.get(org_id)
        if value is None:
            missing[row] += 1 if org_id in units and assigned.get(org_id) else 0
        else:
            total[row] = (total[row] or 0) + value
    return {row: (total[row], missing[row]) for row in rows}


@dataclass(frozen=True)
class QuotaRow:
    organization_id: int
    name: str
    assigned: int
    children_assigned: int
    present: int | None  # in the unit and every unit under it
    missing: int = 0  # units under it holding a quota of this kind without a figure

    @property
    def unused(self) -> int | None:
        return None if self.present is None else self.assigned - self.present


def quota_table(parent_id: int, kind: str, as_of: dt.date) -> list[QuotaRow]:
    """The direct children of ``parent_id`` with assigned, assigned further down, present (in each
    child and every unit under it: a body's quota is the pool of its subtree) and unused."""
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
    pres = present_in_subtrees(ids, kind, as_of)
    return [
        QuotaRow(
            s.organization_id,
            s.name,
            assigned[s.organization_id],
            grand[s.organization_id],
            *pres[s.organization_id],
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
