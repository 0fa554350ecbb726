"""What else an agency must be reminded of, from apps above the one that sends the digests.

The daily digest (``tinhgon send_reminders``, :mod:`tinhgon.plans.reminders`) lists each agency's
tasks due soon or overdue. Apps above plans — the report rounds — have deadlines of their own but
plans may not import them (the layers run one way), so they register a *source* here: a function
``(day, horizon, overdue_from) -> [ReminderItem]`` giving, per agency, what falls due between
``day`` and ``horizon`` or has been overdue since ``overdue_from`` or earlier. The digest adds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReminderItem:
    organization_id: int
    due: dt.date
    text: str  # what is due, in Vietnamese, e.g. "Báo cáo … năm 2026 (chưa gửi)"
    overdue: bool


ReminderSource = Callable[[dt.date, dt.date, dt.date], list[ReminderItem]]
_SOURCES: dict[str, ReminderSource] = {}


def reminder_source(name: str) -> Callable[[ReminderSource], ReminderSource]:
    """Register ``fn`` as the source ``name`` (registered again under the same name: replaced)."""

    def register(fn: ReminderSource) -> ReminderSource:
        _SOURCES[name] = fn
        return fn

    return register


def reminder_items(day: dt.date, horizon: dt.date, overdue_from: dt.date) -> list[ReminderItem]:
    """Every registered source's items, in due-date order."""
    items = [item for fn in _SOURCES.values() for item in fn(day, horizon, overdue_from)]
    return sorted(items, key=lambda i: (i.due, i.text))
