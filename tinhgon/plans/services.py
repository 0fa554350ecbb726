"""Writes of the plans app. Each service validates everything, writes in one transaction and audits.

The UI, the API, the Excel import, the demo and the commands call these functions; views never write.
Reorganization events reach this app through :func:`tinhgon.plans.reorg.on_reorg_event`.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhgon.core import approval, audit
from tinhgon.core.context import current_request_id, current_source
from tinhgon.core.errors import Collector, Refused
from tinhgon.core.models import AuditEntry
from tinhgon.core.text import fold, nfc, nfc_text
from tinhgon.core.versioning import bump, check_version
from tinhgon.organizations import access as org_access
from tinhgon.organizations import selectors as org_selectors
from tinhgon.organizations.models import Organization, OrganizationState, ReorgEvent
from tinhgon.plans import assignee_classes, buckets, conf, evidence
from tinhgon.plans.choices import (
    AssignmentRole,
    DeadlineKind,
    PeriodKind,
    PlanSource,
    ProgressStatus,
    QueueStatus,
)
from tinhgon.plans.models import (
    AssigneeClass,
    AssigneeClassRule,
    Assignment,
    EvidenceFile,
    Plan,
    Product,
    ProgressReport,
    ReassignmentItem,
    ReportingPeriodReopen,
    Task,
)
from tinhgon.rules import calendar_vn

ONE_DAY = dt.timedelta(days=1)
PLAN_FIELDS = ["number", "doc_kind", "date", "issuer", "signer", "title", "period_kind"]
TASK_FIELDS = [
    "ref",
    "text",
    "deadline_kind",
    "due",
    "condition",
    "condition_met_on",
    "condition_document",
    "project_ref",
    "project_due",
]
ASSIGNMENT_FIELDS = [
    "task",
    "product",
    "organization",
    "assignee_class",
    "role",
    "valid_from",
    "valid_to",
    "reason",
    "event",
]
REPORT_FIELDS = ["progress", "percent", "narrative", "period_year", "period_number"]


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _parse_iso(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------- assignees


def class_for_text(text: str) -> AssigneeClass | None:
    """The class of agencies a phrase of the plan names ("UBND các huyện, thành phố, thị xã")."""
    key = fold(text)
    best: tuple[int, AssigneeClass] | None = None
    for cls in AssigneeClass.objects.all():
        for phrase in cls.phrases:
            if phrase and phrase in key and (best is None or len(phrase) > best[0]):
                best = (len(phrase), cls)
    return best[1] if best else None


def org_for_text(text: str, issuer_org: Organization, day: dt.date) -> Organization | None:
    """An organization of the issuer's subtree on ``day`` named by ``text`` (accents ignored)."""
    key = fold(text)
    key = key.removeprefix("giam doc ").removeprefix("thu truong ").removeprefix("chu tich ")
    if not key:
        return None
    ids = org_selectors.subtree_ids([issuer_org.pk], day)
    state = (
        OrganizationState.objects.as_of(day)
        .filter(organization_id__in=ids, name_folded=key)
        .first()
    )
    return state.organization if state else None


