"""``streamlining_benefits``: DOMAIN.md §11.1–11.2 and cases written from the decrees' text.

Abbreviations in the comments: TT01 = Thông tư 01/2025/TT-BNV (read in full, TVPL-DS:395e08ca318443c2),
ND178 = Nghị định 178/2024/NĐ-CP as amended by ND 67/2025, ND29 art 10 as quoted in
TVPL-DS:4bfec583e1c943e4, ND170 art 58–59 as quoted in TVPL-DS:21feaa4870bffc9a.
Most cases use S = 10,000,000 đồng and a given statutory retirement date so the numbers can be
checked by hand.
"""

import datetime as dt

import pytest

from tinhgon.rules import catalogue
from tinhgon.rules.base import RuleInputError
from tinhgon.rules.streamlining.common import add_months

S = 10_000_000


def run(payload):
    return catalogue.run("streamlining_benefits", payload)


def amounts(result):
    return {line["code"]: line["amount_vnd"] for line in result["lines"]}


def nd178(
    months_early,
    *,
    leave="2025-08-01",
    reorg="2025-07-01",
    years=30,
    months=0,
    policy="early_retirement",
    employment="vien_chuc",
    annex="I",
    group=None,
    settings=None,
):
    leave_date = dt.date.fromisoformat(leave)
    payload = {
        "category": "sap_xep",
        "policy": policy,
        "person": {
            "sex": "M",
            "birth_date": "1966-01-01",
            "employment": employment,
            "annex": annex,
            "statutory_retirement_date": add_months(leave_date, months_early).isoformat(),
            "insurance_years": years,
            "insurance_months": months,
            "current_salary_vnd": S,
        },
        "reorganization_effective_date": reorg,
        "leave_date": leave,
    }
    if group is not None:
        payload["article_2_group"] = group
    if settings is not None:
        payload["settings"] = settings
    return payload


def refused(payload, path):
    with pytest.raises(RuleInputError) as info:
        run(payload)
    assert [p.path for p in info.value.problems] == [path]
    return info.value.problems[0].message


# --- DOMAIN.md §11 worked examples -----------------------------------------------------------


def test_domain_11_1_nd178_early_retirement_civilian():
    # DOMAIN §11.1: woman born 03/1970 (Annex I → pension from 08/2027), unit merged by a decision
    # effective 01/07/2025, retires from 01/08/2025; coefficient 4.40 × 2,340,000 = 10,296,000;
    # 30 insurance years. TT01 art 4.1.a–c.
    result = run(
        {
            "category": "sap_xep",
            "policy": "early_retirement",
            "person": {
                "sex": "F",
                "birth_date": "1970-03-15",
                "employment": "vien_chuc",
                "insurance_years": 30,
                "salary_coefficient": 4.40,
            },
            "reorganization_effective_date": "2025-07-01",
            "leave_date": "2025-08-01",
        }
    )
    assert result["decree"] == "178/2024"
    assert result["months_early"] == 24
    assert result["years_early"] == 2
    assert result["insurance_years_counted"] == 30
    assert amounts(result) == {
        "lump_sum_months_early": 247_104_000,
        "per_year_early": 102_960_000,
        "service_time": 102_960_000,
    }
    assert result["total_vnd"] == 453_024_000


def test_domain_11_2_nd29_early_retirement():
    # DOMAIN §11.2: average salary 7,000,000; 3 years early; 28 insurance years → 63,000,000 +
    # 63,000,000 = 126,000,000 (ND29 art 5, art 10.2, 10.4–10.5).
    result = run(
        {
            "category": "tinh_gian",
            "policy": "early_retirement",
            "person": {
                "sex": "M",
                "birth_date": "1964-01-01",
                "employment": "cong_chuc",
                "statutory_retirement_date": "2027-01-01",
                "insurance_years": 28,
                "average_salary_60m_vnd": 7_000_000,
            },
            "leave_date": "2024-01-01",
        }
    )
    assert result["decree"] == "29/2023"
    assert (result["months_early"], result["years_early"]) == (36, 3)
    assert amounts(result) == {"per_year_early": 63_000_000, "service_time": 63_000_000}
    assert result["total_vnd"] == 126_000_000


# --- ND 178: bands and windows -----------------------------------------------------------------

