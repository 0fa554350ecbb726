"""Reads: the budget by funding source (groups 1 and 2 pay from their own revenue), the yearly
report, the budget effect, and a constant number of queries for the period list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tinhgon.organizations.choices import Kind, Sector
from tinhgon.organizations.services import NewUnit, organization_register_existing
from tinhgon.streamlining import exports, selectors, services
from tinhgon.streamlining.choices import FundingSource, Policy
from tinhgon.streamlining.tests.conftest import World, case_input
from tinhgon.workforce.tests.conftest import hire

pytestmark = pytest.mark.django_db


def _group2_person(registry: Any) -> Any:
    unit = organization_register_existing(
        acting_user=None,
        unit=NewUnit(
            name="Trung tâm Y tế tự chủ",
            kind=Kind.HEALTH_CENTER,
            sector=Sector.HEALTH,
            managing_body=registry.health.pk,
            autonomy_group=2,
        ),
        valid_from=dt.date(2010, 1, 1),
    )
    return hire(
        unit,
        "Phạm Thị Thu",
        birth=dt.date(1984, 6, 1),
        hired_on=dt.date(2008, 9, 1),
        title_code="V.08.01",
        rank="III",
        coefficient="3.66",
    )


def test_budget_by_funding_source_report_and_effect(
    world: World, people: Any, registry: Any, frozen_today: dt.date
) -> None:
    own = services.case_save(
        acting_user=world.hospital_officer,
        data=case_input(world, person=_group2_person(registry).pk, policy=Policy.RESIGNATION),
    )
    assert own.funding_source == FundingSource.UNIT_REVENUE
    budget_case = services.case_save(acting_user=world.hospital_officer, data=case_input(world))
    for case in (own, budget_case):
        case = services.case_submit(
            acting_user=world.hospital_officer, case=case, expected_version=case.version
        )
        services.case_approve(
            acting_user=people.officer_a,
            case=case,
            expected_version=case.version,
            decision_number=f"{case.pk}/QĐ-SYT",
            decision_date=dt.date(2026, 8, 1),
        )
    lines = {b.source: b for b in selectors.period_summary(world.period).budget}
    assert lines[FundingSource.UNIT_REVENUE].decided_vnd == own.total_vnd
    assert lines[FundingSource.STATE_BUDGET].decided_vnd == budget_case.total_vnd
    report = selectors.yearly_report(2026)
    assert report.people == 2
    assert report.unit_revenue_vnd == own.total_vnd
    assert report.state_budget_vnd == budget_case.total_vnd
    assert report.paid_vnd == 0
    effect = selectors.budget_effect(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert effect.yearly_salary_saved_vnd == 12 * (
        own.monthly_salary_vnd + budget_case.monthly_salary_vnd
    )
    assert effect.one_off_paid_vnd == 0


def test_period_list_queries_do_not_grow(
    world: World, registry: Any, django_assert_max_num_queries: Any
) -> None:
    services.case_save(acting_user=world.hospital_officer, data=case_input(world))
    with django_assert_max_num_queries(3):
        one = selectors.period_summary(world.period)
    services.case_save(
        acting_user=world.hospital_officer,
        data=case_input(world, person=world.nurse.pk, policy=Policy.RESIGNATION),
    )
    with django_assert_max_num_queries(3):
        two = selectors.period_summary(world.period)
        exports.period_xlsx(two)
    assert (one.count, two.count) == (1, 2)
