"""``/api/v1/autonomy/…``: yearly figures (list, create, update, submit, return), a unit's history,
and the indicator reads (shares by group and band, movements, budget support, the yearly report).

Same scopes as the pages (``autonomy.access``). Approving is
``restructuring.autonomy_views.figures_approve_api`` (it records the registry event).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.autonomy import access, selectors, services
from tinhgon.autonomy.models import AutonomyFigures
from tinhgon.core.errors import Refused
from tinhgon.organizations import access as org_access
from tinhgon.organizations.api import parse_as_of


class FiguresSerializer(serializers.ModelSerializer):
    revenue_vnd = serializers.IntegerField(read_only=True)
    final_group = serializers.IntegerField(read_only=True)
    group_name = serializers.CharField(read_only=True)
    ratio_percent = serializers.DecimalField(
        max_digits=12, decimal_places=2, coerce_to_string=False, read_only=True
    )

    class Meta:
        model = AutonomyFigures
        fields = [
            "id",
            "organization",
            "year",
            *services.MONEY_FIELDS,
            "has_service_revenue",
            "proposed_group",
            "proposed_reason",
            "note",
            "revenue_vnd",
            "ratio_percent",
            "group",
            "group_name",
            "band",
            "final_group",
            "rule_version",
            "rule_result",
            "status",
            "decision_reason",
            "version",
        ]
        read_only_fields = fields


class FiguresWriteSerializer(serializers.Serializer):
    """Raw values: the service validates and names each field in its refusals."""

    organization = serializers.IntegerField()
    year = serializers.IntegerField()
    revenue_services_vnd = serializers.IntegerField(required=False, default=0)
    revenue_fees_vnd = serializers.IntegerField(required=False, default=0)
    revenue_business_vnd = serializers.IntegerField(required=False, default=0)
    revenue_other_vnd = serializers.IntegerField(required=False, default=0)
    total_revenue_vnd = serializers.IntegerField(required=False, allow_null=True, default=None)
    recurrent_expenditure_vnd = serializers.IntegerField(required=False, allow_null=True)
    investment_source_vnd = serializers.IntegerField(required=False, default=0)
    depreciation_vnd = serializers.IntegerField(required=False, default=0)
    budget_support_vnd = serializers.IntegerField(required=False, default=0)
    has_service_revenue = serializers.BooleanField(required=False, default=True)
    proposed_group = serializers.IntegerField(required=False, allow_null=True, default=None)
    proposed_reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True)


class StepSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class FiguresViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = FiguresSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = AutonomyFigures.objects.order_by("organization_id", "year")
        scope = org_access.history_scope_ids(self.request.user)
        if scope is not None:
            qs = qs.filter(organization_id__in=scope)
        for key in ("organization", "year", "status", "group"):
            value = self.request.query_params.get(key)
            if value:
                qs = qs.filter(**{key: value})
        return qs

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(FiguresSerializer(access.get_figures(request.user, pk)).data)

    @extend_schema(request=FiguresWriteSerializer, responses=FiguresSerializer)
    def create(self, request: Request) -> Response:
        ser = FiguresWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        data.pop("version", None)
        org = access.get_unit(request.user, data["organization"])
        access.check_can_enter(request.user, org)
        obj = services.figures_save(acting_user=request.user, data=services.FiguresInput(**data))
        return Response(FiguresSerializer(obj).data, status=201)

    @extend_schema(request=FiguresWriteSerializer, responses=FiguresSerializer)
    def update(self, request: Request, pk: str | None = None) -> Response:
        obj = access.get_figures(request.user, pk)
        access.check_can_enter(request.user, obj.organization)
        ser = FiguresWriteSerializer(data={**request.data, "organization": obj.organization_id})
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        version = data.pop("version", None)
        obj = services.figures_save(
            acting_user=request.user,
            data=services.FiguresInput(**data),
            figures=obj,
            expected_version=version,
        )
        return Response(FiguresSerializer(obj).data)

    @extend_schema(request=StepSerializer, responses=FiguresSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        obj = access.get_figures(request.user, pk)
        access.check_can_enter(request.user, obj.organization)
        ser = StepSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        obj = services.figures_submit(
            acting_user=request.user, figures=obj, expected_version=ser.validated_data["version"]
        )
        return Response(FiguresSerializer(obj).data)

    @extend_schema(request=StepSerializer, responses=FiguresSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        obj = access.get_figures(request.user, pk)
        access.check_can_approve(request.user, obj.organization)
        ser = StepSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        obj = services.figures_return(
            acting_user=request.user,
            figures=obj,
            expected_version=ser.validated_data["version"],
            reason=ser.validated_data["reason"],
        )
        return Response(FiguresSerializer(obj).data)


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_AS_OF = OpenApiParameter("as_of", str, description="Ngày (YYYY-MM-DD), mặc định hôm nay")


@extend_schema(parameters=[_AS_OF], responses=dict)
@api_view(["GET"])
def shares(request: Request) -> Response:
    """Units by registry group and group-3 units by band, on a date, within the caller's scope."""
    as_of = parse_as_of(request.query_params.get("as_of"))
    data = selectors.group_shares(as_of, scope=org_access.scope_ids(request.user, as_of))
    return Response(data.as_dict())


