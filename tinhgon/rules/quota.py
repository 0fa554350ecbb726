"""Staffing quota facts that change with dates: what each kind of quota is called, and the yearly
cycle's deadlines.

Sources (DOMAIN.md §5.1, §5.4, §11b):
- Decree 106/2020/NĐ-CP art 14: the province sends its next-year headcount plan to the Ministry of Home
  Affairs "trước ngày 01/5"; the Ministry appraises "trước ngày 01/7"; annual statistics "trước ngày 31/01"
  (Annexes III, IV). A deadline's ``due`` is the last day on time (DESIGN.md: "trước ngày 01/5" → 30/4).
- Decree 232/2026/NĐ-CP (from 01/07/2026) renames the public-employee quota: "Biên chế viên chức hưởng
  lương từ NSNN / từ nguồn thu sự nghiệp" (before: "Số lượng người làm việc hưởng lương …").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ND232_EFFECTIVE = dt.date(2026, 7, 1)

KINDS = ("civil_servant", "public_employee_budget", "public_employee_revenue", "contract")

_LABELS_BEFORE = {
    "civil_servant": "Biên chế công chức",
    "public_employee_budget": "Số lượng người làm việc hưởng lương từ NSNN",
    "public_employee_revenue": "Số lượng người làm việc hưởng lương từ nguồn thu sự nghiệp",
    "contract": "Hợp đồng lao động",
}
_LABELS_ND232 = {
    **_LABELS_BEFORE,
    "public_employee_budget": "Biên chế viên chức hưởng lương từ NSNN",
    "public_employee_revenue": "Biên chế viên chức hưởng lương từ nguồn thu sự nghiệp",
}


def kind_label(kind: str, as_of: dt.date) -> str:
    """The official name of a quota kind on ``as_of`` (ND 232/2026 wording from 01/07/2026)."""
    labels = _LABELS_ND232 if as_of >= ND232_EFFECTIVE else _LABELS_BEFORE
    return labels[kind]


@dataclass(frozen=True)
class CycleDeadline:
    step: str
    label: str
    due: dt.date
    decree: str
    article: str


def cycle_deadlines(year: int) -> list[CycleDeadline]:
    """Deadlines of the quota cycle that plans the quota of ``year`` (work done in ``year`` − 1)."""
    prev = year - 1
    return [
        CycleDeadline(
            "proposal",
            "UBND tỉnh gửi kế hoạch số lượng người làm việc (biên chế) đến Bộ Nội vụ",
            dt.date(prev, 4, 30),
            "Nghị định 106/2020/NĐ-CP",
            "Điều 14 khoản 4",
        ),
        CycleDeadline(
            "appraisal",
            "Bộ Nội vụ thẩm định",
            dt.date(prev, 6, 30),
            "Nghị định 106/2020/NĐ-CP",
            "Điều 14 khoản 5",
        ),
    ]


# Who pays a unit's viên chức (DOMAIN.md §4.1, §5.1, §11b):
# - ND 60/2021 art 9: group 1 covers its recurrent and investment spending, group 2 its recurrent
#   spending — salaries are recurrent spending — from its own revenue; group 4's recurrent spending
#   is covered by the State; group 3 covers part of it.
# - ND 106/2020 arts 9–11: the head of a group-1/2 unit decides its headcount (no budget-paid number
#   is assigned); groups 3 and 4 get a budget-paid number, group 3 also a revenue-paid one — so the
#   group alone cannot tell which of a group-3 unit's people is paid from which source.
# - An administrative body (not a public service unit) has no service revenue: its people are
#   budget-paid.
BUDGET, REVENUE = "public_employee_budget", "public_employee_revenue"


def salary_source(*, public_service_unit: bool, autonomy_group: int | None) -> str | None:
    """The quota kind a unit's viên chức count against, or None when it cannot be told (group 3, or
    a public service unit whose group is not recorded): then the unit's reported figure is used."""
    if not public_service_unit:
        return BUDGET
    return {1: REVENUE, 2: REVENUE, 4: BUDGET}.get(autonomy_group or 0)
