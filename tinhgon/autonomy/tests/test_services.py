"""Yearly figures: the rule's result stored, bad input refused by field, nothing half-written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tinhgon.autonomy import services
from tinhgon.autonomy.models import AutonomyFigures
from tinhgon.autonomy.tests.factories import BILLION, figures_input
from tinhgon.conftest import new_unit, record
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.organizations.choices import EventKind


def _paths(exc: pytest.ExceptionInfo[Refused]) -> set[str]:
    return {p.path for p in exc.value.problems}


def test_figures_store_the_rule_result_and_inputs(registry, people):
    obj = services.figures_save(
        acting_user=people.officer_a, data=figures_input(registry.hospital, 2024)
    )
    assert (obj.group, obj.band, obj.ratio_percent) == (3, "70-100", Decimal("70.00"))
    assert obj.revenue_vnd == 7 * BILLION
    assert obj.rule_input["revenue_vnd"] == 7 * BILLION
    assert obj.rule_result["group_name"] == "Nhóm 3 – tự bảo đảm một phần chi thường xuyên"
    assert obj.rule_result["explanation"][0]["article"] == "Điều 10"
    assert obj.status == "draft"
    assert AuditEntry.objects.filter(object_type="autonomy.autonomyfigures").count() == 1


def test_group_one_needs_investment_self_financing(registry, people):
    full = dict(revenue_services_vnd=11 * BILLION, total_revenue_vnd=12 * BILLION)
    g1 = services.figures_save(
        acting_user=people.officer_a,
        data=figures_input(registry.hospital, 2023, investment_source_vnd=BILLION, **full),
    )
    g2 = services.figures_save(
        acting_user=people.officer_a,
        data=figures_input(registry.hospital, 2024, investment_source_vnd=BILLION - 1, **full),
    )
    assert (g1.group, g2.group) == (1, 2)


@pytest.mark.parametrize(
    ("kw", "path", "words"),
    [
        ({"revenue_fees_vnd": -5}, "revenue_fees_vnd", "Phí được để lại"),
        ({"recurrent_expenditure_vnd": 0}, "recurrent_expenditure_vnd", "phải lớn hơn 0"),
        ({"total_revenue_vnd": 6 * BILLION}, "total_revenue_vnd", "tính hai lần"),
        ({"proposed_group": 2}, "proposed_group", "lý do"),
        ({"year": 2019}, "year", "Năm"),
    ],
)
def test_bad_input_is_refused_naming_the_field(registry, people, kw, path, words):
    year = kw.pop("year", 2024)
    before = AuditEntry.objects.count()
    with pytest.raises(Refused) as exc:
        services.figures_save(
            acting_user=people.officer_a, data=figures_input(registry.hospital, year, **kw)
        )
    assert path in _paths(exc)
    assert any(words in p.message for p in exc.value.problems)
    assert AutonomyFigures.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_a_proposed_group_with_a_reason_is_kept_and_flagged(registry, people):
    obj = services.figures_save(
        acting_user=people.officer_a,
        data=figures_input(
            registry.hospital,
            2024,
            proposed_group=2,
            proposed_reason="Cung cấp dịch vụ theo giá tính đủ chi phí (Điều 9 khoản 2).",
        ),
    )
    assert obj.group == 3 and obj.final_group == 2 and obj.contradicts


def test_year_outside_the_lifetime_and_dissolved_unit(registry, people):
    new = (
        record(
            EventKind.ESTABLISH,
            dt.date(2023, 3, 1),
            succs=[
                new_unit("Trung tâm Dịch vụ mới", registry.health, kind="center", sector="health")
            ],
        )
        .links.get(role="successor")
        .organization
    )
    with pytest.raises(Refused) as exc:
        services.figures_save(acting_user=people.officer_a, data=figures_input(new, 2022))
    assert _paths(exc) == {"year"}
    assert "ngoài thời gian hoạt động" in exc.value.problems[0].message
    record(EventKind.DISSOLVE, dt.date(2025, 1, 1), preds=[registry.cdc])
    with pytest.raises(Refused) as exc:
        services.figures_save(acting_user=people.officer_a, data=figures_input(registry.cdc, 2024))
    assert _paths(exc) == {"organization"}
    assert "giải thể" in exc.value.problems[0].message


def test_approved_figures_are_locked(registry, people):
    obj = services.figures_save(
        acting_user=people.officer_a, data=figures_input(registry.hospital, 2024)
    )
    with pytest.raises(Refused):
        services.figures_save(
            acting_user=people.officer_a,
            data=figures_input(registry.hospital, 2024),
            figures=obj,
            expected_version=obj.version - 1 if obj.version > 1 else 99,
        )
    obj = services.figures_submit(acting_user=people.officer_a, figures=obj, expected_version=1)
    with pytest.raises(Refused) as exc:
        services.figures_save(
            acting_user=people.officer_a,
            data=figures_input(registry.hospital, 2024, note="sửa"),
            figures=obj,
            expected_version=obj.version,
        )
    assert _paths(exc) == {"status"}


def test_plan_and_decision_are_registered_and_roadmap_validated(registry, people):
    from tinhgon.conftest import decision
    from tinhgon.organizations.models import LegalDocument

    plan = services.plan_record(
        acting_user=people.officer_a,
        organization=registry.hospital,
        period_start_year=2022,
        proposed_group=2,
        revenue_estimate_vnd=10 * BILLION,
        expenditure_estimate_vnd=10 * BILLION,
        submitted_on=dt.date(2021, 11, 15),
    )
    plan = services.plan_decide(
        acting_user=people.supervisor,
        plan=plan,
        decision=decision(dt.date(2021, 12, 30), "3001/QĐ-UBND"),
        assigned_group=2,
    )
    assert plan.period_label == "2022–2026" and plan.status == "decided"
    assert LegalDocument.objects.filter(number="3001/QĐ-UBND").count() == 1
    with pytest.raises(Refused) as exc:
        services.roadmap_set(
            acting_user=people.officer_a,
            organization=registry.hospital,
            year=2028,
            target_group=2,
            target_band="70-100",
        )
    assert _paths(exc) == {"target_band"}
    target = services.roadmap_set(
        acting_user=people.officer_a, organization=registry.hospital, year=2028, target_group=1
    )
    assert str(target) == "2028: Nhóm 1 – tự bảo đảm chi thường xuyên và chi đầu tư"
