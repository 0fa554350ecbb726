"""Who may see a generated report and download its file: its owner, and supervisors and
administrators whose scope covers the report's scope."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from tinhgon.accounts.choices import Role
from tinhgon.organizations import access as org_access
from tinhgon.reports.models import GeneratedReport

_SUPERVISING = {Role.SUPERVISOR, Role.ADMINISTRATOR}


def can_see(user: Any, report: GeneratedReport) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if report.owner_id == user.pk or user.sees_everything:
        return True
    if user.role not in _SUPERVISING:
        return False
    if report.scope is None:
        return False
    return org_access.can_see(user, report.scope)


def get_report(user: Any, pk: Any) -> GeneratedReport:
    try:
        report = GeneratedReport.objects.select_related("job", "scope").get(pk=int(pk))
    except (GeneratedReport.DoesNotExist, TypeError, ValueError):
        raise Http404("Không tìm thấy báo cáo.") from None
    if not can_see(user, report):
        raise Http404("Không tìm thấy báo cáo.")
    return report
