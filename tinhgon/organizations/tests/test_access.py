"""Scope: every endpoint and page tried by anonymous users, outsiders and read-only roles."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhgon.conftest import counts, new_unit, record
from tinhgon.organizations import access
from tinhgon.organizations.choices import EventKind, Kind, Sector

pytestmark = pytest.mark.django_db

DECISION = {"number": "25/QĐ-UBND", "date": "2025-06-20", "issuer": "UBND tỉnh Hà Tĩnh"}


@pytest.fixture
def b_event(registry, people):  # type: ignore[no-untyped-def]
    """An event among agency B's units (a merge of two schools of Sở GD&ĐT)."""
    return record(
        EventKind.MERGE,
        dt.date(2024, 9, 1),
        preds=[registry.school_gifted, registry.gdtx],
        succs=[new_unit("Trường Liên cấp Hà Tĩnh", registry.education)],
        actor=people.supervisor,
    )


def _api_urls(registry, b_event) -> list[tuple[str, str, dict | None]]:  # type: ignore[no-untyped-def]
    unit = registry.school_pdp.pk
    return [
        ("get", "/api/v1/organizations/", None),
        ("get", f"/api/v1/organizations/{unit}/", None),
        ("get", f"/api/v1/organizations/{unit}/lineage/", None),
        ("get", "/api/v1/events/", None),
        ("get", f"/api/v1/events/{b_event.pk}/", None),
        ("get", "/api/v1/stats/units/", None),
        ("get", "/api/v1/rules/", None),
        ("post", "/api/v1/rules/document_number/", {"text": "56/KH-UBND"}),
        (
            "post",
            "/api/v1/events/",
            {
                "kind": "dissolve",
                "effective_date": "2025-07-01",
                "decision": DECISION,
                "predecessors": [unit],
            },
        ),
        (
            "post",
            "/api/v1/organizations/",
            {
                "name": "Trường X",
                "kind": "school",
                "sector": "education",
                "managing_body": registry.education.pk,
                "valid_from": "2025-07-01",
                "decision": DECISION,
            },
        ),
    ]


def _page_urls(registry, b_event) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        "/",
        "/don-vi/",
        f"/don-vi/{registry.school_pdp.pk}/",
        "/don-vi/su-kien/",
        f"/don-vi/su-kien/{b_event.pk}/",
        "/sap-xep/su-kien/moi/",
        "/sap-xep/tim-don-vi/?q=truong",
        "/cong-cu/quy-tac/",
        "/cong-cu/quy-tac/document_number/",
        "/cong-cu/nhat-ky/",
        "/tai-khoan/nguoi-dung/",
    ]


# --- anonymous ---


def test_anonymous_gets_401_on_every_endpoint_and_nothing_is_written(
    registry, people, api, b_event
):
    before = counts()
    for method, url, body in _api_urls(registry, b_event):
        response = getattr(api(None), method)(url, body, format="json")
        assert response.status_code == 401, url
        assert response.json()["errors"][0]["message"]
    assert counts() == before


def test_anonymous_is_sent_to_login_from_every_page(registry, people, web, b_event):
    client = web(None)
    for url in _page_urls(registry, b_event):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/tai-khoan/dang-nhap/?next="), url


# --- officer of agency A looking at agency B ---


def test_officer_lists_and_counts_only_their_agency(registry, api):
    client = api("officer_a")
    listed = {r["id"] for r in client.get("/api/v1/organizations/").json()["results"]}
    assert listed == {registry.health.pk, *[u.pk for u in registry.health_units]}
    search = client.get("/api/v1/organizations/", {"q": "truong"}).json()
    assert search["count"] == 0
    stats = client.get("/api/v1/stats/units/", {"group_by": "kind"}).json()
    assert stats["total"] == 3
    assert {g["key"] for g in stats["groups"]} == {"hospital", "center", "health_center"}
    by_body = client.get("/api/v1/organizations/", {"managing_body": registry.education.pk}).json()
    assert by_body["count"] == 0


