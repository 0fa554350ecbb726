"""Reminder digests: one email per agency per working day listing its tasks due soon or overdue.

An assignment is in a digest on working day D when it is not done and its due date (a recurring
task: the end of the current period) falls within the next ``REMIND_BEFORE_WORKING_DAYS`` working
days, or when it has been overdue for at least ``REMIND_AFTER_WORKING_DAYS`` working days.
Recipients: the active agency officers whose workplace is the agency and who have an email address.
A :class:`ReminderLog` row per agency and day makes a second run on the same day send nothing.
Apps above this one add their own deadlines on the same windows (:mod:`tinhgon.core.reminders`):
the report rounds' contributions not yet (re)submitted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tinhgon.core.reminders import ReminderItem, reminder_items
from tinhgon.plans import conf, selectors
from tinhgon.plans.choices import Bucket
from tinhgon.plans.models import Assignment, ReminderLog
from tinhgon.rules import calendar_vn


@dataclass
class Digest:
    organization_id: int
    name: str
    recipients: list[str]
    soon: list[selectors.WorkItem]
    overdue: list[selectors.WorkItem]
    others: list[ReminderItem] = field(default_factory=list)  # e.g. reports not yet submitted

    @property
    def subject(self) -> str:
        subject = _(
            "[TinhGon] Nhắc việc: %(o)s có %(n)s nhiệm vụ quá hạn, %(m)s nhiệm vụ sắp đến hạn"
        ) % {
            "o": self.name,
            "n": len(self.overdue),
            "m": len(self.soon),
        }
        if self.others:
            subject += _(", %(k)s báo cáo phải gửi") % {"k": len(self.others)}
        return subject

    def body(self, day: dt.date) -> str:
        lines = [_("Kính gửi %(o)s,") % {"o": self.name}, ""]
        lines.append(
            _("Tình hình các nhiệm vụ được giao đến ngày %(d)s:") % {"d": day.strftime("%d/%m/%Y")}
        )
        for title, items in (
            (_("Quá hạn chưa hoàn thành"), self.overdue),
            (_("Sắp đến hạn"), self.soon),
        ):
            if not items:
                continue
            lines += ["", f"{title}:"]
            for w in items:
                due = w.row.due.strftime("%d/%m/%Y") if w.row.due else "—"
                plan = w.assignment.task.plan
                lines.append(
                    f"- {plan.number or plan.title[:40]} · {w.row.ref}: {w.assignment.task.text[:150]} (hạn {due})"
                )
        if self.others:
            lines += ["", _("Báo cáo phải gửi:")]
            for item in self.others:
                late = _(", đã quá hạn") if item.overdue else ""
                lines.append(f"- {item.text} (hạn {item.due:%d/%m/%Y}{late})")
        lines += [
            "",
            _("Đề nghị cập nhật tiến độ, tài liệu minh chứng và gửi các báo cáo trên TinhGon.")
            if self.others
            else _("Đề nghị cập nhật tiến độ và tài liệu minh chứng trên TinhGon."),
            "",
            "TinhGon",
        ]
        return "\n".join(lines)


def digests(day: dt.date) -> list[Digest]:
    before = conf.get("REMIND_BEFORE_WORKING_DAYS")
    after = conf.get("REMIND_AFTER_WORKING_DAYS")
    horizon = calendar_vn.add_working_days(day, before)
    overdue_from = calendar_vn.add_working_days(day, -after)
    qs = selectors.assignments_in_force(day)
    items = selectors.work_items(qs, day, buckets_only={Bucket.NOT_DUE, Bucket.OVERDUE})
    soon: dict[int, list[selectors.WorkItem]] = defaultdict(list)
    late: dict[int, list[selectors.WorkItem]] = defaultdict(list)
    for w in items:
        due = w.row.due
        if due is None:
            continue
        if w.row.bucket == Bucket.OVERDUE and due <= overdue_from:
            late[w.row.organization_id].append(w)
        elif w.row.bucket == Bucket.NOT_DUE and day <= due <= horizon:
            soon[w.row.organization_id].append(w)
    others: dict[int, list[ReminderItem]] = defaultdict(list)
    for item in reminder_items(day, horizon, overdue_from):
        others[item.organization_id].append(item)
    orgs = set(soon) | set(late) | set(others)
    names = selectors.names_on(orgs, day)
    User = get_user_model()
    mails: dict[int, list[str]] = defaultdict(list)
    for org_id, email in (
        User.objects.filter(organization_id__in=orgs, is_active=True, role="officer")
        .exclude(email="")
        .order_by("username")
        .values_list("organization_id", "email")
    ):
        mails[org_id].append(email)
    return [
        Digest(
            org_id, names.get(org_id, ""), mails[org_id], soon[org_id], late[org_id], others[org_id]
        )
        for org_id in sorted(orgs, key=lambda o: names.get(o, ""))
        if mails.get(org_id)
    ]


def send(day: dt.date, *, acting_user: Any = None) -> list[Digest]:
    """Send today's digests (nothing on a non-working day, nothing twice to an agency on a day)."""
    if not calendar_vn.is_working_day(day):
        return []
    sent = []
    connection = get_connection()
    for d in digests(day):
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    organization_id=d.organization_id,
                    day=day,
                    recipients=d.recipients,
                    assignment_ids=[w.row.id for w in d.overdue + d.soon],
                )
        except IntegrityError:
            continue
        EmailMessage(d.subject, d.body(day), to=d.recipients, connection=connection).send()
        sent.append(d)
    return sent


__all__ = ["Assignment", "Digest", "digests", "send"]
