"""The quota workbooks: assignments and ledger entries, and headcounts (issue 4, item 8).

Both go through the core pipeline (template → dry run with every error by sheet, row and column →
one atomic commit as a job). Organizations are identified by their code (mã định danh). The rows of
an upload are checked for duplicates by their natural key, rows already in the system or waiting in
a submission are left alone (so a re-upload changes nothing), and the rest become ONE submission in
the approval flow (:mod:`tinhgon.staffing.submission_services`), checked as its approval will check
it (the parent checks run over the whole set): the ledger and the headcounts change only when Sở
Nội vụ approves it. Every problem a service finds comes back with the row it concerns.

Natural keys: an entry is (organization, quota kind, year, entry type, amount, effective date,
decision number, date and issuer); a headcount is (organization, quota kind, date).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tinhgon.core import importing
from tinhgon.core.approval import ApprovalStatus
from tinhgon.core.errors import Refused
from tinhgon.core.importing import Batch, Column, ParsedWorkbook, Row, RowError, Sheet, WorkbookSpec
from tinhgon.core.importing import job as _import_job  # noqa: F401  (registers the commit job)
from tinhgon.core.text import fold
from tinhgon.organizations import access
from tinhgon.organizations.models import Organization
from tinhgon.organizations.services import DecisionInput
from tinhgon.rules import catalogue as rules
from tinhgon.rules.base import RuleInputError
from tinhgon.staffing.choices import EntryType, QuotaKind, SubmissionSource
from tinhgon.staffing.models import Headcount, HeadcountSubmission, QuotaEntry, QuotaSubmission
from tinhgon.staffing.services import EntryInput, HeadcountInput
from tinhgon.staffing.submission_services import (
    headcount_submission_create,
    iso_date,
    quota_submission_create,
)

_PENDING = (ApprovalStatus.DRAFT, ApprovalStatus.SUBMITTED)

ENTRIES = "Bút toán"
HEADCOUNTS = "Số người có mặt"
_CHUNK = 5000
_ROW_PATH = re.compile(r"^rows\[(\d+)\]\.(.+)$")

_CODE = Column(
    "Mã cơ quan, đơn vị",
    "code",
    importing.text(40),
    required=True,
    width=18,
    note="Mã định danh của cơ quan, đơn vị trong sổ đăng ký",
)
_KIND = Column(
    "Loại biên chế",
    "kind",
    importing.choice(QuotaKind.choices, what="loại biên chế"),
    required=True,
    width=30,
)
_FORMULA_NOTE = (
    "Ô bắt đầu bằng “=”, “+”, “-”, “@” giống công thức sẽ bị từ chối (số âm ghi như số)."
)

QUOTA_SPEC = WorkbookSpec(
    kind="quota_entries",
    version="1",
    title="Giao biên chế và bút toán sổ biên chế",
    instructions=(
        "Mỗi dòng một bút toán của sổ biên chế; dòng 1 là tiêu đề, dữ liệu từ dòng 2. Không đổi "
        "tên trang tính, không xoá trang ẩn “_tinhgon”.",
        "Giao biên chế ghi số được giao (không âm); điều chỉnh ghi số tăng (dương) hoặc giảm "
        "(âm); chuyển đi và thu hồi ghi số âm.",
        "Tổng giao cho các đơn vị trực thuộc không được vượt số cơ quan quản lý được giao: cả tệp "
        "được kiểm tra một lượt, dòng làm vượt được chỉ ra cùng hai con số.",
        "Tải lên lại cùng tệp không tạo bút toán trùng; hai dòng giống hệt nhau trong tệp bị từ "
        "chối cả hai.",
        "Tệp được ghi thành một đề nghị: sổ biên chế chỉ thay đổi khi Sở Nội vụ phê duyệt.",
        _FORMULA_NOTE,
    ),
    sheets=(
        Sheet(
            ENTRIES,
            (
                _CODE,
                _KIND,
                Column("Năm", "year", importing.integer(0), required=True, width=8),
                Column(
                    "Loại bút toán",
                    "entry_type",
                    importing.choice(EntryType.choices, what="loại bút toán"),
                    required=True,
                ),
                Column(
                    "Số lượng",
                    "amount",
                    importing.integer(-1_000_000, 1_000_000),
                    required=True,
                    width=10,
                ),
                Column(
                    "Ngày hiệu lực", "effective_date", importing.date(), required=True, width=14
                ),
                Column(
                    "Số quyết định", "decision_number", importing.text(100), required=True, width=20
                ),
                Column(
                    "Ngày quyết định", "decision_date", importing.date(), required=True, width=14
                ),
                Column("Cơ quan ban hành", "issuer", importing.text(300), required=True, width=30),
                Column("Ghi chú", "note", importing.text(1000), width=30),
            ),
            note="Bút toán giao, điều chỉnh, chuyển, thu hồi biên chế theo quyết định.",
        ),
    ),
)

HEADCOUNT_SPEC = WorkbookSpec(
    kind="headcounts",
    version="1",
    title="Số người có mặt theo loại biên chế",
    instructions=(
        "Mỗi dòng số người có mặt của một cơ quan, đơn vị, một loại biên chế, tại một ngày.",
        "Cùng đơn vị, loại biên chế và ngày đã có trong hệ thống: số mới thay số cũ (có ghi nhật "
        "ký); trùng trong tệp bị từ chối cả hai dòng.",
        "Tệp được ghi thành một báo cáo: số liệu chỉ thay đổi khi Sở Nội vụ phê duyệt.",
        _FORMULA_NOTE,
    ),
    sheets=(
        Sheet(
            HEADCOUNTS,
            (
                _CODE,
                _KIND,
                Column("Tại ngày", "as_of", importing.date(), required=True, width=14),
                Column("Số người", "count", importing.integer(0), required=True, width=10),
            ),
        ),
    ),
)

_ENTRY_COLUMNS = {
    "organization": "code",
    "kind": "kind",
    "year": "year",
    "entry_type": "entry_type",
    "amount": "amount",
    "effective_date": "effective_date",
    "decision": "decision_number",
    "decision.number": "decision_number",
    "decision.date": "decision_date",
    "decision.issuer": "issuer",
    "note": "note",
}
_HEADCOUNT_COLUMNS = {
    "organization": "code",
    "kind": "kind",
    "as_of": "as_of",
    "count": "count",
}


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    items = list(items)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _org_ids(rows: list[Row], batch: Batch) -> dict[str, int]:
    """Code → organization id; an unknown code is an error in the row's code column."""
    codes = {row["code"] for row in rows if row["code"]}
    ids: dict[str, int] = {}
    for chunk in _chunks(codes):
        ids.update(
            (code, pk)
            for code, pk in Organization.objects.filter(code__in=chunk).values_list("code", "pk")
            if code
        )
    for row in rows:
        if row.valid and row["code"] not in ids:
            batch.error(
                row,
                "code",
                _("Không có cơ quan, đơn vị mã “%(c)s” trong hệ thống.") % {"c": row["code"]},
            )
    return ids


