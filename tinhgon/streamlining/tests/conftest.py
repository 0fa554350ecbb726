"""Fixtures of the streamlining tests: people on the shared registry (tinhgon/conftest.py) written
through the workforce services, a review period of Sở Y tế, and the unit's own officer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tinhgon.accounts.choices import Role
from tinhgon.conftest import _user
from tinhgon.streamlining import services
from tinhgon.streamlining.choices import Category, Policy
from tinhgon.workforce.tests.conftest import catalogue, hire

LEAVE = dt.date(2026, 9, 1)
REORG = dt.date(2025, 7, 1)


@dataclass
class World:
    period: Any
    edu_period: Any
    doctor: Any  # male, born 05/1968, 34 years of insurance at LEAVE: early retirement
    nurse: Any  # female, born 1985: resignation
    teacher: Any  # a person of Sở GD&ĐT (outside Sở Y tế)
    hospital_officer: Any


def case_input(world: World, **kw: Any) -> services.CaseInput:
    data: dict[str, Any] = {
        "period": world.period.pk,
        "person": world.doctor.pk,
        "category": Category.SAP_XEP,
        "policy": Policy.EARLY_RETIREMENT,
        "ground": "sx_1a",
        "leave_date": LEAVE,
        "reorganization_effective_date": REORG,
    }
    data.update(kw)
    return services.CaseInput(**data)


@pytest.fixture
def world(registry: Any, people: Any) -> World:
    catalogue()
    doctor = hire(
        registry.hospital,
        "Nguyễn Văn Bình",
        birth=dt.date(1968, 5, 10),
        sex="M",
        hired_on=dt.date(1992, 9, 1),
        title_code="V.08.01",
        rank="III",
        coefficient="4.98",
    )
    nurse = hire(
        registry.hospital,
        "Trần Thị Hoa",
        birth=dt.date(1985, 3, 2),
        hired_on=dt.date(2010, 9, 1),
        title_code="V.08.01",
        rank="III",
        coefficient="3.33",
    )
    teacher = hire(
        registry.school_pdp,
        "Lê Văn Nam",
        birth=dt.date(1967, 2, 1),
        sex="M",
        hired_on=dt.date(1990, 9, 1),
        title_code="V.07.05",
        rank="III",
        coefficient="4.65",
    )
    period = services.period_create(
        acting_user=people.officer_a,
        data=services.PeriodInput(agency=registry.health.pk, year=2026, sequence=2),
    )
    edu_period = services.period_create(
        acting_user=people.officer_b,
        data=services.PeriodInput(agency=registry.education.pk, year=2026, sequence=1),
    )
    officer = _user("can-bo-benh-vien", Role.OFFICER, registry.hospital)
    return World(period, edu_period, doctor, nurse, teacher, officer)
