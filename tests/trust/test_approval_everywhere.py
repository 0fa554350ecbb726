"""Approval and locking for every submitted kind that uses the core flow: autonomy figures,
progress reports, streamlining cases. For each: the maker never approves their own, approved data
is locked, the page says when the data differs from what was approved; and many items are approved
at once with one reason (API and the approval queues), all or nothing.

Quota entries and headcounts go through the same flow as quota and headcount submissions; their
tests (maker ≠ approver, return reason, stale row, bulk all-or-nothing, the badge) are in
``tinhgon/staffing/tests/test_submissions.py``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.trust.world import World, build_world
from tinhgon.autonomy import services as autonomy
from tinhgon.autonomy.tests.factories import figures_input, submitted
from tinhgon.conftest import api_client, decision, web_client
from tinhgon.core.approval import (
    BulkItem,
    approval_bulk_approve,
    approval_fingerprint,
    changed_since_approval,
)
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.plans import services as plans
from tinhgon.plans.models import ProgressReport
from tinhgon.plans.tests.conftest import at
from tinhgon.restructuring.services import autonomy_figures_approve
from tinhgon.streamlining import services as streamlining
from tinhgon.streamlining.choices import Category, Policy
from tinhgon.streamlining.models import Case
from tinhgon.workforce.tests.conftest import hire

SELF = "không được tự phê duyệt"


@pytest.fixture
def world(registry: Any, people: Any, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path
    return build_world(registry, people)


def _badge(client: Any, url: str) -> bool:
    return 'data-testid="changed-since-approval"' in client.get(url).content.decode()


# ---------------------------------------------------------------------------------------------
# Autonomy figures


def test_figures_maker_never_approves_lock_and_changed_flag(world: World) -> None:
    people, h = world.people, world.hospital
    # officer_a (Sở Y tế, the managing body) may approve the hospital's figures, but not their own.
    mine = submitted(people.officer_a, h, 2023)
    with pytest.raises(Refused, match=SELF):
        autonomy_figures_approve(
            acting_user=people.officer_a,
            figures=mine,
            expected_version=mine.version,
            decision=decision(dt.date(2024, 12, 20)),
            effective_date=dt.date(2025, 1, 1),
        )
    r = api_client(people.officer_a).post(
        f"/api/v1/autonomy/figures/{mine.pk}/approve/",
        {
            "version": mine.version,
            "decision_number": "9/QĐ-UBND",
            "decision_date": "2024-12-20",
            "effective_date": "2025-01-01",
            "decision_issuer": "UBND tỉnh Hà Tĩnh",
        },
        format="json",
    )
    assert r.status_code == 400 and any(SELF in e["message"] for e in r.json()["errors"])
    mine.refresh_from_db()
    assert mine.status == "submitted"

    # Another writer of Sở Y tế's scope approves the hospital officer's figures: locked.
    figs = world.figures
    autonomy_figures_approve(
        acting_user=people.officer_a,
        figures=figs,
        expected_version=figs.version,
        decision=decision(dt.date(2024, 12, 21)),
        effective_date=dt.date(2025, 1, 1),
    )
    figs.refresh_from_db()
    assert figs.status == "approved" and not changed_since_approval(figs)
    with pytest.raises(Refused, match="đã khoá"):
        autonomy.figures_save(
            acting_user=world.unit_officer,
            data=figures_input(
                h, 2024, revenue_fees_vnd=2_000_000_000, total_revenue_vnd=8_000_000_000
            ),
            figures=figs,
            expected_version=figs.version,
        )
    page = web_client(people.supervisor)
    url = f"/tu-chu/don-vi/{h.pk}/"
    assert not _badge(page, url)
    # Reopened with a reason and edited: the page says it is no longer what was approved.
    figs = autonomy.figures_reopen(
        acting_user=people.supervisor, figures=figs, expected_version=figs.version, reason="Sai số"
    )
    autonomy.figures_save(
        acting_user=world.unit_officer,
        data=figures_input(
            h, 2024, revenue_fees_vnd=2_000_000_000, total_revenue_vnd=8_000_000_000
        ),
        figures=figs,
        expected_version=figs.version,
    )
    figs.refresh_from_db()
    assert changed_since_approval(figs) and _badge(page, url)


# ---------------------------------------------------------------------------------------------
# Progress reports


def _second_report(world: World) -> ProgressReport:
    """A report of Sở GD&ĐT (officer_b) on the same task, submitted."""
    a = world.plan_assignment.task.assignments.get(
        organization=world.registry.education, valid_to__isnull=True
    )
    with at(dt.date(2025, 3, 11)):
        r = plans.report_create(
            acting_user=world.people.officer_b,
            assignment=a,
            year=2025,
            number=1,
            progress="in_progress",
            percent=30,
        )
        return plans.report_submit(
            acting_user=world.people.officer_b, report=r, expected_version=r.version
        )


def _submit_first(world: World) -> ProgressReport:
    r = world.progress_report
    with at(dt.date(2025, 3, 12)):
        return plans.report_submit(
            acting_user=world.people.officer_a, report=r, expected_version=r.version
        )


def test_progress_report_maker_never_approves_lock_and_changed_flag(world: World) -> None:
    people = world.people
    # The supervisor reports on an assignment and submits: they cannot approve it themselves.
    a = world.plan_assignment
    with at(dt.date(2025, 8, 10)):
        own = plans.report_create(
            acting_user=people.supervisor,
            assignment=a,
            year=2025,
            number=2,
            progress="in_progress",
            percent=60,
        )
        own = plans.report_submit(
            acting_user=people.supervisor, report=own, expected_version=own.version
        )
        with pytest.raises(Refused, match=SELF):
            plans.report_approve(
                acting_user=people.supervisor, report=own, expected_version=own.version
            )

    r = _submit_first(world)
    r = plans.report_approve(acting_user=people.supervisor, report=r, expected_version=r.version)
    with pytest.raises(Refused, match="đã khoá"):
        plans.report_update(
            acting_user=people.officer_a,
            report=r,
            expected_version=r.version,
            progress="completed",
            percent=100,
            narrative="",
        )
    c = web_client(people.supervisor)
    url = f"/ke-hoach/bao-cao/{r.pk}/"
    assert not _badge(c, url)
    # A change that bypassed the services (raw SQL, a database console) shows on the page.
    ProgressReport.objects.filter(pk=r.pk).update(percent=95)
    assert _badge(c, url)


def test_bulk_approval_of_reports_through_the_api_all_or_nothing(world: World) -> None:
    people = world.people
    first, second = _submit_first(world), _second_report(world)
    api = api_client(people.supervisor)
    url = "/api/v1/progress-reports/bulk-approve/"
    # One stale version: nothing approved, the error names the item.
    r = api.post(
        url,
        {
            "items": [
                {"id": first.pk, "version": first.version},
                {"id": second.pk, "version": second.version - 1},
            ],
            "reason": "Đạt yêu cầu",
        },
        format="json",
    )
    assert r.status_code == 400
    assert {e["path"] for e in r.json()["errors"]} == {"items[1].version"}
    assert set(ProgressReport.objects.values_list("status", flat=True)) == {"submitted"}
    # Without a reason: refused.
    r = api.post(
        url, {"items": [{"id": first.pk, "version": first.version}], "reason": " "}, format="json"
    )
    assert r.status_code == 400
    # Both, one reason: approved, one audit row each with that reason.
    r = api.post(
        url,
        {
            "items": [
                {"id": first.pk, "version": first.version},
                {"id": second.pk, "version": second.version},
            ],
            "reason": "Đạt yêu cầu",
        },
        format="json",
    )
    assert r.status_code == 200, r.content
    assert [x["status"] for x in r.json()] == ["approved", "approved"]
    rows = AuditEntry.objects.filter(action="approve", object_type="plans.progressreport")
    assert {(row.object_id, row.reason) for row in rows} == {
        (str(first.pk), "Đạt yêu cầu"),
        (str(second.pk), "Đạt yêu cầu"),
    }
    # An officer of another agency cannot even name a report of agency A.
    r = api_client(people.officer_b).post(
        url, {"items": [{"id": first.pk, "version": 1}], "reason": "x"}, format="json"
    )
    assert r.status_code == 404


def test_bulk_approval_from_the_reports_queue_page(world: World) -> None:
    people = world.people
    first, second = _submit_first(world), _second_report(world)
    c = web_client(people.supervisor)
    page = c.get("/ke-hoach/cho-duyet/").content.decode()
    assert f'data-testid="pick-{first.pk}"' in page and 'data-testid="bulk-approve"' in page
    assert (
        'data-testid="bulk-approve"'
        not in web_client(people.officer_a).get("/ke-hoach/cho-duyet/").content.decode()
    )
    r = c.post(
        "/ke-hoach/cho-duyet/",
        {"items": [f"{first.pk}:{first.version}", f"{second.pk}:{second.version}"], "reason": ""},
    )
    assert "Phải nêu lý do" in r.content.decode()
    r = c.post(
        "/ke-hoach/cho-duyet/",
        {
            "items": [f"{first.pk}:{first.version}", f"{second.pk}:{second.version}"],
            "reason": "Đạt",
        },
        follow=True,
    )
    assert "Đã phê duyệt 2 báo cáo." in r.content.decode()
    assert set(ProgressReport.objects.values_list("status", flat=True)) == {"approved"}
    assert web_client(people.leader).post("/ke-hoach/cho-duyet/", {}).status_code == 403


# ---------------------------------------------------------------------------------------------
# Streamlining cases


def _cases(world: World) -> tuple[Case, Case]:
    people = world.people
    nurse = hire(
        world.hospital,
        "Trần Thị Hoa",
        birth=dt.date(1985, 3, 2),
        hired_on=dt.date(2010, 9, 1),
        title_code="V.08.01",
        rank="III",
        coefficient="3.33",
    )
    second = streamlining.case_save(
        acting_user=people.officer_a,
        data=streamlining.CaseInput(
            period=world.period.pk,
            person=nurse.pk,
            category=Category.SAP_XEP,
            policy=Policy.RESIGNATION,
            ground="sx_1a",
            leave_date=dt.date(2026, 9, 1),
            reorganization_effective_date=dt.date(2025, 7, 1),
        ),
    )
    out = []
    for case in (world.case, second):
        out.append(
            streamlining.case_submit(
                acting_user=people.officer_a, case=case, expected_version=case.version
            )
        )
    return out[0], out[1]


def test_case_maker_never_approves_lock_and_changed_flag(world: World) -> None:
    people = world.people
    first, _second = _cases(world)
    with pytest.raises(Refused, match=SELF):
        streamlining.case_approve(
            acting_user=people.officer_a,
            case=first,
            expected_version=first.version,
            decision_number="15/QĐ-SYT",
            decision_date=dt.date(2026, 11, 20),
        )
    case = streamlining.case_approve(
        acting_user=people.supervisor,
        case=first,
        expected_version=first.version,
        decision_number="15/QĐ-SYT",
        decision_date=dt.date(2026, 11, 20),
    )
    case.refresh_from_db()
    # The decision recorded with the approval is an outcome, not a change of the approved data.
    assert case.decision_id is not None and not changed_since_approval(case)
    with pytest.raises(Refused, match="đã khoá"):
        streamlining.case_save(
            acting_user=people.officer_a,
            data=streamlining.case_input_from(case),
            case=case,
            expected_version=case.version,
        )
    c = web_client(people.supervisor)
    url = f"/tinh-gian/ho-so/{case.pk}/"
    assert not _badge(c, url)
    before = approval_fingerprint(case)
    Case.objects.filter(pk=case.pk).update(total_vnd=case.total_vnd + 1_000_000)
    case.refresh_from_db()
    assert approval_fingerprint(case) != before and _badge(c, url)


def test_bulk_approval_of_cases_from_the_queue_and_the_api(world: World) -> None:
    people = world.people
    first, second = _cases(world)
    # The maker in the list: nothing approved, the item named.
    with pytest.raises(Refused) as exc:
        approval_bulk_approve(
            acting_user=people.officer_a,
            items=[BulkItem(first, first.version), BulkItem(second, second.version)],
            reason="Đủ điều kiện",
            approve=lambda *, obj, **kw: streamlining.case_approve(
                case=obj, decision_number="16/QĐ-SYT", decision_date=dt.date(2026, 11, 20), **kw
            ),
        )
    assert [p.path for p in exc.value.problems] == ["items[0].decided_by", "items[1].decided_by"]
    assert set(Case.objects.values_list("status", flat=True)) == {"submitted"}

    c = web_client(people.supervisor)
    page = c.get("/tinh-gian/cho-duyet/").content.decode()
    assert f'data-testid="pick-{first.pk}"' in page
    r = c.post(
        "/tinh-gian/cho-duyet/",
        {
            "items": [f"{first.pk}:{first.version}"],
            "decision_number": "16/QĐ-SYT",
            "decision_date": "2026-11-20",
            "reason": "Đủ điều kiện",
        },
        follow=True,
    )
    assert "Đã phê duyệt 1 hồ sơ." in r.content.decode()
    first.refresh_from_db()
    assert first.status == "approved" and first.decision.number == "16/QĐ-SYT"

    r = api_client(people.supervisor).post(
        "/api/v1/streamlining/cases/bulk-approve/",
        {
            "items": [{"id": second.pk, "version": second.version}],
            "reason": "Đủ điều kiện",
            "decision_number": "16/QĐ-SYT",
            "decision_date": "2026-11-20",
        },
        format="json",
    )
    assert r.status_code == 200, r.content
    second.refresh_from_db()
    assert second.status == "approved" and second.decision_id == first.decision_id
    # Readers and other agencies: refused before anything is written.
    for who, code in (("leader", 403), ("officer_b", 404)):
        r = api_client(getattr(people, who)).post(
            "/api/v1/streamlining/cases/bulk-approve/",
            {
                "items": [{"id": second.pk, "version": second.version}],
                "reason": "x",
                "decision_number": "1/QĐ",
                "decision_date": "2026-11-20",
            },
            format="json",
        )
        assert r.status_code == code, who
