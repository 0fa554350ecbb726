"""The only way views and the API get plans, tasks, assignments and reports: scoped to the reader.

An assignment is visible when its agency is in the reader's scope (as of today, or in the history
of the scope for agencies that have ended). A plan or task is visible when issued inside the
reader's scope or when one of its assignments is. Otherwise 404, without saying whether it exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhgon.organizations import access as org_access
from tinhgon.plans import selectors
from tinhgon.plans.models import Assignment, EvidenceFile, Plan, ProgressReport, Task


def read_scope(user: Any) -> set[int] | None:
    """Organizations whose assignments ``user`` may read: today's subtree and its history."""
    today = org_access.scope_ids(user, timezone.localdate())
    if today is None:
        return None
    history = org_access.history_scope_ids(user)
    return set(today) | set(history or set())


def plans(user: Any) -> QuerySet[Plan]:
    scope = read_scope(user)
    return selectors.plans_visible(scope, scope)


def get_plan(user: Any, pk: Any) -> Plan:
    """The plan if ``user`` may see it (the rule of :func:`plans`: issued inside the reader's scope
    or with an assignment of an agency in it), checked on this plan's own few organizations rather
    than by sending the scope's thousands of ids to the database."""
    try:
        plan = Plan.objects.get(pk=int(pk))
    except (Plan.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy kế hoạch.")) from None
    scope = read_scope(user)
    if scope is None or plan.issuer_org_id in scope:
        return plan
    assigned = Assignment.objects.filter(task__plan=plan).values_list("organization_id", flat=True)
    if not scope.isdisjoint(assigned.distinct()):
        return plan
    raise Http404(_("Không tìm thấy kế hoạch."))


def tasks(user: Any) -> QuerySet[Task]:
    return Task.objects.filter(plan__in=plans(user))


def get_task(user: Any, pk: Any) -> Task:
    try:
        return tasks(user).select_related("plan").get(pk=int(pk))
    except (Task.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy nhiệm vụ.")) from None


def assignments(user: Any) -> QuerySet[Assignment]:
    scope = read_scope(user)
    qs = Assignment.objects.concrete()
    return qs if scope is None else qs.filter(organization_id__in=scope)


def get_assignment(user: Any, pk: Any) -> Assignment:
    try:
        return (
            assignments(user)
            .select_related("task__plan", "organization", "product")
            .get(pk=int(pk))
        )
    except (Assignment.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy phân công.")) from None


def reports(user: Any) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(assignment__in=assignments(user))


def get_report(user: Any, pk: Any) -> ProgressReport:
    """The report if ``user`` may see it (the rule of :func:`reports`: its assignment is to an
    organization in the reader's scope), checked on that one organization in Python rather than by
    sending the scope's ids to the database."""
    try:
        report = ProgressReport.objects.select_related(
            "assignment__task__plan", "assignment__organization"
        ).get(pk=int(pk))
    except (ProgressReport.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy báo cáo.")) from None
    org_id = report.assignment.organization_id
    scope = read_scope(user)
    if org_id is None or (scope is not None and org_id not in scope):
        raise Http404(_("Không tìm thấy báo cáo."))
    return report


def get_evidence(user: Any, pk: Any) -> EvidenceFile:
    try:
        return EvidenceFile.objects.select_related("report").get(
            pk=int(pk), report__in=reports(user)
        )
    except (EvidenceFile.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy tệp.")) from None
