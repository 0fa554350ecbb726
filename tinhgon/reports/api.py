"""``POST /api/v1/reports/`` (202, a background job) and ``GET /api/v1/reports/{id}/``
(status, progress, file link); ``GET /api/v1/reports/{id}/file/`` serves the file."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from tinhgon.reports import access, services
from tinhgon.reports.generate import CONTENT_TYPES
from tinhgon.reports.models import GeneratedReport


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=40)
    period = serializers.CharField(max_length=20)
    format = serializers.CharField(max_length=5)
    scope = serializers.IntegerField(required=False, allow_null=True)
    plan = serializers.IntegerField(required=False, allow_null=True)


def _payload(request: Request, report: GeneratedReport) -> dict[str, Any]:
    job = report.job
    file_url = None
    if job.status == job.Status.DONE and report.file:
        file_url = request.build_absolute_uri(reverse("report-file", args=[report.pk]))
    return {
        "id": report.pk,
        "kind": report.kind,
        "period": report.period,
        "format": report.format,
        "scope": report.scope_id,
        "status": job.status,
        "progress": job.percent,
        "message": job.message,
        "file": file_url,
    }


@extend_schema(request=ReportRequestSerializer, responses={202: OpenApiTypes.OBJECT})
@api_view(["POST"])
def report_create(request: Request) -> Response:
    """Lập một báo cáo (chạy nền); trả về mã và trạng thái."""
    ser = ReportRequestSerializer(data=request.data)
    ser.is_valid(raise_exception=True)
    d = ser.validated_data
    report = services.report_request(
        acting_user=request.user,
        kind=d["kind"],
        period=d["period"],
        fmt=d["format"],
        scope=d.get("scope"),
        plan=d.get("plan"),
        today=timezone.localdate(),
    )
    report.refresh_from_db()
    report.job.refresh_from_db()
    return Response({"id": report.pk, "status": report.job.status}, status=status.HTTP_202_ACCEPTED)


@extend_schema(responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def report_detail(request: Request, pk: int) -> Response:
    """Trạng thái, tiến độ và đường dẫn tệp của một báo cáo."""
    report = access.get_report(request.user, pk)
    return Response(_payload(request, report))


@extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
@api_view(["GET"])
def report_file(request: Request, pk: int) -> FileResponse:
    """Tệp của báo cáo (chỉ người lập và chuyên viên, quản trị có phạm vi bao trùm)."""
    report = access.get_report(request.user, pk)
    if report.job.status != report.job.Status.DONE or not report.file:
        raise Http404("Báo cáo chưa có tệp.")
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.file.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES.get(report.format, "application/octet-stream"),
    )