@extend_schema(
    parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)], responses=dict
)
@api_view(["GET"])
def movements(request: Request) -> Response:
    start = parse_as_of(request.query_params.get("start"), "start")
    end = parse_as_of(request.query_params.get("end"), "end")
    data = selectors.group_movements(start, end, scope=org_access.scope_ids(request.user, end))
    return Response(data.as_dict())


@extend_schema(
    parameters=[OpenApiParameter("from", int), OpenApiParameter("to", int)], responses=dict
)
@api_view(["GET"])
def budget_support(request: Request) -> Response:
    try:
        first = int(request.query_params.get("from", 2021))
        last = int(request.query_params.get("to", dt.date.today().year))
    except ValueError:
        raise Refused.one("from", "Năm phải là số nguyên.") from None
    if not 2000 <= first <= last <= first + 30:
        raise Refused.one("to", "Khoảng năm không hợp lệ.")
    rows = selectors.budget_support_by_year(
        range(first, last + 1), scope=org_access.history_scope_ids(request.user)
    )
    return Response({"years": _jsonable(rows)})


@extend_schema(responses=dict)
@api_view(["GET"])
def annual_report(request: Request, year: int) -> Response:
    """The data of the yearly autonomy report (TT 56/2022/TT-BTC); the reports issue lays it out."""
    report = selectors.annual_report(year, scope=org_access.history_scope_ids(request.user))
    return Response(_jsonable(report))


@extend_schema(responses=dict)
@api_view(["GET"])
def unit_history(request: Request, pk: int) -> Response:
    org = access.get_unit(request.user, pk)
    h = selectors.unit_history(org)
    return Response(
        {
            "organization": org.pk,
            "current_group": h.current_group,
            "figures": FiguresSerializer(h.figures, many=True).data,
            "periods": [
                {
                    "valid_from": p.valid_from.isoformat(),
                    "valid_to": p.valid_to.isoformat() if p.valid_to else None,
                    "group": p.group,
                    "group_name": p.group_name,
                    "decision": p.decision,
                }
                for p in h.periods
            ],
            "changes": [
                {
                    "effective_date": c.effective_date.isoformat(),
                    "from_group": c.from_group,
                    "to_group": c.to_group,
                    "outcome": c.outcome,
                    "downgrade_basis": c.downgrade_basis,
                    "message": c.message,
                    "event": c.event_id,
                }
                for c in h.changes
            ],
            "plans": [
                {
                    "period_start_year": p.period_start_year,
                    "proposed_group": p.proposed_group,
                    "assigned_group": p.assigned_group,
                    "decision": p.decision.number if p.decision else None,
                    "decision_date": p.decision.date.isoformat() if p.decision else None,
                }
                for p in h.plans
            ],
            "roadmap": [
                {"year": r.year, "target_group": r.target_group, "target_band": r.target_band}
                for r in h.roadmap
            ],
        }
    )
