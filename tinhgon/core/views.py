"""Core pages: the home dashboard, the rule calculators and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tinhgon.core.models import AuditEntry
from tinhgon.core.text import nfc
from tinhgon.rules import catalogue
from tinhgon.rules.base import RuleInputError


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from tinhgon.organizations import access, selectors

    today = timezone.localdate()
    milestones = [
        dt.date(2015, 12, 31),
        dt.date(2021, 12, 31),
        dt.date(2025, 6, 30),
        dt.date(2025, 7, 1),
        today,
    ]
    counts = []
    for day in milestones:
        data = selectors.unit_counts(day, "sector", scope=access.scope_ids(request.user, day))
        counts.append({"date": day, "total": data["total"], "groups": data["groups"]})
    scope = access.scope_ids(request.user)
    recent = selectors.events_in_scope(scope).prefetch_related("links__organization")[:8]
    return render(
        request, "core/home.html", {"counts": counts, "recent": recent, "now": counts[-1]}
    )


def _form_fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    fields = []
    for name, spec in schema.get("properties", {}).items():
        kind = spec.get("type", "string")
        fields.append(
            {
                "name": name,
                "title": spec.get("title", name),
                "type": "date" if spec.get("format") == "date" else kind,
                "enum": spec.get("enum"),
                "required": name in schema.get("required", []),
                "example": (spec.get("examples") or [""])[0],
            }
        )
    return fields


def _coerce(field: dict[str, Any], raw: str) -> Any:
    raw = nfc(raw)
    if raw == "":
        return None
    if field["type"] == "integer":
        try:
            return int(raw)
        except ValueError:
            return raw
    if field["type"] == "number":
        try:
            return float(raw.replace(",", "."))
        except ValueError:
            return raw
    if field["type"] == "boolean":
        return raw in {"1", "true", "on", "yes"}
    return raw


@login_required
def rules_index(request: HttpRequest) -> HttpResponse:
    return render(request, "core/rules.html", {"rules": catalogue.describe()})


@login_required
def rule_calculator(request: HttpRequest, name: str) -> HttpResponse:
    if name not in catalogue.RULES:
        raise Http404("Không có quy tắc này.")
    rule = catalogue.get(name)
    fields = _form_fields(rule.INPUT_SCHEMA)
    values: dict[str, str] = {}
    result = None
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        payload = {}
        for f in fields:
            raw = request.POST.get(f["name"], "")
            values[f["name"]] = raw
            value = _coerce(f, raw)
            if value is not None:
                payload[f["name"]] = value
        try:
            result = catalogue.run(name, payload)
        except RuleInputError as exc:
            errors = [{"path": p.path, "message": p.message} for p in exc.problems]
    context = {
        "rule": {"name": name, "summary": rule.SUMMARY},
        "fields": fields,
        "values": values,
        "result": result,
        "result_items": [(k, v) for k, v in (result or {}).items() if k != "explanation"],
        "errors": errors,
    }
    return render(request, "core/rule_calculator.html", context)


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not request.user.can_read_audit:  # type: ignore[union-attr]
        raise PermissionDenied("Bạn không có quyền xem nhật ký thay đổi.")
    from tinhgon.organizations import access

    qs = AuditEntry.objects.all()
    scope = access.scope_ids(request.user)
    if scope is not None:
        # Outside the administrators, the trail of the organizations in scope and one's own actions.
        from django.db.models import Q

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
            day = dt.date.fromisoformat(q_date)
            qs = qs.filter(at__date=day)
        except ValueError:
            pass
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_list.html",
        {"page": page, "filters": {"user": q_user, "object": q_object, "date": q_date}},
    )
