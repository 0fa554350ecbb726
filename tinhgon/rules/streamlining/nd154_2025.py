"""ND 154/2025/NĐ-CP (15/06/2025): staff streamlining after ND 29/2023 [mostly SECONDARY].

Read: TVPL-DS:855d31fa698f94ef.md (a draft MoF circular on its funding) — the five policy articles
(art 6 early retirement, art 7 moving out of the budget, art 8 resignation, art 9–10 non-professional
commune and village staff) and the amount "03 tháng tiền lương hiện hưởng" of art 7.1.a, art 8.1.a
and art 8.2.c; "5 policies from 16/6/2025". DOMAIN.md §6.2: current salary instead of the ND 29
60-month average (pbgdpl), 5 months of current salary per early year for Annex II (pbgdpl).

The full benefit table was not read, so every amount is the setting ``nd154_table`` (defaults in
:mod:`tinhgon.rules.streamlining.settings`), named in each line's basis, and the first day is the
setting ``nd154_effective_date``. Fewer insurance years than the table's first service years
(e.g. 15–<20 years from 01/07/2025) are refused rather than guessed.
"""

from __future__ import annotations

from decimal import Decimal

from tinhgon.rules.base import Citation, RuleInputError
from tinhgon.rules.streamlining.common import (
    ND154,
    ROUNDINGS,
    Case,
    Computation,
    line,
    num,
    require_pension_eligible,
    require_salary,
    vnd,
    years_from_months,
)

KEY = ND154
DECREE = "Nghị định 154/2025/NĐ-CP"
CATEGORY = "tinh_gian"
TABLE_NOTE = "bảng mức nd154_table (chưa đối chiếu toàn văn Nghị định 154/2025)"


def compute(case: Case) -> Computation:
    if case.policy == "early_retirement":
        return _early_retirement(case)
    return _resignation(case)


def _early_retirement(case: Case) -> Computation:
    table = case.settings.nd154_table
    m = case.months_early
    low, high = int(table["early_min_months"]), int(table["early_max_months"])
    if not low <= m <= high:
        raise RuleInputError.one(
            "leave_date",
            f"Nghỉ hưu trước tuổi theo Điều 6 {DECREE} áp dụng cho người còn {low}–{high} tháng "
            f"đến tuổi nghỉ hưu ({TABLE_NOTE}); còn {m} tháng.",
        )
    notes = [require_pension_eligible(case, f"Điều 6 {DECREE}")]
    s = require_salary(case, f"Điều 6 {DECREE} (tiền lương tháng hiện hưởng)").amount
    rounding = case.settings.early_years_rounding
    y = years_from_months(m, rounding)
    t = years_from_months(case.person.insurance_months, case.settings.insurance_years_rounding)
    first_years = table["service_first_years"]
    if t < first_years:
        raise RuleInputError.one(
            "person.insurance_years",
            f"Có {num(t)} năm đóng bảo hiểm xã hội, ít hơn {num(first_years)} năm đầu của trợ cấp "
            f"theo thời gian công tác trong {TABLE_NOTE}: mức cho trường hợp này chưa được xác "
            f"nhận (Điều 6 {DECREE}); điều chỉnh settings.nd154_table nếu đã có văn bản.",
        )
    per_year = table["early_per_year_months"]
    service_months = table["service_first_months"] + table["service_per_year_after"] * (
        t - first_years
    )
    lines = (
        line(
            "per_year_early",
            "Trợ cấp cho số năm nghỉ hưu sớm",
            per_year * s * y,
            f"{vnd(s)} × {num(per_year)} tháng × {num(y)} năm ({m} tháng; {ROUNDINGS[rounding]}) "
            f"— Điều 6 {DECREE}; {TABLE_NOTE}.",
        ),
        line(
            "service_time",
            "Trợ cấp theo thời gian công tác có đóng bảo hiểm xã hội bắt buộc",
            service_months * s,
            f"{vnd(s)} × ({num(table['service_first_months'])} tháng cho {num(first_years)} năm "
            f"đầu + {num(table['service_per_year_after'])} × {num(t - first_years)} năm) = "
            f"{num(service_months)} tháng ({num(t)} năm; "
            f"{ROUNDINGS[case.settings.insurance_years_rounding]}) — Điều 6 {DECREE}; {TABLE_NOTE}.",
        ),
    )
    return Computation(lines, y, t, tuple(notes))


def _resignation(case: Case) -> Computation:
    table = case.settings.nd154_table
    s = require_salary(case, f"Điều 8 {DECREE} (tiền lương tháng hiện hưởng)").amount
    t = years_from_months(case.person.insurance_months, case.settings.insurance_years_rounding)
    job, per_year = table["resign_job_search_months"], table["resign_per_year_months"]
    lines = (
        line(
            "job_search",
            "Trợ cấp 03 tháng tiền lương hiện hưởng để tìm việc làm",
            job * s,
            f"{vnd(s)} × {num(job)} — điểm a khoản 1 Điều 8 {DECREE}.",
        ),
        line(
            "per_insurance_year",
            "Trợ cấp 1,5 tháng tiền lương cho mỗi năm công tác có đóng bảo hiểm xã hội bắt buộc",
            per_year * s * t,
            f"{vnd(s)} × {num(per_year)} × {num(t)} năm "
            f"({ROUNDINGS[case.settings.insurance_years_rounding]}) — khoản 1 Điều 8 {DECREE}; "
            f"{TABLE_NOTE}.",
        ),
    )
    note = Citation(
        "Được bảo lưu thời gian đóng hoặc hưởng bảo hiểm xã hội một lần.", DECREE, "Điều 8"
    )
    return Computation(lines, Decimal(0), t, (note,))
