"""Workforce pages: the compliance list of Sở Nội vụ, a unit's staffing page, a person's page with
the assignment fix, structure, migration, retirement and level-change reports, the audited export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from tinhgon.core import memo
from tinhgon.core.errors import Refused
from tinhgon.core.text import fold
from tinhgon.organizations import access as org_access
from tinhgon.organizations.choices import PUBLIC_SERVICE_UNIT_KINDS
from tinhgon.organizations.models import OrganizationState
from tinhgon.positions import selectors as position_selectors
from tinhgon.workforce import access, selectors, services
from tinhgon.workforce.forms import AssignmentFixForm

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _as_of(request: HttpRequest) -> dt.date:
    raw = request.GET.get("as_of", "")
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _agencies(scope: set[int] | None, as_of: dt.date) -> list[OrganizationState]:
    """The managing bodies (sở, UBND xã…) of the units in scope, for the agency filter."""
    units = OrganizationState.objects.as_of(as_of).filter(kind__in=PUBLIC_SERVICE_UNIT_KINDS)
    if scope is not None:
        units = units.filter(organization_id__in=scope)
    bodies = set(units.values_list("managing_body_id", flat=True))
    qs = OrganizationState.objects.as_of(as_of).filter(organization_id__in=bodies)
    if scope is not None:
        qs = qs.filter(organization_id__in=scope)
    return list(qs.exclude(kind__in=PUBLIC_SERVICE_UNIT_KINDS).order_by("name_folded"))


@login_required
def compliance_list(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    scope = org_access.scope_ids(request.user, as_of)
    agency = request.GET.get("agency", "")
    check = request.GET.get("check", "")
    q = request.GET.get("q", "").strip()
    ids = scope
    if agency.isdigit():
        from tinhgon.organizations.selectors import subtree_ids

        sub = subtree_ids([int(agency)], as_of)
        ids = sub if scope is None else sub & scope
    # Every check of every unit in ``ids`` on the date: cached per data generation for exactly
    # these ids (tinhgon.core.memo); the filters and the page are applied to the cached rows.
    figures = memo.cached(
        "workforce.compliance",
        (memo.ids_key(ids), memo.ids_key(scope), as_of),
        lambda: _compliance_figures(ids, scope, as_of),
    )
    summary = figures["summary"]
    shown = figures["shown"]
    if check:
        shown = [r for r in shown if any(v.check == check for v in r.violations)]
    if q:
        shown = [r for r in shown if fold(q) in fold(r.name)]
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/compliance.html",
        {
            "as_of": as_of,
            "summary": summary,
            "checks": [
                (c, selectors.Check.LABELS[c], summary.by_check[c]) for c in selectors.Check.ORDER
            ],
            "page": page,
            "agencies": figures["agencies"],
            "agency": agency,
            "check": check,
            "q": q,
            "migration": figures["migration"],
            "pending": figures["pending"],
        },
    )


def _compliance_figures(
    ids: set[int] | None, scope: set[int] | None, as_of: dt.date
) -> dict[str, Any]:
    """What the compliance page shows, small enough to cache: the summary's counts and the rows
    with a violation, without their position decision (not shown; thousands of model instances
    to unpickle)."""
    rows = selectors.compliance(ids, as_of)
    summary = selectors.compliance_summary(rows)
    return {
        "summary": dataclasses.replace(summary, rows=[]),
        "shown": [dataclasses.replace(r, decision=None) for r in rows if r.violations],
        "agencies": _agencies(scope, as_of),
        "migration": len(position_selectors.migration_report(ids, as_of)),
        "pending": selectors.PendingPlacement.objects.filter(
            resolved_on__isnull=True,
            **({} if ids is None else {"from_organization_id__in": ids}),
        ).count(),
    }


@login_required
def unit_staffing(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_access.get_organization(request.user, pk)
    as_of = _as_of(request)
    data = selectors.unit_staffing(org.pk, as_of)
    state = org.state_on(as_of) or org.last_state
    return render(
        request,
        "workforce/unit.html",
        {
            "org": org,
            "state": state,
            "as_of": as_of,
            "data": data,
            "checks": selectors.Check.LABELS,
        },
    )


@login_required
def unit_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The people of a unit as xlsx: names, birth year, sex, kind, position, title — never the
    identification number. The export is written to the audit trail."""
    org = org_access.get_organization(request.user, pk)
    as_of = _as_of(request)
    data = selectors.unit_staffing(org.pk, as_of)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Danh sách"
    ws.append(
        ["Họ và tên", "Năm sinh", "Giới tính", "Loại", "Vị trí việc làm", "Chức danh, hạng", "Bậc"]
    )
    for row in data.staff:
        p = row.person
        ws.append(
            [
                p.full_name,
                p.birth_date.year,
                p.get_sex_display(),
                p.get_employment_kind_display(),
                row.assignment.position.name if row.assignment.position else "",
                row.title,
                row.level or "",
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    services.export_record(
        acting_user=request.user,
        what="unit_people_xlsx",
        scope=org,
        rows=len(data.staff),
        params={"as_of": as_of.isoformat()},
    )
    response = HttpResponse(buf.getvalue(), content_type=_XLSX)
    response["Content-Disposition"] = f'attachment; filename="nhan-su-{org.pk}-{as_of:%Y%m%d}.xlsx"'
    return response


def _fix_forms(person: services.Person, history: dict) -> dict[int, AssignmentFixForm]:  # type: ignore[type-arg]
    today = timezone.localdate()
    forms: dict[int, AssignmentFixForm] = {}
    for a in history["assignments"]:
        if a.valid_to is not None and a.valid_to < today:
            continue
        decision = position_selectors.decisions_on([a.organization_id], today).get(
            a.organization_id
        )
        choices = (
            [(p.pk, f"{p.code} · {p.name}") for p in decision.positions.all()] if decision else []
        )
        forms[a.pk] = AssignmentFixForm(
            initial={"position": a.position_id, "version": person.version},
            positions=choices,
            prefix=f"a{a.pk}",
        )
    return forms


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person(request.user, pk)
    history = selectors.person_history(person)
    return render(
        request,
        "workforce/person.html",
        {
            "person": person,
            "h": history,
            "forms": _fix_forms(person, history) if request.user.can_write else {},  # type: ignore[union-attr]
        },  # type: ignore[union-attr]
    )


@login_required
@require_POST
def assignment_fix(request: HttpRequest, pk: int, assignment: int) -> HttpResponse:
    person = access.get_person(request.user, pk)
    if not request.user.can_write:  # type: ignore[union-attr]
        raise PermissionDenied("Vai trò của bạn chỉ được xem, không được thay đổi dữ liệu.")
    row = access.get_assignment(request.user, person, assignment)
    org_access.check_can_change(request.user, [row.organization_id], timezone.localdate())
    history = selectors.person_history(person)
    forms = _fix_forms(person, history)
    form = forms.get(row.pk)
    if form is None:
        messages.error(request, "Phân công đã kết thúc, không sửa được.")
        return redirect("workforce:person", pk=person.pk)
    bound = AssignmentFixForm(
        request.POST,
        positions=form.fields["position"].choices[1:],  # type: ignore[attr-defined]
        prefix=f"a{row.pk}",
    )  # type: ignore[attr-defined]
    if bound.is_valid():
        try:
            services.assignment_set_position(
                acting_user=request.user,
                assignment=row,
                position=bound.cleaned_data["position"],
                expected_version=bound.cleaned_data["version"],
            )
        except Refused as exc:
            for p in exc.problems:
                messages.error(request, p.message)
        else:
            messages.success(request, "Đã cập nhật vị trí việc làm.")
    else:
        messages.error(request, "Dữ liệu không hợp lệ.")
    return redirect("workforce:person", pk=person.pk)


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    q = request.GET.get("q", "").strip()
    qs = selectors.people_in(org_access.scope_ids(request.user, as_of), as_of, q)
    # The unit's name (its last state) prefetched: one query for the page, not one per row.
    page = Paginator(
        qs.select_related("organization").prefetch_related("organization__states"), 50
    ).get_page(request.GET.get("page"))
    return render(request, "workforce/people.html", {"page": page, "q": q, "as_of": as_of})


@login_required
def structure_report(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    by = request.GET.get("by", "level")
    if by not in selectors.STRUCTURE_BY:
        by = "level"
    rows = selectors.structure(org_access.scope_ids(request.user, as_of), as_of, by)
    return render(
        request,
        "workforce/structure.html",
        {
            "rows": rows,
            "by": by,
            "options": selectors.STRUCTURE_BY,
            "as_of": as_of,
            "total": sum(n for _k, n in rows),
        },
    )


@login_required
def migration_report(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    rows = position_selectors.migration_report(org_access.scope_ids(request.user, as_of), as_of)
    return render(request, "workforce/migration.html", {"rows": rows, "as_of": as_of})


@login_required
def retirement_list(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    rows = selectors.retiring(org_access.scope_ids(request.user, as_of), as_of)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request, "workforce/retirement.html", {"page": page, "as_of": as_of, "total": len(rows)}
    )


@login_required
def level_change_list(request: HttpRequest) -> HttpResponse:
    as_of = _as_of(request)
    rows = selectors.level_change_candidates(org_access.scope_ids(request.user, as_of), as_of)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request, "workforce/level_change.html", {"page": page, "as_of": as_of, "total": len(rows)}
    )
