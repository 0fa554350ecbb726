"""Excel imports of the workforce ("Đội ngũ") and of approved positions ("Vị trí việc làm"),
through the core pipeline: template → dry run listing every error by sheet, row and column →
atomic commit through the same services as the forms and the API."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied

from tinhgon.core import importing
from tinhgon.core.errors import Refused
from tinhgon.core.importing import (
    Batch,
    Column,
    ParsedWorkbook,
    Row,
    RowError,
    Sheet,
    WorkbookSpec,
)
from tinhgon.core.importing import job as _import_job  # noqa: F401  (registers the commit job)
from tinhgon.organizations import access
from tinhgon.organizations.models import Organization
from tinhgon.organizations.services import DecisionInput
from tinhgon.positions.choices import PositionCategory, Regime
from tinhgon.positions.services import (
    PositionDecisionInput,
    PositionInput,
    position_decision_record,
)
from tinhgon.workforce import services
from tinhgon.workforce.choices import Annex, EmploymentKind, QualificationLevel, Sex

PEOPLE = "Người"
WORKFORCE_SPEC = WorkbookSpec(
    kind="workforce",
    version="1",
    title="Đội ngũ cán bộ, công chức, viên chức",
    instructions=(
        "Mỗi dòng một người; dòng 1 là tiêu đề, dữ liệu từ dòng 2.",
        "Ngày sinh: dd/mm/yyyy, hoặc chỉ năm sinh (hiểu là 01/01 của năm đó).",
        "Số định danh cá nhân (12 chữ số) dùng để đối chiếu, không hiển thị trong danh sách.",
        "Người đã có (cùng số định danh) không được tạo lại.",
    ),
    sheets=(
        Sheet(
            PEOPLE,
            (
                Column("Họ và tên", "full_name", importing.text(120), required=True, width=28),
                Column("Số định danh cá nhân", "id_number", importing.text(12), width=16),
                Column("Ngày sinh", "birth", importing.text(10), required=True, width=12),
                Column(
                    "Giới tính",
                    "sex",
                    importing.choice(Sex.choices, what="giới tính"),
                    required=True,
                    width=8,
                ),
                Column(
                    "Loại",
                    "employment_kind",
                    importing.choice(EmploymentKind.choices, what="loại"),
                    required=True,
                ),
                Column("Mã đơn vị", "unit", importing.text(40), required=True, width=14),
                Column("Ngày tuyển dụng", "hired_on", importing.date(), required=True, width=14),
                Column("Mã chức danh", "title_code", importing.text(30), width=12),
                Column("Hạng", "rank", importing.text(10), width=8),
                Column("Hệ số lương", "coefficient", importing.text(10), width=10),
                Column(
                    "Phụ lục tuổi nghỉ hưu",
                    "annex",
                    importing.choice(Annex.choices, what="phụ lục"),
                    width=10,
                ),
                Column("Lý do Phụ lục II", "annex_reason", importing.text(200), width=24),
                Column(
                    "Trình độ",
                    "qualification",
                    importing.choice(QualificationLevel.choices, what="trình độ"),
                ),
            ),
        ),
    ),
)
_PERSON_PATHS = {
    "full_name": "full_name",
    "birth": "birth",
    "sex": "sex",
    "employment_kind": "employment_kind",
    "organization": "unit",
    "hired_on": "hired_on",
    "id_number": "id_number",
    "rank": "rank",
    "coefficient": "coefficient",
    "annex": "annex",
    "annex_reason": "annex_reason",
    "qualification": "qualification",
}


def _units(codes: set[str]) -> dict[str, Organization]:
    return {o.code: o for o in Organization.objects.filter(code__in=codes) if o.code}


def apply_workforce(parsed: ParsedWorkbook, batch: Batch) -> None:
    """All the valid rows through ``services.people_record`` at once; each problem of its
    refusal goes back to its row and column (paths ``[i].field``)."""
    rows = parsed.rows.get(PEOPLE, [])
    units = _units({r["unit"] for r in rows if r["unit"]})
    ready: list[tuple[Row, Organization]] = []
    for row in rows:
        if not row.valid:
            continue
        org = units.get(row["unit"])
        if org is None:
            batch.error(row, "unit", f"Không có đơn vị mã “{row['unit']}”.")
            continue
        ready.append((row, org))
    # The writer's scope, once per hiring day for all the units hired into on that day; row by
    # row only for a day with a unit outside it.
    by_day: dict[Any, list[tuple[Row, Organization]]] = {}
    for row, org in ready:
        by_day.setdefault(row["hired_on"], []).append((row, org))
    allowed: list[tuple[Row, Organization]] = []
    for day, items in by_day.items():
        try:
            access.check_can_change(batch.acting_user, sorted({o.pk for _r, o in items}), day)
        except PermissionDenied:
            for row, org in items:
                try:
                    access.check_can_change(batch.acting_user, [org.pk], day)
                except PermissionDenied as exc:
                    batch.error(row, "unit", str(exc))
                else:
                    allowed.append((row, org))
        else:
            allowed.extend(items)
    allowed.sort(key=lambda item: item[0].number)
    batch.step(len(rows) - len(allowed))
    if not allowed:
        return
    try:
        people = services.people_record(
            acting_user=batch.acting_user,
            rows=[
                services.PersonInput(
                    full_name=row["full_name"],
                    birth=row["birth"],
                    sex=row["sex"],
                    employment_kind=row["employment_kind"],
                    hired_on=row["hired_on"],
                    organization=org.pk,
                    id_number=row["id_number"] or "",
                    annex=row["annex"] or Annex.I,
                    annex_reason=row["annex_reason"] or "",
                    title_code=row["title_code"] or "",
                    rank=row["rank"] or "",
                    coefficient=row["coefficient"],
                    qualification=row["qualification"] or "",
                )
                for row, org in allowed
            ],
            prefix="people",
        )
    except Refused as exc:
        for problem in exc.problems:
            m = _ROW_PATH.match(problem.path)
            if m is None:
                batch.result.errors.append(RowError(PEOPLE, None, problem.path, problem.message))
            else:
                batch.error(allowed[int(m[1])][0], _PERSON_PATHS.get(m[2]), problem.message)
    else:
        batch.created("người", len(people))
    batch.step(len(allowed))


_ROW_PATH = re.compile(r"^people\[(\d+)\]\.(\w+)$")


POSITIONS = "Vị trí"
POSITIONS_SPEC = WorkbookSpec(
    kind="positions",
    version="1",
    title="Vị trí việc làm được phê duyệt",
    instructions=(
        "Mỗi dòng một vị trí; các dòng cùng mã đơn vị và cùng số quyết định là một quyết định.",
        "Căn cứ nd106 (Đề án vị trí việc làm, đến 30/06/2026) hoặc nd232 (Quyết định phê duyệt vị trí việc làm, từ 01/07/2026).",
    ),
    sheets=(
        Sheet(
            POSITIONS,
            (
                Column("Mã đơn vị", "unit", importing.text(40), required=True, width=14),
                Column(
                    "Căn cứ",
                    "regime",
                    importing.choice(Regime.choices, what="căn cứ"),
                    required=True,
                ),
                Column("Số quyết định", "number", importing.text(100), required=True, width=16),
                Column("Ngày quyết định", "date", importing.date(), required=True, width=14),
                Column("Cơ quan ban hành", "issuer", importing.text(300), required=True, width=28),
                Column("Áp dụng từ", "effective_from", importing.date(), required=True, width=14),
                Column("Mã vị trí", "code", importing.text(30), required=True, width=10),
                Column("Tên vị trí", "name", importing.text(200), required=True, width=30),
                Column(
                    "Loại/nhóm",
                    "category",
                    importing.choice(PositionCategory.choices, what="loại/nhóm vị trí"),
                    required=True,
                ),
                Column("Số lượng", "headcount", importing.integer(0), required=True, width=8),
                Column("Mã hạng tối thiểu", "required_rank", importing.text(30), width=14),
                Column("Mã khung", "framework", importing.text(30), width=10),
            ),
        ),
    ),
)


def apply_positions(parsed: ParsedWorkbook, batch: Batch) -> None:
    rows = [r for r in parsed.rows.get(POSITIONS, []) if r.valid]
    batch.step(len(parsed.rows.get(POSITIONS, [])))
    units = _units({r["unit"] for r in rows})
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for row in rows:
        key = (
            row["unit"],
            row["regime"],
            row["number"],
            row["date"],
            row["issuer"],
            row["effective_from"],
        )
        groups.setdefault(key, []).append(row)
    for (unit, regime, number, date, issuer, day), items in sorted(
        groups.items(), key=lambda kv: kv[0][5]
    ):
        first = items[0]
        org = units.get(unit)
        if org is None:
            batch.error(first, "unit", f"Không có đơn vị mã “{unit}”.")
            continue
        try:
            access.check_can_change(batch.acting_user, [org.pk], day)
            position_decision_record(
                acting_user=batch.acting_user,
                data=PositionDecisionInput(
                    org.pk,
                    regime,
                    DecisionInput(number, date, issuer),
                    day,
                    [
                        PositionInput(
                            r["code"],
                            r["name"],
                            r["category"],
                            r["headcount"],
                            r["required_rank"] or "",
                            r["framework"] or "",
                        )
                        for r in items
                    ],
                ),
            )
        except PermissionDenied as exc:
            batch.error(first, "unit", str(exc))
        except Refused as exc:
            for p in exc.problems:
                target = first
                if p.path.startswith("positions["):
                    index = int(p.path[len("positions[") : p.path.index("]")])
                    target = items[index]
                column = p.path.rsplit(".", 1)[-1]
                batch.error(
                    target,
                    column if column in {c.key for c in POSITIONS_SPEC.sheets[0].columns} else None,
                    p.message,
                )
        else:
            batch.created("quyết định")
            batch.created("vị trí", len(items))


WORKFORCE_IMPORT = importing.register(
    importing.ImportKind(
        WORKFORCE_SPEC,
        apply_workforce,
        "mau-doi-ngu.xlsx",
        "Nhập danh sách cán bộ, công chức, viên chức.",
    )
)
POSITIONS_IMPORT = importing.register(
    importing.ImportKind(
        POSITIONS_SPEC,
        apply_positions,
        "mau-vi-tri-viec-lam.xlsx",
        "Nhập vị trí việc làm được phê duyệt.",
    )
)
