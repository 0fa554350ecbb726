"""Writes to the registry. Each service validates everything, writes in one transaction and audits.

:func:`registry_apply_event` is called only by ``restructuring.services.event_record`` — the one door
for events, which then lets the higher apps act on the same event in the same transaction.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tinhgon.core import audit, batching
from tinhgon.core.errors import Collector, Refused
from tinhgon.core.text import fold, nfc
from tinhgon.core.versioning import bump, check_version
from tinhgon.organizations.choices import (
    PUBLIC_SERVICE_UNIT_KINDS,
    AutonomyGroup,
    Category,
    EventKind,
    Kind,
    Level,
    LinkRole,
    Sector,
)
from tinhgon.organizations.models import (
    EventLink,
    LegalDocument,
    Organization,
    OrganizationState,
    ReorgEvent,
)
from tinhgon.rules import catalogue as rules
from tinhgon.rules.base import RuleInputError

ONE_DAY = dt.timedelta(days=1)

STATE_FIELDS = [
    "name",
    "kind",
    "sector",
    "category",
    "level",
    "managing_body",
    "autonomy_group",
    "unit_class",
    "has_management_board",
]
_LEVEL_OF_KIND = {
    Kind.PROVINCIAL_COMMITTEE: Level.PROVINCE,
    Kind.DEPARTMENT: Level.PROVINCE,
    Kind.SUB_DEPARTMENT: Level.PROVINCE,
    Kind.OTHER_ADMIN: Level.PROVINCE,
    Kind.DISTRICT_COMMITTEE: Level.DISTRICT,
    Kind.COMMUNE_COMMITTEE: Level.COMMUNE,
}


def d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


# ---------------------------------------------------------------------------------------------
# Decisions


@dataclass(frozen=True)
class DecisionInput:
    number: str
    date: dt.date | None
    issuer: str
    signer: str = ""
    title: str = ""


def document_resolve(
    *, acting_user: Any, decision: DecisionInput, path: str = "decision"
) -> LegalDocument:
    """The register's record of ``decision``: found by number, date and issuer, or created."""
    problems = Collector()
    number = nfc(decision.number or "")
    issuer = nfc(decision.issuer or "")
    parsed: dict[str, Any] | None = None
    if not number:
        problems.add(f"{path}.number", _("Thiếu số, ký hiệu của quyết định."))
    else:
        try:
            parsed = rules.run("document_number", {"text": number})
        except RuleInputError as exc:
            problems.add(f"{path}.number", exc.problems[0].message)
    if decision.date is None:
        problems.add(f"{path}.date", _("Thiếu ngày ban hành quyết định."))
    if not issuer:
        problems.add(f"{path}.issuer", _("Thiếu cơ quan ban hành quyết định."))
    problems.raise_if_any()
    assert parsed is not None and decision.date is not None
    existing = LegalDocument.objects.filter(
        number=parsed["number"], date=decision.date, issuer_folded=fold(issuer)
    ).first()
    if existing:
        return existing
    issuer_state = (
        OrganizationState.objects.as_of(decision.date).filter(name_folded=fold(issuer)).first()
    )
    doc = LegalDocument(
        number=parsed["number"],
        seq=parsed["seq"],
        type_code=parsed["type"] or "",
        type_name=parsed["type_name"],
        year=parsed["year"],
        date=decision.date,
        issuer=issuer,
        issuer_org_id=issuer_state.organization_id if issuer_state else None,
        signer=nfc(decision.signer or ""),
        title=nfc(decision.title or ""),
    )
    try:
        with transaction.atomic():
            doc.save()
    except IntegrityError:  # created meanwhile by another request: the same record
        return LegalDocument.objects.get(
            number=parsed["number"], date=decision.date, issuer_folded=fold(issuer)
        )
    audit.record(
        actor=acting_user, action="create", obj=doc, before=None, after=audit.snapshot(doc)
    )
    return doc


# ---------------------------------------------------------------------------------------------
# Events


@dataclass
class NewUnit:
    """A successor that starts on the event's effective date."""

    name: str
    kind: str
    sector: str
    managing_body: int | None
    code: str | None = None
    category: str = ""
    level: str | None = None
    autonomy_group: int | None = None
    unit_class: str = ""
    has_management_board: bool = False
    is_demo: bool = False


@dataclass
class EventInput:
    kind: str
    effective_date: dt.date | None
    # The decision as entered, or its record already in the register (a project's decision).
    decision: DecisionInput | LegalDocument
    predecessors: list[int] = field(default_factory=list)
    successors: list[int | NewUnit] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)
    note: str = ""