BAND_CASES = [
    # (months early, first 12 months?, expected lines) — S = 10m, 30 years → service 10 months.
    # TT01 art 4.3: under 2 years, only the months-early lump sum, as in the first 12 months.
    (23, True, {"lump_sum_months_early": 230_000_000}),
    (23, False, {"lump_sum_months_early": 230_000_000}),
    # TT01 art 4.1: exactly 24 months = "từ đủ 02 năm": 1.0 × S × 24; 5 months × 2 years.
    (
        24,
        True,
        {
            "lump_sum_months_early": 240_000_000,
            "per_year_early": 100_000_000,
            "service_time": 100_000_000,
        },
    ),
    # TT01 art 4.1: exactly 60 months = "đến đủ 05 năm": 1.0 × S × 60; 5 months × 5 years.
    (
        60,
        True,
        {
            "lump_sum_months_early": 600_000_000,
            "per_year_early": 250_000_000,
            "service_time": 100_000_000,
        },
    ),
    # TT01 art 4.1.a from month 13: 0.5 × S × 60.
    (
        60,
        False,
        {
            "lump_sum_months_early": 300_000_000,
            "per_year_early": 250_000_000,
            "service_time": 100_000_000,
        },
    ),
    # TT01 art 4.2: 61 months = "trên 05 năm": 0.9 × S × 60; 4 months × 5 whole years.
    (
        61,
        True,
        {
            "lump_sum_months_early": 540_000_000,
            "per_year_early": 200_000_000,
            "service_time": 100_000_000,
        },
    ),
    # TT01 art 4.2.a from month 13: 0.45 × S × 60 (DOMAIN §11b).
    (
        61,
        False,
        {
            "lump_sum_months_early": 270_000_000,
            "per_year_early": 200_000_000,
            "service_time": 100_000_000,
        },
    ),
    # TT01 art 4.2: exactly 120 months = "đến đủ 10 năm": 0.9 × S × 60; 4 months × 10 years.
    (
        120,
        True,
        {
            "lump_sum_months_early": 540_000_000,
            "per_year_early": 400_000_000,
            "service_time": 100_000_000,
        },
    ),
]


@pytest.mark.parametrize(("months_early", "first", "expected"), BAND_CASES)
def test_nd178_bands(months_early, first, expected):
    leave = "2025-08-01" if first else "2026-08-01"
    result = run(nd178(months_early, leave=leave))
    assert result["months_early"] == months_early
    assert amounts(result) == expected
    assert result["total_vnd"] == sum(expected.values())


def test_nd178_jump_at_60_61_months_early():
    # TT01 art 4.1.a vs 4.2.a: 60 months → 1.0 × S × 60 + 5 × 5; 61 → 0.9 × S × 60 + 4 × 5.
    at_60, at_61 = run(nd178(60)), run(nd178(61))
    assert amounts(at_60)["lump_sum_months_early"] - amounts(at_61)["lump_sum_months_early"] == (
        60_000_000
    )
    assert at_60["total_vnd"] - at_61["total_vnd"] == 110_000_000
    # From month 13 the jump is halved for the lump sum (0.5 × 60 vs 0.45 × 60).
    later_60, later_61 = run(nd178(60, leave="2026-08-01")), run(nd178(61, leave="2026-08-01"))
    assert amounts(later_60)["lump_sum_months_early"] == 300_000_000
    assert amounts(later_61)["lump_sum_months_early"] == 270_000_000


def test_nd178_more_than_ten_years_refused():
    # ND178 art 7.1–7.2 / TT01 art 4.2: "đến đủ 10 năm" — 121 months is outside every band.
    message = refused(nd178(121), "leave_date")
    assert "trên 10 năm" in message and "Điều 7" in message


@pytest.mark.parametrize(
    ("reorg", "leave", "first"),
    [
        # TT01 art 3.1: the window opens on the effective date itself (first day).
        ("2025-07-01", "2025-07-01", True),
        # Last day: effective 02/07/2025 → window to 01/07/2026 inclusive.
        ("2025-07-02", "2026-07-01", True),
        # Effective 01/07/2025 → window to 30/06/2026; 01/07/2026 is month 13.
        ("2025-07-01", "2026-07-01", False),
        ("2025-07-01", "2026-06-01", True),
        # Effective 15/06/2025 → to 14/06/2026: 01/06/2026 inside, 01/07/2026 outside.
        ("2025-06-15", "2026-06-01", True),
        ("2025-06-15", "2026-07-01", False),
    ],
)
def test_nd178_twelve_month_window_edges(reorg, leave, first):
    result = run(nd178(36, reorg=reorg, leave=leave))
    expected = 360_000_000 if first else 180_000_000  # 1.0 / 0.5 × S × 36 (TT01 art 4.1.a)
    assert amounts(result)["lump_sum_months_early"] == expected


