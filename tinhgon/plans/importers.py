"""The plan workbook "Kế hoạch – bảng nhiệm vụ": a plan and its task table (issue 3, item 4).

Sheet "Kế hoạch" holds the plan (one row: number, date, issuer, signer, title); sheet "Nhiệm vụ"
the task table as plans print it (TT, nội dung, cơ quan chủ trì, cơ quan phối hợp, thời hạn, sản
phẩm). The TT column gives the tree: "I" a section, "1" an item, "1.1" a decimal item, "a" a lettered
item, "-"/"+" a bullet; refs are those of the text import (``II``, ``II.3``, ``II.3.2``, ``II.3.a``).
The "Thời hạn" column is read by :func:`tinhgon.rules.plan_deadlines.find_deadlines` like a table
cell of a plan's text; words that name no time are kept as written with the kind ``none``.

Agencies are matched, accents ignored, to organizations of the issuer's subtree alive on the plan's
date, or to a class of agencies of the dated assignee-class table ("UBND các xã, phường"); a row
without agencies takes those of its nearest ancestor. The plan is written by
:func:`tinhgon.plans.services.plan_create` (the service of the text import) in the pipeline's one
transaction. Natural key: plan number + date + issuer; a plan already in the system is left alone,
so re-uploading the same file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tinhgon.core import importing
from tinhgon.core.errors import Refused
from tinhgon.core.importing import Batch, Column, ParsedWorkbook, Row, RowError, Sheet, WorkbookSpec
from tinhgon.core.importing import job as _import_job  # noqa: F401  (registers the commit job)
from tinhgon.core.importing.spec import CellError, Parser
from tinhgon.core.text import fold, nfc
from tinhgon.organizations import access as org_access
from tinhgon.organizations.models import Organization, OrganizationState
from tinhgon.plans import assignee_classes, services
from tinhgon.plans.choices import AssignmentRole, DeadlineKind, PlanSource
from tinhgon.plans.models import AssigneeClass, Plan
from tinhgon.rules import catalogue as rules
from tinhgon.rules.base import RuleInputError
from tinhgon.rules.plan_deadlines import find_deadlines

PLAN = "Kế hoạch"
TASKS = "Nhiệm vụ"

_FORMULA_NOTE = "Ô bắt đầu bằng “=”, “+”, “-”, “@” giống công thức sẽ bị từ chối."


def _agency_list(value: Any) -> list[str]:
    items = [nfc(part) for part in re.split(r"[;\n]", str(value))]
    items = [item for item in items if item]
    if len({fold(i) for i in items}) != len(items):
        raise CellError(_("Có cơ quan bị ghi lặp lại."))
    return items


_AGENCIES = Parser(
    _agency_list,
    _(
        "Tên cơ quan, đơn vị hoặc lớp cơ quan (“UBND các xã, phường”, “Các sở, ban, ngành”), "
        "nhiều cơ quan cách nhau bởi dấu “;”"
    ),
)


def _tt(value: Any) -> str:
    raw = nfc(str(int(value)) if isinstance(value, float) and value.is_integer() else str(value))
    raw = raw.rstrip(".)").strip() or raw.strip()
    if _rank(raw) is None:
        raise CellError(
            _("“%(v)s” không phải số thứ tự (I, II…; 1, 2…; 1.1; a, b…; “-” hoặc “+”).")
            % {"v": raw}
        )
    return raw


def _deadline_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


PLAN_SPEC = WorkbookSpec(
    kind="plan_tasks",
    version="1",
    title="Kế hoạch – bảng nhiệm vụ",
    instructions=(
        "Trang “Kế hoạch”: một dòng (dòng 2) cho văn bản kế hoạch. Trang “Nhiệm vụ”: mỗi dòng một "
        "nhiệm vụ theo thứ tự của bảng trong kế hoạch. Dòng 1 là tiêu đề. Không đổi tên trang "
        "tính, không xoá trang ẩn “_tinhgon”.",
        "Cột TT cho biết cấp của nhiệm vụ: I, II… (phần); 1, 2… (mục); 1.1, 1.2… (tiểu mục); "
        "a, b… (điểm); “-” hoặc “+” (gạch đầu dòng). Nhiệm vụ không ghi cơ quan thì theo cơ quan "
        "của nhiệm vụ cấp trên.",
        "Cơ quan chủ trì (một) và phối hợp (nhiều, cách nhau bởi “;”) ghi đúng tên cơ quan còn "
        "hoạt động vào ngày ban hành kế hoạch (không cần dấu), hoặc tên lớp cơ quan như "
        "“UBND các xã, phường”, “Các sở, ban, ngành”.",
        "Thời hạn ghi bằng lời như trong kế hoạch: “Quý I năm 2026”, “trước ngày 15/12/2026”, "
        "“Thường xuyên”, “Theo tiến độ của từng Đề án”, “Sau khi …”. Thời hạn trước ngày ban hành "
        "bị từ chối; lời không nêu thời gian được giữ nguyên, không tính hạn.",
        "Tải lên lại cùng tệp (cùng số, ngày và cơ quan ban hành) không tạo kế hoạch trùng.",
        _FORMULA_NOTE,
    ),
    sheets=(
        Sheet(
            PLAN,
            (
                Column("Số ký hiệu", "number", importing.text(100), required=True, width=16),
                Column("Ngày ban hành", "date", importing.date(), required=True, width=14),
                Column("Cơ quan ban hành", "issuer", importing.text(300), required=True, width=28),
                Column("Người ký", "signer", importing.text(200), width=22),
                Column("Tên kế hoạch", "title", importing.text(2000), required=True, width=60),
            ),
            note="Một dòng: văn bản kế hoạch.",
        ),
        Sheet(
            TASKS,
            (
                Column(
                    "TT",
                    "tt",
                    Parser(_tt, _("I, II…; 1, 2…; 1.1…; a, b…; “-” hoặc “+”")),
                    required=True,
                    width=6,
                ),
                Column(
                    "Nội dung nhiệm vụ", "content", importing.text(5000), required=True, width=60
                ),
                Column("Cơ quan chủ trì", "lead", _AGENCIES, width=28),
                Column("Cơ quan phối hợp", "coordinating", _AGENCIES, width=36),
                Column(
                    "Thời hạn",
                    "deadline",
                    Parser(_deadline_text, _("Thời hạn bằng lời như trong kế hoạch")),
                    width=24,
                ),
                Column("Sản phẩm", "product", importing.text(1000), width=30),
            ),
            note="Bảng nhiệm vụ của kế hoạch, theo thứ tự.",
        ),
    ),
)

# Ranks as in tinhgon.rules.plan_text: a row opens under the nearest row of a lower rank.
SECTION, NUMBERED, LETTER, DASH, PLUS = 10, 20, 50, 60, 70
_ROMAN = re.compile(r"[IVX]{1,5}")
_NUMBER = re.compile(r"\d{1,3}")
_DECIMAL = re.compile(r"\d{1,2}(?:\.\d{1,2})+")
_LETTER = re.compile(r"[a-zđ]")


def _rank(tt: str) -> int | None:
    if _ROMAN.fullmatch(tt):
        return SECTION
    if _NUMBER.fullmatch(tt):
        return NUMBERED
    if _DECIMAL.fullmatch(tt):
        return NUMBERED + 10 * tt.count(".")
    if _LETTER.fullmatch(tt):
        return LETTER
    if tt in ("-", "–", "—", "•"):
        return DASH
    if tt == "+":
        return PLUS
    return None


@dataclass
class _Node:
    rank: int
    ref: str
    row: Row | None
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    bullets: int = 0


def _tree(rows: list[Row], batch: Batch) -> list[_Node]:
    """The rows as a tree with refs, in order; a ref used twice is an error on the later row."""
    root = _Node(0, "", None)
    stack = [root]
    used: dict[str, Row] = {}
    nodes: list[_Node] = []
    for row in rows:
        tt = row["tt"]
        rank = _rank(tt) if tt else None
        if rank is None:
            continue
        while len(stack) > 1 and stack[-1].rank >= rank:
            stack.pop()
        parent = stack[-1]
        label = tt
        if rank in (DASH, PLUS):
            parent.bullets += 1
            label = str(parent.bullets)
        if NUMBERED < rank < LETTER:
            anchor = next((n for n in reversed(stack) if n.rank < NUMBERED), root)
        else:
            anchor = parent
        ref = f"{anchor.ref}.{label}" if anchor.ref else label
        if ref in used:
            batch.error(
                row,
                "tt",
                _("Số thứ tự trùng với dòng %(n)s (cùng số hiệu %(ref)s).")
                % {"n": used[ref].number, "ref": ref},
            )
            continue
        used[ref] = row
        node = _Node(rank, ref, row, parent)
        parent.children.append(node)
        stack.append(node)
        nodes.append(node)
    return nodes


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _norm_number(number: str) -> str:
    try:
        return str(rules.run("document_number", {"text": number})["number"])
    except RuleInputError:
        return nfc(number)


def _name_keys(text: str) -> list[str]:
    """Folded spellings of a name: "UBND …" and "Ủy ban nhân dân …" are the same."""
    key = fold(text)
    keys = [key]
    for short, long in (("ubnd ", "uy ban nhan dan "), ("hdnd ", "hoi dong nhan dan ")):
        if key.startswith(short):
            keys.append(long + key[len(short) :])
        elif key.startswith(long):
            keys.append(short + key[len(long) :])
    return keys


def _issuer_org(text: str, day: dt.date, user: Any) -> tuple[Organization | None, bool]:
    """The organization alive on ``day`` named ``text`` (preferring one in the user's scope) and
    whether it is in the user's scope."""
    states = list(
        OrganizationState.objects.as_of(day)
        .filter(name_folded__in=_name_keys(text))
        .select_related("organization")
        .order_by("organization_id")
    )
    if not states:
        return None, False
    scope = org_access.scope_ids(user, day)
    for state in states:
        if scope is None or state.organization_id in scope:
            return state.organization, True
    return states[0].organization, False


@dataclass
class _Assignee:
    organization: int | None = None
    assignee_class: str | None = None


class _Agencies:
    """Agency names → an organization of the issuer's subtree or a class of agencies, on a date."""

    def __init__(self, issuer: Organization, day: dt.date) -> None:
        self.issuer = issuer
        self.day = day
        self.cache: dict[str, _Assignee | str] = {}
        assignee_classes.ensure()

    def resolve(self, name: str) -> _Assignee | str:
        """The assignee, or the message of why there is none."""
        key = fold(name)
        if key not in self.cache:
            self.cache[key] = self._resolve(name)
        return self.cache[key]

    def _resolve(self, name: str) -> _Assignee | str:
        cls: AssigneeClass | None = services.class_for_text(name)
        if cls is not None:
            _members, rule = services.class_members(cls, self.issuer, self.day)
            if rule is None or (rule.valid_to is not None and rule.valid_to < self.day):
                return _("Lớp cơ quan “%(c)s” không áp dụng vào ngày %(d)s.") % {
                    "c": cls.name,
                    "d": _d(self.day),
                }
            return _Assignee(assignee_class=cls.code)
        for variant in {name, *_name_keys(name)}:
            org = services.org_for_text(variant, self.issuer, self.day)
            if org is not None:
                return _Assignee(organization=org.pk)
        return _(
            "Không có cơ quan “%(n)s” thuộc %(issuer)s còn hoạt động vào ngày %(d)s, cũng không "
            "phải lớp cơ quan trong bảng lớp cơ quan được giao."
        ) % {"n": name, "issuer": self.issuer, "d": _d(self.day)}


@dataclass
class _PlanHead:
    row: Row
    number: str
    date: dt.date
    issuer: Organization


def _plan_head(parsed: ParsedWorkbook, batch: Batch) -> _PlanHead | None:
    rows = parsed.rows.get(PLAN, [])
    if not rows:
        if PLAN in parsed.rows:
            batch.result.errors.append(
                RowError(PLAN, 2, "", _("Chưa ghi kế hoạch: trang “Kế hoạch” cần một dòng."))
            )
        return None
    for extra in rows[1:]:
        batch.error(extra, None, _("Mỗi tệp chỉ một kế hoạch: trang “Kế hoạch” chỉ ghi một dòng."))
    row = rows[0]
    if row["date"] is None or not row["issuer"]:
        return None  # other cells in error still let the task table be checked against the issuer
    if not getattr(batch.acting_user, "can_write", False):
        batch.error(row, None, _("Vai trò của bạn chỉ được xem, không được nhập kế hoạch."))
        return None
    org, in_scope = _issuer_org(row["issuer"], row["date"], batch.acting_user)
    if org is None:
        batch.error(
            row,
            "issuer",
            _("Không có cơ quan “%(n)s” còn hoạt động vào ngày %(d)s trong hệ thống.")
            % {"n": row["issuer"], "d": _d(row["date"])},
        )
        return None
    if not in_scope:
        batch.error(
            row,
            "issuer",
            _("Bạn không có quyền nhập kế hoạch của “%(n)s”, ngoài phạm vi của mình.")
            % {"n": row["issuer"]},
        )
        return None
    return _PlanHead(row, _norm_number(row["number"] or ""), row["date"], org)


def _existing(head: _PlanHead) -> Plan | None:
    for plan in Plan.objects.filter(date=head.date, issuer_org=head.issuer):
        if plan.number and _norm_number(plan.number) == head.number:
            return plan
    return None


def _deadline(row: Row, plan_date: dt.date | None, batch: Batch) -> dict[str, Any] | None:
    text = row["deadline"]
    if not text:
        return None
    warnings: list[str] = []
    found = find_deadlines(text, warnings, liberal=True)
    for warning in warnings:
        batch.error(row, "deadline", warning)
    d = found[0]
    if d.kind == DeadlineKind.NONE:
        return {
            "kind": DeadlineKind.NONE,
            "due": None,
            "condition": None,
            "text": text,
            "explicit": True,
        }
    if d.kind == DeadlineKind.DATE and plan_date and d.due and d.due < plan_date:
        batch.error(
            row,
            "deadline",
            _("Thời hạn %(due)s trước ngày ban hành kế hoạch (%(date)s).")
            % {"due": _d(d.due), "date": _d(plan_date)},
        )
    return {
        "kind": d.kind,
        "due": d.due.isoformat() if d.due else None,
        "condition": d.condition,
        "text": text,
    }


def plan_tasks_apply(parsed: ParsedWorkbook, batch: Batch) -> None:
    """The batch service of the plan workbook (run by :func:`importing.run_import`)."""
    head = _plan_head(parsed, batch)
    rows = parsed.rows.get(TASKS, [])
    if not rows and TASKS in parsed.rows:
        batch.result.errors.append(
            RowError(TASKS, 2, "", _("Trang “Nhiệm vụ” chưa có nhiệm vụ nào."))
        )
    nodes = _tree(rows, batch)
    agencies = _Agencies(head.issuer, head.date) if head else None
    plan_date = head.date if head else parsed_date(parsed)

    data_by_node: dict[int, dict[str, Any]] = {}
    own: dict[int, list[tuple[str, _Assignee]]] = {}
    for node in nodes:
        row = node.row
        assert row is not None
        lead: list[str] = row["lead"] or []
        coordinating: list[str] = row["coordinating"] or []
        if len(lead) > 1:
            batch.error(row, "lead", _("Mỗi nhiệm vụ chỉ một cơ quan chủ trì."))
        both = {fold(n) for n in lead} & {fold(n) for n in coordinating}
        if both:
            batch.error(row, "coordinating", _("Cơ quan chủ trì không ghi lại ở cột phối hợp."))
        specs: list[tuple[str, _Assignee]] = []
        if agencies is not None:
            for key, names, role in (
                ("lead", lead, AssignmentRole.LEAD),
                ("coordinating", coordinating, AssignmentRole.COORDINATING),
            ):
                for name in names:
                    found = agencies.resolve(name)
                    if isinstance(found, str):
                        batch.error(row, key, found)
                    else:
                        specs.append((role, found))
        own[id(node)] = specs
        deadline = _deadline(row, plan_date, batch)
        data_by_node[id(node)] = {
            "ref": node.ref,
            "text": row["content"] or "",
            "deadlines": [deadline] if deadline else [],
            "products": (
                [{"name": row["product"], "deadlines": [deadline] if deadline else []}]
                if row["product"]
                else []
            ),
            "agencies": [{"text": n, "role": "lead"} for n in lead]
            + [{"text": n, "role": "coordinating"} for n in coordinating],
            "children": [],
        }

    # Leaves take their nearest ancestor's agencies and need a lead.
    assignments: list[services.AssignmentSpec] = []
    for node in nodes:
        if node.children:
            continue
        at: _Node | None = node
        inherited: list[tuple[str, _Assignee]] = []
        while at is not None and at.row is not None:
            if at.row["lead"] or at.row["coordinating"]:
                inherited = own.get(id(at), [])
                break
            at = at.parent
        assert node.row is not None
        if at is None or at.row is None or not at.row["lead"]:
            batch.error(
                node.row,
                "lead",
                _("Nhiệm vụ %(ref)s chưa có cơ quan chủ trì (ở dòng này hoặc dòng cấp trên).")
                % {"ref": node.ref},
            )
        assignments += [
            services.AssignmentSpec(
                node.ref, role, organization=a.organization, assignee_class=a.assignee_class
            )
            for role, a in inherited
        ]
    batch.step(len(rows) + len(parsed.rows.get(PLAN, [])))
    if head is None or batch.result.errors:
        return

    if _existing(head) is not None:
        batch.unchanged(_("kế hoạch"))
        batch.unchanged(_("nhiệm vụ"), len(nodes))
        return

    tasks: list[dict[str, Any]] = []
    for node in nodes:
        data = data_by_node[id(node)]
        parent = node.parent
        if parent is None or parent.row is None:
            tasks.append(data)
        else:
            data_by_node[id(parent)]["children"].append(data)
    doc = head.row
    try:
        plan = services.plan_create(
            acting_user=batch.acting_user,
            data={
                "document": {
                    "number": doc["number"],
                    "kind": "Kế hoạch",
                    "date": head.date.isoformat(),
                    "issuer": doc["issuer"],
                    "signer": doc["signer"],
                    "title": doc["title"],
                },
                "tasks": tasks,
            },
            issuer_org=head.issuer,
            source=PlanSource.EXCEL,
            assignments=assignments,
            assign_from_text=False,
        )
    except Refused as exc:
        by_ref = {node.ref: node.row for node in nodes}
        for problem in exc.problems:
            where, column = _where(problem.path, head.row, by_ref)
            if where is None:
                batch.result.errors.append(RowError("", None, problem.path, problem.message))
            else:
                batch.error(where, column, problem.message)
        return
    batch.created(_("kế hoạch"))
    batch.created(_("nhiệm vụ"), plan.tasks.count())
    products = sum(t.products.count() for t in plan.tasks.all())
    if products:
        batch.created(_("sản phẩm"), products)
    batch.created(
        _("phân công"),
        sum(t.assignments.filter(from_class__isnull=True).count() for t in plan.tasks.all()),
    )


def parsed_date(parsed: ParsedWorkbook) -> dt.date | None:
    """The plan's date when its row could be read, to check the deadlines against it."""
    rows = parsed.rows.get(PLAN, [])
    value = rows[0]["date"] if rows else None
    return value if isinstance(value, dt.date) else None


def _where(
    path: str, plan_row: Row, by_ref: dict[str, Row | None]
) -> tuple[Row | None, str | None]:
    """The row and column of a refusal of :func:`services.plan_create` (``tasks.II.1.deadline``)."""
    if path.startswith("document."):
        return plan_row, path.removeprefix("document.")
    for prefix, column in (("tasks.", "content"), ("assignments.", "lead")):
        if path.startswith(prefix):
            rest = path.removeprefix(prefix)
            if rest.endswith(".deadline"):
                rest, column = rest.removesuffix(".deadline"), "deadline"
            row = by_ref.get(rest.split("#", 1)[0])
            return (row, column) if row is not None else (None, None)
    return None, None


PLAN_IMPORT = importing.register(
    importing.ImportKind(
        spec=PLAN_SPEC,
        apply=plan_tasks_apply,
        filename="mau-ke-hoach-bang-nhiem-vu.xlsx",
        summary=_(
            "Một kế hoạch và bảng nhiệm vụ của nó (TT, nội dung, cơ quan chủ trì, phối hợp, thời "
            "hạn, sản phẩm): nhiệm vụ, phân công và thời hạn như nhập từ văn bản."
        ),
    )
)
