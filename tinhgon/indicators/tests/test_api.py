"""Indicators and quota through the API and the CLI, with the users' scopes."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from tinhgon.conftest import decision, new_unit, record
from tinhgon.organizations.choices import EventKind
from tinhgon.staffing.choices import EntryType, QuotaKind
from tinhgon.staffing.services import EntryInput, quota_entries_record

pytestmark = pytest.mark.django_db
B = QuotaKind.PUBLIC_EMPLOYEE_BUDGET


@pytest.fixture
def ledger(registry, national_targets):
    r = registry
    doc = decision(dt.date(2015, 12, 20), "3316/QĐ-UBND")
    day = dt.date(2016, 1, 1)
    amounts = {
        r.province: 1000, r.health: 600, r.education: 300, r.district: 90,
        r.hospital: 400, r.cdc: 100, r.district_health: 90,
        r.school_pdp: 120, r.school_gifted: 100, r.gdtx: 40,
        r.commune: 50, r.commune2: 20, r.school_hxh: 20, r.preschool: 25, r.primary: 25, r.primary2: 20,
    }  # fmt: skip
    quota_entries_record(
        acting_user=None,
        rows=[
            EntryInput(o.pk, B, 2016, EntryType.ALLOCATION, n, day, doc) for o, n in amounts.items()
        ],
    )
    # 2020: two schools merged (units −1, quota unchanged); 2022: the GDTX centre dissolved (quota −40).
    record(EventKind.MERGE, dt.date(2020, 8, 1), preds=[r.school_pdp, r.school_gifted],
           succs=[new_unit("Trường THPT Phan Đình Phùng", r.education)])  # fmt: skip
    record(EventKind.DISSOLVE, dt.date(2022, 3, 1), preds=[r.gdtx])
    return r


def by_code(payload):
    return {i["code"]: i for i in payload["indicators"]}


def test_indicator_api_answers_the_documented_shape(ledger, api):
    body = api("supervisor").get("/api/v1/indicators/?as_of=2022-12-31").json()
    assert body["as_of"] == "2022-12-31" and body["scope"] == ledger.province.pk
    items = by_code(body)
    assert {"units_total", "units_change_vs_2015", "units_change_vs_2021", "budget_staff_quota",
            "budget_staff_change_vs_2015", "budget_staff_change_vs_2021"} <= set(items)  # fmt: skip
    units = items["units_change_vs_2015"]
    # 10 public service units in 2015; 9 after the merge; 8 after the dissolution.
    assert units["value"] == 8 and units["baseline"] == {"date": "2015-12-31", "value": 10}
    assert units["change_percent"] == -20.0
    assert units["target"]["code"] == "nq19_units_2021" and units["target"]["status"] == "achieved"
    staff = items["budget_staff_change_vs_2021"]
    # The units' quotas: 940 (the merge moved 220 to the new school); the dissolution recovered 40.
    assert staff["baseline"]["value"] == 940 and staff["value"] == 900
    assert staff["change_percent"] == -4.3
    assert staff["target"]["code"] == "nq19_staff_2025" and staff["target"]["status"] in {
        "on_track",
        "at_risk",
    }
    assert set(items["units_total"]) == {
        "code",
        "label",
        "value",
        "unit",
        "baseline",
        "change_percent",
        "target",
    }


def test_cli_prints_exactly_the_api_json(ledger, api):
    out = io.StringIO()
    call_command(
        "indicators",
        "--as-of",
        "2022-12-31",
        "--scope",
        str(ledger.province.pk),
        "--json",
        stdout=out,
    )
    assert (
        json.loads(out.getvalue())
        == api("supervisor")
        .get(f"/api/v1/indicators/?as_of=2022-12-31&scope={ledger.province.pk}")
        .json()
    )


def test_an_officer_gets_indicators_for_their_scope_only(ledger, api):
    own = api("officer_a").get("/api/v1/indicators/?as_of=2022-12-31").json()
    assert own["scope"] == ledger.health.pk and by_code(own)["units_total"]["value"] == 3
    outside = api("officer_a").get(f"/api/v1/indicators/?scope={ledger.education.pk}")
    assert outside.status_code == 404
    assert api(None).get("/api/v1/indicators/").status_code in (401, 403)


def test_quota_balance_and_entries(ledger, api):
    r = ledger
    got = (
        api("supervisor")
        .get(f"/api/v1/quota-balance/?org={r.health.pk}&kind={B}&as_of=2022-12-31")
        .json()
    )
    assert got["balance"] == 600 and got["assigned_to_children"] == 590
    assert got["kind_label"] == "Số lượng người làm việc hưởng lương từ NSNN"
    later = (
        api("supervisor").get(f"/api/v1/quota-balance/?org={r.health.pk}&as_of=2026-07-01").json()
    )
    assert later["kind_label"] == "Biên chế viên chức hưởng lương từ NSNN"
    assert api("officer_b").get(f"/api/v1/quota-balance/?org={r.health.pk}").status_code == 404
    body = {
        "organization": r.cdc.pk, "kind": B, "year": 2023, "entry_type": "adjustment", "amount": -5,
        "effective_date": "2023-03-01", "decision": {"number": "45/QĐ-UBND", "date": "2023-02-20", "issuer": "UBND tỉnh Hà Tĩnh"},
    }  # fmt: skip
    assert api("officer_b").post("/api/v1/quota-entries/", body, format="json").status_code == 404
    assert api("leader").post("/api/v1/quota-entries/", body, format="json").status_code == 403
    created = api("officer_a").post("/api/v1/quota-entries/", body, format="json")
    assert created.status_code == 201, created.json()
    too_much = dict(body, amount=50, entry_type="adjustment")
    refused = api("officer_a").post("/api/v1/quota-entries/", too_much, format="json")
    assert refused.status_code == 400
    assert "vượt số Sở Y tế được giao" in refused.json()["errors"][0]["message"]
    listed = api("officer_b").get("/api/v1/quota-entries/").json()
    assert all(e["organization"] != r.cdc.pk for e in listed["results"])


def test_dashboard_and_drill_down_pages(ledger, web):
    page = web("supervisor").get("/chi-tieu/?as_of=2022-12-31")
    assert page.status_code == 200
    html = page.content.decode()
    assert "nq19_units_2021" in html and "Đạt" in html
    drill = web("supervisor").get("/chi-tieu/units_total/?as_of=2022-12-31").content.decode()
    assert (
        "Bệnh viện Đa khoa tỉnh Hà Tĩnh" in drill
        and "Trung tâm Giáo dục thường xuyên tỉnh" not in drill
    )
    chart = web("supervisor").get("/chi-tieu/bieu-do/units_total.png?as_of=2022-12-31")
    assert chart["Content-Type"] == "image/png" and chart.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert web("officer_a").get(f"/chi-tieu/?scope={ledger.education.pk}").status_code == 404
