"""Registry pages: tree as of a date, unit page, events, the guided event form, the calculator."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhgon.conftest import counts, record
from tinhgon.core.models import AuditEntry
from tinhgon.organizations.choices import EventKind

pytestmark = pytest.mark.django_db


def test_home_shows_counts_for_the_supervisor(registry, web):
    response = web("supervisor").get("/")
    assert response.status_code == 200
    assert response.context["now"]["total"] == 10
    assert response.context["now"]["date"] == dt.date(2026, 11, 26)


def test_home_says_what_each_recent_event_made_of_which_units(registry, web):
    from tinhgon.conftest import new_unit

    record(
        EventKind.MERGE,
        dt.date(2025, 7, 1),
        preds=[registry.school_pdp, registry.school_gifted],
        succs=[new_unit("Trường THPT Phan Đình Phùng - Chuyên", registry.education)],
    )
    page = web("supervisor").get("/").content.decode()
    assert (
        "Trường THPT Phan Đình Phùng, Trường THPT chuyên Hà Tĩnh → "
        "Trường THPT Phan Đình Phùng - Chuyên" in page
    )


def test_tree_as_of_a_date_and_search(registry, web):
    record(EventKind.RENAME, dt.date(2025, 7, 1), preds=[registry.cdc], changes={"name": "CDC"})
    client = web("supervisor")
    old = client.get("/don-vi/", {"as_of": "2025-06-30"}).content.decode()
    assert "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh" in old
    new = client.get("/don-vi/", {"as_of": "2025-07-01"}).content.decode()
    assert "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh" not in new
    found = client.get("/don-vi/", {"q": "duc tho"}).content.decode()
    assert "Trung tâm Y tế huyện Đức Thọ" in found
    assert "Phan Đình Phùng" not in found
    bad = client.get("/don-vi/", {"as_of": "30/06/2025"})
    assert bad.status_code == 200
    assert "không đúng định dạng" in bad.content.decode()


def test_unit_page_shows_its_history(registry, web):
    record(EventKind.RENAME, dt.date(2025, 7, 1), preds=[registry.cdc], changes={"name": "CDC"})
    page = web("officer_a").get(f"/don-vi/{registry.cdc.pk}/").content.decode()
    assert "CDC" in page and "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh" in page


def test_event_form_records_an_event_audited_as_ui(registry, web, people):
    client = web("officer_a")
    assert client.get("/sap-xep/su-kien/moi/?kind=dissolve").status_code == 200
    response = client.post(
        "/sap-xep/su-kien/moi/",
        {
            "kind": "dissolve",
            "effective_date": "2025-07-01",
            "decision_number": "31/QĐ-UBND",
            "decision_date": "2025-06-25",
            "decision_issuer": "UBND tỉnh Hà Tĩnh",
            "predecessors": str(registry.cdc.pk),
        },
    )
    assert response.status_code == 302
    registry.cdc.refresh_from_db()
    assert registry.cdc.valid_to == dt.date(2025, 6, 30)
    rows = AuditEntry.objects.for_object(registry.cdc).filter(action="event_dissolve")
    row = rows.get()
    assert (row.source, row.actor) == ("ui", people.officer_a)
    assert row.request_id == response["X-Request-ID"]
    assert "31/QĐ-UBND" in row.reason
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and "31/QĐ-UBND" in detail.content.decode()


def test_event_form_shows_refusals_and_writes_nothing(registry, web):
    before = counts()
    response = web("officer_a").post(
        "/sap-xep/su-kien/moi/",
        {
            "kind": "dissolve",
            "effective_date": "2025-07-01",
            "decision_number": "abc",
            "decision_date": "2025-06-25",
            "decision_issuer": "UBND tỉnh Hà Tĩnh",
            "predecessors": str(registry.cdc.pk),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["decision_number"]
    assert counts() == before


def test_event_form_refuses_an_outsider_unit(registry, web):
    before = counts()
    response = web("officer_a").post(
        "/sap-xep/su-kien/moi/",
        {
            "kind": "dissolve",
            "effective_date": "2025-07-01",
            "decision_number": "31/QĐ-UBND",
            "decision_date": "2025-06-25",
            "decision_issuer": "UBND tỉnh Hà Tĩnh",
            "predecessors": str(registry.school_pdp.pk),
        },
    )
    assert response.status_code == 403
    assert counts() == before


def test_rule_calculator_page_computes_a_document_number(people, web):
    response = web("officer_a").post(
        "/cong-cu/quy-tac/document_number/", {"text": "Số: 56/KH-UBND"}
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert (result["seq"], result["type_name"], result["issuer_code"]) == (56, "Kế hoạch", "UBND")
    assert "Kế hoạch" in response.content.decode()
    bad = web("officer_a").post("/cong-cu/quy-tac/document_number/", {"text": "abc"})
    assert bad.context["errors"] and bad.context["result"] is None


def test_audit_trail_says_when_its_date_filter_cannot_be_read(registry, web):
    page = web("supervisor").get("/cong-cu/nhat-ky/?date=31/12/2025")
    assert page.status_code == 200
    assert "Ngày “31/12/2025” không đúng định dạng YYYY-MM-DD" in page.content.decode()
    filtered = web("supervisor").get("/cong-cu/nhat-ky/?date=2009-01-01").content.decode()
    assert "Không có bản ghi." in filtered
