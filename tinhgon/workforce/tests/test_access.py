"""An officer of one agency cannot read another agency's people through any page, export or
endpoint; exports are audited; lists never show the identification number."""

from __future__ import annotations

import pytest

from tinhgon.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def pages(staff, registry):
    lan = staff.people[0]
    a = lan.assignments.get()
    return {
        "unit": f"/doi-ngu/don-vi/{registry.school_pdp.pk}/",
        "export": f"/doi-ngu/don-vi/{registry.school_pdp.pk}/xuat/",
        "person": f"/doi-ngu/nguoi/{lan.pk}/",
        "fix": f"/doi-ngu/nguoi/{lan.pk}/phan-cong/{a.pk}/",
    }


@pytest.mark.parametrize("name", ["unit", "export", "person"])
def test_outsider_gets_404_on_pages(staff, registry, web, name):
    url = pages(staff, registry)[name]
    assert web("officer_a").get(url).status_code == 404  # Sở Y tế's officer
    assert web("officer_b").get(url).status_code == 200  # Sở GD&ĐT's officer


def test_outsider_cannot_fix_an_assignment(staff, registry, web):
    url = pages(staff, registry)["fix"]
    lan = staff.people[0]
    response = web("officer_a").post(
        url,
        {
            f"a{lan.assignments.get().pk}-position": "",
            f"a{lan.assignments.get().pk}-version": lan.version,
        },
    )
    assert response.status_code == 404
    assert lan.assignments.get().position_id == staff.teacher_pos.pk


@pytest.mark.parametrize(
    "name", ["people", "structure", "compliance", "retirement", "level_change", "migration"]
)
def test_lists_show_only_own_people(staff, registry, web, name):
    url = {
        "people": "/doi-ngu/nguoi/",
        "structure": "/doi-ngu/co-cau/?by=sex",
        "compliance": "/doi-ngu/tuan-thu/",
        "retirement": "/doi-ngu/nghi-huu/",
        "level_change": "/doi-ngu/thay-doi-bac/",
        "migration": "/doi-ngu/chuyen-doi-nd232/",
    }[name]
    html = web("officer_a").get(url).content.decode()
    assert "Nguyễn Thị Lan" not in html and "Phan Đình Phùng" not in html
    if name == "people":
        assert "Võ Thị Phương" in html
        assert "0123" not in web("officer_b").get(url).content.decode()


def test_person_page_masks_the_id(staff, web):
    html = web("officer_b").get(f"/doi-ngu/nguoi/{staff.people[0].pk}/").content.decode()
    assert "••••••••0123" in html and "042185000123" not in html


def test_export_is_audited_and_has_no_id(staff, registry, web):
    import io

    from openpyxl import load_workbook

    response = web("officer_b").get(f"/doi-ngu/don-vi/{registry.school_pdp.pk}/xuat/")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 4 and "042185000123" not in str(rows)
    entry = AuditEntry.objects.get(action="personal_data_export")
    assert entry.after["rows"] == 3 and entry.actor.username == "can-bo-so-gddt"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/workforce/people/{person}/",
        "/api/v1/workforce/units/{unit}/staffing/",
        "/api/v1/workforce/people/?organization={unit}",
    ],
)
def test_api_outsider_gets_404(staff, registry, api, url):
    url = url.format(person=staff.people[0].pk, unit=registry.school_pdp.pk)
    assert api("officer_a").get(url).status_code == 404
    assert api("officer_b").get(url).status_code == 200


def test_api_lists_are_scoped_and_audited(staff, registry, api):
    body = api("officer_a").get("/api/v1/workforce/people/").json()
    assert [r["full_name"] for r in body["results"]] == ["Võ Thị Phương"]
    assert "id_number" not in body["results"][0]
    assert AuditEntry.objects.filter(action="personal_data_export").count() == 1
    compliance = api("officer_a").get("/api/v1/workforce/compliance/").json()
    assert all(r["organization"] != registry.school_pdp.pk for r in compliance["results"])
    structure = api("officer_a").get("/api/v1/workforce/structure/?by=sex").json()
    assert sum(r["count"] for r in structure["rows"]) == 1
    # A day before any of the agency's units existed: an empty scope counts nobody (it was a 500,
    # found by schemathesis once the operation was in the OpenAPI schema).
    for by in ("sex", "level"):
        empty = api("officer_a").get(f"/api/v1/workforce/structure/?by={by}&as_of=0347-06-01")
        assert empty.status_code == 200 and not any(r["count"] for r in empty.json()["rows"])
    detail = api("officer_b").get(f"/api/v1/workforce/people/{staff.people[0].pk}/").json()
    assert detail["id_number_masked"] == "••••••••0123"


def test_api_outsider_cannot_move_a_person(staff, registry, api):
    lan = staff.people[0]
    r = api("officer_a").post(
        f"/api/v1/workforce/people/{lan.pk}/assignments/",
        {"organization": registry.hospital.pk, "valid_from": "2026-09-01", "version": lan.version},
        format="json",
    )
    assert r.status_code == 404


def test_api_create_person_refuses_bad_input_in_vietnamese(staff, registry, api):
    r = api("officer_b").post(
        "/api/v1/workforce/people/",
        {
            "full_name": "Người Mới",
            "birth": "2030",
            "sex": "F",
            "employment_kind": "vien_chuc",
            "hired_on": "2020-09-01",
            "organization": registry.school_pdp.pk,
        },
        format="json",
    )
    assert r.status_code == 400
    assert any("tương lai" in e["message"] for e in r.json()["errors"])
    r = api("officer_a").post(
        "/api/v1/workforce/people/",
        {
            "full_name": "Người Mới",
            "birth": "1990",
            "sex": "F",
            "employment_kind": "vien_chuc",
            "hired_on": "2020-09-01",
            "organization": registry.school_pdp.pk,
        },
        format="json",
    )
    assert r.status_code == 403


def test_supervisor_fixes_an_assignment(staff, registry, web):
    hà = staff.people[2]
    a = hà.assignments.get()
    r = web("supervisor").post(
        f"/doi-ngu/nguoi/{hà.pk}/phan-cong/{a.pk}/",
        {f"a{a.pk}-position": staff.teacher_pos.pk, f"a{a.pk}-version": hà.version},
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.position_id == staff.teacher_pos.pk
    assert AuditEntry.objects.filter(action="assignment_correct").exists()
    # A stale version is refused.
    r = web("supervisor").post(
        f"/doi-ngu/nguoi/{hà.pk}/phan-cong/{a.pk}/",
        {f"a{a.pk}-position": "", f"a{a.pk}-version": hà.version},
        follow=True,
    )
    assert "Bản ghi đã được thay đổi" in r.content.decode()
