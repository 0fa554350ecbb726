"""The audit trail: append-only for everyone (the ORM guard, and on PostgreSQL a trigger that
refuses raw UPDATE/DELETE, administrators' included), searchable by object, user and date,
exportable as xlsx (the export itself audited); exports of personal data are recorded."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from openpyxl import load_workbook

from tinhgon.conftest import web_client
from tinhgon.core import audit
from tinhgon.core.models import AuditEntry


def _entry(people: Any) -> AuditEntry:
    return audit.record(
        actor=people.admin, action="test", obj=people.officer_a, before=None, after={"x": 1}
    )


def test_the_orm_refuses_to_change_or_delete_an_audit_row(people: Any) -> None:
    e = _entry(people)
    e.reason = "sửa lén"
    with pytest.raises(RuntimeError, match="chỉ được ghi thêm"):
        e.save()
    with pytest.raises(RuntimeError, match="không được xoá"):
        e.delete()


def test_the_database_refuses_raw_update_and_delete_on_postgresql(people: Any) -> None:
    """On PostgreSQL the trigger of core/0002 refuses even raw SQL (an administrator at psql, a
    bug bypassing the ORM); SQLite, used only by tests, has the ORM guard alone."""
    e = _entry(people)
    statements = [
        ("UPDATE core_auditentry SET reason = 'sửa lén' WHERE id = %s", [e.pk]),
        ("DELETE FROM core_auditentry WHERE id = %s", [e.pk]),
        ("UPDATE core_auditentry SET actor_label = 'x'", []),
    ]
    for sql, params in statements:
        if connection.vendor == "postgresql":
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, params)
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                assert cursor.fetchall() == []
    if connection.vendor == "postgresql":
        e.refresh_from_db()
        assert e.reason == "" and AuditEntry.objects.filter(pk=e.pk).exists()
        # A new row is still welcome.
        assert _entry(people).pk > e.pk


def test_search_by_object_user_and_date(registry: Any, people: Any) -> None:
    c = web_client(people.supervisor)
    hospital = registry.hospital
    page = c.get("/cong-cu/nhat-ky/", {"object": f"organizations.organization:{hospital.pk}"})
    html = page.content.decode()
    assert page.status_code == 200 and hospital.states.get().name in html
    assert registry.cdc.states.get().name not in html
    _entry(people)
    c = web_client(people.admin)  # the row is on a user: only administrators see every row
    html = c.get("/cong-cu/nhat-ky/", {"user": "quan-tri"}).content.decode()
    assert "<code>test</code>" in html and "<code>register</code>" not in html
    assert "Không có bản ghi" in c.get("/cong-cu/nhat-ky/", {"date": "2026-11-25"}).content.decode()
    assert (
        "<code>test</code>" in c.get("/cong-cu/nhat-ky/", {"date": "2026-11-26"}).content.decode()
    )


def test_export_as_xlsx_is_itself_audited(registry: Any, people: Any) -> None:
    c = web_client(people.inspector)
    hospital = registry.hospital
    query = {"object": f"organizations.organization:{hospital.pk}"}
    assert 'data-testid="audit-export"' in c.get("/cong-cu/nhat-ky/", query).content.decode()
    before = AuditEntry.objects.count()
    r = c.get("/cong-cu/nhat-ky/xuat/", query)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("Thời điểm", "Người thực hiện", "Nguồn", "Thao tác")
    assert len(rows) == 2 and rows[1][5] == str(hospital.pk)
    assert AuditEntry.objects.count() == before + 1
    mine = AuditEntry.objects.order_by("-pk").first()
    assert mine.action == "audit_export" and mine.actor == people.inspector
    assert mine.after == {
        "what": "audit_xlsx",
        "filters": {**query, "user": "", "date": ""},
        "rows": 1,
    }
    # An officer may not export the trail.
    assert web_client(people.officer_a).get("/cong-cu/nhat-ky/xuat/").status_code == 403


def test_text_that_looks_like_a_formula_is_exported_as_text(people: Any) -> None:
    audit.record(
        actor=people.admin,
        action="test",
        obj=people.officer_a,
        before=None,
        after=None,
        reason="=HYPERLINK('http://x')",
    )
    r = web_client(people.admin).get("/cong-cu/nhat-ky/xuat/", {"user": "quan-tri"})
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[1][9] == "'=HYPERLINK('http://x')"


def test_exports_of_personal_data_are_recorded(registry: Any, people: Any) -> None:
    from tinhgon.streamlining import services as streamlining
    from tinhgon.workforce.tests.conftest import catalogue, hire

    catalogue()
    hire(registry.hospital, "Võ Thị Phương", title_code="V.08.01", rank="III", coefficient="3.00")
    period = streamlining.period_create(
        acting_user=people.officer_a,
        data=streamlining.PeriodInput(agency=registry.health.pk, year=2026, sequence=1),
    )
    c = web_client(people.officer_a)
    for url, what in (
        (f"/doi-ngu/don-vi/{registry.hospital.pk}/xuat/", "unit_people_xlsx"),
        (f"/tinh-gian/dot/{period.pk}/xuat/", "streamlining_period_xlsx"),
    ):
        before = AuditEntry.objects.count()
        assert c.get(url).status_code == 200
        row = AuditEntry.objects.order_by("-pk").first()
        assert AuditEntry.objects.count() == before + 1
        assert (row.action, row.actor, row.after["what"]) == (
            "personal_data_export",
            people.officer_a,
            what,
        )
