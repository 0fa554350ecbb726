"""Writes of the reports app: document numbers from the yearly counter, report requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from tinhgon.core import audit
from tinhgon.core.errors import Refused
from tinhgon.organizations.models import Organization
from tinhgon.reports.models import DocumentCounter, GeneratedReport


def document_number_take(*, acting_user: Any, body: Organization, day: dt.date) -> int:
    """The next number of ``body``'s series for ``day``'s year (01 on the first document of the
    year, Decree 30/2020 art 15), taken under a row lock so two issuers never get the same one."""
    if not body.is_alive_on(day):
        raise Refused.one("body", f"Cơ quan ban hành không còn hoạt động vào ngày {day:%d/%m/%Y}.")
    with transaction.atomic():
        DocumentCounter.objects.get_or_create(body=body, year=day.year)
        counter = DocumentCounter.objects.select_for_update().get(body=body, year=day.year)
        before = counter.last_number
        counter.last_number = before + 1
        counter.save(update_fields=["last_number"])
        audit.record(
            actor=acting_user,
            action="document_number_take",
            obj=counter,
            before={"last_number": before},
            after={"last_number": counter.last_number, "date": day},
        )
    return counter.last_number


def resolve_scope(user: Any, raw: Any) -> Organization | None:
    """The scope asked for if ``user`` may see it; default the user's own scope (None: all)."""
    from tinhgon.organizations import access

    if raw in (None, ""):
        return None if user.sees_everything else user.scope_root
    try:
        org = Organization.objects.get(pk=int(raw))
    except (Organization.DoesNotExist, TypeError, ValueError):
        org = None
    if org is None or not access.can_see(user, org):
        raise Refused.one(
            "scope", "Không tìm thấy cơ quan, đơn vị này trong phạm vi được xem của bạn."
        )
    return org


def report_request(
    *,
    acting_user: Any,
    kind: str,
    period: str,
    fmt: str,
    scope: Any = None,
    plan: int | None = None,
    today: dt.date,
) -> GeneratedReport:
    """Check the request and start the background job that generates the report."""
    from tinhgon.core.jobs import job_start
    from tinhgon.reports.generate import check_request
    from tinhgon.reports.jobs import JOB_KIND

    req = check_request(kind, period, fmt, today)
    org = resolve_scope(acting_user, scope)
    with transaction.atomic():
        job = job_start(
            kind=JOB_KIND,
            label=f"{req.kind.name} {req.period.label} ({fmt})",
            owner=acting_user,
            params={"module": "tinhgon.reports.jobs", "plan": plan},
        )
        report = GeneratedReport.objects.create(
            kind=req.kind.code,
            period=req.period.code,
            format=fmt,
            scope=org,
            owner=acting_user,
            job=job,
        )
        job.params = {**job.params, "report": report.pk}
        job.save(update_fields=["params"])
        audit.record(
            actor=acting_user,
            action="report_request",
            obj=report,
            before=None,
            after=audit.snapshot(report, ["kind", "period", "format", "scope", "owner", "job"]),
        )
    return report
