"""ND 29/2023/NĐ-CP (effective 20/07/2023): staff streamlining (tinh giản biên chế), until ND 154/2025.

Read: the BNV reply CV 8157/BNV-TCBC and ND 29 art 10 as quoted in TVPL-DS:4bfec583e1c943e4.md —
early retirement: pension without reduction, 3 months of average salary per year retired early,
5 months of average salary for the first 20 insurance years + 1/2 month per year from the 21st;
art 10.1 current salary (the month before streamlining), art 10.2 average salary (the last 60
months, or the whole career with fewer than 60 months of insurance), art 10.3 the age moment (the
1st of the month after the birth month), art 10.4–10.5 odd months: 1–6 = 1/2 year, 7–11 = 1 year.

From DOMAIN.md §6.1 [SECONDARY]: art 5 early retirement for people 2 to 5 years below the
retirement age with 20 insurance years; art 7 resignation (immediate): 3 months of current salary
to find a job + 1.5 months of average salary per insurance year [UNCONFIRMED amounts, "standard"].
ND 29 art 8 (commune staff 5–10 years early) and the vocational-training variant of art 7 are not
computed. The end of ND 29 is the setting ``nd154_effective_date``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tinhgon.rules.base import Citation, RuleInputError
from tinhgon.rules.streamlining.common import (
    ND29,
    ROUNDINGS,
    Case,
    Computation,
    Salary,
    line,
    num,
    require_pension_eligible,
    require_salary,
    vnd,
    years_from_months,
)

KEY = ND29
DECREE = "Nghị định 29/2023/NĐ-CP"
CATEGORY = "tinh_gian"
START = dt.date(2023, 7, 20)


def _average(case: Case) -> Salary:
    average = case.person.average_salary_60m
    if average is None:
        raise RuleInputError.one(
            "person.average_salary_60m_vnd",
            "Thiếu tiền lương bình quân 60 tháng cuối trước khi tinh giản biên chế (khoản 2 "
            f"Điều 10 {DECREE}).",
        )
    return Salary(average, f"tiền lương bình quân 60 tháng được nhập: {vnd(average)} đồng")


def compute(case: Case) -> Computation:
    if case.policy == "early_retirement":
        return _early_retirement(case)
    return _resignation(case)


def _early_retirement(case: Case) -> Computation:
    m = case.months_early
    if not 24 <= m <= 60:
        raise RuleInputError.one(
            "leave_date",
            f"Nghỉ hưu trước tuổi theo Điều 5 {DECREE} áp dụng cho người còn từ đủ 02 năm đến đủ "
            f"05 năm (24–60 tháng) đến tuổi nghỉ hưu; còn {m} tháng.",
        )
    notes = [require_pension_eligible(case, f"Điều 5 {DECREE}")]
    avg = _average(case).amount
    notes.append(
        Citation(f"Tiền lương bình quân 60 tháng: {vnd(avg)} đồng.", DECREE, "Điều 10", "khoản 2")
    )
    rounding = case.settings.early_years_rounding
    y = years_from_months(m, rounding)
    t = years_from_months(case.person.insurance_months, case.settings.insurance_years_rounding)
    if t < 20:  # pragma: no cover - the pension threshold is 20 years while ND 29 is in force
        raise RuleInputError.one(
            "person.insurance_years", f"Chưa đủ 20 năm đóng bảo hiểm xã hội (Điều 5 {DECREE})."
        )
    service_months = Decimal(5) + Decimal("0.5") * (t - 20)
    lines = (
        line(
            "per_year_early",
            "Trợ cấp cho số năm nghỉ hưu trước tuổi",
            Decimal(3) * avg * y,
            f"{vnd(avg)} × 3 tháng × {num(y)} năm ({m} tháng; {ROUNDINGS[rounding]}) — Điều 5; "
            f"khoản 5 Điều 10 {DECREE}.",
        ),
        line(
            "service_time",
            "Trợ cấp theo thời gian công tác có đóng bảo hiểm xã hội bắt buộc",
            service_months * avg,
            f"{vnd(avg)} × (5 tháng cho 20 năm đầu + 0,5 × {num(t - 20)} năm từ năm thứ 21) = "
            f"{num(service_months)} tháng ({num(t)} năm; "
            f"{ROUNDINGS[case.settings.insurance_years_rounding]}) — Điều 5; khoản 4 Điều 10 "
            f"{DECREE}.",
        ),
    )
    notes.append(
        Citation(
            "Hưởng lương hưu theo pháp luật bảo hiểm xã hội, không bị trừ tỷ lệ do nghỉ hưu trước "
            "tuổi (không tính ở đây).",
            DECREE,
            "Điều 5",
        )
    )
    return Computation(lines, y, t, tuple(notes))


def _resignation(case: Case) -> Computation:
    s = require_salary(case, f"khoản 1 Điều 10 {DECREE}").amount
    avg = _average(case).amount
    t = years_from_months(case.person.insurance_months, case.settings.insurance_years_rounding)
    lines = (
        line(
            "job_search",
            "Trợ cấp 03 tháng tiền lương hiện hưởng để tìm việc làm",
            Decimal(3) * s,
            f"{vnd(s)} × 3 — Điều 7 {DECREE} (mức chưa được đối chiếu với văn bản gốc).",
        ),
        line(
            "per_insurance_year",
            "Trợ cấp 1,5 tháng tiền lương bình quân cho mỗi năm công tác có đóng bảo hiểm xã hội",
            Decimal("1.5") * avg * t,
            f"{vnd(avg)} × 1,5 × {num(t)} năm ({ROUNDINGS[case.settings.insurance_years_rounding]})"
            f" — Điều 7; khoản 4 Điều 10 {DECREE} (mức chưa được đối chiếu với văn bản gốc).",
        ),
    )
    note = Citation(
        "Mức trợ cấp thôi việc của Điều 7 lấy từ tóm tắt thứ cấp (DOMAIN.md §6.1, UNCONFIRMED); "
        "được bảo lưu thời gian đóng hoặc hưởng bảo hiểm xã hội một lần.",
        DECREE,
        "Điều 7",
    )
    return Computation(lines, Decimal(0), t, (note,))
