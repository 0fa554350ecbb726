"""ND 170/2025/NĐ-CP art 58–59: a công chức who resigns voluntarily (outside restructuring).

Read: TVPL-DS:21feaa4870bffc9a.md, quoting art 58 and 59 — art 58.1: 3 months of current salary +
1.5 months per year of compulsory insurance + keep the insurance record or take the lump sum;
art 58.2: current salary = the month before resigning (rank salary, leadership allowance,
seniority allowances, reserved differential); art 58.3: one month of salary when the whole service
is 6 to under 12 months; art 58.4: not for people with a retirement notice, in streamlining or
dismissed; art 59.1: counted time = the years of compulsory insurance not yet compensated (gaps
added up); art 59.2: odd months under 3 not counted, 3–6 = 1/2 year, more than 6 = 1 year.

The insurance months of the input stand for "tổng thời gian công tác" of art 58.3. The first day of
ND 170 is the setting ``nd170_effective_date`` (01/07/2025, unconfirmed).
"""

from __future__ import annotations

from decimal import Decimal

from tinhgon.rules.base import Citation, RuleInputError
from tinhgon.rules.streamlining.common import (
    ND170,
    ROUNDINGS,
    Case,
    Computation,
    line,
    num,
    require_salary,
    vnd,
    years_from_months,
)

KEY = ND170
DECREE = "Nghị định 170/2025/NĐ-CP"
CATEGORY = "thoi_viec_nguyen_vong"


def compute(case: Case) -> Computation:
    if case.policy != "resignation":
        raise RuleInputError.one(
            "policy",
            f"Công chức tự nguyện xin thôi việc chỉ có chính sách thôi việc (Điều 58 {DECREE}).",
        )
    if case.person.employment != "cong_chuc":
        raise RuleInputError.one(
            "person.employment",
            f"Chế độ thôi việc theo nguyện vọng của Điều 58 {DECREE} áp dụng cho công chức.",
        )
    months = case.person.insurance_months
    s = require_salary(case, f"khoản 2 Điều 58 {DECREE}").amount
    rounding = case.settings.insurance_years_rounding
    t = years_from_months(months, rounding)
    note = Citation(
        "Được bảo lưu thời gian đóng bảo hiểm xã hội bắt buộc hoặc hưởng bảo hiểm xã hội một lần.",
        DECREE,
        "Điều 58",
        "điểm c khoản 1",
    )
    if months < 6:
        raise RuleInputError.one(
            "person.insurance_months",
            f"Tổng thời gian công tác {months} tháng (dưới 06 tháng): không có mức trợ cấp thôi "
            f"việc (khoản 1, khoản 3 Điều 58 {DECREE}).",
        )
    if months < 12:
        short = (
            line(
                "short_service",
                "Trợ cấp thôi việc bằng 01 tháng tiền lương hiện hưởng",
                s,
                f"{vnd(s)} × 1 (tổng thời gian công tác {months} tháng, từ 06 đến dưới 12 tháng) — "
                f"khoản 3 Điều 58 {DECREE}.",
            ),
        )
        return Computation(short, Decimal(0), t, (note,))
    lines = (
        line(
            "job_search",
            "Trợ cấp 03 tháng tiền lương hiện hưởng",
            Decimal(3) * s,
            f"{vnd(s)} × 3 — điểm a khoản 1 Điều 58 {DECREE}.",
        ),
        line(
            "per_insurance_year",
            "Trợ cấp 1,5 tháng tiền lương cho mỗi năm công tác có đóng bảo hiểm xã hội bắt buộc",
            Decimal("1.5") * s * t,
            f"{vnd(s)} × 1,5 × {num(t)} năm ({months // 12} năm {months % 12} tháng; "
            f"{ROUNDINGS[rounding]}) — điểm b khoản 1 Điều 58; khoản 2 Điều 59 {DECREE}.",
        ),
    )
    return Computation(lines, Decimal(0), t, (note,))
