"""Working days of state agencies in Vietnam: Saturday and Sunday off, public holidays as data.

Holidays per Labour Code 2019 art 112: Tết Dương lịch (01/01), Tết Âm lịch (5 days, the exact days for
cán bộ, công chức, viên chức announced each year), Giỗ Tổ Hùng Vương (10/3 lunar), 30/4, 01/5, Quốc
khánh (02/9 plus one adjacent day); a holiday falling on a weekly rest day gives a compensatory day
(nghỉ bù), and the Prime Minister may swap a working day with a Saturday (hoán đổi, làm bù). All of it
is data below, one year at a time; nothing is computed from the lunar calendar.

Sources (checked 26/11/2026 through the search tool; third-party reports of official notices):
- 2024: Tết 08/02–14/02; 30/4–1/5 swap: Monday 29/4 off, Saturday 04/5 worked (CV 2450/VPCP-KGVX,
  baotintuc.vn 12/4/2024).
- 2025: Tết 25/01–02/02 (weekdays 27/01–31/01 off); 30/4–1/5 swap: Friday 02/5 off, Saturday 26/4
  worked (vietnamplus.vn via tracuuquyhoach.com).
- 2026: Tết 14/02–22/02, weekdays 16/02–20/02 off (congan.com.vn; vietnammedia.vnanet.vn 17/10/2025).
Marked [UNCONFIRMED] where no source was read: taken from the rule of the Labour Code or background
knowledge; correct the data, not the code, when the official notice says otherwise.

For a year without data only the fixed solar holidays (01/01, 30/4, 01/5, 02/9) are known;
``has_data(year)`` says whether a year is complete.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

D = dt.date


@dataclass(frozen=True)
class Holiday:
    day: dt.date
    name: str
    compensatory: bool = False


def _span(first: dt.date, last: dt.date, name: str) -> tuple[Holiday, ...]:
    days = (last - first).days + 1
    return tuple(Holiday(first + dt.timedelta(days=i), name) for i in range(days))


TET_DL = "Tết Dương lịch"
TET_NGUYEN_DAN = "Tết Nguyên đán"
GIO_TO = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
GIAI_PHONG = "Ngày Chiến thắng (30/4)"
LAO_DONG = "Ngày Quốc tế Lao động (01/5)"
QUOC_KHANH = "Quốc khánh"

# Days off for cán bộ, công chức, viên chức (weekends inside a span do no harm).
HOLIDAYS: dict[int, tuple[Holiday, ...]] = {
    2024: (
        Holiday(D(2024, 1, 1), TET_DL),
        *_span(D(2024, 2, 8), D(2024, 2, 14), TET_NGUYEN_DAN),
        Holiday(D(2024, 4, 18), GIO_TO),
        Holiday(D(2024, 4, 29), "Hoán đổi ngày làm việc (làm bù thứ Bảy 04/5/2024)", True),
        Holiday(D(2024, 4, 30), GIAI_PHONG),
        Holiday(D(2024, 5, 1), LAO_DONG),
        # [UNCONFIRMED] 02/9 (Monday) and 03/9 (Tuesday).
        *_span(D(2024, 9, 2), D(2024, 9, 3), QUOC_KHANH),
    ),
    2025: (
        Holiday(D(2025, 1, 1), TET_DL),
        *_span(D(2025, 1, 25), D(2025, 2, 2), TET_NGUYEN_DAN),
        Holiday(D(2025, 4, 7), GIO_TO),
        Holiday(D(2025, 4, 30), GIAI_PHONG),
        Holiday(D(2025, 5, 1), LAO_DONG),
        Holiday(D(2025, 5, 2), "Hoán đổi ngày làm việc (làm bù thứ Bảy 26/4/2025)", True),
        # [UNCONFIRMED] 01/9 (Monday) and 02/9 (Tuesday).
        *_span(D(2025, 9, 1), D(2025, 9, 2), QUOC_KHANH),
    ),
    2026: (
        Holiday(D(2026, 1, 1), TET_DL),
        # [UNCONFIRMED] Friday 02/01/2026 swapped with Saturday 10/01/2026.
        Holiday(D(2026, 1, 2), "Hoán đổi ngày làm việc (làm bù thứ Bảy 10/01/2026)", True),
        *_span(D(2026, 2, 14), D(2026, 2, 22), TET_NGUYEN_DAN),
        # 10/3 lunar falls on Sunday 26/4/2026: compensatory Monday 27/4 (Labour Code art 112.3).
        Holiday(D(2026, 4, 26), GIO_TO),
        Holiday(D(2026, 4, 27), f"Nghỉ bù {GIO_TO}", True),
        Holiday(D(2026, 4, 30), GIAI_PHONG),
        Holiday(D(2026, 5, 1), LAO_DONG),
        # [UNCONFIRMED] 01/9 (Tuesday) and 02/9 (Wednesday).
        *_span(D(2026, 9, 1), D(2026, 9, 2), QUOC_KHANH),
    ),
}

# Saturdays worked in exchange for a swapped day off (ngày làm bù).
MAKEUP_WORKDAYS: dict[int, frozenset[dt.date]] = {
    2024: frozenset({D(2024, 5, 4)}),
    2025: frozenset({D(2025, 4, 26)}),
    2026: frozenset({D(2026, 1, 10)}),  # [UNCONFIRMED], see 02/01/2026 above
}

# Solar holidays known for any year (used when a year has no data).
FIXED_HOLIDAYS: tuple[tuple[int, int, str], ...] = (
    (1, 1, TET_DL),
    (4, 30, GIAI_PHONG),
    (5, 1, LAO_DONG),
    (9, 2, QUOC_KHANH),
)

_BY_DAY: dict[dt.date, Holiday] = {h.day: h for year in HOLIDAYS.values() for h in year}


def has_data(year: int) -> bool:
    """Whether the holidays of ``year`` (Tết, Giỗ Tổ, swaps) are in the table."""
    return year in HOLIDAYS


def holiday(d: dt.date) -> Holiday | None:
    """The holiday on ``d`` (from the table, or a fixed solar holiday for a year without data)."""
    if has_data(d.year):
        return _BY_DAY.get(d)
    for month, day, name in FIXED_HOLIDAYS:
        if (d.month, d.day) == (month, day):
            return Holiday(d, name)
    return None


def is_working_day(d: dt.date) -> bool:
    """Monday to Friday and not a holiday, or a Saturday worked in exchange (làm bù)."""
    if d in MAKEUP_WORKDAYS.get(d.year, frozenset()):
        return True
    if d.weekday() >= 5:
        return False
    return holiday(d) is None


def add_working_days(d: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``d`` (before it when ``n`` < 0); ``d`` itself is not counted.

    ``n == 0`` gives ``d`` unchanged, working day or not.
    """
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = d
    while remaining:
        current += dt.timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days from ``a`` to ``b``, both included; 0 when ``b`` is before ``a``."""
    count = 0
    current = a
    while current <= b:
        if is_working_day(current):
            count += 1
        current += dt.timedelta(days=1)
    return count
