"""Reports on the small fixture: staffing reads the workforce, structure, retirement, compliance."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhgon.conftest import decision, record
from tinhgon.organizations.choices import EventKind
from tinhgon.staffing import selectors as staffing
from tinhgon.workforce import selectors, services
from tinhgon.workforce.tests.conftest import hire

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)


def test_staffing_present_prefers_the_workforce(staff, registry):
    ids = [registry.school_pdp.pk, registry.gdtx.pk]
    # Without an autonomy group the workforce cannot tell who pays the school's viên chức: its
    # reported headcount would be used, and there is none.
    assert staffing.present(ids, "public_employee_budget", TODAY)[registry.school_pdp.pk] is None
    record(EventKind.CHANGE_AUTONOMY_GROUP, dt.date(2026, 1, 1), preds=[registry.school_pdp],
           changes={"autonomy_group": 4})  # fmt: skip
    present = staffing.present(ids, "public_employee_budget", TODAY)
    assert present[registry.school_pdp.pk] == 3  # group 4: State-paid, counted from the workforce
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
