"""Writes to the quota ledger: entries (one or a batch), the quota chain, headcounts, and the
staffing step of every reorganization event. Each validates everything, writes in one transaction and
audits."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tinhgon.core import audit, batching, bulk
from tinhgon.core.errors import Collector, Problem, Refused
from tinhgon.core.text import fold, nfc
from tinhgon.organizations.choices import EventKind, LinkRole
from tinhgon.organizations.models import LegalDocument, Organization, OrganizationState, ReorgEvent
from tinhgon.organizations.models import alive_on as org_alive_on
from tinhgon.organizations.selectors import ancestors_on
from tinhgon.organizations.services import DecisionInput, document_resolve, known_histories
from tinhgon.staffing import selectors
from tinhgon.staffing.choices import CHAIN_ORDER, ChainStep, EntryType, QuotaKind
from tinhgon.staffing.models import Headcount, QuotaChainStep, QuotaEntry

ONE_DAY = dt.timedelta(days=1)


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def ledger_years() -> tuple[int, int]:
    return settings.TINHGON_LEDGER_FIRST_YEAR, settings.TINHGON_LEDGER_LAST_YEAR


@dataclass
class EntryInput:
    organization: int | None
    kind: str
    year: int | None
    entry_type: str
    amount: Any
    effective_date: dt.date | None
    decision: DecisionInput | LegalDocument | None
    note: str = ""
    counterpart: int | None = None


_SIGN = {
    EntryType.ALLOCATION: (0, None),  # absolute, ≥ 0
    EntryType.TRANSFER_IN: (1, None),
    EntryType.TRANSFER_OUT: (None, -1),
    EntryType.RECOVERY: (None, -1),
}


def _check_static(
    row: EntryInput, path: str, problems: Collector, alive: dict[dt.date, set[int]]
) -> None:
    if row.kind not in QuotaKind.values:
        problems.add(
            f"{path}kind", _("Loại biên chế “%(v)s” không có trong danh mục.") % {"v": row.kind}
        )
    if row.entry_type not in EntryType.values:
        problems.add(
            f"{path}entry_type",
            _("Loại bút toán “%(v)s” không có trong danh mục.") % {"v": row.entry_type},
        )
    amount = row.amount
    if isinstance(amount, float) and amount.is_integer():
        amount = int(amount)
    if isinstance(amount, bool) or not isinstance(amount, int):
        problems.add(f"{path}amount", _("Số lượng phải là số nguyên (không có phần lẻ)."))
    else:
        row.amount = amount
        low, high = (
            _SIGN.get(EntryType(row.entry_type), (None, None))
            if row.entry_type in EntryType.values
            else (None, None)
        )
        if low is not None and amount < low:
            problems.add(f"{path}amount", _("Số lượng không được âm."))
        if high is not None and amount > high:
            problems.add(
                f"{path}amount", _("Bút toán chuyển đi, thu hồi ghi số âm (giảm biên chế).")
            )
        if row.entry_type == EntryType.ADJUSTMENT and amount == 0:
            problems.add(f"{path}amount", _("Điều chỉnh phải khác 0."))
    first, last = ledger_years()
    if row.year is None:
        problems.add(f"{path}year", _("Thiếu năm."))
    elif not first <= row.year <= last:
        problems.add(
            f"{path}year",
            _("Năm %(y)s nằm ngoài sổ biên chế (%(a)s–%(b)s).")
            % {"y": row.year, "a": first, "b": last},
        )
    if row.effective_date is None:
        problems.add(f"{path}effective_date", _("Thiếu ngày hiệu lực."))
    elif (
        row.year is not None
        and first <= row.year <= last
        and abs(row.year - row.effective_date.year) > 1
    ):
        problems.add(
            f"{path}year",
            _("Năm %(y)s không khớp ngày hiệu lực %(d)s.")
            % {"y": row.year, "d": _d(row.effective_date)},
        )
    if row.organization is None:
        problems.add(f"{path}organization", _("Thiếu cơ quan, đơn vị."))
    elif row.effective_date is not None and row.organization not in alive.get(
        row.effective_date, set()
    ):
        problems.add(
            f"{path}organization",
            _("Cơ quan, đơn vị mã số %(id)s không tồn tại vào ngày %(d)s.")
            % {"id": row.organization, "d": _d(row.effective_date)},
        )
    if row.decision is None:
        problems.add(f"{path}decision", _("Thiếu quyết định."))


@dataclass
class _Family:
    """The touched organizations of one quota kind, their managing bodies and all their children,
    with their states and ledger in memory, so that the parent checks of a batch cost a few queries."""

    states: dict[int, list[tuple[dt.date, dt.date | None, int | None, str]]]
    children: dict[int, list[tuple[int, dt.date, dt.date | None]]]

    @classmethod
    def load(cls, org_ids: set[int], since: dt.date) -> _Family:
        overlapping = Q(valid_to__isnull=True) | Q(valid_to__gte=since)
        fields = ("organization_id", "valid_from", "valid_to", "managing_body_id", "name")
        own = list(
            OrganizationState.objects.filter(overlapping, organization_id__in=org_ids).values_list(
                *fields
            )
        )
        parents = {row[3] for row in own if row[3] is not None}
        rows = own + list(
            OrganizationState.objects.filter(
                overlapping, organization_id__in=parents - org_ids
            ).values_list(*fields)
        )
        rows += list(
            OrganizationState.objects.filter(
                overlapping, managing_body_id__in=parents | org_ids
            ).values_list(*fields)
        )
        states: dict[int, list[tuple[dt.date, dt.date | None, int | None, str]]] = defaultdict(list)
        children: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
        seen: set[tuple[int, dt.date]] = set()
        for org_id, start, stop, body, name in rows:
            if (org_id, start) in seen:
                continue
            seen.add((org_id, start))
            states[org_id].append((start, stop, body, name))
            if body is not None:
                children[body].append((org_id, start, stop))
        return cls(states, children)

    def state(self, org_id: int, day: dt.date) -> tuple[int | None, str] | None:
        for start, stop, body, name in self.states.get(org_id, ()):
            if start <= day and (stop is None or stop >= day):
                return body, name
        return None

    def children_on(self, org_id: int, day: dt.date) -> list[int]:
        return [
            child
            for child, start, stop in self.children.get(org_id, ())
            if start <= day and (stop is None or stop >= day)
        ]

    @property
    def org_ids(self) -> set[int]:
        return set(self.states) | set(self.children)


def _parent_problems(
    kind: str, batch: list[tuple[str, QuotaEntry]], path_of: dict[int, str]
) -> list[Problem]:
    """The parent checks of one quota kind after the batch's entries were saved.

    On every ledger date from the batch's first one, for each touched organization alive then: its
    balance is not negative, its direct children's balances do not exceed it, and it with its
    siblings stays within its managing body. Each breach is reported once, on the day it begins,
    against the batch row that brings it about (``path_of`` maps an entry's id to its row's path).
    """
    touched = {entry.organization_id for _path, entry in batch}
    since = min(entry.effective_date for _path, entry in batch)
    family = _Family.load(touched, since)
    ledger = list(
        QuotaEntry.objects.filter(organization_id__in=family.org_ids | touched, kind=kind)
        .order_by("effective_date", "id")
        .values_list("id", "organization_id", "effective_date", "entry_type", "amount")
    )
    balance: dict[int, int] = defaultdict(int)
    problems: list[Problem] = []
    # ("negative" | "children", org) found breached at its last check
    breached: set[tuple[str, int]] = set()
    label = QuotaKind(kind).label
    pos = 0
    while pos < len(ledger):
        day = ledger[pos][2]
        todays: list[tuple[int, int, str, int]] = []
        while pos < len(ledger) and ledger[pos][2] == day:
            entry_id, org_id, _day, entry_type, amount = ledger[pos]
            todays.append((entry_id, org_id, entry_type, amount))
            pos += 1
        before = {org_id: balance[org_id] for _id, org_id, _t, _a in todays}
        for _id, org_id, entry_type, amount in todays:
            balance[org_id] = (
                amount if entry_type == EntryType.ALLOCATION else balance[org_id] + amount
            )
        if day < since:
            continue
        moved = {org_id for _id, org_id, _t, _a in todays}
        bodies: set[int] = set()
        for org_id in moved:
            state = family.state(org_id, day)
            if state is None:
                continue
            bodies.update(b for b in (org_id, state[0]) if b is not None)
            if org_id not in touched:
                continue
            key = ("negative", org_id)
            if balance[org_id] >= 0:
                breached.discard(key)
            elif key not in breached:
                breached.add(key)
                problems.append(
                    Problem(
                        _last_row([t for t in todays if t[1] == org_id], path_of),
                        _("Số biên chế của “%(o)s” ngày %(d)s sẽ âm (%(v)s).")
                        % {"o": state[1], "d": _d(day), "v": _n(balance[org_id])},
                    )
                )
        for body in sorted(bodies):
            body_state = family.state(body, day)
            kids = family.children_on(body, day)
            if body_state is None or not kids:
                continue
            if body not in touched and not any(k in touched for k in kids):
                continue
            key = ("children", body)
            total = sum(balance[c] for c in kids)
            if total <= balance[body]:
                breached.discard(key)
                continue
            mine = [t for t in todays if t[1] == body or t[1] in kids]
            onset = _onset(mine, path_of, body, kids, before, balance)
            if key in breached and onset is None:
                continue  # the same breach as at the last check, not cured in between
            breached.add(key)
            problems.append(
                Problem(
                    onset or _last_row(mine, path_of),
                    _(
                        "%(k)s: tổng giao cho các đơn vị thuộc %(p)s (%(t)s) vượt số %(p)s được giao "
                        "(%(b)s) tại ngày %(d)s."
                    )
                    % {
                        "k": label,
                        "p": body_state[1],
                        "t": _n(total),
                        "b": _n(balance[body]),
                        "d": _d(day),
                    },
                )
            )
    return problems


def _last_row(mine: list[tuple[int, int, str, int]], path_of: dict[int, str]) -> str:
    """The path of the last batch row among ``mine`` (the plain field if none: earlier data)."""
    for entry_id, _org, _t, _a in reversed(mine):
        if entry_id in path_of:
            return path_of[entry_id]
    return "amount"


def _onset(
    mine: list[tuple[int, int, str, int]],
    path_of: dict[int, str],
    body: int,
    kids: list[int],
    before: dict[int, int],
    balance: dict[int, int],
) -> str | None:
    """The batch row that makes the children of ``body`` exceed it on the day: replaying the day's
    entries of the family in order from the balances of the day before, the first batch row after
    which the sum goes over while it was within just before. None if no batch row does that."""
    replay = defaultdict(int, balance)
    replay.update({org_id: before[org_id] for _id, org_id, _t, _a in mine})
    within = sum(replay[c] for c in kids) <= replay[body]
    for entry_id, org_id, entry_type, amount in mine:
        replay[org_id] = amount if entry_type == EntryType.ALLOCATION else replay[org_id] + amount
        over = sum(replay[c] for c in kids) > replay[body]
        if over and within and entry_id in path_of:
            return path_of[entry_id]
        within = not over
    return None


def _lock_pools(org_ids: set[Any], since: dt.date | None) -> None:
    """Serialize the writers of the same pools (PostgreSQL row locks, in id order: no deadlock).

    The checks of a batch read the balances of each touched organization, of its managing bodies and
    of their children. Two writers that could change the same check always share one of those bodies
    or the organization itself, so locking the touched organizations and their managing bodies (on
    any date from ``since``) makes the second writer wait for the first one's commit and check the
    balances it left. Without this, two officers adding to sibling units at the same moment could
    each pass the check on their own and together exceed the body's pool (a lost update of the
    pool). SQLite needs nothing: its writers are serialized (``BEGIN IMMEDIATE``).
    """
    ids = {i for i in org_ids if isinstance(i, int)}
    if not ids:
        return
    states = OrganizationState.objects.filter(organization_id__in=ids, managing_body__isnull=False)
    if since is not None:
        states = states.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=since))
    bodies = set(states.values_list("managing_body_id", flat=True))
    list(
        Organization.objects.select_for_update()
        .filter(pk__in=ids | bodies)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def quota_entries_record(
    *, acting_user: Any, rows: list[EntryInput], prefix: str = "", submission: Any = None
) -> list[QuotaEntry]:
    """Record a batch of ledger entries: all or nothing, every problem reported with its row.

    The ledger holds approved facts: officers' proposals go through
    :mod:`tinhgon.staffing.submission_services`, whose approval calls this with the approved
    ``submission`` (stored on each entry). Direct callers are the consequences of acts already
    approved (an event's staffing step, an accepted autonomy proposal) and the demo's history.

    Paths are ``[i].field`` (``prefix`` lets an importer map them to sheet rows). All problems come
    at once: the rows with a problem of their own (a field, the organization's dates, the
    decision) are left out and the parent checks run as a set over the others. The entries are
    saved in bulk, one register record per distinct decision, one audit row per entry.
    """
    problems = Collector()

    def path(i: int) -> str:
        return f"{prefix}[{i}]." if len(rows) > 1 or prefix else ""

    wanted: dict[dt.date, set[int]] = defaultdict(set)
    for row in rows:
        if row.effective_date is not None and isinstance(row.organization, int):
            wanted[row.effective_date].add(row.organization)
    alive = {
        day: set(
            OrganizationState.objects.as_of(day)
            .filter(organization_id__in=ids)
            .values_list("organization_id", flat=True)
        )
        for day, ids in wanted.items()
    }
    bad: set[int] = set()
    for i, row in enumerate(rows):
        count = len(problems.problems)
        _check_static(row, path(i), problems, alive)
        if len(problems.problems) > count:
            bad.add(i)
    created: list[QuotaEntry] = []
    with transaction.atomic():
        _lock_pools(
            {r.organization for i, r in enumerate(rows) if i not in bad and r.organization},
            min((r.effective_date for r in rows if r.effective_date), default=None),
        )
        docs: dict[int, LegalDocument] = {}
        resolved: dict[tuple[str, dt.date | None, str], LegalDocument | Refused] = {}
        for i, row in enumerate(rows):
            if i in bad:
                continue
            if isinstance(row.decision, LegalDocument):
                docs[i] = row.decision
                continue
            assert row.decision is not None
            key = (
                nfc(row.decision.number or ""),
                row.decision.date,
                fold(nfc(row.decision.issuer or "")),
            )
            found = resolved.get(key)
            if found is None:
                try:
                    found = document_resolve(
                        acting_user=acting_user, decision=row.decision, path="decision"
                    )
                except Refused as exc:
                    found = exc
                resolved[key] = found
            if isinstance(found, Refused):
                bad.add(i)
                for problem in found.problems:
                    problems.add(f"{path(i)}{problem.path}", problem.message)
            else:
                docs[i] = found
        good = [i for i in range(len(rows)) if i not in bad]
        for i in good:
            row = rows[i]
            assert (
                row.effective_date is not None
                and row.organization is not None
                and row.year is not None
            )
            created.append(
                QuotaEntry(
                    organization_id=row.organization,
                    kind=row.kind,
                    year=row.year,
                    entry_type=row.entry_type,
                    amount=row.amount,
                    effective_date=row.effective_date,
                    decision=docs[i],
                    counterpart_id=row.counterpart,
                    note=nfc(row.note or ""),
                    submission=submission,
                )
            )
        bulk.insert_objects(created)
        by_kind: dict[str, list[tuple[str, QuotaEntry]]] = defaultdict(list)
        path_of: dict[int, str] = {}
        for i, entry in zip(good, created, strict=True):
            by_kind[entry.kind].append((path(i), entry))
            path_of[entry.pk] = f"{path(i)}amount"
        for kind, batch in by_kind.items():
            problems.extend(_parent_problems(kind, batch, path_of))
        problems.raise_if_any()
        audit.record_many(actor=acting_user, action="create", objects=created)
    return created


def quota_entry_record(*, acting_user: Any, data: EntryInput) -> QuotaEntry:
    return quota_entries_record(acting_user=acting_user, rows=[data])[0]


def quota_transfer(
    *,
    acting_user: Any,
    source: int,
    target: int,
    kind: str,
    amount: int,
    effective_date: dt.date,
    decision: DecisionInput | LegalDocument,
    note: str = "",
) -> list[QuotaEntry]:
    """Move ``amount`` of a quota kind from one organization to another (two entries, one decision)."""
    if not isinstance(amount, int) or amount <= 0:
        raise Refused.one("amount", _("Số lượng chuyển phải là số nguyên dương."))
    year = effective_date.year
    return quota_entries_record(
        acting_user=acting_user,
        rows=[
            EntryInput(
                source,
                kind,
                year,
                EntryType.TRANSFER_OUT,
                -amount,
                effective_date,
                decision,
                note,
                target,
            ),
            EntryInput(
                target,
                kind,
                year,
                EntryType.TRANSFER_IN,
                amount,
                effective_date,
                decision,
                note,
                source,
            ),
        ],
    )


def quota_chain_record(
    *,
    acting_user: Any,
    province: Organization,
    year: int,
    step: str,
    decision: DecisionInput | LegalDocument,
    totals: dict[str, int],
    note: str = "",
) -> QuotaChainStep:
    """Record one step of the yearly cycle; steps come in order (proposal, appraisal, resolution, assignment)."""
    problems = Collector()
    if step not in ChainStep.values:
        problems.add("step", _("Bước “%(v)s” không có trong quy trình.") % {"v": step})
    for kind, value in totals.items():
        if kind not in QuotaKind.values:
            problems.add(
                f"totals.{kind}", _("Loại biên chế “%(v)s” không có trong danh mục.") % {"v": kind}
            )
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.add(f"totals.{kind}", _("Tổng số phải là số nguyên không âm."))
    problems.raise_if_any()
    index = CHAIN_ORDER.index(ChainStep(step))
    missing = [
        s
        for s in CHAIN_ORDER[:index]
        if not QuotaChainStep.objects.filter(province=province, year=year, step=s).exists()
    ]
    if missing:
        raise Refused.one(
            "step",
            _("Chưa có bước trước: %(s)s.")
            % {"s": ", ".join(str(ChainStep(s).label) for s in missing)},
        )
    with transaction.atomic():
        doc = (
            decision
            if isinstance(decision, LegalDocument)
            else document_resolve(acting_user=acting_user, decision=decision)
        )
        obj, created = QuotaChainStep.objects.get_or_create(
            province=province,
            year=year,
            step=step,
            defaults={"document": doc, "date": doc.date, "totals": totals, "note": nfc(note)},
        )
        if not created:
            raise Refused.one("step", _("Bước này của năm %(y)s đã được ghi.") % {"y": year})
        audit.record(
            actor=acting_user, action="create", obj=obj, before=None, after=audit.snapshot(obj)
        )
    return obj


def headcount_record(
    *, acting_user: Any, organization: int, kind: str, as_of: dt.date, count: Any
) -> Headcount:
    problems = Collector()
    if kind not in QuotaKind.values:
        problems.add("kind", _("Loại biên chế “%(v)s” không có trong danh mục.") % {"v": kind})
    if isinstance(count, float) and count.is_integer():
        count = int(count)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        problems.add("count", _("Số người phải là số nguyên không âm."))
    if not OrganizationState.objects.as_of(as_of).filter(organization_id=organization).exists():
        problems.add(
            "organization", _("Cơ quan, đơn vị không tồn tại vào ngày %(d)s.") % {"d": _d(as_of)}
        )
    problems.raise_if_any()
    with transaction.atomic():
        existing = (
            Headcount.objects.select_for_update()
            .filter(organization_id=organization, kind=kind, as_of=as_of)
            .first()
        )
        before = audit.snapshot(existing) if existing else None
        obj, _created = Headcount.objects.update_or_create(
            organization_id=organization, kind=kind, as_of=as_of, defaults={"count": count}
        )
        if before is None or before.get("count") != count:
            audit.record(
                actor=acting_user,
                action="update" if before else "create",
                obj=obj,
                before=before,
                after=audit.snapshot(obj),
            )
    return obj


@dataclass
class HeadcountInput:
    organization: int | None
    kind: str
    as_of: dt.date | None
    count: Any


def headcounts_record(
    *, acting_user: Any, rows: list[HeadcountInput], prefix: str = "", submission: Any = None
) -> list[Headcount]:
    """Record a batch of headcounts (the batch form of :func:`headcount_record`): all or nothing,
    every problem with its row path ``{prefix}[i].field``; a count equal to the stored one is left
    alone, a new one created, a different one updated, each change with its audit row."""
    problems = Collector()
    wanted: dict[dt.date, set[int]] = defaultdict(set)
    for row in rows:
        if row.as_of is not None and isinstance(row.organization, int):
            wanted[row.as_of].add(row.organization)
    alive = {
        day: set(
            OrganizationState.objects.as_of(day)
            .filter(organization_id__in=ids)
            .values_list("organization_id", flat=True)
        )
        for day, ids in wanted.items()
    }
    seen: dict[tuple[int | None, str, dt.date | None], int] = {}
    for i, row in enumerate(rows):
        path = f"{prefix}[{i}]."
        if row.kind not in QuotaKind.values:
            problems.add(
                f"{path}kind",
                _("Loại biên chế “%(v)s” không có trong danh mục.") % {"v": row.kind},
            )
        count = row.count
        if isinstance(count, float) and count.is_integer():
            count = int(count)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            problems.add(f"{path}count", _("Số người phải là số nguyên không âm."))
        else:
            row.count = count
        if row.as_of is None:
            problems.add(f"{path}as_of", _("Thiếu ngày."))
        elif row.organization is None:
            problems.add(f"{path}organization", _("Thiếu cơ quan, đơn vị."))
        elif row.organization not in alive.get(row.as_of, set()):
            problems.add(
                f"{path}organization",
                _("Cơ quan, đơn vị không tồn tại vào ngày %(d)s.") % {"d": _d(row.as_of)},
            )
        key = (row.organization, row.kind, row.as_of)
        if key in seen:
            problems.add(
                f"{path}organization",
                _("Trùng đơn vị, loại biên chế và ngày với dòng thứ %(n)s của lô.")
                % {"n": seen[key] + 1},
            )
        seen.setdefault(key, i)
    problems.raise_if_any()
    with transaction.atomic():
        existing = {
            (h.organization_id, h.kind, h.as_of): h
            for h in Headcount.objects.select_for_update().filter(
                organization_id__in={row.organization for row in rows},
                as_of__in={row.as_of for row in rows},
            )
        }
        new: list[Headcount] = []
        changed: list[tuple[Headcount, dict[str, Any]]] = []
        result: list[Headcount] = []
        for row in rows:
            assert row.organization is not None and row.as_of is not None
            obj = existing.get((row.organization, row.kind, row.as_of))
            if obj is None:
                obj = Headcount(
                    organization_id=row.organization,
                    kind=row.kind,
                    as_of=row.as_of,
                    count=row.count,
                    submission=submission,
                )
                new.append(obj)
            elif obj.count != row.count:
                changed.append((obj, audit.snapshot(obj)))
                obj.count = row.count
                obj.submission = submission
            result.append(obj)
        Headcount.objects.bulk_create(new, batch_size=1000)
        Headcount.objects.bulk_update(
            [obj for obj, _before in changed], ["count", "submission"], batch_size=500
        )
        audit.record_many(actor=acting_user, action="create", objects=new)
        for obj, before in changed:
            audit.record(
                actor=acting_user,
                action="update",
                obj=obj,
                before=before,
                after=audit.snapshot(obj),
            )
    return result


# ---------------------------------------------------------------------------------------------
# The staffing step of the one door for events (restructuring.services.STEPS)


def on_reorg_event(*, acting_user: Any, event: ReorgEvent) -> None:
    """Move quotas with the event, dated on its effective date, in the event's transaction.

    Ended units' balances on the event's day — with what an earlier event of the same day moved to
    them (a school absorbs another, then merges, on the same day) — go to their successor (merge,
    absorb) or are split evenly between the new units (split; the officer corrects the proposal
    later with adjustments); dissolved and converted units' balances are recovered. When a unit changes managing body (transfer, or a successor under
    another body), the pool moves between the two bodies too, so a province's totals never change on
    the day of a merge.
    """
    day = event.effective_date
    before = day - ONE_DAY
    links = event.links_with_units()
    preds = [link.organization_id for link in links if link.role == LinkRole.PREDECESSOR]
    succs = [link.organization_id for link in links if link.role == LinkRole.SUCCESSOR]
    moving = event.kind in (EventKind.MERGE, EventKind.ABSORB, EventKind.SPLIT)
    ending = event.kind in (
        EventKind.MERGE,
        EventKind.ABSORB,
        EventKind.SPLIT,
        EventKind.DISSOLVE,
        EventKind.CONVERT_JSC,
    )
    if not (ending or event.kind == EventKind.TRANSFER):
        return
    batch = _batch.get()
    held_by_kind = batch.balances_on(preds, day) if batch is not None else None
    if held_by_kind is None:
        if batch is not None and set(preds + succs) & batch.units:
            batch.flush()  # this event reads balances the collected entries change
        held_by_kind = selectors.balances_by_kind(preds, day)
    # The managing bodies the day before and on the day, in one read (or as the registry's batch
    # of events knows them).
    parent_before: dict[int, int | None] = {}
    parent_after: dict[int, int | None] = {}
    histories = known_histories(preds + succs, day)
    spans = (
        [
            (st.organization_id, st.managing_body_id, st.valid_from, st.valid_to)
            for states in histories.values()
            for st in states
        ]
        if histories is not None
        else OrganizationState.objects.filter(organization_id__in=preds + succs)
        .filter(org_alive_on(before) | org_alive_on(day))
        .values_list("organization_id", "managing_body_id", "valid_from", "valid_to")
    )
    for org_id, body, start, end in spans:
        if org_id in preds and start <= before and (end is None or end >= before):
            parent_before[org_id] = body
        if start <= day and (end is None or end >= day):
            parent_after[org_id] = body
    entries: list[QuotaEntry] = []

    def add(
        org: int, kind: str, entry_type: str, amount: int, counterpart: int | None, note: str
    ) -> None:
        if amount:
            entries.append(
                QuotaEntry(
                    organization_id=org,
                    kind=kind,
                    year=day.year,
                    entry_type=entry_type,
                    amount=amount,
                    effective_date=day,
                    decision_id=event.decision_id,
                    event=event,
                    counterpart_id=counterpart,
                    note=note,
                )
            )

    chains: dict[tuple[int, dt.date], list[int]] = {}

    def chain(parent: int, on: dt.date) -> list[int]:
        """``parent`` and the bodies above it on ``on``, nearest first."""
        if (parent, on) not in chains:
            chains[(parent, on)] = [parent, *(s.organization_id for s in ancestors_on(parent, on))]
        return chains[(parent, on)]

    def move_pool(kind: str, old_parent: int | None, new_parent: int | None, amount: int) -> None:
        """The pools of the bodies between the old and the new managing body and their lowest
        common body follow the unit: out of the old side, into the new side; the common body and
        everything above it keep their totals."""
        if not (old_parent and new_parent and old_parent != new_parent and amount):
            return
        old_side = chain(old_parent, before)
        new_side = chain(new_parent, day)
        common = next((b for b in old_side if b in new_side), None)
        for body in old_side:
            if body == common:
                break
            add(
                body,
                kind,
                EntryType.TRANSFER_OUT,
                -amount,
                new_parent,
                _("Chuyển theo đơn vị trực thuộc"),
            )
        for body in new_side:
            if body == common:
                break
            add(
                body,
                kind,
                EntryType.TRANSFER_IN,
                amount,
                old_parent,
                _("Nhận theo đơn vị trực thuộc"),
            )

    for kind in QuotaKind.values:
        held = held_by_kind[kind]
        for pid in preds:
            amount = held[pid]
            if amount <= 0:
                continue
            if event.kind == EventKind.TRANSFER:
                move_pool(kind, parent_before.get(pid), parent_after.get(pid), amount)
                continue
            add(
                pid,
                kind,
                EntryType.TRANSFER_OUT if moving else EntryType.RECOVERY,
                -amount,
                None,
                _("Theo sự kiện sắp xếp"),
            )
            if not moving or not succs:
                continue
            shares = _split(amount, len(succs))
            for sid, share in zip(succs, shares, strict=True):
                add(sid, kind, EntryType.TRANSFER_IN, share, pid, _("Nhận từ đơn vị sắp xếp"))
                move_pool(kind, parent_before.get(pid), parent_after.get(sid), share)
    if not entries:
        return
    if batch is None:
        _write_entries([(acting_user, event, entries)])
        return
    batch.items.append((acting_user, event, entries))
    batch.units |= {e.organization_id for e in entries}
    batch.count(entries)


@dataclass
class _Batch:
    items: list[tuple[Any, ReorgEvent, list[QuotaEntry]]] = field(default_factory=list)
    units: set[int] = field(default_factory=set)
    # The balances of the batch's units on one day, read at its start: (day, units, by kind),
    # and what the batch's entries of that day have added to them since.
    balances: tuple[dt.date, set[int], dict[str, dict[int, int]]] | None = None
    added: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))

    def flush(self) -> None:
        items, self.items, self.units = self.items, [], set()
        _write_entries(items)

    def count(self, entries: list[QuotaEntry]) -> None:
        """Keep the balances read at the start up to date with the batch's ``entries`` (moves,
        never allocations); an entry of an earlier day makes them unknown."""
        if self.balances is None:
            return
        for e in entries:
            if e.effective_date < self.balances[0]:
                self.balances = None
                return
            if e.effective_date == self.balances[0]:
                self.added[(e.kind, e.organization_id)] += e.amount

    def balances_on(self, org_ids: list[int], day: dt.date) -> dict[str, dict[int, int]] | None:
        """The balances of ``org_ids`` on ``day``, from those read at the start and the batch's
        entries since, if that is the day read."""
        if self.balances is None or self.balances[0] != day or not set(org_ids) <= self.balances[1]:
            return None
        read = self.balances[2]
        return {
            kind: {i: read[kind].get(i, 0) + self.added.get((kind, i), 0) for i in org_ids}
            for kind in QuotaKind.values
        }


_batch: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar(
    "staffing_reorg_batch", default=None
)


@contextlib.contextmanager
def reorg_entries_batched(units: Iterable[int] = (), day: dt.date | None = None) -> Iterator[None]:
    """Inside the block (one transaction: a restructuring project applying its events through
    the one door), this step collects the quota entries of each event and writes them together —
    when the block ends, or first when an event involves a unit whose balance the collected entries
    change. With ``units`` and the events' ``day``, their balances on that day are read once at
    the start. The same entries and audit rows as event by event."""

    def make() -> _Batch:
        batch = _Batch()
        ids = {int(i) for i in units}
        if ids and day is not None:
            batch.balances = (day, ids, selectors.balances_by_kind(ids, day))
        return batch

    with batching.scoped(_batch, make, _Batch.flush):
        yield


def _write_entries(items: list[tuple[Any, ReorgEvent, list[QuotaEntry]]]) -> None:
    bulk.insert_objects([e for _actor, _event, entries in items for e in entries])
    for actor, event, entries in items:
        audit.record_many(actor=actor, action="event_quota", objects=entries, reason=str(event))


def _split(amount: int, parts: int) -> list[int]:
    base, rest = divmod(amount, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]
