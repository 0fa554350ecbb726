"""Fixtures of the workforce tests: a small title catalogue, approved positions and people on the
shared registry (tinhgon/conftest.py), all written through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tinhgon.conftest import decision
from tinhgon.positions.choices import PositionCategory, Regime
from tinhgon.positions.services import (
    PositionDecisionInput,
    PositionInput,
    TitleRankInput,
    position_decision_record,
    title_rank_record,
)
from tinhgon.workforce.services import PersonInput, person_record

RANKS = [
    # title code, title name, rank code, rank, group, min, max
    ("V.07.05", "Giáo viên trung học phổ thông", "V.07.05.15", "III", "A1", "2.34", "4.98"),
    ("V.07.05", "Giáo viên trung học phổ thông", "V.07.05.14", "II", "A2.2", "4.00", "6.38"),
    ("V.07.05", "Giáo viên trung học phổ thông", "V.07.05.13", "I", "A2.1", "4.40", "6.78"),
    ("V.07.02", "Giáo viên mầm non", "V.07.02.26", "III", "A0", "2.10", "4.89"),
    ("V.07.02", "Giáo viên mầm non", "V.07.02.25", "II", "A1", "2.34", "4.98"),
    ("V.08.01", "Bác sĩ", "V.08.01.03", "III", "A1", "2.34", "4.98"),
    ("V.08.01", "Bác sĩ", "V.08.01.02", "II", "A2.1", "4.40", "6.78"),
    ("01.003", "Chuyên viên", "01.003", "III", "A1", "2.34", "4.98"),
    ("01.005", "Nhân viên", "01.005", "IV", "B", "1.86", "4.06"),
]


@dataclass
class Staff:
    decision: Any
    teacher_pos: Any
    admin_pos: Any
    people: list[Any]


def catalogue() -> None:
    for row in RANKS:
        title_rank_record(acting_user=None, data=TitleRankInput(*row))


def approve(
    org: Any, day: dt.date, positions: list[PositionInput], regime: str = Regime.ND106
) -> Any:
    return position_decision_record(
        acting_user=None,
        data=PositionDecisionInput(org.pk, regime, decision(day), day, positions),
    )


def hire(org: Any, name: str, **kw: Any) -> Any:
    kw.setdefault("birth", dt.date(1985, 5, 10))
    kw.setdefault("sex", "F")
    kw.setdefault("employment_kind", "vien_chuc")
    kw.setdefault("hired_on", dt.date(2010, 9, 1))
    return person_record(
        acting_user=None, data=PersonInput(full_name=name, organization=org.pk, **kw)
    )


@pytest.fixture
def staff(registry: Any) -> Staff:
    catalogue()
    d = approve(
        registry.school_pdp,
        dt.date(2022, 1, 1),
        [
            PositionInput("GV", "Giáo viên THPT", PositionCategory.SPECIALISED, 3, "V.07.05.15"),
            PositionInput("VP", "Văn thư, hành chính", PositionCategory.SHARED, 1, "01.003"),
        ],
    )
    teacher, admin = list(d.positions.order_by("code"))[::-1][0], None
    positions = {p.code: p for p in d.positions.all()}
    teacher, admin = positions["GV"], positions["VP"]
    people = [
        hire(
            registry.school_pdp,
            "Nguyễn Thị Lan",
            position=teacher.pk,
            title_code="V.07.05",
            rank="III",
            coefficient="3.33",
            id_number="042185000123",
        ),
        hire(
            registry.school_pdp,
            "Trần Văn Hùng",
            sex="M",
            position=teacher.pk,
            title_code="V.07.05",
            rank="II",
            coefficient="4.68",
        ),
        hire(
            registry.school_pdp,
            "Lê Thị Hà",
            position=None,
            title_code="V.07.05",
            rank="III",
            coefficient="2.67",
        ),
        hire(
            registry.school_gifted,
            "Phan Văn Nam",
            sex="M",
            title_code="V.07.05",
            rank="III",
            coefficient="2.67",
        ),
        hire(
            registry.hospital, "Võ Thị Phương", title_code="V.08.01", rank="III", coefficient="3.00"
        ),
    ]
    return Staff(d, teacher, admin, people)