def test_officer_cannot_retrieve_or_see_lineage_of_another_agency(registry, api, b_event):
    client = api("officer_a")
    for org in (registry.school_pdp, registry.education, registry.school_gifted):
        for url in (f"/api/v1/organizations/{org.pk}/", f"/api/v1/organizations/{org.pk}/lineage/"):
            response = client.get(url)
            assert response.status_code == 404, url
            assert org.last_state.name not in response.content.decode()
    assert client.get(f"/api/v1/events/{b_event.pk}/").status_code == 404
    assert b_event.pk not in {e["id"] for e in client.get("/api/v1/events/").json()["results"]}


def test_officer_cannot_write_in_another_agency(registry, api):
    client = api("officer_a")
    before = counts()
    attempts = [
        {"kind": "dissolve", "predecessors": [registry.school_pdp.pk]},
        {
            "kind": "merge",
            "predecessors": [registry.school_pdp.pk, registry.school_gifted.pk],
            "successors": [
                {
                    "name": "Trường Hợp nhất",
                    "kind": "school",
                    "sector": "education",
                    "managing_body": registry.education.pk,
                }
            ],
        },
        # Own unit moved under agency B: the new managing body is outside too.
        {
            "kind": "transfer",
            "predecessors": [registry.cdc.pk],
            "changes": {"managing_body": registry.education.pk},
        },
        # A dissolved unit of agency B: still refused, not “not alive” with its name.
        {"kind": "dissolve", "effective_date": "2025-07-01", "predecessors": [registry.gdtx.pk]},
    ]
    record(EventKind.DISSOLVE, dt.date(2024, 1, 1), preds=[registry.gdtx])
    before = counts()
    for attempt in attempts:
        payload = {"effective_date": "2025-07-01", "decision": DECISION, **attempt}
        response = client.post("/api/v1/events/", payload, format="json")
        assert response.status_code == 403, (attempt["kind"], response.content)
        assert "Trung tâm Giáo dục" not in response.content.decode()
    create = client.post(
        "/api/v1/organizations/",
        {
            "name": "Trường X",
            "kind": "school",
            "sector": "education",
            "managing_body": registry.education.pk,
            "valid_from": "2025-07-01",
            "decision": DECISION,
        },
        format="json",
    )
    assert create.status_code == 403
    assert counts() == before


def test_officer_can_write_in_their_own_agency(registry, api):
    response = api("officer_a").post(
        "/api/v1/events/",
        {
            "kind": "dissolve",
            "effective_date": "2025-07-01",
            "decision": DECISION,
            "predecessors": [registry.cdc.pk],
        },
        format="json",
    )
    assert response.status_code == 201


def test_officer_gets_the_service_message_for_own_unit_not_alive_then(registry, api):
    """Their own unit, dated before it existed: the 400 naming the path, not a 403."""
    errors = (
        api("officer_a")
        .post(
            "/api/v1/events/",
            {
                "kind": "dissolve",
                "effective_date": "2005-07-01",
                "decision": {**DECISION, "date": "2005-06-01"},
                "predecessors": [registry.cdc.pk],
            },
            format="json",
        )
        .json()["errors"]
    )
    assert errors[0]["path"] == "predecessors[0]"


def test_officer_pages_of_another_agency_are_not_found(registry, web, b_event):
    client = web("officer_a")
    assert client.get(f"/don-vi/{registry.school_pdp.pk}/").status_code == 404
    assert client.get(f"/don-vi/su-kien/{b_event.pk}/").status_code == 404
    tree = client.get("/don-vi/").content.decode()
    assert "Bệnh viện Đa khoa tỉnh Hà Tĩnh" in tree
    assert "Phan Đình Phùng" not in tree
    events = client.get("/don-vi/su-kien/").content.decode()
    assert "Trường Liên cấp Hà Tĩnh" not in events
    search = client.get("/sap-xep/tim-don-vi/", {"q": "truong"}).content.decode()
    assert "Phan Đình Phùng" not in search


# --- read-only roles, supervisor, commune ---