# kind: (min predecessors, max predecessors or None, new successors allowed, existing successors)
_SHAPES: dict[str, tuple[int, int | None]] = {
    EventKind.ESTABLISH: (0, 0),
    EventKind.RENAME: (1, 1),
    EventKind.MERGE: (2, None),
    EventKind.ABSORB: (1, None),
    EventKind.SPLIT: (1, 1),
    EventKind.SEPARATE: (1, 1),
    EventKind.TRANSFER: (1, None),
    EventKind.CHANGE_AUTONOMY_GROUP: (1, 1),
    EventKind.CONVERT_JSC: (1, 1),
    EventKind.DISSOLVE: (1, None),
}
_ENDS_PREDECESSORS = {
    EventKind.MERGE,
    EventKind.ABSORB,
    EventKind.SPLIT,
    EventKind.CONVERT_JSC,
    EventKind.DISSOLVE,
}
_CHANGES_ALLOWED: dict[str, set[str]] = {
    EventKind.RENAME: {"name"},
    EventKind.TRANSFER: {"managing_body", "level"},
    EventKind.CHANGE_AUTONOMY_GROUP: {"autonomy_group"},
}


def _kind_label(kind: str) -> str:
    return str(EventKind(kind).label).lower()


def _validate_new_unit(unit: NewUnit, path: str, day: dt.date, problems: Collector) -> None:
    if not nfc(unit.name or ""):
        problems.add(f"{path}.name", _("Thiếu tên đơn vị."))
    if unit.kind not in Kind.values:
        problems.add(
            f"{path}.kind", _("Loại hình “%(v)s” không có trong danh mục.") % {"v": unit.kind}
        )
    if unit.sector not in Sector.values:
        problems.add(
            f"{path}.sector", _("Lĩnh vực “%(v)s” không có trong danh mục.") % {"v": unit.sector}
        )
    if unit.category and unit.category not in Category.values:
        problems.add(
            f"{path}.category",
            _("Phân loại “%(v)s” không có trong danh mục.") % {"v": unit.category},
        )
    if unit.level is not None and unit.level not in Level.values:
        problems.add(f"{path}.level", _("Cấp “%(v)s” không có trong danh mục.") % {"v": unit.level})
    if unit.autonomy_group is not None and unit.autonomy_group not in AutonomyGroup.values:
        problems.add(f"{path}.autonomy_group", _("Nhóm tự chủ phải là 1, 2, 3 hoặc 4."))
    if unit.kind != Kind.PROVINCIAL_COMMITTEE and unit.managing_body is None:
        problems.add(f"{path}.managing_body", _("Thiếu cơ quan quản lý trực tiếp."))
    if unit.code and Organization.objects.filter(code=nfc(unit.code)).exists():
        problems.add(
            f"{path}.code", _("Mã “%(v)s” đã được dùng cho đơn vị khác.") % {"v": unit.code}
        )


def _alive_state(org_id: int, day: dt.date) -> OrganizationState | None:
    return OrganizationState.objects.as_of(day).filter(organization_id=org_id).first()


def _alive_in(states: list[OrganizationState], day: dt.date) -> OrganizationState | None:
    """The state alive on ``day`` among ``states`` (sorted by start), as :func:`_alive_state`."""
    return next(
        (s for s in states if s.valid_from <= day and (s.valid_to is None or s.valid_to >= day)),
        None,
    )


def _level_for(kind: str, managing_body_state: OrganizationState | None) -> str:
    if kind in _LEVEL_OF_KIND:
        return _LEVEL_OF_KIND[Kind(kind)]
    if managing_body_state is None:
        return Level.PROVINCE
    if managing_body_state.kind in (Kind.DISTRICT_COMMITTEE, Kind.COMMUNE_COMMITTEE):
        return _LEVEL_OF_KIND[Kind(managing_body_state.kind)]
    return managing_body_state.level


# ---------------------------------------------------------------------------------------------
# Many events in one transaction (a restructuring project): the registry read once, kept as written


@dataclass
class _Known:
    """The registry as the events of one day see it inside a batch: units (the participants
    locked), their complete state histories, and which units sit under which body on ``day``."""

    day: dt.date
    orgs: dict[int, Organization] = field(default_factory=dict)
    locked: set[int] = field(default_factory=set)
    states: dict[int, list[OrganizationState]] = field(default_factory=dict)
    children: dict[int, set[int]] = field(default_factory=dict)  # body → units under it on day


@dataclass
class _Batch:
    known: _Known | None = None
    created: set[int] = field(default_factory=set)  # units the batch's events created

    def on(self, day: dt.date) -> _Known:
        if self.known is None or self.known.day != day:
            self.known = _Known(day)
        return self.known


_batch: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar(
    "registry_event_batch", default=None
)


