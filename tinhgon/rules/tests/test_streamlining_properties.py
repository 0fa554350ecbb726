"""Properties of ``streamlining_benefits`` (hypothesis).

- Within one decree, one band and one window, a later leave date never increases the lump sum
  (TT 01/2025/TT-BNV art 4: the lump sum follows the months early, or is flat over 61–120 months).
- The total is the sum of the lines, whatever the decree and policy.
- NFC or NFD text and surrounding spaces give the same result.
- The jump at 60/61 months early, for every salary and both windows (TT 01/2025 art 4.1.a/4.2.a).
"""

import datetime as dt
import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tinhgon.rules import catalogue
from tinhgon.rules.base import RuleInputError
from tinhgon.rules.streamlining.common import add_months

REORG = dt.date(2025, 7, 1)
FIRST = [add_months(REORG, k) for k in range(12)]  # leave dates in the first 12 months
LATER = [add_months(REORG, k) for k in range(12, 48)]  # from month 13


def payload(leave, statutory, salary, *, years=30, policy="early_retirement", category="sap_xep"):
    return {
        "category": category,
        "policy": policy,
        "person": {
            "sex": "M",
            "birth_date": "1966-01-01",
            "employment": "cong_chuc",
            "statutory_retirement_date": statutory.isoformat(),
            "insurance_years": years,
            "current_salary_vnd": salary,
            "average_salary_60m_vnd": salary,
        },
        "reorganization_effective_date": REORG.isoformat(),
        "leave_date": leave.isoformat(),
    }


def lump(result):
    return next(x["amount_vnd"] for x in result["lines"] if x["code"] == "lump_sum_months_early")


def band(months):
    return 0 if months < 24 else 1 if months <= 60 else 2


salaries = st.integers(min_value=3_000_000, max_value=60_000_000)


@settings(max_examples=300, deadline=None)
@given(
    window=st.sampled_from([FIRST, LATER]),
    data=st.data(),
    statutory_offset=st.integers(min_value=1, max_value=160),
    salary=salaries,
)
def test_later_leave_never_increases_lump_sum(window, data, statutory_offset, salary):
    earlier = data.draw(st.sampled_from(window[:-1]))
    later = data.draw(st.sampled_from([d for d in window if d > earlier]))
    statutory = add_months(earlier, statutory_offset)
    m_early = statutory_offset
    m_later = statutory_offset - (12 * (later.year - earlier.year) + later.month - earlier.month)
    assume(m_later >= 1 and m_early <= 120 and band(m_early) == band(m_later))
    first = catalogue.run("streamlining_benefits", payload(earlier, statutory, salary))
    second = catalogue.run("streamlining_benefits", payload(later, statutory, salary))
    assert lump(second) <= lump(first)


cases = st.sampled_from(
    [
        ("sap_xep", "early_retirement"),
        ("sap_xep", "resignation"),
        ("tinh_gian", "early_retirement"),
        ("tinh_gian", "resignation"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    case=cases,
    leave=st.sampled_from(FIRST + LATER + [dt.date(2024, 1, 1), dt.date(2025, 3, 1)]),
    months_early=st.integers(min_value=1, max_value=130),
    salary=salaries,
    years=st.integers(min_value=0, max_value=40),
)
def test_total_is_the_sum_of_lines(case, leave, months_early, salary, years):
    category, policy = case
    data = payload(leave, add_months(leave, months_early), salary, years=years, policy=policy)
    data["category"] = category
    if category == "tinh_gian" or leave < REORG:
        data.pop("reorganization_effective_date")
        if category == "sap_xep":
            data["reorganization_effective_date"] = "2025-01-01"
    try:
        result = catalogue.run("streamlining_benefits", data)
    except RuleInputError:
        return
    assert result["total_vnd"] == sum(x["amount_vnd"] for x in result["lines"])
    assert all(isinstance(x["amount_vnd"], int) and x["amount_vnd"] >= 0 for x in result["lines"])


USER_TEXT_KEYS = ("allowance_coefficients", "leadership_allowance_table")


def _variant(value, form, pad, *, keys=False):
    """Every text value (and the names of allowances) in ``form`` with ``pad`` around it."""
    if isinstance(value, str):
        return pad + unicodedata.normalize(form, value) + pad
    if isinstance(value, dict):
        return {
            (_variant(k, form, pad) if keys else k): _variant(
                v, form, pad, keys=k in USER_TEXT_KEYS
            )
            for k, v in value.items()
        }
    return value


@settings(max_examples=100, deadline=None)
@given(form=st.sampled_from(["NFC", "NFD"]), pad=st.sampled_from(["", " ", "  \t"]))
def test_nfc_nfd_and_spaces_give_the_same_result(form, pad):
    base = payload(dt.date(2025, 8, 1), dt.date(2028, 8, 1), 0)
    person = base["person"]
    del person["current_salary_vnd"]
    del person["average_salary_60m_vnd"]
    person.update(salary_coefficient="4.40", allowance_coefficients={"phụ cấp thâm niên": "0.3"})
    base["decree"] = "Nghị định 178/2024/NĐ-CP"
    base["settings"] = {"leadership_allowance_table": {"Trưởng phòng": "0.6"}}
    person["leadership_position"] = "Trưởng phòng"
    reference = catalogue.run("streamlining_benefits", base)
    varied = _variant(base, form, pad)
    assert varied["settings"]["leadership_allowance_table"] != {"Trưởng phòng": "0.6"} or (
        form == "NFC" and not pad
    )
    assert catalogue.run("streamlining_benefits", varied) == reference


@settings(max_examples=100, deadline=None)
@given(salary=salaries, window=st.sampled_from([FIRST, LATER]), data=st.data())
def test_jump_at_60_61_months_early(salary, window, data):
    leave = data.draw(st.sampled_from(window))
    at_60 = catalogue.run("streamlining_benefits", payload(leave, add_months(leave, 60), salary))
    at_61 = catalogue.run("streamlining_benefits", payload(leave, add_months(leave, 61), salary))
    k60, k61 = (1, 0.9) if window is FIRST else (0.5, 0.45)
    assert lump(at_60) == round(k60 * salary * 60)
    assert lump(at_61) == round(k61 * salary * 60)
    # One more month early lowers the lump sum by 0.1 × S × 60 (first 12 months) or 0.05 × S × 60,
    # and the per-year amount from 5 to 4 months per year.
    assert lump(at_60) > lump(at_61)
    assert at_60["total_vnd"] > at_61["total_vnd"]