def _check_scope(rows: list[Row], ids: dict[str, int], batch: Batch, day_key: str) -> None:
    """Writers change only organizations in their scope on the row's date."""
    for row in rows:
        if not row.valid:
            continue
        scope = access.scope_ids(batch.acting_user, row[day_key])
        if scope is not None and ids[row["code"]] not in scope:
            batch.error(
                row,
                "code",
                _("Bạn không có quyền thay đổi cơ quan, đơn vị “%(c)s” ngoài phạm vi của mình.")
                % {"c": row["code"]},
            )


def _map_refusal(
    exc: Refused,
    rows: list[Row],
    batch: Batch,
    columns: dict[str, str],
    message: Callable[[Row, str, str], str] | None = None,
) -> None:
    """Put each problem of a batch service's refusal on its row (``rows[i].field``) and column."""
    for problem in exc.problems:
        m = _ROW_PATH.match(problem.path)
        if m is None or int(m.group(1)) >= len(rows):
            batch.result.errors.append(RowError("", None, problem.path, problem.message))
            continue
        row, field = rows[int(m.group(1))], m.group(2)
        text = message(row, field, problem.message) if message else problem.message
        batch.error(row, columns.get(field), text)


# ---------------------------------------------------------------------------------------------
# Ledger entries


_numbers: dict[str, str] = {}


