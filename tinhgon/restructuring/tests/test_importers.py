"""The registry workbook: errors over sheets, all-or-nothing commit, idempotent re-upload."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tinhgon.accounts.models import User
from tinhgon.core import importing
from tinhgon.core.models import AuditEntry, Job
from tinhgon.organizations.models import LegalDocument, Organization, ReorgEvent
from tinhgon.restructuring.importers import REGISTRY_IMPORT, REGISTRY_SPEC

pytestmark = pytest.mark.django_db

DOC = ["12/QĐ-UBND", "01/06/2025", "UBND tỉnh Hà Tĩnh", "Nguyễn Văn A", "Về việc hợp nhất"]
UNITS = [
    [
        "T01",
        "UBND tỉnh Hà Tĩnh",
        "provincial_committee",
        "state_management",
        None,
        None,
        "01/01/2020",
        None,
        None,
        "có sẵn",
    ],
    ["S01", "Sở Y tế", "department", "Y tế", None, "T01", "01/01/2020", None, None, "có sẵn"],
    ["U01", "Trung tâm A", "center", "health", None, "S01", "01/01/2020", 4, None, "có sẵn"],
    ["U02", "Trung tâm B", "center", "health", None, "S01", "01/01/2020", 4, None, "có sẵn"],
    ["U03", "Trung tâm C", "center", "health", None, "S01", "01/07/2025", 3, None, None],
]
MERGE = [
    1,
    "merge",
    "01/07/2025",
    "12/QĐ-UBND",
    "01/06/2025",
    "UBND tỉnh Hà Tĩnh",
    "U01; U02",
    "U03",
    None,
    None,
    None,
    "Hợp nhất A và B",
]
RENAME = [
    2,
    "Đổi tên",
    "01/01/2026",
    "20/QĐ-UBND",
    "15/12/2025",
    "UBND tỉnh Hà Tĩnh",
    "S01",
    None,
    "Sở Y tế tỉnh Hà Tĩnh",
    None,
    None,
    None,
]


def workbook(docs, units, events):
    wb = load_workbook(io.BytesIO(importing.template_bytes(REGISTRY_SPEC)))
    for name, rows in (("Văn bản", docs), ("Đơn vị", units), ("Sự kiện", events)):
        for r, values in enumerate(rows, start=2):
            for c, value in enumerate(values, start=1):
                wb[name].cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def counts():
    return (
        Organization.objects.count(),
        ReorgEvent.objects.count(),
        LegalDocument.objects.count(),
        AuditEntry.objects.count(),
    )


def run(data, user, commit):
    return importing.run_import(
        REGISTRY_SPEC, data, REGISTRY_IMPORT.apply, acting_user=user, commit=commit
    )


@pytest.fixture
def admin():
    return User.objects.create_user("quantri", password="x" * 12, role="administrator")


def good_workbook():
    return workbook([DOC], UNITS, [MERGE, RENAME])


def test_errors_on_every_sheet_are_all_reported_and_nothing_is_written(admin):
    bad_units = [list(u) for u in UNITS]
    bad_units[3][3] = "vu_tru"  # U02: unknown sector
    docs = [
        ["12/QĐ-UBND", "31/02/2025", "UBND tỉnh Hà Tĩnh", None, None],  # bad date
        ["13/QĐ-UBND", "01/06/2025", "UBND tỉnh Hà Tĩnh", None, "=CMD()"],  # formula
    ]
    one_pred_merge = list(MERGE)
    one_pred_merge[6] = "U01"
    early_rename = [
        2,
        "rename",
        "01/01/2019",
        "5/QĐ-UBND",
        "01/12/2018",
        "UBND tỉnh Hà Tĩnh",
        "S01",
        None,
        "Sở Y tế mới",
        None,
        None,
        None,
    ]
    data = workbook(docs, bad_units, [one_pred_merge, early_rename])
    before = counts()
    for commit in (False, True):
        result = run(data, admin, commit)
        assert not result.committed
        got = {(e.sheet, e.row, e.column.split(" ")[0]) for e in result.errors}
        assert got == {
            ("Văn bản", 2, "B"),
            ("Văn bản", 3, "E"),
            ("Đơn vị", 5, "D"),
            ("Sự kiện", 2, "G"),
            ("Sự kiện", 3, "G"),
        }, result.errors
        messages = {(e.sheet, e.row): e.message for e in result.errors}
        assert messages[("Văn bản", 3)] == importing.FORMULA_MESSAGE
        assert "Hợp nhất cần ít nhất 2 đơn vị trước" in messages[("Sự kiện", 2)]
        assert "chưa có vào ngày 01/01/2019" in messages[("Sự kiện", 3)]
        assert "lĩnh vực" in messages[("Đơn vị", 5)]
        assert counts() == before


def test_fixed_workbook_is_written_once_with_import_audit_and_reupload_changes_nothing(admin):
    data = good_workbook()
    dry = run(data, admin, commit=False)
    assert dry.ok, dry.errors
    assert dry.created == {"văn bản": 1, "đơn vị": 5, "sự kiện": 2}
    assert counts() == (0, 0, 0, 0)

    result = run(data, admin, commit=True)
    assert result.ok and result.committed, result.errors
    assert Organization.objects.count() == 5 and ReorgEvent.objects.count() == 2
    merged = Organization.objects.get(code="U03")
    event = ReorgEvent.objects.get(kind="merge")
    assert merged.valid_from.isoformat() == "2025-07-01"
    assert merged.event_links.get().event == event  # created BY the merge
    assert event.decision.signer == "Nguyễn Văn A"
    assert Organization.objects.get(code="U01").valid_to.isoformat() == "2025-06-30"
    assert Organization.objects.get(code="S01").last_state.name == "Sở Y tế tỉnh Hà Tĩnh"
    sources = set(AuditEntry.objects.values_list("source", flat=True))
    assert sources == {"import"}
    assert AuditEntry.objects.values("request_id").distinct().count() == 1

    before = counts()
    again = run(data, admin, commit=True)
    assert again.ok and again.created == {}
    assert again.unchanged == {"văn bản": 1, "đơn vị": 5, "sự kiện": 2}
    assert counts() == before


def test_officer_cannot_import_outside_scope(admin):
    run(workbook([], UNITS[:3], []), admin, commit=True)
    officer = User.objects.create_user(
        "canbo",
        password="x" * 12,
        role="officer",
        scope_root=Organization.objects.get(code="U01"),
    )
    result = run(workbook([DOC], UNITS, [MERGE]), officer, commit=False)
    assert not result.ok
    assert {e.sheet for e in result.errors} <= {"Đơn vị", "Sự kiện"}


def test_screens_upload_dry_run_and_commit_as_a_job(
    client, admin, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(admin)
    page = client.get(reverse("imports:list")).content.decode()
    assert "Tải mẫu" in page and "Tải lên" in page
    template = client.get(reverse("imports:template", args=["registry"]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    load_workbook(
        io.BytesIO(
            b"".join(template.streaming_content if template.streaming else [template.content])
        )
    )

    upload = io.BytesIO(good_workbook())
    upload.name = "so.xlsx"
    response = client.post(reverse("imports:upload", args=["registry"]), {"file": upload})
    assert response.status_code == 302
    dry_page = client.get(response["Location"]).content.decode()
    assert "Không có lỗi: sẽ tạo 5 đơn vị, 2 sự kiện" in dry_page
    assert Organization.objects.count() == 0
    job = Job.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:commit", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.percent == 100, job.message
    assert Organization.objects.count() == 5

    text = io.BytesIO(b"not excel")
    text.name = "gia.xlsx"
    response = client.post(reverse("imports:upload", args=["registry"]), {"file": text})
    assert "Tệp không phải tệp Excel .xlsx hợp lệ." in response.content.decode()

    reader = User.objects.create_user("lanhdao", password="x" * 12, role="leader")
    client.force_login(reader)
    assert client.get(reverse("imports:list")).status_code == 403