@pytest.mark.parametrize(
    ("months_early", "rounding", "years_early", "per_year"),
    [
        # TT01 art 4.1.b: "cứ mỗi năm nghỉ sớm (đủ 12 tháng)" — 30 months → 2 whole years.
        (30, None, 2, 100_000_000),
        (35, None, 2, 100_000_000),
        (36, None, 3, 150_000_000),
        # TT 19/2025/TT-BQP art 5.2 (setting): 1–6 odd months = 0.5 year, more than 6 = 1 year.
        (25, "half_year", 2.5, 125_000_000),
        (30, "half_year", 2.5, 125_000_000),
        (31, "half_year", 3, 150_000_000),
        (36, "half_year", 3, 150_000_000),
    ],
)
def test_nd178_years_early_rounding(months_early, rounding, years_early, per_year):
    settings = None if rounding is None else {"early_years_rounding": rounding}
    result = run(nd178(months_early, settings=settings))
    assert result["years_early"] == years_early
    assert amounts(result)["per_year_early"] == per_year
    assert result["settings"]["early_years_rounding"] == (rounding or "whole_years")


@pytest.mark.parametrize(
    ("years", "months", "counted", "service"),
    [
        # TT 19/2025/TT-BQP rounding of insurance time (default for ND 178): 0 odd months.
        (20, 0, 20, 50_000_000),
        # 1 odd month → 20.5 years → 5 + 0.5 × 0.5 = 5.25 months (TT01 art 4.1.c).
        (20, 1, 20.5, 52_500_000),
        # 6 odd months → still 20.5.
        (20, 6, 20.5, 52_500_000),
        # 7 odd months → 21 years → 5.5 months.
        (20, 7, 21, 55_000_000),
        # DOMAIN §6.0: 35 years 4 months → 35.5; 35 years 11 months → 36.
        (35, 4, 35.5, 127_500_000),
        (35, 11, 36, 130_000_000),
    ],
)
def test_nd178_insurance_years_rounding(years, months, counted, service):
    result = run(nd178(36, years=years, months=months))
    assert result["insurance_years_counted"] == counted
    assert amounts(result)["service_time"] == service


@pytest.mark.parametrize(
    ("leave", "reorg", "years", "months", "service"),
    [
        # Before 01/07/2025 the pension needs 20 years (Social Insurance Law 2014 art 54):
        ("2025-06-01", "2025-01-01", 20, 0, 50_000_000),
        ("2025-06-01", "2025-01-01", 21, 0, 55_000_000),
        # From 01/07/2025 15 years (Law 41/2024 art 64); ND 67's clause, TT 19 reading (default):
        # 15 years → 4 months for the first 15 years.
        ("2025-07-01", "2025-07-01", 15, 0, 40_000_000),
        # 19 years 6 months → 19.5 → 4 + 0.5 × 4.5 = 6.25 months.
        ("2025-07-01", "2025-07-01", 19, 6, 62_500_000),
        # 20 and 21 years → the 20-year rule: 5 and 5.5 months (DOMAIN §11b).
        ("2025-07-01", "2025-07-01", 20, 0, 50_000_000),
        ("2025-07-01", "2025-07-01", 21, 0, 55_000_000),
    ],
)
def test_nd178_pension_threshold_and_service_time(leave, reorg, years, months, service):
    result = run(nd178(36, leave=leave, reorg=reorg, years=years, months=months))
    assert amounts(result)["service_time"] == service


@pytest.mark.parametrize(
    ("leave", "reorg", "years", "months"),
    [
        # 19 years 11 months on 01/06/2025: the 20-year threshold is not met.
        ("2025-06-01", "2025-01-01", 19, 11),
        # 15 years on 01/06/2025: not yet the 15-year law.
        ("2025-06-01", "2025-01-01", 15, 0),
        # 14 years 11 months on 01/07/2025: under 15 years (not rounded up for eligibility).
        ("2025-07-01", "2025-07-01", 14, 11),
    ],
)
def test_nd178_not_pension_eligible_refused(leave, reorg, years, months):
    message = refused(
        nd178(36, leave=leave, reorg=reorg, years=years, months=months), "person.insurance_years"
    )
    assert "lương hưu" in message and "Điều 7" in message