def _norm_number(number: str) -> str:
    """The decision number as the register stores it (``document_number`` rule)."""
    if number not in _numbers:
        try:
            _numbers[number] = str(rules.run("document_number", {"text": number})["number"])
        except RuleInputError:
            _numbers[number] = number
        if len(_numbers) > 10_000:
            _numbers.clear()
    return _numbers[number]


EntryKey = tuple[int, str, int, str, int, dt.date, str, dt.date, str]


def _entry_key(row: Row, org_id: int) -> EntryKey:
    return (
        org_id,
        row["kind"],
        row["year"],
        row["entry_type"],
        row["amount"],
        row["effective_date"],
        _norm_number(row["decision_number"]),
        row["decision_date"],
        fold(row["issuer"]),
    )


def _existing_entries(org_ids: set[int]) -> set[EntryKey]:
    found: set[EntryKey] = set()
    for chunk in _chunks(org_ids):
        found.update(
            QuotaEntry.objects.filter(organization_id__in=chunk).values_list(
                "organization_id",
                "kind",
                "year",
                "entry_type",
                "amount",
                "effective_date",
                "decision__number",
                "decision__date",
                "decision__issuer_folded",
            )
        )
    return found


def _pending_entries(org_ids: set[int]) -> set[EntryKey]:
    """The natural keys of the rows waiting in a draft or submitted quota submission."""
    found: set[EntryKey] = set()
    for sub in QuotaSubmission.objects.filter(status__in=_PENDING).only("rows"):
        for r in sub.rows:
            d = r.get("decision") or {}
            if r.get("organization") not in org_ids:
                continue
            found.add(
                (
                    r.get("organization"),
                    r.get("kind"),
                    r.get("year"),
                    r.get("entry_type"),
                    r.get("amount"),
                    iso_date(r.get("effective_date")),
                    _norm_number(d.get("number", "")),
                    iso_date(d.get("date")),
                    fold(d.get("issuer", "")),
                )  # type: ignore[arg-type]
            )
    return found


def _title(what: str, n: int) -> str:
    now = timezone.localtime()
    return _("%(w)s nhập từ tệp Excel lúc %(t)s (%(n)s dòng)") % {
        "w": what,
        "t": now.strftime("%d/%m/%Y %H:%M"),
        "n": n,
    }


def _entry_message(row: Row, field: str, message: str) -> str:
    if field == "organization":
        return _("Cơ quan, đơn vị mã “%(c)s” không tồn tại vào ngày %(d)s.") % {
            "c": row["code"],
            "d": _d(row["effective_date"]),
        }
    return message


def quota_entries_apply(parsed: ParsedWorkbook, batch: Batch) -> None:
    """The batch service of the ledger workbook (run by :func:`importing.run_import`)."""
    rows = parsed.rows.get(ENTRIES, [])
    ids = _org_ids(rows, batch)
    _check_scope(rows, ids, batch, "effective_date")
    batch.duplicates(
        rows,
        lambda row: _entry_key(row, ids[row["code"]]),
        "code",
        _("cùng đơn vị, loại biên chế, năm, loại bút toán, số lượng, ngày hiệu lực và quyết định"),
    )
    org_ids = {ids[row["code"]] for row in rows if row.valid}
    existing = _existing_entries(org_ids)
    pending = _pending_entries(org_ids)
    todo: list[Row] = []
    for row in rows:
        if not row.valid:
            continue
        key = _entry_key(row, ids[row["code"]])
        if key in existing:
            batch.unchanged(_("bút toán"))
        elif key in pending:
            batch.unchanged(_("bút toán đã có trong đề nghị chờ phê duyệt"))
        else:
            todo.append(row)
    inputs = [
        EntryInput(
            organization=ids[row["code"]],
            kind=row["kind"],
            year=row["year"],
            entry_type=row["entry_type"],
            amount=row["amount"],
            effective_date=row["effective_date"],
            decision=DecisionInput(row["decision_number"], row["decision_date"], row["issuer"]),
            note=row["note"] or "",
        )
        for row in todo
    ]
    if inputs:
        try:
            quota_submission_create(
                acting_user=batch.acting_user,
                rows=inputs,
                title=_title(_("Bút toán sổ biên chế"), len(inputs)),
                source=SubmissionSource.IMPORT,
            )
        except Refused as exc:
            _map_refusal(exc, todo, batch, _ENTRY_COLUMNS, _entry_message)
        else:
            batch.created(_("bút toán đề nghị, chờ Sở Nội vụ phê duyệt"), len(inputs))
    batch.step(len(rows))


