"""The reporting calendar: for a year, every kind's periods with their data window or snapshot
date and deadline, and what today means for each (not begun, open, due, overdue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tinhgon.core.errors import Refused
from tinhgon.reports import kinds


@dataclass(frozen=True)
class Due:
    kind: kinds.ReportKind
    period: kinds.Period | None  # None: not begun yet (no window to show)
    code: str
    start: dt.date
    end: dt.date
    deadline: dt.date
    state: str  # not_begun | open | due | overdue
    state_label: str


def _code(year: int, step: str) -> str:
    return str(year) if step == "year" else f"{year}-{step}"


def calendar(year: int, today: dt.date) -> list[Due]:
    out: list[Due] = []
    far = dt.date(year + 1, 12, 31)  # parse the period as if it had begun, for its dates
    for kind in kinds.KINDS.values():
        for step in kind.cadence:
            code = _code(year, step)
            period = kinds.parse_period(code, kind, far)
            deadline = kind.deadline(period)
            begun = True
            try:
                kinds.parse_period(code, kind, today)
            except Refused:
                begun = False
            if not begun:
                state, label = "not_begun", "Chưa đến kỳ"
            elif today > deadline:
                state, label = "overdue", "Đã quá hạn gửi"
            elif today >= period.end:
                state, label = "due", f"Đến hạn gửi ({(deadline - today).days} ngày)"
            else:
                state, label = "open", "Đang trong kỳ"
            out.append(Due(kind, period, code, period.start, period.end, deadline, state, label))
    out.sort(key=lambda d: (d.deadline, d.kind.code))
    return out
