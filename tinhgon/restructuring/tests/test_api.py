"""``/api/v1/``: tokens, organizations as of a date, lineage, events, stats, rules, schema."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from rest_framework.test import APIClient

from tinhgon.conftest import PASSWORD, counts, new_unit, record
from tinhgon.core.models import AuditEntry
from tinhgon.organizations.choices import EventKind, Kind
from tinhgon.organizations.models import Organization, OrganizationState

pytestmark = pytest.mark.django_db

ITEM_FIELDS = {"id", "code", "name", "kind", "sector", "managing_body", "valid_from", "valid_to"}
DECISION = {"number": "25/QĐ-UBND", "date": "2025-06-20", "issuer": "UBND tỉnh Hà Tĩnh"}


def _errors(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"errors"}
    for e in body["errors"]:
        assert set(e) == {"path", "message"}
    return body["errors"]


def _vietnamese(text: str) -> bool:
    return bool(re.search(r"[àáảãạăâđêôơướờếềộệọịụủứừữửựấầẩậ]", text.lower()))


# --- token ---


def test_token_endpoint_gives_a_token_that_authenticates(people):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "can-bo-so-y-te", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/organizations/").status_code == 200


def test_token_endpoint_refuses_a_wrong_password(people):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "can-bo-so-y-te", "password": "sai"}, format="json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()
    assert response.json()["errors"]


# --- list ---


def test_list_items_have_exactly_the_documented_fields(registry, api):
    body = api("supervisor").get("/api/v1/organizations/", {"q": "Phan Đình Phùng"}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    item = body["results"][0]
    assert set(item) == ITEM_FIELDS
    assert item == {
        "id": registry.school_pdp.pk,
        "code": None,
        "name": "Trường THPT Phan Đình Phùng",
        "kind": "school",
        "sector": "education",
        "managing_body": registry.education.pk,
        "valid_from": "2010-01-01",
        "valid_to": None,
    }


def test_list_filters_by_kind_sector_and_managing_body(registry, api):
    client = api("supervisor")
    schools = client.get("/api/v1/organizations/", {"kind": "school"}).json()
    assert schools["count"] == 6
    assert {r["kind"] for r in schools["results"]} == {"school"}
    health = client.get("/api/v1/organizations/", {"sector": "health"}).json()
    assert {r["id"] for r in health["results"]} == {u.pk for u in registry.health_units}
    under = client.get("/api/v1/organizations/", {"managing_body": registry.commune.pk}).json()
    assert {r["name"] for r in under["results"]} == {
        "Trường Mầm non Tùng Ảnh",
        "Trường Tiểu học Tùng Ảnh",
    }


def test_search_is_accent_insensitive(registry, api):
    body = api("supervisor").get("/api/v1/organizations/", {"q": "duc tho"}).json()
    assert {r["name"] for r in body["results"]} == {
        "UBND huyện Đức Thọ",
        "Trung tâm Y tế huyện Đức Thọ",
    }


def test_list_as_of_a_date_shows_the_names_and_units_of_that_date(registry, api):
    record(EventKind.RENAME, dt.date(2025, 7, 1), preds=[registry.cdc], changes={"name": "CDC"})
    record(EventKind.DISSOLVE, dt.date(2025, 7, 1), preds=[registry.gdtx])
    client = api("supervisor")
    before = client.get("/api/v1/organizations/", {"as_of": "2025-06-30", "sector": "health"})
    after = client.get("/api/v1/organizations/", {"as_of": "2025-07-01"})
    assert "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh" in {
        r["name"] for r in before.json()["results"]
    }
    names_after = {r["name"] for r in after.json()["results"]}
    assert "CDC" in names_after
    assert "Trung tâm Giáo dục thường xuyên tỉnh" not in names_after
    gdtx = client.get(f"/api/v1/organizations/{registry.gdtx.pk}/").json()
    assert gdtx["valid_to"] == "2025-06-30"


def test_pagination_links_and_page_size(registry, api):
    client = api("supervisor")
    first = client.get("/api/v1/organizations/", {"page_size": 5}).json()
    assert first["count"] == 16 and len(first["results"]) == 5
    assert first["previous"] is None and "page=2" in first["next"]
    last = client.get("/api/v1/organizations/", {"page_size": 5, "page": 4}).json()
    assert len(last["results"]) == 1 and last["next"] is None
    ids = set()
    for page in range(1, 5):
        ids |= {
            r["id"]
            for r in client.get("/api/v1/organizations/", {"page_size": 5, "page": page}).json()[
                "results"
            ]
        }
    assert len(ids) == 16


def test_page_size_is_capped_at_500(registry, api):
    orgs = Organization.objects.bulk_create(
        [Organization(valid_from=dt.date(2010, 1, 1)) for _ in range(520)]
    )
    OrganizationState.objects.bulk_create(
        [
            OrganizationState(
                organization=o,
                valid_from=dt.date(2010, 1, 1),
                name=f"Trường số {i}",
                name_folded=f"truong so {i}",
                kind=Kind.SCHOOL,
                sector="education",
                level="province",
                managing_body=registry.education,
            )
            for i, o in enumerate(orgs)
        ]
    )
    body = api("supervisor").get("/api/v1/organizations/", {"page_size": 1000}).json()
    assert body["count"] == 536
    assert len(body["results"]) == 500
    assert body["next"] is not None


def test_bad_filters_are_refused_in_vietnamese(registry, api):
    client = api("supervisor")
    errors = _errors(client.get("/api/v1/organizations/", {"as_of": "01/07/2025"}))
    assert errors[0]["path"] == "as_of" and "YYYY-MM-DD" in errors[0]["message"]
    errors = _errors(client.get("/api/v1/organizations/", {"kind": "rocket", "sector": "space"}))
    assert {e["path"] for e in errors} == {"kind", "sector"}
    assert all(_vietnamese(e["message"]) for e in errors)


# --- retrieve and lineage ---


def test_retrieve_and_lineage(registry, api, people):
    event = record(
        EventKind.MERGE,
        dt.date(2025, 7, 1),
        preds=[registry.primary, registry.preschool],
        succs=[new_unit("Trường Liên cấp Tùng Ảnh", registry.commune)],
        actor=people.supervisor,
    )
    new = event.links.get(role="successor").organization
    client = api("supervisor")
    item = client.get(f"/api/v1/organizations/{new.pk}/").json()
    assert set(item) == ITEM_FIELDS and item["name"] == "Trường Liên cấp Tùng Ảnh"
    lineage = client.get(f"/api/v1/organizations/{new.pk}/lineage/").json()
    assert lineage["successors"] == []
    assert sorted(lineage["predecessors"], key=lambda p: p["id"]) == sorted(
        [
            {
                "id": org.pk,
                "name": name,
                "event_kind": "merge",
                "effective_date": "2025-07-01",
                "decision_number": event.decision.number,
            }
            for org, name in (
                (registry.primary, "Trường Tiểu học Tùng Ảnh"),
                (registry.preschool, "Trường Mầm non Tùng Ảnh"),
            )
        ],
        key=lambda p: p["id"],
    )
    back = client.get(f"/api/v1/organizations/{registry.primary.pk}/lineage/").json()
    assert [s["id"] for s in back["successors"]] == [new.pk]
    assert back["predecessors"] == []


def test_retrieve_unknown_is_404_in_the_error_format(registry, api):
    response = api("supervisor").get("/api/v1/organizations/999999/")
    assert response.status_code == 404
    assert response.json() == {"errors": [{"path": "", "message": "Không tìm thấy."}]}


# --- establish ---


def test_post_organization_establishes_a_unit(registry, api, people):
    response = api("supervisor").post(
        "/api/v1/organizations/",
        {
            "name": "Trường Mầm non Hoa Sen",
            "kind": "school",
            "sector": "education",
            "managing_body": registry.commune.pk,
            "valid_from": "2025-09-01",
            "decision": {**DECISION, "signer": "Nguyễn Văn A"},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == ITEM_FIELDS
    assert body["name"] == "Trường Mầm non Hoa Sen"
    assert (body["valid_from"], body["valid_to"]) == ("2025-09-01", None)
    assert body["managing_body"] == registry.commune.pk
    org = Organization.objects.get(pk=body["id"])
    doc = org.event_links.get().event.decision
    assert (doc.number, doc.signer) == ("25/QĐ-UBND", "Nguyễn Văn A")
    again = api("supervisor").get(f"/api/v1/organizations/{org.pk}/").json()
    assert again == body


def test_post_organization_with_a_bad_decision_writes_nothing(registry, api):
    before = counts()
    response = api("supervisor").post(
        "/api/v1/organizations/",
        {
            "name": "Trường Mầm non Hoa Sen",
            "kind": "school",
            "sector": "education",
            "managing_body": registry.commune.pk,
            "valid_from": "2025-09-01",
            "decision": {**DECISION, "number": "abc"},
        },
        format="json",
    )
    errors = _errors(response)
    assert errors[0]["path"] == "decision.number"
    assert counts() == before


# --- events ---


def _event(kind: str, day: str = "2025-07-01", **kw):  # type: ignore[no-untyped-def]
    return {"kind": kind, "effective_date": day, "decision": DECISION, **kw}


def test_post_events_of_each_kind(registry, api):
    client = api("supervisor")
    cases = [
        _event(
            "merge",
            predecessors=[registry.commune.pk, registry.commune2.pk],
            successors=[
                {
                    "name": "UBND xã Đức Thọ",
                    "kind": "commune_committee",
                    "sector": "state_management",
                    "managing_body": registry.district.pk,
                }
            ],
        ),
        _event("absorb", predecessors=[registry.gdtx.pk], successors=[registry.school_pdp.pk]),
        _event(
            "split",
            predecessors=[registry.school_hxh.pk],
            successors=[
                {
                    "name": f"Trường THCS Hoàng Xuân Hãn {i}",
                    "kind": "school",
                    "sector": "education",
                    "managing_body": registry.district.pk,
                }
                for i in (1, 2)
            ],
        ),
        _event("dissolve", predecessors=[registry.cdc.pk]),
        _event("rename", predecessors=[registry.hospital.pk], changes={"name": "BVĐK Hà Tĩnh"}),
        _event(
            "transfer",
            predecessors=[registry.district_health.pk],
            changes={"managing_body": registry.district.pk},
        ),
    ]
    for payload in cases:
        response = client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 201, (payload["kind"], response.content)
        body = response.json()
        assert body["kind"] == payload["kind"]
        assert body["decision"]["number"] == "25/QĐ-UBND"
        assert set(body["predecessors"]) >= set(payload["predecessors"])
        shown = client.get(f"/api/v1/events/{body['id']}/").json()
        assert shown == body
    registry.cdc.refresh_from_db()
    assert registry.cdc.valid_to == dt.date(2025, 6, 30)
    assert registry.hospital.state_on(dt.date(2025, 7, 1)).name == "BVĐK Hà Tĩnh"
    assert registry.district_health.state_on(dt.date(2025, 7, 1)).managing_body == registry.district


BAD_EVENTS = [
    # (description, payload builder, path prefix)
    ("not yet existing", lambda r: _event("dissolve", "2005-01-01", predecessors=[r.cdc.pk],
     decision={**DECISION, "date": "2004-12-01"}), "predecessors[0]"),
    ("merge of one", lambda r: _event("merge", predecessors=[r.commune.pk], successors=[
        {"name": "X", "kind": "school", "sector": "education", "managing_body": r.district.pk}]),
     "predecessors"),
    ("split without successor", lambda r: _event("split", predecessors=[r.primary.pk]),
     "successors"),
    ("before decision", lambda r: _event("dissolve", "2025-06-01", predecessors=[r.cdc.pk]),
     "effective_date"),
    ("missing number", lambda r: _event("dissolve", predecessors=[r.cdc.pk],
     decision={**DECISION, "number": ""}), "decision.number"),
    ("malformed number", lambda r: _event("dissolve", predecessors=[r.cdc.pk],
     decision={**DECISION, "number": "abc"}), "decision.number"),
    ("unknown kind", lambda r: _event("teleport", predecessors=[r.cdc.pk]), "kind"),
    ("unknown sector", lambda r: _event("establish", successors=[
        {"name": "X", "kind": "school", "sector": "space", "managing_body": r.commune.pk}]),
     "successors[0].sector"),
    ("date format", lambda r: _event("dissolve", "01/07/2025", predecessors=[r.cdc.pk]),
     "effective_date"),
    ("decision date format", lambda r: _event("dissolve", predecessors=[r.cdc.pk],
     decision={**DECISION, "date": "20/06/2025"}), "decision.date"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "build", "path"), BAD_EVENTS, ids=[b[0] for b in BAD_EVENTS])
def test_bad_events_are_refused_with_path_and_vietnamese_message(registry, api, case, build, path):
    before = counts()
    errors = _errors(api("supervisor").post("/api/v1/events/", build(registry), format="json"))
    assert counts() == before
    assert any(e["path"].startswith(path) for e in errors), errors
    assert all(_vietnamese(e["message"]) for e in errors), errors


def test_absorb_into_a_dissolved_unit_is_refused(registry, api):
    client = api("supervisor")
    assert (
        client.post(
            "/api/v1/events/",
            _event("dissolve", "2024-01-01", predecessors=[registry.school_pdp.pk],
                   decision={**DECISION, "date": "2023-12-01"}),
            format="json",
        ).status_code
        == 201
    )  # fmt: skip
    before = counts()
    errors = _errors(
        client.post(
            "/api/v1/events/",
            _event("absorb", predecessors=[registry.gdtx.pk], successors=[registry.school_pdp.pk]),
            format="json",
        )
    )
    assert counts() == before
    assert errors[0]["path"] == "successors"
    assert "không còn tồn tại" in errors[0]["message"]


def test_api_events_are_audited_with_source_api_and_the_request_id(registry, api, people):
    response = api("supervisor").post(
        "/api/v1/events/", _event("dissolve", predecessors=[registry.cdc.pk]), format="json"
    )
    assert response.status_code == 201
    rid = response["X-Request-ID"]
    rows = AuditEntry.objects.filter(request_id=rid)
    by_type = {r.object_type: r for r in rows}
    assert set(by_type) == {
        "organizations.legaldocument",
        "organizations.organization",
        "organizations.reorgevent",
    }
    org_row = by_type["organizations.organization"]
    assert org_row.object_id == str(registry.cdc.pk)
    assert org_row.action == "event_dissolve"
    assert org_row.actor == people.supervisor
    assert org_row.before["organization"]["valid_to"] is None
    assert org_row.after["organization"]["valid_to"] == "2025-06-30"
    assert "25/QĐ-UBND" in org_row.reason
    assert {r.source for r in rows} == {"api"}


# --- stats ---


def test_stats_by_sector_kind_and_managing_body(registry, api):
    client = api("supervisor")
    by_sector = client.get("/api/v1/stats/units/", {"as_of": "2021-12-31"}).json()
    assert by_sector == {
        "as_of": "2021-12-31",
        "total": 10,
        "groups": [
            {"key": "education", "label": "Giáo dục và đào tạo", "count": 7},
            {"key": "health", "label": "Y tế", "count": 3},
        ],
    }
    by_kind = client.get("/api/v1/stats/units/", {"as_of": "2021-12-31", "group_by": "kind"})
    assert [(g["key"], g["count"]) for g in by_kind.json()["groups"]] == [
        ("school", 6),
        ("center", 2),
        ("hospital", 1),  # "Bệnh viện" before "Trung tâm y tế": ties ordered by label
        ("health_center", 1),
    ]
    by_body = client.get(
        "/api/v1/stats/units/", {"as_of": "2021-12-31", "group_by": "managing_body"}
    ).json()
    assert by_body["groups"][0] == {
        "key": registry.education.pk,
        "label": "Sở Giáo dục và Đào tạo",
        "count": 3,
    }


def test_stats_follow_the_date(registry, api):
    record(EventKind.DISSOLVE, dt.date(2025, 7, 1), preds=[registry.cdc])
    client = api("supervisor")
    assert client.get("/api/v1/stats/units/", {"as_of": "2025-06-30"}).json()["total"] == 10
    assert client.get("/api/v1/stats/units/", {"as_of": "2025-07-01"}).json()["total"] == 9
    today = client.get("/api/v1/stats/units/").json()
    assert today["as_of"] == "2026-11-26" and today["total"] == 9


def test_stats_refuse_bad_parameters(registry, api):
    client = api("supervisor")
    assert _errors(client.get("/api/v1/stats/units/", {"group_by": "colour"}))[0]["path"] == (
        "group_by"
    )
    assert _errors(client.get("/api/v1/stats/units/", {"as_of": "31/12/2021"}))[0]["path"] == (
        "as_of"
    )


# --- rules ---


def test_rules_are_listed_with_their_input_schema(people, api):
    body = api("officer_a").get("/api/v1/rules/").json()
    rule = {r["name"]: r for r in body["results"]}["document_number"]
    assert rule["input_schema"]["required"] == ["text"]


def test_document_number_rule_over_the_api(people, api):
    response = api("officer_a").post(
        "/api/v1/rules/document_number/", {"text": "Số: 56/KH-UBND"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("seq", "symbol", "type", "type_name", "issuer_code", "year")} == {
        "seq": 56,
        "symbol": "KH-UBND",
        "type": "KH",
        "type_name": "Kế hoạch",
        "issuer_code": "UBND",
        "year": None,
    }
    assert isinstance(body["explanation"], list) and body["explanation"]


def test_document_number_rule_refuses_malformed_text(people, api):
    client = api("officer_a")
    errors = _errors(client.post("/api/v1/rules/document_number/", {"text": "abc"}, format="json"))
    assert errors[0]["path"] == "text" and _vietnamese(errors[0]["message"])
    assert client.post("/api/v1/rules/nothing/", {}, format="json").status_code == 404


# --- schema and docs ---


def test_openapi_schema_and_swagger_ui_without_external_urls(people, web):
    client = web("supervisor")
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    doc = schema.json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/organizations/" in doc["paths"] and "/api/v1/events/" in doc["paths"]
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger" in html.lower()
    external = [
        u
        for u in re.findall(r"https?://[^\s\"'<>]+", html)
        if not u.startswith("http://testserver")
    ]
    assert external == []
