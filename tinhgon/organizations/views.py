"""Registry pages: home dashboard, the tree as of a date, a unit with its timeline and lineage,
the events, and the audit trail scoped to the user's organizations."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from tinhgon.core import memo
from tinhgon.core.audit_export import audit_export_record, audit_xlsx
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.organizations import access, diagrams, selectors, services
from tinhgon.organizations.choices import EventKind
from tinhgon.organizations.forms import CorrectionForm


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

    def build() -> dict[str, Any]:
        scope = access.scope_ids(request.user, as_of)
        roots = selectors.tree_as_of(as_of, scope=scope, q=q)
        html = render_to_string("organizations/tree_list.html", {"roots": roots, "q": q})
        return {"tree": html, "counts": selectors.unit_counts(as_of, "sector", scope=scope)}

    # The same for everyone with the same scope: cached per data generation (tinhgon.core.memo).
    figures = memo.cached("organizations.tree", (access.scope_key(request.user), as_of, q), build)
    return render(
        request,
        "organizations/tree.html",
        {
            "as_of": as_of,
            "tree": mark_safe(figures["tree"]),  # noqa: S308 (rendered by our template, escaped there)
            "q": q,
            "error": error,
            "counts": figures["counts"],
        },
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
    qs = selectors.events_in_scope(access.history_scope_ids(request.user)).prefetch_related(
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


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    milestones = [
        dt.date(2015, 12, 31),
        dt.date(2021, 12, 31),
        dt.date(2025, 6, 30),
        dt.date(2025, 7, 1),
        today,
    ]

    def build() -> str:
        counts = []
        for day in milestones:
            data = selectors.unit_counts(day, "sector", scope=access.scope_ids(request.user, day))
            counts.append({"date": day, "total": data["total"], "groups": data["groups"]})
        recent = selectors.events_in_scope(access.history_scope_ids(request.user)).prefetch_related(
            "links__organization"
        )[:8]
        return render_to_string(
            "core/home_body.html", {"counts": counts, "recent": recent, "now": counts[-1]}
        )

    # The same for everyone with the same scope on the day: cached per data generation.
    body = memo.cached("organizations.home", (access.scope_key(request.user), today), build)
    return render(request, "core/home.html", {"body": mark_safe(body)})  # noqa: S308 (rendered by our template, escaped there)


def _audit_entries(request: HttpRequest) -> tuple[Any, dict[str, str]]:
    """The audit rows the user may read, filtered by user, object and date (the list and its export)."""
    if not request.user.can_read_audit:  # type: ignore[union-attr]
        raise PermissionDenied("Bạn không có quyền xem nhật ký thay đổi.")
    qs = AuditEntry.objects.all()
    scope = access.scope_ids(request.user)
    if scope is not None:
        # Outside the administrators, the trail of the organizations in scope and one's own actions.
        qs = qs.filter(
            Q(object_type="organizations.organization", object_id__in=[str(i) for i in scope])
            | Q(actor=request.user)
        )
    q_user = request.GET.get("user", "").strip()
    q_object = request.GET.get("object", "").strip()
    q_date = request.GET.get("date", "").strip()
    if q_user:
        qs = qs.filter(actor_label__icontains=q_user)
    if q_object:
        if ":" in q_object:
            otype, oid = q_object.split(":", 1)
            qs = qs.filter(object_type=otype, object_id=oid)
        else:
            qs = qs.filter(object_repr__icontains=q_object)
    if q_date:
        try:
            qs = qs.filter(at__date=dt.date.fromisoformat(q_date))
        except ValueError:
            messages.warning(
                request,
                f"Ngày “{q_date}” không đúng định dạng YYYY-MM-DD; bộ lọc ngày không được áp dụng.",
            )
    return qs, {"user": q_user, "object": q_object, "date": q_date}


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    qs, filters = _audit_entries(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    export = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "core/audit_list.html",
        {"page": page, "filters": filters, "export_query": export},
    )


AUDIT_EXPORT_LIMIT = 50_000


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as xlsx (at most ``AUDIT_EXPORT_LIMIT`` rows, newest first); the export
    itself is written to the trail (who, which filters, how many rows)."""
    qs, filters = _audit_entries(request)
    rows = list(qs[:AUDIT_EXPORT_LIMIT])
    data = audit_xlsx(rows)
    audit_export_record(acting_user=request.user, filters=filters, rows=len(rows))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-thay-doi-{stamp}.xlsx"'
    return response


@login_required
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a wrongly entered record (đính chính) in place, with a reason; not a change from a date."""
    org = access.get_organization(request.user, pk)
    access.check_can_change(request.user, [org.pk], access.reference_date(org))
    states = list(org.states.order_by("valid_from"))
    state = next((s for s in states if str(s.pk) == request.GET.get("state", "")), states[-1])
    initial = {
        "state": state.pk,
        "version": org.version,
        "name": state.name,
        "sector": state.sector,
        "category": state.category,
        "unit_class": state.unit_class,
        "code": org.code or "",
    }
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        state = next((s for s in states if s.pk == data["state"]), state)
        changes = {
            key: data[key]
            for key in ("name", "sector", "category", "unit_class", "code")
            if data[key] != initial[key] or (key != "code" and data[key] != getattr(state, key))
        }
        try:
            services.organization_correct(
                acting_user=request.user,
                organization=org,
                state=state,
                changes=changes,
                reason=data["reason"],
                expected_version=data["version"],
            )
        except Refused as exc:
            for p in exc.problems:
                form.add_error(p.path if p.path in form.fields else None, p.message)
        else:
            messages.success(request, "Đã đính chính thông tin; thay đổi được ghi vào nhật ký.")
            return redirect("organizations:detail", pk=org.pk)
    return render(
        request,
        "organizations/correct.html",
        {"org": org, "state": state, "states": states, "form": form},
    )
