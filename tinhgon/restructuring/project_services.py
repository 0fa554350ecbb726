"""Writes of restructuring projects: save a draft (a new version with its impact), submit,
appraise, return, approve by decision, apply on the effective date through the one door.

Applying runs every proposed event through :func:`restructuring.services.event_record` (registry,
positions, workforce, quotas, plans) and places the people the project maps, in ONE transaction.
Conflicts — a unit changed since the draft by another event or project, a person who left — are
checked at approval (refused) and at application (the project stays approved with an
``application_error`` naming them, and nothing else is written).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhgon.accounts.choices import Role
from tinhgon.core import audit
from tinhgon.core.errors import Collector, Problem, Refused
from tinhgon.core.text import nfc
from tinhgon.core.versioning import bump, check_version
from tinhgon.organizations import access
from tinhgon.organizations.choices import EventKind, Kind, LinkRole
from tinhgon.organizations.models import (
    EventLink,
    Organization,
    OrganizationState,
    ReorgEvent,
)
from tinhgon.organizations.selectors import ancestors_on
from tinhgon.organizations.services import (
    DecisionInput,
    EventInput,
    NewUnit,
    document_resolve,
)
from tinhgon.plans import services as plans
from tinhgon.plans.choices import DeadlineKind
from tinhgon.plans.models import Product, Task
from tinhgon.restructuring.choices import ProjectKind, ProjectStatus
from tinhgon.restructuring.models import (
    Project,
    ProjectVersion,
    ProposedEvent,
    ProposedPlacement,
)
from tinhgon.restructuring.project_impact import d, impact, simulate
from tinhgon.restructuring.services import event_record, events_batched
from tinhgon.rules import calendar_vn
from tinhgon.workforce import services as workforce
from tinhgon.workforce.models import Assignment, PendingPlacement, Person, alive_on

EDITABLE: set[str] = {ProjectStatus.DRAFT, ProjectStatus.RETURNED}
_FIELDS = [
    "name",
    "kind",
    "owner",
    "legal_basis",
    "effective_date",
    "plan_task",
    "plan_product",
    "status",
    "draft_number",
    "decision",
    "applied_on",
    "application_error",
    "version",
]


@dataclass
class ProjectInput:
    name: str
    owner: int | None
    effective_date: dt.date | None
    kind: str = ProjectKind.OTHER
    legal_basis: str = ""
    plan_task: int | None = None
    plan_product: int | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    placements: list[dict[str, Any]] = field(default_factory=list)


def content_of(project: Project) -> dict[str, Any]:
    """The proposed events and placements of ``project`` as plain data (a version's content)."""
    return {
        "events": [
            {
                "kind": e.kind,
                "predecessors": e.predecessors,
                "receiver": e.receiver,
                "new_units": e.new_units,
                "changes": e.changes,
                "note": e.note,
            }
            for e in project.proposed_events.all()
        ],
        "placements": [
            {"person": p.person_id, "destination": p.destination} for p in project.placements.all()
        ],
    }


def _what_changed(old: dict[str, Any] | None, new: dict[str, Any], project: Project) -> list[str]:
    if old is None:
        return [_("Lập dự thảo đề án.")]
    lines: list[str] = []
    for key, label in (("name", _("tên")), ("effective_date", _("ngày hiệu lực"))):
        if old.get(key) != new.get(key):
            lines.append(
                _("Sửa %(f)s: %(a)s → %(b)s") % {"f": label, "a": old.get(key), "b": new.get(key)}
            )
    oe, ne = old.get("events", []), new.get("events", [])
    for i in range(max(len(oe), len(ne))):
        if i >= len(oe):
            lines.append(_("Thêm sự kiện số %(n)s (%(k)s).") % {"n": i + 1, "k": ne[i]["kind"]})
        elif i >= len(ne):
            lines.append(_("Bỏ sự kiện số %(n)s (%(k)s).") % {"n": i + 1, "k": oe[i]["kind"]})
        elif oe[i] != ne[i]:
            lines.append(_("Sửa sự kiện số %(n)s (%(k)s).") % {"n": i + 1, "k": ne[i]["kind"]})
    op = {r["person"]: r["destination"] for r in old.get("placements", [])}
    np_ = {r["person"]: r["destination"] for r in new.get("placements", [])}
    changed = sum(1 for k in set(op) | set(np_) if op.get(k) != np_.get(k))
    if changed:
        lines.append(_("Đổi phương án bố trí của %(n)s người.") % {"n": changed})
    return lines or [_("Tính lại tác động, nội dung không đổi.")]


def _validate_head(
    data: ProjectInput, acting_user: Any, problems: Collector
) -> Organization | None:
    if not nfc(data.name or "").strip():
        problems.add("name", _("Thiếu tên đề án."))
    if data.kind not in ProjectKind.values:
        problems.add("kind", _("Loại đề án “%(v)s” không có trong danh mục.") % {"v": data.kind})
    owner = Organization.objects.filter(pk=data.owner).first() if data.owner else None
    if owner is None:
        problems.add("owner", _("Thiếu cơ quan chủ trì đề án."))
    elif acting_user is not None:
        try:
            access.check_can_change(acting_user, [owner.pk], timezone.localdate())
        except Refused as exc:
            problems.extend(exc.problems, "owner")
        except Exception:
            problems.add("owner", _("Cơ quan chủ trì ngoài phạm vi của người dùng."))
    if data.plan_product and not Product.objects.filter(pk=data.plan_product).exists():
        problems.add("plan_product", _("Không có sản phẩm kế hoạch này."))
    if data.plan_task and not Task.objects.filter(pk=data.plan_task).exists():
        problems.add("plan_task", _("Không có nhiệm vụ kế hoạch này."))
    return owner


def project_save(
    *,
    acting_user: Any,
    data: ProjectInput,
    project: Project | None = None,
    expected_version: int | None = None,
) -> Project:
    """Create a draft or save a new version of it: validate every event and row, compute the
    impact, keep the version with what changed. Refused as a whole on any problem."""
    problems = Collector()
    owner = _validate_head(data, acting_user, problems)
    content = {"events": list(data.events), "placements": list(data.placements)}
    figures, sim = impact(content, data.effective_date)
    problems.extend(sim.problems.problems)
    problems.raise_if_any()
    assert owner is not None
    with transaction.atomic():
        if project is None:
            project = Project(created_by=acting_user if getattr(acting_user, "pk", None) else None)
            before = None
            old_content = None
            number = 1
        else:
            project = Project.objects.select_for_update().get(pk=project.pk)
            check_version(project, expected_version)
            if project.status not in EDITABLE:
                raise Refused.one(
                    "status",
                    _("Đề án ở trạng thái “%(s)s” đã khoá, không sửa được.")
                    % {"s": project.status_label},
                )
            before = audit.snapshot(project, _FIELDS)
            last = project.versions.first()
            old_content = (
                {
                    **last.content,
                    "name": project.name,
                    "effective_date": str(project.effective_date),
                }
                if last
                else None
            )
            number = project.draft_number + 1
            bump(project)
        project.name = nfc(data.name).strip()
        project.kind = data.kind
        project.owner = owner
        project.legal_basis = nfc(data.legal_basis or "")
        project.effective_date = data.effective_date
        project.plan_task_id = data.plan_task
        project.plan_product_id = data.plan_product
        if data.plan_product and not data.plan_task:
            project.plan_task_id = Product.objects.get(pk=data.plan_product).task_id
        project.draft_number = number
        project.baseline = sim.baseline
        project.impact = figures
        project.application_error = ""
        project.save()
        project.proposed_events.all().delete()
        project.placements.all().delete()
        ProposedEvent.objects.bulk_create(
            ProposedEvent(
                project=project,
                position=i,
                kind=ev.get("kind", ""),
                predecessors=list(ev.get("predecessors") or []),
                receiver=ev.get("receiver"),
                new_units=list(ev.get("new_units") or []),
                changes=dict(ev.get("changes") or {}),
                note=nfc(str(ev.get("note") or ""))[:300],
            )
            for i, ev in enumerate(content["events"])
        )
        ProposedPlacement.objects.bulk_create(
            ProposedPlacement(
                project=project, person_id=int(r["person"]), destination=r.get("destination")
            )
            for r in content["placements"]
        )
        new_content = {**content, "name": project.name, "effective_date": str(data.effective_date)}
        ProjectVersion.objects.create(
            project=project,
            number=number,
            content=content,
            impact=figures,
            changes=_what_changed(old_content, new_content, project),
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        audit.record(
            actor=acting_user,
            action="project_save",
            obj=project,
            before=before,
            after=audit.snapshot(project, _FIELDS),
        )
    return project


# ---------------------------------------------------------------------------------------------
# Workflow


def _transition(
    project: Project,
    *,
    acting_user: Any,
    expected_version: int | None,
    allowed: set[str],
    to: str,
    action: str,
    reason: str = "",
    **changes: Any,
) -> Project:
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        check_version(locked, expected_version)
        if locked.status not in allowed:
            raise Refused.one(
                "status",
                _("Không thể chuyển đề án từ trạng thái “%(a)s” sang “%(b)s”.")
                % {"a": locked.status_label, "b": ProjectStatus(to).label},
            )
        before = audit.snapshot(locked, _FIELDS)
        locked.status = to
        for k, v in changes.items():
            setattr(locked, k, v)
        bump(locked)
        locked.save()
        audit.record(
            actor=acting_user,
            action=action,
            obj=locked,
            before=before,
            after=audit.snapshot(locked, _FIELDS),
            reason=reason,
        )
    return locked


def appraising_body_for(project: Project, day: dt.date) -> Organization | None:
    """The commune's own committee for a commune's units (two-level government, DOMAIN §11b),
    otherwise Sở Nội vụ (or, if the register has none, the province's committee)."""
    chain = [
        s for s in OrganizationState.objects.as_of(day).filter(organization_id=project.owner_id)
    ] + ancestors_on(project.owner_id, day)
    for s in chain:
        if s.kind == Kind.COMMUNE_COMMITTEE:
            return s.organization
    home = (
        OrganizationState.objects.as_of(day)
        .filter(kind=Kind.DEPARTMENT, name_folded__in=["so noi vu"])
        .first()
    )
    if home:
        return home.organization
    top = next((s for s in reversed(chain) if s.kind == Kind.PROVINCIAL_COMMITTEE), None)
    return top.organization if top else None


def project_submit(*, acting_user: Any, project: Project, expected_version: int | None) -> Project:
    day = timezone.localdate()
    problems = Collector()
    sim = simulate(content_of(project), project.effective_date)
    problems.extend(sim.problems.problems)
    problems.raise_if_any()
    body = appraising_body_for(project, day)
    due = calendar_vn.add_working_days(day, settings.TINHGON_PROJECT_APPRAISAL_WORKING_DAYS)
    return _transition(
        project,
        acting_user=acting_user,
        expected_version=expected_version,
        allowed=EDITABLE,
        to=ProjectStatus.SUBMITTED,
        action="project_submit",
        submitted_by=acting_user,
        submitted_at=timezone.now(),
        appraising_body=body,
        appraisal_due=due,
        decision_reason="",
    )


def _in_scope(user: Any, org_id: int | None) -> bool:
    if org_id is None:
        return False
    scope = access.scope_ids(user, timezone.localdate())
    return scope is None or org_id in scope


def can_appraise(user: Any, project: Project) -> bool:
    role = getattr(user, "role", None)
    body = project.appraising_body
    if body is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False) or role == Role.ADMINISTRATOR:
        return True
    commune = OrganizationState.objects.filter(
        organization_id=body.pk, kind=Kind.COMMUNE_COMMITTEE
    ).exists()
    if commune:
        return role in (Role.OFFICER, Role.SUPERVISOR) and _in_scope(user, body.pk)
    return role == Role.SUPERVISOR and _in_scope(user, body.pk)


def project_appraise(
    *, acting_user: Any, project: Project, expected_version: int | None, comment: str
) -> Project:
    """The appraisal by Sở Nội vụ (or the commune's body), flagged late after its working days."""
    comment = nfc(comment or "").strip()
    if not comment:
        raise Refused.one("comment", _("Thiếu ý kiến thẩm định."))
    if not can_appraise(acting_user, project):
        raise Refused.one(
            "appraised_by",
            _("Chỉ %(b)s thẩm định đề án này.")
            % {"b": project.appraising_body or _("cơ quan thẩm định")},
        )
    if project.submitted_by_id == getattr(acting_user, "pk", None):
        raise Refused.one("appraised_by", _("Người gửi không tự thẩm định đề án của mình."))
    today = timezone.localdate()
    return _transition(
        project,
        acting_user=acting_user,
        expected_version=expected_version,
        allowed={ProjectStatus.SUBMITTED},
        to=ProjectStatus.APPRAISED,
        action="project_appraise",
        appraised_by=acting_user,
        appraised_on=today,
        appraisal_comment=comment,
        appraisal_late=bool(project.appraisal_due and today > project.appraisal_due),
    )


def project_return(
    *, acting_user: Any, project: Project, expected_version: int | None, reason: str
) -> Project:
    reason = nfc(reason or "").strip()
    if not reason:
        raise Refused.one("reason", _("Phải nêu rõ lý do khi trả lại."))
    if project.submitted_by_id == getattr(acting_user, "pk", None):
        raise Refused.one("decided_by", _("Người gửi không tự trả lại đề án của mình."))
    return _transition(
        project,
        acting_user=acting_user,
        expected_version=expected_version,
        allowed={ProjectStatus.SUBMITTED, ProjectStatus.APPRAISED},
        to=ProjectStatus.RETURNED,
        action="project_return",
        reason=reason,
        decided_by=acting_user,
        decided_at=timezone.now(),
        decision_reason=reason,
    )


def project_reopen(
    *, acting_user: Any, project: Project, expected_version: int | None, reason: str
) -> Project:
    """An approved project that cannot be applied (a conflict) goes back to draft, with a reason,
    to be corrected and taken through the workflow again."""
    reason = nfc(reason or "").strip()
    if not reason:
        raise Refused.one("reason", _("Phải nêu rõ lý do khi mở lại đề án đã phê duyệt."))
    return _transition(
        project,
        acting_user=acting_user,
        expected_version=expected_version,
        allowed={ProjectStatus.APPROVED},
        to=ProjectStatus.DRAFT,
        action="project_reopen",
        reason=reason,
        decision_reason=reason,
        decision=None,
    )


def project_conflicts(project: Project, *, applied: bool = False) -> list[Problem]:
    """What changed since the draft was saved: units changed by another event or project, people
    who left or moved, units no longer alive. Empty when the project can still be applied."""
    sim = simulate(content_of(project), project.effective_date, applied=applied)
    out = list(sim.problems.problems)
    base = project.baseline or {}
    now_units = sim.baseline.get("units", {})
    names = {u.org_id: u.name for u in sim.before.values() if u.org_id}
    for oid, version in (base.get("units") or {}).items():
        if now_units.get(oid, version) != version:
            last = (
                EventLink.objects.filter(organization_id=int(oid))
                .select_related("event")
                .order_by("-event__effective_date", "-event_id")
                .first()
            )
            why = (
                _(" (sự kiện %(k)s ngày %(d)s)")
                % {"k": last.event.get_kind_display().lower(), "d": d(last.event.effective_date)}
                if last
                else ""
            )
            out.append(
                Problem(
                    f"units.{oid}",
                    _("Đơn vị “%(n)s” đã thay đổi sau khi lập đề án%(why)s.")
                    % {"n": names.get(int(oid), oid), "why": why},
                )
            )
    now_people = sim.baseline.get("people", {})
    for pid, org in (base.get("people") or {}).items():
        if now_people.get(pid) != org:
            person = Person.objects.filter(pk=int(pid)).first()
            out.append(
                Problem(
                    f"people.{pid}",
                    _("Người “%(n)s” đã thôi việc hoặc chuyển khỏi đơn vị sau khi lập đề án.")
                    % {"n": person.full_name if person else pid},
                )
            )
    if base.get("involved_people") is not None and sim.baseline.get("involved_people") != base.get(
        "involved_people"
    ):
        out.append(
            Problem(
                "people",
                _(
                    "Số người của các đơn vị trong đề án đã thay đổi (%(a)s → %(b)s) sau khi lập đề án."
                )
                % {"a": base.get("involved_people"), "b": sim.baseline.get("involved_people")},
            )
        )
    return out


def project_approve(
    *,
    acting_user: Any,
    project: Project,
    expected_version: int | None,
    decision: DecisionInput,
) -> Project:
    """Approve an appraised project by its decision (number, date, signer). The effective date may
    not precede the decision; conflicts since the draft refuse the approval."""
    problems = Collector()
    if project.submitted_by_id == getattr(acting_user, "pk", None) or (
        project.created_by_id == getattr(acting_user, "pk", None)
    ):
        problems.add("decided_by", _("Người lập, người gửi không tự phê duyệt đề án của mình."))
    role = getattr(acting_user, "role", None)
    if not (
        getattr(acting_user, "is_superuser", False)
        or role in (Role.SUPERVISOR, Role.ADMINISTRATOR)
        or (role == Role.OFFICER and can_appraise(acting_user, project))
    ):
        problems.add("decided_by", _("Người dùng không có quyền ghi quyết định phê duyệt đề án."))
    if not nfc(decision.signer or "").strip():
        problems.add("decision.signer", _("Thiếu người ký quyết định."))
    if decision.date and project.effective_date and project.effective_date < decision.date:
        problems.add(
            "effective_date",
            _("Ngày hiệu lực %(e)s trước ngày phê duyệt %(a)s.")
            % {"e": d(project.effective_date), "a": d(decision.date)},
        )
    problems.raise_if_any()
    if project.status != ProjectStatus.APPRAISED:
        raise Refused.one(
            "status",
            _("Chỉ đề án đã thẩm định mới được phê duyệt (đang ở trạng thái “%(s)s”).")
            % {"s": project.status_label},
        )
    conflicts = project_conflicts(project)
    if conflicts:
        raise Refused(*conflicts)
    with transaction.atomic():
        doc = document_resolve(acting_user=acting_user, decision=decision)
        approved = _transition(
            project,
            acting_user=acting_user,
            expected_version=expected_version,
            allowed={ProjectStatus.APPRAISED},
            to=ProjectStatus.APPROVED,
            action="project_approve",
            reason=str(doc),
            decided_by=acting_user,
            decided_at=timezone.now(),
            decision=doc,
        )
        task = approved.plan_task
        if task is not None and approved.effective_date:
            target = approved.plan_product or task
            if target.deadline_kind == DeadlineKind.PER_PROJECT:
                plans.task_set_due_from_project(
                    acting_user=acting_user,
                    task=task,
                    product=approved.plan_product,
                    project_ref=f"{approved.name} ({doc})",
                    due=approved.effective_date,
                )
    return approved


# ---------------------------------------------------------------------------------------------
# Application


def _record_error(acting_user: Any, project: Project, problems: list[Problem]) -> Project:
    text = "\n".join(p.message for p in problems)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        before = audit.snapshot(locked, _FIELDS)
        locked.application_error = text
        locked.save(update_fields=["application_error"])
        audit.record(
            actor=acting_user,
            action="project_apply_failed",
            obj=locked,
            before=before,
            after=audit.snapshot(locked, _FIELDS),
            reason=text[:500],
        )
    return locked


def _apply(acting_user: Any, project: Project) -> list[ReorgEvent]:
    day = project.effective_date
    assert day is not None
    decision = project.decision  # its record in the register (resolved at approval)
    assert decision is not None
    ids: dict[str, int] = {}

    def org(value: Any) -> int:
        text = str(value)
        if text.isdigit():
            return int(text)
        key = text[4:] if text.startswith("new:") else text
        return ids[key]

    recorded: list[ReorgEvent] = []
    proposed = list(project.proposed_events.all())
    existing = [str(v) for ev in proposed for v in [*ev.predecessors, ev.receiver] if v]
    named = [
        str(v)
        for ev in proposed
        for v in [
            *(spec.get("managing_body") for spec in ev.new_units),
            ev.changes.get("managing_body"),
        ]
        if v
    ]
    # Every step reads the project's units once and writes the people and the quota entries of
    # all the events together (the same rows, fewer statements), before the placements below look
    # for those waiting.
    with events_batched(
        day=day,
        units=[int(v) for v in existing if v.isdigit()],
        bodies=[int(v) for v in named if v.isdigit()],
    ):
        for i, ev in enumerate(proposed):
            successors: list[int | NewUnit] = []
            keys: list[str] = []
            for j, spec in enumerate(ev.new_units):
                keys.append(str(spec.get("key") or "").strip() or f"{i + 1}.{j + 1}")
                group = spec.get("autonomy_group")
                successors.append(
                    NewUnit(
                        name=spec["name"],
                        kind=spec["kind"],
                        sector=spec["sector"],
                        managing_body=org(spec["managing_body"]),
                        category=spec.get("category") or "",
                        autonomy_group=int(group) if group not in (None, "") else None,
                        unit_class=spec.get("unit_class") or "",
                    )
                )
            if ev.kind == EventKind.ABSORB:
                successors = [org(ev.receiver)]
            changes = dict(ev.changes)
            if ev.kind == EventKind.TRANSFER:
                changes["managing_body"] = org(changes["managing_body"])
            try:
                event = event_record(
                    acting_user=acting_user,
                    data=EventInput(
                        kind=ev.kind,
                        effective_date=day,
                        decision=decision,
                        predecessors=[org(p) for p in ev.predecessors],
                        successors=successors,
                        changes=changes,
                        note=ev.note or _("Theo đề án “%(n)s”") % {"n": project.name},
                    ),
                )
            except Refused as exc:
                raise Refused(
                    *[Problem(f"events[{i}].{p.path}", p.message) for p in exc.problems]
                ) from exc
            recorded.append(event)
            if keys:
                new_ids = sorted(
                    (link.pk, link.organization_id)
                    for link in event.links_with_units()
                    if link.role == LinkRole.SUCCESSOR
                )
                ids.update(zip(keys, [org_id for _pk, org_id in new_ids], strict=True))
    # People the project places (they wait after a split, a dissolution or a conversion).
    for j, row in enumerate(project.placements.exclude(destination__isnull=True)):
        pending = (
            PendingPlacement.objects.filter(
                person_id=row.person_id, event__in=recorded, resolved_on__isnull=True
            )
            .order_by("id")
            .first()
        )
        if pending is None:
            raise Refused.one(
                f"placements[{j}]", _("Người này không còn chờ bố trí sau sự kiện của đề án.")
            )
        workforce.placement_resolve(
            acting_user=acting_user,
            pending=pending,
            data=workforce.AssignmentInput(
                person=row.person_id, organization=org(row.destination), valid_from=day
            ),
        )
    if project.plan_product_id:
        plans.product_done_by_project(
            acting_user=acting_user,
            product=project.plan_product,  # type: ignore[arg-type]
            day=day,
            reference=f"{project.name} ({project.decision})",
        )
    return recorded


def project_apply(*, acting_user: Any, project: Project, today: dt.date | None = None) -> Project:
    """Apply an approved project on (or after) its effective date, all or nothing. A conflict or
    a refused event leaves the registry exactly as it was and the project approved with an
    ``application_error`` saying which."""
    today = today or timezone.localdate()
    if project.status != ProjectStatus.APPROVED:
        raise Refused.one("status", _("Chỉ đề án đã phê duyệt mới được thực hiện."))
    if project.effective_date is None or project.effective_date > today:
        raise Refused.one("effective_date", _("Chưa đến ngày hiệu lực của đề án."))
    conflicts = project_conflicts(project)
    if conflicts:
        return _record_error(acting_user, project, conflicts)
    try:
        # One transaction; the audit rows of the hundreds of events (the same rows, each stamped
        # when its change was made) are written together at its end.
        with transaction.atomic(), audit.deferred():
            locked = Project.objects.select_for_update().get(pk=project.pk)
            if locked.status != ProjectStatus.APPROVED:
                raise Refused.one("status", _("Đề án đã được thực hiện."))
            before = audit.snapshot(locked, _FIELDS)
            recorded = _apply(acting_user, locked)
            locked.events.add(*recorded)
            locked.status = ProjectStatus.APPLIED
            locked.applied_on = today
            locked.application_error = ""
            bump(locked)
            locked.save()
            audit.record(
                actor=acting_user,
                action="project_apply",
                obj=locked,
                before=before,
                after={**audit.snapshot(locked, _FIELDS), "events": [e.pk for e in recorded]},
            )
    except Refused as exc:
        return _record_error(acting_user, project, exc.problems)
    return locked


def projects_apply_due(*, acting_user: Any, today: dt.date | None = None) -> list[Project]:
    """Every approved project whose effective date has come (the scheduled command)."""
    today = today or timezone.localdate()
    out = []
    for project in Project.objects.filter(
        status=ProjectStatus.APPROVED, effective_date__lte=today
    ).order_by("effective_date", "pk"):
        out.append(project_apply(acting_user=acting_user, project=project, today=today))
    return out


def project_record_applied(
    *,
    acting_user: Any,
    data: ProjectInput,
    decision: DecisionInput,
    events: list[ReorgEvent],
    appraised_on: dt.date | None = None,
) -> Project:
    """A project already carried out by events in the registry (the demo's history, projects
    entered after the fact): kept with its decision and linked to those events, its impact read
    as the registry stood the day before. Nothing is recorded twice."""
    problems = Collector()
    owner = _validate_head(data, None, problems)
    content = {"events": list(data.events), "placements": list(data.placements)}
    figures, sim = impact(content, data.effective_date, applied=True)
    problems.extend(sim.problems.problems)
    problems.raise_if_any()
    with transaction.atomic():
        doc = document_resolve(acting_user=acting_user, decision=decision)
        assert owner is not None
        project = Project.objects.create(
            name=nfc(data.name),
            kind=data.kind,
            owner=owner,
            legal_basis=nfc(data.legal_basis),
            effective_date=data.effective_date,
            plan_task_id=data.plan_task,
            plan_product_id=data.plan_product,
            status=ProjectStatus.APPLIED,
            decision=doc,
            applied_on=data.effective_date,
            appraised_on=appraised_on,
            impact=figures,
            baseline=sim.baseline,
        )
        for i, ev in enumerate(content["events"]):
            ProposedEvent.objects.create(
                project=project,
                position=i,
                kind=ev["kind"],
                predecessors=ev.get("predecessors") or [],
                receiver=ev.get("receiver"),
                new_units=ev.get("new_units") or [],
                changes=ev.get("changes") or {},
                note=ev.get("note") or "",
            )
        ProjectVersion.objects.create(
            project=project,
            number=1,
            content=content,
            impact=figures,
            changes=[_("Đề án đã thực hiện, ghi nhận theo các sự kiện trong sổ đăng ký.")],
        )
        project.events.add(*events)
        audit.record(
            actor=acting_user,
            action="project_record_applied",
            obj=project,
            before=None,
            after=audit.snapshot(project, _FIELDS),
        )
    return project


def people_of(project: Project, day: dt.date) -> list[Assignment]:
    """Assignments of the people of the units the project ends (for the annex tables)."""
    ids = [
        int(p) for e in project.proposed_events.all() for p in e.predecessors if str(p).isdigit()
    ]
    return list(
        Assignment.objects.filter(alive_on(day), organization_id__in=ids, full_time=True)
        .select_related("person", "organization")
        .order_by("organization_id", "person__full_name")
    )
