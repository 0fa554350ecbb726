"""``/api/v1/proposals/``: list and detail within the scope, drafts through the same service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from tinhgon.conftest import People, Registry
from tinhgon.organizations.choices import EventKind, Kind, Sector


def _body(registry: Registry) -> dict[str, Any]:
    return {
        "name": "Hợp nhất hai trường",
        "kind": "education_network",
        "owner": registry.education.pk,
        "effective_date": "2027-01-01",
        "events": [
            {
                "kind": EventKind.MERGE,
                "predecessors": [registry.school_pdp.pk, registry.school_gifted.pk],
                "new_units": [
                    {
                        "key": "A",
                        "name": "Trường THPT Hợp nhất",
                        "kind": Kind.SCHOOL,
                        "sector": Sector.EDUCATION,
                        "managing_body": registry.education.pk,
                        "autonomy_group": 2,
                    }
                ],
            }
        ],
    }


def test_a_draft_is_listed_and_shown_with_its_impact_in_scope_only(
    registry: Registry, people: People, api: Callable[[str | None], Any]
) -> None:
    created = api("officer_b").post("/api/v1/proposals/", _body(registry), format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    listed = api("officer_b").get("/api/v1/proposals/").json()["results"]
    assert listed == [
        {
            "id": pk,
            "name": "Hợp nhất hai trường",
            "status": "draft",
            "effective_date": "2027-01-01",
            "decision": None,
        }
    ]
    detail = api("supervisor").get(f"/api/v1/proposals/{pk}/").json()
    assert detail["impact"]["units"]["after"] == detail["impact"]["units"]["before"] - 1
    assert detail["impact"]["as_of"] == dt.date(2027, 1, 1).isoformat()
    # Sở Y tế's officer does not see Sở GD&ĐT's project, nor learns that it exists.
    assert api("officer_a").get(f"/api/v1/proposals/{pk}/").status_code == 404
    assert api("officer_a").get("/api/v1/proposals/").json()["results"] == []


def test_bad_input_answers_400_with_the_path_of_the_event(
    registry: Registry, people: People, api: Callable[[str | None], Any]
) -> None:
    body = _body(registry)
    body["events"][0]["new_units"][0]["managing_body"] = None
    answer = api("officer_b").post("/api/v1/proposals/", body, format="json")
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {
            "path": "events[0].new_units[0].managing_body",
            "message": "Đơn vị mới “Trường THPT Hợp nhất” thiếu cơ quan quản lý trực tiếp.",
        }
    ]
    assert (
        api("officer_a").post("/api/v1/proposals/", _body(registry), format="json").status_code
        == 400
    )
