"""Writes of job positions: titles and ranks, a unit's positions decision, and the positions step of
every reorganization event. Each validates everything, writes in one transaction and audits."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tinhgon.core import audit, batching
from tinhgon.core.errors import Collector, Refused
from tinhgon.core.text import nfc
from tinhgon.organizations.models import LegalDocument, Organization, ReorgEvent
from tinhgon.organizations.services import DecisionInput, document_resolve, may_hold
from tinhgon.positions.choices import (
    CATEGORIES_OF,
    ND232_FIRST_DAY,
    DecisionStatus,
    PositionCategory,
    Regime,
    SalaryGroup,
    regime_on,
)
from tinhgon.positions.models import (
    ApprovedPosition,
    FrameworkPosition,
    PositionDecision,
    ProfessionalTitle,
    TitleRank,
)


@dataclass
class TitleRankInput:
    title_code: str
    title_name: str
    code: str
    rank: str
    salary_group: str
    coefficient_min: Any
    coefficient_max: Any


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        return None


def title_rank_record(*, acting_user: Any, data: TitleRankInput) -> TitleRank:
    """Create (or return unchanged) one title-and-rank row of the catalogue."""
    problems = Collector()
    if data.salary_group not in SalaryGroup.values:
        problems.add(
            "salary_group",
            _("Nhóm lương “%(v)s” không có trong bảng lương (B, A0, A1, A2.1, A2.2, A3.1, A3.2).")
            % {"v": data.salary_group},
        )
    low, high = _decimal(data.coefficient_min), _decimal(data.coefficient_max)
    if low is None or high is None or low <= 0 or high < low:
        problems.add("coefficient_min", _("Thang hệ số lương không hợp lệ."))
    if not nfc(data.code) or not nfc(data.title_code):
        problems.add("code", _("Thiếu mã chức danh hoặc mã hạng."))
    problems.raise_if_any()
    assert low is not None and high is not None
    existing = TitleRank.objects.filter(code=nfc(data.code)).first()
    if existing:
        return existing
    with transaction.atomic():
        title, created = ProfessionalTitle.objects.get_or_create(
            code=nfc(data.title_code), defaults={"name": nfc(data.title_name)}
        )
        if created:
            audit.record(
                actor=acting_user,
                action="title_create",
                obj=title,
                before=None,
                after=audit.snapshot(title),
            )
        if TitleRank.objects.filter(title=title, rank=nfc(data.rank)).exists():
            raise Refused.one("rank", _("Chức danh này đã có hạng %(r)s.") % {"r": nfc(data.rank)})
        row = TitleRank.objects.create(
            title=title,
            code=nfc(data.code),
            rank=nfc(data.rank),
            salary_group=data.salary_group,
            coefficient_min=low,
            coefficient_max=high,
        )
        audit.record(
            actor=acting_user,
            action="title_rank_create",
            obj=row,
            before=None,
            after=audit.snapshot(row),
        )
    return row


@dataclass
class PositionInput:
    code: str
    name: str
    category: str
    headcount: Any
    required_rank: str = ""  # TitleRank.code
    framework: str = ""  # FrameworkPosition.code (ND 232)


@dataclass
class PositionDecisionInput:
    organization: int
    regime: str
    decision: DecisionInput | LegalDocument
    effective_from: dt.date | None
    positions: list[PositionInput] = field(default_factory=list)


def position_decision_record(*, acting_user: Any, data: PositionDecisionInput) -> PositionDecision:
    """Record a unit's approved positions; the unit's earlier decision in force is replaced."""
    problems = Collector()
    org = Organization.objects.filter(pk=data.organization).first()
    if org is None:
        problems.add("organization", _("Không có đơn vị này."))
    day = data.effective_from
    if day is None:
        problems.add("effective_from", _("Thiếu ngày áp dụng."))
    if data.regime not in Regime.values:
        problems.add("regime", _("Căn cứ “%(v)s” không hợp lệ.") % {"v": data.regime})
    elif day is not None:
        if data.regime == Regime.ND106 and day >= ND232_FIRST_DAY:
            problems.add(
                "regime",
                _(
                    "Từ 01/07/2026 không phê duyệt Đề án vị trí việc làm theo Nghị định 106/2020; "
                    "hãy ban hành Quyết định phê duyệt vị trí việc làm theo Nghị định 232/2026."
                ),
            )
        if data.regime == Regime.ND232 and day < ND232_FIRST_DAY:
            problems.add("regime", _("Nghị định 232/2026 chỉ áp dụng từ ngày 01/07/2026."))
    if org is not None and day is not None and not org.is_alive_on(day):
        problems.add("organization", _("Đơn vị không hoạt động vào ngày áp dụng."))
    if not data.positions:
        problems.add("positions", _("Quyết định phải có ít nhất một vị trí việc làm."))
    ranks = {
        r.code: r
        for r in TitleRank.objects.filter(
            code__in=[p.required_rank for p in data.positions if p.required_rank]
        )
    }
    frames = {
        f.code: f
        for f in FrameworkPosition.objects.filter(
            code__in=[p.framework for p in data.positions if p.framework]
        )
    }
    allowed = CATEGORIES_OF.get(Regime(data.regime), ()) if data.regime in Regime.values else ()
    seen: set[str] = set()
    for i, p in enumerate(data.positions):
        path = f"positions[{i}]"
        code = nfc(p.code or "")
        if not code or not nfc(p.name or ""):
            problems.add(f"{path}.name", _("Thiếu mã hoặc tên vị trí việc làm."))
        if code in seen:
            problems.add(f"{path}.code", _("Mã vị trí “%(c)s” bị lặp.") % {"c": code})
        seen.add(code)
        if p.category not in PositionCategory.values or (allowed and p.category not in allowed):
            problems.add(
                f"{path}.category",
                _("Loại/nhóm vị trí “%(v)s” không dùng được theo căn cứ đã chọn.")
                % {"v": p.category},
            )
        if isinstance(p.headcount, bool) or not isinstance(p.headcount, int) or p.headcount < 0:
            problems.add(f"{path}.headcount", _("Số lượng phải là số nguyên không âm."))
        if p.required_rank and p.required_rank not in ranks:
            problems.add(
                f"{path}.required_rank",
                _("Không có chức danh, hạng mã “%(c)s”.") % {"c": p.required_rank},
            )
        if p.framework and p.framework not in frames:
            problems.add(
                f"{path}.framework",
                _("Vị trí “%(c)s” không có trong danh mục khung.") % {"c": p.framework},
            )
        if data.regime == Regime.ND232 and not p.framework:
            problems.add(
                f"{path}.framework",
                _("Theo Nghị định 232/2026, vị trí phải thuộc danh mục khung (ghi mã khung)."),
            )
    problems.raise_if_any()
    assert org is not None and day is not None
    with transaction.atomic():
        document = (
            data.decision
            if isinstance(data.decision, LegalDocument)
            else document_resolve(acting_user=acting_user, decision=data.decision)
        )
        previous = (
            PositionDecision.objects.select_for_update()
            .filter(organization=org)
            .current()
            .order_by("-effective_from")
            .first()
        )
        if previous is not None and previous.effective_from >= day:
            raise Refused.one(
                "effective_from",
                _(
                    "Đơn vị đã có quyết định áp dụng từ %(d)s; quyết định mới phải áp dụng sau ngày đó."
                )
                % {"d": previous.effective_from.strftime("%d/%m/%Y")},
            )
        decision = PositionDecision.objects.create(
            organization=org,
            regime=data.regime,
            document=document,
            effective_from=day,
            replaces=previous,
        )
        ApprovedPosition.objects.bulk_create(
            ApprovedPosition(
                decision=decision,
                code=nfc(p.code),
                name=nfc(p.name),
                category=p.category,
                headcount=p.headcount,
                required_rank=ranks.get(p.required_rank),
                framework=frames.get(p.framework),
            )
            for p in data.positions
        )
        if previous is not None:
            before = audit.snapshot(previous)
            previous.status = DecisionStatus.REPLACED
            previous.effective_to = day - dt.timedelta(days=1)
            previous.version += 1
            previous.save(update_fields=["status", "effective_to", "version"])
            audit.record(
                actor=acting_user,
                action="position_decision_replace",
                obj=previous,
                before=before,
                after=audit.snapshot(previous),
                reason=str(decision),
            )
        audit.record(
            actor=acting_user,
            action="position_decision_create",
            obj=decision,
            before=None,
            after={
                **audit.snapshot(decision),
                "positions": [
                    {"code": p.code, "name": p.name, "headcount": p.headcount}
                    for p in data.positions
                ],
            },
        )
    return decision


# ---------------------------------------------------------------------------------------------
# The positions step of the one door for events (restructuring.services.STEPS)


@dataclass
class _Batch:
    units: set[int]  # the units read at the start of the batch …
    in_force: set[int]  # … of which these have a decision in force


_batch: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar(
    "positions_reorg_batch", default=None
)


@contextlib.contextmanager
def reorg_decisions_batched(units: Iterable[int]) -> Iterator[None]:
    """Inside the block (one transaction: a restructuring project's events through the one door),
    which of ``units`` have a decision in force is read once; an event whose units have none (nor
    the units its batch created) reads nothing. The same decisions marked as event by event."""

    def make() -> _Batch:
        ids = {int(i) for i in units}
        in_force = PositionDecision.objects.filter(
            organization_id__in=ids, status=DecisionStatus.IN_FORCE
        ).values_list("organization_id", flat=True)
        return _Batch(ids, set(in_force))

    with batching.scoped(_batch, make):
        yield


def on_reorg_event(*, acting_user: Any, event: ReorgEvent) -> None:
    """Mark the decisions in force of every unit the event involves "to be reviewed" (ND 106 art 8,
    ND 232: positions are adjusted when a unit is reorganised)."""
    org_ids = [link.organization_id for link in event.links_with_units()]
    batch = _batch.get()
    if batch is not None:
        org_ids = may_hold(org_ids, batch.units, batch.in_force)
        if not org_ids:
            return
    decisions = list(
        PositionDecision.objects.select_for_update().filter(
            organization_id__in=org_ids, status=DecisionStatus.IN_FORCE
        )
    )
    reason = _("Đơn vị có sự kiện %(e)s") % {"e": str(event)}
    for d in decisions:
        before = audit.snapshot(d)
        d.status = DecisionStatus.TO_REVIEW
        d.review_reason = reason
        d.version += 1
        d.save(update_fields=["status", "review_reason", "version"])
        audit.record(
            actor=acting_user,
            action="position_decision_to_review",
            obj=d,
            before=before,
            after=audit.snapshot(d),
            reason=reason,
        )
    if batch is not None:
        batch.in_force -= set(org_ids)  # none of theirs is in force any more


def current_regime(day: dt.date) -> str:
    return str(regime_on(day))
