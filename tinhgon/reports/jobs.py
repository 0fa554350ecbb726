"""Background jobs of the reports app: generating one report file, and consolidating a round."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from tinhgon.core.jobs import job_function
from tinhgon.reports.generate import check_request, file_name, generate
from tinhgon.reports.models import GeneratedReport, ReportRound

JOB_KIND = "reports.generate"
CONSOLIDATE_KIND = "reports.consolidate"


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


@job_function(CONSOLIDATE_KIND)
def consolidate_job(params: dict[str, Any], *, owner: Any, progress: Any) -> dict[str, Any]:
    from tinhgon.reports.services import version_consolidate

    rnd = ReportRound.objects.get(pk=params["round"])
    version = version_consolidate(
        acting_user=owner, rnd=rnd, today=timezone.localdate(), progress=progress
    )
    return {
        "message": f"Đã tổng hợp bản số {version.number}; chờ lãnh đạo ký duyệt.",
        "version": version.pk,
    }