@contextlib.contextmanager
def registry_batched(
    *, day: dt.date, participants: Iterable[int] = (), others: Iterable[int] = ()
) -> Iterator[None]:
    """Inside the block (one transaction: a restructuring project's events through the one door),
    :func:`registry_apply_event` reads the units of the events — ``participants`` and the units
    under them, locked until the transaction ends, and ``others`` (managing bodies) — once, and
    keeps what it knows as the events write, instead of reading them again for every event. The
    same checks, rows and audit rows as event by event. Only the events' own writes may change the
    registry inside the block."""

    def make() -> _Batch:
        batch = _Batch()
        known = batch.on(day)
        ids = {int(i) for i in participants}
        _load(known, ids, lock=True)
        _load(known, {int(i) for i in others} - ids, lock=False)
        _load_children(known, ids)
        return batch

    with batching.scoped(_batch, make):
        yield


def created_in_batch() -> set[int]:
    """Units created by the events of the current batch (none outside one): they have no
    decisions, tasks or quota of their own from before the batch."""
    batch = _batch.get()
    return set(batch.created) if batch is not None else set()


def may_hold(org_ids: Iterable[int], read: set[int], holding: set[int]) -> list[int]:
    """Of ``org_ids``, those that may hold something a batch's step looks for: among the units it
    ``read`` at its start, those ``holding`` it; any other unit, unless the batch created it."""
    new = created_in_batch()
    return [i for i in org_ids if i in holding or (i not in read and i not in new)]


def known_histories(
    org_ids: Iterable[int], day: dt.date
) -> dict[int, list[OrganizationState]] | None:
    """The state histories of ``org_ids`` as the current batch knows them on ``day`` (the events'
    units), or ``None`` when it does not know them all: read them from the database."""
    batch = _batch.get()
    known = batch.known if batch is not None else None
    if known is None or known.day != day:
        return None
    ids = {int(i) for i in org_ids}
    if not ids <= known.states.keys():
        return None
    return {i: known.states[i] for i in ids}


def _load(known: _Known, ids: set[int], *, lock: bool) -> None:
    need = ids - known.locked if lock else ids - known.orgs.keys()
    if not need:
        return
    rows = Organization.objects.filter(pk__in=need)
    if lock:
        rows = rows.select_for_update()
        known.locked |= need
    for org in rows:
        known.orgs[org.pk] = org
        known.states[org.pk] = []
    for st in OrganizationState.objects.filter(
        organization_id__in=need & known.orgs.keys()
    ).order_by("organization_id", "valid_from"):
        st.organization = known.orgs[st.organization_id]
        known.states[st.organization_id].append(st)


def _load_children(known: _Known, bodies: Iterable[int]) -> None:
    need = set(bodies) - known.children.keys()
    if not need:
        return
    for body in need:
        known.children[body] = set()
    under = list(
        OrganizationState.objects.as_of(known.day)
        .filter(managing_body_id__in=need)
        .values_list("organization_id", "managing_body_id")
    )
    for org_id, body in under:
        known.children[body].add(org_id)
    # Locked as the participants: a carried unit is written, and it is read once for the batch.
    _load(known, {org_id for org_id, _body in under}, lock=True)


def _known_orphans(known: _Known, ending: set[int]) -> list[OrganizationState]:
    """As the query below: the states alive on the day of the units under ``ending``."""
    _load_children(known, ending)
    ids = {oid for body in ending for oid in known.children[body]} - ending
    found = [_alive_in(known.states[oid], known.day) for oid in ids]
    return sorted((s for s in found if s is not None), key=_by_name)


def _by_name(state: OrganizationState) -> tuple[str, str, int]:
    """Units in Vietnamese alphabetical order, the same whatever the database's collation."""
    return fold(state.name), state.name, state.organization_id


def _note_closed(state: OrganizationState) -> None:
    batch = _batch.get()
    known = batch.known if batch is not None else None
    if known is not None and state.managing_body_id in known.children:
        known.children[state.managing_body_id].discard(state.organization_id)


def _note_opened(state: OrganizationState, created: bool = False) -> None:
    batch = _batch.get()
    if batch is None:
        return
    if created:
        batch.created.add(state.organization_id)
    known = batch.known
    if known is None:
        return
    if state.valid_from != known.day:  # not an event of the batch's day: read again
        batch.known = None
        return
    if created:
        known.orgs[state.organization_id] = state.organization
        known.locked.add(state.organization_id)
        known.states[state.organization_id] = []
    if state.organization_id in known.states:
        known.states[state.organization_id].append(state)
    if state.managing_body_id in known.children:
        known.children[state.managing_body_id].add(state.organization_id)


