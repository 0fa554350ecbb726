"""Writes to the quota ledger: entries (one or a batch), the quota chain, headcounts, and the
staffing step of every reorganization event. Each validates everything, writes in one transaction and
audits."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from tinhgon.core import audit
from tinhgon.core.errors import Collector, Problem, Refused
from tinhgon.core.text import nfc
from tinhgon.organizations.choices import EventKind, LinkRole
from tinhgon.organizations.models import LegalDocument, Organization, OrganizationState, ReorgEvent
from tinhgon.organizations.selectors import ancestors_on
from tinhgon.organizations.services import DecisionInput, document_resolve
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
    elif row.year is not None and abs(row.year - row.effective_date.year) > 1:
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


def _parent_problems(org_ids: set[int], kind: str, days: set[dt.date]) -> list[Problem]:
    """Each touched organization, on each day: not negative, its children within it, and it within its parent."""
    problems: list[Problem] = []
    for day in sorted(days):
        parents: set[int] = set()
        states = {
            s.organization_id: s
            for s in OrganizationState.objects.as_of(day).filter(organization_id__in=org_ids)
        }
        for org_id in org_ids:
            state = states.get(org_id)
            if state is None:
                continue
            parents.add(org_id)
            if state.managing_body_id:
                parents.add(state.managing_body_id)
        own = selectors.balances(org_ids, kind, day)
        for org_id, value in own.items():
            if value < 0 and org_id in states:
                problems.append(
                    Problem(
                        "amount",
                        _("Số biên chế của “%(o)s” ngày %(d)s sẽ âm (%(v)s).")
                        % {"o": states[org_id].name, "d": _d(day), "v": _n(value)},
                    )
                )
        children: dict[int, list[int]] = defaultdict(list)
        for parent_id, child_id in (
            OrganizationState.objects.as_of(day)
            .filter(managing_body_id__in=parents)
            .values_list("managing_body_id", "organization_id")
        ):
            children[parent_id].append(child_id)
        parent_bal = selectors.balances(children.keys(), kind, day)
        child_bal = selectors.balances([c for cs in children.values() for c in cs], kind, day)
        names = dict(
            OrganizationState.objects.as_of(day)
            .filter(organization_id__in=children.keys())
            .values_list("organization_id", "name")
        )
        for parent_id, cs in children.items():
            total = sum(child_bal[c] for c in cs)
            if total > parent_bal[parent_id]:
                problems.append(
                    Problem(
                        "amount",
                        _(
                            "%(k)s: tổng giao cho các đơn vị thuộc %(p)s (%(t)s) vượt số %(p)s được giao "
                            "(%(b)s) tại ngày %(d)s."
                        )
                        % {
                            "k": QuotaKind(kind).label,
                            "p": names.get(parent_id, parent_id),
                            "t": _n(total),
                            "b": _n(parent_bal[parent_id]),
                            "d": _d(day),
                        },
                    )
                )
    return problems


def quota_entries_record(
    *, acting_user: Any, rows: list[EntryInput], prefix: str = ""
) -> list[QuotaEntry]:
    """Record a batch of ledger entries: all or nothing, every problem reported with its row.

    Paths are ``[i].field`` (``prefix`` lets an importer map them to sheet rows).
    """
    problems = Collector()
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
    for i, row in enumerate(rows):
        path = f"{prefix}[{i}]." if len(rows) > 1 or prefix else ""
        _check_static(row, path, problems, alive)
    problems.raise_if_any()
    created: list[QuotaEntry] = []
    with transaction.atomic():
        docs: dict[int, LegalDocument] = {}
        for i, row in enumerate(rows):
            path = f"{prefix}[{i}].decision" if len(rows) > 1 or prefix else "decision"
            if isinstance(row.decision, LegalDocument):
                docs[i] = row.decision
            else:
                assert row.decision is not None
                try:
                    docs[i] = document_resolve(
                        acting_user=acting_user, decision=row.decision, path=path
                    )
                except Refused as exc:
                    problems.extend(exc.problems)
        problems.raise_if_any()
        touched: dict[str, set[int]] = defaultdict(set)
        days: dict[str, set[dt.date]] = defaultdict(set)
        for i, row in enumerate(rows):
            assert (
                row.effective_date is not None
                and row.organization is not None
                and row.year is not None
            )
            entry = QuotaEntry.objects.create(
                organization_id=row.organization,
                kind=row.kind,
                year=row.year,
                entry_type=row.entry_type,
                amount=row.amount,
                effective_date=row.effective_date,
                decision=docs[i],
                counterpart_id=row.counterpart,
                note=nfc(row.note or ""),
            )
            created.append(entry)
            touched[row.kind].add(row.organization)
            days[row.kind].add(row.effective_date)
        for kind, org_ids in touched.items():
            later = selectors.ledger_dates_after(
                _with_family(org_ids, min(days[kind])), kind, min(days[kind])
            )
            found = _parent_problems(org_ids, kind, days[kind] | set(later))
            if found:
                raise Refused(*found)
        audit.record_many(actor=acting_user, action="create", objects=created)
    return created


def _with_family(org_ids: set[int], day: dt.date) -> set[int]:
    parents = set(
        OrganizationState.objects.filter(
            organization_id__in=org_ids, managing_body__isnull=False
        ).values_list("managing_body_id", flat=True)
    )
    siblings = set(
        OrganizationState.objects.filter(managing_body_id__in=parents | org_ids).values_list(
            "organization_id", flat=True
        )
    )
    return org_ids | parents | siblings


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


# ---------------------------------------------------------------------------------------------
# The staffing step of the one door for events (restructuring.services.STEPS)


def on_reorg_event(*, acting_user: Any, event: ReorgEvent) -> None:
    """Move quotas with the event, dated on its effective date, in the event's transaction.

    Ended units' balances go to their successor (merge, absorb) or are split evenly between the new
    units (split; the officer corrects the proposal later with adjustments); dissolved and converted
    units' balances are recovered. When a unit changes managing body (transfer, or a successor under
    another body), the pool moves between the two bodies too, so a province's totals never change on
    the day of a merge.
    """
    day = event.effective_date
    before = day - ONE_DAY
    links = list(event.links.all())
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
    parent_before = dict(
        OrganizationState.objects.as_of(before)
        .filter(organization_id__in=preds)
        .values_list("organization_id", "managing_body_id")
    )
    parent_after = dict(
        OrganizationState.objects.as_of(day)
        .filter(organization_id__in=preds + succs)
        .values_list("organization_id", "managing_body_id")
    )
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
        held = selectors.balances(preds, kind, before)
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
    if entries:
        QuotaEntry.objects.bulk_create(entries)
        audit.record_many(
            actor=acting_user, action="event_quota", objects=entries, reason=str(event)
        )


def _split(amount: int, parts: int) -> list[int]:
    base, rest = divmod(amount, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]
