"""Progress reports: the approval flow and every refusal of "Bad input" (nothing written)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tinhgon.conftest import People, Registry
from tinhgon.core.approval import ApprovalStatus
from tinhgon.core.errors import Refused
from tinhgon.core.models import AuditEntry
from tinhgon.plans import services
from tinhgon.plans.choices import ProgressStatus
from tinhgon.plans.models import EvidenceFile, ProgressReport
from tinhgon.plans.services import Upload
from tinhgon.plans.tests.conftest import SmallPlan, at
from tinhgon.plans.tests.files import PDF, PNG, docx


def _counts() -> tuple[int, int, int]:
    return ProgressReport.objects.count(), EvidenceFile.objects.count(), AuditEntry.objects.count()


def _refused(call, message: str) -> None:  # type: ignore[no-untyped-def]
    before = _counts()
    with pytest.raises(Refused) as exc:
        call()
    assert message in str(exc.value), str(exc.value)
    assert _counts() == before


def test_submit_return_resubmit_approve(
    small_plan: SmallPlan, registry: Registry, people: People
) -> None:
    a = small_plan.assignment(small_plan.dated, registry.health)
    with at(dt.date(2025, 3, 10)):
        r = services.report_create(
            acting_user=people.officer_a,
            assignment=a,
            year=2025,
            number=1,
            progress=ProgressStatus.COMPLETED,
            percent=100,
            narrative="Đã trình",
            files=[Upload("bao-cao.pdf", PDF), Upload("bien-ban.docx", docx())],
        )
        assert r.files.count() == 2 and {f.file_type for f in r.files.all()} == {"pdf", "docx"}
        r = services.report_submit(
            acting_user=people.officer_a, report=r, expected_version=r.version
        )
        with pytest.raises(Refused):
            services.report_return(
                acting_user=people.supervisor, report=r, expected_version=r.version, reason=""
            )
        r = services.report_return(
            acting_user=people.supervisor,
            report=r,
            expected_version=r.version,
            reason="Thiếu biên bản",
        )
        assert r.status == ApprovalStatus.RETURNED and r.decision_reason == "Thiếu biên bản"
        r = services.report_update(
            acting_user=people.officer_a,
            report=r,
            expected_version=r.version,
            progress=ProgressStatus.COMPLETED,
            percent=100,
            narrative="Bổ sung",
            files=[Upload("anh.png", PNG)],
        )
        r = services.report_submit(
            acting_user=people.officer_a, report=r, expected_version=r.version
        )
        with pytest.raises(PermissionDenied):  # an officer cannot approve
            services.report_approve(
                acting_user=people.officer_b, report=r, expected_version=r.version
            )
        r = services.report_approve(
            acting_user=people.supervisor, report=r, expected_version=r.version
        )
    a.refresh_from_db()
    assert r.status == ApprovalStatus.APPROVED and a.done_on == dt.date(2025, 3, 10)
    with pytest.raises(Refused):  # approved data is locked
        services.report_update(
            acting_user=people.officer_a,
            report=r,
            expected_version=r.version,
            progress="completed",
            percent=100,
            narrative="x",
        )


def test_maker_cannot_approve(small_plan: SmallPlan, registry: Registry, people: People) -> None:
    a = small_plan.assignment(small_plan.dated, registry.health)
    with at(dt.date(2025, 3, 10)):
        r = services.report_create(
            acting_user=people.supervisor,
            assignment=a,
            year=2025,
            number=1,
            progress="in_progress",
            percent=50,
        )
        r = services.report_submit(
            acting_user=people.supervisor, report=r, expected_version=r.version
        )
        with pytest.raises(Refused, match="không được tự phê duyệt"):
            services.report_approve(
                acting_user=people.supervisor, report=r, expected_version=r.version
            )


def test_report_for_a_task_not_assigned_is_refused(
    small_plan: SmallPlan, registry: Registry, people: People
) -> None:
    a = small_plan.assignment(small_plan.recurring, registry.district)
    with at(dt.date(2025, 3, 10)):
        _refused(
            lambda: services.report_create(
                acting_user=people.officer_a,
                assignment=a,
                year=2025,
                number=1,
                progress="in_progress",
                percent=10,
            ),
            "không được giao nhiệm vụ này",
        )


def test_closed_period_refused_unless_reopened(
    small_plan: SmallPlan, registry: Registry, people: People
) -> None:
    a = small_plan.assignment(small_plan.dated, registry.health)

    def create():  # type: ignore[no-untyped-def]
        return services.report_create(
            acting_user=people.officer_a,
            assignment=a,
            year=2025,
            number=1,
            progress="in_progress",
            percent=10,
        )

    with at(dt.date(2025, 9, 1)):
        _refused(create, "đã khoá")
        services.period_reopen(
            acting_user=people.supervisor,
            plan=small_plan.plan,
            year=2025,
            number=1,
            until=dt.date(2025, 9, 15),
            reason="Bổ sung số liệu",
        )
        assert create().period_end == dt.date(2025, 6, 14)
    with at(dt.date(2025, 1, 20)):
        _refused(
            lambda: services.report_create(
                acting_user=people.officer_a,
                assignment=a,
                year=2025,
                number=2,
                progress="in_progress",
                percent=10,
            ),
            "chưa bắt đầu",
        )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "loại tệp không được phép"),
        ("bao-cao.pdf", b"PK\x03\x04 not a pdf", "không khớp với phần mở rộng .pdf"),
        ("anh.png", PDF, "không khớp với phần mở rộng .png"),
        ("bang.xlsx", None, "không khớp với phần mở rộng .xlsx"),
        ("lon.pdf", PDF + b"0" * 2048, "quá lớn"),
    ],
)
def test_bad_files_are_refused(
    small_plan: SmallPlan,
    registry: Registry,
    people: People,
    settings,
    name: str,
    data: bytes | None,
    message: str,
) -> None:  # type: ignore[no-untyped-def]
    settings.TINHGON_PLANS_EVIDENCE_MAX_BYTES = 1024
    a = small_plan.assignment(small_plan.dated, registry.health)
    payload = docx() if data is None else data
    with at(dt.date(2025, 3, 10)):
        _refused(
            lambda: services.report_create(
                acting_user=people.officer_a,
                assignment=a,
                year=2025,
                number=1,
                progress="in_progress",
                percent=10,
                files=[Upload(name, payload)],
            ),
            message,
        )


def test_percent_and_completion_checked(
    small_plan: SmallPlan, registry: Registry, people: People
) -> None:
    a = small_plan.assignment(small_plan.dated, registry.health)
    with at(dt.date(2025, 3, 10)):
        _refused(
            lambda: services.report_create(
                acting_user=people.officer_a,
                assignment=a,
                year=2025,
                number=1,
                progress="completed",
                percent=80,
            ),
            "tỷ lệ phải là 100%",
        )
        _refused(
            lambda: services.report_create(
                acting_user=people.officer_a,
                assignment=a,
                year=2025,
                number=1,
                progress="in_progress",
                percent=120,
            ),
            "từ 0 đến 100",
        )
