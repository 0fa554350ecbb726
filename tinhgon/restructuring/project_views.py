"""Pages of restructuring projects: list and appraisal queue, the guided editor (project head, one
event at a time with the unit pickers), the impact comparison with version history and the
workflow, the annex tables as xlsx. Every write calls ``project_services``."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from openpyxl import Workbook

from tinhgon.core.errors import Refused
from tinhgon.core.importing.template import put
from tinhgon.organizations import access
from tinhgon.organizations.choices import EventKind, Level
from tinhgon.organizations.models import OrganizationState
from tinhgon.organizations.services import DecisionInput
from tinhgon.restructuring.choices import ProjectStatus
from tinhgon.restructuring.forms import KIND_HELP
from tinhgon.restructuring.models import Project
from tinhgon.restructuring.project_access import get_project, visible_projects
from tinhgon.restructuring.project_forms import (
    AppraiseForm,
    ApproveForm,
    ProjectForm,
    ProposedEventForm,
    ReturnForm,
)
from tinhgon.restructuring.project_services import (
    ProjectInput,
    can_appraise,
    content_of,
    project_appraise,
    project_approve,
    project_reopen,
    project_return,
    project_save,
    project_submit,
)
from tinhgon.rules.autonomy_group import GROUP_NAMES


def _input(project: Project, content: dict[str, Any]) -> ProjectInput:
    return ProjectInput(
        name=project.name,
        owner=project.owner_id,
        effective_date=project.effective_date,
        kind=project.kind,
        legal_basis=project.legal_basis,
        plan_task=project.plan_task_id,
        plan_product=project.plan_product_id,
        events=content["events"],
        placements=content["placements"],
    )


def _errors(request: HttpRequest, exc: Refused) -> None:
    for p in exc.problems:
        messages.error(request, f"{p.path}: {p.message}" if p.path else p.message)


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    rows = visible_projects(request.user)
    queue = request.GET.get("hang-doi") == "tham-dinh"
    if queue:
        rows = rows.filter(status=ProjectStatus.SUBMITTED).order_by("appraisal_due")
    return render(
        request,
        "restructuring/projects/list.html",
        {"projects": list(rows), "queue": queue, "today": timezone.localdate()},
    )


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    access.require_writer(request.user)
    root = getattr(request.user, "scope_root_id", None)
    form = ProjectForm(request.POST or None, initial={"owner": root})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        # A new draft starts with no event: it is saved once its first event is added.
        request.session["project_head"] = {
            **{k: c[k] for k in ("name", "kind", "owner", "legal_basis")},
            "effective_date": c["effective_date"].isoformat(),
        }
        return redirect("restructuring:project_event_first")
    owner = form.data.get("owner") or root
    owner_picked = (
        list(
            OrganizationState.objects.as_of(timezone.localdate()).filter(organization_id=int(owner))
        )
        if owner and str(owner).isdigit()
        else []
    )
    return render(
        request, "restructuring/projects/new.html", {"form": form, "owner_picked": owner_picked}
    )


def _proposed(form: ProposedEventForm) -> dict[str, Any]:
    c = form.cleaned_data
    kind = c["kind"]
    groups = form.field_groups()
    ev: dict[str, Any] = {"kind": kind, "predecessors": form.predecessor_ids()}
    if "new" in groups:
        base = {
            "kind": c.get("unit_kind") or "",
            "sector": c.get("unit_sector") or "",
            "category": c.get("unit_category") or "",
            "managing_body": c.get("unit_parent"),
            "autonomy_group": c.get("unit_group"),
        }
        ev["new_units"] = [{**base, "name": c.get("unit_name") or ""}]
        if "new2" in groups:
            ev["new_units"].append({**base, "name": c.get("unit2_name") or ""})
    if "receiver" in groups:
        ev["receiver"] = c.get("receiver")
    changes: dict[str, Any] = {}
    if "new_name" in groups:
        changes["name"] = c.get("new_name") or ""
    if "new_parent" in groups:
        changes["managing_body"] = c.get("new_parent")
    if "new_group" in groups:
        changes["autonomy_group"] = c.get("new_group")
    ev["changes"] = changes
    ev["note"] = c.get("note") or ""
    return ev


def _event_page(
    request: HttpRequest, project: Project | None, head: dict[str, Any] | None
) -> HttpResponse:
    day = project.effective_date if project else dt.date.fromisoformat(head["effective_date"])  # type: ignore[index]
    assert day is not None
    kind = request.GET.get("kind") or request.POST.get("kind") or EventKind.MERGE
    if kind not in EventKind.values or kind == EventKind.ESTABLISH:
        kind = EventKind.MERGE
    form = ProposedEventForm(request.POST or None, initial={"kind": kind, "effective_date": day})
    if request.method == "POST" and form.is_valid():
        ev = _proposed(form)
        try:
            if project is None:
                assert head is not None
                saved = project_save(
                    acting_user=request.user,
                    data=ProjectInput(
                        name=head["name"],
                        owner=head["owner"],
                        effective_date=day,
                        kind=head["kind"],
                        legal_basis=head["legal_basis"],
                        events=[ev],
                    ),
                )
                request.session.pop("project_head", None)
            else:
                content = content_of(project)
                content["events"].append(ev)
                saved = project_save(
                    acting_user=request.user,
                    data=_input(project, content),
                    project=project,
                    expected_version=project.version,
                )
        except Refused as exc:
            for p in exc.problems:
                form.add_error(None, p.message)
        else:
            messages.success(request, "Đã thêm sự kiện và tính lại tác động của đề án.")
            return redirect("restructuring:project_detail", pk=saved.pk)
    picked_ids = [
        int(p) for p in (form.data.get("predecessors") or "").split(",") if p.strip().isdigit()
    ]
    one = {k: form.data.get(k) for k in ("receiver", "new_parent", "unit_parent")}

    def states(ids: list[int]) -> list[OrganizationState]:
        return list(OrganizationState.objects.as_of(day).filter(organization_id__in=ids))

    return render(
        request,
        "restructuring/projects/event_form.html",
        {
            "project": project,
            "head": head,
            "form": form,
            "kind": kind,
            "kinds": [(k, v) for k, v in EventKind.choices if k != EventKind.ESTABLISH],
            "help": KIND_HELP.get(kind, ""),
            "groups": form.field_groups(),
            "day": day,
            "picked": states(picked_ids),
            "picked_one": {k: states([int(v)])[:1] for k, v in one.items() if v and v.isdigit()},
        },
    )


@login_required
def project_event_first(request: HttpRequest) -> HttpResponse:
    access.require_writer(request.user)
    head = request.session.get("project_head")
    if not head:
        return redirect("restructuring:project_new")
    return _event_page(request, None, head)


@login_required
def project_event_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request.user, pk)
    access.require_writer(request.user)
    return _event_page(request, project, None)


def _change_labels(changes: dict[str, Any], names: dict[int, str]) -> list[str]:
    """A proposed event's changes as a reader says them ("Tên mới: …", "Trực thuộc: Sở Y tế")."""
    out = []
    for key, value in changes.items():
        if value in (None, ""):
            continue
        if key == "name":
            out.append(f"Tên mới: {value}")
        elif key == "managing_body":
            body = names.get(int(value)) if str(value).isdigit() else None
            out.append(f"Trực thuộc: {body or value}")
        elif key == "level":
            out.append(f"Cấp: {Level(value).label if value in Level.values else value}")
        elif key == "autonomy_group":
            group = int(value) if str(value).isdigit() else None
            out.append(f"Nhóm tự chủ: {GROUP_NAMES.get(group or 0, value)}")
        else:
            out.append(f"{key}: {value}")
    return out


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request.user, pk)
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "submit":
                project_submit(acting_user=user, project=project, expected_version=project.version)
                messages.success(request, "Đã gửi đề án thẩm định.")
            elif action == "appraise":
                f = AppraiseForm(request.POST)
                project_appraise(
                    acting_user=user,
                    project=project,
                    expected_version=project.version,
                    comment=f.data.get("comment", ""),
                )
                messages.success(request, "Đã ghi ý kiến thẩm định.")
            elif action == "return":
                project_return(
                    acting_user=user,
                    project=project,
                    expected_version=project.version,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, "Đã trả lại đề án.")
            elif action == "reopen":
                project_reopen(
                    acting_user=user,
                    project=project,
                    expected_version=project.version,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, "Đã mở lại đề án để sửa.")
            elif action == "approve":
                f2 = ApproveForm(request.POST)
                if not f2.is_valid():
                    raise Refused.one("decision", "Thiếu số, ngày, cơ quan ban hành hoặc người ký.")
                c = f2.cleaned_data
                project_approve(
                    acting_user=user,
                    project=project,
                    expected_version=project.version,
                    decision=DecisionInput(c["number"], c["date"], c["issuer"], c["signer"]),
                )
                messages.success(request, "Đã ghi quyết định phê duyệt đề án.")
        except Refused as exc:
            _errors(request, exc)
        return redirect("restructuring:project_detail", pk=project.pk)
    events = list(project.proposed_events.all())
    names = dict(
        OrganizationState.objects.as_of(
            (project.effective_date or timezone.localdate()) - dt.timedelta(days=1)
        )
        .filter(
            organization_id__in={
                int(r)
                for e in events
                for r in [*e.predecessors, e.receiver, e.changes.get("managing_body")]
                if str(r).isdigit()
            }
        )
        .values_list("organization_id", "name")
    )
    rows = [
        {
            "n": i + 1,
            "kind": EventKind(e.kind).label,
            "preds": [names.get(int(p), p) if str(p).isdigit() else p for p in e.predecessors],
            "receiver": names.get(int(e.receiver), e.receiver) if e.receiver else "",
            "new": [u.get("name") for u in e.new_units],
            "changes": _change_labels(e.changes, names),
        }
        for i, e in enumerate(events)
    ]
    return render(
        request,
        "restructuring/projects/detail.html",
        {
            "project": project,
            "impact": project.impact,
            "events": rows,
            "versions": list(project.versions.all()),
            "editable": project.status in (ProjectStatus.DRAFT, ProjectStatus.RETURNED),
            "can_appraise": project.status == ProjectStatus.SUBMITTED
            and can_appraise(user, project),
            "appraise_form": AppraiseForm(),
            "return_form": ReturnForm(),
            "approve_form": ApproveForm(),
        },
    )


