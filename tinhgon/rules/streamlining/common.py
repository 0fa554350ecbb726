"""What the streamlining decrees share: the case, months and years, rounding, windows, result lines.

Sources (read through the project's search tool; DOMAIN.md §6.0, §6.4, §11b):

- TT 01/2025/TT-BNV (TVPL-DS:395e08ca318443c2.md), read in full: art 3.1 (the "first 12 months"
  run from the effective date of the reorganisation decision; from month 13 the lower rates),
  art 3.3 (months early = months from the retirement time in the decision to the ND 135/2020
  Annex I/II age), art 4.1.b and 4.2.b ("cứ mỗi năm nghỉ sớm (đủ 12 tháng)": whole years).
- ND 29/2023/NĐ-CP art 10 as quoted in TVPL-DS:4bfec583e1c943e4.md (BNV CV 8157/BNV-TCBC page):
  odd months "từ 01 tháng đến đủ 06 tháng tính là 1/2 năm … từ trên 06 tháng đến dưới 12 tháng
  tính tròn là 01 năm", both for insurance time (art 10.4) and early-retirement time (art 10.5).
- ND 170/2025/NĐ-CP art 59.2 as quoted in TVPL-DS:21feaa4870bffc9a.md: under 3 odd months not
  counted, 3–6 months = half a year, more than 6 = a whole year.
- TT 19/2025/TT-BQP art 5.2 (MoD guidance for ND 178, quoted in a third-party compliance table
  found with the search tool, and in DOMAIN.md §6.0 [CONFIRMED]): 1–6 odd months = 0.5 year, more
  than 6 = 1 year.
- Pension threshold: 20 insurance years before 01/07/2025 (Social Insurance Law 58/2014/QH13
  art 54), 15 years from 01/07/2025 (Social Insurance Law 41/2024/QH15 art 64) — DOMAIN.md
  "Read this first" and §11b; the article numbers are from background knowledge, not read.
- Minimum working age 15 (Labour Code 2019 art 3.1; background knowledge), used only to refuse
  insurance time longer than a working life.

Money is ``Decimal`` throughout; the one rounding is :func:`tinhgon.rules.base.money`, applied in
:func:`line` and nowhere else, so the total is the sum of the rounded lines.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tinhgon.rules.base import Citation, RuleInputError, money

# Decree keys (the input's ``decree``) and their full names.
ND29 = "29/2023"
ND154 = "154/2025"
ND178 = "178/2024"
ND170 = "170/2025"
DECREE_NAMES: dict[str, str] = {
    ND29: "Nghị định 29/2023/NĐ-CP",
    ND154: "Nghị định 154/2025/NĐ-CP",
    ND178: "Nghị định 178/2024/NĐ-CP (sửa đổi bởi Nghị định 67/2025/NĐ-CP)",
    ND170: "Nghị định 170/2025/NĐ-CP",
}
TT01 = "Thông tư 01/2025/TT-BNV"
TT19 = "Thông tư 19/2025/TT-BQP"
ND67 = "Nghị định 67/2025/NĐ-CP"
ND135 = "Nghị định 135/2020/NĐ-CP"
BHXH_2014 = "Luật Bảo hiểm xã hội 58/2014/QH13"
BHXH_2024 = "Luật Bảo hiểm xã hội 41/2024/QH15"

CATEGORIES: dict[str, str] = {
    "tinh_gian": "Tinh giản biên chế",
    "sap_xep": "Nghỉ việc do sắp xếp tổ chức bộ máy",
    "thoi_viec_nguyen_vong": "Công chức tự nguyện xin thôi việc",
}
POLICIES: dict[str, str] = {
    "early_retirement": "Nghỉ hưu trước tuổi",
    "resignation": "Nghỉ thôi việc",
}
EMPLOYMENTS: dict[str, str] = {
    "can_bo": "cán bộ",
    "cong_chuc": "công chức",
    "vien_chuc": "viên chức",
    "hop_dong": "người lao động (hợp đồng)",
}

# Pension eligibility: minimum insurance years by the date the pension would start.
PENSION_THRESHOLD_CHANGE = dt.date(2025, 7, 1)
PENSION_YEARS_BEFORE = 20
PENSION_YEARS_FROM = 15

# Rounding of odd months into years (setting values).
WHOLE_YEARS = "whole_years"  # only full 12-month years count (TT 01/2025 art 4)
HALF_YEAR = "half_year"  # 1–6 odd months = 0.5, 7–11 = 1 (ND 29 art 10; TT 19/2025 art 5.2)
ND170_ROUNDING = "nd170"  # < 3 odd months = 0, 3–6 = 0.5, 7–11 = 1 (ND 170 art 59.2)
ROUNDINGS: dict[str, str] = {
    WHOLE_YEARS: "chỉ tính năm đủ 12 tháng",
    HALF_YEAR: "tháng lẻ từ 01 đến đủ 06 tháng tính 1/2 năm, trên 06 tháng tính 01 năm",
    ND170_ROUNDING: "tháng lẻ dưới 03 tháng không tính, từ đủ 03 đến đủ 06 tháng tính 1/2 năm, "
    "trên 06 tháng tính 01 năm",
}

HALF = Decimal("0.5")
ONE = Decimal(1)


@dataclass(frozen=True)
class Salary:
    """The current monthly salary ``amount`` and how it was found (``basis``)."""

    amount: Decimal
    basis: str
    base_salary: Decimal | None = None


@dataclass(frozen=True)
class Person:
    sex: str
    birth_date: dt.date
    employment: str
    annex: str
    statutory_retirement_date: dt.date
    retirement_given: bool
    insurance_months: int  # total months of compulsory social insurance
    salary: Salary | None
    average_salary_60m: Decimal | None
    retirement_basis: str = ""


@dataclass(frozen=True)
class Settings:
    """Every unconfirmed parameter, named (docs/rules/streamlining_benefits.md)."""

    early_years_rounding: str
    insurance_years_rounding: str
    nd67_15_year_reading: str
    severance_months_cap: int | None
    nd154_effective_date: dt.date
    nd178_end_date: dt.date | None
    nd170_effective_date: dt.date
    nd154_table: dict[str, Decimal]
    leadership_allowance_table: dict[str, Decimal]
    min_working_age_years: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "early_years_rounding": self.early_years_rounding,
            "insurance_years_rounding": self.insurance_years_rounding,
            "nd67_15_year_reading": self.nd67_15_year_reading,
            "severance_months_cap": self.severance_months_cap,
            "nd154_effective_date": self.nd154_effective_date,
            "nd178_end_date": self.nd178_end_date,
            "nd170_effective_date": self.nd170_effective_date,
            "nd154_table": dict(self.nd154_table),
            "leadership_allowance_table": dict(self.leadership_allowance_table),
            "min_working_age_years": self.min_working_age_years,
        }


@dataclass(frozen=True)
class Case:
    """Everything a decree module needs: the parsed input with its decree chosen."""

    category: str
    decree: str
    decree_given: bool
    policy: str
    article_2_group: int
    person: Person
    reorganization_effective_date: dt.date | None
    leave_date: dt.date
    settings: Settings
    setting_overrides: tuple[str, ...] = ()

    @property
    def months_early(self) -> int:
        return month_diff(self.leave_date, self.person.statutory_retirement_date)


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    amount_vnd: int
    basis: str


@dataclass(frozen=True)
class Computation:
    """What a decree module returns: its lines and the counts it used."""

    lines: tuple[Line, ...]
    years_early: Decimal
    insurance_years_counted: Decimal
    explanation: tuple[Citation, ...] = field(default=())


# ------------------------------------------------------------------------------------------------
# Months, years and dates


def month_index(day: dt.date) -> int:
    return 12 * day.year + day.month - 1


def month_diff(start: dt.date, end: dt.date) -> int:
    """Whole months from the month of ``start`` to the month of ``end``."""
    return month_index(end) - month_index(start)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (the day clamped to the month's length)."""
    year, month0 = divmod(month_index(day) + months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def years_from_months(months: int, rounding: str) -> Decimal:
    """``months`` as years under one of :data:`ROUNDINGS`."""
    years, odd = divmod(months, 12)
    whole = Decimal(years)
    if odd == 0 or rounding == WHOLE_YEARS:
        return whole
    if rounding == ND170_ROUNDING and odd < 3:
        return whole
    return whole + (HALF if odd <= 6 else ONE)


def first_window_last_day(effective: dt.date) -> dt.date:
    """Last day of "the first 12 months": effective date + 12 months − 1 day (TT 01/2025 art 3.1)."""
    return add_months(effective, 12) - dt.timedelta(days=1)


def pension_years_required(on: dt.date) -> int:
    return PENSION_YEARS_BEFORE if on < PENSION_THRESHOLD_CHANGE else PENSION_YEARS_FROM


def pension_law(on: dt.date) -> tuple[str, str]:
    if on < PENSION_THRESHOLD_CHANGE:
        return BHXH_2014, "Điều 54"
    return BHXH_2024, "Điều 64"


def require_pension_eligible(case: Case, article: str) -> Citation:
    """Refuse early retirement without enough insurance years for a pension on ``leave_date``."""
    required = pension_years_required(case.leave_date)
    law, law_article = pension_law(case.leave_date)
    have = case.person.insurance_months
    if have < 12 * required:
        raise RuleInputError.one(
            "person.insurance_years",
            f"Chưa đủ {required} năm đóng bảo hiểm xã hội bắt buộc để hưởng lương hưu tại ngày "
            f"{vn_date(case.leave_date)} (có {have // 12} năm {have % 12} tháng): không thuộc diện "
            f"nghỉ hưu trước tuổi ({article}; {law_article} {law}).",
        )
    return Citation(
        f"Có {have // 12} năm {have % 12} tháng đóng bảo hiểm xã hội bắt buộc, đủ {required} năm "
        f"để hưởng lương hưu tại ngày {vn_date(case.leave_date)}.",
        law,
        law_article,
    )


# ------------------------------------------------------------------------------------------------
# Lines and formatting


def line(code: str, label: str, amount: Decimal, basis: str) -> Line:
    """A result line: the only place where money is rounded (to the whole đồng, half up)."""
    return Line(code=code, label=label, amount_vnd=money(amount), basis=basis)


def vnd(amount: Decimal | int) -> str:
    """``10296000`` → ``10.296.000`` (Vietnamese thousands separator; decimals with a comma)."""
    value = Decimal(amount)
    whole = int(value)
    text = f"{whole:,}".replace(",", ".")
    rest = value - whole
    if rest:
        text += "," + format(rest.normalize(), "f").split(".")[1]
    return text


def num(value: Decimal | int) -> str:
    """A multiplier or count: ``Decimal('0.5')`` → ``0,5``; ``Decimal('2')`` → ``2``."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def vn_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def require_salary(case: Case, source: str) -> Salary:
    """The current monthly salary, or a refusal naming the article that needs it."""
    if case.person.salary is None:
        raise RuleInputError.one(
            "person.current_salary_vnd",
            "Thiếu căn cứ tiền lương: nhập person.current_salary_vnd, hoặc person.salary_coefficient "
            f"(cùng person.allowance_coefficients nếu có) — {source}.",
        )
    return case.person.salary


def first_window(case: Case, start: dt.date, source: Citation) -> tuple[bool, Citation]:
    """Whether ``leave_date`` falls in the first 12 months counted from ``start``.

    ``source`` carries the decree, article and clause that set the start of the window.
    """
    last = first_window_last_day(start)
    inside = case.leave_date <= last
    where = "trong" if inside else "sau"
    rate = "mức của 12 tháng đầu tiên" if inside else "mức từ tháng thứ 13 trở đi"
    text = (
        f"Nghỉ việc từ {vn_date(case.leave_date)}: {where} thời hạn 12 tháng đầu tiên tính từ "
        f"{vn_date(start)} (đến hết {vn_date(last)}) — hưởng {rate}. {source.text}"
    )
    return inside, Citation(text.strip(), source.decree, source.article, source.clause)
