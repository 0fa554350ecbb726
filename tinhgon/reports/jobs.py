"""The background job that generates a requested report and stores its file."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from tinhgon.core.jobs import job_function
from tinhgon.reports.generate import check_request, file_name, generate
from tinhgon.reports.models import GeneratedReport

JOB_KIND = "reports.generate"


@job_function(JOB_KIND)
def generate_report_job(params: dict[str, Any], *, owner: Any, progress: Any) -> dict[str, Any]:
    report = GeneratedReport.objects.select_related("scope").get(pk=params["report"])
    today = timezone.localdate()
    req = check_request(report.kind, report.period, report.format, today)
    _, data = generate(
        req,
        report.scope,
        today=today,
        plan_id=params.get("plan"),
        progress=progress,
    )
    report.file.save(file_name(req), ContentFile(data), save=True)
    progress(3, 3)
    return {"message": f"Đã tạo báo cáo {req.kind.name} {req.period.label}.", "bytes": len(data)}