def test_nd67_literal_reading_setting():
    # ND 67's text read literally: 4 months for the first 15 years + 0.5 from the 16th, also at
    # 20 and 21 years (DOMAIN §11b): 6.5 and 7 months.
    literal = {"nd67_15_year_reading": "literal"}
    assert amounts(run(nd178(36, years=20, settings=literal)))["service_time"] == 65_000_000
    assert amounts(run(nd178(36, years=21, settings=literal)))["service_time"] == 70_000_000


def test_nd67_clause_not_before_15_03_2025():
    # Before ND 67 (leave 01/03/2025, 20-year threshold) only the 20-year rule exists.
    result = run(nd178(36, leave="2025-03-01", reorg="2025-01-01", years=20))
    assert amounts(result)["service_time"] == 50_000_000


@pytest.mark.parametrize(
    ("leave", "first"),
    [
        # ND 67 art 7a: group 2's window runs 12 months from 15/03/2025 (to 14/03/2026).
        ("2026-03-01", True),
        ("2026-04-01", False),
    ],
)
def test_nd178_group_2_window_from_15_03_2025(leave, first):
    result = run(nd178(36, leave=leave, reorg="2025-03-15", group=2))
    assert amounts(result)["lump_sum_months_early"] == (360_000_000 if first else 180_000_000)


def test_nd178_group_2_more_than_five_years_refused():
    # ND 67 art 2.2: group 2 = 5 years or less to retirement.
    refused(nd178(61, group=2), "leave_date")


def test_nd178_group_4_no_time_decay():
    # ND 67 art 7b: 1.0 × S × months early whatever the leave date.
    result = run(nd178(30, leave="2027-01-01", reorg="2025-03-15", group=4))
    assert amounts(result)["lump_sum_months_early"] == 300_000_000


def test_nd178_annex_ii_bands():
    # ND178 art 7.2.c: Annex II, 2–5 years → 5 months per year; more than 5 years only Annex I.
    result = run(nd178(36, annex="II"))
    assert amounts(result)["per_year_early"] == 150_000_000
    refused(nd178(61, annex="II"), "leave_date")


@pytest.mark.parametrize(
    ("employment", "months_early", "leave", "expected"),
    [
        # TT01 art 5: công chức — 0.8 × S × min(100, 60) + 1.5 × S × 30 + 3 × S.
        (
            "cong_chuc",
            100,
            "2025-08-01",
            {"severance": 480_000_000, "per_insurance_year": 450_000_000, "job_search": 30_000_000},
        ),
        # TT01 art 6: viên chức — no job-search amount (unemployment insurance instead).
        (
            "vien_chuc",
            100,
            "2025-08-01",
            {"severance": 480_000_000, "per_insurance_year": 450_000_000},
        ),
        # From month 13: 0.4 × S × 60.
        (
            "vien_chuc",
            100,
            "2026-08-01",
            {"severance": 240_000_000, "per_insurance_year": 450_000_000},
        ),
        # Exactly 24 months left: still "≥ 2 years" (ND178 art 9–10).
        (
            "vien_chuc",
            24,
            "2025-08-01",
            {"severance": 192_000_000, "per_insurance_year": 450_000_000},
        ),
    ],
)
def test_nd178_resignation(employment, months_early, leave, expected):
    result = run(nd178(months_early, leave=leave, policy="resignation", employment=employment))
    assert amounts(result) == expected


def test_nd178_resignation_under_two_years_refused():
    # ND178 art 9–10: resignation for people with 2 years or more left.
    message = refused(nd178(23, policy="resignation"), "policy")
    assert "dưới 02 năm" in message and "Điều 10" in message


def test_severance_months_cap_setting():
    # ND178 art 5.2 not seen: the cap is a setting (default 60; null = none).
    result = run(nd178(100, policy="resignation", settings={"severance_months_cap": None}))
    assert amounts(result)["severance"] == 800_000_000
    assert result["settings"]["severance_months_cap"] is None


# --- base salary by date (ND 73/2024; ND 161/2026 art 3.2) ---------------------------------------


