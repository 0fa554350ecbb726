"""The generic Excel pipeline and background jobs, on a small spec of their own."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tinhgon.accounts.models import User
from tinhgon.core import importing
from tinhgon.core.importing import Column, Sheet, WorkbookSpec
from tinhgon.core.importing.spec import META_SHEET
from tinhgon.core.jobs import job_function, job_start
from tinhgon.core.models import Job

pytestmark = pytest.mark.django_db

SPEC = WorkbookSpec(
    kind="toy",
    version="2",
    title="Mẫu thử",
    sheets=(
        Sheet(
            "Danh sách",
            (
                Column("Mã", "code", importing.text(10), required=True),
                Column("Số lượng", "count", importing.integer(0), required=True),
                Column("Ngày", "day", importing.date()),
                Column("Loại", "kind", importing.choice([("a", "Loại A"), ("b", "Loại B")])),
                Column("Mã liên quan", "codes", importing.code_list()),
            ),
        ),
    ),
)


def _collect(parsed, batch):
    for row in parsed.rows["Danh sách"]:
        batch.step()
        if row.valid:
            batch.created("dòng")
            batch.result.__dict__.setdefault("values", []).append(row.values)


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _filled(rows, spec=SPEC, sheet="Danh sách"):
    wb = load_workbook(io.BytesIO(importing.template_bytes(spec)))
    ws = wb[sheet]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_template_has_bold_frozen_header_instructions_validation_and_marker():
    wb = load_workbook(io.BytesIO(importing.template_bytes(SPEC)))
    assert wb.sheetnames == ["Hướng dẫn", "Danh sách", META_SHEET]
    ws = wb["Danh sách"]
    assert [c.value for c in ws[1]] == ["Mã", "Số lượng", "Ngày", "Loại", "Mã liên quan"]
    assert ws["A1"].font.bold and ws.freeze_panes == "A2"
    assert any("D2" in str(dv.sqref) for dv in ws.data_validations.dataValidation)
    assert wb[META_SHEET].sheet_state == "hidden"
    assert (wb[META_SHEET]["A1"].value, wb[META_SHEET]["A2"].value) == ("toy", "2")


def test_template_re_reads_and_cells_are_parsed():
    data = _filled(
        [
            ["X1", 3, dt.date(2025, 7, 1), "Loại B", "P1; P2"],
            [" Xe\u0301 ", "4", "2025-07-02", "a", None],
            [None, None, None, None, None],
            ["X3", 5, "01/08/2025", None, None],
        ]
    )
    result = importing.run_import(SPEC, data, _collect, acting_user=None, commit=False)
    assert result.ok, result.errors
    values = result.__dict__["values"]
    assert values[0] == {
        "code": "X1",
        "count": 3,
        "day": dt.date(2025, 7, 1),
        "kind": "b",
        "codes": ["P1", "P2"],
    }
    assert values[1]["code"] == "Xé" and values[1]["count"] == 4  # NFC, stripped
    assert values[2]["day"] == dt.date(2025, 8, 1)
    assert result.created == {"dòng": 3}


def test_every_cell_error_is_reported_with_sheet_row_and_column():
    data = _filled(
        [
            ["X1", -1, "31/02/2025", "c", None],
            ["=CMD()", 2.5, None, None, None],
            ["@SUM(A1)", 1, None, None, "-A1+1"],
            [None, 1, None, None, None],
            ["+84 912", 1, None, None, "- ghi chú"],
        ]
    )
    result = importing.run_import(SPEC, data, _collect, acting_user=None, commit=False)
    got = {(e.sheet, e.row, e.column.split(" ")[0]) for e in result.errors}
    assert got == {
        ("Danh sách", 2, "B"),
        ("Danh sách", 2, "C"),
        ("Danh sách", 2, "D"),
        ("Danh sách", 3, "A"),
        ("Danh sách", 3, "B"),
        ("Danh sách", 4, "A"),
        ("Danh sách", 4, "E"),
        ("Danh sách", 5, "A"),
    }
    formula = [e for e in result.errors if e.row == 3 and e.column.startswith("A")]
    assert formula[0].message == importing.FORMULA_MESSAGE
    assert result.created == {"dòng": 1}  # the "+84 912" row is text, not a formula


def test_another_template_version_or_kind_is_refused():
    other = WorkbookSpec(kind="toy", version="1", title="Mẫu thử", sheets=SPEC.sheets)
    result = importing.run_import(
        SPEC, importing.template_bytes(other), _collect, acting_user=None, commit=False
    )
    assert not result.ok and "phiên bản 1" in result.errors[0].message
    foreign = WorkbookSpec(kind="khac", version="2", title="Khác", sheets=SPEC.sheets)
    result = importing.run_import(
        SPEC, importing.template_bytes(foreign), _collect, acting_user=None, commit=False
    )
    assert not result.ok and "không phải mẫu" in result.errors[0].message


def test_text_file_renamed_xlsx_and_oversized_file_are_refused(settings):
    result = importing.run_import(
        SPEC, "Mã;Số lượng\nX;1\n".encode(), _collect, acting_user=None, commit=False
    )
    assert [e.message for e in result.errors] == ["Tệp không phải tệp Excel .xlsx hợp lệ."]
    settings.TINHGON_MAX_UPLOAD_BYTES = 100
    result = importing.run_import(
        SPEC, importing.template_bytes(SPEC), _collect, acting_user=None, commit=False
    )
    assert "giới hạn" in result.errors[0].message


@job_function("test_count")
def _count_job(params, *, owner, progress):
    for i in range(1, params["n"] + 1):
        progress(i, params["n"])
    return {"message": "Đếm xong", "n": params["n"]}


@job_function("test_fail")
def _fail_job(params, *, owner, progress):
    raise RuntimeError("hỏng")


@pytest.mark.django_db
def test_job_runs_with_progress_to_100_and_status_page(
    client, immediate_tasks, django_capture_on_commit_callbacks
):
    user = User.objects.create_user("chu", password="x" * 12, role="administrator")
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="test_count", label="Đếm", owner=user, params={"n": 7})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.finished
    assert (job.done, job.total, job.percent) == (7, 7, 100)
    assert job.result == {"message": "Đếm xong", "n": 7} and job.message == "Đếm xong"

    client.force_login(user)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'class="tg-progress" value="100" max="100"' in page
    assert "hx-trigger" not in page  # finished: polling stops
    assert "style=" not in page.split("<main", 1)[1] and "<script>" not in page

    outsider = User.objects.create_user("khac", password="x" * 12, role="administrator")
    client.force_login(outsider)
    assert client.get(reverse("jobs:progress", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_running_job_partial_polls_every_second(client):
    user = User.objects.create_user("chu", password="x" * 12, role="officer")
    job = Job.objects.create(kind="test_count", label="Đếm", owner=user, total=4, done=1)
    client.force_login(user)
    html = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="25"' in html


@pytest.mark.django_db
def test_failed_job_keeps_a_vietnamese_message(immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="test_fail", label="Hỏng", owner=None, params={})
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "Việc chạy nền bị lỗi" in job.message
