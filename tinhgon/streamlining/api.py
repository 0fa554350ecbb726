"""``/api/v1/streamlining/…``: periods and cases (list, detail, create, submit, approve, return,
pay), the period summary, the yearly report and the budget effect.

Same scopes as the pages (``streamlining.access``): a case outside the scope is 404, a step the
user may not take is 403, a refused input 400 ``{"errors": [{"path", "message"}]}``. Every list of
cases (names and amounts of people) writes a ``personal_data_export`` audit row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.core.api import BulkApproveSerializer, check_year
from tinhgon.core.approval import BulkItem, approval_bulk_approve
from tinhgon.organizations import access as org_access
from tinhgon.streamlining import access, selectors, services
from tinhgon.streamlining.choices import Category, Policy
from tinhgon.streamlining.models import Case, ReviewPeriod


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewPeriod
        fields = ["id", "agency", "year", "sequence", "name", "note", "version"]
        read_only_fields = fields


class PeriodWriteSerializer(serializers.Serializer):
    agency = serializers.IntegerField()
    year = serializers.IntegerField()
    sequence = serializers.IntegerField()
    name = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CaseSerializer(serializers.ModelSerializer):
    full_name = serializers.SerializerMethodField()
    status_label = serializers.CharField(read_only=True)
    decision_number = serializers.SerializerMethodField()
    decision_date = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "period",
            "person",
            "full_name",
            "organization",
            "category",
            "policy",
            "ground",
            "decree",
            "leave_date",
            "reorganization_effective_date",
            "rule_name",
            "rule_version",
            "rule_input",
            "rule_settings",
            "rule_result",
            "total_vnd",
            "funding_source",
            "approving_level",
            "approving_body",
            "decision_number",
            "decision_date",
            "status",
            "status_label",
            "decision_reason",
            "paid_on",
            "payment_reference",
            "note",
            "version",
        ]
        read_only_fields = fields

    def get_full_name(self, obj: Case) -> str:
        return str(obj.snapshot.get("full_name", ""))

    def get_decision_number(self, obj: Case) -> str | None:
        return obj.decision.number if obj.decision_id else None  # type: ignore[union-attr]

    def get_decision_date(self, obj: Case) -> str | None:
        return obj.decision.date.isoformat() if obj.decision_id else None  # type: ignore[union-attr]


class CaseWriteSerializer(serializers.Serializer):
    """Raw values: the service and the rule validate and name each field in their refusals."""

    period = serializers.IntegerField()
    person = serializers.IntegerField()
    category = serializers.ChoiceField(choices=Category.choices)
    policy = serializers.ChoiceField(choices=Policy.choices)
    ground = serializers.CharField()
    leave_date = serializers.DateField()
    reorganization_effective_date = serializers.DateField(required=False, allow_null=True)
    decree = serializers.CharField(required=False, allow_blank=True, default="")
    insurance_years = serializers.IntegerField(required=False, allow_null=True)
    insurance_months = serializers.IntegerField(required=False, allow_null=True)
    current_salary_vnd = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    average_salary_60m_vnd = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StepSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ApproveSerializer(StepSerializer):
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()


class PaySerializer(StepSerializer):
    paid_on = serializers.DateField()
    reference = serializers.CharField(required=False, allow_blank=True, default="")


class PeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PeriodSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema: no user, no query
            return ReviewPeriod.objects.none()
        ids = [p.pk for p in access.visible_periods(self.request.user)]
        return ReviewPeriod.objects.filter(pk__in=ids).order_by("id")

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(PeriodSerializer(access.get_period(request.user, pk)).data)

    @extend_schema(request=PeriodWriteSerializer, responses=PeriodSerializer)
    def create(self, request: Request) -> Response:
        ser = PeriodWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        org_access.require_writer(request.user)
        agency = org_access.get_organization(request.user, ser.validated_data["agency"])
        period = services.period_create(
            acting_user=request.user,
            data=services.PeriodInput(**{**ser.validated_data, "agency": agency.pk}),
        )
        return Response(PeriodSerializer(period).data, status=201)

    @action(detail=True, methods=["get"])
    def summary(self, request: Request, pk: str | None = None) -> Response:
        period = access.get_period(request.user, pk)
        s = selectors.period_summary(period, access.case_scope_q(request.user))
        services.export_record(
            acting_user=request.user,
            what="streamlining_period_api",
            scope=period.agency,
            rows=s.count,
            params={"period": period.pk},
        )
        return Response(
            {
                "period": PeriodSerializer(period).data,
                "count": s.count,
                "total_vnd": s.total_vnd,
                "totals": s.totals,
                "by_status": s.by_status,
                "budget": [dataclasses.asdict(b) for b in s.budget],
                "blocks": [
                    {
                        "category": b.category,
                        "label": b.label,
                        "total_vnd": b.total_vnd,
                        "totals": b.totals,
                        "rows": [
                            {
                                "case": r.case.pk,
                                "full_name": r.full_name,
                                "birth_date": r.birth_display,
                                "title": r.title,
                                "ground": r.ground,
                                "policy": r.policy,
                                "decree": r.decree,
                                "amounts": r.amounts,
                                "total_vnd": r.total_vnd,
                                "status": r.status,
                            }
                            for r in b.rows
                        ],
                    }
                    for b in s.blocks
                ],
            }
        )


class BulkCaseApproveSerializer(BulkApproveSerializer):
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = selectors.cases_in(access.case_scope_q(self.request.user)).order_by("id")
        for key in ("period", "status", "category", "policy", "person"):
            value = self.request.query_params.get(key)
            if value:
                qs = qs.filter(**{key: value})
        return qs

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        services.export_record(
            acting_user=request.user,
            what="streamlining_cases_api",
            scope=None,
            rows=len(response.data.get("results", [])),
            params=dict(request.query_params.items()),
        )
        return response

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(CaseSerializer(access.get_case(request.user, pk)).data)

    @extend_schema(request=CaseWriteSerializer, responses=CaseSerializer)
    def create(self, request: Request) -> Response:
        ser = CaseWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        person = access.get_person(request.user, data["person"])
        period = access.get_period(request.user, data["period"])
        access.check_can_enter(request.user, person, period)
        case = services.case_save(acting_user=request.user, data=services.CaseInput(**data))
        return Response(CaseSerializer(case).data, status=201)

    @extend_schema(request=StepSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        case = access.get_case(request.user, pk)
        access.check_can_edit(request.user, case)
        ser = StepSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        case = services.case_submit(
            acting_user=request.user, case=case, expected_version=ser.validated_data["version"]
        )
        return Response(CaseSerializer(case).data)

    @extend_schema(request=BulkCaseApproveSerializer, responses=CaseSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="bulk-approve")
    def bulk_approve(self, request: Request) -> Response:
        """Approve many submitted cases with one decision and one reason, all or nothing."""
        ser = BulkCaseApproveSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        items = []
        for item in d["items"]:
            case = access.get_case(request.user, item["id"])
            access.check_can_approve(request.user, case)
            items.append(BulkItem(case, item["version"]))
        done = approval_bulk_approve(
            acting_user=request.user,
            items=items,
            reason=d["reason"],
            approve=lambda *, obj, **kw: services.case_approve(
                case=obj,
                decision_number=d["decision_number"],
                decision_date=d["decision_date"],
                **kw,
            ),
        )
        return Response(CaseSerializer(done, many=True).data)

    @extend_schema(request=ApproveSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        case = access.get_case(request.user, pk)
        access.check_can_approve(request.user, case)
        ser = ApproveSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        case = services.case_approve(
            acting_user=request.user,
            case=case,
            expected_version=d["version"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            reason=d["reason"],
        )
        return Response(CaseSerializer(case).data)

    @extend_schema(request=StepSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        case = access.get_case(request.user, pk)
        access.check_can_approve(request.user, case)
        ser = StepSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        case = services.case_return(
            acting_user=request.user,
            case=case,
            expected_version=ser.validated_data["version"],
            reason=ser.validated_data["reason"],
        )
        return Response(CaseSerializer(case).data)

    @extend_schema(request=PaySerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request: Request, pk: str | None = None) -> Response:
        case = access.get_case(request.user, pk)
        access.check_can_edit(request.user, case)
        ser = PaySerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        case = services.case_pay(
            acting_user=request.user,
            case=case,
            expected_version=ser.validated_data["version"],
            paid_on=ser.validated_data["paid_on"],
            reference=ser.validated_data["reference"],
        )
        return Response(CaseSerializer(case).data)


@extend_schema(responses=dict)
@api_view(["GET"])
def yearly_report(request: Request, year: int) -> Response:
    """The yearly result for the Ministries of Home Affairs and Finance (decided cases)."""
    report = selectors.yearly_report(check_year(year), access.case_scope_q(request.user))
    data = dataclasses.asdict(report)
    data["total_vnd"] = report.total_vnd
    for line, obj in zip(data["lines"], report.lines, strict=True):
        line["total_vnd"] = obj.total_vnd
    return Response(data)


@extend_schema(responses=dict)
@api_view(["GET"])
def budget_effect(request: Request) -> Response:
    """Yearly salary fund saved against one-off benefits paid (``start``/``end``: ISO dates)."""
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.query_params.get("start", f"{today.year}-01-01"))
        end = dt.date.fromisoformat(request.query_params.get("end", f"{today.year}-12-31"))
    except ValueError:
        return Response(
            {"errors": [{"path": "start", "message": "Ngày phải theo dạng YYYY-MM-DD."}]},
            status=400,
        )
    effect = selectors.budget_effect(start, end, access.case_scope_q(request.user))
    data = dataclasses.asdict(effect)
    data["payback_years"] = effect.payback_years
    return Response(data)
