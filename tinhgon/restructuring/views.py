"""The guided event form and its unit picker. The form calls ``event_record``, like the API."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tinhgon.core.errors import Refused
from tinhgon.organizations import access, selectors
from tinhgon.organizations.choices import EventKind
from tinhgon.organizations.models import OrganizationState
from tinhgon.organizations.services import DecisionInput, EventInput, NewUnit
from tinhgon.restructuring.api import check_event_scope
from tinhgon.restructuring.forms import KIND_HELP, EventForm
from tinhgon.restructuring.services import event_record

# Form field of each path in a refusal, so the message shows next to the right input.
_PATH_TO_FIELD = {
    "kind": "kind",
    "effective_date": "effective_date",
    "decision.number": "decision_number",
    "decision.date": "decision_date",
    "decision.issuer": "decision_issuer",
    "predecessors": "predecessors",
    "successors": "unit_name",
    "changes.name": "new_name",
    "changes.managing_body": "new_parent",
    "changes.autonomy_group": "new_group",
}


def _field_for(path: str) -> str | None:
    if path in _PATH_TO_FIELD:
        return _PATH_TO_FIELD[path]
    if path.startswith("predecessors"):
        return "predecessors"
    if path.startswith("successors"):
        if path.endswith("managing_body"):
            return "unit_parent"
        if path.endswith(".kind"):
            return "unit_kind"
        if path.endswith(".sector"):
            return "unit_sector"
        return "unit_name"
    return None


def _event_input(form: EventForm) -> EventInput:
    c = form.cleaned_data
    kind = c["kind"]
    groups = form.field_groups()
    successors: list[int | NewUnit] = []
    if "new" in groups:
        unit = NewUnit(
            name=c.get("unit_name") or "",
            kind=c.get("unit_kind") or "",
            sector=c.get("unit_sector") or "",
            managing_body=c.get("unit_parent"),
            category=c.get("unit_category") or "",
        )
        successors.append(unit)
        if "new2" in groups:
            successors.append(
                NewUnit(
                    name=c.get("unit2_name") or "",
                    kind=unit.kind,
                    sector=unit.sector,
                    managing_body=unit.managing_body,
                    category=unit.category,
                )
            )
    if "receiver" in groups and c.get("receiver"):
        successors.append(int(c["receiver"]))
    changes: dict[str, object] = {}
    if "new_name" in groups:
        changes["name"] = c.get("new_name") or ""
    if "new_parent" in groups:
        changes["managing_body"] = c.get("new_parent")
    if "new_group" in groups:
        changes["autonomy_group"] = c.get("new_group")
    return EventInput(
        kind=kind,
        effective_date=c["effective_date"],
        decision=DecisionInput(
            c.get("decision_number") or "",
            c.get("decision_date"),
            c.get("decision_issuer") or "",
            c.get("decision_signer") or "",
            c.get("decision_title") or "",
        ),
        predecessors=form.predecessor_ids() if "preds" in groups else [],
        successors=successors,
        changes=changes,
        note=c.get("note") or "",
    )


def _picked(ids: list[int], day: dt.date) -> list[OrganizationState]:
    return list(OrganizationState.objects.as_of(day).filter(organization_id__in=ids))


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    access.require_writer(request.user)
    initial_kind = request.GET.get("kind", EventKind.MERGE)
    if initial_kind not in EventKind.values:
        initial_kind = EventKind.MERGE
    preset = request.GET.get("unit", "")
    form = EventForm(
        request.POST or None,
        initial={
            "kind": initial_kind,
            "effective_date": timezone.localdate(),
            "predecessors": preset,
        },
    )
    if request.method == "POST" and form.is_valid():
        inp = _event_input(form)
        try:
            check_event_scope(request.user, inp)
            event = event_record(acting_user=request.user, data=inp)
        except Refused as exc:
            for p in exc.problems:
                name = _field_for(p.path)
                form.add_error(
                    name if name in form.fields and name in form.data else None, p.message
                )
        else:
            messages.success(
                request,
                f"Đã ghi sự kiện {event.get_kind_display().lower()} theo {event.decision.number}.",
            )
            return redirect("organizations:event", pk=event.pk)
    kind = form.data.get("kind") or initial_kind
    day = (
        form.cleaned_data.get("effective_date")
        if form.is_bound and hasattr(form, "cleaned_data")
        else None
    )
    day = day or timezone.localdate()
    picked_ids = [
        int(p) for p in (form.data.get("predecessors") or preset).split(",") if p.strip().isdigit()
    ]
    one = {k: form.data.get(k) for k in ("receiver", "new_parent", "unit_parent")}
    context = {
        "form": form,
        "kind": kind,
        "kinds": EventKind.choices,
        "help": KIND_HELP.get(kind, ""),
        "groups": form.field_groups(),
        "picked": _picked(picked_ids, day - dt.timedelta(days=1)),
        "picked_one": {
            k: _picked([int(v)], day)[:1] for k, v in one.items() if v and str(v).isdigit()
        },
    }
    return render(request, "restructuring/event_form.html", context)


@login_required
def unit_search(request: HttpRequest) -> HttpResponse:
    """HTMX: organizations alive on a date whose name matches, within the user's scope."""
    target = request.GET.get("target", "predecessors")
    q = request.GET.get(f"q_{target}", request.GET.get("q", "")).strip()
    try:
        day = dt.date.fromisoformat(request.GET.get("effective_date", ""))
    except ValueError:
        day = timezone.localdate()
    if target == "predecessors":
        day = day - dt.timedelta(days=1)
    results: list[OrganizationState] = []
    if len(q) >= 2:
        results = list(
            selectors.states_as_of(day, scope=access.scope_ids(request.user, day))
            .search(q)
            .order_by("name")[:15]
        )
    return render(
        request,
        "restructuring/partials/unit_results.html",
        {"results": results, "target": target, "day": day},
    )
