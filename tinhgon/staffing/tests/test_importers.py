"""The quota workbooks: every bad input refused with its cell and nothing written, one-transaction
commit into ONE submission (the ledger changes only when it is approved), idempotent re-upload, the
screens, and issue 4's 10,000 rows with 37 scattered errors."""

from __future__ import annotations

import datetime as dt
import io
import time
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tinhgon.accounts.models import User
from tinhgon.conftest import START, Registry
from tinhgon.core import importing
from tinhgon.core.models import AuditEntry, Job
from tinhgon.organizations.choices import Kind, Sector
from tinhgon.organizations.models import LegalDocument, Organization, OrganizationState
from tinhgon.organizations.services import DecisionInput, document_resolve
from tinhgon.staffing import selectors
from tinhgon.staffing.importers import (
    ENTRIES,
    HEADCOUNT_IMPORT,
    HEADCOUNT_SPEC,
    HEADCOUNTS,
    QUOTA_IMPORT,
    QUOTA_SPEC,
)
from tinhgon.staffing.models import Headcount, HeadcountSubmission, QuotaEntry, QuotaSubmission
from tinhgon.staffing.submission_services import submission_approve

pytestmark = pytest.mark.django_db

ISSUER = "UBND tỉnh Hà Tĩnh"
PE = "public_employee_budget"


def workbook(spec: importing.WorkbookSpec, sheet: str, rows: list[list[Any]]) -> bytes:
    wb = load_workbook(io.BytesIO(importing.template_bytes(spec)))
    ws = wb[sheet]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(kind: importing.ImportKind, data: bytes, user: Any, *, commit: bool) -> Any:
    return importing.run_import(kind.spec, data, kind.apply, acting_user=user, commit=commit)


def cells(result: Any) -> set[tuple[str, int | None, str]]:
    return {(e.sheet, e.row, e.column.split(" · ")[0]) for e in result.errors}


