"""The API: the same scopes as the pages on every endpoint (list, detail, create, submit, approve,
return, pay), 400 with field paths for refused input, lists of people audited."""

from __future__ import annotations

from typing import Any

import pytest

from tinhgon.conftest import api_client
from tinhgon.core.models import AuditEntry
from tinhgon.streamlining import services
from tinhgon.streamlining.choices import CaseStatus
from tinhgon.streamlining.models import Case
from tinhgon.streamlining.tests.conftest import REORG, World, case_input

pytestmark = pytest.mark.django_db

BASE = "/api/v1/streamlining/cases/"


def _body(world: World, **kw: Any) -> dict[str, Any]:
    return {
        "period": world.period.pk,
        "person": world.doctor.pk,
        "category": "sap_xep",
        "policy": "early_retirement",
        "ground": "sx_1a",
        "leave_date": "2026-09-01",
        "reorganization_effective_date": REORG.isoformat(),
        **kw,
    }


def test_create_submit_approve_pay(world: World, people: Any) -> None:
    maker, approver = api_client(world.hospital_officer), api_client(people.officer_a)
    r = maker.post(BASE, _body(world), format="json")
    assert r.status_code == 201, r.content
    case = r.json()
    assert case["total_vnd"] == sum(line["amount_vnd"] for line in case["rule_result"]["lines"])
    assert case["rule_version"] == "streamlining_benefits 178/2024"
    r = maker.post(f"{BASE}{case['id']}/submit/", {"version": case["version"]}, format="json")
    assert r.json()["status"] == "submitted"
    version = r.json()["version"]
    step = {"version": version, "decision_number": "12/QĐ-SYT", "decision_date": "2026-08-01"}
    assert maker.post(f"{BASE}{case['id']}/approve/", step, format="json").status_code == 403
    r = approver.post(f"{BASE}{case['id']}/approve/", step, format="json")
    assert r.status_code == 200 and r.json()["decision_number"] == "12/QĐ-SYT"
    version = r.json()["version"]
    r = approver.post(
        f"{BASE}{case['id']}/pay/",
        {"version": version, "paid_on": "2026-09-10", "reference": "UNC-1"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "paid"


def test_bad_input_answers_400_with_the_field(world: World) -> None:
    client = api_client(world.hospital_officer)
    r = client.post(BASE, _body(world, leave_date="2026-09-15"), format="json")
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert errors[0]["path"] == "leave_date" and "ngày 01" in errors[0]["message"]
    assert Case.objects.count() == 0


def test_return_needs_a_reason_and_the_maker_cannot(world: World, people: Any) -> None:
    case = services.case_save(acting_user=world.hospital_officer, data=case_input(world))
    case = services.case_submit(
        acting_user=world.hospital_officer, case=case, expected_version=case.version
    )
    sup = api_client(people.supervisor)
    r = sup.post(f"{BASE}{case.pk}/return/", {"version": case.version}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["path"] == "reason"
    r = sup.post(
        f"{BASE}{case.pk}/return/",
        {"version": case.version, "reason": "Thiếu sổ BHXH"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == CaseStatus.RETURNED


def test_scope_on_every_endpoint(world: World, people: Any) -> None:
    case = services.case_save(acting_user=world.hospital_officer, data=case_input(world))
    outsider = api_client(people.officer_b)
    assert outsider.get(f"{BASE}{case.pk}/").status_code == 404
    for step in ("submit", "approve", "return", "pay"):
        r = outsider.post(f"{BASE}{case.pk}/{step}/", {"version": case.version}, format="json")
        assert r.status_code == 404, step
    assert outsider.get(BASE).json()["results"] == []
    # A case for a person outside the officer's scope is refused (404), even in its own period.
    r = outsider.post(BASE, _body(world, period=world.edu_period.pk), format="json")
    assert r.status_code == 404
    assert outsider.get(f"/api/v1/streamlining/periods/{world.period.pk}/").status_code == 404
    leader = api_client(people.leader)
    assert leader.get(f"{BASE}{case.pk}/").status_code == 200
    assert leader.post(BASE, _body(world, person=world.nurse.pk), format="json").status_code == 403
    assert api_client(None).get(BASE).status_code in (401, 403)


def test_lists_are_audited_and_reports(world: World, people: Any) -> None:
    services.case_save(acting_user=world.hospital_officer, data=case_input(world))
    client = api_client(people.supervisor)
    before = AuditEntry.objects.filter(action="personal_data_export").count()
    assert len(client.get(BASE).json()["results"]) == 1
    summary = client.get(f"/api/v1/streamlining/periods/{world.period.pk}/summary/").json()
    assert summary["count"] == 1
    assert AuditEntry.objects.filter(action="personal_data_export").count() == before + 2
    report = client.get("/api/v1/streamlining/report/2026/").json()
    assert report["people"] == 0  # only decided cases count
    effect = client.get("/api/v1/streamlining/budget-effect/?start=2026-01-01&end=2026-12-31")
    assert effect.json()["people"] == 0
