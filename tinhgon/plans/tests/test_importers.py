"""The plan workbook "Kế hoạch – bảng nhiệm vụ": tree, assignments and deadlines through the plans
services; every error by sheet, row and column with nothing written; idempotent re-upload; scope;
the template and the shared import screens."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tinhgon.conftest import People, Registry
from tinhgon.core import importing
from tinhgon.core.models import AuditEntry, Job
from tinhgon.plans.choices import AssignmentRole, DeadlineKind, PlanSource
from tinhgon.plans.importers import PLAN, PLAN_IMPORT, PLAN_SPEC, TASKS
from tinhgon.plans.models import Assignment, Plan, Product, Task

pytestmark = pytest.mark.django_db

HEAD = ["15/KH-UBND", "15/01/2026", "UBND tỉnh Hà Tĩnh", "Võ Trọng Hải", "Kế hoạch thử nghiệm"]
ROWS: list[list[Any]] = [
    ["I", "NHIỆM VỤ CHUNG", None, None, None, None],
    [
        "1",
        "Rà soát mạng lưới đơn vị sự nghiệp y tế",
        "Sở Y tế",
        "So Giao duc va Dao tao; UBND các xã, phường",
        "Quý I năm 2026",
        "Báo cáo rà soát",
    ],
    ["2", "Tuyên truyền, phổ biến", "UBND các xã, phường", None, "Thường xuyên", None],
    ["II", "NHIỆM VỤ CỤ THỂ", "so giao duc va dao tao", None, None, None],
    ["1", "Xây dựng và thực hiện các đề án", None, None, None, None],
    [
        "a)",
        "Đề án trường chuyên biệt",
        None,
        None,
        "Sau khi Thủ tướng Chính phủ ban hành Quy hoạch",
        "Đề án trường chuyên biệt",
    ],
    ["b", "Thực hiện các đề án đã phê duyệt", "Sở Y tế", None, "Theo tiến độ của từng Đề án", None],
    ["1.1", "Rà soát đội ngũ", "Sở Y tế", None, "tháng 6/2026", None],
    ["2", "Sơ kết, tổng kết", "Sở Y tế", None, "trước ngày 15/12/2026", None],
    ["-", "Báo cáo sơ kết", None, None, "Khi có yêu cầu", None],
    ["-", "Báo cáo tổng kết", None, None, None, None],
]


def workbook(head: list[Any] | None, rows: list[list[Any]]) -> bytes:
    wb = load_workbook(io.BytesIO(importing.template_bytes(PLAN_SPEC)))
    for sheet, data in ((PLAN, [head] if head else []), (TASKS, rows)):
        ws = wb[sheet]
        for r, values in enumerate(data, start=2):
            for c, value in enumerate(values, start=1):
                ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(data: bytes, user: Any, *, commit: bool) -> importing.ImportResult:
    return importing.run_import(PLAN_SPEC, data, PLAN_IMPORT.apply, acting_user=user, commit=commit)


def written() -> tuple[int, ...]:
    return (
        Plan.objects.count(),
        Task.objects.count(),
        Product.objects.count(),
        Assignment.objects.count(),
        AuditEntry.objects.count(),
    )


def cells(result: importing.ImportResult) -> set[tuple[str, int | None, str]]:
    return {(e.sheet, e.row, e.column.split(" · ")[0]) for e in result.errors}


def leads(task: Task, product: Product | None = None) -> set[Any]:
    return {
        a.organization_id or (a.assignee_class.code if a.assignee_class else None)
        for a in task.assignments.filter(
            role=AssignmentRole.LEAD, from_class__isnull=True, product=product
        )
    }


def test_good_workbook_creates_the_plan_tree_assignments_and_deadlines(
    registry: Registry, people: People
) -> None:
    data = workbook(HEAD, ROWS)
    dry = run(data, people.supervisor, commit=False)
    assert dry.ok, dry.errors
    assert not dry.committed and written()[:4] == (0, 0, 0, 0)
    assert dry.created[("kế hoạch")] == 1 and dry.created["nhiệm vụ"] == 11

    result = run(data, people.supervisor, commit=True)
    assert result.ok and result.committed, result.errors
    plan = Plan.objects.get()
    assert (plan.number, plan.date, plan.issuer_org, plan.source, plan.signer) == (
        "15/KH-UBND",
        dt.date(2026, 1, 15),
        registry.province,
        PlanSource.EXCEL,
        "Võ Trọng Hải",
    )
    t = {task.ref: task for task in plan.tasks.all()}
    assert list(t) == [
        "I",
        "I.1",
        "I.2",
        "II",
        "II.1",
        "II.1.a",
        "II.1.b",
        "II.1.1",
        "II.2",
        "II.2.1",
        "II.2.2",
    ]
    assert t["II.1.a"].parent == t["II.1"] and t["II.1.1"].parent == t["II.1"]
    assert t["II.2.2"].parent == t["II.2"] and t["II.2"].depth == 1

    # Deadlines of each kind, from the words of the "Thời hạn" column.
    assert (t["I.1"].deadline_kind, t["I.1"].due) == (DeadlineKind.DATE, dt.date(2026, 3, 31))
    assert t["I.2"].deadline_kind == DeadlineKind.RECURRING
    assert t["II.1.a"].deadline_kind == DeadlineKind.CONDITIONAL
    assert t["II.1.a"].condition == "Sau khi Thủ tướng Chính phủ ban hành Quy hoạch"
    assert t["II.1.b"].deadline_kind == DeadlineKind.PER_PROJECT
    assert t["II.1.1"].due == dt.date(2026, 6, 30)
    assert t["II.2"].due == dt.date(2026, 12, 14)
    assert (t["II.2.1"].deadline_kind, t["II.2.1"].deadline_text) == (
        DeadlineKind.NONE,
        "Khi có yêu cầu",
    )
    assert (t["II.2.2"].deadline_kind, t["II.2.2"].due) == (
        DeadlineKind.DATE,
        dt.date(2026, 12, 14),
    )

    # Products with their deadline; assignments go to the product.
    report = t["I.1"].products.get()
    assert (report.name, report.due) == ("Báo cáo rà soát", dt.date(2026, 3, 31))
    assert leads(t["I.1"], report) == {registry.health.pk}
    coordinating = t["I.1"].assignments.filter(role=AssignmentRole.COORDINATING, product=report)
    assert {a.organization_id for a in coordinating.filter(from_class__isnull=True)} == {
        registry.education.pk,
        None,
    }
    members = {a.organization_id for a in coordinating.filter(from_class__isnull=False)}
    assert members == {registry.commune.pk, registry.commune2.pk}
    assert t["II.1.a"].products.get().deadline_kind == DeadlineKind.CONDITIONAL

    # Classes resolved through the dated table; leaves inherit the nearest ancestor's agencies.
    assert leads(t["I.2"]) == {"ubnd_cap_xa"}
    assert set(
        t["I.2"].assignments.filter(from_class__isnull=False).values_list("organization", flat=True)
    ) == {registry.commune.pk, registry.commune2.pk}
    assert leads(t["II.1.a"], t["II.1.a"].products.get()) == {registry.education.pk}
    assert leads(t["II.1.b"]) == {registry.health.pk}
    assert leads(t["II.2.1"]) == leads(t["II.2.2"]) == {registry.health.pk}
    for parent in ("I", "II", "II.1", "II.2"):
        assert not t[parent].assignments.exists()


def test_errors_on_both_sheets_are_all_reported_and_nothing_is_written(
    registry: Registry, people: People
) -> None:
    head = ["15/KH-UBND", "15/01/2026", "UBND tỉnh Hà Tĩnh", '=HYPERLINK("http://x")', None]
    rows: list[list[Any]] = [
        ["1", "Việc A", "Sở Không Có", None, "Quý I năm 2026", None],
        ["2", "Việc B", "Sở Y tế", "Sở Y tế; Sở Ma", "trước ngày 01/01/2026", None],
        ["x1", "Việc C", "Sở Y tế", None, None, None],
        ["3", None, "Sở Y tế", None, None, None],
        ["4", "Việc D", None, None, None, None],
        ["5", "+SUM(A1:A9)", "Sở Y tế", None, None, None],
        ["5", "Việc E", "Sở Y tế", None, None, None],
    ]
    before = written()
    for commit in (False, True):
        result = run(workbook(head, rows), people.supervisor, commit=commit)
        assert not result.committed
        assert written() == before
        assert cells(result) == {
            (PLAN, 2, "D"),  # formula
            (PLAN, 2, "E"),  # title missing
            (TASKS, 2, "C"),  # unknown agency
            (TASKS, 3, "D"),  # lead again among coordinating; unknown agency
            (TASKS, 3, "E"),  # deadline before the plan's date
            (TASKS, 4, "A"),  # not a TT
            (TASKS, 5, "B"),  # content missing
            (TASKS, 6, "C"),  # no lead
            (TASKS, 7, "B"),  # formula-like text
            (TASKS, 8, "A"),  # the same TT twice
        }
        messages = {(e.row, e.column.split(" · ")[0]): e.message for e in result.errors}
        assert "“Sở Không Có”" in messages[(2, "C")] and "01/07" not in messages[(2, "C")]
        assert (
            messages[(3, "E")] == "Thời hạn 31/12/2025 trước ngày ban hành kế hoạch (15/01/2026)."
        )
        assert messages[(7, "B")] == importing.FORMULA_MESSAGE
        assert [e.message for e in result.errors if e.row == 3 and "Sở Ma" in e.message]
        assert all(e.sheet in (PLAN, TASKS) for e in result.errors)


def test_reupload_changes_nothing(registry: Registry, people: People) -> None:
    data = workbook(HEAD, ROWS)
    assert run(data, people.supervisor, commit=True).committed
    before = written()
    again = run(data, people.supervisor, commit=True)
    assert again.ok and not again.created, again.errors
    assert again.unchanged == {"kế hoạch": 1, "nhiệm vụ": 11}
    assert written() == before
    # The same plan with its number spaced differently is still the same plan.
    spaced = workbook(["15 / KH-UBND", *HEAD[1:]], ROWS)
    assert run(spaced, people.supervisor, commit=True).unchanged["kế hoạch"] == 1
    assert written() == before


def test_officer_outside_the_scope_cannot_import(registry: Registry, people: People) -> None:
    data = workbook(HEAD, ROWS)
    for who in (people.commune_officer, people.officer_a):
        result = run(data, who, commit=True)
        assert not result.committed
        assert (PLAN, 2, "C") in cells(result)
        assert "ngoài phạm vi" in " ".join(e.message for e in result.errors)
    reader = run(data, people.leader, commit=True)
    assert not reader.committed and "chỉ được xem" in reader.errors[0].message
    assert written()[:4] == (0, 0, 0, 0)


def test_template_downloads_reads_back_and_the_screens_import(
    registry: Registry,
    people: People,
    web: Any,
    settings: Any,
    tmp_path: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = web("supervisor")
    page = client.get(reverse("imports:list")).content.decode()
    assert "Kế hoạch – bảng nhiệm vụ" in page
    text_page = client.get(reverse("plans:import_text")).content.decode()
    assert reverse("imports:upload", args=["plan_tasks"]) in text_page
    response = client.get(reverse("imports:template", args=["plan_tasks"]))
    assert response.status_code == 200
    template = response.content
    parsed = importing.read_workbook(template, PLAN_SPEC)
    assert not parsed.errors and parsed.row_count == 0
    headers = [c.value for c in load_workbook(io.BytesIO(template))[TASKS][1]]
    assert headers == [
        "TT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời hạn",
        "Sản phẩm",
    ]
    empty = run(template, people.supervisor, commit=False)
    assert {(e.sheet, e.row) for e in empty.errors} == {(PLAN, 2), (TASKS, 2)}

    upload = io.BytesIO(workbook(HEAD, ROWS))
    upload.name = "ke-hoach.xlsx"
    response = client.post(reverse("imports:upload", args=["plan_tasks"]), {"file": upload})
    assert response.status_code == 302
    assert "Không có lỗi" in client.get(response["Location"]).content.decode()
    assert Plan.objects.count() == 0
    job = Job.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert Plan.objects.get().tasks.count() == 11
