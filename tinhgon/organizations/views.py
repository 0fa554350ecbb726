"""Registry pages: the tree as of a date, a unit with its timeline and lineage, the events."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tinhgon.organizations import access, diagrams, selectors
from tinhgon.organizations.choices import EventKind


def _as_of(request: HttpRequest) -> tuple[dt.date, str]:
    raw = request.GET.get("as_of", "")
    try:
        return (dt.date.fromisoformat(raw), "") if raw else (timezone.localdate(), "")
    except ValueError:
        return timezone.localdate(), f"Ngày “{raw}” không đúng định dạng; đang hiển thị hôm nay."


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    as_of, error = _as_of(request)
    q = request.GET.get("q", "").strip()
    scope = access.scope_ids(request.user, as_of)
    roots = selectors.tree_as_of(as_of, scope=scope, q=q)
    counts = selectors.unit_counts(as_of, "sector", scope=scope)
    return render(
        request,
        "organizations/tree.html",
        {"as_of": as_of, "roots": roots, "q": q, "error": error, "counts": counts},
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_organization(request.user, pk)
    states = list(
        org.states.select_related("managing_body", "opened_by__decision").order_by("valid_from")
    )
    links = selectors.lineage(org)
    visible = {
        role: [link for link in items if access.can_see(request.user, link.organization)]
        for role, items in links.items()
    }
    events = selectors.timeline(org)
    for item in events:  # names on each side of the arrow, joined in the template
        sides = list(item["event"].links.all())
        item["predecessor_names"] = [str(x.organization) for x in sides if x.role == "predecessor"]
        item["successor_names"] = [str(x.organization) for x in sides if x.role == "successor"]
    current = states[-1] if states else None
    return render(
        request,
        "organizations/detail.html",
        {
            "org": org,
            "current": current,
            "states": states,
            "events": events,
            "lineage": visible,
            "diagram": diagrams.lineage_svg(org, current.name if current else str(org), visible),
            "became": selectors.what_became_of(org) if org.valid_to else [],
        },
    )


@login_required
def events(request: HttpRequest) -> HttpResponse:
    qs = selectors.events_in_scope(access.scope_ids(request.user)).prefetch_related(
        "links__organization"
    )
    kind = request.GET.get("kind", "")
    if kind in EventKind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/events.html",
        {"page": page, "kinds": EventKind.choices, "kind": kind},
    )


@login_required
def event(request: HttpRequest, pk: int) -> HttpResponse:
    ev = access.get_event(request.user, pk)
    links = [
        link
        for link in ev.links.select_related("organization")
        if access.can_see(request.user, link.organization)
    ]
    return render(request, "organizations/event.html", {"event": ev, "links": links})
