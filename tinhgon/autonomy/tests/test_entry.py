"""Entering the plan and its decision, the roadmap, the public-service list, and deciding quota
proposals: the good path audited, bad input named by field with nothing written, outsiders 404,
read-only roles 403."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhgon.autonomy.models import (
    AutonomyPlan,
    PublicService,
    QuotaConversionProposal,
    RoadmapTarget,
)
from tinhgon.autonomy.tests.factories import BILLION, submitted
from tinhgon.conftest import api_client, counts, decision, record, web_client
from tinhgon.core.models import AuditEntry
from tinhgon.organizations.choices import EventKind
from tinhgon.organizations.models import LegalDocument
from tinhgon.restructuring.services import autonomy_figures_approve
from tinhgon.staffing import selectors as quota
from tinhgon.staffing import services as staffing
from tinhgon.staffing.choices import EntryType, QuotaKind
from tinhgon.staffing.models import QuotaEntry

PLAN = {
    "period_start_year": "2022",
    "proposed_group": "2",
    "revenue_estimate_vnd": "12.000.000.000",
    "expenditure_estimate_vnd": "11.000.000.000",
    "submitted_on": "2021-11-15",
    "note": "Phương án thời kỳ ổn định đầu tiên",
    "decision_number": "3001/QĐ-UBND",
    "decision_date": "2021-12-30",
    "decision_issuer": "UBND tỉnh Hà Tĩnh",
    "decision_signer": "Võ Trọng Hải",
}
SERVICE = {
    "name": "Khám bệnh, chữa bệnh ngoại trú",
    "sector": "health",
    "unit_of_measure": "lượt khám",
    "price_vnd": "42.100",
    "norm": "Định mức theo Thông tư 21/2024/TT-BYT",
    "valid_from": "2025-07-01",
    "decision_number": "1500/QĐ-UBND",
    "decision_date": "2025-06-15",
    "decision_issuer": "UBND tỉnh Hà Tĩnh",
    "decision_signer": "Võ Trọng Hải",
}


def _audits(model: str, action: str = "create") -> int:
    return AuditEntry.objects.filter(object_type=f"autonomy.{model}", action=action).count()


def _paths(r) -> set[str]:
    return {e["path"] for e in r.json()["errors"]}


def _group(org, group: int) -> None:
    record(
        EventKind.CHANGE_AUTONOMY_GROUP,
        dt.date(2022, 1, 1),
        preds=[org],
        changes={"autonomy_group": group},
    )


# ---------------------------------------------------------------------------------------------
# 1. Phương án tự chủ tài chính and Quyết định giao quyền tự chủ tài chính


def test_plan_and_decision_entered_on_the_page_by_a_writer_in_scope(registry, people):
    h = registry.hospital.pk
    c = web_client(people.officer_a)
    page = c.get(f"/tu-chu/don-vi/{h}/").content.decode()
    assert 'data-testid="plan-new"' in page and 'data-testid="roadmap-new"' in page
    assert c.get(f"/tu-chu/don-vi/{h}/phuong-an/moi/").status_code == 200
    r = c.post(f"/tu-chu/don-vi/{h}/phuong-an/moi/", PLAN)
    assert r.status_code == 302
    plan = AutonomyPlan.objects.get()
    assert (plan.period_label, plan.proposed_group, plan.assigned_group) == ("2022–2026", 2, 2)
    assert (plan.revenue_estimate_vnd, plan.status) == (12 * BILLION, "decided")
    doc = LegalDocument.objects.get(number="3001/QĐ-UBND")
    assert plan.decision == doc and doc.signer == "Võ Trọng Hải"
    assert _audits("autonomyplan") == 1
    page = c.get(f"/tu-chu/don-vi/{h}/").content.decode()
    assert "Quyết định giao quyền tự chủ tài chính số 3001/QĐ-UBND" in page


def test_plan_without_decision_then_decision_added(registry, people):
    c = web_client(people.officer_a)
    h = registry.hospital.pk
    plain = {k: v for k, v in PLAN.items() if not k.startswith("decision_")}
    assert c.post(f"/tu-chu/don-vi/{h}/phuong-an/moi/", plain).status_code == 302
    plan = AutonomyPlan.objects.get()
    assert plan.status == "submitted" and plan.decision is None
    assert f'data-testid="plan-decide-{plan.pk}"' in c.get(f"/tu-chu/don-vi/{h}/").content.decode()
    form = {k: v for k, v in PLAN.items() if k.startswith("decision_")}
    r = c.post(f"/tu-chu/phuong-an/{plan.pk}/quyet-dinh/", {**form, "assigned_group": "3"})
    assert r.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.assigned_group, plan.decision.number) == (
        "decided",
        3,
        "3001/QĐ-UBND",
    )
    assert _audits("autonomyplan", "decide") == 1
    # A second decision for the same plan is refused, next to nothing written.
    r = c.post(f"/tu-chu/phuong-an/{plan.pk}/quyet-dinh/", {**form, "decision_number": "9/QĐ-UBND"})
    assert r.status_code == 200 and "đã có quyết định" in r.content.decode()
    assert not LegalDocument.objects.filter(number="9/QĐ-UBND").exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"expenditure_estimate_vnd": "0"}, "expenditure_estimate_vnd", "phải lớn hơn 0"),
        ({"revenue_estimate_vnd": "-1"}, "revenue_estimate_vnd", "không được âm"),
        ({"period_start_year": "2019"}, "period_start_year", "từ năm 2021"),
        ({"decision_number": "không-số"}, "decision_number", ""),
        ({"decision_date": "2021-10-01"}, "decision_date", "trước ngày trình"),
    ],
)
def test_plan_bad_input_names_the_field_and_writes_nothing(registry, people, change, field, words):
    before = counts()
    r = web_client(people.officer_a).post(
        f"/tu-chu/don-vi/{registry.hospital.pk}/phuong-an/moi/", {**PLAN, **change}
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert f'data-testid="error-{field}"' in html and words in html
    assert AutonomyPlan.objects.count() == 0 and counts() == before


def test_one_plan_per_unit_and_stable_period(registry, people):
    a = api_client(people.officer_a)
    body = {
        "organization": registry.hospital.pk,
        "period_start_year": 2022,
        "proposed_group": 3,
        "revenue_estimate_vnd": 5 * BILLION,
        "expenditure_estimate_vnd": 10 * BILLION,
        "submitted_on": "2021-11-15",
    }
    r = a.post("/api/v1/autonomy/plans/", body, format="json")
    assert r.status_code == 201 and r.json()["period_end_year"] == 2026
    assert r.json()["status"] == "submitted"
    assert _audits("autonomyplan") == 1
    for start in (2022, 2024):  # the same period, and one overlapping it
        r = a.post("/api/v1/autonomy/plans/", {**body, "period_start_year": start}, format="json")
        assert r.status_code == 400 and _paths(r) == {"period_start_year"}
        assert "2022–2026" in r.json()["errors"][0]["message"]
    r = a.post("/api/v1/autonomy/plans/", {**body, "period_start_year": 2027}, format="json")
    assert r.status_code == 201
    plan = AutonomyPlan.objects.get(period_start_year=2022)
    r = a.post(
        f"/api/v1/autonomy/plans/{plan.pk}/decide/",
        {"decision_number": "", "decision_date": None, "decision_issuer": "UBND tỉnh Hà Tĩnh"},
        format="json",
    )
    assert r.status_code == 400 and _paths(r) == {"decision.number", "decision.date"}
    r = a.post(
        f"/api/v1/autonomy/plans/{plan.pk}/decide/",
        {
            "decision_number": "3001/QĐ-UBND",
            "decision_date": "2021-12-30",
            "decision_issuer": "UBND tỉnh Hà Tĩnh",
            "decision_signer": "Võ Trọng Hải",
        },
        format="json",
    )
    assert r.status_code == 200 and r.json()["assigned_group"] == 3
    assert r.json()["decision_number"] == "3001/QĐ-UBND"


def test_plan_refused_for_a_body_that_is_not_a_public_service_unit(registry, people):
    r = api_client(people.officer_a).post(
        "/api/v1/autonomy/plans/",
        {
            "organization": registry.health.pk,
            "period_start_year": 2022,
            "proposed_group": 3,
            "revenue_estimate_vnd": 1,
            "expenditure_estimate_vnd": 10,
        },
        format="json",
    )
    assert r.status_code == 400 and _paths(r) == {"organization"}
    assert AutonomyPlan.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# 2. Roadmap


def test_roadmap_target_set_and_updated_with_audit(registry, people):
    _group(registry.hospital, 3)
    c = web_client(people.officer_a)
    url = f"/tu-chu/don-vi/{registry.hospital.pk}/lo-trinh/moi/"
    r = c.post(url, {"year": "2028", "target_group": "3", "target_band": "70-100"})
    assert r.status_code == 302
    r = c.post(url, {"year": "2028", "target_group": "2", "note": "Sớm hơn"})
    assert r.status_code == 302
    target = RoadmapTarget.objects.get()
    assert (target.year, target.target_group, target.target_band) == (2028, 2, "")
    assert _audits("roadmaptarget") == 1 and _audits("roadmaptarget", "update") == 1
    r = api_client(people.officer_a).post(
        "/api/v1/autonomy/roadmap/",
        {"organization": registry.hospital.pk, "year": 2030, "target_group": 1},
        format="json",
    )
    assert r.status_code == 201 and r.json()["target_group"] == 1
    assert "2030: Nhóm 1" in c.get(f"/tu-chu/don-vi/{registry.hospital.pk}/").content.decode()


def test_roadmap_target_below_the_current_group_is_refused(registry, people):
    _group(registry.hospital, 2)
    r = web_client(people.officer_a).post(
        f"/tu-chu/don-vi/{registry.hospital.pk}/lo-trinh/moi/",
        {"year": "2028", "target_group": "3"},
    )
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="error-target_group"' in html
    assert "thấp hơn nhóm hiện nay" in html
    r = api_client(people.officer_a).post(
        "/api/v1/autonomy/roadmap/",
        {"organization": registry.hospital.pk, "year": 2028, "target_group": 4},
        format="json",
    )
    assert r.status_code == 400 and _paths(r) == {"target_group"}
    assert RoadmapTarget.objects.count() == 0


def test_roadmap_year_outside_the_lifetime_is_refused(registry, people):
    record(EventKind.DISSOLVE, dt.date(2025, 1, 1), preds=[registry.cdc])
    before = counts()
    a = api_client(people.officer_a)
    for org, year, words in (
        (registry.cdc, 2027, "nằm ngoài thời gian hoạt động"),
        (registry.hospital, 2019, "từ 2021"),
    ):
        r = a.post(
            "/api/v1/autonomy/roadmap/",
            {"organization": org.pk, "year": year, "target_group": 2},
            format="json",
        )
        assert r.status_code == 400 and _paths(r) == {"year"}, r.json()
        assert words in r.json()["errors"][0]["message"]
    assert RoadmapTarget.objects.count() == 0 and counts() == before


# ---------------------------------------------------------------------------------------------
# 3. Budget-funded public services of a managing body


def test_public_service_added_to_a_managing_body_list(registry, people):
    c = web_client(people.officer_a)
    h = registry.health.pk
    assert 'data-testid="public-service-new"' in c.get(f"/tu-chu/don-vi/{h}/").content.decode()
    r = c.post(f"/tu-chu/don-vi/{h}/dich-vu-cong/moi/", SERVICE)
    assert r.status_code == 302
    sv = PublicService.objects.get()
    assert (sv.managing_body_id, sv.price_vnd, sv.sector) == (h, 42_100, "health")
    assert sv.decision.number == "1500/QĐ-UBND" and sv.decision.signer == "Võ Trọng Hải"
    assert _audits("publicservice") == 1
    assert "Khám bệnh, chữa bệnh ngoại trú" in c.get(f"/tu-chu/don-vi/{h}/").content.decode()
    listed = api_client(people.officer_a).get(
        f"/api/v1/autonomy/public-services/?managing_body={h}"
    )
    assert [s["name"] for s in listed.json()["results"]] == [sv.name]
    assert (
        api_client(people.officer_b).get("/api/v1/autonomy/public-services/").json()["count"] == 0
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"price_vnd": "-5"}, "price_vnd"),
        ({"valid_to": "2025-01-01"}, "valid_to"),
        ({"decision_number": "???"}, "decision_number"),
        ({"decision_date": "2025-08-01"}, "decision_date"),
    ],
)
def test_public_service_bad_input_names_the_field(registry, people, change, field):
    before = counts()
    r = web_client(people.officer_a).post(
        f"/tu-chu/don-vi/{registry.health.pk}/dich-vu-cong/moi/", {**SERVICE, **change}
    )
    assert r.status_code == 200 and f'data-testid="error-{field}"' in r.content.decode()
    assert PublicService.objects.count() == 0 and counts() == before


def test_public_service_api_refuses_by_field(registry, people):
    body = {
        **SERVICE,
        "managing_body": registry.health.pk,
        "price_vnd": 42_100,
        "sector": "không-có",
        "unit_of_measure": "",
    }
    r = api_client(people.officer_a).post("/api/v1/autonomy/public-services/", body, format="json")
    assert r.status_code == 400 and _paths(r) == {"sector", "unit_of_measure"}
    assert PublicService.objects.count() == 0
    r = api_client(people.officer_a).post(
        "/api/v1/autonomy/public-services/",
        {**body, "sector": "health", "unit_of_measure": "lượt"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["decision_number"] == "1500/QĐ-UBND"


# ---------------------------------------------------------------------------------------------
# Scopes: outsiders 404, read-only roles 403, on every new page and endpoint


def test_outsiders_404_and_leader_403(registry, people):
    plan = AutonomyPlan.objects.create(
        organization=registry.hospital,
        period_start_year=2022,
        proposed_group=3,
        expenditure_estimate_vnd=10,
        submitted_on=dt.date(2021, 11, 15),
    )
    h, body = registry.hospital.pk, registry.health.pk
    pages = (
        f"/tu-chu/don-vi/{h}/phuong-an/moi/",
        f"/tu-chu/phuong-an/{plan.pk}/quyet-dinh/",
        f"/tu-chu/don-vi/{h}/lo-trinh/moi/",
        f"/tu-chu/don-vi/{body}/dich-vu-cong/moi/",
    )
    api = (
        ("/api/v1/autonomy/plans/", {"organization": h, "period_start_year": 2027, **_PLAN_API}),
        (f"/api/v1/autonomy/plans/{plan.pk}/decide/", {}),
        ("/api/v1/autonomy/roadmap/", {"organization": h, "year": 2028, "target_group": 2}),
        ("/api/v1/autonomy/public-services/", {**SERVICE, "managing_body": body, "price_vnd": 1}),
    )
    before = counts()
    for who, code in (("officer_b", 404), ("commune_officer", 404), ("leader", 403)):
        user = getattr(people, who)
        c = web_client(user)
        for url in pages:
            assert c.get(url).status_code == code, (who, url)
            assert c.post(url, {}).status_code == code, (who, url)
        a = api_client(user)
        for url, data in api:
            assert a.post(url, data, format="json").status_code == code, (who, url)
    page = web_client(people.leader).get(f"/tu-chu/don-vi/{h}/").content.decode()
    assert 'data-testid="plan-new"' not in page and 'data-testid="roadmap-new"' not in page
    assert counts() == before and AutonomyPlan.objects.count() == 1
    assert RoadmapTarget.objects.count() == 0 and PublicService.objects.count() == 0


_PLAN_API = {"proposed_group": 3, "revenue_estimate_vnd": 1, "expenditure_estimate_vnd": 10}


# ---------------------------------------------------------------------------------------------
# 4. Quota-conversion proposals through the API


@pytest.fixture
def proposal(registry, people):
    _group(registry.hospital, 3)
    staffing.quota_entries_record(
        acting_user=people.supervisor,
        rows=[
            staffing.EntryInput(
                org.pk,
                QuotaKind.PUBLIC_EMPLOYEE_BUDGET,
                2025,
                EntryType.ALLOCATION,
                n,
                dt.date(2025, 1, 2),
                decision(dt.date(2025, 1, 1)),
            )
            for org, n in (
                (registry.province, 500),
                (registry.health, 300),
                (registry.hospital, 120),
            )
        ],
    )
    figs = submitted(
        people.officer_a,
        registry.hospital,
        2025,
        revenue_services_vnd=10 * BILLION,
        revenue_fees_vnd=0,
        total_revenue_vnd=10 * BILLION,
    )
    autonomy_figures_approve(
        acting_user=people.supervisor,
        figures=figs,
        expected_version=figs.version,
        decision=decision(dt.date(2026, 3, 1)),
    )
    return QuotaConversionProposal.objects.get()


ACCEPT = {
    "decision_number": "77/QĐ-UBND",
    "decision_date": "2026-03-15",
    "decision_issuer": "UBND tỉnh Hà Tĩnh",
    "decision_signer": "Võ Trọng Hải",
}


def test_api_accepts_a_proposal_into_the_ledger(registry, people, proposal):
    url = f"/api/v1/autonomy/quota-proposals/{proposal.pk}/accept/"
    entries = QuotaEntry.objects.count()
    r = api_client(people.supervisor).post(url, {**ACCEPT, "decision_number": ""}, format="json")
    assert r.status_code == 400 and _paths(r) == {"decision.number"}
    assert QuotaEntry.objects.count() == entries
    r = api_client(people.supervisor).post(url, ACCEPT, format="json")
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    assert r.json()["decision_number"] == "77/QĐ-UBND"
    assert _audits("quotaconversionproposal", "accept") == 1
    day = proposal.effective_date
    assert quota.balance(registry.hospital.pk, QuotaKind.PUBLIC_EMPLOYEE_REVENUE, day) == 120
    r = api_client(people.supervisor).post(url, ACCEPT, format="json")
    assert r.status_code == 400 and _paths(r) == {"status"}


def test_api_rejects_a_proposal_with_a_reason(people, proposal):
    url = f"/api/v1/autonomy/quota-proposals/{proposal.pk}/reject/"
    r = api_client(people.supervisor).post(url, {"reason": "  "}, format="json")
    assert r.status_code == 400 and _paths(r) == {"reason"}
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    r = api_client(people.supervisor).post(
        url, {"reason": "Chờ rà soát vị trí việc làm"}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "declined"
    assert r.json()["reason"] == "Chờ rà soát vị trí việc làm"
    assert _audits("quotaconversionproposal", "decline") == 1


def test_api_proposal_decisions_scoped(people, proposal):
    entries = QuotaEntry.objects.count()
    for who, code in (
        ("officer_b", 404),
        ("commune_officer", 404),
        ("officer_a", 403),
        ("leader", 403),
    ):
        a = api_client(getattr(people, who))
        for step, body in (("accept", ACCEPT), ("reject", {"reason": "Không"})):
            r = a.post(
                f"/api/v1/autonomy/quota-proposals/{proposal.pk}/{step}/", body, format="json"
            )
            assert r.status_code == code, (who, step)
    proposal.refresh_from_db()
    assert proposal.status == "proposed" and QuotaEntry.objects.count() == entries
