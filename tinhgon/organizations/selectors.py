"""Reads of the registry as of any date: tree, counts, lineage, timeline, subtrees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Prefetch

from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS, Kind, LinkRole, Sector
from tinhgon.organizations.models import (
    EventLink,
    Organization,
    OrganizationState,
    ReorgEvent,
)

GROUP_BY = ("sector", "kind", "managing_body")


def subtree_sql(n_roots: int) -> str:
    """The recursive CTE of ``subtree_ids`` for ``n_roots`` root ids, then the day four times.

    On PostgreSQL each level joins the previous one through ``orgstate_parent_idx``
    (``managing_body_id, valid_from``) in a ``LATERAL`` subquery kept apart by ``OFFSET 0``: written
    as a plain join the planner hashes every state alive on the day at each level (a sequential
    scan of the whole table per level, ~50 ms at national scale) to find a few hundred children.
    SQLite has no ``LATERAL``; its plan probes the index anyway."""
    table = OrganizationState._meta.db_table
    placeholders = ", ".join(["%s"] * n_roots)
    if connection.vendor == "postgresql":
        step = f"""
            SELECT c.id FROM sub CROSS JOIN LATERAL (
                SELECT s.organization_id AS id FROM {table} s
                 WHERE s.managing_body_id = sub.id
                   AND s.valid_from <= %s AND (s.valid_to IS NULL OR s.valid_to >= %s)
                OFFSET 0
            ) c"""  # noqa: S608 (table name from the model, values bound)
    else:
        step = f"""
            SELECT s.organization_id FROM {table} s JOIN sub ON s.managing_body_id = sub.id
             WHERE s.valid_from <= %s AND (s.valid_to IS NULL OR s.valid_to >= %s)"""  # noqa: S608 (table name from the model, values bound)
    return f"""
        WITH RECURSIVE sub(id) AS (
            SELECT organization_id FROM {table}
             WHERE organization_id IN ({placeholders})
               AND valid_from <= %s AND (valid_to IS NULL OR valid_to >= %s)
            UNION{step}
        )
        SELECT id FROM sub
    """  # noqa: S608 (table name from the model, values bound)


def subtree_ids(roots: Iterable[int], as_of: dt.date) -> set[int]:
    """Ids of ``roots`` and of every organization under them (by managing body) on ``as_of``."""
    roots = list({int(r) for r in roots})
    if not roots:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(subtree_sql(len(roots)), [*roots, as_of, as_of, as_of, as_of])
        return {row[0] for row in cursor.fetchall()}


def representatives_on(org: Organization, day: dt.date) -> set[int]:
    """``org`` itself if alive on ``day``; otherwise the organizations it came from (before it
    existed) or became (after it ended) that are alive on ``day``, following lineage."""
    if org.is_alive_on(day):
        return {org.pk}
    found: set[int] = set()
    frontier = [org]
    seen: set[int] = set()
    while frontier:
        current = frontier.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        if current.is_alive_on(day):
            found.add(current.pk)
            continue
        ended = current.valid_to is not None and current.valid_to < day
        frontier.extend(
            link.organization
            for link in lineage(current)["successors" if ended else "predecessors"]
        )
    return found


def ancestors_on(org_id: int, as_of: dt.date) -> list[OrganizationState]:
    """The chain of managing bodies above ``org_id`` on ``as_of``, nearest first."""
    chain: list[OrganizationState] = []
    seen = {org_id}
    state = OrganizationState.objects.as_of(as_of).filter(organization_id=org_id).first()
    while state and state.managing_body_id and state.managing_body_id not in seen:
        seen.add(state.managing_body_id)
        state = (
            OrganizationState.objects.as_of(as_of)
            .filter(organization_id=state.managing_body_id)
            .first()
        )
        if state:
            chain.append(state)
    return chain


def ever_subtree_ids(roots: Iterable[int]) -> set[int]:
    """Ids of ``roots`` and of every organization that was under them at some time (any date)."""
    roots = list({int(r) for r in roots})
    if not roots:
        return set()
    table = OrganizationState._meta.db_table
    placeholders = ", ".join(["%s"] * len(roots))
    # As in ``subtree_sql``: on PostgreSQL a LATERAL step probes ``orgstate_parent_idx`` for each
    # parent; the plain join hashes the whole state table at every level (~100 ms at national scale
    # on every page that reads a history scope, 3 ms this way).
    if connection.vendor == "postgresql":
        step = f"""
            SELECT c.id FROM sub CROSS JOIN LATERAL (
                SELECT s.organization_id AS id FROM {table} s WHERE s.managing_body_id = sub.id
                OFFSET 0
            ) c"""  # noqa: S608 (table name from the model)
    else:
        step = f"""
            SELECT s.organization_id FROM {table} s JOIN sub ON s.managing_body_id = sub.id"""  # noqa: S608 (table name from the model)
    sql = f"""
        WITH RECURSIVE sub(id) AS (
            SELECT id FROM {Organization._meta.db_table} WHERE id IN ({placeholders})
            UNION{step}
        )
        SELECT id FROM sub
    """  # noqa: S608 (table names from the models, values bound)
    with connection.cursor() as cursor:
        cursor.execute(sql, roots)
        return {row[0] for row in cursor.fetchall()}


def states_as_of(as_of: dt.date, *, scope: set[int] | None = None):  # type: ignore[no-untyped-def]
    qs = OrganizationState.objects.as_of(as_of).select_related("organization")
    if scope is not None:
        qs = qs.filter(organization_id__in=scope)
    return qs


@dataclass
class TreeNode:
    state: OrganizationState
    children: list[TreeNode] = field(default_factory=list)

    @property
    def unit_count(self) -> int:
        own = 1 if self.state.kind in PUBLIC_SERVICE_UNIT_KINDS else 0
        return own + sum(c.unit_count for c in self.children)


_KIND_ORDER = {k.value: i for i, k in enumerate(Kind)}


def tree_as_of(as_of: dt.date, *, scope: set[int] | None = None, q: str = "") -> list[TreeNode]:
    """The forest of organizations alive on ``as_of`` (within ``scope``), roots first."""
    states = list(states_as_of(as_of, scope=scope).order_by("name"))
    nodes = {s.organization_id: TreeNode(s) for s in states}
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.state.managing_body_id) if node.state.managing_body_id else None
        (parent.children if parent else roots).append(node)

    def sort(ns: list[TreeNode]) -> None:
        ns.sort(key=lambda n: (_KIND_ORDER.get(n.state.kind, 99), n.state.name_folded))
        for n in ns:
            sort(n.children)

    sort(roots)
    if q:
        from tinhgon.core.text import fold

        key = fold(q)

        def prune(ns: list[TreeNode]) -> list[TreeNode]:
            kept = []
            for n in ns:
                n.children = prune(n.children)
                if key in n.state.name_folded or n.children:
                    kept.append(n)
            return kept

        roots = prune(roots)
    return roots


def unit_counts(
    as_of: dt.date, group_by: str = "sector", *, scope: set[int] | None = None
) -> dict[str, Any]:
    """Public service units alive on ``as_of``, grouped: the data of ``/api/v1/stats/units/``."""
    if group_by not in GROUP_BY:
        raise ValueError(group_by)
    qs = OrganizationState.objects.as_of(as_of).public_service_units()
    if scope is not None:
        qs = qs.filter(organization_id__in=scope)
    field_name = "managing_body_id" if group_by == "managing_body" else group_by
    rows = list(qs.values(field_name).annotate(n=Count("id")).order_by(field_name))
    labels: dict[Any, str]
    if group_by == "sector":
        labels = {k: str(v) for k, v in Sector.choices}
    elif group_by == "kind":
        labels = {k: str(v) for k, v in Kind.choices}
    else:
        ids = [r[field_name] for r in rows if r[field_name] is not None]
        labels = dict(
            OrganizationState.objects.as_of(as_of)
            .filter(organization_id__in=ids)
            .values_list("organization_id", "name")
        )
    groups = [
        {
            "key": r[field_name],
            "label": str(labels.get(r[field_name], "—")),
            "count": r["n"],
        }
        for r in rows
    ]
    groups.sort(key=lambda g: (-g["count"], g["label"]))
    return {"as_of": as_of.isoformat(), "total": sum(g["count"] for g in groups), "groups": groups}


@dataclass(frozen=True)
class LineageLink:
    organization: Organization
    name: str
    event: ReorgEvent


def lineage(org: Organization) -> dict[str, list[LineageLink]]:
    """Direct neighbours: where ``org`` came from and what it became, each with its event."""
    links = (
        EventLink.objects.filter(organization=org)
        .select_related("event__decision")
        .prefetch_related(
            Prefetch("event__links", queryset=EventLink.objects.select_related("organization"))
        )
    )
    preds: list[LineageLink] = []
    succs: list[LineageLink] = []
    for link in links:
        event = link.event
        wanted = LinkRole.PREDECESSOR if link.role == LinkRole.SUCCESSOR else LinkRole.SUCCESSOR
        target = preds if link.role == LinkRole.SUCCESSOR else succs
        for other in event.links.all():
            if other.role == wanted and other.organization_id != org.pk:
                target.append(_link(other.organization, event))
    return {"predecessors": _dedupe(preds), "successors": _dedupe(succs)}


def _link(org: Organization, event: ReorgEvent) -> LineageLink:
    day = event.effective_date
    state = org.state_on(day) or org.state_on(day - dt.timedelta(days=1)) or org.last_state
    return LineageLink(organization=org, name=state.name if state else str(org), event=event)


def _dedupe(links: list[LineageLink]) -> list[LineageLink]:
    seen: set[tuple[int, int]] = set()
    out = []
    for link in sorted(links, key=lambda item: (item.event.effective_date, item.name)):
        key = (link.organization.pk, link.event.pk)
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out


def what_became_of(org: Organization) -> list[Organization]:
    """The organizations alive today (or at the end of the record) that ``org`` ended up in."""
    frontier = [org]
    result: dict[int, Organization] = {}
    seen: set[int] = set()
    while frontier:
        current = frontier.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        if current.valid_to is None:
            result[current.pk] = current
            continue
        nexts = [link.organization for link in lineage(current)["successors"]]
        if not nexts:
            continue
        frontier.extend(nexts)
    return list(result.values())


def timeline(org: Organization) -> list[dict[str, Any]]:
    """The organization's states and events in date order, for its page."""
    events = (
        ReorgEvent.objects.filter(links__organization=org)
        .select_related("decision")
        .prefetch_related(
            # with each linked unit's states: its name on the page, not one query per name
            Prefetch("links", queryset=EventLink.objects.select_related("organization")),
            "links__organization__states",
        )
        .distinct()
        .order_by("effective_date", "id")
    )
    return [{"event": e, "date": e.effective_date} for e in events]


def events_in_scope(scope: set[int] | None):  # type: ignore[no-untyped-def]
    qs = ReorgEvent.objects.select_related("decision").order_by("-effective_date", "-id")
    if scope is not None:
        qs = qs.filter(links__organization_id__in=scope).distinct()
    return qs
