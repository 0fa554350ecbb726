"""Target attainment and trajectory (the convention of rules/target_status.py)."""

import datetime as dt
from decimal import Decimal

from tinhgon.rules import target_status as ts


def test_change_percent_rounds_to_one_decimal():
    assert ts.change_percent(913, 1000) == Decimal("-8.7")
    assert ts.change_percent(888, 1000) == Decimal("-11.2")
    assert ts.change_percent(5, 0) is None


def test_passed_deadline_is_judged_on_the_value_at_the_deadline():
    # NQ 19: −10 % units by 31/12/2021 vs 2015 (DOMAIN.md §2.1). 1,000 → 899 achieved, 901 missed.
    args = dict(
        comparison="change_percent_max",
        target_value=Decimal(-10),
        baseline=Decimal(1000),
        start=dt.date(2015, 12, 31),
        deadline=dt.date(2021, 12, 31),
        as_of=dt.date(2023, 1, 1),
    )
    assert (
        ts.judge(**args, value_now=Decimal(700), value_at_deadline=Decimal(900)).status
        == "achieved"
    )
    assert (
        ts.judge(**args, value_now=Decimal(700), value_at_deadline=Decimal(901)).status == "missed"
    )


def test_live_target_on_the_straight_line():
    # Half-way from 31/12/2021 to 31/12/2025, a −10 % target expects −5 %.
    args = dict(
        comparison="change_percent_max",
        target_value=Decimal(-10),
        baseline=Decimal(1000),
        start=dt.date(2021, 12, 31),
        deadline=dt.date(2025, 12, 31),
        as_of=dt.date(2023, 12, 31),
        value_at_deadline=None,
    )
    on = ts.judge(**args, value_now=Decimal(950))
    assert on.status == "on_track" and on.target_level == Decimal(900)
    risk = ts.judge(**args, value_now=Decimal(960))
    assert risk.status == "at_risk"
    # 60 left to cut in two years: −30 a year.
    assert risk.pace_per_year is not None and round(risk.pace_per_year) == -30
    # Already below the target level before the deadline: no rate is needed (not "+50 a year").
    below = ts.judge(**args, value_now=Decimal(800))
    assert below.status == "on_track" and below.pace_per_year is None


def test_share_and_count_targets():
    share = ts.judge(
        comparison="share_percent_min",
        target_value=Decimal(20),
        baseline=None,
        start=None,
        deadline=dt.date(2025, 12, 31),
        as_of=dt.date(2026, 1, 1),
        value_now=Decimal(25),
        value_at_deadline=Decimal("19.9"),
    )
    assert share.status == "missed"
    count = ts.judge(
        comparison="count_max",
        target_value=Decimal(1),
        baseline=None,
        start=None,
        deadline=dt.date(2025, 10, 31),
        as_of=dt.date(2025, 9, 1),
        value_now=Decimal(2),
        value_at_deadline=None,
    )
    assert count.status == "at_risk"