QUOTA_IMPORT = importing.register(
    importing.ImportKind(
        spec=QUOTA_SPEC,
        apply=quota_entries_apply,
        filename="mau-so-bien-che.xlsx",
        summary=_(
            "Giao biên chế, điều chỉnh, chuyển, thu hồi theo quyết định; kiểm tra tổng giao cho "
            "đơn vị trực thuộc trong số cơ quan quản lý được giao."
        ),
    )
)


# ---------------------------------------------------------------------------------------------
# Headcounts


def headcounts_apply(parsed: ParsedWorkbook, batch: Batch) -> None:
    """The batch service of the headcount workbook."""
    rows = parsed.rows.get(HEADCOUNTS, [])
    ids = _org_ids(rows, batch)
    _check_scope(rows, ids, batch, "as_of")

    def key(row: Row) -> tuple[int, str, dt.date]:
        return (ids[row["code"]], row["kind"], row["as_of"])

    batch.duplicates(rows, key, "code", _("cùng đơn vị, loại biên chế và ngày"))
    valid = [row for row in rows if row.valid]
    stored: dict[tuple[int, str, dt.date], int] = {}
    for chunk in _chunks({ids[row["code"]] for row in valid}):
        stored.update(
            ((org, kind, day), count)
            for org, kind, day, count in Headcount.objects.filter(
                organization_id__in=chunk
            ).values_list("organization_id", "kind", "as_of", "count")
        )
    org_ids = {ids[row["code"]] for row in valid}
    pending = {
        (r.get("organization"), r.get("kind"), iso_date(r.get("as_of")), r.get("count"))
        for sub in HeadcountSubmission.objects.filter(status__in=_PENDING).only("rows")
        for r in sub.rows
        if r.get("organization") in org_ids
    }
    todo: list[Row] = []
    updates = 0
    for row in valid:
        before = stored.get(key(row))
        if before == row["count"]:
            batch.unchanged(_("số người có mặt"))
            continue
        if (*key(row), row["count"]) in pending:
            batch.unchanged(_("số người có mặt đã có trong báo cáo chờ phê duyệt"))
            continue
        updates += before is not None
        todo.append(row)
    if todo:
        try:
            headcount_submission_create(
                acting_user=batch.acting_user,
                rows=[
                    HeadcountInput(ids[row["code"]], row["kind"], row["as_of"], row["count"])
                    for row in todo
                ],
                title=_title(_("Số người có mặt"), len(todo)),
                source=SubmissionSource.IMPORT,
            )
        except Refused as exc:
            _map_refusal(exc, todo, batch, _HEADCOUNT_COLUMNS, _headcount_message)
        else:
            if len(todo) > updates:
                batch.created(_("số người có mặt đề nghị ghi mới"), len(todo) - updates)
            if updates:
                batch.created(_("số người có mặt đề nghị cập nhật"), updates)
    batch.step(len(rows))


def _headcount_message(row: Row, field: str, message: str) -> str:
    if field == "organization":
        return _("Cơ quan, đơn vị mã “%(c)s” không tồn tại vào ngày %(d)s.") % {
            "c": row["code"],
            "d": _d(row["as_of"]),
        }
    return message


HEADCOUNT_IMPORT = importing.register(
    importing.ImportKind(
        spec=HEADCOUNT_SPEC,
        apply=headcounts_apply,
        filename="mau-so-nguoi-co-mat.xlsx",
        summary=_("Số người có mặt của từng cơ quan, đơn vị theo loại biên chế tại một ngày."),
    )
)