@pytest.mark.parametrize(
    ("leave", "salary"),
    [
        # Base salary of the month before leave_date (TT01 art 3.2.a): June 2026 → 2,340,000.
        ("2026-07-01", 5_475_600),  # DOMAIN §11.8: 2.34 × 2,340,000
        # July 2026 → 2,530,000 (ND 161/2026 art 3.2).
        ("2026-08-01", 5_920_200),
    ],
)
def test_base_salary_of_the_month_before(leave, salary):
    payload = nd178(60, leave=leave, reorg="2025-07-01", policy="resignation")
    del payload["person"]["current_salary_vnd"]
    payload["person"]["salary_coefficient"] = "2.34"
    result = run(payload)
    assert amounts(result)["per_insurance_year"] == salary * 45


def test_allowances_and_leadership_setting():
    # TT01 art 3.2.a: (coefficient + leadership coefficient + other coefficients) × base salary.
    payload = nd178(36, leave="2025-08-01")
    person = payload["person"]
    del person["current_salary_vnd"]
    person.update(
        salary_coefficient=4.0,
        allowance_coefficients={"thâm niên vượt khung": 0.2},
        leadership_position="truong_phong",
    )
    message = refused(payload, "person.leadership_position")
    assert "07/2026" in message
    payload["settings"] = {"leadership_allowance_table": {"truong_phong": 0.6}}
    result = run(payload)
    # (4.0 + 0.2 + 0.6) × 2,340,000 = 11,232,000 → lump 1.0 × S × 36.
    assert amounts(result)["lump_sum_months_early"] == 11_232_000 * 36


# --- ND 29 / ND 154 (tinh giản biên chế) ---------------------------------------------------------


def nd_tinh_gian(months_early, *, leave="2024-01-01", years=28, policy="early_retirement", **extra):
    leave_date = dt.date.fromisoformat(leave)
    person = {
        "sex": "M",
        "birth_date": "1964-01-01",
        "employment": "cong_chuc",
        "statutory_retirement_date": add_months(leave_date, months_early).isoformat(),
        "insurance_years": years,
        "average_salary_60m_vnd": 7_000_000,
        "current_salary_vnd": S,
    }
    person.update(extra)
    return {"category": "tinh_gian", "policy": policy, "person": person, "leave_date": leave}


@pytest.mark.parametrize(
    ("months_early", "years_early"),
    [
        # ND29 art 10.5: 1–6 odd months = 1/2 year; more than 6 = 1 year.
        (24, 2),
        (25, 2.5),
        (30, 2.5),
        (31, 3),
        (60, 5),
    ],
)
def test_nd29_years_early_half_year_rounding(months_early, years_early):
    result = run(nd_tinh_gian(months_early))
    assert result["years_early"] == years_early
    assert amounts(result)["per_year_early"] == int(3 * 7_000_000 * years_early)


@pytest.mark.parametrize("months_early", [23, 61])
def test_nd29_outside_two_to_five_years_refused(months_early):
    # ND29 art 5: 2 to 5 years below the retirement age.
    assert "Điều 5" in refused(nd_tinh_gian(months_early), "leave_date")


def test_nd29_missing_average_salary_refused():
    payload = nd_tinh_gian(36)
    del payload["person"]["average_salary_60m_vnd"]
    assert "Điều 10" in refused(payload, "person.average_salary_60m_vnd")


def test_nd29_resignation():
    # ND29 art 7 (DOMAIN §6.1, UNCONFIRMED amounts): 3 × S + 1.5 × average × 28.
    result = run(nd_tinh_gian(100, policy="resignation"))
    assert amounts(result) == {"job_search": 30_000_000, "per_insurance_year": 294_000_000}


@pytest.mark.parametrize(
    ("leave", "decree"), [("2025-06-01", "29/2023"), ("2025-07-01", "154/2025")]
)
def test_tinh_gian_decree_by_leave_date(leave, decree):
    # ND 154/2025 from 15/06/2025 (setting nd154_effective_date); ND 29 until the day before.
    result = run(nd_tinh_gian(36, leave=leave))
    assert result["decree"] == decree


