"""Approving a unit's yearly autonomy figures: the approval and the registry's group change, in one
transaction (``services.autonomy_figures_approve`` → ``autonomy_group_apply`` → ``event_record``).

It lives here, not in ``autonomy``, because only restructuring may record events (the one door) and
``autonomy`` sits below it. The web form posts here from the unit's autonomy page; the API endpoint
``POST /api/v1/autonomy/figures/{id}/approve/`` takes the same fields as JSON.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.autonomy import access
from tinhgon.autonomy.choices import DowngradeBasis
from tinhgon.autonomy.forms import ApproveForm
from tinhgon.core.errors import Refused
from tinhgon.organizations.services import DecisionInput
from tinhgon.restructuring.services import autonomy_figures_approve


@login_required
@require_POST
def figures_approve(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.get_figures(request.user, pk)
    access.check_can_approve(request.user, obj.organization)
    form = ApproveForm(request.POST, prefix=f"f{obj.pk}")
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errors:
                messages.error(request, f"{label}: {e}" if label else str(e))
        return redirect("autonomy:unit", pk=obj.organization_id)
    data = form.cleaned_data
    try:
        change = autonomy_figures_approve(
            acting_user=request.user,
            figures=obj,
            expected_version=data["version"],
            decision=DecisionInput(
                data["decision_number"], data["decision_date"], data["decision_issuer"]
            ),
            effective_date=data.get("effective_date"),
            downgrade_basis=data.get("downgrade_basis") or "",
            basis_note=data.get("basis_note") or "",
            reason=data.get("reason") or "",
        )
    except Refused as exc:
        for p in exc.problems:
            messages.error(request, p.message)
    else:
        messages.success(request, f"Đã phê duyệt số liệu năm {obj.year}: {change.message}")
    return redirect("autonomy:unit", pk=obj.organization_id)


class AutonomyApproveSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    decision_number = serializers.CharField(max_length=100)
    decision_date = serializers.DateField()
    decision_issuer = serializers.CharField(max_length=300)
    effective_date = serializers.DateField(required=False, allow_null=True)
    downgrade_basis = serializers.ChoiceField(
        choices=DowngradeBasis.choices, required=False, allow_blank=True, default=""
    )
    basis_note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(
    request=AutonomyApproveSerializer,
    responses=inline_serializer(
        "AutonomyApproveResult",
        {
            "outcome": serializers.CharField(),
            "from_group": serializers.IntegerField(allow_null=True),
            "to_group": serializers.IntegerField(),
            "event": serializers.IntegerField(allow_null=True),
            "message": serializers.CharField(),
        },
    ),
)
@api_view(["POST"])
def figures_approve_api(request: Request, pk: int) -> Response:
    obj = access.get_figures(request.user, pk)
    access.check_can_approve(request.user, obj.organization)
    ser = AutonomyApproveSerializer(data=request.data)
    ser.is_valid(raise_exception=True)
    data: dict[str, Any] = ser.validated_data
    effective: dt.date | None = data.get("effective_date")
    change = autonomy_figures_approve(
        acting_user=request.user,
        figures=obj,
        expected_version=data["version"],
        decision=DecisionInput(
            data["decision_number"], data["decision_date"], data["decision_issuer"]
        ),
        effective_date=effective,
        downgrade_basis=data["downgrade_basis"],
        basis_note=data["basis_note"],
        reason=data["reason"],
    )
    return Response(
        {
            "outcome": change.outcome,
            "from_group": change.from_group,
            "to_group": change.to_group,
            "event": change.event_id,
            "message": change.message,
        }
    )
