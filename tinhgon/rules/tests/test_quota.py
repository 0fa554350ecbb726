"""Quota kind names and the yearly cycle's deadlines (ND 106/2020 art 14; ND 232/2026)."""

import datetime as dt

from tinhgon.rules import quota


def test_public_employee_quota_is_renamed_on_1_july_2026():
    # DOMAIN.md §5.4: "Biên chế viên chức hưởng lương từ NSNN" from 01/07/2026.
    before = quota.kind_label("public_employee_budget", dt.date(2026, 6, 30))
    after = quota.kind_label("public_employee_budget", dt.date(2026, 7, 1))
    assert before == "Số lượng người làm việc hưởng lương từ NSNN"
    assert after == "Biên chế viên chức hưởng lương từ NSNN"
    assert quota.kind_label("civil_servant", dt.date(2026, 7, 1)) == "Biên chế công chức"


def test_cycle_deadlines_are_the_last_days_on_time():
    # ND 106 art 14: before 01/05 (→ due 30/04) and before 01/07 (→ due 30/06) of the year before.
    steps = {d.step: d.due for d in quota.cycle_deadlines(2025)}
    assert steps == {"proposal": dt.date(2024, 4, 30), "appraisal": dt.date(2024, 6, 30)}


def test_who_pays_a_units_public_employees_follows_its_autonomy_group():
    # DOMAIN.md §4.1 (ND 60/2021 art 9) and §5.1 (ND 106/2020 arts 9–11): groups 1 and 2 pay their
    # people from their own revenue, group 4 is paid by the State, group 3 has both numbers.
    def source(group, unit=True):  # type: ignore[no-untyped-def]
        return quota.salary_source(public_service_unit=unit, autonomy_group=group)

    assert [source(g) for g in (1, 2, 3, 4, None)] == [
        "public_employee_revenue",
        "public_employee_revenue",
        None,
        "public_employee_budget",
        None,
    ]
    # A department (no service revenue) pays its people from the budget.
    assert source(None, unit=False) == "public_employee_budget"
