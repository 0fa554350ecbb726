"""``/api/v1/autonomy/…``: yearly figures (list, create, update, submit, return), a unit's history,
and the indicator reads (shares by group and band, movements, budget support, the yearly report);
the plan and its decision, roadmap targets, the lists of public services, and accepting or
rejecting a quota-conversion proposal.

Same scopes as the pages (``autonomy.access``). Approving is
``restructuring.autonomy_views.figures_approve_api`` (it records the registry event).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.autonomy import access, selectors, services
from tinhgon.autonomy.models import (
    AutonomyFigures,
    AutonomyPlan,
    PublicService,
    QuotaConversionProposal,
    RoadmapTarget,
)
from tinhgon.core.api import check_year
from tinhgon.core.errors import Refused
from tinhgon.organizations import access as org_access
from tinhgon.organizations.api import parse_as_of
from tinhgon.organizations.services import DecisionInput


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


class AutonomyStepSerializer(serializers.Serializer):
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

    @extend_schema(request=AutonomyStepSerializer, responses=FiguresSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        obj = access.get_figures(request.user, pk)
        access.check_can_enter(request.user, obj.organization)
        ser = AutonomyStepSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        obj = services.figures_submit(
            acting_user=request.user, figures=obj, expected_version=ser.validated_data["version"]
        )
        return Response(FiguresSerializer(obj).data)

    @extend_schema(request=AutonomyStepSerializer, responses=FiguresSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        obj = access.get_figures(request.user, pk)
        access.check_can_approve(request.user, obj.organization)
        ser = AutonomyStepSerializer(data=request.data)
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
        last = int(request.query_params.get("to", timezone.localdate().year))
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
    report = selectors.annual_report(
        check_year(year), scope=org_access.history_scope_ids(request.user)
    )
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


# ---------------------------------------------------------------------------------------------
# Plan and decision, roadmap, public services, quota-conversion proposals


class _DecisionFields(serializers.Serializer):
    decision_number = serializers.CharField(required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    decision_issuer = serializers.CharField(required=False, allow_blank=True, default="")
    decision_signer = serializers.CharField(required=False, allow_blank=True, default="")

    def decision(self, title: str, *, always: bool = False) -> DecisionInput | None:
        d = self.validated_data
        if not always and not (d["decision_number"] or d["decision_date"]):
            return None
        return DecisionInput(
            d["decision_number"],
            d["decision_date"],
            d["decision_issuer"],
            d["decision_signer"],
            title,
        )


_PLAN_DECISION = "Quyết định giao quyền tự chủ tài chính"


class PlanWriteSerializer(_DecisionFields):
    """Raw values: the service validates and names each field in its refusals."""

    organization = serializers.IntegerField()
    period_start_year = serializers.IntegerField()
    proposed_group = serializers.IntegerField(allow_null=True)
    revenue_estimate_vnd = serializers.IntegerField(allow_null=True)
    expenditure_estimate_vnd = serializers.IntegerField(allow_null=True)
    submitted_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    assigned_group = serializers.IntegerField(required=False, allow_null=True, default=None)


class PlanDecideSerializer(_DecisionFields):
    assigned_group = serializers.IntegerField(required=False, allow_null=True, default=None)


class AutonomyPlanSerializer(serializers.ModelSerializer):
    period_end_year = serializers.IntegerField(read_only=True)
    decision_number = serializers.CharField(source="decision.number", default=None)
    decision_date = serializers.DateField(source="decision.date", default=None)

    class Meta:
        model = AutonomyPlan
        fields = [
            "id",
            "organization",
            "period_start_year",
            "period_end_year",
            "proposed_group",
            "revenue_estimate_vnd",
            "expenditure_estimate_vnd",
            "submitted_on",
            "status",
            "assigned_group",
            "decision",
            "decision_number",
            "decision_date",
            "note",
        ]
        read_only_fields = fields


@extend_schema(request=PlanWriteSerializer, responses=AutonomyPlanSerializer)
@api_view(["POST"])
def plan_create(request: Request) -> Response:
    """A unit's Phương án tự chủ tài chính (and, optionally, its decision); writers in scope."""
    ser = PlanWriteSerializer(data=request.data)
    ser.is_valid(raise_exception=True)
    d = ser.validated_data
    org = access.get_unit(request.user, d["organization"])
    access.check_can_change(request.user, org)
    plan = services.plan_record(
        acting_user=request.user,
        organization=org,
        period_start_year=d["period_start_year"],
        proposed_group=d["proposed_group"],
        revenue_estimate_vnd=d["revenue_estimate_vnd"],
        expenditure_estimate_vnd=d["expenditure_estimate_vnd"],
        submitted_on=d["submitted_on"],
        note=d["note"],
        decision=ser.decision(_PLAN_DECISION),
        assigned_group=d["assigned_group"],
    )
    return Response(AutonomyPlanSerializer(plan).data, status=201)


