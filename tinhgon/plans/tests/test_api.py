"""The plans API: scopes per endpoint (outsider gets 404), bucket codes, writes through services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tinhgon.conftest import People, Registry
from tinhgon.plans.models import ProgressReport
from tinhgon.plans.tests.conftest import SmallPlan, at
from tinhgon.plans.tests.files import PDF

Api = Callable[[str | None], APIClient]


def test_lists_are_scoped(small_plan: SmallPlan, registry: Registry, api: Api) -> None:
    with at(dt.date(2025, 4, 1)):
        own = api("officer_a").get("/api/v1/assignments/").json()
        assert {r["organization"] for r in own["results"]} == {registry.health.pk}
        assert {r["bucket"] for r in own["results"]} == {"overdue", "not_due"}
        everything = api("supervisor").get("/api/v1/assignments/").json()
        assert everything["count"] == 5
        assert api("commune_officer").get("/api/v1/assignments/").json()["count"] == 0
        assert api("commune_officer").get("/api/v1/plans/").json()["count"] == 0
        assert api("officer_a").get("/api/v1/plans/").json()["count"] == 1
        plan = api("supervisor").get(f"/api/v1/plans/{small_plan.plan.pk}/").json()
        assert plan["buckets"]["overdue"] == 2 and plan["buckets"]["total"] == 5
        overdue = api("supervisor").get("/api/v1/assignments/?bucket=overdue").json()
        assert overdue["count"] == 2
        assert api(None).get("/api/v1/plans/").status_code in (401, 403)


def test_outsider_gets_404_on_objects(small_plan: SmallPlan, registry: Registry, api: Api) -> None:
    a = small_plan.assignment(small_plan.dated, registry.health)
    for url in (
        f"/api/v1/plans/{small_plan.plan.pk}/",
        f"/api/v1/tasks/{small_plan.dated.pk}/",
        f"/api/v1/assignments/{a.pk}/",
    ):
        assert api("commune_officer").get(url).status_code == 404, url
    assert api("officer_b").get(f"/api/v1/assignments/{a.pk}/").status_code == 404


def test_report_flow_over_the_api(small_plan: SmallPlan, registry: Registry, api: Api) -> None:
    a = small_plan.assignment(small_plan.dated, registry.health)
    with at(dt.date(2025, 3, 10)):
        officer = api("officer_a")
        resp = officer.post(
            "/api/v1/progress-reports/",
            {
                "assignment": a.pk,
                "period_year": 2025,
                "period_number": 1,
                "progress": "completed",
                "percent": 100,
                "narrative": "Xong",
                "files": [SimpleUploadedFile("bc.pdf", PDF)],
            },
            format="multipart",
        )
        assert resp.status_code == 201, resp.json()
        rid, version = resp.json()["id"], resp.json()["version"]
        assert resp.json()["files"][0]["file_type"] == "pdf"
        # An outsider cannot see it, a leader cannot write, the maker cannot approve.
        assert api("commune_officer").get(f"/api/v1/progress-reports/{rid}/").status_code == 404
        resp = officer.post(f"/api/v1/progress-reports/{rid}/submit/", {"version": version})
        assert resp.status_code == 200
        version = resp.json()["version"]
        assert (
            api("leader")
            .post(f"/api/v1/progress-reports/{rid}/approve/", {"version": version})
            .status_code
            == 403
        )
        assert (
            officer.post(
                f"/api/v1/progress-reports/{rid}/approve/", {"version": version}
            ).status_code
            == 403
        )
        resp = api("supervisor").post(
            f"/api/v1/progress-reports/{rid}/return/", {"version": version, "reason": ""}
        )
        assert resp.status_code == 400 and "lý do" in resp.json()["errors"][0]["message"]
        resp = api("supervisor").post(
            f"/api/v1/progress-reports/{rid}/approve/", {"version": version}
        )
        assert resp.status_code == 200 and resp.json()["status"] == "approved"
        got = api("supervisor").get(f"/api/v1/assignments/{a.pk}/").json()
        assert got["bucket"] == "done_on_time"


def test_report_for_unassigned_task_400_and_nothing_written(
    small_plan: SmallPlan, registry: Registry, people: People, api: Api
) -> None:
    a = small_plan.assignment(small_plan.recurring, registry.district)
    with at(dt.date(2025, 3, 10)):
        # The supervisor sees it; an officer of Sở Y tế does not even see the assignment.
        resp = api("officer_a").post(
            "/api/v1/progress-reports/",
            {
                "assignment": a.pk,
                "period_year": 2025,
                "period_number": 1,
                "progress": "in_progress",
                "percent": 5,
            },
        )
        assert resp.status_code == 404
        resp = api("leader").post(
            "/api/v1/progress-reports/",
            {
                "assignment": a.pk,
                "period_year": 2025,
                "period_number": 1,
                "progress": "in_progress",
                "percent": 5,
            },
        )
        assert resp.status_code == 403
    assert not ProgressReport.objects.exists()
