"""Attainment of a target and the pace needed (docs/rules/target_status.md).

- A target whose deadline has passed is judged once, on the value measured at its deadline:
  ``achieved`` or ``missed``.
- A live target is ``on_track`` when today's value is at least as good as the straight line from the
  baseline (at the baseline date) to the target level (at the deadline) would have it today, and
  ``at_risk`` otherwise. ``pace_per_year`` is the change per year still needed from today to reach the
  target level by the deadline (negative for a cut); ``None`` once today's value already meets the
  target level (nothing more is needed — the dashboard says so instead of a rate).
- Comparisons: ``change_percent_max`` (value ≤ baseline × (1 + target/100), e.g. −10 %),
  ``share_percent_min`` (share ≥ target %), ``count_max`` (value ≤ target).
This is a reading of "phấn đấu đến năm …" targets, not a legal formula: the straight line is the
project's convention, stated here and on the dashboard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Status:
    status: str  # achieved | missed | on_track | at_risk
    target_level: Decimal
    expected_now: Decimal | None
    pace_per_year: Decimal | None


def change_percent(value: Decimal | int, baseline: Decimal | int) -> Decimal | None:
    """(value ÷ baseline − 1) × 100, rounded to one decimal (None when the baseline is 0)."""
    if not baseline:
        return None
    raw = (Decimal(value) / Decimal(baseline) - 1) * 100
    return raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _level(comparison: str, baseline: Decimal, target_value: Decimal) -> Decimal:
    if comparison == "change_percent_max":
        return baseline * (1 + target_value / 100)
    return target_value


def _better_or_equal(comparison: str, value: Decimal, level: Decimal) -> bool:
    if comparison == "share_percent_min":
        return value >= level
    return value <= level


def judge(
    *,
    comparison: str,
    target_value: Decimal,
    baseline: Decimal | None,
    start: dt.date | None,
    deadline: dt.date,
    as_of: dt.date,
    value_now: Decimal,
    value_at_deadline: Decimal | None,
) -> Status:
    base = Decimal(baseline) if baseline is not None else Decimal(value_now)
    level = _level(comparison, base, Decimal(target_value))
    if as_of >= deadline:
        final = value_at_deadline if value_at_deadline is not None else value_now
        ok = _better_or_equal(comparison, Decimal(final), level)
        return Status("achieved" if ok else "missed", level, None, None)
    expected: Decimal | None = None
    if comparison == "count_max" or start is None or baseline is None or start >= deadline:
        expected = level
    else:
        total = Decimal((deadline - start).days)
        elapsed = Decimal(max(0, (as_of - start).days))
        expected = base + (level - base) * (elapsed / total)
    years_left = Decimal((deadline - as_of).days) / Decimal("365.25")
    reached = _better_or_equal(comparison, Decimal(value_now), level)
    pace = (level - Decimal(value_now)) / years_left if years_left > 0 and not reached else None
    ok = _better_or_equal(comparison, Decimal(value_now), expected)
    return Status("on_track" if ok else "at_risk", level, expected, pace)
