"""Real objects of every kind a URL can name, all inside agency A (Sở Y tế, the hospital), written
through the services on the registry of ``tinhgon/conftest.py``.

The permission matrix fills URL kwargs from here (``kwargs="pk=figures"`` names an attribute of
:class:`World`). A new kind of object: add an attribute and build it in :func:`build_world` through
its service (never a raw ``objects.create`` of domain data, so the object is what a user would make).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tinhgon.accounts import services as accounts
from tinhgon.accounts.choices import Role
from tinhgon.autonomy import services as autonomy
from tinhgon.autonomy.models import QuotaConversionProposal
from tinhgon.autonomy.tests.factories import BILLION, submitted
from tinhgon.conftest import People, Registry, decision, record
from tinhgon.core.jobs import run_job_now
from tinhgon.core.models import Job
from tinhgon.organizations.choices import EventKind
from tinhgon.plans import services as plans
from tinhgon.plans.tests.conftest import at, make_plan
from tinhgon.plans.tests.files import PDF
from tinhgon.reports import services as reports
from tinhgon.reports.services import report_request
from tinhgon.restructuring import project_services as projects
from tinhgon.restructuring.services import autonomy_figures_approve
from tinhgon.staffing import services as staffing
from tinhgon.staffing import submission_services as staffing_submissions
from tinhgon.staffing.choices import EntryType, QuotaKind
from tinhgon.streamlining import services as streamlining
from tinhgon.streamlining.choices import Category, Policy
from tinhgon.workforce.tests.conftest import catalogue, hire


@dataclass
class World:
    registry: Registry
    people: People
    hospital: Any
    unit_officer: Any  # an officer of the hospital itself (maker of the submitted figures)
    event: Any
    figures: Any  # submitted by the hospital's officer, to be decided by Sở Y tế
    proposal: Any
    autonomy_plan: Any
    plan: Any
    task: Any
    plan_assignment: Any
    progress_report: Any
    evidence: Any
    period: Any
    person: Any
    assignment: Any
    case: Any
    report: Any
    job: Any  # a background job of officer_a, and an import run (a job of kind "import")
    import_job: Any
    report_round: Any  # a collection round opened by Sở Nội vụ, province-wide
    submission: Any  # agency A's contribution to it, submitted and approved
    report_version: Any  # the consolidated version awaiting the leader's sign-off
    project: Any  # a draft restructuring project of agency A (renaming its CDC)
    quota_submission: Any  # a ledger entry proposed by officer_a for the hospital, waiting
    headcount_submission: Any  # the hospital's headcount reported by officer_a, waiting
    year: int = 2026
    rule: str = "autonomy_group"
    import_kind: str = "autonomy_figures"
    indicator: str = "units_total"
    report_format: str = "docx"
    submission_kind: str = "so-bien-che"  # the staffing submissions' queue (ledger entries)
    signed_kind: str = "plans.progressreport"  # a kind that can be approved with a signature
    missing: int = 999_999  # no such object (signed documents: none in this world, see ROUTES)


def build_world(registry: Registry, people: People) -> World:
    h = registry.hospital
    unit_officer, _password = accounts.user_create(
        acting_user=people.supervisor,
        username="can-bo-benh-vien",
        full_name="Cán bộ Bệnh viện",
        email="",
        role=Role.OFFICER,
        organization_id=h.pk,
        scope_root_id=h.pk,
    )
    event = record(
        EventKind.CHANGE_AUTONOMY_GROUP,
        dt.date(2022, 1, 1),
        preds=[h],
        changes={"autonomy_group": 3},
    )
    staffing.quota_entries_record(
        acting_user=people.supervisor,
        rows=[
            staffing.EntryInput(
                org.pk,
                QuotaKind.PUBLIC_EMPLOYEE_BUDGET,
                2025,
                EntryType.ALLOCATION,
                n,
                dt.date(2025, 1, 2),
                decision(dt.date(2025, 1, 1)),
            )
            for org, n in ((registry.province, 500), (registry.health, 300), (h, 120))
        ],
    )
    approved = submitted(
        people.officer_a,
        h,
        2025,
        revenue_services_vnd=10 * BILLION,
        revenue_fees_vnd=0,
        total_revenue_vnd=10 * BILLION,
    )
    autonomy_figures_approve(
        acting_user=people.supervisor,
        figures=approved,
        expected_version=approved.version,
        decision=decision(dt.date(2026, 3, 1)),
    )
    proposal = QuotaConversionProposal.objects.get()
    figures = submitted(unit_officer, h, 2024)
    autonomy_plan = autonomy.plan_record(
        acting_user=people.officer_a,
        organization=h,
        period_start_year=2027,
        proposed_group=3,
        revenue_estimate_vnd=7 * BILLION,
        expenditure_estimate_vnd=10 * BILLION,
    )

    with at(dt.date(2025, 1, 20)):
        small = make_plan(people.supervisor, registry)
    plan_assignment = small.assignment(small.dated, registry.health)
    with at(dt.date(2025, 3, 10)):
        progress_report = plans.report_create(
            acting_user=people.officer_a,
            assignment=plan_assignment,
            year=2025,
            number=1,
            progress="in_progress",
            percent=50,
            narrative="Đang rà soát",
            files=[plans.Upload("bao-cao.pdf", PDF)],
        )

    catalogue()
    person = hire(
        h,
        "Nguyễn Văn Bình",
        birth=dt.date(1968, 5, 10),
        sex="M",
        hired_on=dt.date(1992, 9, 1),
        title_code="V.08.01",
        rank="III",
        coefficient="4.98",
    )
    period = streamlining.period_create(
        acting_user=people.officer_a,
        data=streamlining.PeriodInput(agency=registry.health.pk, year=2026, sequence=2),
    )
    case = streamlining.case_save(
        acting_user=people.officer_a,
        data=streamlining.CaseInput(
            period=period.pk,
            person=person.pk,
            category=Category.SAP_XEP,
            policy=Policy.EARLY_RETIREMENT,
            ground="sx_1a",
            leave_date=dt.date(2026, 9, 1),
            reorganization_effective_date=dt.date(2025, 7, 1),
        ),
    )

    report = report_request(
        acting_user=people.officer_a,
        kind="dvsncl_annual",
        period="2025",
        fmt="xlsx",
        scope=registry.health.pk,
        today=dt.date(2026, 11, 26),
    )
    run_job_now(report.job)  # the job runs after commit; a test transaction never commits
    report.refresh_from_db()
    assert report.file, report.job.message
    import_job = Job.objects.create(kind="import", label="Nhập thử", owner=people.officer_a)
    today = dt.date(2026, 11, 26)
    report_round = reports.round_open(
        acting_user=people.supervisor,
        kind="dvsncl_annual",
        period="2025",
        plan_id=None,
        today=today,
    )
    submission = report_round.submissions.get(organization=registry.health)
    submission = reports.submission_update(
        acting_user=people.officer_a,
        submission=submission,
        expected_version=submission.version,
        results="Đã sắp xếp bệnh viện theo kế hoạch.",
        problems="",
        proposals="",
    )
    submission = reports.submission_submit(
        acting_user=people.officer_a,
        submission=submission,
        expected_version=submission.version,
        today=today,
    )
    submission = reports.submission_decide(
        acting_user=people.supervisor,
        submission=submission,
        expected_version=submission.version,
        approve=True,
    )
    report_version = reports.version_consolidate(
        acting_user=people.supervisor, rnd=report_round, today=today
    )
    project = projects.project_save(
        acting_user=people.officer_a,
        data=projects.ProjectInput(
            name="Đổi tên Trung tâm Kiểm soát bệnh tật",
            owner=registry.health.pk,
            effective_date=dt.date(2027, 1, 1),
            events=[
                {
                    "kind": EventKind.RENAME,
                    "predecessors": [registry.cdc.pk],
                    "changes": {"name": "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh"},
                }
            ],
        ),
    )
    quota_submission = staffing_submissions.quota_submission_create(
        acting_user=people.officer_a,
        rows=[
            staffing.EntryInput(
                h.pk,
                QuotaKind.PUBLIC_EMPLOYEE_BUDGET,
                2026,
                EntryType.ADJUSTMENT,
                2,
                dt.date(2026, 11, 20),
                decision(dt.date(2026, 11, 18)),
            )
        ],
        title="Điều chỉnh +2",
    )
    headcount_submission = staffing_submissions.headcount_submission_create(
        acting_user=people.officer_a,
        rows=[
            staffing.HeadcountInput(
                h.pk, QuotaKind.PUBLIC_EMPLOYEE_BUDGET, dt.date(2026, 11, 1), 118
            )
        ],
        title="Số người có mặt",
    )
    return World(
        registry=registry,
        people=people,
        hospital=h,
        unit_officer=unit_officer,
        event=event,
        figures=figures,
        proposal=proposal,
        autonomy_plan=autonomy_plan,
        plan=small.plan,
        task=small.dated,
        plan_assignment=plan_assignment,
        progress_report=progress_report,
        evidence=progress_report.files.get(),
        period=period,
        person=person,
        assignment=person.assignments.get(),
        case=case,
        report=report,
        job=report.job,
        import_job=import_job,
        report_round=report_round,
        submission=submission,
        report_version=report_version,
        project=project,
        quota_submission=quota_submission,
        headcount_submission=headcount_submission,
    )
