"""Reminder digests: one email per agency per working day with the right tasks."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command

from tinhgon.conftest import People, Registry
from tinhgon.plans import reminders
from tinhgon.plans.tests.conftest import SmallPlan, at


def test_digest_once_per_agency_per_working_day(
    small_plan: SmallPlan, registry: Registry, people: People, reminder_mail: None
) -> None:
    # Tuesday 25/03/2025: I.1 (due 30/03) is due within 5 working days, for Sở Y tế (lead) and
    # Sở GD&ĐT (coordinating).
    with at(dt.date(2025, 3, 25)):
        call_command("send_reminders")
        call_command("send_reminders")  # a second run the same day sends nothing
    assert sorted(m.to[0] for m in mail.outbox) == ["gddt@example.vn", "yte@example.vn"]
    health = next(m for m in mail.outbox if m.to == ["yte@example.vn"])
    assert "I.1" in health.body and "Sắp đến hạn" in health.body and "I.4" not in health.body
    # Saturday: no reminders.
    assert reminders.send(dt.date(2025, 3, 29)) == []
    # Wednesday 02/04/2025: I.1 is overdue → one more digest each.
    mail.outbox.clear()
    with at(dt.date(2025, 4, 2)):
        call_command("send_reminders")
    assert len(mail.outbox) == 2
    assert all("Quá hạn chưa hoàn thành" in m.body for m in mail.outbox)
