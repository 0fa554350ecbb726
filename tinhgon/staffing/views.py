"""Quota pages: an organization's quotas (assigned, assigned further down, present, unused), its
ledger, the entry form, and the yearly quota chain."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tinhgon.core.errors import Refused
from tinhgon.organizations import access
from tinhgon.organizations.services import DecisionInput
from tinhgon.rules import quota as quota_rules
from tinhgon.staffing import selectors, services
from tinhgon.staffing.choices import CHAIN_ORDER, QuotaKind
from tinhgon.staffing.forms import EntryForm
from tinhgon.staffing.models import QuotaChainStep


def _as_of(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Start at the user's scope root."""
    root = request.user.scope_root  # type: ignore[union-attr]
    if root is None:
        from tinhgon.organizations.models import Organization

        root = Organization.objects.filter(
            states__managing_body__isnull=True, valid_to__isnull=True
        ).first()
    if root is None:
        return render(request, "staffing/empty.html")
    return redirect("staffing:org", pk=root.pk)


@login_required
def org_quota(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_organization(request.user, pk)
    as_of = _as_of(request)
    kind = request.GET.get("kind", QuotaKind.PUBLIC_EMPLOYEE_BUDGET)
    if kind not in QuotaKind.values:
        kind = QuotaKind.PUBLIC_EMPLOYEE_BUDGET
    rows = selectors.quota_table(org.pk, kind, as_of)
    own = selectors.balance(org.pk, kind, as_of)
    given_down = sum(r.assigned for r in rows)
    kinds = [(k, quota_rules.kind_label(k, as_of)) for k in QuotaKind.values]
    context = {
        "org": org,
        "state": org.state_on(as_of) or org.last_state,
        "as_of": as_of,
        "kind": kind,
        "kind_label": quota_rules.kind_label(kind, as_of),
        "kinds": kinds,
        "own": own,
        "given_down": given_down,
        "reserve": own - given_down,
        "rows": rows,
        # the counterpart's name (its last state) prefetched: one query, not one per entry
        "entries": selectors.entries_for(org.pk, kind).prefetch_related("counterpart__states")[:50],
    }
    return render(request, "staffing/org.html", context)


@login_required
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.get_organization(request.user, pk)
    access.check_can_change(request.user, [org.pk], access.reference_date(org))
    today = timezone.localdate()
    form = EntryForm(
        request.POST or None,
        initial={"year": today.year, "effective_date": today, "kind": request.GET.get("kind")},
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.quota_entry_record(
                acting_user=request.user,
                data=services.EntryInput(
                    org.pk,
                    c["kind"],
                    c["year"],
                    c["entry_type"],
                    c["amount"],
                    c["effective_date"],
                    DecisionInput(c["decision_number"], c["decision_date"], c["decision_issuer"]),
                    c.get("note") or "",
                ),
            )
        except Refused as exc:
            for p in exc.problems:
                field = p.path.split(".")[-1] if p.path else None
                if field == "number":
                    field = "decision_number"
                form.add_error(field if field in form.fields else None, p.message)
        else:
            messages.success(request, "Đã ghi bút toán vào sổ biên chế.")
            return redirect(f"{reverse('staffing:org', args=[org.pk])}?kind={c['kind']}")
    return render(request, "staffing/entry_form.html", {"org": org, "form": form})


@login_required
def chain(request: HttpRequest) -> HttpResponse:
    """The yearly quota cycle (ND 106): what has been done and what is due."""
    year = int(request.GET.get("year") or timezone.localdate().year + 1)
    root = request.user.scope_root  # type: ignore[union-attr]
    steps = QuotaChainStep.objects.filter(year=year).select_related("document", "province")
    if root is not None:
        steps = steps.filter(province__in=access.scope_ids(request.user) or [])
    done = {s.step: s for s in steps}
    deadlines = {d.step: d for d in quota_rules.cycle_deadlines(year)}
    rows = [
        {"step": step, "done": done.get(step), "deadline": deadlines.get(step)}
        for step in CHAIN_ORDER
    ]
    return render(
        request, "staffing/chain.html", {"year": year, "rows": rows, "today": timezone.localdate()}
    )