def registry_apply_event(*, acting_user: Any, data: EventInput) -> ReorgEvent:
    """Validate and record one reorganization event in the registry (all or nothing)."""
    problems = Collector()
    kind = data.kind
    day = data.effective_date
    if kind not in EventKind.values:
        raise Refused.one("kind", _("Loại sự kiện “%(v)s” không có trong danh mục.") % {"v": kind})
    if day is None:
        problems.add("effective_date", _("Thiếu ngày hiệu lực."))
    doc: LegalDocument | None = None
    try:
        doc = (
            data.decision
            if isinstance(data.decision, LegalDocument)
            else document_resolve(acting_user=acting_user, decision=data.decision)
        )
    except Refused as exc:
        problems.extend(exc.problems)
    problems.raise_if_any()
    assert day is not None and doc is not None
    if day < doc.date:
        problems.add(
            "effective_date",
            _("Ngày hiệu lực %(day)s trước ngày ban hành quyết định %(doc)s.")
            % {"day": d(day), "doc": d(doc.date)},
        )

    low, high = _SHAPES[kind]
    label = _kind_label(kind)
    pred_ids = list(dict.fromkeys(int(p) for p in data.predecessors))
    new_units = [s for s in data.successors if isinstance(s, NewUnit)]
    existing_succ = list(
        dict.fromkeys(int(s) for s in data.successors if not isinstance(s, NewUnit))
    )
    if kind == EventKind.ABSORB:
        pred_ids = [p for p in pred_ids if p not in existing_succ]
    if len(pred_ids) < low:
        if kind == EventKind.MERGE:
            problems.add("predecessors", _("Hợp nhất cần ít nhất 2 đơn vị trước."))
        else:
            problems.add(
                "predecessors",
                _("Sự kiện %(k)s cần ít nhất %(n)s đơn vị trước.") % {"k": label, "n": low},
            )
    if high is not None and len(pred_ids) > high:
        if high == 0:
            problems.add("predecessors", _("Thành lập mới không có đơn vị trước."))
        else:
            problems.add(
                "predecessors",
                _("Sự kiện %(k)s chỉ có %(n)s đơn vị trước.") % {"k": label, "n": high},
            )

    # Successor shape per kind.
    if kind in (EventKind.ESTABLISH, EventKind.SEPARATE) and not new_units:
        problems.add(
            "successors", _("Sự kiện %(k)s phải có ít nhất một đơn vị mới.") % {"k": label}
        )
    if kind == EventKind.MERGE and (len(new_units) != 1 or existing_succ):
        problems.add(
            "successors",
            _(
                "Hợp nhất tạo đúng một đơn vị mới; để nhập vào đơn vị đang hoạt động hãy dùng sáp nhập."
            ),
        )
    if kind == EventKind.SPLIT and (len(new_units) < 2 or existing_succ):
        problems.add("successors", _("Chia đơn vị phải tạo ít nhất 2 đơn vị mới."))
    if kind == EventKind.ABSORB and (len(existing_succ) != 1 or new_units):
        problems.add("successors", _("Sáp nhập cần đúng một đơn vị nhận đang hoạt động."))
    if kind in (EventKind.DISSOLVE, EventKind.CONVERT_JSC) and data.successors:
        problems.add("successors", _("Sự kiện %(k)s không có đơn vị sau.") % {"k": label})
    keeps_units = kind in (EventKind.RENAME, EventKind.TRANSFER, EventKind.CHANGE_AUTONOMY_GROUP)
    if keeps_units and (new_units or (existing_succ and set(existing_succ) != set(pred_ids))):
        problems.add(
            "successors",
            _("Sự kiện %(k)s giữ nguyên đơn vị: đơn vị sau phải là chính các đơn vị trước.")
            % {"k": label},
        )
    if kind == EventKind.SEPARATE and set(existing_succ) - set(pred_ids):
        problems.add(
            "successors", _("Tách đơn vị: đơn vị đang có chỉ có thể là chính đơn vị bị tách.")
        )

    # Changes.
    allowed = _CHANGES_ALLOWED.get(kind, set())
    changes = {k: v for k, v in (data.changes or {}).items() if v not in (None, "")}
    for key in changes.keys() - allowed:
        problems.add(
            f"changes.{key}", _("Sự kiện %(k)s không thay đổi “%(f)s”.") % {"k": label, "f": key}
        )
    if kind == EventKind.RENAME:
        changes["name"] = nfc(str(changes.get("name", "")))
        if not changes["name"]:
            problems.add("changes.name", _("Thiếu tên mới."))
    if kind == EventKind.TRANSFER and not changes.get("managing_body"):
        problems.add("changes.managing_body", _("Thiếu cơ quan quản lý trực tiếp mới."))
    if kind == EventKind.CHANGE_AUTONOMY_GROUP:
        try:
            changes["autonomy_group"] = int(changes.get("autonomy_group"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            changes["autonomy_group"] = None
        if changes["autonomy_group"] not in AutonomyGroup.values:
            problems.add("changes.autonomy_group", _("Nhóm tự chủ phải là 1, 2, 3 hoặc 4."))
    problems.raise_if_any()

    # No savepoint of its own: its only caller, the one door, holds one around the whole event.
    batch = _batch.get()
    known = batch.on(day) if batch is not None else None
    with transaction.atomic(savepoint=False):
        # Lock the participants so that two events cannot end the same unit at once.
        parents_named: list[int] = []
        for raw in [
            *(u.managing_body for u in new_units if u.managing_body is not None),
            changes.get("managing_body") if kind == EventKind.TRANSFER else None,
        ]:
            with contextlib.suppress(TypeError, ValueError):
                parents_named.append(int(raw))  # type: ignore[arg-type]
        # Every state of the participants and of the named managing bodies, in one read: the
        # checks below (alive on the day, nothing later) and the names of the audit rows use it.
        states_of: dict[int, list[OrganizationState]] = {}
        if known is not None:  # read once for the batch, kept as its events write
            _load(known, {*pred_ids, *existing_succ}, lock=True)
            _load(known, set(parents_named), lock=False)
            locked = {pk: known.orgs[pk] for pk in [*pred_ids, *existing_succ] if pk in known.orgs}
            states_of = {
                oid: known.states[oid] for oid in {*locked, *parents_named} if known.states.get(oid)
            }
        else:
            locked = {
                o.pk: o
                for o in Organization.objects.select_for_update().filter(
                    pk__in=[*pred_ids, *existing_succ]
                )
            }
            for st in OrganizationState.objects.filter(
                organization_id__in={*locked, *parents_named}
            ).order_by("organization_id", "valid_from"):
                states_of.setdefault(st.organization_id, []).append(st)
        for oid, org_ in locked.items():
            org_.known_last_state = states_of[oid][-1] if states_of.get(oid) else None
        pred_states: dict[int, OrganizationState] = {}
        for i, pid in enumerate([*pred_ids, *[s for s in existing_succ if s not in pred_ids]]):
            is_pred = pid in pred_ids
            path = f"predecessors[{i}]" if is_pred else "successors"
            org = locked.get(pid)
            if org is None:
                problems.add(path, _("Không có đơn vị mã số %(id)s trong sổ.") % {"id": pid})
                continue
            name = str(org)
            if day < org.valid_from or (
                is_pred and day == org.valid_from and kind != EventKind.ESTABLISH
            ):
                problems.add(
                    path,
                    _(
                        "Ngày hiệu lực %(day)s không sau ngày đơn vị “%(name)s” bắt đầu hoạt động (%(start)s)."
                    )
                    % {"day": d(day), "name": name, "start": d(org.valid_from)},
                )
                continue
            if org.valid_to is not None and org.valid_to < day:
                problems.add(
                    path,
                    _(
                        "Đơn vị “%(name)s” không còn tồn tại vào ngày %(day)s (đã kết thúc ngày %(end)s)."
                    )
                    % {"name": name, "day": d(day), "end": d(org.valid_to)},
                )
                continue
            later = next((st for st in states_of.get(pid, []) if st.valid_from >= day), None)
            if org.valid_to is not None or later is not None:
                when = later.valid_from if later else org.valid_to
                assert when is not None
                problems.add(
                    path,
                    _(
                        "Đơn vị “%(name)s” đã có thay đổi từ ngày %(when)s, sau ngày hiệu lực %(day)s: "
                        "hãy ghi các sự kiện theo thứ tự thời gian."
                    )
                    % {"name": name, "when": d(when), "day": d(day)},
                )
                continue
            state = _alive_in(states_of.get(pid, []), day)
            assert state is not None
            if is_pred:
                pred_states[pid] = state
            if (
                kind in (EventKind.CHANGE_AUTONOMY_GROUP, EventKind.CONVERT_JSC)
                and state.kind not in PUBLIC_SERVICE_UNIT_KINDS
            ):
                problems.add(
                    path, _("“%(name)s” không phải đơn vị sự nghiệp công lập.") % {"name": name}
                )

        ending = set(pred_ids) if kind in _ENDS_PREDECESSORS else set()
        parent_states: dict[int, OrganizationState] = {}

        def parent_check(parent_id: Any, path: str) -> None:
            try:
                parent_id = int(parent_id)
            except (TypeError, ValueError):
                problems.add(path, _("Cơ quan quản lý trực tiếp không hợp lệ."))
                return
            state = (
                _alive_in(states_of[parent_id], day)
                if parent_id in states_of
                else _alive_state(parent_id, day)
            )
            if state is None:
                problems.add(
                    path,
                    _("Cơ quan quản lý (mã số %(id)s) không tồn tại vào ngày %(day)s.")
                    % {"id": parent_id, "day": d(day)},
                )
            elif parent_id in ending:
                problems.add(
                    path,
                    _("Cơ quan quản lý “%(n)s” kết thúc cùng sự kiện này.") % {"n": state.name},
                )
            else:
                parent_states[parent_id] = state

        for unit in new_units:
            path = f"successors[{data.successors.index(unit)}]"
            _validate_new_unit(unit, path, day, problems)
            if unit.managing_body is not None:
                parent_check(unit.managing_body, f"{path}.managing_body")
        if kind == EventKind.TRANSFER and changes.get("managing_body"):
            parent_check(changes["managing_body"], "changes.managing_body")
            if int(changes["managing_body"]) in pred_ids:
                problems.add(
                    "changes.managing_body", _("Một đơn vị không thể trực thuộc chính nó.")
                )
        if kind == EventKind.ABSORB and existing_succ and existing_succ[0] in locked:
            receiver = locked[existing_succ[0]]
            if receiver.valid_to is not None and receiver.valid_to < day:
                pass  # reported above as not alive
        # Units under an ending body: on a merge or an absorption they follow it to its successor
        # (recorded as transfers by the same decision); otherwise they must be transferred first.
        orphans = (
            _known_orphans(known, ending)
            if known is not None
            else sorted(
                OrganizationState.objects.as_of(day)
                .filter(managing_body_id__in=ending)
                .exclude(organization_id__in=ending)
                .select_related("organization"),
                key=_by_name,
            )
        )
        carried = kind in (EventKind.MERGE, EventKind.ABSORB)
        left: dict[int, list[str]] = {}
        # A unit to carry must not change after the day already (its later state would overlap).
        later_start: dict[int, dt.date] = {}
        if carried and orphans:
            if known is not None:
                later_start = {
                    c.organization_id: st.valid_from
                    for c in orphans
                    for st in reversed(known.states[c.organization_id])
                    if st.valid_from > day
                }
            else:
                later_start = dict(
                    OrganizationState.objects.filter(
                        organization_id__in=[c.organization_id for c in orphans],
                        valid_from__gt=day,
                    )
                    .order_by("organization_id", "-valid_from")
                    .values_list("organization_id", "valid_from")
                )
        for child in orphans:
            left.setdefault(child.managing_body_id or 0, []).append(child.name)
            changed_on = (
                child.valid_from
                if child.valid_from >= day
                else later_start.get(child.organization_id)
            )
            if changed_on is not None:
                problems.add(
                    "predecessors",
                    _("Đơn vị trực thuộc “%(c)s” đã có thay đổi từ ngày %(day)s.")
                    % {"c": child.name, "day": d(changed_on)},
                )
        if not carried:
            for parent_id, names in left.items():
                problems.add(
                    f"predecessors[{pred_ids.index(parent_id)}]",
                    _(
                        "“%(p)s” còn %(n)s đơn vị trực thuộc vào ngày %(day)s (%(names)s): "
                        "hãy chuyển giao các đơn vị này trước."
                    )
                    % {
                        "p": pred_states[parent_id].name if parent_id in pred_states else parent_id,
                        "n": len(names),
                        "day": d(day),
                        "names": ", ".join(names[:3]) + ("…" if len(names) > 3 else ""),
                    },
                )
        codes = [nfc(u.code) for u in new_units if u.code]
        if len(codes) != len(set(codes)):
            problems.add("successors", _("Hai đơn vị mới trùng mã."))
        problems.raise_if_any()

        event = ReorgEvent.objects.create(
            kind=kind,
            effective_date=day,
            decision=doc,
            changes=changes,
            note=nfc(data.note or ""),
        )
        ended_on = day - ONE_DAY
        reason = _("Theo %(doc)s") % {"doc": doc}
        # The links in the order of always (predecessors, existing successors, new units), written
        # together once the new units exist; the steps of the one door read them from the event.
        links = [
            EventLink(event=event, organization=locked[pid], role=LinkRole.PREDECESSOR)
            for pid in pred_ids
        ]
        changed = [locked[pid] for pid in pred_ids]
        befores = [
            {
                "organization": audit.snapshot(locked[pid]),
                "state": _state_snapshot(pred_states[pid]),
            }
            for pid in pred_ids
        ]
        # Close the predecessors' states in one statement, then open the changed ones' new states.
        for pid in pred_ids:
            if pid in ending or kind in _CHANGES_ALLOWED:
                pred_states[pid].valid_to = ended_on
        closing = [pred_states[pid].pk for pid in pred_ids if pred_states[pid].valid_to == ended_on]
        if closing:
            OrganizationState.objects.filter(pk__in=closing).update(valid_to=ended_on)
            for pid in pred_ids:
                if pred_states[pid].valid_to == ended_on:
                    _note_closed(pred_states[pid])
        final_states: list[OrganizationState] = []
        for pid in pred_ids:
            org = locked[pid]
            state = pred_states[pid]
            if pid in ending:
                org.valid_to = ended_on
            elif kind in _CHANGES_ALLOWED:
                new_values = {
                    f: getattr(state, f if f != "managing_body" else "managing_body_id")
                    for f in STATE_FIELDS
                }
                new_values["managing_body"] = state.managing_body_id
                if kind == EventKind.TRANSFER:
                    new_values["managing_body"] = int(changes["managing_body"])
                    new_values["level"] = changes.get("level") or _level_for(
                        state.kind, parent_states.get(int(changes["managing_body"]))
                    )
                else:
                    new_values.update({k: changes[k] for k in allowed if k in changes})
                state = _open_state(org, day, event, new_values)
            bump(org)
            org.known_last_state = state
            final_states.append(state)
        if changed:
            # The rows are locked above: one more version each, the ending ones closed.
            ended_pks = [org.pk for org in changed if org.pk in ending]
            if ended_pks:
                Organization.objects.filter(pk__in=ended_pks).update(
                    valid_to=ended_on, version=F("version") + 1
                )
            kept_pks = [org.pk for org in changed if org.pk not in ending]
            if kept_pks:
                Organization.objects.filter(pk__in=kept_pks).update(version=F("version") + 1)
            audit.record_many(
                actor=acting_user,
                action=f"event_{kind}",
                objects=changed,
                befores=befores,
                afters=[
                    {"organization": audit.snapshot(org), "state": _state_snapshot(st)}
                    for org, st in zip(changed, final_states, strict=True)
                ],
                reason=reason,
            )
        successor_ids = [sid for sid in existing_succ if sid not in pred_ids]
        links += [
            EventLink(event=event, organization=locked[sid], role=LinkRole.SUCCESSOR)
            for sid in successor_ids
        ]
        for unit in new_units:
            parent_state = (
                parent_states.get(int(unit.managing_body)) if unit.managing_body else None
            )
            org = Organization.objects.create(
                code=nfc(unit.code) if unit.code else None, valid_from=day, is_demo=unit.is_demo
            )
            state = _open_state(
                org,
                day,
                event,
                created=True,
                values={
                    "name": nfc(unit.name),
                    "kind": unit.kind,
                    "sector": unit.sector,
                    "category": unit.category or "",
                    "level": unit.level or _level_for(unit.kind, parent_state),
                    "managing_body": int(unit.managing_body) if unit.managing_body else None,
                    "autonomy_group": unit.autonomy_group,
                    "unit_class": nfc(unit.unit_class or ""),
                    "has_management_board": unit.has_management_board,
                },
            )
            org.known_last_state = state
            links.append(EventLink(event=event, organization=org, role=LinkRole.SUCCESSOR))
            successor_ids.append(org.pk)
            audit.record(
                actor=acting_user,
                action=f"event_{kind}",
                obj=org,
                before=None,
                after={"organization": audit.snapshot(org), "state": _state_snapshot(state)},
                reason=reason,
            )
        EventLink.objects.bulk_create(links)
        # The steps of the one door read the links (with their units as just written) from here.
        written = event.links.all()
        written._result_cache = links
        written._prefetch_done = True  # type: ignore[attr-defined]
        event._prefetched_objects_cache = {"links": written}  # type: ignore[attr-defined]
        if carried and orphans:
            receiver_id = existing_succ[0] if kind == EventKind.ABSORB else successor_ids[0]
            _carry_children(acting_user, event, orphans, receiver_id)
        audit.record(
            actor=acting_user,
            action="create",
            obj=event,
            before=None,
            after={
                **audit.snapshot(event),
                "predecessors": pred_ids,
                "successors": successor_ids,
            },
            reason=nfc(data.note or ""),
        )
    return event


def _carry_children(
    acting_user: Any, event: ReorgEvent, children: list[OrganizationState], receiver_id: int
) -> None:
    """Move the live units of ended bodies under the successor: one transfer event each, same decision."""
    day = event.effective_date
    histories = known_histories([receiver_id], day)
    receiver_state = (
        _alive_in(histories[receiver_id], day)
        if histories is not None
        else _alive_state(receiver_id, day)
    )
    for state in children:
        transfer = ReorgEvent.objects.create(
            kind=EventKind.TRANSFER,
            effective_date=day,
            decision=event.decision,
            changes={"managing_body": receiver_id, "carried_by_event": event.pk},
            note=_("Chuyển theo cơ quan quản lý (%(e)s)") % {"e": event.get_kind_display().lower()},
        )
        EventLink.objects.create(
            event=transfer, organization_id=state.organization_id, role=LinkRole.PREDECESSOR
        )
        before = _state_snapshot(state)
        values = {f: getattr(state, f) for f in STATE_FIELDS if f != "managing_body"}
        values["managing_body"] = receiver_id
        values["level"] = _level_for(state.kind, receiver_state)
        state.valid_to = day - ONE_DAY
        state.save(update_fields=["valid_to"])
        _note_closed(state)
        new_state = _open_state(state.organization, day, transfer, values)
        org = state.organization
        org.known_last_state = new_state
        bump(org)
        org.save(update_fields=["version"])
        audit.record(
            actor=acting_user,
            action="event_transfer",
            obj=org,
            before={"state": before},
            after={"state": _state_snapshot(new_state)},
            reason=_("Theo %(doc)s") % {"doc": event.decision},
        )


def _state_snapshot(state: OrganizationState) -> dict[str, Any]:
    return audit.snapshot(state, ["valid_from", "valid_to", *STATE_FIELDS])


def _open_state(
    org: Organization,
    day: dt.date,
    event: ReorgEvent | None,
    values: dict[str, Any],
    *,
    created: bool = False,
) -> OrganizationState:
    values = dict(values)
    managing_body = values.pop("managing_body", None)
    state = OrganizationState(
        organization=org,
        valid_from=day,
        valid_to=None,
        managing_body_id=managing_body,
        opened_by=event,
        **values,
    )
    state.save()
    _note_opened(state, created=created)
    return state


# ---------------------------------------------------------------------------------------------
# Units that existed before the record starts, and corrections


def organization_register_existing(
    *, acting_user: Any, unit: NewUnit, valid_from: dt.date, reason: str = ""
) -> Organization:
    """Enter a unit that already existed when the record starts (onboarding), with no event.

    Its establishment decision is unknown to the system; every later change must be an event.
    """
    problems = Collector()
    _validate_new_unit(unit, "", valid_from, problems)
    parent_state = None
    if unit.managing_body is not None:
        parent_state = _alive_state(int(unit.managing_body), valid_from)
        if parent_state is None:
            problems.add(
                "managing_body",
                _("Cơ quan quản lý (mã số %(id)s) không tồn tại vào ngày %(day)s.")
                % {"id": unit.managing_body, "day": d(valid_from)},
            )
    problems.raise_if_any()
    with transaction.atomic():
        org = Organization.objects.create(
            code=nfc(unit.code) if unit.code else None, valid_from=valid_from, is_demo=unit.is_demo
        )
        state = _open_state(
            org,
            valid_from,
            None,
            {
                "name": nfc(unit.name),
                "kind": unit.kind,
                "sector": unit.sector,
                "category": unit.category or "",
                "level": unit.level or _level_for(unit.kind, parent_state),
                "managing_body": int(unit.managing_body) if unit.managing_body else None,
                "autonomy_group": unit.autonomy_group,
                "unit_class": nfc(unit.unit_class or ""),
                "has_management_board": unit.has_management_board,
            },
        )
        audit.record(
            actor=acting_user,
            action="register_existing",
            obj=org,
            before=None,
            after={"organization": audit.snapshot(org), "state": _state_snapshot(state)},
            reason=nfc(reason),
        )
    return org


CORRECTABLE_FIELDS = ("name", "sector", "category", "unit_class", "has_management_board", "code")


def organization_correct(
    *,
    acting_user: Any,
    organization: Organization,
    state: OrganizationState,
    changes: dict[str, Any],
    reason: str,
    expected_version: int | None,
) -> OrganizationState:
    """Correct a wrongly entered record in place (đính chính), not a change from a date on.

    The period stays as it was; the audit row keeps before → after and the reason.
    """
    reason = nfc(reason or "")
    problems = Collector()
    if not reason:
        problems.add("reason", _("Phải nêu lý do đính chính."))
    for key in changes.keys() - set(CORRECTABLE_FIELDS):
        problems.add(
            key,
            _("“%(f)s” không đính chính được; thay đổi từ một ngày phải ghi bằng sự kiện.")
            % {"f": key},
        )
    if "name" in changes and not nfc(str(changes["name"] or "")):
        problems.add("name", _("Tên không được để trống."))
    if "sector" in changes and changes["sector"] not in Sector.values:
        problems.add(
            "sector", _("Lĩnh vực “%(v)s” không có trong danh mục.") % {"v": changes["sector"]}
        )
    if "category" in changes and changes["category"] not in Category.values:
        problems.add(
            "category", _("Phân loại “%(v)s” không có trong danh mục.") % {"v": changes["category"]}
        )
    problems.raise_if_any()
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        check_version(org, expected_version)
        state = OrganizationState.objects.select_for_update().get(pk=state.pk, organization=org)
        before = {"organization": audit.snapshot(org), "state": _state_snapshot(state)}
        for key, value in changes.items():
            if key == "code":
                code = nfc(str(value or "")) or None
                if code and Organization.objects.exclude(pk=org.pk).filter(code=code).exists():
                    raise Refused.one(
                        "code", _("Mã “%(v)s” đã được dùng cho đơn vị khác.") % {"v": code}
                    )
                org.code = code
            else:
                setattr(state, key, nfc(value) if isinstance(value, str) else value)
        state.save()
        bump(org)
        org.save(update_fields=["code", "version"])
        audit.record(
            actor=acting_user,
            action="correct",
            obj=org,
            before=before,
            after={"organization": audit.snapshot(org), "state": _state_snapshot(state)},
            reason=reason,
        )
    return state