def class_members(
    cls: AssigneeClass, issuer_org: Organization, day: dt.date
) -> tuple[list[int], AssigneeClassRule | None]:
    """The organizations ``cls`` means on ``day`` in the issuer's subtree (the rule in force then)."""
    rule = (
        AssigneeClassRule.objects.filter(assignee_class=cls, valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )
    if rule is None or (rule.valid_to is not None and rule.valid_to < day):
        return [], rule
    ids = org_selectors.subtree_ids(org_selectors.representatives_on(issuer_org, day), day)
    members = (
        OrganizationState.objects.as_of(day)
        .filter(organization_id__in=ids, kind__in=rule.kinds)
        .order_by("name")
        .values_list("organization_id", flat=True)
    )
    return list(members), rule


def _rule_periods(
    cls: AssigneeClass, first: dt.date, last: dt.date
) -> list[tuple[dt.date, dt.date | None, AssigneeClassRule]]:
    """The class's rules overlapping ``[first, last]``, each clipped to it (start, end or None)."""
    out = []
    for rule in AssigneeClassRule.objects.filter(assignee_class=cls).order_by("valid_from"):
        start = max(rule.valid_from, first)
        end = rule.valid_to
        if start > last or (end is not None and end < first):
            continue
        out.append((start, end, rule))
    return out


# ---------------------------------------------------------------------------------- plan creation


@dataclass
class AssignmentSpec:
    """An assignment requested when a plan is created: ``ref`` of the task (``#n``: its n-th
    product, from 1), and either an organization id or an assignee-class code."""

    ref: str
    role: str = AssignmentRole.LEAD
    organization: int | None = None
    assignee_class: str | None = None


@dataclass
class _Flat:
    data: dict[str, Any]
    parent_ref: str | None
    depth: int
    inherited_agencies: list[dict[str, str]] = field(default_factory=list)
    inherited_deadline: dict[str, Any] | None = None


def _own_deadline(deadlines: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    """The first deadline a node words itself, or None (an ancestor's then applies). A ``none``
    deadline counts only when marked ``explicit`` (a table's deadline cell in words that name no
    time, e.g. "Khi có yêu cầu"): it is kept as written and stops the inheritance."""
    for d in deadlines or []:
        if d.get("kind") != DeadlineKind.NONE or d.get("explicit"):
            return d
    return None


def _flatten(tasks: list[dict[str, Any]]) -> list[_Flat]:
    out: list[_Flat] = []

    def walk(
        nodes: list[dict[str, Any]],
        parent: str | None,
        depth: int,
        agencies: list[dict[str, str]],
        deadline: dict[str, Any] | None,
    ) -> None:
        for node in nodes:
            own = _own_deadline(node.get("deadlines"))
            here_deadline = own if own else deadline
            here_agencies = node.get("agencies") or agencies
            out.append(_Flat(node, parent, depth, list(here_agencies), here_deadline))
            walk(node.get("children", []), node["ref"], depth + 1, here_agencies, here_deadline)

    walk(tasks, None, 0, [], None)
    return out


def _deadline_values(d: dict[str, Any] | None) -> dict[str, Any]:
    if not d:
        return {"deadline_kind": DeadlineKind.NONE}
    kind = d.get("kind") or DeadlineKind.NONE
    if kind not in DeadlineKind.values:
        kind = DeadlineKind.NONE
    return {
        "deadline_kind": kind,
        "due": _parse_iso(d.get("due")) if kind == DeadlineKind.DATE else None,
        "condition": nfc(d.get("condition") or "") if kind == DeadlineKind.CONDITIONAL else "",
        "deadline_text": nfc(d.get("text") or ""),
    }


def _check_deadline(
    values: dict[str, Any], plan_date: dt.date | None, path: str, problems: Collector
) -> None:
    if values["deadline_kind"] == DeadlineKind.DATE:
        if values.get("due") is None:
            problems.add(path, _("Thời hạn “có thời hạn” phải có ngày (dd/mm/yyyy)."))
        elif plan_date and values["due"] < plan_date:
            problems.add(
                path,
                _("Thời hạn %(due)s trước ngày ban hành kế hoạch (%(date)s).")
                % {"due": _d(values["due"]), "date": _d(plan_date)},
            )


def _is_section(flat: _Flat) -> bool:
    return flat.depth == 0 and bool(flat.data.get("children"))


def plan_create(
    *,
    acting_user: Any,
    data: dict[str, Any],
    issuer_org: Organization,
    source: str = PlanSource.TEXT,
    source_text: str = "",
    period_kind: str = PeriodKind.HALF,
    assignments: list[AssignmentSpec] | None = None,
    assign_from_text: bool = True,
) -> Plan:
    """Create a plan, its task tree and products from parsed (and reviewed) data, then assign.

    ``data`` has the shape of ``tinhgon parse_plan --json``. Agencies named in a task's words and
    recognised (a class of agencies, or an organization of the issuer's subtree) are assigned to
    its leaves that name none of their own; ``assignments`` for a ref replace those of the text.
    Refused, with nothing saved: a missing date or title, a deadline before the plan's date.
    """
    org_access.require_writer(acting_user)
    assignee_classes.ensure()
    doc = data.get("document") or {}
    problems = Collector()
    date = _parse_iso(doc.get("date"))
    title = nfc(doc.get("title") or "")
    if date is None:
        problems.add("document.date", _("Thiếu ngày ban hành của kế hoạch (dd/mm/yyyy)."))
    if not title:
        problems.add("document.title", _("Thiếu trích yếu (tên) của kế hoạch."))
    if period_kind not in PeriodKind.values:
        problems.add("period_kind", _("Kỳ báo cáo không hợp lệ."))
    warnings = list(data.get("warnings") or [])
    tasks = list(data.get("tasks") or [])
    if not tasks:
        text = nfc(source_text) or title or _("(không có nội dung)")
        tasks = [
            {
                "ref": "1",
                "text": text,
                "deadlines": [],
                "products": [],
                "agencies": [],
                "children": [],
            }
        ]
        warnings.append(
            _(
                "Không nhận ra cấu trúc nhiệm vụ trong văn bản: toàn bộ văn bản được nhập thành một nhiệm vụ."
            )
        )
    flats = _flatten(tasks)
    seen: set[str] = set()
    for flat in flats:
        ref = str(flat.data.get("ref") or "").strip()
        if not ref:
            problems.add("tasks", _("Có nhiệm vụ không có số hiệu."))
        elif ref in seen:
            problems.add(f"tasks.{ref}", _("Số hiệu nhiệm vụ %(ref)s bị trùng.") % {"ref": ref})
        seen.add(ref)
        if not nfc(flat.data.get("text") or ""):
            problems.add(f"tasks.{ref}", _("Nhiệm vụ %(ref)s không có nội dung.") % {"ref": ref})
        own = _own_deadline(flat.data.get("deadlines"))
        _check_deadline(_deadline_values(own), date, f"tasks.{ref}.deadline", problems)
        for i, product in enumerate(flat.data.get("products") or [], start=1):
            pd = _own_deadline(product.get("deadlines"))
            _check_deadline(_deadline_values(pd), date, f"tasks.{ref}#{i}.deadline", problems)
    specs_by_ref: dict[str, list[AssignmentSpec]] = {}
    for spec in assignments or []:
        specs_by_ref.setdefault(spec.ref, []).append(spec)
        base = spec.ref.split("#", 1)[0]
        if base not in seen:
            problems.add(
                f"assignments.{spec.ref}",
                _("Không có nhiệm vụ số hiệu %(ref)s để phân công.") % {"ref": spec.ref},
            )
    problems.raise_if_any()
    assert date is not None
    with transaction.atomic():
        plan = Plan.objects.create(
            number=nfc(doc.get("number") or ""),
            doc_kind=nfc(doc.get("kind") or "") or "Kế hoạch",
            date=date,
            issuer=nfc(doc.get("issuer") or "") or str(issuer_org),
            issuer_org=issuer_org,
            signer=nfc(doc.get("signer") or ""),
            title=title,
            preamble=nfc(data.get("preamble") or ""),
            source=source,
            source_text=source_text,
            references=list(data.get("references") or []),
            warnings=warnings,
            period_kind=period_kind,
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        audit.record(
            actor=acting_user,
            action="create",
            obj=plan,
            before=None,
            after=audit.snapshot(plan, PLAN_FIELDS),
        )
        by_ref: dict[str, Task] = {}
        for position, flat in enumerate(flats):
            own = _own_deadline(flat.data.get("deadlines"))
            values = _deadline_values(own if own else flat.inherited_deadline)
            task = Task.objects.create(
                plan=plan,
                parent=by_ref.get(flat.parent_ref) if flat.parent_ref else None,
                ref=str(flat.data["ref"]).strip(),
                position=position,
                depth=flat.depth,
                text=nfc(flat.data.get("text") or ""),
                agencies=list(flat.data.get("agencies") or []),
                **values,
            )
            by_ref[task.ref] = task
            for i, product in enumerate(flat.data.get("products") or [], start=1):
                pd = _own_deadline(product.get("deadlines"))
                Product.objects.create(
                    task=task,
                    position=i,
                    name=nfc(product.get("name") or ""),
                    **_deadline_values(pd or own or flat.inherited_deadline),
                )
        audit.record(
            actor=acting_user,
            action="create_tasks",
            obj=plan,
            before=None,
            after={
                "tasks": len(by_ref),
                "products": Product.objects.filter(task__plan=plan).count(),
            },
        )
        _assign_initial(acting_user, plan, flats, by_ref, specs_by_ref, assign_from_text)
    return plan


def _assign_initial(
    acting_user: Any,
    plan: Plan,
    flats: list[_Flat],
    by_ref: dict[str, Task],
    specs_by_ref: dict[str, list[AssignmentSpec]],
    from_text: bool,
) -> None:
    classes = {c.code: c for c in AssigneeClass.objects.all()}
    for flat in flats:
        if flat.data.get("children") or _is_section(flat):
            continue  # assignments go to the leaves
        task = by_ref[str(flat.data["ref"]).strip()]
        products = list(task.products.all())
        targets: list[tuple[Product | None, list[AssignmentSpec]]] = []
        if products:
            for i, prod in enumerate(products, start=1):
                specs = specs_by_ref.get(f"{task.ref}#{i}") or specs_by_ref.get(task.ref)
                targets.append((prod, specs or []))
        else:
            targets.append((None, specs_by_ref.get(task.ref) or []))
        for product, specs in targets:
            if not specs and from_text:
                specs = _specs_from_text(task.ref, flat.inherited_agencies, plan)
            done: set[tuple[Any, ...]] = set()
            for spec in specs:
                key = (spec.organization, spec.assignee_class, spec.role)
                if key in done:
                    continue
                done.add(key)
                if spec.assignee_class:
                    cls = classes.get(spec.assignee_class)
                    if cls is None:
                        raise Refused.one(
                            f"assignments.{spec.ref}",
                            _("Không có lớp cơ quan “%(c)s”.") % {"c": spec.assignee_class},
                        )
                    assignment_create(
                        acting_user=acting_user,
                        task=task,
                        product=product,
                        assignee_class=cls,
                        role=spec.role,
                        valid_from=plan.date,
                    )
                elif spec.organization:
                    org = Organization.objects.get(pk=spec.organization)
                    assignment_create(
                        acting_user=acting_user,
                        task=task,
                        product=product,
                        organization=org,
                        role=spec.role,
                        valid_from=plan.date,
                    )
    classes_resolve(acting_user=acting_user, plan=plan, as_of=plan.date)


def _specs_from_text(ref: str, agencies: list[dict[str, str]], plan: Plan) -> list[AssignmentSpec]:
    specs = []
    for agency in agencies:
        role = (
            AssignmentRole.COORDINATING
            if agency.get("role") == "coordinating"
            else AssignmentRole.LEAD
        )
        cls = class_for_text(agency.get("text") or "")
        if cls is not None:
            specs.append(AssignmentSpec(ref, role, assignee_class=cls.code))
            continue
        org = org_for_text(agency.get("text") or "", plan.issuer_org, plan.date)
        if org is not None:
            specs.append(AssignmentSpec(ref, role, organization=org.pk))
    return specs


# ---------------------------------------------------------------------------------- assignments

# While a batch of reorganization events runs (plans.reorg), the units given an assignment.
assigned_in_batch: contextvars.ContextVar[set[int] | None] = contextvars.ContextVar(
    "plans_assigned_in_batch", default=None
)


def assignment_create(
    *,
    acting_user: Any,
    task: Task,
    role: str,
    valid_from: dt.date,
    organization: Organization | None = None,
    assignee_class: AssigneeClass | None = None,
    product: Product | None = None,
    from_class: Assignment | None = None,
    moved_from: Assignment | None = None,
    event: ReorgEvent | None = None,
    reason: str = "",
) -> Assignment:
    if (organization is None) == (assignee_class is None):
        raise Refused.one("organization", _("Phải giao cho một cơ quan hoặc một lớp cơ quan."))
    if role not in AssignmentRole.values:
        raise Refused.one("role", _("Vai trò phân công không hợp lệ."))
    if product is not None and product.task_id != task.pk:
        raise Refused.one("product", _("Sản phẩm không thuộc nhiệm vụ này."))
    with transaction.atomic():
        a = Assignment.objects.create(
            task=task,
            product=product,
            organization=organization,
            assignee_class=assignee_class,
            role=role,
            valid_from=valid_from,
            from_class=from_class,
            moved_from=moved_from,
            event=event,
            reason=nfc(reason),
        )
        assigned = assigned_in_batch.get()
        if assigned is not None and organization is not None:
            assigned.add(organization.pk)
        audit.record(
            actor=acting_user,
            action="assign",
            obj=a,
            before=None,
            after=audit.snapshot(a, ASSIGNMENT_FIELDS),
            reason=nfc(reason),
        )
    return a


def assignment_end(
    *,
    acting_user: Any,
    assignment: Assignment,
    last_day: dt.date,
    reason: str,
    event: ReorgEvent | None = None,
) -> Assignment:
    before = audit.snapshot(assignment, ASSIGNMENT_FIELDS)
    assignment.valid_to = max(last_day, assignment.valid_from)
    if event is not None:
        assignment.event = event
    assignment.reason = nfc(reason)
    bump(assignment)
    assignment.save(update_fields=["valid_to", "event", "reason", "version"])
    audit.record(
        actor=acting_user,
        action="end_assignment",
        obj=assignment,
        before=before,
        after=audit.snapshot(assignment, ASSIGNMENT_FIELDS),
        reason=nfc(reason),
    )
    return assignment


def is_done(a: Assignment) -> bool:
    """A non-recurring assignment whose completion was approved (it stays with its agency)."""
    return a.done_on is not None


def deadline_source(a: Assignment) -> Task | Product:
    if (
        a.product_id is not None
        and a.product is not None
        and a.product.deadline_kind != DeadlineKind.NONE
    ):
        return a.product
    return a.task


def classes_resolve(*, acting_user: Any, plan: Plan, as_of: dt.date) -> int:
    """Give every class assignment of ``plan`` to the members its dated rules name, up to ``as_of``.

    For each rule period of the class (e.g. "UBND cấp huyện": the district committees until
    30/06/2025, every UBND xã/phường from 01/07/2025), the members alive on the period's first day get
    one concrete assignment each; when a period ends, the members' unfinished assignments end with it.
    Idempotent. Returns the number of assignments created.
    """
    created = 0
    class_rows = list(
        Assignment.objects.filter(task__plan=plan, organization__isnull=True)
        .select_related("assignee_class", "task", "product")
        .filter(valid_from__lte=as_of)
    )
    for ca in class_rows:
        assert ca.assignee_class is not None
        last = min(as_of, ca.valid_to) if ca.valid_to else as_of
        existing = list(Assignment.objects.filter(from_class=ca))
        for start, end, rule in _rule_periods(ca.assignee_class, ca.valid_from, last):
            members, _rule = class_members(ca.assignee_class, plan.issuer_org, start)
            have = {
                e.organization_id
                for e in existing
                if e.valid_from <= start and (e.valid_to is None or e.valid_to >= start)
            }
            basis = _("Theo bảng lớp cơ quan được giao: “%(cls)s” từ %(from)s (%(basis)s).") % {
                "cls": ca.assignee_class.name,
                "from": _d(rule.valid_from),
                "basis": rule.legal_basis,
            }
            for org_id in members:
                if org_id in have:
                    continue
                org = Organization.objects.get(pk=org_id)
                existing.append(
                    assignment_create(
                        acting_user=acting_user,
                        task=ca.task,
                        product=ca.product,
                        organization=org,
                        role=ca.role,
                        valid_from=start,
                        from_class=ca,
                        reason=basis if start > ca.valid_from else "",
                    )
                )
                created += 1
            if end is not None and end < as_of:
                for e in existing:
                    if (
                        e.valid_to is None
                        and e.valid_from <= end
                        and not (
                            is_done(e)
                            and deadline_source(e).deadline_kind != DeadlineKind.RECURRING
                        )
                    ):
                        assignment_end(
                            acting_user=acting_user,
                            assignment=e,
                            last_day=end,
                            reason=_("Hết thời hạn áp dụng của lớp cơ quan “%(cls)s” (đến %(to)s).")
                            % {"cls": ca.assignee_class.name, "to": _d(end)},
                        )
    return created


# ---------------------------------------------------------------------------------- deadlines


def _deadline_obj(task: Task, product: Product | None) -> Task | Product:
    return product if product is not None else task


def task_record_condition(
    *,
    acting_user: Any,
    task: Task,
    met_on: dt.date,
    document: str,
    expected_version: int | None,
    product: Product | None = None,
) -> Task | Product:
    """Record that the condition of a conditional task (or product) is met, e.g. the Prime
    Minister's decision entered in the register; the work is then due N working days later."""
    org_access.require_writer(acting_user)
    obj = _deadline_obj(task, product)
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        check_version(locked, expected_version)
        if locked.deadline_kind != DeadlineKind.CONDITIONAL:
            raise Refused.one("deadline_kind", _("Nhiệm vụ này không có thời hạn theo điều kiện."))
        if met_on < task.plan.date:
            raise Refused.one(
                "met_on",
                _("Ngày có điều kiện (%(d)s) trước ngày ban hành kế hoạch.") % {"d": _d(met_on)},
            )
        before = audit.snapshot(locked, TASK_FIELDS)
        locked.condition_met_on = met_on
        locked.condition_document = nfc(document)
        bump(locked)
        locked.save()
        audit.record(
            actor=acting_user,
            action="record_condition",
            obj=locked,
            before=before,
            after=audit.snapshot(locked, TASK_FIELDS),
        )
    return locked


def task_set_due_from_project(
    *,
    acting_user: Any,
    task: Task,
    project_ref: str,
    due: dt.date | None,
    product: Product | None = None,
) -> Task | Product:
    """Link a per-project task (or product) to a restructuring project and take its due date from
    the project's schedule (called by the restructuring projects' service). ``due=None`` unlinks."""
    obj = _deadline_obj(task, product)
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        if locked.deadline_kind != DeadlineKind.PER_PROJECT:
            raise Refused.one(
                "deadline_kind", _("Nhiệm vụ này không có thời hạn theo tiến độ đề án.")
            )
        if due is not None and due < task.plan.date:
            raise Refused.one(
                "due",
                _("Thời hạn %(due)s trước ngày ban hành kế hoạch (%(date)s).")
                % {"due": _d(due), "date": _d(task.plan.date)},
            )
        before = audit.snapshot(locked, TASK_FIELDS)
        locked.project_ref = nfc(project_ref) if due is not None else ""
        locked.project_due = due
        bump(locked)
        locked.save()
        audit.record(
            actor=acting_user,
            action="link_project",
            obj=locked,
            before=before,
            after=audit.snapshot(locked, TASK_FIELDS),
        )
    return locked


# ---------------------------------------------------------------------------------- periods


def product_done_by_project(
    *, acting_user: Any, product: Product, day: dt.date, reference: str
) -> int:
    """The product IS a restructuring project that was applied on ``day``: its open assignments are
    done on that day (called by the restructuring projects' service). Returns how many."""
    rows = list(
        Assignment.objects.select_for_update().filter(
            product=product, done_on__isnull=True, valid_to__isnull=True
        )
    )
    for a in rows:
        before = audit.snapshot(a)
        a.done_on = day
        a.done_approved_on = day
        bump(a)
        a.save(update_fields=["done_on", "done_approved_on", "version"])
        audit.record(
            actor=acting_user,
            action="product_done_by_project",
            obj=a,
            before=before,
            after=audit.snapshot(a),
            reason=nfc(reference),
        )
    return len(rows)


def period_is_open(plan: Plan, p: buckets.Period, today: dt.date) -> bool:
    if p.start > today:
        return False
    closes = calendar_vn.add_working_days(p.end, conf.get("REPORT_GRACE_WORKING_DAYS"))
    if today <= closes:
        return True
    return ReportingPeriodReopen.objects.filter(
        plan=plan, year=p.year, number=p.number, until__gte=today
    ).exists()


def period_reopen(
    *, acting_user: Any, plan: Plan, year: int, number: int | None, until: dt.date, reason: str
) -> ReportingPeriodReopen:
    """Sở Nội vụ reopens a closed reporting period of a plan until a date (reason mandatory)."""
    _require_supervisor(acting_user, plan.issuer_org)
    reason = nfc(reason or "")
    if not reason:
        raise Refused.one("reason", _("Phải nêu rõ lý do khi mở lại kỳ báo cáo."))
    if until < timezone.localdate():
        raise Refused.one("until", _("Ngày mở đến phải từ hôm nay trở đi."))
    with transaction.atomic():
        row = ReportingPeriodReopen.objects.create(
            plan=plan, year=year, number=number, until=until, reason=reason, created_by=acting_user
        )
        audit.record(
            actor=acting_user,
            action="reopen_period",
            obj=plan,
            before=None,
            after={"year": year, "number": number, "until": until},
            reason=reason,
        )
    return row


# ---------------------------------------------------------------------------------- reports


def _require_supervisor(user: Any, org: Organization) -> None:
    org_access.require_writer(user)
    if getattr(user, "effective_role", None) not in {"supervisor", "administrator"}:
        raise PermissionDenied(
            _("Chỉ Chuyên viên Sở Nội vụ (tổng hợp) được phê duyệt, trả lại hoặc mở lại.")
        )
    if not org_access.can_see(user, org):
        raise PermissionDenied(_("Cơ quan, đơn vị này ngoài phạm vi của bạn."))


def _require_assignee(user: Any, assignment: Assignment, path: str = "assignment") -> None:
    org_access.require_writer(user)
    if assignment.organization is None:
        raise Refused.one(path, _("Báo cáo theo từng cơ quan được giao, không theo lớp cơ quan."))
    scope = org_access.scope_ids(user, org_access.reference_date(assignment.organization))
    if scope is not None and assignment.organization_id not in scope:
        raise Refused.one(
            path,
            _("Cơ quan của bạn không được giao nhiệm vụ này; không thể báo cáo."),
        )


@dataclass
class Upload:
    name: str
    data: bytes


def _check_files(files: Iterable[Upload]) -> list[tuple[Upload, str, str]]:
    problems = Collector()
    checked = []
    for i, f in enumerate(files):
        try:
            kind = evidence.check(f.name, f.data, path=f"files[{i}]")
        except Refused as exc:
            problems.extend(exc.problems)
            continue
        checked.append((f, kind, hashlib.sha256(f.data).hexdigest()))
    problems.raise_if_any()
    return checked


def _save_files(user: Any, report: ProgressReport, checked: list[tuple[Upload, str, str]]) -> None:
    for f, kind, digest in checked:
        ev = EvidenceFile(
            report=report,
            original_name=nfc(f.name)[:255],
            file_type=kind,
            size=len(f.data),
            sha256=digest,
            uploaded_by=user if getattr(user, "pk", None) else None,
        )
        ev.file.save(f"{digest[:16]}.{kind}", ContentFile(f.data), save=False)
        ev.save()
        audit.record(
            actor=user,
            action="add_evidence",
            obj=report,
            before=None,
            after={"file": ev.original_name, "type": kind, "size": ev.size, "sha256": digest},
        )


def _check_values(progress: str, percent: Any, problems: Collector) -> int:
    if progress not in ProgressStatus.values:
        problems.add("progress", _("Tình hình thực hiện không hợp lệ."))
    try:
        value = int(percent)
    except (TypeError, ValueError):
        problems.add("percent", _("Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."))
        return 0
    if not 0 <= value <= 100:
        problems.add("percent", _("Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."))
    if progress == ProgressStatus.COMPLETED and value != 100:
        problems.add("percent", _("Nhiệm vụ đã hoàn thành thì tỷ lệ phải là 100%."))
    return value


def report_create(
    *,
    acting_user: Any,
    assignment: Assignment,
    year: int,
    number: int | None,
    progress: str,
    percent: Any,
    narrative: str = "",
    files: Iterable[Upload] = (),
) -> ProgressReport:
    """An agency's draft report for one period of its assignment, with evidence files.

    Refused, with nothing written: an assignment of another agency, a period not open (future, or
    closed and not reopened), a second report for the same period, a bad file.
    """
    _require_assignee(acting_user, assignment)
    plan = assignment.task.plan
    problems = Collector()
    try:
        p = buckets.period(plan.period_kind, int(year), number)
    except (AssertionError, ValueError, TypeError):
        raise Refused.one("period", _("Kỳ báo cáo không hợp lệ.")) from None
    today = timezone.localdate()
    if p.start > today:
        problems.add("period", _("Kỳ báo cáo %(p)s chưa bắt đầu.") % {"p": p.label})
    elif not period_is_open(plan, p, today):
        problems.add(
            "period",
            _("Kỳ báo cáo %(p)s đã khoá (hết hạn nhận báo cáo); đề nghị Sở Nội vụ mở lại kỳ.")
            % {"p": p.label},
        )
    if p.end < assignment.valid_from or (
        assignment.valid_to is not None and p.start > assignment.valid_to
    ):
        problems.add("period", _("Kỳ báo cáo %(p)s ngoài thời gian được giao.") % {"p": p.label})
    value = _check_values(progress, percent, problems)
    if ProgressReport.objects.filter(
        assignment=assignment, period_kind=p.kind, period_year=p.year, period_number=p.number
    ).exists():
        problems.add("period", _("Đã có báo cáo kỳ %(p)s cho phân công này.") % {"p": p.label})
    try:
        checked = _check_files(files)
    except Refused as exc:
        problems.extend(exc.problems)
        checked = []
    problems.raise_if_any()
    with transaction.atomic():
        report = ProgressReport.objects.create(
            assignment=assignment,
            period_kind=p.kind,
            period_year=p.year,
            period_number=p.number,
            period_start=p.start,
            period_end=p.end,
            progress=progress,
            percent=value,
            narrative=nfc_text(narrative),
            created_by=acting_user,
        )
        audit.record(
            actor=acting_user,
            action="create",
            obj=report,
            before=None,
            after=audit.snapshot(report, REPORT_FIELDS),
        )
        _save_files(acting_user, report, checked)
    return report


def report_update(
    *,
    acting_user: Any,
    report: ProgressReport,
    expected_version: int | None,
    progress: str,
    percent: Any,
    narrative: str,
    files: Iterable[Upload] = (),
) -> ProgressReport:
    """Change a draft or returned report (approved data is locked), adding evidence files."""
    _require_assignee(acting_user, report.assignment)
    problems = Collector()
    value = _check_values(progress, percent, problems)
    try:
        checked = _check_files(files)
    except Refused as exc:
        problems.extend(exc.problems)
        checked = []
    problems.raise_if_any()
    with transaction.atomic():
        locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
        check_version(locked, expected_version)
        approval.ensure_editable(locked)
        plan = locked.assignment.task.plan
        p = buckets.period(locked.period_kind, locked.period_year, locked.period_number)
        if not period_is_open(plan, p, timezone.localdate()):
            raise Refused.one(
                "period",
                _("Kỳ báo cáo %(p)s đã khoá (hết hạn nhận báo cáo); đề nghị Sở Nội vụ mở lại kỳ.")
                % {"p": p.label},
            )
        before = audit.snapshot(locked, REPORT_FIELDS)
        locked.progress = progress
        locked.percent = value
        locked.narrative = nfc_text(narrative)
        bump(locked)
        locked.save()
        audit.record(
            actor=acting_user,
            action="update",
            obj=locked,
            before=before,
            after=audit.snapshot(locked, REPORT_FIELDS),
        )
        _save_files(acting_user, locked, checked)
    return locked


def report_submit(
    *, acting_user: Any, report: ProgressReport, expected_version: int | None
) -> ProgressReport:
    _require_assignee(acting_user, report.assignment)
    plan = report.assignment.task.plan
    p = buckets.period(report.period_kind, report.period_year, report.period_number)
    if not period_is_open(plan, p, timezone.localdate()):
        raise Refused.one(
            "period",
            _("Kỳ báo cáo %(p)s đã khoá (hết hạn nhận báo cáo); đề nghị Sở Nội vụ mở lại kỳ.")
            % {"p": p.label},
        )
    result = approval.approval_submit(
        acting_user=acting_user, obj=report, expected_version=expected_version
    )
    assert isinstance(result, ProgressReport)
    return result


def _refresh_done(assignment: Assignment) -> None:
    """``done_on``: the submission date of the approved report that says completed (earliest)."""
    row = (
        ProgressReport.objects.filter(
            assignment=assignment,
            status=approval.ApprovalStatus.APPROVED,
            progress=ProgressStatus.COMPLETED,
        )
        .order_by("submitted_at")
        .first()
    )
    done_on = timezone.localtime(row.submitted_at).date() if row and row.submitted_at else None
    approved_on = timezone.localtime(row.decided_at).date() if row and row.decided_at else None
    if (assignment.done_on, assignment.done_approved_on) != (done_on, approved_on):
        Assignment.objects.filter(pk=assignment.pk).update(
            done_on=done_on, done_approved_on=approved_on
        )


def report_approve(
    *, acting_user: Any, report: ProgressReport, expected_version: int | None, reason: str = ""
) -> ProgressReport:
    assert report.assignment.organization is not None
    _require_supervisor(acting_user, report.assignment.organization)
    with transaction.atomic():
        result = approval.approval_approve(
            acting_user=acting_user, obj=report, expected_version=expected_version, reason=reason
        )
        _refresh_done(report.assignment)
    assert isinstance(result, ProgressReport)
    return result


def report_return(
    *, acting_user: Any, report: ProgressReport, expected_version: int | None, reason: str
) -> ProgressReport:
    assert report.assignment.organization is not None
    _require_supervisor(acting_user, report.assignment.organization)
    result = approval.approval_return(
        acting_user=acting_user, obj=report, expected_version=expected_version, reason=reason
    )
    assert isinstance(result, ProgressReport)
    return result


def report_reopen(
    *, acting_user: Any, report: ProgressReport, expected_version: int | None, reason: str
) -> ProgressReport:
    assert report.assignment.organization is not None
    _require_supervisor(acting_user, report.assignment.organization)
    with transaction.atomic():
        result = approval.approval_reopen(
            acting_user=acting_user, obj=report, expected_version=expected_version, reason=reason
        )
        _refresh_done(report.assignment)
    assert isinstance(result, ProgressReport)
    return result


# ---------------------------------------------------------------------------------- queue


def queue_resolve(
    *,
    acting_user: Any,
    item: ReassignmentItem,
    organization_ids: list[int],
    reason: str,
) -> list[Assignment]:
    """Give a queued assignment to the chosen organizations (none: close it without successor)."""
    org_access.require_writer(acting_user)
    reason = nfc(reason or "")
    if not reason:
        raise Refused.one("reason", _("Phải nêu rõ lý do khi giao lại."))
    day = item.event.effective_date
    scope = org_access.scope_ids(acting_user, day)
    orgs = list(Organization.objects.filter(pk__in=organization_ids))
    if len(orgs) != len(set(organization_ids)):
        raise Refused.one("organizations", _("Có cơ quan không tồn tại."))
    for org in orgs:
        if not org.is_alive_on(day):
            raise Refused.one(
                "organizations",
                _("“%(o)s” không hoạt động vào ngày %(d)s.") % {"o": org, "d": _d(day)},
            )
        if scope is not None and org.pk not in scope:
            raise PermissionDenied(_("Cơ quan, đơn vị này ngoài phạm vi của bạn."))
    with transaction.atomic():
        locked = ReassignmentItem.objects.select_for_update().get(pk=item.pk)
        if locked.status != QueueStatus.OPEN:
            raise Refused.one("status", _("Phân công này đã được xử lý."))
        old = locked.assignment
        created = [
            assignment_create(
                acting_user=acting_user,
                task=old.task,
                product=old.product,
                organization=org,
                role=old.role,
                valid_from=day,
                moved_from=old,
                event=locked.event,
                reason=reason,
            )
            for org in orgs
        ]
        locked.status = QueueStatus.RESOLVED if created else QueueStatus.CLOSED
        locked.resolved_by = acting_user
        locked.resolved_at = timezone.now()
        locked.note = reason
        locked.save()
        audit.record(
            actor=acting_user,
            action="resolve_queue",
            obj=locked,
            before={"status": QueueStatus.OPEN},
            after={"status": locked.status, "organizations": [o.pk for o in orgs]},
            reason=reason,
        )
    return created


# ---------------------------------------------------------------------------------- history


@dataclass(frozen=True)
class PastReport:
    """A report of a past period taken over from earlier records (the Excel files kept before
    TinhGon): submitted and decided on the given days, by the given users."""

    assignment_id: int
    year: int
    number: int | None
    progress: str
    percent: int
    narrative: str
    submitted_on: dt.date
    approved_on: dt.date | None


def reports_take_over(
    *, acting_user: Any, plan: Plan, rows: list[PastReport], submitted_by: Any
) -> int:
    """Record past reports in bulk, one audit row each (action ``take_over``); approved ones mark
    their assignment done as the approval flow would. Refused when a report's dates are out of order."""
    org_access.require_writer(acting_user)
    for r in rows:
        if r.approved_on is not None and r.approved_on < r.submitted_on:
            raise Refused.one("approved_on", _("Ngày duyệt trước ngày gửi báo cáo."))
    tz = timezone.get_current_timezone()

    def moment(day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, tzinfo=tz)

    with transaction.atomic():
        objs = []
        for r in rows:
            p = buckets.period(plan.period_kind, r.year, r.number)
            objs.append(
                ProgressReport(
                    assignment_id=r.assignment_id,
                    period_kind=p.kind,
                    period_year=p.year,
                    period_number=p.number,
                    period_start=p.start,
                    period_end=p.end,
                    progress=r.progress,
                    percent=r.percent,
                    narrative=r.narrative,
                    status=approval.ApprovalStatus.APPROVED
                    if r.approved_on
                    else approval.ApprovalStatus.SUBMITTED,
                    created_by=submitted_by,
                    submitted_by=submitted_by,
                    submitted_at=moment(r.submitted_on, 10),
                    decided_by=acting_user if r.approved_on else None,
                    decided_at=moment(r.approved_on, 15) if r.approved_on else None,
                )
            )
        created = ProgressReport.objects.bulk_create(objs, batch_size=1000)
        rid, source, label = current_request_id(), current_source(), audit.actor_label(acting_user)
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    actor=acting_user if getattr(acting_user, "pk", None) else None,
                    actor_label=label,
                    action="take_over",
                    object_type=ProgressReport._meta.label_lower,
                    object_id=str(o.pk),
                    object_repr=f"Báo cáo {o.period_label}"[:300],
                    before=None,
                    after=audit._jsonable(audit.snapshot(o, [*REPORT_FIELDS, "status"])),
                    reason=_("Tiếp nhận báo cáo các kỳ trước từ hồ sơ theo dõi cũ."),
                    request_id=rid,
                    source=source,
                )
                for o in created
            ],
            batch_size=1000,
        )
        done = (
            ProgressReport.objects.filter(
                assignment__task__plan=plan,
                status=approval.ApprovalStatus.APPROVED,
                progress=ProgressStatus.COMPLETED,
            )
            .values("assignment_id")
            .annotate(sub=Min("submitted_at"), dec=Min("decided_at"))
        )
        for row in done:
            Assignment.objects.filter(pk=row["assignment_id"]).update(
                done_on=timezone.localtime(row["sub"]).date(),
                done_approved_on=timezone.localtime(row["dec"]).date(),
            )
    return len(created)