def test_nd154_early_retirement_table_setting():
    # ND 154 art 6 with the nd154_table defaults: 5 months per year; 5 + 0.5 × (25 − 20) months.
    result = run(nd_tinh_gian(36, leave="2025-07-01", years=25))
    assert amounts(result) == {"per_year_early": 150_000_000, "service_time": 75_000_000}
    # 17 years: eligible for a pension from 01/07/2025 but not covered by the table → refused.
    refused(nd_tinh_gian(36, leave="2025-07-01", years=17), "person.insurance_years")


# --- ND 170 (công chức tự nguyện thôi việc) -------------------------------------------------------


def nd170(years, months, *, employment="cong_chuc", policy="resignation", leave="2025-08-01"):
    return {
        "category": "thoi_viec_nguyen_vong",
        "policy": policy,
        "person": {
            "sex": "F",
            "birth_date": "1990-05-05",
            "employment": employment,
            "insurance_years": years,
            "insurance_months": months,
            "current_salary_vnd": S,
        },
        "leave_date": leave,
    }


@pytest.mark.parametrize(
    ("years", "months", "counted", "total"),
    [
        # ND170 art 59.2: under 3 odd months not counted.
        (10, 2, 10, 30_000_000 + 150_000_000),
        # 3 to 6 odd months = 1/2 year.
        (10, 3, 10.5, 30_000_000 + 157_500_000),
        (10, 6, 10.5, 30_000_000 + 157_500_000),
        # more than 6 = 1 year.
        (10, 7, 11, 30_000_000 + 165_000_000),
        # ND170 art 58.1: exactly 12 months → 3 × S + 1.5 × S × 1.
        (1, 0, 1, 45_000_000),
    ],
)
def test_nd170_resignation(years, months, counted, total):
    result = run(nd170(years, months))
    assert result["decree"] == "170/2025"
    assert result["insurance_years_counted"] == counted
    assert result["total_vnd"] == total


@pytest.mark.parametrize("months", [6, 11])
def test_nd170_six_to_under_twelve_months_one_month(months):
    # ND170 art 58.3: 6 to under 12 months of service → one month of salary.
    assert amounts(run(nd170(0, months))) == {"short_service": S}


def test_nd170_refusals():
    refused(nd170(0, 5), "person.insurance_months")  # art 58.3: under 6 months, no amount
    refused(nd170(5, 0, employment="vien_chuc"), "person.employment")  # art 58.1: công chức
    refused(nd170(5, 0, policy="early_retirement"), "policy")
    refused(nd170(5, 0, leave="2025-06-01"), "leave_date")  # before nd170_effective_date


# --- bad input (issue 6) -------------------------------------------------------------------------


def test_leave_date_not_first_of_month():
    payload = nd178(36)
    payload["leave_date"] = "2025-08-02"
    assert "ngày 01" in refused(payload, "leave_date")


def test_leave_date_before_reorganization_decision():
    assert "khoản 1 Điều 3" in refused(nd178(36, reorg="2025-09-01"), "leave_date")


def test_leave_date_on_statutory_retirement_date():
    assert "không trước" in refused(nd178(0), "leave_date")


def test_insurance_longer_than_working_life():
    payload = nd178(36, years=45)  # born 01/1966: at most 44 years 7 months since age 15
    assert "Bộ luật Lao động" in refused(payload, "person.insurance_years")


def test_category_not_matching_decree():
    payload = nd178(36)
    payload["decree"] = "29/2023"
    assert "Điều 1" in refused(payload, "decree")


def test_decree_outside_its_period():
    payload = nd_tinh_gian(36, leave="2025-08-01")
    payload["decree"] = "29/2023"
    refused(payload, "decree")


def test_missing_salary_basis():
    payload = nd178(36)
    del payload["person"]["current_salary_vnd"]
    assert "Điều 3 khoản 2" in refused(payload, "person.current_salary_vnd")


def test_missing_reorganization_date_for_nd178():
    payload = nd178(36)
    del payload["reorganization_effective_date"]
    refused(payload, "reorganization_effective_date")


def test_unknown_setting_refused():
    refused(nd178(36, settings={"rounding": "x"}), "settings.rounding")


def test_explicit_decree_written_in_full_and_explanation():
    payload = nd178(36)
    payload["decree"] = " Nghị định số 178/2024/NĐ-CP "
    result = run(payload)
    assert result["decree"] == "178/2024"
    texts = " ".join(item["text"] for item in result["explanation"])
    assert "được chỉ định" in texts and "12 tháng đầu tiên" in texts
    assert all(line["basis"] for line in result["lines"])
