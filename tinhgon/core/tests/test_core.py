"""Core: audit trail, versioning, text folding, CSP header, API error format, the rule CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata

import pytest
from django.core.management import call_command

from tinhgon.conftest import record
from tinhgon.core import context
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.core.text import fold, nfc, nfc_text
from tinhgon.core.versioning import check_version
from tinhgon.organizations.choices import EventKind

pytestmark = pytest.mark.django_db


def test_fold_and_nfc():
    assert fold("Đức Thọ") == fold("ĐỨC THỌ") == fold(unicodedata.normalize("NFD", "Đức Thọ"))
    assert fold("Đức Thọ") == "duc tho"
    assert nfc("  Trường\x07  Mầm   non ") == "Trường Mầm non"


def test_multi_line_text_keeps_its_paragraphs():
    typed = " Đã ra\u0300 soát 12 đơn vị.\r\n\r\n\r\n\tCòn   2 đơn vị\x07 chưa xong. \n"
    assert nfc_text(typed) == "Đã rà soát 12 đơn vị.\n\nCòn 2 đơn vị chưa xong."
    # One line of it is what nfc gives.
    assert nfc_text("  Trường\x07  Mầm   non ") == nfc("  Trường\x07  Mầm   non ")


def test_every_event_writes_audit_rows_with_actor_reason_and_source(registry, people):
    with context.acting_from("cli") as rid:
        record(EventKind.DISSOLVE, dt.date(2025, 7, 1), preds=[registry.cdc], actor=people.leader)
    rows = list(AuditEntry.objects.filter(request_id=rid))
    assert {r.source for r in rows} == {"cli"}
    assert {r.actor_label for r in rows} == {"Lanh-Dao (lanh-dao)"}
    org_row = next(r for r in rows if r.action == "event_dissolve")
    assert org_row.before["state"]["valid_to"] is None
    assert org_row.after["state"]["valid_to"] == "2025-06-30"
    assert org_row.reason.startswith("Theo ")


def test_audit_entries_cannot_be_changed_or_deleted(registry):
    row = AuditEntry.objects.first()
    row.reason = "sửa"
    with pytest.raises(RuntimeError):
        row.save()
    with pytest.raises(RuntimeError):
        row.delete()
    assert AuditEntry.objects.get(pk=row.pk).reason == "Nhập sổ ban đầu"


def test_check_version_requires_the_version(registry):
    with pytest.raises(Refused) as info:
        check_version(registry.cdc, None)
    assert info.value.problems[0].path == "version"
    check_version(registry.cdc, registry.cdc.version)


def test_pages_carry_a_strict_csp_header(people, web):
    response = web("supervisor").get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_a_browser_set_to_english_still_gets_vietnamese(people, web):
    """The interface has one language: Django's own messages and number formats stay Vietnamese
    whatever the browser asks for (a province's officials do use English-language browsers)."""
    from django.template import Context, Template

    page = (
        web("supervisor")
        .post("/sap-xep/su-kien/moi/", {"kind": "rename"}, HTTP_ACCEPT_LANGUAGE="en-US,en")
        .content.decode()
    )
    assert "Trường này là bắt buộc." in page and "This field is required" not in page
    rendered = Template('{{ v|floatformat:"-1g" }}').render(Context({"v": 28479.6}))
    assert rendered == "28.479,6"


def test_api_errors_have_one_format(people, api):
    client = api("supervisor")
    not_found = client.get("/api/v1/organizations/abc/")
    assert not_found.status_code == 404
    assert not_found.json() == {"errors": [{"path": "", "message": "Không tìm thấy."}]}
    unauth = api(None).get("/api/v1/organizations/")
    assert set(unauth.json()) == {"errors"}
    bad = client.post("/api/v1/events/", {"decision": {}}, format="json")
    paths = {e["path"] for e in bad.json()["errors"]}
    assert {"kind", "effective_date", "decision.number", "decision.date"} <= paths


def test_the_api_speaks_vietnamese_even_for_the_frameworks_own_messages(people, api):
    """DRF's stock English messages reach the user in Vietnamese, with the value they name."""
    client = api("supervisor")

    def messages(response):
        return {e["path"]: e["message"] for e in response.json()["errors"]}

    bad = client.post(
        "/api/v1/events/",
        {"kind": "teleport", "effective_date": "26/11/2026", "decision": {}},
        format="json",
    )
    got = messages(bad)
    assert got["decision.number"] == "Trường này là bắt buộc."
    assert "teleport" in got["kind"]
    assert got["effective_date"].startswith("Ngày sai định dạng")
    unauth = api(None).get("/api/v1/organizations/")
    assert messages(unauth)[""] == "Bạn chưa đăng nhập: thiếu thông tin xác thực."
    wrong_method = client.put("/api/v1/rules/", {}, format="json")
    assert wrong_method.status_code == 405
    assert "PUT" in messages(wrong_method)[""]
    not_json = client.post("/api/v1/events/", "{", content_type="application/json")
    assert messages(not_json)[""] == "Nội dung gửi lên không đọc được (sai cú pháp)."
    every = [
        e["message"] for r in (bad, unauth, wrong_method, not_json) for e in r.json()["errors"]
    ]
    assert not [m for m in every if m.isascii()], every


def test_rule_command_prints_the_same_json_as_the_api(people, api, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"text": "Số: 56/KH-UBND"}), encoding="utf-8")
    out = io.StringIO()
    call_command("rule", "document_number", "--input", str(source), stdout=out)
    printed = json.loads(out.getvalue())
    answer = api("supervisor").post(
        "/api/v1/rules/document_number/", {"text": "Số: 56/KH-UBND"}, format="json"
    )
    assert printed == answer.json()
    assert (printed["seq"], printed["symbol"], printed["year"]) == (56, "KH-UBND", None)