@pytest.mark.parametrize("who", ["leader", "inspector"])
def test_leader_and_inspector_read_but_cannot_write(registry, api, web, who):
    client = api(who)
    assert client.get("/api/v1/organizations/").json()["count"] == 16
    before = counts()
    response = client.post(
        "/api/v1/events/",
        {
            "kind": "dissolve",
            "effective_date": "2025-07-01",
            "decision": DECISION,
            "predecessors": [registry.cdc.pk],
        },
        format="json",
    )
    assert response.status_code == 403
    assert counts() == before
    assert web(who).get("/sap-xep/su-kien/moi/").status_code == 403


def test_supervisor_and_administrator_see_everything(registry, api):
    for who in ("supervisor", "admin"):
        client = api(who)
        assert client.get("/api/v1/organizations/").json()["count"] == 16
        assert client.get(f"/api/v1/organizations/{registry.primary2.pk}/").status_code == 200
        assert client.get("/api/v1/stats/units/").json()["total"] == 10


def test_commune_officer_sees_only_the_commune_subtree(registry, api, web):
    client = api("commune_officer")
    names = {r["name"] for r in client.get("/api/v1/organizations/").json()["results"]}
    assert names == {"UBND xã Tùng Ảnh", "Trường Mầm non Tùng Ảnh", "Trường Tiểu học Tùng Ảnh"}
    assert client.get(f"/api/v1/organizations/{registry.primary2.pk}/").status_code == 404
    assert client.get(f"/api/v1/organizations/{registry.district.pk}/").status_code == 404
    assert client.get("/api/v1/stats/units/").json()["total"] == 2


def test_users_admin_page_only_for_supervisor_and_administrator(people, web):
    for who in ("supervisor", "admin"):
        assert web(who).get("/tai-khoan/nguoi-dung/").status_code == 200
    for who in ("officer_a", "commune_officer", "leader", "inspector"):
        assert web(who).get("/tai-khoan/nguoi-dung/").status_code == 403, who


def test_audit_list_for_audit_readers_only(people, web):
    for who in ("supervisor", "inspector", "admin"):
        assert web(who).get("/cong-cu/nhat-ky/").status_code == 200, who
    for who in ("officer_a", "leader"):
        assert web(who).get("/cong-cu/nhat-ky/").status_code == 403, who


# --- the scope follows a merged root ---


def test_scope_follows_the_successor_of_a_merged_root(registry, people, api):
    day = dt.date(2025, 7, 1)
    event = record(
        EventKind.MERGE,
        day,
        preds=[registry.commune, registry.commune2],
        succs=[
            new_unit(
                "UBND xã Đức Thọ",
                registry.district,
                kind=Kind.COMMUNE_COMMITTEE,
                sector=Sector.STATE_MANAGEMENT,
            )
        ],
    )
    new_commune = event.links.get(role="successor").organization
    # The communes' schools followed them to the new commune (transfers by the same decision).
    user = type(people.commune_officer).objects.get(pk=people.commune_officer.pk)
    before = access.scope_ids(user, dt.date(2025, 6, 30))
    assert before == {registry.commune.pk, registry.preschool.pk, registry.primary.pk}
    after = access.scope_ids(user, day)
    assert after == {
        new_commune.pk,
        registry.preschool.pk,
        registry.primary.pk,
        registry.primary2.pk,
    }
    client = api("commune_officer")
    assert client.get(f"/api/v1/organizations/{registry.primary2.pk}/").status_code == 200
    assert client.get("/api/v1/stats/units/").json()["total"] == 3
    old_day = client.get("/api/v1/stats/units/", {"as_of": "2025-06-30"}).json()
    assert old_day["total"] == 2


def test_officer_finds_the_dissolution_of_their_own_unit_among_the_events(registry, api, web):
    """The dissolved unit has left today's tree but the event is still the agency's history."""
    client = api("officer_a")
    created = client.post(
        "/api/v1/events/",
        {
            "kind": "dissolve",
            "effective_date": "2025-07-01",
            "decision": DECISION,
            "predecessors": [registry.cdc.pk],
        },
        format="json",
    ).json()
    assert client.get(f"/api/v1/events/{created['id']}/").status_code == 200
    listed = {e["id"] for e in client.get("/api/v1/events/").json()["results"]}
    assert created["id"] in listed
    assert "25/QĐ-UBND" in web("officer_a").get("/don-vi/su-kien/").content.decode()