@login_required
def project_annex(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's annex tables (xlsx): units before/after, people, quotas, indicators."""
    project = get_project(request.user, pk)
    imp = project.impact or {}
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Đơn vị"
    sheets: list[tuple[Any, list[str], list[list[Any]]]] = [
        (
            ws,
            ["Lĩnh vực", "Trước", "Sau"],
            [
                [r["label"], r["before"], r["after"]]
                for r in imp.get("units", {}).get("by_sector", [])
            ],
        ),
        (
            wb.create_sheet("Cơ quan quản lý"),
            ["Cơ quan quản lý trực tiếp", "Trước", "Sau"],
            [
                [r["label"], r["before"], r["after"]]
                for r in imp.get("units", {}).get("by_managing_body", [])
            ],
        ),
        (
            wb.create_sheet("Biên chế"),
            ["Loại biên chế", "Trước", "Sau"],
            [[k, v["before"], v["after"]] for k, v in imp.get("quota", {}).items()],
        ),
        (
            wb.create_sheet("Cấp phó vượt"),
            ["Đơn vị", "Số cấp phó", "Tối đa", "Vượt", "Hạn giải quyết"],
            [
                [r["name"], r["deputies"], r["max"], r["excess"], r["deadline"] or ""]
                for r in imp.get("deputies_over_cap", [])
            ],
        ),
        (
            wb.create_sheet("Chỉ tiêu"),
            ["Chỉ tiêu", "Trước", "Sau", "Thay đổi trước (%)", "Thay đổi sau (%)"],
            [
                [r["label"], r["before"], r["after"], r["change_before"], r["change_after"]]
                for r in imp.get("indicators", [])
            ],
        ),
    ]
    for sheet, header, rows in sheets:
        for col, h in enumerate(header, 1):
            put(sheet, 1, col, h)
        for r, row in enumerate(rows, 2):
            for col, v in enumerate(row, 1):
                put(sheet, r, col, v)
        sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="de-an-{project.pk}-phu-luc.xlsx"'
    return response
