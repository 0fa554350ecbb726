"""The impact of a restructuring project, computed before anything is written.

:func:`simulate` plays the project's proposed events in memory over the registry as it stands on
the effective date — the same rules as the one door's steps (people of a merged or absorbed unit
follow it to its single successor, others wait for a place unless the project maps them; quotas
follow the staffing step: summed into the successor, split evenly, recovered on dissolution;
units under an ended body follow it to its successor) — and checks every proposed event and
row (each refusal names ``events[i]…`` or ``placements[j]``). :func:`impact` turns the result
into the figures shown on the comparison page and stored with each version of the draft.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tinhgon.core.errors import Collector, Problem
from tinhgon.core.text import nfc
from tinhgon.indicators import selectors as indicators
from tinhgon.indicators.choices import Measure
from tinhgon.organizations.choices import (
    PUBLIC_SERVICE_UNIT_KINDS,
    AutonomyGroup,
    Category,
    EventKind,
    Kind,
    Sector,
)
from tinhgon.organizations.models import ClassCount, Organization, OrganizationState
from tinhgon.positions.choices import DecisionStatus
from tinhgon.positions.models import PositionDecision
from tinhgon.rules import catalogue as rules
from tinhgon.rules import target_status
from tinhgon.staffing import selectors as ledger
from tinhgon.staffing.choices import QuotaKind
from tinhgon.workforce.choices import EmploymentKind, LeaderRole
from tinhgon.workforce.models import Assignment, LeadershipAppointment, Person, alive_on
from tinhgon.workforce.selectors import COUNTED, unit_type_for

ENDING = {
    EventKind.MERGE,
    EventKind.ABSORB,
    EventKind.SPLIT,
    EventKind.CONVERT_JSC,
    EventKind.DISSOLVE,
}
CARRYING = {EventKind.MERGE, EventKind.ABSORB}  # units under an ended body follow it
KIND_LABELS = {k: str(v).lower() for k, v in EventKind.choices}


def d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class Sim:
    """A unit as the project leaves it (``ref``: the registry id as text, or ``new:KEY``)."""

    ref: str
    name: str
    kind: str
    sector: str
    managing_body: str | None
    autonomy_group: int | None
    category: str = ""
    unit_class: str = ""
    org_id: int | None = None
    alive: bool = True
    ended_by: int | None = None  # index of the ending event
    persons: list[tuple[int, str]] = field(default_factory=list)
    deputies: int = 0
    quota: dict[str, int] = field(default_factory=dict)
    touched: bool = False

    @property
    def is_unit(self) -> bool:
        return self.kind in PUBLIC_SERVICE_UNIT_KINDS


@dataclass
class Simulation:
    day: dt.date
    units: dict[str, Sim]
    before: dict[str, Sim]  # existing units involved, as they are on the day (copies)
    without_place: list[tuple[int, str, str]]  # (person, employment kind, from ref)
    moved: list[tuple[int, str, str]]  # (person, from ref, to ref) incl. placements
    placements: dict[int, str]  # person → destination ref (explicit rows)
    event_refs: list[dict[str, Any]]  # per event: predecessor/successor refs
    problems: Collector
    baseline: dict[str, Any]


def _ref(value: Any) -> str | None:
    """``12`` / ``"12"`` → ``"12"``; ``"A"`` → ``"new:A"``; blank → None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    text = nfc(str(value)).strip()
    if text.isdigit():
        return str(int(text))
    if text.startswith("new:"):
        return text
    return f"new:{text}"


def _has(problems: Collector, prefix: str) -> bool:
    return any(
        p.path == prefix or p.path.startswith(prefix + ".") or p.path.startswith(prefix + "[")
        for p in problems.problems
    )


def ref_org_id(ref: str) -> int | None:
    return int(ref) if ref.isdigit() else None


def _copy(s: Sim) -> Sim:
    return Sim(**{**s.__dict__, "persons": list(s.persons), "quota": dict(s.quota)})


def _existing_refs(content: dict[str, Any]) -> set[int]:
    ids: set[int] = set()

    def add(v: Any) -> None:
        r = _ref(v)
        if r is not None and r.isdigit():
            ids.add(int(r))

    for ev in content.get("events", []):
        for p in ev.get("predecessors") or []:
            add(p)
        add(ev.get("receiver"))
        add((ev.get("changes") or {}).get("managing_body"))
        for u in ev.get("new_units") or []:
            add(u.get("managing_body"))
    for row in content.get("placements", []):
        add(row.get("destination"))
    return ids