def written() -> tuple[int, int, int, int]:
    return (
        QuotaEntry.objects.count(),
        Headcount.objects.count(),
        LegalDocument.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def admin(registry: Registry) -> User:
    return User.objects.create_superuser("quan-tri-nhap", password="x-Mat-khau-2026")


@pytest.fixture
def approver(registry: Registry) -> User:
    """Another administrator: the maker of an import never approves its submission."""
    return User.objects.create_superuser("quan-tri-duyet", password="x-Mat-khau-2026")


def approve(model: Any, user: User) -> Any:
    """Approve the one submission waiting (as Sở Nội vụ would, on its page)."""
    sub = model.objects.get(status="submitted")
    return submission_approve(acting_user=user, obj=sub, expected_version=sub.version)


PROPOSED = "bút toán đề nghị, chờ Sở Nội vụ phê duyệt"


@pytest.fixture
def coded(registry: Registry) -> Registry:
    """Codes on the units the tests use, and a unit that only starts on 01/01/2024."""
    for org, code in (
        (registry.hospital, "H01"),
        (registry.cdc, "H02"),
        (registry.district_health, "H03"),
        (registry.school_pdp, "E01"),
    ):
        Organization.objects.filter(pk=org.pk).update(code=code)
    late = Organization.objects.create(code="H09", valid_from=dt.date(2024, 1, 1))
    OrganizationState.objects.create(
        organization=late,
        valid_from=dt.date(2024, 1, 1),
        name="Trung tâm mới",
        kind=Kind.CENTER,
        sector=Sector.HEALTH,
        managing_body=registry.health,
    )
    return registry


def entry(
    code: str,
    amount: Any,
    *,
    kind: Any = PE,
    year: Any = 2025,
    etype: str = "allocation",
    day: str = "01/01/2025",
    number: str = "5/QĐ-UBND",
    note: Any = None,
) -> list[Any]:
    return [code, kind, year, etype, amount, day, number, "20/12/2024", ISSUER, note]


BASE = [
    entry("000.00.00.H23", 500),
    entry("000.00.10.H23", 300),  # Sở Y tế
    entry("H01", 100),
    entry("H02", 80),
    entry("H03", 50, etype="Giao biên chế"),
    entry("H01", -5, etype="Điều chỉnh", day="01/07/2025", number="9/QĐ-UBND"),
]


def test_fixed_workbook_is_written_once_and_reupload_changes_nothing(coded, admin, approver):
    data = workbook(QUOTA_SPEC, ENTRIES, BASE)
    dry = run(QUOTA_IMPORT, data, admin, commit=False)
    assert dry.ok, dry.errors
    assert dry.created == {PROPOSED: 6}
    assert QuotaEntry.objects.count() == 0 and not QuotaSubmission.objects.exists()
    before = written()
    result = run(QUOTA_IMPORT, data, admin, commit=True)
    assert result.committed and result.created == {PROPOSED: 6}
    # One submission waiting for Sở Nội vụ; the ledger unchanged until it is approved.
    sub = QuotaSubmission.objects.get()
    assert (sub.status, sub.source, len(sub.rows)) == ("submitted", "import", 6)
    assert QuotaEntry.objects.count() == before[0]
    assert selectors.balance(coded.hospital.pk, PE, dt.date(2025, 12, 31)) == 0
    waiting = run(QUOTA_IMPORT, data, admin, commit=True)
    assert waiting.created == {}
    assert waiting.unchanged == {"bút toán đã có trong đề nghị chờ phê duyệt": 6}
    approve(QuotaSubmission, approver)
    assert selectors.balance(coded.hospital.pk, PE, dt.date(2025, 12, 31)) == 95
    assert QuotaEntry.objects.filter(submission=sub).count() == before[0] + 6
    assert LegalDocument.objects.count() == before[2] + 2  # one record per distinct decision
    audit = AuditEntry.objects.filter(object_type="staffing.quotaentry")
    assert audit.count() == 6
    assert audit.values("request_id").distinct().count() == 1
    after = written()
    again = run(QUOTA_IMPORT, data, admin, commit=True)
    assert again.ok and again.created == {} and again.unchanged == {"bút toán": 6}
    assert written() == after


def test_each_bad_input_is_refused_with_its_cell_and_nothing_is_written(coded, admin):
    rows = [
        *BASE,
        entry("H01", 1, kind="biên chế ma"),  # 8: unknown quota kind
        entry("H02", 1, year=2040, etype="adjustment"),  # 9: year outside the ledger
        entry("H03", -3),  # 10: negative allocation
        entry("H03", 2.5, etype="adjustment"),  # 11: fractional
        entry("H09", 10, day="01/06/2023", year=2023),  # 12: not alive on its date
        entry("X99", 10),  # 13: unknown code
        entry("H02", 1, etype="adjustment", note="=CMD(|' /C calc'!A0)"),  # 14: formula
        entry("H02", "=1+1", etype="adjustment"),  # 15: formula in a number cell
        entry("H02", "@SUM(A1)", etype="adjustment", number="7/QĐ-UBND"),  # 16: formula-like text
        entry("H01", 3, etype="adjustment", day="02/02/2025"),  # 17 and 18: duplicates
        entry("H01", 3, etype="adjustment", day="02/02/2025"),
        entry("E01", 1, etype="adjustment", number="không số"),  # 19: decision number
    ]
    before = written()
    result = run(QUOTA_IMPORT, workbook(QUOTA_SPEC, ENTRIES, rows), admin, commit=True)
    assert not result.committed
    assert written() == before
    assert cells(result) == {
        (ENTRIES, 8, "B"),
        (ENTRIES, 9, "C"),
        (ENTRIES, 10, "E"),
        (ENTRIES, 11, "E"),
        (ENTRIES, 12, "A"),
        (ENTRIES, 13, "A"),
        (ENTRIES, 14, "J"),
        (ENTRIES, 15, "E"),
        (ENTRIES, 16, "E"),
        (ENTRIES, 17, "A"),
        (ENTRIES, 18, "A"),
        (ENTRIES, 19, "G"),
    }
    assert len(result.errors) == 12
    messages = {(e.row, e.message) for e in result.errors}
    assert (12, "Cơ quan, đơn vị mã “H09” không tồn tại vào ngày 01/06/2023.") in messages
    assert (13, "Không có cơ quan, đơn vị mã “X99” trong hệ thống.") in messages
    assert (9, "Năm 2040 nằm ngoài sổ biên chế (2015–2031).") in messages
    assert (14, importing.FORMULA_MESSAGE) in messages
    assert any(row == 17 and "dòng 18" in m for row, m in messages)
    assert any(row == 18 and "dòng 17" in m for row, m in messages)


def test_child_allocation_beyond_the_parent_names_both_numbers_on_its_row(coded, admin):
    rows = [*BASE[:4], entry("H03", 150), entry("H02", 1, etype="adjustment", day="01/03/2025")]
    before = written()
    result = run(QUOTA_IMPORT, workbook(QUOTA_SPEC, ENTRIES, rows), admin, commit=False)
    assert written() == before
    assert [(e.row, e.column.split(" · ")[0]) for e in result.errors] == [(6, "E")]
    message = result.errors[0].message
    assert "Sở Y tế" in message and "(330)" in message and "(300)" in message
    assert "01/01/2025" in message


def test_headcounts_bad_input_duplicates_and_reupload(coded, admin, approver):
    good = [
        ["H01", PE, "01/10/2025", 90],
        ["H02", "Viên chức hưởng lương từ NSNN", "01/10/2025", 70],
    ]
    bad = [
        *good,
        ["H03", PE, "01/10/2025", -1],  # 4: negative
        ["H03", PE, "02/10/2025", 1.5],  # 5: fractional
        ["H09", PE, "01/10/2023", 4],  # 6: not alive
        ["H01", "khác", "01/10/2025", 4],  # 7: unknown kind
        ["E01", PE, "01/10/2025", 3],  # 8, 9: duplicates
        ["E01", PE, "01/10/2025", 4],
        ["E01", PE, "03/10/2025", "=2*3"],  # 10: formula
    ]
    before = written()
    result = run(HEADCOUNT_IMPORT, workbook(HEADCOUNT_SPEC, HEADCOUNTS, bad), admin, commit=True)
    assert written() == before
    assert cells(result) == {
        (HEADCOUNTS, 4, "D"),
        (HEADCOUNTS, 5, "D"),
        (HEADCOUNTS, 6, "A"),
        (HEADCOUNTS, 7, "B"),
        (HEADCOUNTS, 8, "A"),
        (HEADCOUNTS, 9, "A"),
        (HEADCOUNTS, 10, "D"),
    }
    data = workbook(HEADCOUNT_SPEC, HEADCOUNTS, good)
    result = run(HEADCOUNT_IMPORT, data, admin, commit=True)
    assert result.committed and result.created["số người có mặt đề nghị ghi mới"] == 2
    assert not Headcount.objects.exists()
    approve(HeadcountSubmission, approver)
    assert selectors.present([coded.hospital.pk], PE, dt.date(2025, 12, 1)) == {
        coded.hospital.pk: 90
    }
    assert AuditEntry.objects.filter(object_type="staffing.headcount").count() == 2
    after = written()
    again = run(HEADCOUNT_IMPORT, data, admin, commit=True)
    assert again.ok and again.unchanged == {"số người có mặt": 2} and written() == after
    changed = workbook(HEADCOUNT_SPEC, HEADCOUNTS, [["H01", PE, "01/10/2025", 91]])
    result = run(HEADCOUNT_IMPORT, changed, admin, commit=True)
    assert result.created == {"số người có mặt đề nghị cập nhật": 1}
    approve(HeadcountSubmission, approver)
    assert Headcount.objects.get(organization=coded.hospital).count == 91
    update = AuditEntry.objects.get(object_type="staffing.headcount", action="update")
    assert (update.before["count"], update.after["count"]) == (90, 91)


def test_template_of_another_version_is_refused_as_a_whole(coded, admin):
    wb = load_workbook(io.BytesIO(workbook(QUOTA_SPEC, ENTRIES, BASE)))
    wb["_tinhgon"]["A2"] = "0"
    out = io.BytesIO()
    wb.save(out)
    result = run(QUOTA_IMPORT, out.getvalue(), admin, commit=True)
    assert [e.row for e in result.errors] == [None]
    assert "phiên bản 0" in result.errors[0].message
    other = run(QUOTA_IMPORT, workbook(HEADCOUNT_SPEC, HEADCOUNTS, []), admin, commit=True)
    assert "không phải mẫu" in other.errors[0].message
    assert QuotaEntry.objects.count() == 0


def test_officer_cannot_import_outside_scope(coded, people, admin, approver):
    assert run(QUOTA_IMPORT, workbook(QUOTA_SPEC, ENTRIES, BASE[:2]), admin, commit=True).committed
    approve(QuotaSubmission, approver)
    rows = [entry("H01", 10), entry("E01", 10)]
    before = written()
    result = run(QUOTA_IMPORT, workbook(QUOTA_SPEC, ENTRIES, rows), people.officer_a, commit=True)
    assert cells(result) == {(ENTRIES, 3, "A")}
    assert "ngoài phạm vi" in result.errors[0].message
    assert written() == before
    result = run(
        QUOTA_IMPORT, workbook(QUOTA_SPEC, ENTRIES, rows[:1]), people.officer_a, commit=True
    )
    assert result.committed


def test_formula_like_text_is_written_as_text_in_templates():
    spec = importing.WorkbookSpec(
        kind="t",
        version="1",
        title='=HYPERLINK("http://x")',
        instructions=("=CMD(|' /C calc'!A0)",),
        sheets=(importing.Sheet("A", (importing.Column("@x", "x", importing.text()),)),),
    )
    wb = load_workbook(io.BytesIO(importing.template_bytes(spec)))
    for ws, ref, text in (
        (wb["Hướng dẫn"], "A1", '=HYPERLINK("http://x")'),
        (wb["Hướng dẫn"], "A3", "=CMD(|' /C calc'!A0)"),
        (wb["A"], "A1", "@x"),
    ):
        assert ws[ref].data_type == "s" and ws[ref].value == text


def test_screens_list_both_kinds_and_run_the_dry_run_and_commit(
    coded, admin, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin)
    page = client.get(reverse("imports:list")).content.decode()
    for kind in (QUOTA_IMPORT, HEADCOUNT_IMPORT):
        assert kind.spec.title in page
        assert reverse("imports:template", args=[kind.key]) in page
        assert reverse("imports:upload", args=[kind.key]) in page
        template = client.get(reverse("imports:template", args=[kind.key]))
        assert template.status_code == 200
        assert load_workbook(io.BytesIO(template.content))["_tinhgon"]["A1"].value == kind.key
    upload = io.BytesIO(workbook(QUOTA_SPEC, ENTRIES, BASE))
    upload.name = "bien-che.xlsx"
    response = client.post(reverse("imports:upload", args=["quota_entries"]), {"file": upload})
    job = Job.objects.get()
    assert response.url == reverse("imports:dry_run", args=[job.pk])
    assert job.params["module"] == "tinhgon.staffing.importers"
    dry = client.get(response.url).content.decode()
    assert f"Không có lỗi: sẽ tạo 6 {PROPOSED}." in dry
    assert QuotaEntry.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.percent == 100, job.message
    assert QuotaEntry.objects.count() == 0
    assert len(QuotaSubmission.objects.get(status="submitted").rows) == 6


# ---------------------------------------------------------------------------------------------
# Issue 4, "Done when": 10,000 rows with 37 scattered errors


N_DEPTS, UNITS_PER_DEPT = 4, 50
YEARS = range(2016, 2026)


@pytest.fixture
def big(registry: Registry) -> dict[str, Any]:
    """200 coded units under 4 coded departments (bulk), the bodies' allocations already in the
    ledger (generous), so that the uploaded unit rows only break limits where a test wants it."""
    province = registry.province
    orgs = Organization.objects.bulk_create(
        [
            Organization(code=f"D{d}" if u < 0 else f"D{d}U{u:02d}", valid_from=START)
            for d in range(N_DEPTS)
            for u in range(-1, UNITS_PER_DEPT)
        ]
    )
    states = []
    for d in range(N_DEPTS):
        dept = orgs[d * (UNITS_PER_DEPT + 1)]
        states.append(
            OrganizationState(
                organization=dept,
                valid_from=START,
                name=f"Sở thử {d}",
                kind=Kind.DEPARTMENT,
                sector=Sector.STATE_MANAGEMENT,
                managing_body=province,
            )
        )
        for u in range(UNITS_PER_DEPT):
            states.append(
                OrganizationState(
                    organization=orgs[d * (UNITS_PER_DEPT + 1) + u + 1],
                    valid_from=START,
                    name=f"Trường thử {d}-{u}",
                    kind=Kind.SCHOOL,
                    sector=Sector.EDUCATION,
                    managing_body=dept,
                )
            )
    for state in states:
        state.name_folded = state.name.lower()
    OrganizationState.objects.bulk_create(states)
    doc = document_resolve(
        acting_user=None, decision=DecisionInput("1/QĐ-UBND", dt.date(2015, 12, 1), ISSUER)
    )
    bodies = [province, *(orgs[d * (UNITS_PER_DEPT + 1)] for d in range(N_DEPTS))]
    QuotaEntry.objects.bulk_create(
        QuotaEntry(
            organization=body,
            kind=kind,
            year=2016,
            entry_type="allocation",
            amount=100_000 if body == province else 10_000,
            effective_date=dt.date(2016, 1, 1),
            decision=doc,
        )
        for body in bodies
        for kind in (PE, "contract")
    )
    return {"codes": [o.code for o in orgs if "U" in (o.code or "")]}


def big_rows(codes: list[str]) -> list[list[Any]]:
    """50 rows per unit: per year 2016–2025 allocations and a +1 adjustment of two kinds, and a
    −1 recovery of one kind (10 × 5)."""
    rows: list[list[Any]] = []
    for code in codes:
        for year in YEARS:
            number = f"{year - 2000}/QĐ-UBND"
            decided = f"15/12/{year - 1}"
            for kind in (PE, "contract"):
                rows.append(
                    [
                        code,
                        kind,
                        year,
                        "allocation",
                        40,
                        f"01/01/{year}",
                        number,
                        decided,
                        ISSUER,
                        None,
                    ]
                )
                rows.append(
                    [
                        code,
                        kind,
                        year,
                        "adjustment",
                        1,
                        f"01/07/{year}",
                        number,
                        decided,
                        ISSUER,
                        None,
                    ]
                )
            rows.append(
                [code, PE, year, "recovery", -1, f"01/10/{year}", number, decided, ISSUER, None]
            )
    return rows


def test_10000_rows_with_37_scattered_errors_then_fixed_in_one_transaction(big, admin, approver):
    rows = big_rows(big["codes"])
    assert len(rows) == 10_000
    # Only rows of 2017 and later are broken, so that no error causes another.
    expected: set[tuple[str, int, str]] = set()
    broken: dict[int, tuple[int, Any]] = {}  # sheet row → (index in the row list, good value)

    def breaks(index: int, column: str, value: Any) -> None:
        col = "ABCDEFGHIJ".index(column)
        broken.setdefault(index + 2, (index, list(rows[index])))
        rows[index][col] = value
        expected.add((ENTRIES, index + 2, column))

    spots = iter(range(57, 10_000, 269))  # 37 scattered rows (57, 326, …, 9740)
    for _ in range(5):
        breaks(next(spots), "B", "biên chế ma")  # unknown quota kind
    for _ in range(5):
        breaks(next(spots), "C", 2040)  # year outside the ledger
    for _ in range(4):
        breaks(next(spots), "E", 2.5)  # fractional amount
    for _ in range(4):
        breaks(next(spots), "A", "KHONG-CO")  # unknown organization code
    for _ in range(4):
        breaks(next(spots), "J", "=CMD(|' /C calc'!A0)")  # formula
    for _ in range(3):
        breaks(next(spots), "F", "31/02/2020")  # not a date
    for _ in range(4):
        breaks(next(spots), "G", "@SUM(A1)")  # formula-like text
    for _ in range(3):
        breaks(next(spots), "D", "chuyển nhượng")  # unknown entry type
    for k in range(3):
        i = next(spots)
        i -= i % 50  # the unit's first row; its allocations of 2019, 2020, 2021 (one breach each)
        i += (3 + k) * 5
        breaks(i, "E", 9_000)  # beyond the department's 10,000 with the other units' 40s
    # One duplicate pair (2 errors): the adjustment row repeated in place of the next recovery.
    i = next(spots)
    i -= i % 5
    i += 5 * 2  # a year ≥ 2018: [alloc PE, adj PE, alloc contract, adj contract, recovery]
    broken.setdefault(i + 4 + 2, (i + 4, list(rows[i + 4])))
    rows[i + 4] = list(rows[i + 1])
    expected |= {(ENTRIES, i + 1 + 2, "A"), (ENTRIES, i + 4 + 2, "A")}
    assert len(expected) == 37

    data = workbook(QUOTA_SPEC, ENTRIES, rows)
    before = written()
    started = time.perf_counter()
    result = run(QUOTA_IMPORT, data, admin, commit=True)
    failed_in = time.perf_counter() - started
    assert not result.committed
    assert cells(result) == expected
    assert len(result.errors) == 37
    over = [e for e in result.errors if "vượt số" in e.message]
    assert len(over) == 3 and all("(10.000)" in e.message for e in over)
    assert written() == before

    for _row, (index, good) in broken.items():
        rows[index] = good
    started = time.perf_counter()
    result = run(QUOTA_IMPORT, workbook(QUOTA_SPEC, ENTRIES, rows), admin, commit=True)
    committed_in = time.perf_counter() - started
    assert result.committed, result.errors[:5]
    assert result.created == {PROPOSED: 10_000}
    assert QuotaEntry.objects.count() == before[0]
    started = time.perf_counter()
    approve(QuotaSubmission, approver)
    approved_in = time.perf_counter() - started
    assert QuotaEntry.objects.count() == before[0] + 10_000
    audit = AuditEntry.objects.filter(object_type="staffing.quotaentry")
    assert audit.count() == 10_000
    assert audit.values("request_id").distinct().count() == 1
    assert failed_in + committed_in + approved_in < 60
