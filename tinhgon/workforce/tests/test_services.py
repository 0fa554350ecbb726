"""Workforce services: what a person record holds, and every bad input of issue 5 refused with a
Vietnamese message and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.positions.models import TitleRank
from tinhgon.workforce import services
from tinhgon.workforce.models import Assignment, Person, Rating, SalaryStep, TitleHolding
from tinhgon.workforce.tests.conftest import hire

pytestmark = pytest.mark.django_db


def written() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in (Person, Assignment, TitleHolding, SalaryStep, Rating, AuditEntry)
    }


def refused(fn, *args, **kwargs) -> str:  # type: ignore[no-untyped-def]
    before = written()
    with pytest.raises(Refused) as exc:
        fn(*args, **kwargs)
    assert written() == before, "a refused call wrote something"
    return str(exc.value)


def test_person_record_keeps_history_and_audits(staff, registry):
    lan = staff.people[0]
    assert lan.masked_id == "••••••••0123"
    assert lan.assignments.get().position == staff.teacher_pos
    assert lan.titles.get().title_rank.career_level == 3  # A1 → bậc 3
    assert AuditEntry.objects.filter(action="person_create", object_id=str(lan.pk)).exists()
    entry = AuditEntry.objects.get(action="person_create", object_id=str(lan.pk))
    assert "042185000123" not in str(entry.after)


def test_birth_year_only_is_read_as_first_of_january(staff, registry):
    p = hire(registry.gdtx, "Đặng Văn Sơn", birth="1975", sex="M")
    assert p.birth_date == dt.date(1975, 1, 1) and p.birth_year_only
    assert p.birth_display == "1975"


def test_career_level_comes_from_salary_group_not_rank_number(staff):
    preschool_iii = TitleRank.objects.get(code="V.07.02.26")
    upper_iii = TitleRank.objects.get(code="V.07.05.15")
    assert preschool_iii.rank == upper_iii.rank == "III"
    assert (preschool_iii.career_level, upper_iii.career_level) == (2, 3)


@pytest.mark.parametrize(
    ("kw", "words"),
    [
        ({"birth": dt.date(2030, 1, 1)}, "tương lai"),
        ({"birth": dt.date(1995, 1, 1), "hired_on": dt.date(2012, 9, 1)}, "chưa đủ 18 tuổi"),
        ({"title_code": "V.07.05", "rank": "IV"}, "không có hạng"),
        ({"title_code": "V.07.05", "rank": "III", "coefficient": "7.00"}, "ngoài thang lương"),
        ({"id_number": "042185000123"}, "đã được dùng"),
        ({"id_number": "12345"}, "12 chữ số"),
        ({"annex": "II"}, "lý do"),
        ({"employment_kind": "tam_tuyen"}, "không có trong danh mục"),
    ],
)
def test_bad_person_input_is_refused(staff, registry, kw, words):
    message = refused(hire, registry.school_pdp, "Người Mới", **kw)
    assert words in message


def test_overlapping_full_time_assignments_are_refused(staff, registry):
    lan = staff.people[0]
    message = refused(
        services.assignment_record,
        acting_user=None,
        data=services.AssignmentInput(lan.pk, registry.school_gifted.pk, dt.date(2024, 1, 1)),
    )
    assert "Trùng thời gian" in message
    # A part-time (concurrent) assignment may overlap.
    services.assignment_record(
        acting_user=None,
        data=services.AssignmentInput(
            lan.pk, registry.school_gifted.pk, dt.date(2024, 1, 1), full_time=False
        ),
    )


def test_move_closes_the_open_assignment(staff, registry):
    lan = staff.people[0]
    services.assignment_record(
        acting_user=None,
        data=services.AssignmentInput(lan.pk, registry.school_gifted.pk, dt.date(2025, 9, 1)),
        close_open=True,
        expected_version=lan.version,
    )
    rows = list(lan.assignments.order_by("valid_from"))
    assert rows[0].valid_to == dt.date(2025, 8, 31) and rows[1].valid_to is None


def test_rating_before_hiring_is_refused(staff):
    lan = staff.people[0]
    assert "được tuyển dụng" in refused(
        services.rating_record, acting_user=None, person=lan, period="year", year=2009, grade="good"
    )
    services.rating_record(acting_user=None, person=lan, period="year", year=2025, grade="good")
    assert "đã được xếp loại" in refused(
        services.rating_record, acting_user=None, person=lan, period="year", year=2025, grade="good"
    )


def test_title_change_ends_previous_and_checks_scale(staff):
    lan = staff.people[0]
    assert "ngoài thang" in refused(
        services.title_change,
        acting_user=None,
        person=lan,
        title_code="V.07.05",
        rank="II",
        valid_from=dt.date(2025, 1, 1),
        coefficient="9.9",
    )
    services.title_change(
        acting_user=None,
        person=lan,
        title_code="V.07.05",
        rank="II",
        valid_from=dt.date(2025, 1, 1),
        coefficient="4.34",
    )
    titles = list(lan.titles.order_by("valid_from"))
    assert titles[0].valid_to == dt.date(2024, 12, 31) and titles[1].title_rank.career_level == 4


def test_appointment_term_is_five_years(staff, registry):
    from tinhgon.conftest import decision

    ap = services.appointment_record(
        acting_user=None,
        person=staff.people[1],
        organization=registry.school_pdp.pk,
        role="deputy",
        title="Phó Hiệu trưởng",
        decision=decision(dt.date(2024, 3, 1)),
        valid_from=dt.date(2024, 3, 15),
    )
    assert ap.term_end == dt.date(2029, 3, 14)