def simulate(content: dict[str, Any], day: dt.date | None, *, applied: bool = False) -> Simulation:
    """Play ``content`` (``{"events": [...], "placements": [...]}``) over the registry as it
    stands the day before ``day`` (an applied project is read the same way: its impact stays
    what it was). Unless ``applied``, every unit must still be alive on ``day``."""
    problems = Collector()
    if day is None:
        problems.add("effective_date", _("Thiếu ngày hiệu lực dự kiến của đề án."))
        return Simulation(dt.date.min, {}, {}, [], [], {}, [], problems, {})
    events = list(content.get("events") or [])
    if not events:
        problems.add("events", _("Đề án chưa có sự kiện nào."))
    ids = _existing_refs(content)
    base = day - dt.timedelta(days=1)
    states = {
        s.organization_id: s
        for s in OrganizationState.objects.as_of(base).filter(organization_id__in=ids)
    }
    # A body that starts on the day itself (established by an event recorded for that day, like the
    # communes of 01/07/2025) may receive units.
    for st in OrganizationState.objects.as_of(day).filter(
        organization_id__in=ids - set(states), organization__valid_from=day
    ):
        states[st.organization_id] = st
    if not applied:
        for oid, _end in Organization.objects.filter(
            pk__in=list(states), valid_to__lt=day
        ).values_list("pk", "valid_to"):
            del states[oid]  # ends before the project takes effect: reported as not alive
    # Units under the units the project may end: they follow a merged or absorbed body.
    ending_ids = {
        int(r)
        for ev in events
        if ev.get("kind") in ENDING
        for p in ev.get("predecessors") or []
        if (r := _ref(p)) is not None and r.isdigit()
    }
    children = list(
        OrganizationState.objects.as_of(base)
        .filter(managing_body_id__in=ending_ids)
        .exclude(organization_id__in=ids)
    )
    for child in children:
        states[child.organization_id] = child
    all_ids = list(states)
    # People, deputies and quotas of the existing units involved, on the day.
    persons: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pid, org, kind in (
        Assignment.objects.filter(alive_on(base), full_time=True, organization_id__in=all_ids)
        .values_list("person_id", "organization_id", "person__employment_kind")
        .order_by("person_id")
    ):
        persons[org].append((pid, kind))
    deputies = dict(
        LeadershipAppointment.objects.filter(
            alive_on(base), role=LeaderRole.DEPUTY, organization_id__in=all_ids
        )
        .values_list("organization_id")
        .annotate(n=Count("id"))
    )
    quotas = {k: ledger.balances(all_ids, k, base) for k in QuotaKind.values}
    versions = dict(Organization.objects.filter(pk__in=all_ids).values_list("pk", "version"))

    units: dict[str, Sim] = {}
    for oid, st in states.items():
        units[str(oid)] = Sim(
            ref=str(oid),
            name=st.name,
            kind=st.kind,
            sector=st.sector,
            managing_body=str(st.managing_body_id) if st.managing_body_id else None,
            autonomy_group=st.autonomy_group,
            category=st.category,
            unit_class=st.unit_class,
            org_id=oid,
            persons=list(persons.get(oid, [])),
            deputies=deputies.get(oid, 0),
            quota={k: quotas[k].get(oid, 0) for k in QuotaKind.values},
        )
    before = {r: _copy(u) for r, u in units.items()}
    children_of: dict[str, set[str]] = defaultdict(set)  # managing body → units under it
    for existing_unit in units.values():
        if existing_unit.managing_body:
            children_of[existing_unit.managing_body].add(existing_unit.ref)

    def move_under(unit: Sim, body: str | None) -> None:
        if unit.managing_body:
            children_of[unit.managing_body].discard(unit.ref)
        unit.managing_body = body
        if body:
            children_of[body].add(unit.ref)

    without_place: list[tuple[int, str, str]] = []
    moved: list[tuple[int, str, str]] = []
    event_refs: list[dict[str, Any]] = []
    default_dest: dict[int, str | None] = {}  # person → default destination (None: no place)
    person_from: dict[int, str] = {}
    defined_at: dict[str, int] = {}

    def resolve(value: Any, path: str, i: int, *, must_live: bool = True) -> Sim | None:
        ref = _ref(value)
        if ref is None:
            problems.add(path, _("Thiếu đơn vị."))
            return None
        unit = units.get(ref)
        if unit is None:
            if ref.startswith("new:"):
                problems.add(
                    path,
                    _("Chưa có đơn vị mới “%(k)s” ở một sự kiện trước của đề án.") % {"k": ref[4:]},
                )
            else:
                problems.add(
                    path,
                    _("Đơn vị mã số %(id)s không hoạt động vào ngày %(day)s.")
                    % {"id": ref, "day": d(day)},
                )
            return None
        if must_live and not unit.alive:
            problems.add(
                path,
                _("Đơn vị “%(n)s” đã kết thúc ở sự kiện số %(e)s (%(k)s) của đề án.")
                % {
                    "n": unit.name,
                    "e": (unit.ended_by or 0) + 1,
                    "k": KIND_LABELS.get(events[unit.ended_by or 0].get("kind"), ""),
                },
            )
            return None
        return unit

    receivers: list[tuple[str, str]] = []  # (ref, path) of units that receive something
    for i, ev in enumerate(events):
        path = f"events[{i}]"
        kind = ev.get("kind")
        refs: dict[str, Any] = {"kind": kind, "predecessors": [], "successors": []}
        event_refs.append(refs)
        if kind not in EventKind.values or kind == EventKind.ESTABLISH:
            problems.add(
                f"{path}.kind",
                _("Loại sự kiện “%(v)s” không dùng được trong đề án sắp xếp.") % {"v": kind},
            )
            continue
        label = KIND_LABELS[kind]
        preds: list[Sim] = []
        seen: set[str] = set()
        for j, p in enumerate(ev.get("predecessors") or []):
            u = resolve(p, f"{path}.predecessors[{j}]", i)
            if u is not None and u.ref not in seen:
                preds.append(u)
                seen.add(u.ref)
        new_specs = list(ev.get("new_units") or [])
        receiver = None
        if kind == EventKind.ABSORB:
            if ev.get("receiver") in (None, ""):
                problems.add(f"{path}.receiver", _("Sáp nhập cần đúng một đơn vị nhận."))
            else:
                receiver = resolve(ev.get("receiver"), f"{path}.receiver", i)
                if receiver is not None:
                    receivers.append((receiver.ref, f"{path}.receiver"))
                    preds = [p for p in preds if p.ref != receiver.ref]
        lows = {
            EventKind.MERGE: 2,
            EventKind.ABSORB: 1,
        }
        if len(preds) < lows.get(kind, 1) and not _has(problems, f"{path}.predecessors"):
            problems.add(
                f"{path}.predecessors",
                _("Sự kiện %(k)s cần ít nhất %(n)s đơn vị trước.")
                % {"k": label, "n": lows.get(kind, 1)},
            )
        if kind in (EventKind.SPLIT, EventKind.SEPARATE, EventKind.RENAME) and len(preds) > 1:
            problems.add(
                f"{path}.predecessors", _("Sự kiện %(k)s chỉ có 1 đơn vị trước.") % {"k": label}
            )
        need_new = {
            EventKind.MERGE: (1, 1),
            EventKind.SPLIT: (2, None),
            EventKind.SEPARATE: (1, None),
        }
        low, high = need_new.get(kind, (0, 0))
        if len(new_specs) < low or (high is not None and len(new_specs) > high):
            if kind == EventKind.MERGE:
                msg = _("Hợp nhất tạo đúng một đơn vị mới.")
            elif low:
                msg = _("Sự kiện %(k)s phải có ít nhất %(n)s đơn vị mới.") % {"k": label, "n": low}
            else:
                msg = _("Sự kiện %(k)s không tạo đơn vị mới.") % {"k": label}
            problems.add(f"{path}.new_units", msg)
        # New units.
        news: list[Sim] = []
        for j, spec in enumerate(new_specs if low else []):
            npath = f"{path}.new_units[{j}]"
            key = nfc(str(spec.get("key") or "")).strip() or f"{i + 1}.{j + 1}"
            ref = f"new:{key}"
            if key.isdigit() or ref in units:
                problems.add(
                    f"{npath}.key", _("Mã tạm “%(k)s” trùng hoặc chỉ gồm chữ số.") % {"k": key}
                )
                continue
            name = nfc(str(spec.get("name") or "")).strip()
            if not name:
                problems.add(f"{npath}.name", _("Thiếu tên đơn vị mới."))
            ukind = spec.get("kind") or ""
            if ukind not in Kind.values or ukind not in PUBLIC_SERVICE_UNIT_KINDS:
                problems.add(
                    f"{npath}.kind",
                    _("Loại hình “%(v)s” không phải đơn vị sự nghiệp công lập.") % {"v": ukind},
                )
            sector = spec.get("sector") or ""
            if sector not in Sector.values:
                problems.add(
                    f"{npath}.sector",
                    _("Lĩnh vực “%(v)s” không có trong danh mục.") % {"v": sector},
                )
            category = spec.get("category") or ""
            if category and category not in Category.values:
                problems.add(
                    f"{npath}.category",
                    _("Phân loại “%(v)s” không có trong danh mục.") % {"v": category},
                )
            group = spec.get("autonomy_group")
            if group in ("", None):
                group = None
            else:
                try:
                    group = int(group)
                except (TypeError, ValueError):
                    group = -1
                if group not in AutonomyGroup.values:
                    problems.add(
                        f"{npath}.autonomy_group", _("Nhóm tự chủ phải là 1, 2, 3 hoặc 4.")
                    )
                    group = None
            body = None
            if spec.get("managing_body") in (None, ""):
                problems.add(
                    f"{npath}.managing_body",
                    _("Đơn vị mới “%(n)s” thiếu cơ quan quản lý trực tiếp.") % {"n": name or key},
                )
            else:
                body = resolve(spec.get("managing_body"), f"{npath}.managing_body", i)
                if body is not None:
                    receivers.append((body.ref, f"{npath}.managing_body"))
            sim = Sim(
                ref=ref,
                name=name,
                kind=ukind,
                sector=sector,
                managing_body=body.ref if body else None,
                autonomy_group=group,
                category=category,
                unit_class=nfc(str(spec.get("unit_class") or "")),
                quota=dict.fromkeys(QuotaKind.values, 0),
                touched=True,
            )
            defined_at[ref] = i
            news.append(sim)
        changes = dict(ev.get("changes") or {})
        if kind == EventKind.RENAME and not nfc(str(changes.get("name") or "")).strip():
            problems.add(f"{path}.changes.name", _("Thiếu tên mới."))
        target_body = None
        if kind == EventKind.TRANSFER:
            if changes.get("managing_body") in (None, ""):
                problems.add(
                    f"{path}.changes.managing_body", _("Thiếu cơ quan quản lý trực tiếp mới.")
                )
            else:
                target_body = resolve(changes["managing_body"], f"{path}.changes.managing_body", i)
                if target_body is not None:
                    receivers.append((target_body.ref, f"{path}.changes.managing_body"))
                    if target_body.ref in {p.ref for p in preds}:
                        problems.add(
                            f"{path}.changes.managing_body",
                            _("Một đơn vị không thể trực thuộc chính nó."),
                        )
        new_group = None
        if kind == EventKind.CHANGE_AUTONOMY_GROUP:
            try:
                new_group = int(changes.get("autonomy_group"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                new_group = None
            if new_group not in AutonomyGroup.values:
                problems.add(
                    f"{path}.changes.autonomy_group", _("Nhóm tự chủ phải là 1, 2, 3 hoặc 4.")
                )
        if kind in (EventKind.CHANGE_AUTONOMY_GROUP, EventKind.CONVERT_JSC):
            for j, p in enumerate(preds):
                if not p.is_unit:
                    problems.add(
                        f"{path}.predecessors[{j}]",
                        _("“%(n)s” không phải đơn vị sự nghiệp công lập.") % {"n": p.name},
                    )
        # Autonomy: a merger may not lower the group (ND 120/2020 art 5).
        pred_groups = [p.autonomy_group for p in preds if p.autonomy_group and not applied]
        if kind == EventKind.MERGE and news and pred_groups:
            best = min(pred_groups)
            got = news[0].autonomy_group
            if got is None or got > best:
                problems.add(
                    f"{path}.new_units[0].autonomy_group",
                    _(
                        "Đơn vị hợp nhất phải có nhóm tự chủ không thấp hơn nhóm %(b)s của đơn vị "
                        "trước (Nghị định 120/2020/NĐ-CP Điều 5)."
                    )
                    % {"b": best},
                )
        if kind == EventKind.ABSORB and receiver is not None and pred_groups:
            best = min(pred_groups)
            if (receiver.autonomy_group or 4) > best:
                problems.add(
                    f"{path}.receiver",
                    _(
                        "Đơn vị nhận “%(n)s” (nhóm %(g)s) thấp hơn nhóm %(b)s của đơn vị sáp nhập: "
                        "sáp nhập không được làm giảm mức tự chủ (Nghị định 120/2020/NĐ-CP Điều 5)."
                    )
                    % {"n": receiver.name, "g": receiver.autonomy_group or "—", "b": best},
                )
        if _has(problems, path):
            continue

        # Play the event.
        refs["predecessors"] = [p.ref for p in preds]
        for new_unit in news:
            units[new_unit.ref] = new_unit
            if new_unit.managing_body:
                children_of[new_unit.managing_body].add(new_unit.ref)
        succ = [receiver] if receiver is not None else news
        refs["successors"] = [s.ref for s in succ]
        for p in [*preds, *succ]:
            p.touched = True
        if kind in ENDING:
            ended_refs = {p.ref for p in preds}
            for p in preds:
                p.alive = False
                p.ended_by = i
            # Units under the ended bodies.
            under = [units[r] for ref in ended_refs for r in sorted(children_of.get(ref, ()))]
            for c in under:
                if c.alive and c.managing_body in ended_refs:
                    if kind in CARRYING:
                        move_under(c, succ[0].ref)
                        c.touched = True
                    else:
                        problems.add(
                            f"{path}.predecessors",
                            _(
                                "“%(p)s” còn đơn vị trực thuộc “%(c)s”: hãy chuyển giao đơn vị "
                                "này trước (một sự kiện chuyển giao trong đề án)."
                            )
                            % {"p": units[c.managing_body].name, "c": c.name},
                        )
            for p in preds:
                for person, ekind in p.persons:
                    person_from[person] = p.ref
                    if kind in CARRYING:
                        succ[0].persons.append((person, ekind))
                        default_dest[person] = succ[0].ref
                        moved.append((person, p.ref, succ[0].ref))
                    else:
                        default_dest[person] = None
                        without_place.append((person, ekind, p.ref))
                if kind in CARRYING:
                    succ[0].deputies += p.deputies
                p.persons = []
                p.deputies = 0
                for qk, amount in p.quota.items():
                    if amount > 0 and kind in (EventKind.MERGE, EventKind.ABSORB, EventKind.SPLIT):
                        share, rest = divmod(amount, len(succ))
                        for n, su in enumerate(succ):
                            su.quota[qk] = su.quota.get(qk, 0) + share + (1 if n < rest else 0)
                    p.quota[qk] = 0
        elif kind == EventKind.RENAME:
            preds[0].name = nfc(str(changes["name"])).strip()
        elif kind == EventKind.TRANSFER:
            assert target_body is not None
            for p in preds:
                move_under(p, target_body.ref)
        elif kind == EventKind.CHANGE_AUTONOMY_GROUP:
            preds[0].autonomy_group = new_group

    # A unit that receives (absorbs, manages a new unit, takes a transfer) must not end.
    for ref, rpath in receivers:
        u = units.get(ref)
        if u is not None and not u.alive:
            problems.add(
                rpath,
                _("Đơn vị “%(n)s” bị %(k)s ở sự kiện số %(e)s của cùng đề án.")
                % {
                    "n": u.name,
                    "k": KIND_LABELS.get(events[u.ended_by or 0].get("kind"), ""),
                    "e": (u.ended_by or 0) + 1,
                },
            )
    # Placements: people waiting for a place after a split, a dissolution or a conversion.
    placements: dict[int, str] = {}
    rows = list(content.get("placements") or [])
    known = set(
        Person.objects.filter(
            pk__in=[r.get("person") for r in rows if r.get("person")]
        ).values_list("pk", flat=True)
    )
    for j, row in enumerate(rows):
        ppath = f"placements[{j}]"
        try:
            person = int(row.get("person"))
        except (TypeError, ValueError):
            person = 0
        if person not in known:
            problems.add(f"{ppath}.person", _("Không có người này."))
            continue
        if person in placements:
            problems.add(f"{ppath}.person", _("Người này đã có một dòng bố trí khác."))
            continue
        if person not in person_from:
            problems.add(
                f"{ppath}.person",
                _("Người này không làm việc ở đơn vị nào mà đề án kết thúc."),
            )
            continue
        if default_dest.get(person) is not None:
            problems.add(
                f"{ppath}.person",
                _(
                    "Người của đơn vị hợp nhất, sáp nhập chuyển sang đơn vị sau theo quy định; "
                    "việc điều động khác làm sau khi đề án có hiệu lực."
                ),
            )
            continue
        dest_ref = _ref(row.get("destination"))
        if dest_ref is None:
            continue  # stays without a place (explicitly)
        dest = units.get(dest_ref)
        if dest is None:
            problems.add(f"{ppath}.destination", _("Không có đơn vị đến này."))
            continue
        if not dest.alive:
            problems.add(
                f"{ppath}.destination",
                _("Đơn vị đến “%(n)s” bị %(k)s theo chính đề án này.")
                % {
                    "n": dest.name,
                    "k": KIND_LABELS.get(events[dest.ended_by or 0].get("kind"), ""),
                },
            )
            continue
        placements[person] = dest_ref
    if placements:
        kept: list[tuple[int, str, str]] = []
        for person, ekind, src in without_place:
            if person in placements:
                dest = units[placements[person]]
                dest.persons.append((person, ekind))
                dest.touched = True
                moved.append((person, src, dest.ref))
            else:
                kept.append((person, ekind, src))
        without_place = kept
    # Quota totals must not grow.
    touched_before = [u for u in before.values() if units[u.ref].touched and u.is_unit]
    touched_after = [u for u in units.values() if u.touched and u.alive and u.is_unit]
    q_before = sum(sum(u.quota.values()) for u in touched_before)
    q_after = sum(sum(u.quota.values()) for u in touched_after)
    if q_after > q_before and not applied:
        problems.add(
            "quota",
            _("Tổng biên chế sau sắp xếp (%(a)s) lớn hơn trước (%(b)s): không được tăng.")
            % {"a": q_after, "b": q_before},
        )
    involved_people = sorted(
        {p for p, _k, _s in without_place} | {p for p, _s, _t in moved} | set(placements)
    )
    baseline = {
        "units": {str(k): v for k, v in sorted(versions.items())},
        "people": {
            str(pid): org
            for pid, org in Assignment.objects.filter(
                alive_on(base), full_time=True, person_id__in=list(placements)
            ).values_list("person_id", "organization_id")
        },
        "involved_people": len(involved_people),
    }
    return Simulation(
        day, units, before, without_place, moved, placements, event_refs, problems, baseline
    )


# ---------------------------------------------------------------------------------------------
# Figures


def _deputy_cap(
    unit: Sim, units: dict[str, Sim], day: dt.date, *, division: bool = False
) -> dict[str, Any]:
    parent = units.get(unit.managing_body or "")
    parent_kind = parent.kind if parent else None
    group = unit.autonomy_group
    if division and parent is not None:
        group = parent.autonomy_group
        grand = units.get(parent.managing_body or "")
        parent_kind = grand.kind if grand else None
    vc = sum(1 for _p, k in unit.persons if k == EmploymentKind.VIEN_CHUC)
    payload: dict[str, Any] = {
        "unit_type": unit_type_for(parent_kind, day),
        "autonomy_group": group or 4,
        "vien_chuc_count": vc,
        "is_internal_division": division,
        "as_of": day.isoformat(),
    }
    rank_1 = unit.unit_class.strip().lower() in {"i", "hạng i", "đặc biệt", "hạng đặc biệt"}
    if not division:
        if unit.kind == Kind.HOSPITAL and rank_1:
            payload["special"] = "hospital_rank_1"
        elif unit.category == Category.CDC and rank_1:
            payload["special"] = "cdc_rank_1"
        elif unit.category == Category.MULTI_LEVEL_SCHOOL and unit.org_id:
            row = (
                ClassCount.objects.filter(organization_id=unit.org_id, school_year__lte=day.year)
                .order_by("-school_year")
                .first()
            )
            if row:
                payload.update({"special": "multi_level_school", "classes": row.classes})
    try:
        return rules.run("deputy_cap", payload)
    except Exception:  # a rule refusing unusual input: no cap to report
        return {"allowed": True, "max_deputies": None}


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _num(v: Decimal | int | None) -> int | float | None:
    if v is None:
        return None
    v = Decimal(v)
    return int(v) if v == v.to_integral_value() else float(v)


def impact(
    content: dict[str, Any], day: dt.date | None, *, applied: bool = False
) -> tuple[dict[str, Any], Simulation]:
    """The impact figures of ``content`` effective on ``day`` (and the simulation behind them):
    "before" is the registry on the day before ``day``, "after" what the project makes of it."""
    sim = simulate(content, day, applied=applied)
    if sim.problems:
        return {}, sim
    assert day is not None
    base = day - dt.timedelta(days=1)
    units, before = sim.units, sim.before
    # Units by sector and by managing body (public service units; the change over the registry).
    by_sector: Counter[str] = Counter()
    by_body: Counter[str] = Counter()
    for u in before.values():
        if u.is_unit:
            by_sector[u.sector] -= 1
            by_body[u.managing_body or ""] -= 1
    for u in units.values():
        if u.is_unit and u.alive and (u.ref in before or u.touched):
            by_sector[u.sector] += 1
            by_body[u.managing_body or ""] += 1
    states = OrganizationState.objects.as_of(base).public_service_units()
    sector_now = dict(states.values_list("sector").annotate(n=Count("id")))
    bodies = [int(r) for r in by_body if r.isdigit()]
    body_now = dict(
        states.filter(managing_body_id__in=bodies)
        .values_list("managing_body_id")
        .annotate(n=Count("id"))
    )
    labels = dict(Sector.choices)
    sectors = [
        {
            "key": k,
            "label": str(labels.get(k, k)),
            "before": sector_now.get(k, 0),
            "after": sector_now.get(k, 0) + by_sector[k],
        }
        for k in sorted(set(by_sector) | set(sector_now), key=lambda s: str(labels.get(s, s)))
        if sector_now.get(k, 0) or by_sector[k]
    ]
    body_names = {r: (units[r].name if r in units else "—") for r in by_body}
    missing = [int(r) for r in by_body if r.isdigit() and r not in units]
    for oid, name in (
        OrganizationState.objects.as_of(base)
        .filter(organization_id__in=missing)
        .values_list("organization_id", "name")
    ):
        body_names[str(oid)] = name
    managing: list[dict[str, Any]] = [
        {
            "key": r,
            "label": body_names.get(r, "—"),
            "before": body_now.get(int(r), 0) if r.isdigit() else 0,
            "after": (body_now.get(int(r), 0) if r.isdigit() else 0) + by_body[r],
        }
        for r in by_body
        if by_body[r]
    ]
    managing.sort(key=lambda row: (row["after"] - row["before"], row["label"]))
    total_before = sum(sector_now.values())
    delta_units = sum(by_sector.values())
    # People.
    after_units = [u for u in units.values() if u.alive and u.touched and u.is_unit]
    min_people = settings.TINHGON_MIN_UNIT_PEOPLE
    small = []
    over = []
    years = settings.TINHGON_DEPUTY_EXCESS_YEARS
    for u in sorted(after_units, key=lambda x: x.name):
        people = sum(1 for _p, k in u.persons if k in COUNTED)
        if people < min_people:
            small.append({"ref": u.ref, "name": u.name, "people": people})
        cap = _deputy_cap(u, units, day)
        if cap.get("max_deputies") is not None and u.deputies > cap["max_deputies"]:
            merged = any(r["kind"] in CARRYING and u.ref in r["successors"] for r in sim.event_refs)
            over.append(
                {
                    "ref": u.ref,
                    "name": u.name,
                    "deputies": u.deputies,
                    "max": cap["max_deputies"],
                    "excess": u.deputies - cap["max_deputies"],
                    "deadline": (_add_years(day, years) - dt.timedelta(days=1)).isoformat()
                    if merged
                    else None,
                }
            )
    divisions = []
    for u in sorted(units.values(), key=lambda x: x.name):
        if u.alive and u.kind == Kind.INTERNAL_DIVISION and u.touched:
            cap = _deputy_cap(u, units, day, division=True)
            if not cap.get("allowed", True):
                vc = sum(1 for _p, k in u.persons if k == EmploymentKind.VIEN_CHUC)
                divisions.append({"ref": u.ref, "name": u.name, "vien_chuc": vc})
    # Quotas.
    quota: dict[str, dict[str, int]] = {}
    for k in QuotaKind.values:
        b = sum(u.quota.get(k, 0) for u in before.values() if u.is_unit and units[u.ref].touched)
        a = sum(u.quota.get(k, 0) for u in after_units)
        quota[k] = {"before": b, "after": a}
    # Autonomous units.
    auto_delta = sum(
        1
        for u in units.values()
        if u.alive and u.is_unit and u.touched and u.autonomy_group in (1, 2)
    ) - sum(
        1
        for u in before.values()
        if u.is_unit and units[u.ref].touched and u.autonomy_group in (1, 2)
    )
    total_delta = len(after_units) - sum(
        1 for u in before.values() if u.is_unit and units[u.ref].touched
    )
    result = {
        "as_of": day.isoformat(),
        "units": {
            "before": total_before,
            "after": total_before + delta_units,
            "by_sector": sectors,
            "by_managing_body": managing,
            "ended": sum(1 for u in before.values() if u.is_unit and not units[u.ref].alive),
            "created": sum(1 for u in units.values() if u.ref.startswith("new:")),
        },
        "people": {
            "to_reassign": len(sim.moved) + len(sim.without_place),
            "moved": len(sim.moved),
            "without_place": len(sim.without_place),
            "without_place_ids": sorted(p for p, _k, _s in sim.without_place),
        },
        "deputies_over_cap": over,
        "small_divisions": divisions,
        "small_units": small,
        "min_unit_people": min_people,
        "quota": quota,
        "quota_total": {
            "before": sum(v["before"] for v in quota.values()),
            "after": sum(v["after"] for v in quota.values()),
        },
        "positions_to_review": _positions_to_review(sim),
        "indicators": _indicators(base, delta_units, quota, auto_delta, total_delta, units, before),
    }
    return result, sim


def _positions_to_review(sim: Simulation) -> int:
    ids = {
        int(r)
        for refs in sim.event_refs
        for r in [*refs["predecessors"], *refs["successors"]]
        if r.isdigit()
    }
    return PositionDecision.objects.filter(
        organization_id__in=ids, status=DecisionStatus.IN_FORCE
    ).count()


def _indicators(
    day: dt.date,
    delta_units: int,
    quota: dict[str, dict[str, int]],
    auto_delta: int,
    total_delta: int,
    units: dict[str, Sim],
    before: dict[str, Sim],
) -> list[dict[str, Any]]:
    """Each indicator of the indicators app on ``day`` and what the project makes of it."""
    budget = QuotaKind.PUBLIC_EMPLOYEE_BUDGET
    d_budget = quota[budget]["after"] - quota[budget]["before"]
    counts = indicators.units_on(day, None).aggregate(
        total=Count("id"), autonomous=Count("id", filter=Q(autonomy_group__in=(1, 2)))
    )
    out: list[dict[str, Any]] = []
    for ind in indicators.indicator_set(day, None):
        value = ind.value
        if ind.measure == Measure.UNITS_TOTAL:
            after = value + delta_units
        elif ind.measure == Measure.BUDGET_STAFF_QUOTA:
            after = value + d_budget
        elif ind.measure == Measure.AUTONOMOUS_SHARE:
            total = counts["total"] + total_delta
            after = (
                (Decimal(counts["autonomous"] + auto_delta) * 100 / Decimal(total)).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                )
                if total
                else Decimal(0)
            )
        else:
            after = _per_department_after(day, ind, units, before)
        base_value = ind.baseline["value"] if ind.baseline else None
        out.append(
            {
                "code": ind.code,
                "label": ind.label,
                "unit": ind.unit,
                "before": _num(value),
                "after": _num(after),
                "baseline": ind.baseline,
                "change_before": _num(ind.change_percent),
                "change_after": _num(target_status.change_percent(after, Decimal(base_value)))
                if base_value is not None
                else None,
                "target": ind.target["value"] if ind.target else None,
                "target_deadline": ind.target["deadline"] if ind.target else None,
            }
        )
    return out


def _per_department_after(
    day: dt.date, ind: Any, units: dict[str, Sim], before: dict[str, Sim]
) -> Decimal:
    excluded = tuple((ind.target and ind.target.get("excluded_sectors")) or ())
    rows = indicators.units_per_department(day, None, excluded)
    counts = {r["organization_id"]: int(r["count"]) for r in rows}
    for u in before.values():
        if u.is_unit and u.managing_body and int(u.managing_body) in counts:
            counts[int(u.managing_body)] -= 1
    for u in units.values():
        if (
            u.is_unit
            and u.alive
            and (u.ref in before or u.touched)
            and u.managing_body
            and u.managing_body.isdigit()
            and int(u.managing_body) in counts
        ):
            counts[int(u.managing_body)] += 1
    return Decimal(max(counts.values(), default=0))


def problem_list(problems: list[Problem]) -> list[dict[str, str]]:
    return [p.as_dict() for p in problems]
