"""Settings of the plans app, read when used (never at import time), with their defaults.

- ``TINHGON_PLANS_CONDITION_WORKING_DAYS`` (30): a conditional task is due this many working days
  after its condition is recorded.
- ``TINHGON_PLANS_REPORT_GRACE_WORKING_DAYS`` (20): a period stays open for reports this many working
  days after its end; later it is closed unless Sở Nội vụ reopens it.
- ``TINHGON_PLANS_REMIND_BEFORE_WORKING_DAYS`` (5) and ``TINHGON_PLANS_REMIND_AFTER_WORKING_DAYS`` (1):
  reminders start this many working days before a deadline, and after a missed one.
- ``TINHGON_PLANS_FOLLOWUP_WORKING_DAYS`` (60): follow-up tasks opened by a reorganization event are
  due this many working days after the event.
- ``TINHGON_PLANS_EVIDENCE_MAX_BYTES`` (10 MB): the largest evidence file.
"""

from django.conf import settings

DEFAULTS = {
    "CONDITION_WORKING_DAYS": 30,
    "REPORT_GRACE_WORKING_DAYS": 20,
    "REMIND_BEFORE_WORKING_DAYS": 5,
    "REMIND_AFTER_WORKING_DAYS": 1,
    "FOLLOWUP_WORKING_DAYS": 60,
    "EVIDENCE_MAX_BYTES": 10 * 1024 * 1024,
}


def get(name: str) -> int:
    return int(getattr(settings, f"TINHGON_PLANS_{name}", DEFAULTS[name]))