@extend_schema(request=PlanDecideSerializer, responses=AutonomyPlanSerializer)
@api_view(["POST"])
def plan_decide(request: Request, pk: int) -> Response:
    plan = access.get_plan(request.user, pk)
    access.check_can_change(request.user, plan.organization)
    ser = PlanDecideSerializer(data=request.data)
    ser.is_valid(raise_exception=True)
    decision = ser.decision(_PLAN_DECISION, always=True)
    assert decision is not None
    plan = services.plan_decide(
        acting_user=request.user,
        plan=plan,
        decision=decision,
        assigned_group=ser.validated_data["assigned_group"],
    )
    return Response(AutonomyPlanSerializer(plan).data)


class RoadmapWriteSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    year = serializers.IntegerField()
    target_group = serializers.IntegerField()
    target_band = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RoadmapSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoadmapTarget
        fields = ["id", "organization", "year", "target_group", "target_band", "note"]
        read_only_fields = fields


@extend_schema(request=RoadmapWriteSerializer, responses=RoadmapSerializer)
@api_view(["POST"])
def roadmap_set(request: Request) -> Response:
    """Set a unit's target group for a year (updated if the year has one); writers in scope."""
    ser = RoadmapWriteSerializer(data=request.data)
    ser.is_valid(raise_exception=True)
    d = ser.validated_data
    org = access.get_unit(request.user, d["organization"])
    access.check_can_change(request.user, org)
    existed = RoadmapTarget.objects.filter(organization=org, year=d["year"]).exists()
    obj = services.roadmap_set(
        acting_user=request.user,
        organization=org,
        year=d["year"],
        target_group=d["target_group"],
        target_band=d["target_band"],
        note=d["note"],
    )
    return Response(RoadmapSerializer(obj).data, status=200 if existed else 201)


class PublicServiceSerializer(serializers.ModelSerializer):
    decision_number = serializers.CharField(source="decision.number", read_only=True)
    decision_date = serializers.DateField(source="decision.date", read_only=True)
    decision_issuer = serializers.CharField(source="decision.issuer", read_only=True)

    class Meta:
        model = PublicService
        fields = [
            "id",
            "managing_body",
            "name",
            "sector",
            "unit_of_measure",
            "price_vnd",
            "norm",
            "is_basic_essential",
            "valid_from",
            "valid_to",
            "decision",
            "decision_number",
            "decision_date",
            "decision_issuer",
        ]
        read_only_fields = fields


class PublicServiceWriteSerializer(serializers.Serializer):
    managing_body = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    sector = serializers.CharField(allow_blank=True)
    unit_of_measure = serializers.CharField(allow_blank=True)
    price_vnd = serializers.IntegerField(allow_null=True)
    norm = serializers.CharField(required=False, allow_blank=True, default="")
    is_basic_essential = serializers.BooleanField(required=False, default=False)
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    decision_number = serializers.CharField(allow_blank=True)
    decision_date = serializers.DateField(allow_null=True)
    decision_issuer = serializers.CharField(allow_blank=True)
    decision_signer = serializers.CharField(required=False, allow_blank=True, default="")


class PublicServiceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The lists of budget-funded public services: the province's (no managing body) and those of
    the managing bodies in the caller's scope; adding to a body's list needs a writer in scope."""

    serializer_class = PublicServiceSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = PublicService.objects.select_related("decision").order_by("sector", "name", "id")
        scope = org_access.history_scope_ids(self.request.user)
        if scope is not None:
            qs = qs.filter(Q(managing_body__isnull=True) | Q(managing_body__in=scope))
        body = self.request.query_params.get("managing_body")
        if body:
            qs = qs.filter(managing_body_id=int(body)) if body.isdigit() else qs.none()
        return qs

    @extend_schema(request=PublicServiceWriteSerializer, responses=PublicServiceSerializer)
    def create(self, request: Request) -> Response:
        ser = PublicServiceWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        body = access.get_unit(request.user, d["managing_body"])
        access.check_can_change(request.user, body)
        obj = services.public_service_record(
            acting_user=request.user,
            data=services.PublicServiceInput(
                name=d["name"],
                sector=d["sector"],
                unit_of_measure=d["unit_of_measure"],
                price_vnd=d["price_vnd"],
                decision=DecisionInput(
                    d["decision_number"],
                    d["decision_date"],
                    d["decision_issuer"],
                    d["decision_signer"],
                    "Danh mục dịch vụ sự nghiệp công sử dụng ngân sách nhà nước",
                ),
                valid_from=d["valid_from"],
                valid_to=d["valid_to"],
                norm=d["norm"],
                is_basic_essential=d["is_basic_essential"],
                managing_body=body.pk,
            ),
        )
        return Response(PublicServiceSerializer(obj).data, status=201)


class ProposalSerializer(serializers.ModelSerializer):
    decision_number = serializers.CharField(source="decision.number", default=None)

    class Meta:
        model = QuotaConversionProposal
        fields = [
            "id",
            "organization",
            "effective_date",
            "amount",
            "status",
            "decision",
            "decision_number",
            "decided_by",
            "decided_at",
            "reason",
        ]
        read_only_fields = fields


class ProposalAcceptSerializer(serializers.Serializer):
    decision_number = serializers.CharField(allow_blank=True)
    decision_date = serializers.DateField(allow_null=True)
    decision_issuer = serializers.CharField(allow_blank=True)
    decision_signer = serializers.CharField(required=False, allow_blank=True, default="")


class ProposalRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(request=ProposalAcceptSerializer, responses=ProposalSerializer)
@api_view(["POST"])
def proposal_accept(request: Request, pk: int) -> Response:
    """Accept a quota-conversion proposal: the ledger entries are written (Sở Nội vụ only)."""
    proposal = access.get_proposal(request.user, pk)
    access.check_can_decide_quota(request.user, proposal.organization)
    ser = ProposalAcceptSerializer(data=request.data)
    ser.is_valid(raise_exception=True)
    d = ser.validated_data
    obj = services.quota_conversion_accept(
        acting_user=request.user,
        proposal=proposal,
        decision=DecisionInput(
            d["decision_number"], d["decision_date"], d["decision_issuer"], d["decision_signer"]
        ),
    )
    return Response(ProposalSerializer(obj).data)


@extend_schema(request=ProposalRejectSerializer, responses=ProposalSerializer)
@api_view(["POST"])
def proposal_reject(request: Request, pk: int) -> Response:
    """Decline a quota-conversion proposal, with a reason (Sở Nội vụ only)."""
    proposal = access.get_proposal(request.user, pk)
    access.check_can_decide_quota(request.user, proposal.organization)
    ser = ProposalRejectSerializer(data=request.data)
    ser.is_valid(raise_exception=True)
    obj = services.quota_conversion_decline(
        acting_user=request.user, proposal=proposal, reason=ser.validated_data["reason"]
    )
    return Response(ProposalSerializer(obj).data)
