"""Who may see a generated report and download its file: its owner, and supervisors and
administrators whose scope covers the report's scope."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone

from tinhgon.accounts.choices import Role
from tinhgon.organizations import access as org_access
from tinhgon.reports.models import GeneratedReport, ReportRound, ReportVersion, Submission

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


# --- rounds, submissions, versions ------------------------------------------------------------

_ROUND_READERS = {Role.SUPERVISOR, Role.ADMINISTRATOR, Role.LEADER, Role.INSPECTOR}


def _role(user: Any) -> str:
    return str(getattr(user, "effective_role", "") or "")


def can_see_rounds(user: Any) -> bool:
    """Rounds are province-wide: Sở Nội vụ, the leaders, inspectors and administrators whose scope
    holds the province's committee (or everything)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.sees_everything:
        return True
    if _role(user) not in _ROUND_READERS or user.scope_root_id is None:
        return False
    from tinhgon.reports.collection import province_root

    root = province_root(timezone.localdate())
    return root is not None and org_access.can_see(user, root)


def can_manage_rounds(user: Any) -> bool:
    return can_see_rounds(user) and (
        _role(user) in {Role.SUPERVISOR, Role.ADMINISTRATOR} or user.is_superuser
    )


def can_sign(user: Any) -> bool:
    return can_see_rounds(user) and _role(user) == Role.LEADER


def get_round(user: Any, pk: Any) -> ReportRound:
    try:
        rnd = ReportRound.objects.get(pk=int(pk))
    except (ReportRound.DoesNotExist, TypeError, ValueError):
        raise Http404("Không tìm thấy đợt báo cáo.") from None
    if not can_see_rounds(user):
        raise Http404("Không tìm thấy đợt báo cáo.")
    return rnd


def my_submissions(user: Any) -> list[Submission]:
    """The submissions of the agencies in ``user``'s scope (an officer's own work)."""
    if not getattr(user, "is_authenticated", False) or _role(user) != Role.OFFICER:
        return []
    scope = org_access.scope_ids(user)
    qs = Submission.objects.select_related("round", "organization").order_by("-round__opened_at")
    if scope is not None:
        qs = qs.filter(organization_id__in=scope)
    return list(qs[:50])


def get_submission(user: Any, pk: Any) -> Submission:
    try:
        sub = Submission.objects.select_related("round", "organization").get(pk=int(pk))
    except (Submission.DoesNotExist, TypeError, ValueError):
        raise Http404("Không tìm thấy báo cáo của cơ quan, đơn vị.") from None
    if can_see_rounds(user):
        return sub
    if _role(user) == Role.OFFICER and org_access.can_see(user, sub.organization):
        return sub
    raise Http404("Không tìm thấy báo cáo của cơ quan, đơn vị.")


def can_edit_submission(user: Any, sub: Submission) -> bool:
    """The agency's own officer writes and submits its contribution."""
    return _role(user) == Role.OFFICER and org_access.can_see(user, sub.organization)


def get_version(user: Any, pk: Any) -> ReportVersion:
    try:
        v = ReportVersion.objects.select_related("round").get(pk=int(pk))
    except (ReportVersion.DoesNotExist, TypeError, ValueError):
        raise Http404("Không tìm thấy bản tổng hợp.") from None
    if not can_see_rounds(user):
        raise Http404("Không tìm thấy bản tổng hợp.")
    return v
