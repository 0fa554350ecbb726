"""``/api/v1/plans/``, ``/tasks/``, ``/assignments/``, ``/progress-reports/``: the same scopes as the UI.

Objects come only through ``plans.access`` (404 outside the reader's scope); every write calls a
service (which audits); each assignment carries its ``bucket`` code as of ``?as_of=`` (default today).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.core.api import BulkApproveSerializer
from tinhgon.core.approval import BulkItem, approval_bulk_approve
from tinhgon.plans import access, selectors, services
from tinhgon.plans.choices import Bucket, ProgressStatus
from tinhgon.plans.models import Assignment, EvidenceFile, Plan, ProgressReport, Task


def as_of(request: Request) -> dt.date:
    raw = request.query_params.get("as_of")
    if not raw:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({"as_of": "Ngày không hợp lệ (YYYY-MM-DD)."}) from None


class PlanSerializer(serializers.ModelSerializer):
    buckets = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "number",
            "doc_kind",
            "date",
            "issuer",
            "signer",
            "title",
            "source",
            "period_kind",
            "references",
            "warnings",
            "buckets",
            "version",
        ]

    def get_buckets(self, obj: Plan) -> dict[str, int]:
        ctx = self.context
        return selectors.summary(obj, ctx["as_of"], ctx["scope"])


class TaskSerializer(serializers.ModelSerializer):
    products = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "parent",
            "ref",
            "depth",
            "text",
            "deadline_kind",
            "due",
            "condition",
            "deadline_text",
            "condition_met_on",
            "condition_document",
            "project_ref",
            "project_due",
            "agencies",
            "products",
            "version",
        ]

    def get_products(self, obj: Task) -> list[dict[str, Any]]:
        return [
            {
                "id": p.pk,
                "name": p.name,
                "deadline_kind": p.deadline_kind,
                "due": p.due,
                "condition": p.condition,
                "condition_met_on": p.condition_met_on,
            }
            for p in obj.products.all()
        ]


class AssignmentSerializer(serializers.ModelSerializer):
    bucket = serializers.SerializerMethodField()
    due = serializers.SerializerMethodField()
    plan = serializers.IntegerField(source="task.plan_id", read_only=True)
    ref = serializers.CharField(source="task.ref", read_only=True)
    organization_name = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "plan",
            "task",
            "ref",
            "product",
            "organization",
            "organization_name",
            "role",
            "valid_from",
            "valid_to",
            "reason",
            "event",
            "done_on",
            "bucket",
            "due",
            "version",
        ]

    def _row(self, obj: Assignment) -> selectors.Row | None:
        rows: dict[int, selectors.Row] = self.context["rows"]
        return rows.get(obj.pk)

    def get_bucket(self, obj: Assignment) -> str | None:
        row = self._row(obj)
        return row.bucket if row else None

    def get_due(self, obj: Assignment) -> dt.date | None:
        row = self._row(obj)
        return row.due if row else None

    def get_organization_name(self, obj: Assignment) -> str:
        return str(obj.organization) if obj.organization else ""


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceFile
        fields = ["id", "original_name", "file_type", "size", "sha256", "uploaded_at"]


class ProgressReportSerializer(serializers.ModelSerializer):
    files = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "assignment",
            "period_kind",
            "period_year",
            "period_number",
            "period_start",
            "period_end",
            "progress",
            "percent",
            "narrative",
            "status",
            "submitted_at",
            "decided_at",
            "decision_reason",
            "files",
            "version",
        ]
        read_only_fields = fields


class ReportWriteSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(required=False)
    period_year = serializers.IntegerField(required=False)
    period_number = serializers.IntegerField(required=False, allow_null=True)
    progress = serializers.ChoiceField(choices=ProgressStatus.choices)
    percent = serializers.IntegerField()
    narrative = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class DecisionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


def _uploads(request: Request) -> list[services.Upload]:
    return [services.Upload(f.name or "", f.read()) for f in request.FILES.getlist("files")]


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return access.plans(self.request.user).order_by("-date", "id")

    def get_serializer_context(self) -> dict[str, Any]:
        ctx = super().get_serializer_context()
        ctx["as_of"] = as_of(self.request)
        ctx["scope"] = access.read_scope(self.request.user)
        return ctx


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = (
            access.tasks(self.request.user)
            .prefetch_related("products")
            .order_by("plan_id", "position")
        )
        plan = self.request.query_params.get("plan")
        return qs.filter(plan_id=plan) if plan and plan.isdigit() else qs


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssignmentSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = (
            access.assignments(self.request.user)
            .select_related("task", "organization")
            .order_by("id")
        )
        params = self.request.query_params
        if params.get("plan", "").isdigit():
            qs = qs.filter(task__plan_id=params["plan"])
        if params.get("task", "").isdigit():
            qs = qs.filter(task_id=params["task"])
        if params.get("organization", "").isdigit():
            qs = qs.filter(organization_id=params["organization"])
        if params.get("in_force", "1") != "0":
            day = as_of(self.request)
            qs = qs.filter(pk__in=selectors.assignments_in_force(day).values("pk"))
        return qs

    def get_serializer_context(self) -> dict[str, Any]:
        ctx = super().get_serializer_context()
        ctx.setdefault("rows", {})
        return ctx

    def _with_rows(self, objs: list[Assignment]) -> dict[str, Any]:
        day = as_of(self.request)
        rows = selectors.classify(Assignment.objects.filter(pk__in=[o.pk for o in objs]), day)
        return {**self.get_serializer_context(), "rows": {r.id: r for r in rows}}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        qs = self.filter_queryset(self.get_queryset())
        bucket = request.query_params.get("bucket")
        if bucket and bucket not in Bucket.values:
            raise ValidationError({"bucket": "Mã nhóm không hợp lệ."})
        if bucket:
            rows = selectors.classify(qs, as_of(request))
            qs = qs.filter(pk__in=[r.id for r in rows if r.bucket == bucket])
        page = self.paginate_queryset(qs)
        objs = list(page if page is not None else qs)
        data = AssignmentSerializer(objs, many=True, context=self._with_rows(objs)).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = access.get_assignment(request.user, kwargs["pk"])
        return Response(AssignmentSerializer(obj, context=self._with_rows([obj])).data)


class ProgressReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProgressReportSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = access.reports(self.request.user).prefetch_related("files").order_by("id")
        params = self.request.query_params
        if params.get("assignment", "").isdigit():
            qs = qs.filter(assignment_id=params["assignment"])
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        return qs

    def get_object(self) -> ProgressReport:
        return access.get_report(self.request.user, self.kwargs["pk"])

    @extend_schema(request=ReportWriteSerializer, responses=ProgressReportSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        s = ReportWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        if v.get("assignment") is None or v.get("period_year") is None:
            raise ValidationError(
                {"assignment": "Thiếu phân công (assignment) hoặc năm (period_year)."}
            )
        assignment = access.get_assignment(request.user, v["assignment"])
        report = services.report_create(
            acting_user=request.user,
            assignment=assignment,
            year=v["period_year"],
            number=v.get("period_number"),
            progress=v["progress"],
            percent=v["percent"],
            narrative=v.get("narrative", ""),
            files=_uploads(request),
        )
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReportWriteSerializer, responses=ProgressReportSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        s = ReportWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = s.validated_data
        report = services.report_update(
            acting_user=request.user,
            report=report,
            expected_version=v.get("version"),
            progress=v["progress"],
            percent=v["percent"],
            narrative=v.get("narrative", ""),
            files=_uploads(request),
        )
        return Response(ProgressReportSerializer(report).data)

    def _decide(self, request: Request, fn: Any, **kw: Any) -> Response:
        report = self.get_object()
        s = DecisionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        extra = {"reason": s.validated_data["reason"]} if kw.get("reason") else {}
        report = fn(
            acting_user=request.user,
            report=report,
            expected_version=s.validated_data["version"],
            **extra,
        )
        return Response(ProgressReportSerializer(report).data)

    @extend_schema(request=BulkApproveSerializer, responses=ProgressReportSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="bulk-approve")
    def bulk_approve(self, request: Request) -> Response:
        """Approve many submitted reports with one reason, all or nothing."""
        s = BulkApproveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        items = [
            BulkItem(access.get_report(request.user, item["id"]), item["version"])
            for item in s.validated_data["items"]
        ]
        done = approval_bulk_approve(
            acting_user=request.user,
            items=items,
            reason=s.validated_data["reason"],
            approve=lambda *, obj, **kw: services.report_approve(report=obj, **kw),
        )
        return Response(ProgressReportSerializer(done, many=True).data)

    @extend_schema(request=DecisionSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(request, services.report_submit)

    @extend_schema(request=DecisionSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(request, services.report_approve, reason=True)

    @extend_schema(request=DecisionSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(request, services.report_return, reason=True)

    @extend_schema(request=DecisionSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(request, services.report_reopen, reason=True)
