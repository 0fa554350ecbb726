"""The working-day calendar: weekends, holidays as data per year, swapped and compensatory days."""

import datetime as dt

import pytest

from tinhgon.rules import calendar_vn as cal

D = dt.date


@pytest.mark.parametrize(
    "day",
    [
        D(2024, 1, 1),  # Tết Dương lịch (Monday)
        D(2024, 2, 8),  # first and last weekday of Tết Giáp Thìn
        D(2024, 2, 14),
        D(2024, 4, 18),  # Giỗ Tổ 2024 (Thursday)
        D(2024, 4, 29),  # swapped Monday
        D(2024, 4, 30),
        D(2024, 5, 1),
        D(2024, 9, 2),
        D(2024, 9, 3),
        D(2025, 1, 27),  # Tết Ất Tỵ weekdays 27–31/01
        D(2025, 1, 31),
        D(2025, 4, 7),  # Giỗ Tổ 2025 (Monday)
        D(2025, 5, 2),  # swapped Friday
        D(2025, 9, 1),
        D(2026, 2, 16),  # Tết Bính Ngọ weekdays 16–20/02
        D(2026, 2, 20),
        D(2026, 4, 27),  # compensatory day for Giỗ Tổ on Sunday 26/4/2026
        D(2026, 9, 2),
        D(2030, 9, 2),  # a year without data still knows the solar holidays (Monday)
    ],
)
def test_holidays_are_not_working_days(day):
    assert day.weekday() < 5
    assert not cal.is_working_day(day)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2024, 5, 4), True),  # Saturday worked in exchange for 29/4/2024
        (D(2025, 4, 26), True),  # Saturday worked in exchange for 02/5/2025
        (D(2024, 5, 5), False),  # an ordinary Sunday
        (D(2024, 12, 14), False),  # Saturday
        (D(2024, 12, 13), True),  # Friday
        (D(2025, 2, 3), True),  # first working day after Tết 2025
        (D(2026, 2, 23), True),  # first working day after Tết 2026
    ],
)
def test_weekends_and_makeup_saturdays(day, working):
    assert cal.is_working_day(day) is working


def test_data_years():
    assert cal.has_data(2024) and cal.has_data(2025) and cal.has_data(2026)
    assert not cal.has_data(2030)
    assert cal.holiday(D(2025, 1, 28)).name == cal.TET_NGUYEN_DAN
    assert cal.holiday(D(2026, 4, 27)).compensatory


def test_add_working_days_skips_weekends_and_tet():
    # Friday 07/02/2024 + 1 working day: Tết 08–14/02, weekend 10–11 → Thursday 15/02/2024.
    assert cal.add_working_days(D(2024, 2, 7), 1) == D(2024, 2, 15)
    # Friday 13/12/2024 + 1 → Monday 16/12/2024.
    assert cal.add_working_days(D(2024, 12, 13), 1) == D(2024, 12, 16)
    # Backwards: Monday 16/12/2024 − 1 → Friday 13/12/2024.
    assert cal.add_working_days(D(2024, 12, 16), -1) == D(2024, 12, 13)
    # 0 leaves the day alone.
    assert cal.add_working_days(D(2024, 12, 14), 0) == D(2024, 12, 14)
    # Through the swapped days of 2025: Friday 25/04 + 1 → Saturday 26/04 (làm bù).
    assert cal.add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)
    # Tuesday 29/04/2025 + 1 → Monday 05/05/2025 (30/4, 1/5, 2/5 off, then the weekend).
    assert cal.add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)


def test_working_days_between():
    # A plain week, both ends included.
    assert cal.working_days_between(D(2024, 12, 9), D(2024, 12, 15)) == 5
    # February 2024: 21 weekdays, 5 of them Tết (08, 09, 12, 13, 14).
    assert cal.working_days_between(D(2024, 2, 1), D(2024, 2, 29)) == 16
    # January 2025: 23 weekdays − 01/01 − 27..31/01 = 17.
    assert cal.working_days_between(D(2025, 1, 1), D(2025, 1, 31)) == 17
    assert cal.working_days_between(D(2025, 1, 2), D(2025, 1, 1)) == 0
    assert cal.working_days_between(D(2024, 12, 14), D(2024, 12, 14)) == 0
