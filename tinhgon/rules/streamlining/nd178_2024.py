"""ND 178/2024/NĐ-CP as amended by ND 67/2025/NĐ-CP: leaving because of the 2025 restructuring.

Read (through the project's search tool):

- TT 01/2025/TT-BNV, full text (TVPL-DS:395e08ca318443c2.md): art 3.1 (first 12 months from the
  effective date of the reorganisation decision), art 3.2 (current salary), art 3.3–3.5 (months
  early, years early, insurance time), art 4.1 (2–5 years early: 1.0 / 0.5 × S × months early;
  5 months per full year early; 5 months for the first 20 insurance years + 0.5 per year from the
  21st), art 4.2 (more than 5 to 10 years: 0.9 / 0.45 × S × 60; 4 months per full year early),
  art 4.3 (under 2 years: the months-early lump sum as in the first 12 months), art 5 (cán bộ,
  công chức: 0.8 / 0.4 × S × the months of ND 178 art 5.2; 1.5 × S per insurance year; 3 months
  for the job search), art 6 (viên chức, người lao động: the same without the job-search amount —
  unemployment insurance instead), art 8.1 (benefits counted from 01/01/2025).
- ND 67/2025 art 1–2 as summarised in TVPL-DS:9ab79b6d73e44269.md (article 2 groups 1–4).

From DOMAIN.md §6.3 (ND 178/67 text [CONFIRMED] there, not re-read here): art 7.2.c (Annex II,
5 months per year), art 7a (group 2: window from 15/03/2025, ≤ 5 years left), art 7b (group 4:
1.0 × S × months early without time decay), ND 67's 15-year service clause (4 months for the first
15 years + 0.5 from the 16th) — its reading is the setting ``nd67_15_year_reading`` (§11b).
ND 178 art 5 (eligible months, rounding) was not seen: settings ``severance_months_cap``,
``insurance_years_rounding``, ``early_years_rounding``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tinhgon.rules.base import Citation, RuleInputError
from tinhgon.rules.streamlining.common import (
    ND67,
    ND178,
    ROUNDINGS,
    TT01,
    TT19,
    Case,
    Computation,
    Line,
    first_window,
    line,
    num,
    require_pension_eligible,
    require_salary,
    vn_date,
    vnd,
    years_from_months,
)

KEY = ND178
DECREE = "Nghị định 178/2024/NĐ-CP"
CATEGORY = "sap_xep"
START = dt.date(2025, 1, 1)  # TT 01/2025 art 8.1: counted from 01/01/2025 (ND 178 art 24.1)
ND67_FROM = dt.date(2025, 3, 15)  # ND 67/2025 in force on signing
SALARY_SOURCE = f"{TT01}, Điều 3 khoản 2"


def compute(case: Case) -> Computation:
    if case.policy == "early_retirement":
        return _early_retirement(case)
    return _resignation(case)


def _early_retirement(case: Case) -> Computation:
    group = case.article_2_group
    m = case.months_early
    annex = case.person.annex
    if group in (2, 4) and case.leave_date < ND67_FROM:
        raise RuleInputError.one(
            "article_2_group",
            f"Chính sách cho nhóm {group} (Điều {'7a' if group == 2 else '7b'} {DECREE}) do "
            f"{ND67} bổ sung, áp dụng từ {vn_date(ND67_FROM)}.",
        )
    if group in (2, 4) and m > 60:
        raise RuleInputError.one(
            "leave_date",
            f"Nhóm {group} chỉ gồm người còn 5 năm (60 tháng) trở xuống đến tuổi nghỉ hưu; còn "
            f"{m} tháng (khoản {group} Điều 2 {DECREE}, sửa đổi bởi {ND67}).",
        )
    if annex == "II" and m > 60:
        raise RuleInputError.one(
            "leave_date",
            f"Nghỉ hưu trước tuổi trên 5 năm chỉ áp dụng so với tuổi nghỉ hưu tại Phụ lục I; còn "
            f"{m} tháng đến tuổi tại Phụ lục II (điểm b, c khoản 2 Điều 7 {DECREE}).",
        )
    if m > 120:
        raise RuleInputError.one(
            "leave_date",
            f"Còn {m} tháng (trên 10 năm) đến tuổi nghỉ hưu: không thuộc diện nghỉ hưu trước tuổi "
            f"(khoản 1, khoản 2 Điều 7 {DECREE}; {TT01}, Điều 4).",
        )
    salary = require_salary(case, SALARY_SOURCE)
    s = salary.amount
    notes = [require_pension_eligible(case, f"khoản 2 Điều 7 {DECREE}")]
    first, window_note = _window(case, m)
    notes.append(window_note)
    lines: list[Line] = []
    if m <= 60:
        rate = Decimal(1) if first else Decimal("0.5")
        clause = "điểm a khoản 1 Điều 4" if m >= 24 else "khoản 3 Điều 4"
        lines.append(
            line(
                "lump_sum_months_early",
                "Trợ cấp hưu trí một lần cho số tháng nghỉ sớm",
                rate * s * m,
                f"{vnd(s)} × {num(rate)} × {m} tháng nghỉ sớm — khoản 1 Điều 7 {DECREE}; "
                f"{TT01}, {clause}.",
            )
        )
    else:
        rate = Decimal("0.9") if first else Decimal("0.45")
        lines.append(
            line(
                "lump_sum_months_early",
                "Trợ cấp hưu trí một lần cho số tháng nghỉ sớm",
                rate * s * 60,
                f"{vnd(s)} × {num(rate)} × 60 tháng (nghỉ sớm {m} tháng, trên 5 năm đến đủ 10 năm) "
                f"— khoản 1 Điều 7 {DECREE}; {TT01}, điểm a khoản 2 Điều 4.",
            )
        )
    rounding = case.settings.early_years_rounding
    years_early = years_from_months(m, rounding)
    insurance_years = years_from_months(
        case.person.insurance_months, case.settings.insurance_years_rounding
    )
    if m < 24:
        notes.append(
            Citation(
                f"Còn dưới 02 năm ({m} tháng) đến tuổi nghỉ hưu: hưởng lương hưu không bị trừ tỷ "
                "lệ và trợ cấp cho số tháng nghỉ sớm như 12 tháng đầu tiên; không có trợ cấp theo "
                "số năm nghỉ sớm và theo thời gian công tác.",
                TT01,
                "Điều 4",
                "khoản 3",
            )
        )
        return Computation(tuple(lines), Decimal(0), insurance_years, tuple(notes))
    per_year = Decimal(5) if m <= 60 else Decimal(4)
    point = ("điểm c" if annex == "II" else "điểm a") if m <= 60 else "điểm b"
    tt_clause = "điểm b khoản 1 Điều 4" if m <= 60 else "điểm b khoản 2 Điều 4"
    lines.append(
        line(
            "per_year_early",
            "Trợ cấp cho số năm nghỉ hưu sớm",
            per_year * s * years_early,
            f"{vnd(s)} × {num(per_year)} tháng × {num(years_early)} năm nghỉ sớm ({m} tháng; "
            f"{ROUNDINGS[rounding]}) — {point} khoản 2 Điều 7 {DECREE}; {TT01}, {tt_clause}.",
        )
    )
    lines.append(_service_line(case, s, insurance_years))
    return Computation(tuple(lines), years_early, insurance_years, tuple(notes))


def _window(case: Case, m: int) -> tuple[bool, Citation]:
    group = case.article_2_group
    if group == 4:
        return True, Citation(
            "Nhóm 4: trợ cấp cho số tháng nghỉ sớm bằng 1,0 × tiền lương × số tháng, không phụ "
            "thuộc thời điểm nghỉ.",
            ND67,
            "Điều 7b",
        )
    if m < 24:
        return True, Citation(
            "Còn dưới 02 năm đến tuổi nghỉ hưu: trợ cấp cho số tháng nghỉ sớm tính như người "
            "nghỉ trong 12 tháng đầu tiên.",
            TT01,
            "Điều 4",
            "khoản 3",
        )
    if group == 2:
        return first_window(
            case,
            ND67_FROM,
            Citation(
                "Nhóm 2: 12 tháng tính từ ngày Nghị định 67/2025 có hiệu lực.", ND67, "Điều 7a"
            ),
        )
    return first_window(case, _effective(case), Citation("", TT01, "Điều 3", "khoản 1"))


def _effective(case: Case) -> dt.date:
    if case.reorganization_effective_date is None:  # pragma: no cover - parse requires it
        raise RuleInputError.one("reorganization_effective_date", "Thiếu giá trị.")
    return case.reorganization_effective_date


def _service_line(case: Case, s: Decimal, t: Decimal) -> Line:
    """Service-time allowance (art 7.2; ND 67's 15-year clause read per the setting)."""
    reading = case.settings.nd67_15_year_reading
    nd67 = case.leave_date >= ND67_FROM
    months_text = (
        f"{num(t)} năm đóng bảo hiểm xã hội ({ROUNDINGS[case.settings.insurance_years_rounding]})"
    )
    if nd67 and t >= 15 and (reading == "literal" or t < 20):
        months = Decimal(4) + Decimal("0.5") * (t - 15)
        why = (
            f"04 tháng cho 15 năm đầu + 0,5 tháng × {num(t - 15)} năm từ năm thứ 16 — khoản 2 "
            f"Điều 7 {DECREE}, sửa đổi bởi {ND67}"
            + (" (đọc theo câu chữ)" if reading == "literal" and t >= 20 else "")
        )
    elif t >= 20:
        months = Decimal(5) + Decimal("0.5") * (t - 20)
        why = (
            f"05 tháng cho 20 năm đầu + 0,5 tháng × {num(t - 20)} năm từ năm thứ 21 — khoản 2 "
            f"Điều 7 {DECREE}; {TT01}, điểm c khoản 1 và khoản 2 Điều 4"
            + (f"; cách đọc của {TT19} cho người từ 20 năm" if nd67 else "")
        )
    else:
        raise RuleInputError.one(
            "person.insurance_years",
            f"Có {num(t)} năm đóng bảo hiểm xã hội: chưa đủ để hưởng trợ cấp theo thời gian công "
            f"tác (khoản 2 Điều 7 {DECREE}).",
        )
    return line(
        "service_time",
        "Trợ cấp theo thời gian công tác có đóng bảo hiểm xã hội bắt buộc",
        months * s,
        f"{vnd(s)} × {num(months)} tháng ({months_text}): {why}.",
    )


def _resignation(case: Case) -> Computation:
    group = case.article_2_group
    m = case.months_early
    if group == 4:
        raise RuleInputError.one(
            "policy",
            f"Nhóm 4 (khoản 4 Điều 2 {DECREE}, sửa đổi bởi {ND67}) chỉ gồm người có nguyện vọng "
            "nghỉ hưu trước tuổi (Điều 7b): không áp dụng chính sách thôi việc.",
        )
    cadre = case.person.employment in ("can_bo", "cong_chuc")
    article = "Điều 9" if cadre else "Điều 10"
    if m < 24:
        raise RuleInputError.one(
            "policy",
            f"Còn {m} tháng (dưới 02 năm) đến tuổi nghỉ hưu: không thuộc diện nghỉ thôi việc "
            f"({article} {DECREE}); xem xét chính sách nghỉ hưu trước tuổi (Điều 7).",
        )
    salary = require_salary(case, SALARY_SOURCE)
    s = salary.amount
    tt_article = "Điều 5" if cadre else "Điều 6"
    first, window_note = first_window(
        case, _effective(case), Citation("", TT01, "Điều 3", "khoản 1")
    )
    cap = case.settings.severance_months_cap
    eligible = m if cap is None else min(m, cap)
    rate = Decimal("0.8") if first else Decimal("0.4")
    cap_text = "không giới hạn" if cap is None else f"tối đa {cap} tháng"
    lines = [
        line(
            "severance",
            "Trợ cấp thôi việc",
            rate * s * eligible,
            f"{vnd(s)} × {num(rate)} × {eligible} tháng (số tháng còn lại đến tuổi nghỉ hưu {m}, "
            f"{cap_text} — khoản 2 Điều 5 {DECREE}, thiết lập severance_months_cap) — khoản 1 "
            f"{article} {DECREE}; {TT01}, khoản 1 {tt_article}.",
        )
    ]
    t = years_from_months(case.person.insurance_months, case.settings.insurance_years_rounding)
    lines.append(
        line(
            "per_insurance_year",
            "Trợ cấp 1,5 tháng tiền lương cho mỗi năm công tác có đóng bảo hiểm xã hội bắt buộc",
            Decimal("1.5") * s * t,
            f"{vnd(s)} × 1,5 × {num(t)} năm ({ROUNDINGS[case.settings.insurance_years_rounding]}) "
            f"— khoản 2 {article} {DECREE}; {TT01}, khoản 2 {tt_article}.",
        )
    )
    notes = [window_note]
    if cadre:
        lines.append(
            line(
                "job_search",
                "Trợ cấp 03 tháng tiền lương hiện hưởng để tìm việc làm",
                Decimal(3) * s,
                f"{vnd(s)} × 3 — khoản 4 Điều 9 {DECREE}; {TT01}, khoản 3 Điều 5.",
            )
        )
    else:
        notes.append(
            Citation(
                "Viên chức, người lao động: hưởng bảo hiểm thất nghiệp theo pháp luật về việc làm "
                "thay cho trợ cấp tìm việc làm (không tính ở đây).",
                TT01,
                "Điều 6",
                "khoản 3",
            )
        )
    return Computation(tuple(lines), Decimal(0), t, tuple(notes))
