"""What the audit-coverage test does to the database: every kind of write path of the project, run
on the world of :mod:`tests.trust.world` (services, approvals, the restructuring door, bulk
services, an Excel import, web forms, the API and the management commands)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.core.management import call_command
from openpyxl import load_workbook

from tests.trust.world import World
from tinhgon.accounts import services as accounts
from tinhgon.autonomy import services as autonomy
from tinhgon.autonomy.importers import AUTONOMY_IMPORT, SHEET
from tinhgon.autonomy.tests.factories import BILLION
from tinhgon.conftest import api_client, decision, record, web_client
from tinhgon.core import importing
from tinhgon.organizations import services as registry_services
from tinhgon.organizations.choices import EventKind
from tinhgon.plans import services as plans
from tinhgon.plans.tests.conftest import at
from tinhgon.positions.choices import PositionCategory
from tinhgon.positions.services import PositionInput
from tinhgon.staffing import services as staffing
from tinhgon.staffing import submission_services as staffing_submissions
from tinhgon.staffing.choices import ChainStep, EntryType, QuotaKind
from tinhgon.streamlining import services as streamlining
from tinhgon.workforce import services as workforce
from tinhgon.workforce.choices import AllowanceKind, Grade, LeaderRole, RatingPeriod
from tinhgon.workforce.importers import WORKFORCE_IMPORT
from tinhgon.workforce.tests.conftest import approve as approve_positions


def _workbook(spec: Any, sheet: str, rows: list[list[Any]]) -> bytes:
    wb = load_workbook(io.BytesIO(importing.template_bytes(spec)))
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            wb[sheet].cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _autonomy_workbook(code: str) -> bytes:
    wb = load_workbook(io.BytesIO(importing.template_bytes(AUTONOMY_IMPORT.spec)))
    ws = wb[SHEET]
    row = [code, 2023, 6 * BILLION, BILLION, 0, 0, 7 * BILLION, 10 * BILLION, 0, 0, 3 * BILLION]
    for j, v in enumerate(row, start=1):
        ws.cell(row=2, column=j, value=v)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run_paths(world: World, tmp_path: Path) -> None:
    reg, people = world.registry, world.people
    sup = people.supervisor

    # Approval flow of each kind: progress report, streamlining case (figures: in the world).
    r = world.progress_report
    with at(dt.date(2025, 3, 12)):
        r = plans.report_submit(acting_user=people.officer_a, report=r, expected_version=r.version)
        r = plans.report_approve(
            acting_user=sup, report=r, expected_version=r.version, reason="Đạt"
        )
    case = world.case
    case = streamlining.case_submit(
        acting_user=people.officer_a, case=case, expected_version=case.version
    )

    # The registry: a correction, and events through the one door (merge, rename).
    hospital = reg.hospital
    hospital.refresh_from_db()
    registry_services.organization_correct(
        acting_user=sup,
        organization=hospital,
        state=hospital.states.order_by("valid_from").last(),
        changes={"code": "H23.BV01"},
        reason="Bổ sung mã số",
        expected_version=hospital.version,
    )
    record(EventKind.MERGE, dt.date(2026, 8, 1), preds=[reg.primary, reg.preschool],
           succs=[_new_school(reg)], actor=sup)  # fmt: skip

    # Staffing: headcounts and ledger entries through their submissions (approval writes the
    # headcounts; a returned proposal writes nothing), the quota chain.
    headcounts = staffing_submissions.headcount_submission_create(
        acting_user=people.officer_a,
        rows=[staffing.HeadcountInput(reg.hospital.pk, QuotaKind.PUBLIC_EMPLOYEE_BUDGET, dt.date(2026, 1, 1), 110)],
        title="Số người có mặt",
    )  # fmt: skip
    staffing_submissions.submission_approve(
        acting_user=sup, obj=headcounts, expected_version=headcounts.version
    )
    proposal = staffing_submissions.quota_submission_create(
        acting_user=people.officer_a,
        rows=[staffing.EntryInput(reg.hospital.pk, QuotaKind.PUBLIC_EMPLOYEE_BUDGET, 2026, EntryType.ADJUSTMENT, 1, dt.date(2026, 1, 5), decision(dt.date(2026, 1, 2)))],
        title="Điều chỉnh",
    )  # fmt: skip
    staffing_submissions.submission_return(
        acting_user=sup,
        submission=proposal,
        expected_version=proposal.version,
        reason="Thiếu hồ sơ",
    )
    staffing.quota_chain_record(
        acting_user=sup,
        province=reg.province,
        year=2026,
        step=ChainStep.PROPOSAL,
        decision=decision(dt.date(2025, 8, 1)),
        totals={QuotaKind.PUBLIC_EMPLOYEE_BUDGET: 500},
    )

    # Autonomy: roadmap, a public service; plans: a reopened period; positions: a decision.
    autonomy.roadmap_set(
        acting_user=people.officer_a, organization=reg.hospital, year=2028, target_group=2
    )
    autonomy.public_service_record(
        acting_user=sup,
        data=autonomy.PublicServiceInput(
            name="Khám bệnh ngoại trú",
            sector="health",
            unit_of_measure="lượt",
            price_vnd=100_000,
            decision=decision(dt.date(2024, 1, 5)),
            valid_from=dt.date(2024, 1, 15),
            providers=(reg.hospital.pk,),
            managing_body=reg.health.pk,
        ),
    )
    plans.period_reopen(
        acting_user=sup, plan=world.plan, year=2025, number=1, until=dt.date(2026, 12, 31),
        reason="Bổ sung báo cáo",
    )  # fmt: skip
    approve_positions(
        reg.hospital,
        dt.date(2023, 1, 1),
        [PositionInput("BS", "Bác sĩ", PositionCategory.SPECIALISED, 10, "V.08.01.03")],
    )

    # Users.
    user, _password = accounts.user_create(
        acting_user=sup,
        username="can-bo-moi",
        full_name="Cán bộ Mới",
        email="",
        role="officer",
        organization_id=reg.cdc.pk,
        scope_root_id=reg.cdc.pk,
    )
    accounts.user_set_active(acting_user=sup, user=user, active=False, reason="Nghỉ việc")
    accounts.user_reset_password(acting_user=sup, user=world.unit_officer)

    # An Excel import (the pipeline, committed).
    result = importing.run_import(
        AUTONOMY_IMPORT.spec,
        _autonomy_workbook("H23.BV01"),
        AUTONOMY_IMPORT.apply,
        acting_user=people.officer_a,
        commit=True,
    )
    assert result.committed, result.errors

    # Workforce: the people workbook (person, assignment, title, salary, qualification), then a
    # person's allowance, rating and appointment through their services.
    result = importing.run_import(
        WORKFORCE_IMPORT.spec,
        _workbook(WORKFORCE_IMPORT.spec, "Người", [[
            "Hồ Thị Mai", "042190000777", "1990", "Nữ", "vien_chuc", "H23.BV01", "01/09/2014",
            "V.08.01", "III", "3,00", None, None, "university",
        ]]),
        WORKFORCE_IMPORT.apply,
        acting_user=sup,
        commit=True,
    )  # fmt: skip
    assert result.committed, result.errors
    person = world.person
    workforce.allowance_record(
        acting_user=people.officer_a, person=person, kind=AllowanceKind.PREFERENCE,
        coefficient="0.4", valid_from=dt.date(2024, 1, 1),
    )  # fmt: skip
    workforce.rating_record(
        acting_user=people.officer_a, person=person, period=RatingPeriod.YEAR, year=2025,
        grade=Grade.GOOD,
    )  # fmt: skip
    workforce.appointment_record(
        acting_user=people.officer_a, person=person, organization=reg.hospital.pk,
        role=LeaderRole.DEPUTY, title="Phó Giám đốc", decision=decision(dt.date(2024, 3, 1)),
        valid_from=dt.date(2024, 3, 1),
    )  # fmt: skip

    # A web form and an API call.
    form = {
        "year": "2022",
        "revenue_services_vnd": "6.000.000.000",
        "revenue_fees_vnd": "1.000.000.000",
        "total_revenue_vnd": "7.000.000.000",
        "recurrent_expenditure_vnd": "10.000.000.000",
        "budget_support_vnd": "3.000.000.000",
        "has_service_revenue": "on",
    }
    response = web_client(world.unit_officer).post(
        f"/tu-chu/don-vi/{reg.hospital.pk}/so-lieu/moi/", form
    )
    assert response.status_code == 302, response.content[:500]
    response = api_client(sup).post(
        "/api/v1/streamlining/periods/",
        {"agency": reg.education.pk, "year": 2026, "sequence": 3},
        format="json",
    )
    assert response.status_code == 201, response.content[:500]

    # Management commands: a report with its document number, the reminders, the targets.
    call_command(
        "make_report", "dvsncl_annual", "--period", "2025", "--format", "xlsx",
        "--out", str(tmp_path / "bc.xlsx"), "--number", "--user", sup.username,
    )  # fmt: skip
    call_command("send_reminders", "--date", "2026-11-26", stdout=io.StringIO())
    call_command("seed_targets", stdout=io.StringIO())


def _new_school(reg: Any) -> Any:
    from tinhgon.conftest import new_unit

    return new_unit("Trường Liên cấp Tùng Ảnh", reg.commune)
