"""Reports on the small fixture: staffing reads the workforce, structure, retirement, compliance."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhgon.conftest import decision
from tinhgon.staffing import selectors as staffing
from tinhgon.workforce import selectors, services
from tinhgon.workforce.tests.conftest import hire

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)


def test_staffing_present_prefers_the_workforce(staff, registry):
    present = staffing.present(
        [registry.school_pdp.pk, registry.gdtx.pk], "public_employee_budget", TODAY
    )
    assert present[registry.school_pdp.pk] == 3
    assert present[registry.gdtx.pk] is None  # no workforce data, no headcount entered


def test_structure_by_level_and_sex(staff):
    assert dict(selectors.structure(None, TODAY, "level")) == {"Bậc 3": 4, "Bậc 4": 1}
    assert dict(selectors.structure(None, TODAY, "sex")) == {"Nữ": 3, "Nam": 2}
    assert sum(n for _k, n in selectors.structure(None, TODAY, "age_band")) == 5


def test_retiring_within_24_months(staff, registry):
    old = hire(
        registry.gdtx,
        "Hồ Văn Già",
        sex="M",
        birth=dt.date(1966, 6, 15),
        hired_on=dt.date(1990, 9, 1),
    )
    hire(
        registry.gdtx,
        "Hồ Văn Trẻ",
        sex="M",
        birth=dt.date(1975, 6, 15),
        hired_on=dt.date(2000, 9, 1),
    )
    rows = selectors.retiring(None, TODAY)
    assert [r.person for r in rows] == [old]
    assert rows[0].retirement_month == "2028-06" and rows[0].pension_from == dt.date(2028, 7, 1)


def test_unit_compliance_of_the_school(staff, registry):
    for i in range(3):
        services.appointment_record(
            acting_user=None,
            person=staff.people[i],
            organization=registry.school_pdp.pk,
            role="deputy",
            title="Phó Hiệu trưởng",
            decision=decision(dt.date(2024, 3, 1)),
            valid_from=dt.date(2024, 3, 15),
        )
    row = selectors.compliance([registry.school_pdp.pk], TODAY)[0]
    checks = {v.check: v for v in row.violations}
    assert row.max_deputies == 2 and checks["deputies_over_cap"].amount == 1
    assert checks["unit_too_small"].amount == 3
    assert checks["no_position"].amount == 1
    assert (
        "level_ratio" not in checks and "professional_share" not in checks
    )  # ND 106 scheme after 01/07/2026
