"""The registry workbook: onboarding a province's decisions, units and reorganization events.

Sheets "Văn bản", "Đơn vị" and "Sự kiện". A unit that is a new successor of an event is created by
that event (its "Ngày bắt đầu" must be the event's date); every other unit is registered as
existing before the record starts. Registrations and events are applied in date order; events go
through :func:`tinhgon.restructuring.services.event_record`, the one door. Natural keys make a
re-upload change nothing: a unit by its code, a document by number, date and issuer, an event by
(kind, effective date, decision number, predecessors, successors).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tinhgon.core import importing
from tinhgon.core.errors import Refused
from tinhgon.core.importing import Batch, Column, ParsedWorkbook, Row, Sheet, WorkbookSpec
from tinhgon.core.importing import job as _import_job  # noqa: F401  (registers the commit job)
from tinhgon.core.text import fold
from tinhgon.organizations import access
from tinhgon.organizations.choices import AutonomyGroup, Category, EventKind, Kind, Sector
from tinhgon.organizations.models import LegalDocument, Organization, ReorgEvent
from tinhgon.organizations.services import (
    DecisionInput,
    EventInput,
    NewUnit,
    document_resolve,
    organization_register_existing,
)
from tinhgon.restructuring.api import check_event_scope
from tinhgon.restructuring.services import event_record
from tinhgon.rules import catalogue as rules
from tinhgon.rules.base import RuleInputError

DOCS, UNITS, EVENTS = "Văn bản", "Đơn vị", "Sự kiện"
EXISTING_NOTE = "có sẵn"

REGISTRY_SPEC = WorkbookSpec(
    kind="registry",
    version="1",
    title="Sổ đăng ký cơ quan, đơn vị và sự kiện sắp xếp",
    instructions=(
        "Mỗi trang tính một loại dữ liệu; dòng 1 là tiêu đề, dữ "
        "liệu từ dòng 2. Không đổi tên trang tính, "
        "không xoá trang ẩn “_tinhgon”.",
        "Mã loại hình, lĩnh vực, phân loại, loại sự kiện: ghi mã "
        "hoặc tên đúng như danh mục dưới đây.",
        "Đơn vị do một sự kiện tạo ra (đơn vị sau mới của thành "
        "lập, hợp nhất, chia, tách) ghi ở trang "
        "“Đơn vị” với Ngày bắt đầu bằng ngày hiệu lực của sự "
        "kiện; các đơn vị khác là đơn vị “có sẵn” "
        "trước khi bắt đầu ghi sổ.",
        "Sự kiện được ghi theo thứ tự ngày hiệu lực. Tải lên lại cùng tệp không tạo bản ghi trùng.",
        "Ô bắt đầu bằng “=”, “+”, “-”, “@” giống công thức sẽ bị từ chối.",
    ),
    sheets=(
        Sheet(
            DOCS,
            (
                Column("Số ký hiệu", "number", importing.text(100), required=True, width=20),
                Column("Ngày ban hành", "date", importing.date(), required=True, width=14),
                Column("Cơ quan ban hành", "issuer", importing.text(300), required=True, width=30),
                Column("Người ký", "signer", importing.text(200), width=22),
                Column("Trích yếu", "title", importing.text(), width=60),
            ),
            note="Các quyết định; sự kiện dẫn chiếu theo số, ngày và cơ quan ban hành.",
        ),
        Sheet(
            UNITS,
            (
                Column("Mã", "code", importing.text(40), required=True, width=14),
                Column("Tên", "name", importing.text(300), required=True, width=40),
                Column(
                    "Loại hình",
                    "kind",
                    importing.choice(Kind.choices, what="loại hình"),
                    required=True,
                ),
                Column(
                    "Lĩnh vực",
                    "sector",
                    importing.choice(Sector.choices, what="lĩnh vực"),
                    required=True,
                ),
                Column(
                    "Phân loại", "category", importing.choice(Category.choices, what="phân loại")
                ),
                Column(
                    "Mã cơ quan quản lý",
                    "parent",
                    importing.text(40),
                    note="Mã của đơn vị khác trong tệp hoặc đã có trong hệ thống",
                ),
                Column("Ngày bắt đầu", "valid_from", importing.date(), required=True, width=14),
                Column(
                    "Nhóm tự chủ",
                    "autonomy_group",
                    importing.choice(AutonomyGroup.choices, what="nhóm tự chủ"),
                    width=12,
                ),
                Column("Hạng", "unit_class", importing.text(20), width=10),
                Column(
                    "Ghi chú",
                    "note",
                    importing.text(),
                    note=(
                        "“có sẵn” nếu đơn vị đã có trước khi ghi sổ; để trống nếu do sự kiện tạo ra"
                    ),
                ),
            ),
        ),
        Sheet(
            EVENTS,
            (
                Column("STT", "seq", importing.integer(1), required=True, width=6),
                Column(
                    "Loại sự kiện",
                    "kind",
                    importing.choice(EventKind.choices, what="loại sự kiện"),
                    required=True,
                ),
                Column(
                    "Ngày hiệu lực", "effective_date", importing.date(), required=True, width=14
                ),
                Column("Số quyết định", "decision_number", importing.text(100), required=True),
                Column(
                    "Ngày quyết định", "decision_date", importing.date(), required=True, width=14
                ),
                Column("Cơ quan ban hành", "issuer", importing.text(300), required=True, width=30),
                Column("Đơn vị trước", "predecessors", importing.code_list(), width=24),
                Column("Đơn vị sau", "successors", importing.code_list(), width=24),
                Column("Tên mới", "new_name", importing.text(300), width=30),
                Column("Mã cơ quan quản lý mới", "new_parent", importing.text(40)),
                Column(
                    "Nhóm tự chủ mới",
                    "new_group",
                    importing.choice(AutonomyGroup.choices, what="nhóm tự chủ"),
                    width=12,
                ),
                Column("Ghi chú", "note", importing.text(), width=30),
            ),
        ),
    ),
)

_DOC_PATHS = {"number": "number", "date": "date", "issuer": "issuer"}
_UNIT_PATHS = {
    "name": "name",
    "kind": "kind",
    "level": "kind",
    "sector": "sector",
    "category": "category",
    "managing_body": "parent",
    "autonomy_group": "autonomy_group",
    "code": "code",
}
_EVENT_PATHS = {
    "kind": "kind",
    "effective_date": "effective_date",
    "decision.number": "decision_number",
    "decision.date": "decision_date",
    "decision.issuer": "issuer",
    "changes.name": "new_name",
    "changes.managing_body": "new_parent",
    "changes.autonomy_group": "new_group",
}


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _norm_number(number: str) -> str:
    try:
        return str(rules.run("document_number", {"text": number})["number"])
    except RuleInputError:
        return number


def _doc_key(number: str, day: dt.date, issuer: str) -> tuple[str, dt.date, str]:
    return (_norm_number(number), day, fold(issuer))


def _unit_column(path: str) -> str | None:
    return _UNIT_PATHS.get(path.rsplit(".", 1)[-1])


def _event_column(path: str) -> str | None:
    if path in _EVENT_PATHS:
        return _EVENT_PATHS[path]
    if path.startswith("predecessors"):
        return "predecessors"
    if path.startswith("successors"):
        return "successors"
    return None


class _Registry:
    """One run of the registry batch over a parsed workbook."""

    def __init__(self, parsed: ParsedWorkbook, batch: Batch) -> None:
        self.batch = batch
        self.user = batch.acting_user
        self.docs = parsed.rows.get(DOCS, [])
        self.units = parsed.rows.get(UNITS, [])
        self.events = parsed.rows.get(EVENTS, [])
        self.doc_rows: dict[tuple[str, dt.date, str], Row] = {}
        self.unit_rows: dict[str, Row] = {}
        self.bad_codes: set[str] = set()
        self.ids: dict[str, int] = {}
        self.created_by: dict[str, Row] = {}  # unit code → the event row that creates it

    # -- helpers ---------------------------------------------------------------------------
    def _clear_scope_cache(self) -> None:
        if self.user is not None:
            self.user.__dict__.pop("_scope_cache", None)

    def _id(self, code: str) -> int | None:
        return self.ids.get(code)

    # -- steps -----------------------------------------------------------------------------
    def run(self) -> None:
        self.ids = {
            code: pk
            for code, pk in Organization.objects.filter(code__isnull=False).values_list(
                "code", "pk"
            )
            if code
        }
        self.preexisting = set(self.ids)
        self.apply_documents()
        self.index_units()
        self.index_events()
        timeline: list[tuple[Any, ...]] = []
        for code, row in self.unit_rows.items():
            if code in self.created_by:
                self.batch.step()
                continue
            timeline.append((row["valid_from"], 0, self._depth(code), row.number, "unit", row))
        for row in self.events:
            if row.valid:
                timeline.append((row["effective_date"], 1, row["seq"], row.number, "event", row))
            else:
                self.batch.step()
        timeline.sort(key=lambda item: item[:4])
        for *_key, what, row in timeline:
            if what == "unit":
                self.apply_unit(row)
            else:
                self.apply_event(row)
            self.batch.step()

    def apply_documents(self) -> None:
        for row in self.docs:
            self.batch.step()
            if not row.valid:
                continue
            key = _doc_key(row["number"], row["date"], row["issuer"])
            if key in self.doc_rows:
                self.batch.error(
                    row,
                    "number",
                    _("Văn bản trùng với dòng %(n)s.") % {"n": self.doc_rows[key].number},
                )
                continue
            self.doc_rows[key] = row
            if LegalDocument.objects.filter(
                number=key[0], date=key[1], issuer_folded=key[2]
            ).exists():
                self.batch.unchanged(_("văn bản"))
                continue
            decision = DecisionInput(
                row["number"], row["date"], row["issuer"], row["signer"] or "", row["title"] or ""
            )
            try:
                with transaction.atomic():
                    document_resolve(acting_user=self.user, decision=decision, path="")
            except Refused as exc:
                self.batch.refused(row, exc, lambda p: _DOC_PATHS.get(p.rsplit(".", 1)[-1]))
            else:
                self.batch.created(_("văn bản"))

    def index_units(self) -> None:
        for row in self.units:
            code = row["code"]
            if code is None:
                continue
            if code in self.unit_rows:
                self.batch.error(
                    row,
                    "code",
                    _("Mã “%(c)s” trùng với dòng %(n)s.")
                    % {"c": code, "n": self.unit_rows[code].number},
                )
                self.bad_codes.add(code)
                continue
            self.unit_rows[code] = row
            if not row.valid:
                self.bad_codes.add(code)

    def index_events(self) -> None:
        seen: dict[int, Row] = {}
        for row in self.events:
            seq = row["seq"]
            if seq is not None:
                if seq in seen:
                    self.batch.error(
                        row, "seq", _("STT trùng với dòng %(n)s.") % {"n": seen[seq].number}
                    )
                seen[seq] = row
            if not row.valid:
                continue
            preds = row["predecessors"] or []
            for code in row["successors"] or []:
                if code in preds or code in self.preexisting or code not in self.unit_rows:
                    continue
                if code in self.created_by:
                    self.batch.error(
                        row,
                        "successors",
                        _("Đơn vị “%(c)s” đã là đơn vị mới của sự kiện STT %(s)s.")
                        % {"c": code, "s": self.created_by[code]["seq"]},
                    )
                    continue
                self.created_by[code] = row
                unit = self.unit_rows[code]
                if not unit.valid:
                    continue
                if fold(unit["note"] or "") == fold(EXISTING_NOTE):
                    self.batch.error(
                        unit,
                        "note",
                        _("Đơn vị ghi “có sẵn” nhưng là đơn vị mới của sự kiện STT %(s)s.")
                        % {"s": row["seq"]},
                    )
                if unit["valid_from"] != row["effective_date"]:
                    self.batch.error(
                        unit,
                        "valid_from",
                        _(
                            "Đơn vị do sự kiện STT %(s)s tạo ra: ngày bắt "
                            "đầu phải là ngày hiệu lực "
                            "%(d)s."
                        )
                        % {"s": row["seq"], "d": _d(row["effective_date"])},
                    )

    def _depth(self, code: str) -> int:
        depth, seen = 0, {code}
        parent = self.unit_rows[code]["parent"]
        while parent and parent in self.unit_rows and parent not in seen:
            seen.add(parent)
            depth += 1
            parent = self.unit_rows[parent]["parent"]
        return depth

    def apply_unit(self, row: Row) -> None:
        code = row["code"]
        if code in self.preexisting:
            self.batch.unchanged(_("đơn vị"))
            return
        if not row.valid:
            return
        parent_code = row["parent"]
        parent_id = None
        if parent_code:
            if parent_code in self.bad_codes:
                return
            parent_id = self._id(parent_code)
            if parent_id is None:
                self.batch.error(
                    row,
                    "parent",
                    _(
                        "Không có cơ quan quản lý mã “%(c)s” trong hệ "
                        "thống hoặc trong tệp vào ngày %(d)s."
                    )
                    % {"c": parent_code, "d": _d(row["valid_from"])},
                )
                return
        self._clear_scope_cache()
        try:
            if parent_id is None and access.scope_ids(self.user, row["valid_from"]) is not None:
                raise PermissionDenied(
                    _("Chỉ người có phạm vi toàn tỉnh được nhập đơn vị không có cơ quan quản lý.")
                )
            access.check_can_change(self.user, [parent_id] if parent_id else [], row["valid_from"])
        except PermissionDenied as exc:
            self.batch.error(row, "parent", str(exc))
            return
        unit = self._new_unit(row, parent_id)
        try:
            with transaction.atomic():
                org = organization_register_existing(
                    acting_user=self.user,
                    unit=unit,
                    valid_from=row["valid_from"],
                    reason=_("Nhập từ Excel: đơn vị có sẵn"),
                )
        except Refused as exc:
            self.batch.refused(row, exc, _unit_column)
            return
        self.ids[code] = org.pk
        self.batch.created(_("đơn vị"))

    @staticmethod
    def _new_unit(row: Row, parent_id: int | None) -> NewUnit:
        return NewUnit(
            name=row["name"],
            kind=row["kind"],
            sector=row["sector"],
            managing_body=parent_id,
            code=row["code"],
            category=row["category"] or "",
            autonomy_group=row["autonomy_group"],
            unit_class=row["unit_class"] or "",
        )

    def apply_event(self, row: Row) -> None:
        preds: list[str] = row["predecessors"] or []
        succs: list[str] = row["successors"] or []
        involved = [*preds, *succs, *([row["new_parent"]] if row["new_parent"] else [])]
        if any(code in self.bad_codes for code in involved):
            return
        day: dt.date = row["effective_date"]
        ok = True
        pred_ids: list[int] = []
        for code in preds:
            pk = self._id(code)
            if pk is None:
                ok = False
                self.batch.error(row, "predecessors", self._missing(code, day))
            else:
                pred_ids.append(pk)
        successors: list[int | NewUnit] = []
        new_codes: list[str] = []
        for code in succs:
            if self.created_by.get(code) is row:
                unit_row = self.unit_rows[code]
                if not unit_row.valid:
                    return
                parent_code = unit_row["parent"]
                parent_id = self._id(parent_code) if parent_code else None
                if parent_code and parent_id is None:
                    ok = False
                    self.batch.error(
                        unit_row,
                        "parent",
                        _(
                            "Không có cơ quan quản lý mã “%(c)s” trong hệ "
                            "thống hoặc trong tệp vào ngày %(d)s."
                        )
                        % {"c": parent_code, "d": _d(day)},
                    )
                    continue
                successors.append(self._new_unit(unit_row, parent_id))
                new_codes.append(code)
            else:
                pk = self._id(code)
                if pk is None:
                    ok = False
                    self.batch.error(row, "successors", self._missing(code, day))
                else:
                    successors.append(pk)
        changes: dict[str, Any] = {}
        if row["new_name"]:
            changes["name"] = row["new_name"]
        if row["new_parent"]:
            parent_pk = self._id(row["new_parent"])
            if parent_pk is None:
                ok = False
                self.batch.error(row, "new_parent", self._missing(row["new_parent"], day))
            changes["managing_body"] = parent_pk
        if row["new_group"] is not None:
            changes["autonomy_group"] = row["new_group"]
        if not ok:
            return
        if self._already_recorded(row, pred_ids, successors):
            self.batch.unchanged(_("sự kiện"))
            return
        doc_row = self.doc_rows.get(
            _doc_key(row["decision_number"], row["decision_date"], row["issuer"])
        )
        data = EventInput(
            kind=row["kind"],
            effective_date=day,
            decision=DecisionInput(
                row["decision_number"],
                row["decision_date"],
                row["issuer"],
                (doc_row["signer"] or "") if doc_row else "",
                (doc_row["title"] or "") if doc_row else "",
            ),
            predecessors=pred_ids,
            successors=successors,
            changes=changes,
            note=row["note"] or "",
        )
        self._clear_scope_cache()
        try:
            check_event_scope(self.user, data)
        except PermissionDenied as exc:
            self.batch.error(row, "predecessors", str(exc))
            return
        try:
            with transaction.atomic():
                event = event_record(acting_user=self.user, data=data)
        except Refused as exc:
            for problem in exc.problems:
                message = problem.message
                if problem.path.startswith("successors["):
                    index = int(problem.path[len("successors[") :].split("]")[0])
                    if index < len(succs):
                        message = _("Đơn vị “%(c)s”: %(m)s") % {"c": succs[index], "m": message}
                self.batch.error(row, _event_column(problem.path), message)
            return
        for org in Organization.objects.filter(event_links__event=event, code__in=new_codes).only(
            "pk", "code"
        ):
            assert org.code is not None
            self.ids[org.code] = org.pk
        self.batch.created(_("sự kiện"))
        if new_codes:
            self.batch.created(_("đơn vị"), len(new_codes))

    def _missing(self, code: str, day: dt.date) -> str:
        if code in self.unit_rows:
            return _(
                "Đơn vị “%(c)s” chưa có vào ngày %(d)s (xem trang “Đơn vị” và thứ tự sự kiện)."
            ) % {
                "c": code,
                "d": _d(day),
            }
        return _("Không có đơn vị mã “%(c)s” trong hệ thống hoặc trong tệp.") % {"c": code}

    @staticmethod
    def _already_recorded(row: Row, pred_ids: list[int], successors: list[int | NewUnit]) -> bool:
        if any(isinstance(s, NewUnit) for s in successors):
            return False  # a new unit's code is not in the registry yet: the event is not either
        succ_ids = {s for s in successors if isinstance(s, int)}
        number = _norm_number(row["decision_number"])
        candidates = ReorgEvent.objects.filter(
            kind=row["kind"], effective_date=row["effective_date"], decision__number=number
        ).prefetch_related("links")
        want_preds = set(pred_ids)
        if row["kind"] == EventKind.ABSORB:
            want_preds -= succ_ids
        want_succs = succ_ids - set(pred_ids) if row["kind"] != EventKind.ABSORB else succ_ids
        for event in candidates:
            got_preds = {
                link.organization_id for link in event.links.all() if link.role == "predecessor"
            }
            got_succs = {
                link.organization_id for link in event.links.all() if link.role == "successor"
            }
            if got_preds == want_preds and got_succs == want_succs:
                return True
        return False


def registry_apply(parsed: ParsedWorkbook, batch: Batch) -> None:
    """The batch service of the registry workbook (run by :func:`importing.run_import`)."""
    _Registry(parsed, batch).run()


REGISTRY_IMPORT = importing.register(
    importing.ImportKind(
        spec=REGISTRY_SPEC,
        apply=registry_apply,
        filename="mau-so-dang-ky-don-vi.xlsx",
        summary=_("Văn bản, đơn vị có sẵn và sự kiện sắp xếp của một địa phương (khởi tạo sổ)."),
    )
)
