"""Cases through the services: computed by the rule and frozen, the approval flow with the
competent level and the decision, the payment, and that nothing recomputes a decided case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.rules.streamlining import salary
from tinhgon.rules.versions import Version
from tinhgon.streamlining import services
from tinhgon.streamlining.choices import ApprovingLevel, CaseStatus, Category, FundingSource, Policy
from tinhgon.streamlining.models import Case
from tinhgon.streamlining.tests.conftest import World, case_input

pytestmark = pytest.mark.django_db


def _approve(case: Case, user: Any, number: str = "215/QĐ-SYT") -> Case:
    return services.case_approve(
        acting_user=user,
        case=case,
        expected_version=case.version,
        decision_number=number,
        decision_date=dt.date(2026, 8, 10),
    )


def _submitted(world: World, **kw: Any) -> Case:
    case = services.case_save(acting_user=world.hospital_officer, data=case_input(world, **kw))
    return services.case_submit(
        acting_user=world.hospital_officer, case=case, expected_version=case.version
    )


def test_case_is_computed_by_the_rule_and_frozen(world: World) -> None:
    case = services.case_save(acting_user=world.hospital_officer, data=case_input(world))
    result = case.rule_result
    # 4.98 × 2,530,000 (August 2026's base salary, ND 161/2026) = 12,599,400
    assert case.monthly_salary_vnd == 12_599_400
    assert case.decree == "178/2024"
    assert case.rule_version == "streamlining_benefits 178/2024"
    assert result["months_early"] == 45  # 09/2026 → pension from 06/2030 (62 years, ND 135)
    assert case.total_vnd == sum(line["amount_vnd"] for line in result["lines"])
    assert {line["code"] for line in result["lines"]} == {
        "lump_sum_months_early",
        "per_year_early",
        "service_time",
    }
    # From month 13 after 01/07/2025: 0.5 × S × 45 (TT 01/2025 art 4.1.a)
    assert case.amounts["lump_sum_months_early"] == 12_599_400 * 45 // 2
    assert case.snapshot["full_name"] == "Nguyễn Văn Bình"
    assert case.snapshot["salary_coefficient"] == "4.98"
    assert case.rule_input["person"]["salary_coefficient"] == "4.98"
    assert case.rule_settings["early_years_rounding"] == "whole_years"
    assert case.approving_level == ApprovingLevel.AGENCY
    assert case.approving_body == "Sở Y tế"
    assert case.funding_source == FundingSource.STATE_BUDGET
    row = AuditEntry.objects.for_object(case).get()
    assert row.action == "create" and row.actor_id == world.hospital_officer.pk


def test_approved_case_keeps_its_amounts_after_settings_and_base_salary_change(
    world: World, people: Any, settings: Any, monkeypatch: Any
) -> None:
    approved = _approve(_submitted(world), people.officer_a)
    draft = services.case_save(
        acting_user=world.hospital_officer,
        data=case_input(world, person=world.nurse.pk, policy=Policy.RESIGNATION, ground="sx_1a"),
    )
    before_total, before_result = approved.total_vnd, approved.rule_result
    draft_total = draft.total_vnd

    # A later setting (the MoD's half-year reading) and a new base-salary table.
    settings.TINHGON_STREAMLINING_SETTINGS = {"early_years_rounding": "half_year"}
    monkeypatch.setattr(
        salary,
        "BASE_SALARY",
        (
            *salary.BASE_SALARY[:2],
            Version("test_2026", "Nghị định thử", dt.date(2026, 7, 1), None, Decimal(3_000_000)),
        ),
    )
    with pytest.raises(Refused) as exc:
        services.case_recompute(
            acting_user=people.supervisor, case=approved, expected_version=approved.version
        )
    assert "không tính lại" in str(exc.value)
    approved.refresh_from_db()
    assert approved.total_vnd == before_total
    assert approved.rule_result == before_result
    assert approved.rule_settings["early_years_rounding"] == "whole_years"
    assert approved.monthly_salary_vnd == 12_599_400

    # The same change does reach a draft (the test can fail): 3.33 × 3,000,000.
    draft = services.case_recompute(
        acting_user=world.hospital_officer, case=draft, expected_version=draft.version
    )
    assert draft.monthly_salary_vnd == 9_990_000
    assert draft.total_vnd > draft_total
    assert draft.rule_settings["early_years_rounding"] == "half_year"


def test_audit_trail_shows_who_approved_with_the_decision(world: World, people: Any) -> None:
    case = _approve(_submitted(world), people.officer_a, "215/QĐ-SYT")
    assert case.status == CaseStatus.APPROVED
    assert case.decided_by_id == people.officer_a.pk
    assert case.decision.number == "215/QĐ-SYT"
    assert case.decision.issuer == "Sở Y tế"
    rows = list(AuditEntry.objects.for_object(case).order_by("id"))
    assert [r.action for r in rows] == ["create", "submit", "approve", "approve_decision"]
    approve = rows[2]
    assert approve.actor_id == people.officer_a.pk
    assert approve.after["status"] == "approved"
    assert rows[3].after["decision_number"] == "215/QĐ-SYT"
    assert rows[3].after["approving_body"] == "Sở Y tế"


def test_maker_never_approves(world: World) -> None:
    case = _submitted(world)
    with pytest.raises(Refused) as exc:
        _approve(case, world.hospital_officer)
    assert "không được tự phê duyệt" in str(exc.value)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.decision is None


def test_paid_after_approved(world: World, people: Any, frozen_today: dt.date) -> None:
    case = _submitted(world, leave_date=dt.date(2026, 10, 1))
    with pytest.raises(Refused):
        services.case_pay(
            acting_user=people.officer_a,
            case=case,
            expected_version=case.version,
            paid_on=frozen_today,
        )
    case = _approve(case, people.officer_a)
    with pytest.raises(Refused) as exc:
        services.case_pay(
            acting_user=people.officer_a,
            case=case,
            expected_version=case.version,
            paid_on=dt.date(2026, 8, 1),
        )
    assert exc.value.problems[0].path == "paid_on"
    case = services.case_pay(
        acting_user=people.officer_a,
        case=case,
        expected_version=case.version,
        paid_on=dt.date(2026, 10, 5),
        reference="UNC-01",
    )
    assert case.status == CaseStatus.PAID and case.status_label == "Đã chi trả"
    assert AuditEntry.objects.for_object(case).filter(action="pay").count() == 1


def test_leader_goes_to_the_province(world: World, people: Any, registry: Any) -> None:
    from tinhgon.conftest import decision
    from tinhgon.organizations.services import document_resolve
    from tinhgon.workforce.models import LeadershipAppointment

    LeadershipAppointment.objects.create(
        person=world.doctor,
        organization=registry.hospital,
        role="deputy",
        title="Phó Giám đốc",
        document=document_resolve(acting_user=None, decision=decision(dt.date(2022, 1, 3))),
        valid_from=dt.date(2022, 1, 10),
        term_end=dt.date(2027, 1, 9),
    )
    case = services.case_save(
        acting_user=world.hospital_officer, data=case_input(world, ground="sx_1g")
    )
    assert case.approving_level == ApprovingLevel.PROVINCE
    assert case.approving_body == "UBND tỉnh Hà Tĩnh"
    assert case.snapshot["leadership_title"] == "Phó Giám đốc"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"leave_date": dt.date(2026, 9, 15)}, "leave_date", "ngày 01 của tháng"),
        ({"leave_date": dt.date(2025, 6, 1)}, "leave_date", "trước ngày quyết định sắp xếp"),
        ({"leave_date": dt.date(2030, 7, 1)}, "leave_date", "không trước ngày hưởng lương hưu"),
        ({"insurance_years": 45, "insurance_months": 0}, "insurance_years", "Bộ luật Lao động"),
        ({"insurance_years": 12, "insurance_months": 0}, "insurance_years", "lương hưu"),
        ({"policy": Policy.RESIGNATION, "leave_date": dt.date(2029, 1, 1)}, "policy", "02 năm"),
        ({"category": Category.TINH_GIAN, "ground": "sx_1a"}, "ground", "không thuộc nhóm"),
        ({"decree": "170/2025"}, "decree", "không quy định"),
        ({"reorganization_effective_date": None}, "reorganization_effective_date", "12 tháng"),
        (
            {
                "category": Category.THOI_VIEC_NGUYEN_VONG,
                "ground": "tv_58",
                "policy": Policy.RESIGNATION,
            },
            "category",
            "công chức",
        ),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_written(
    world: World, changes: dict[str, Any], field: str, words: str
) -> None:
    rows = AuditEntry.objects.count()
    with pytest.raises(Refused) as exc:
        services.case_save(acting_user=world.hospital_officer, data=case_input(world, **changes))
    paths = {p.path for p in exc.value.problems}
    text = " ".join(p.message for p in exc.value.problems)
    assert field in paths or any(field in p for p in paths), (paths, text)
    assert words.lower() in text.lower(), text
    assert Case.objects.count() == 0
    assert AuditEntry.objects.count() == rows


def test_missing_salary_basis_is_refused(world: World) -> None:
    from tinhgon.workforce.models import SalaryStep

    SalaryStep.objects.filter(person=world.doctor).delete()
    with pytest.raises(Refused) as exc:
        services.case_save(acting_user=world.hospital_officer, data=case_input(world))
    assert exc.value.problems[0].path == "current_salary_vnd"
    assert "Điều 3" in exc.value.problems[0].message
    assert Case.objects.count() == 0


def test_person_outside_the_period_agency_and_second_case_refused(world: World) -> None:
    with pytest.raises(Refused) as exc:
        services.case_save(
            acting_user=world.hospital_officer, data=case_input(world, person=world.teacher.pk)
        )
    assert exc.value.problems[0].path == "person"
    assert "không thuộc" in exc.value.problems[0].message
    services.case_save(acting_user=world.hospital_officer, data=case_input(world))
    with pytest.raises(Refused) as exc:
        services.case_save(acting_user=world.hospital_officer, data=case_input(world))
    assert "đã có hồ sơ" in exc.value.problems[0].message
