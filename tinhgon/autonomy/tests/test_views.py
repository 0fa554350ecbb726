"""Pages and API: the unit's officer enters and submits, the managing body approves; outsiders 404/403."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tinhgon.accounts.choices import Role
from tinhgon.autonomy.importers import AUTONOMY_IMPORT, SHEET
from tinhgon.autonomy.models import AutonomyFigures
from tinhgon.autonomy.tests.factories import BILLION, submitted
from tinhgon.conftest import _user, api_client, web_client
from tinhgon.core import importing
from tinhgon.organizations.models import OrganizationState

FORM = {
    "year": "2025",
    "revenue_services_vnd": "6.000.000.000",
    "revenue_fees_vnd": "1.000.000.000",
    "total_revenue_vnd": "7.000.000.000",
    "recurrent_expenditure_vnd": "10.000.000.000",
    "budget_support_vnd": "3.000.000.000",
    "has_service_revenue": "on",
}


@pytest.fixture
def unit_officer(registry):
    return _user("can-bo-benh-vien", Role.OFFICER, registry.hospital)


def test_officer_enters_submits_and_managing_body_approves(registry, people, unit_officer):
    c = web_client(unit_officer)
    r = c.post(f"/tu-chu/don-vi/{registry.hospital.pk}/so-lieu/moi/", FORM)
    assert r.status_code == 302
    obj = AutonomyFigures.objects.get()
    assert (obj.group, obj.band, obj.status) == (3, "70-100", "draft")
    c.post(f"/tu-chu/so-lieu/{obj.pk}/gui/", {"version": obj.version})
    obj.refresh_from_db()
    assert obj.status == "submitted"
    # The unit's own officer has no approve form; the managing body's officer has.
    assert "approve-button" not in c.get(f"/tu-chu/don-vi/{registry.hospital.pk}/").content.decode()
    boss = web_client(people.officer_a)
    page = boss.get(f"/tu-chu/don-vi/{registry.hospital.pk}/").content.decode()
    assert "approve-button" in page
    assert "Nhóm 3 – tự bảo đảm một phần chi thường xuyên" in page
    p = f"f{obj.pk}-"
    r = boss.post(
        f"/sap-xep/tu-chu/so-lieu/{obj.pk}/phe-duyet/",
        {
            p + "version": obj.version,
            p + "decision_number": "120/QĐ-UBND",
            p + "decision_date": "2026-03-01",
            p + "decision_issuer": "UBND tỉnh Hà Tĩnh",
        },
    )
    assert r.status_code == 302
    obj.refresh_from_db()
    assert obj.status == "approved"
    assert registry.hospital.state_on(dt.date(2026, 3, 1)).autonomy_group == 3
    overview = web_client(people.supervisor).get("/tu-chu/").content.decode()
    assert 'data-testid="group-3"' in overview


def test_negative_amount_is_shown_next_to_its_field(registry, unit_officer):
    c = web_client(unit_officer)
    r = c.post(
        f"/tu-chu/don-vi/{registry.hospital.pk}/so-lieu/moi/", {**FORM, "revenue_fees_vnd": "-5"}
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-testid="error-revenue_fees_vnd"' in html and "không được âm" in html
    assert AutonomyFigures.objects.count() == 0


@pytest.mark.parametrize("who", ["officer_b", "commune_officer"])
def test_outsiders_get_404_on_every_page_and_endpoint(registry, people, who, unit_officer):
    obj = submitted(unit_officer, registry.hospital, 2025)
    c = web_client(getattr(people, who))
    h = registry.hospital.pk
    for url in (
        f"/tu-chu/don-vi/{h}/",
        f"/tu-chu/don-vi/{h}/so-lieu/moi/",
        f"/tu-chu/so-lieu/{obj.pk}/sua/",
    ):
        assert c.get(url).status_code == 404, url
    for url in (f"/tu-chu/so-lieu/{obj.pk}/gui/", f"/sap-xep/tu-chu/so-lieu/{obj.pk}/phe-duyet/"):
        assert c.post(url, {}).status_code == 404, url
    a = api_client(getattr(people, who))
    assert a.get(f"/api/v1/autonomy/figures/{obj.pk}/").status_code == 404
    assert a.get(f"/api/v1/autonomy/units/{h}/").status_code == 404
    assert a.get("/api/v1/autonomy/figures/").json()["count"] == 0
    assert (
        a.post(f"/api/v1/autonomy/figures/{obj.pk}/approve/", {}, format="json").status_code == 404
    )
    assert (
        a.post(
            "/api/v1/autonomy/figures/", {"organization": h, "year": 2024}, format="json"
        ).status_code
        == 404
    )


def test_readers_and_the_unit_itself_cannot_approve(registry, people, unit_officer):
    obj = submitted(unit_officer, registry.hospital, 2025)
    body = {
        "version": obj.version,
        "decision_number": "12/QĐ-UBND",
        "decision_date": "2026-03-01",
        "decision_issuer": "UBND tỉnh Hà Tĩnh",
    }
    for who in (people.leader, people.inspector, unit_officer):
        r = api_client(who).post(f"/api/v1/autonomy/figures/{obj.pk}/approve/", body, format="json")
        assert r.status_code == 403, who
    r = api_client(people.supervisor).post(
        f"/api/v1/autonomy/figures/{obj.pk}/approve/", body, format="json"
    )
    assert r.status_code == 200 and r.json()["to_group"] == 3


def test_api_create_refuses_bad_input_with_paths(registry, people):
    a = api_client(people.officer_a)
    r = a.post(
        "/api/v1/autonomy/figures/",
        {"organization": registry.hospital.pk, "year": 2025, "recurrent_expenditure_vnd": 0},
        format="json",
    )
    assert r.status_code == 400
    assert {e["path"] for e in r.json()["errors"]} == {"recurrent_expenditure_vnd"}
    r = a.post(
        "/api/v1/autonomy/figures/",
        {
            "organization": registry.hospital.pk,
            "year": 2025,
            "revenue_services_vnd": 5 * BILLION,
            "recurrent_expenditure_vnd": 10 * BILLION,
        },
        format="json",
    )
    assert r.status_code == 201 and r.json()["ratio_percent"] == 50 and r.json()["band"] == "30-70"
    shares = api_client(people.supervisor).get("/api/v1/autonomy/shares/?as_of=2026-11-26").json()
    assert (
        shares["total"]
        == OrganizationState.objects.as_of(dt.date(2026, 11, 26)).public_service_units().count()
    )


def _workbook(rows):
    wb = load_workbook(io.BytesIO(importing.template_bytes(AUTONOMY_IMPORT.spec)))
    ws = wb[SHEET]
    for i, row in enumerate(rows, start=2):
        for j, v in enumerate(row, start=1):
            ws.cell(row=i, column=j, value=v)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_excel_import_dry_run_errors_by_cell_then_commit(registry, people):
    registry.hospital.code = "H23.BV01"
    registry.hospital.save()
    good = [
        "H23.BV01",
        2024,
        6 * BILLION,
        BILLION,
        0,
        0,
        7 * BILLION,
        10 * BILLION,
        0,
        0,
        3 * BILLION,
    ]
    bad = ["H23.BV01", 2025, 6 * BILLION, BILLION, 0, 0, 6 * BILLION, 10 * BILLION]
    result = importing.run_import(
        AUTONOMY_IMPORT.spec,
        _workbook([good, bad]),
        AUTONOMY_IMPORT.apply,
        acting_user=people.officer_a,
        commit=True,
    )
    assert not result.committed
    assert [(e.row, e.column.split(" · ")[0]) for e in result.errors] == [(3, "G")]
    assert "tính hai lần" in result.errors[0].message
    assert AutonomyFigures.objects.count() == 0
    result = importing.run_import(
        AUTONOMY_IMPORT.spec,
        _workbook([good]),
        AUTONOMY_IMPORT.apply,
        acting_user=people.officer_a,
        commit=True,
    )
    assert result.committed and AutonomyFigures.objects.get().group == 3
    again = importing.run_import(
        AUTONOMY_IMPORT.spec,
        _workbook([good]),
        AUTONOMY_IMPORT.apply,
        acting_user=people.officer_a,
        commit=True,
    )
    assert again.created == {} and sum(again.unchanged.values()) == 1
    outsider = importing.run_import(
        AUTONOMY_IMPORT.spec,
        _workbook([good]),
        AUTONOMY_IMPORT.apply,
        acting_user=people.officer_b,
        commit=False,
    )
    assert outsider.errors and outsider.errors[0].column.startswith("A")
