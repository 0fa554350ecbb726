"""Reporting periods and the four buckets, from plain values (no database access here).

Periods are Decree 09/2019 data windows (rule ``report_window``): the half-year 1 of 2025 runs from
15/12/2024 to 14/06/2025. A recurring task is due once per period, on the period's last day.

The bucket of one assignment as of day D:

- not recurring: its ``due`` as of D (a date; a conditional task's condition date + N working days
  once the condition is recorded; a per-project task's date once a project sets it; otherwise none).
  Done (the report with status completed finally approved on or before D): ``done_on_time`` when
  submitted on or before ``due`` (or there is no due date), else ``done_late``. Not done: ``overdue``
  when D is after ``due``, else ``not_due``.
- recurring: ``done_on_time`` when the report of the period containing D is approved; otherwise
  ``overdue`` when the last ended period (that began after the assignment started) has no approved
  report; otherwise ``not_due``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from tinhgon.plans.choices import Bucket, DeadlineKind
from tinhgon.rules import calendar_vn, report_window

PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "half": 2, "year": 1}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int | None
    start: dt.date
    end: dt.date

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.year, self.number)

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"năm {self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {self.number}/{self.year}"
        return f"tháng {self.number}/{self.year}"


@lru_cache(maxsize=4096)
def period(kind: str, year: int, number: int | None) -> Period:
    inp = report_window.Input(kind=kind, year=year, number=number, as_of=dt.date(year, 1, 1))
    result = report_window.evaluate(inp)
    return Period(kind, year, number, result.start, result.end)


def _numbers(kind: str) -> list[int | None]:
    n = PERIODS_PER_YEAR[kind]
    return [None] if n == 1 else list(range(1, n + 1))


@lru_cache(maxsize=8192)
def period_of(kind: str, day: dt.date) -> Period:
    """The period of ``kind`` whose window contains ``day``."""
    for year in (day.year, day.year + 1):
        for number in _numbers(kind):
            p = period(kind, year, number)
            if p.start <= day <= p.end:
                return p
    raise ValueError(day)  # pragma: no cover (windows tile the calendar)


def previous(p: Period) -> Period:
    return period_of(p.kind, p.start - dt.timedelta(days=1))


def following(p: Period) -> Period:
    return period_of(p.kind, p.end + dt.timedelta(days=1))


def periods_between(kind: str, first: dt.date, last: dt.date) -> list[Period]:
    out = []
    p = period_of(kind, first)
    while p.start <= last:
        out.append(p)
        p = following(p)
    return out


@lru_cache(maxsize=8192)
def _after_working_days(day: dt.date, n: int) -> dt.date:
    return calendar_vn.add_working_days(day, n)


def effective_due(
    kind: str,
    due: dt.date | None,
    condition_met_on: dt.date | None,
    project_due: dt.date | None,
    day: dt.date,
    condition_days: int,
) -> dt.date | None:
    """The due date of a non-recurring deadline as known on ``day`` (None: not due yet)."""
    if kind == DeadlineKind.DATE:
        return due
    if kind == DeadlineKind.CONDITIONAL:
        if condition_met_on is None or condition_met_on > day:
            return None
        return _after_working_days(condition_met_on, condition_days)
    if kind == DeadlineKind.PER_PROJECT:
        return project_due
    return None


def bucket_once(
    due: dt.date | None, done_on: dt.date | None, done_approved_on: dt.date | None, day: dt.date
) -> str:
    if done_on is not None and done_approved_on is not None and done_approved_on <= day:
        return Bucket.DONE_ON_TIME if due is None or done_on <= due else Bucket.DONE_LATE
    if due is not None and day > due:
        return Bucket.OVERDUE
    return Bucket.NOT_DUE


def bucket_recurring(current_approved: bool, previous_due: bool, previous_approved: bool) -> str:
    if current_approved:
        return Bucket.DONE_ON_TIME
    if previous_due and not previous_approved:
        return Bucket.OVERDUE
    return Bucket.NOT_DUE


def empty_counts() -> dict[str, int]:
    return {b.value: 0 for b in Bucket}
