"""Report rounds in the daily reminder digest: an agency that has not (re)submitted its contribution
to a round still collecting is reminded as the round's deadline comes near, and after it passes —
on the same working-day windows as the plans' tasks (``TINHGON_PLANS_REMIND_*``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from tinhgon.core.approval import ApprovalStatus
from tinhgon.core.reminders import ReminderItem, reminder_source
from tinhgon.reports import kinds
from tinhgon.reports.models import RoundStatus, Submission


@reminder_source("reports")
def report_rounds(day: dt.date, horizon: dt.date, overdue_from: dt.date) -> list[ReminderItem]:
    waiting = (
        Submission.objects.filter(
            round__status=RoundStatus.COLLECTING,
            status__in=[ApprovalStatus.DRAFT, ApprovalStatus.RETURNED],
        )
        .filter(Q(round__deadline__range=(day, horizon)) | Q(round__deadline__lte=overdue_from))
        .select_related("round")
        .order_by("round__deadline", "pk")
    )
    items = []
    for sub in waiting:
        rnd = sub.round
        state = (
            _("bị trả lại, chưa gửi lại")
            if sub.status == ApprovalStatus.RETURNED
            else _("chưa gửi")
        )
        items.append(
            ReminderItem(
                organization_id=sub.organization_id,
                due=rnd.deadline,
                text=_("%(kind)s kỳ %(period)s (%(state)s)")
                % {"kind": kinds.get_kind(rnd.kind).name, "period": rnd.period, "state": state},
                overdue=rnd.deadline < day,
            )
        )
    return items
