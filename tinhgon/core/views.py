"""Core pages: the rule calculators (the rule surface in the UI)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tinhgon.core.rules_api import with_local_today
from tinhgon.core.text import nfc
from tinhgon.rules import catalogue
from tinhgon.rules.base import RuleInputError


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
            result = catalogue.run(name, with_local_today(name, payload))
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
