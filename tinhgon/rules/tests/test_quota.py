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
