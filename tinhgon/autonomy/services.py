"""Writes of the autonomy app. Each validates everything, writes in one transaction and audits.

The group itself is computed by :mod:`tinhgon.rules.autonomy_group` (never here); the record keeps
the rule's inputs, result and version. Turning approved figures into the registry's dated group is
``restructuring.services.autonomy_group_apply`` (restructuring sits above this app); it calls
:func:`downgrade_problems` and :func:`group_change_record` from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhgon.autonomy.choices import ChangeOutcome, DowngradeBasis, PlanStatus, ProposalStatus
from tinhgon.autonomy.models import (
    AutonomyFigures,
    AutonomyPlan,
    GroupChange,
    PublicService,
    QuotaConversionProposal,
    RoadmapTarget,
)
from tinhgon.core import approval, audit
from tinhgon.core.approval import ApprovalStatus
from tinhgon.core.errors import Collector, Problem, Refused
from tinhgon.core.text import nfc, nfc_text
from tinhgon.core.versioning import bump, check_version
from tinhgon.organizations.choices import (
    PUBLIC_SERVICE_UNIT_KINDS,
    AutonomyGroup,
    EventKind,
    Sector,
)
from tinhgon.organizations.models import (
    LegalDocument,
    Organization,
    OrganizationState,
    ReorgEvent,
)
from tinhgon.organizations.services import DecisionInput, document_resolve
from tinhgon.rules import autonomy_group as rule
from tinhgon.rules.base import RuleInputError, to_json
from tinhgon.staffing import selectors as staffing_selectors
from tinhgon.staffing import services as staffing
from tinhgon.staffing.choices import EntryType, QuotaKind

FIRST_YEAR = 2021  # ND 60/2021 took effect on 15/08/2021
ENDING_KINDS = (EventKind.DISSOLVE, EventKind.CONVERT_JSC)

MONEY_FIELDS: dict[str, str] = {
    "revenue_services_vnd": "Thu từ hoạt động dịch vụ sự nghiệp công",
    "revenue_fees_vnd": "Phí được để lại chi thường xuyên",
    "revenue_business_vnd": "Chênh lệch thu chi hoạt động kinh doanh, liên doanh, liên kết",
    "revenue_other_vnd": "Nguồn thu khác được tính",
    "total_revenue_vnd": "Tổng thu sự nghiệp theo báo cáo tài chính",
    "recurrent_expenditure_vnd": "Chi thường xuyên (B)",
    "investment_source_vnd": "Nguồn tự bảo đảm chi đầu tư",
    "depreciation_vnd": "Khấu hao, hao mòn tài sản cố định",
    "budget_support_vnd": "Kinh phí NSNN hỗ trợ chi thường xuyên",
}
SOURCE_FIELDS = (
    "revenue_services_vnd",
    "revenue_fees_vnd",
    "revenue_business_vnd",
    "revenue_other_vnd",
)


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


# ---------------------------------------------------------------------------------------------
# Yearly figures


@dataclass
class FiguresInput:
    organization: int | None
    year: int | None
    revenue_services_vnd: Any = 0
    revenue_fees_vnd: Any = 0
    revenue_business_vnd: Any = 0
    revenue_other_vnd: Any = 0
    total_revenue_vnd: Any = None  # None: the sum of the sources (nothing to cross-check)
    recurrent_expenditure_vnd: Any = None
    investment_source_vnd: Any = 0
    depreciation_vnd: Any = 0
    budget_support_vnd: Any = 0
    has_service_revenue: bool = True
    proposed_group: int | None = None
    proposed_reason: str = ""
    note: str = ""


@dataclass(frozen=True)
class Computed:
    """The validated figures with the rule's result."""

    values: dict[str, Any]
    rule_input: dict[str, Any]
    result: rule.Result


def _money(value: Any, name: str, problems: Collector) -> int | None:
    label = MONEY_FIELDS[name]
    if value is None or value == "":
        if name == "recurrent_expenditure_vnd":
            problems.add(name, _("%(f)s: thiếu số liệu.") % {"f": label})
            return None
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(name, _("%(f)s: phải là số nguyên đồng.") % {"f": label})
        return None
    if value < 0:
        problems.add(name, _("%(f)s: số tiền không được âm.") % {"f": label})
        return None
    return value


def _dissolving_event(org: Organization) -> ReorgEvent | None:
    if org.valid_to is None:
        return None
    return (
        ReorgEvent.objects.filter(
            kind__in=ENDING_KINDS, links__organization=org, links__role="predecessor"
        )
        .select_related("decision")
        .first()
    )


def figures_validate(data: FiguresInput) -> Computed:
    """Every problem of ``data`` at once (paths = field names), or the figures with the result."""
    problems = Collector()
    values: dict[str, Any] = {}
    for name in MONEY_FIELDS:
        values[name] = _money(getattr(data, name), name, problems)
    year = data.year
    today = timezone.localdate()
    if year is None:
        problems.add("year", _("Năm: thiếu năm của số liệu."))
    elif not isinstance(year, int) or not FIRST_YEAR <= year <= today.year + 1:
        problems.add(
            "year",
            _(
                "Năm: %(y)s không hợp lệ (số liệu tự chủ theo Nghị định 60/2021/NĐ-CP từ năm "
                "%(a)s đến %(b)s)."
            )
            % {"y": year, "a": FIRST_YEAR, "b": today.year + 1},
        )
        year = None
    org = Organization.objects.filter(pk=data.organization).first() if data.organization else None
    if org is None:
        problems.add("organization", _("Đơn vị: không có đơn vị này trong sổ đăng ký."))
    else:
        ending = _dissolving_event(org)
        if ending is not None:
            problems.add(
                "organization",
                _(
                    "Đơn vị: “%(o)s” đã %(k)s từ ngày %(d)s theo quyết định %(n)s, không nhận số "
                    "liệu tự chủ."
                )
                % {
                    "o": org,
                    "k": ending.get_kind_display().lower(),
                    "d": _d(ending.effective_date),
                    "n": ending.decision.number,
                },
            )
        elif year is not None:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
            if org.valid_from > last or (org.valid_to is not None and org.valid_to < first):
                end = _d(org.valid_to) if org.valid_to else _("nay")
                problems.add(
                    "year",
                    _("Năm: %(y)s nằm ngoài thời gian hoạt động của “%(o)s” (%(a)s – %(b)s).")
                    % {"y": year, "o": org, "a": _d(org.valid_from), "b": end},
                )
            else:
                day = min(last, org.valid_to or last, today if today >= first else last)
                state = (
                    OrganizationState.objects.as_of(max(day, org.valid_from))
                    .filter(organization=org)
                    .first()
                )
                if state is None or state.kind not in PUBLIC_SERVICE_UNIT_KINDS:
                    problems.add(
                        "organization",
                        _("Đơn vị: “%(o)s” không phải đơn vị sự nghiệp công lập.") % {"o": org},
                    )
    if values.get("recurrent_expenditure_vnd") == 0:
        problems.add(
            "recurrent_expenditure_vnd",
            _(
                "Chi thường xuyên (B): phải lớn hơn 0, không tính được mức tự bảo đảm A/B×100 "
                "(Nghị định 60/2021/NĐ-CP, Điều 10)."
            ),
        )
    sources = [values.get(n) for n in SOURCE_FIELDS]
    if all(isinstance(v, int) for v in sources):
        revenue = sum(sources)  # type: ignore[arg-type]
        total = values.get("total_revenue_vnd")
        if data.total_revenue_vnd in (None, ""):
            values["total_revenue_vnd"] = revenue
        elif isinstance(total, int) and revenue > total:
            problems.add(
                "total_revenue_vnd",
                _(
                    "Tổng thu sự nghiệp theo báo cáo tài chính: %(t)s đồng nhỏ hơn tổng các nguồn "
                    "thu đã kê (%(s)s đồng) – có khoản thu bị tính hai lần ở các nguồn."
                )
                % {"t": _n(total), "s": _n(revenue)},
            )
    if data.proposed_group not in (None, "") and data.proposed_group not in AutonomyGroup.values:
        problems.add("proposed_group", _("Nhóm đơn vị đề xuất: phải là 1, 2, 3 hoặc 4."))
    problems.raise_if_any()
    assert year is not None
    payload = {
        "revenue_vnd": sum(values[n] for n in SOURCE_FIELDS),
        "recurrent_expenditure_vnd": values["recurrent_expenditure_vnd"],
        "investment_self_financed": values["investment_source_vnd"] >= values["depreciation_vnd"],
        "has_service_revenue": bool(data.has_service_revenue),
        "as_of": dt.date(year, 12, 31).isoformat(),
    }
    try:
        result = rule.evaluate(rule.parse(payload))
    except RuleInputError as exc:
        raise Refused(*(Problem(p.path, p.message) for p in exc.problems)) from None
    proposed = int(data.proposed_group) if data.proposed_group else None
    reason = nfc(data.proposed_reason or "")
    if proposed is not None and proposed != result.group and not reason:
        raise Refused.one(
            "proposed_group",
            _(
                "Nhóm đơn vị đề xuất: “%(p)s” khác kết quả tính từ số liệu (“%(g)s”, mức tự bảo đảm "
                "%(r)s%%): phải nêu rõ lý do."
            )
            % {"p": rule.GROUP_NAMES[proposed], "g": result.group_name, "r": result.ratio_percent},
        )
    values.update(
        organization_id=org.pk if org else None,
        year=year,
        has_service_revenue=bool(data.has_service_revenue),
        proposed_group=proposed,
        proposed_reason=reason if proposed is not None else "",
        note=nfc_text(data.note or ""),
    )
    return Computed(values, payload, result)


def _apply_computed(obj: AutonomyFigures, computed: Computed) -> None:
    for name, value in computed.values.items():
        setattr(obj, name, value)
    res = computed.result
    obj.ratio_percent = res.ratio_percent
    obj.group = res.group
    obj.band = res.band or ""
    obj.rule_version = res.rule_version
    obj.rule_input = computed.rule_input
    obj.rule_result = to_json(res)


_AUDIT_FIELDS = [
    *MONEY_FIELDS,
    "year",
    "organization",
    "has_service_revenue",
    "proposed_group",
    "proposed_reason",
    "ratio_percent",
    "group",
    "band",
    "status",
    "version",
]


def figures_save(
    *,
    acting_user: Any,
    data: FiguresInput,
    figures: AutonomyFigures | None = None,
    expected_version: int | None = None,
) -> AutonomyFigures:
    """Create (``figures`` None) or update a draft/returned yearly record; all or nothing."""
    computed = figures_validate(data)
    with transaction.atomic():
        if figures is None:
            duplicate = AutonomyFigures.objects.filter(
                organization_id=computed.values["organization_id"], year=computed.values["year"]
            ).first()
            if duplicate is not None:
                raise Refused.one(
                    "year",
                    _("Năm: đơn vị đã có số liệu năm %(y)s (trạng thái “%(s)s”); hãy sửa bản đó.")
                    % {"y": duplicate.year, "s": duplicate.status_label},
                )
            obj = AutonomyFigures(
                created_by=acting_user if getattr(acting_user, "pk", None) else None
            )
            _apply_computed(obj, computed)
            obj.save()
            audit.record(
                actor=acting_user,
                action="create",
                obj=obj,
                before=None,
                after=audit.snapshot(obj, _AUDIT_FIELDS),
            )
            return obj
        obj = AutonomyFigures.objects.select_for_update().get(pk=figures.pk)
        check_version(obj, expected_version)
        approval.ensure_editable(obj)
        if (
            computed.values["organization_id"] != obj.organization_id
            or computed.values["year"] != obj.year
        ):
            raise Refused.one("year", _("Năm, đơn vị: không đổi được đơn vị hoặc năm của bản ghi."))
        before = audit.snapshot(obj, _AUDIT_FIELDS)
        _apply_computed(obj, computed)
        bump(obj)
        obj.save()
        audit.record(
            actor=acting_user,
            action="update",
            obj=obj,
            before=before,
            after=audit.snapshot(obj, _AUDIT_FIELDS),
        )
        return obj


def figures_submit(
    *, acting_user: Any, figures: AutonomyFigures, expected_version: int | None
) -> AutonomyFigures:
    return approval.approval_submit(  # type: ignore[return-value]
        acting_user=acting_user, obj=figures, expected_version=expected_version
    )


def figures_return(
    *, acting_user: Any, figures: AutonomyFigures, expected_version: int | None, reason: str
) -> AutonomyFigures:
    return approval.approval_return(  # type: ignore[return-value]
        acting_user=acting_user, obj=figures, expected_version=expected_version, reason=reason
    )


def figures_reopen(
    *, acting_user: Any, figures: AutonomyFigures, expected_version: int | None, reason: str
) -> AutonomyFigures:
    return approval.approval_reopen(  # type: ignore[return-value]
        acting_user=acting_user, obj=figures, expected_version=expected_version, reason=reason
    )


# ---------------------------------------------------------------------------------------------
# Group changes (called by restructuring.services.autonomy_group_apply)


def downgrade_problems(
    *, from_group: int | None, to_group: int, basis: str, basis_note: str
) -> list[Problem]:
    """ND 60/2021 art 35: a unit of group 1 or 2 is not moved to group 3 or 4 (during or after the
    stable period) except for force majeure or a change of functions and tasks decided by the
    competent body. Both exceptions need their grounds written down."""
    if from_group not in (1, 2) or to_group not in (3, 4):
        return []
    if basis not in (DowngradeBasis.FORCE_MAJEURE, DowngradeBasis.FUNCTION_CHANGE):
        return [
            Problem(
                "downgrade_basis",
                _(
                    "Căn cứ hạ nhóm: đơn vị đang là “%(f)s” không được chuyển xuống “%(t)s”, trừ "
                    "trường hợp bất khả kháng hoặc điều chỉnh chức năng, nhiệm vụ theo quyết định "
                    "của cấp có thẩm quyền (Nghị định 60/2021/NĐ-CP, Điều 35)."
                )
                % {"f": rule.GROUP_NAMES[from_group], "t": rule.GROUP_NAMES[to_group]},
            )
        ]
    if not nfc(basis_note or ""):
        return [
            Problem(
                "basis_note",
                _(
                    "Nội dung căn cứ: nêu rõ sự kiện bất khả kháng hoặc quyết định điều chỉnh chức "
                    "năng, nhiệm vụ (Nghị định 60/2021/NĐ-CP, Điều 35)."
                ),
            )
        ]
    return []


def group_change_record(
    *,
    acting_user: Any,
    organization_id: int,
    figures: AutonomyFigures | None,
    effective_date: dt.date,
    from_group: int | None,
    to_group: int,
    outcome: str,
    basis: str = "",
    basis_note: str = "",
    decision: LegalDocument | None = None,
    event: ReorgEvent | None = None,
    message: str = "",
) -> GroupChange:
    """Log one attempt; an applied move from group 3/4 up to 1/2 proposes the quota conversion."""
    with transaction.atomic():
        change = GroupChange.objects.create(
            organization_id=organization_id,
            figures=figures,
            effective_date=effective_date,
            from_group=from_group,
            to_group=to_group,
            outcome=outcome,
            downgrade_basis=basis,
            basis_note=nfc(basis_note or ""),
            decision=decision,
            event=event,
            message=message,
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        audit.record(
            actor=acting_user,
            action="create",
            obj=change,
            before=None,
            after=audit.snapshot(change),
            reason=message,
        )
        if outcome == ChangeOutcome.APPLIED and to_group in (1, 2) and from_group in (3, 4, None):
            quota_conversion_propose(acting_user=acting_user, change=change)
    return change


def group_change_refusal_record(
    *,
    acting_user: Any,
    figures: AutonomyFigures,
    effective_date: dt.date,
    from_group: int | None,
    to_group: int,
    basis: str,
    basis_note: str,
    problems: list[Problem],
) -> GroupChange:
    """Keep a refused change in the unit's history (in its own transaction: the approval that
    caused it was rolled back)."""
    return group_change_record(
        acting_user=acting_user,
        organization_id=figures.organization_id,
        figures=figures,
        effective_date=effective_date,
        from_group=from_group,
        to_group=to_group,
        outcome=ChangeOutcome.REFUSED,
        basis=basis,
        basis_note=basis_note,
        message=" ".join(p.message for p in problems),
    )


# ---------------------------------------------------------------------------------------------
# Quota conversion: budget-paid → revenue-paid public employees


def quota_conversion_propose(
    *, acting_user: Any, change: GroupChange
) -> QuotaConversionProposal | None:
    """Propose moving the unit's whole budget-paid quota to revenue-paid (nothing if it has none)."""
    amount = staffing_selectors.balance(
        change.organization_id, QuotaKind.PUBLIC_EMPLOYEE_BUDGET, change.effective_date
    )
    if amount <= 0:
        return None
    proposal = QuotaConversionProposal.objects.create(
        organization_id=change.organization_id,
        change=change,
        effective_date=change.effective_date,
        amount=amount,
    )
    audit.record(
        actor=acting_user,
        action="create",
        obj=proposal,
        before=None,
        after=audit.snapshot(proposal),
    )
    return proposal


def _pool_holders(org_id: int, day: dt.date) -> list[int]:
    """The unit and every managing body above it that holds a budget-paid pool on ``day``."""
    from tinhgon.organizations.selectors import ancestors_on
    from tinhgon.staffing.models import QuotaEntry

    chain = [org_id, *[s.organization_id for s in ancestors_on(org_id, day)]]
    holding = set(
        QuotaEntry.objects.filter(
            organization_id__in=chain,
            kind=QuotaKind.PUBLIC_EMPLOYEE_BUDGET,
            effective_date__lte=day,
        ).values_list("organization_id", flat=True)
    )
    return [pk for pk in chain if pk in holding or pk == org_id]


def quota_conversion_accept(
    *,
    acting_user: Any,
    proposal: QuotaConversionProposal,
    decision: DecisionInput | LegalDocument,
) -> QuotaConversionProposal:
    """Write the conversion to the quota ledger through ``staffing``: for the unit and each body
    above it that holds a pool, −n budget-paid and +n revenue-paid (adjustments), so that children
    never exceed their parent and the province's budget-paid total falls by n."""
    with transaction.atomic():
        locked = QuotaConversionProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.PROPOSED:
            raise Refused.one(
                "status",
                _("Đề xuất đã được xử lý (“%(s)s”).") % {"s": locked.get_status_display()},  # type: ignore[attr-defined]
            )
        doc = (
            decision
            if isinstance(decision, LegalDocument)
            else document_resolve(acting_user=acting_user, decision=decision)
        )
        day = locked.effective_date
        note = _("Chuyển biên chế viên chức sang hưởng lương từ nguồn thu sự nghiệp (nhóm tự chủ).")
        rows = []
        for org_id in _pool_holders(locked.organization_id, day):
            for kind, sign in (
                (QuotaKind.PUBLIC_EMPLOYEE_BUDGET, -1),
                (QuotaKind.PUBLIC_EMPLOYEE_REVENUE, 1),
            ):
                rows.append(
                    staffing.EntryInput(
                        org_id,
                        kind,
                        day.year,
                        EntryType.ADJUSTMENT,
                        sign * locked.amount,
                        day,
                        doc,
                        note,
                    )
                )
        staffing.quota_entries_record(acting_user=acting_user, rows=rows)
        before = audit.snapshot(locked)
        locked.status = ProposalStatus.ACCEPTED
        locked.decision = doc
        locked.decided_by = acting_user if getattr(acting_user, "pk", None) else None
        locked.decided_at = timezone.now()
        locked.save()
        audit.record(
            actor=acting_user,
            action="accept",
            obj=locked,
            before=before,
            after=audit.snapshot(locked),
        )
    return locked


def quota_conversion_decline(
    *, acting_user: Any, proposal: QuotaConversionProposal, reason: str
) -> QuotaConversionProposal:
    reason = nfc(reason or "")
    if not reason:
        raise Refused.one("reason", _("Lý do: phải nêu rõ lý do không chấp nhận đề xuất."))
    with transaction.atomic():
        locked = QuotaConversionProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.PROPOSED:
            raise Refused.one("status", _("Đề xuất đã được xử lý."))
        before = audit.snapshot(locked)
        locked.status = ProposalStatus.DECLINED
        locked.reason = reason
        locked.decided_by = acting_user if getattr(acting_user, "pk", None) else None
        locked.decided_at = timezone.now()
        locked.save()
        audit.record(
            actor=acting_user,
            action="decline",
            obj=locked,
            before=before,
            after=audit.snapshot(locked),
            reason=reason,
        )
    return locked


# ---------------------------------------------------------------------------------------------
# Plan and decision, roadmap, public services


def _today_of(org: Organization) -> dt.date:
    """The day on which a unit's current state is judged: today, or its last (first) day."""
    today = timezone.localdate()
    if org.valid_to is not None and org.valid_to < today:
        return org.valid_to
    return max(today, org.valid_from)


def _state_now(org: Organization) -> OrganizationState | None:
    return OrganizationState.objects.as_of(_today_of(org)).filter(organization=org).first()


def _unit_problems(org: Organization | None, problems: Collector) -> OrganizationState | None:
    """The unit's current state if it is a public service unit; else a problem on ``organization``."""
    if org is None:
        problems.add("organization", _("Đơn vị: không có đơn vị này trong sổ đăng ký."))
        return None
    state = _state_now(org)
    if state is None or state.kind not in PUBLIC_SERVICE_UNIT_KINDS:
        problems.add(
            "organization",
            _("Đơn vị: “%(o)s” không phải đơn vị sự nghiệp công lập.") % {"o": org},
        )
        return None
    return state


def _amount(
    value: Any, name: str, label: str, problems: Collector, *, positive: bool = False
) -> int | None:
    """A whole-đồng amount (int or digit string); named problems for anything else."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value is None or value == "":
        problems.add(name, _("%(f)s: thiếu số liệu.") % {"f": label})
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(name, _("%(f)s: phải là số nguyên đồng.") % {"f": label})
        return None
    if value < 0:
        problems.add(name, _("%(f)s: số tiền không được âm.") % {"f": label})
        return None
    if positive and value == 0:
        problems.add(name, _("%(f)s: phải lớn hơn 0.") % {"f": label})
        return None
    return value


def _group(value: Any, name: str, label: str, problems: Collector) -> int | None:
    try:
        group = int(value)
    except (TypeError, ValueError):
        group = 0
    if isinstance(value, bool) or group not in AutonomyGroup.values:
        problems.add(name, _("%(f)s: phải là nhóm 1, 2, 3 hoặc 4.") % {"f": label})
        return None
    return group


def _period_problems(org: Organization, start: Any, problems: Collector) -> None:
    if isinstance(start, bool) or not isinstance(start, int) or start < FIRST_YEAR:
        problems.add(
            "period_start_year",
            _("Năm đầu thời kỳ ổn định: phải từ năm %(y)s trở đi.") % {"y": FIRST_YEAR},
        )
        return
    if start > timezone.localdate().year + 5:
        problems.add(
            "period_start_year",
            _("Năm đầu thời kỳ ổn định: %(y)s quá xa so với năm hiện tại.") % {"y": start},
        )
        return
    if org.valid_from > dt.date(start + 4, 12, 31) or (
        org.valid_to is not None and org.valid_to < dt.date(start, 1, 1)
    ):
        end = _d(org.valid_to) if org.valid_to else _("nay")
        problems.add(
            "period_start_year",
            _(
                "Năm đầu thời kỳ ổn định: thời kỳ %(a)s–%(b)s nằm ngoài thời gian hoạt động của "
                "“%(o)s” (%(f)s – %(t)s)."
            )
            % {"a": start, "b": start + 4, "o": org, "f": _d(org.valid_from), "t": end},
        )
        return
    clash = (
        AutonomyPlan.objects.filter(
            organization=org,
            period_start_year__gt=start - 5,
            period_start_year__lt=start + 5,
        )
        .order_by("period_start_year")
        .first()
    )
    if clash is not None:
        problems.add(
            "period_start_year",
            _(
                "Năm đầu thời kỳ ổn định: đơn vị đã có Phương án tự chủ tài chính thời kỳ "
                "%(p)s, trùng với thời kỳ %(a)s–%(b)s (mỗi thời kỳ ổn định 5 năm chỉ có một "
                "phương án)."
            )
            % {"p": clash.period_label, "a": start, "b": start + 4},
        )


def _resolve_into(
    acting_user: Any, decision: DecisionInput, problems: Collector
) -> LegalDocument | None:
    """``document_resolve`` inside the caller's transaction, its refusals added to ``problems``."""
    try:
        return document_resolve(acting_user=acting_user, decision=decision)
    except Refused as exc:
        problems.extend(exc.problems)
        return None


def _decision_date_problems(
    decision: DecisionInput | None, submitted_on: dt.date | None, problems: Collector
) -> None:
    if decision is None or decision.date is None:
        return
    if decision.date > timezone.localdate():
        problems.add("decision.date", _("Ngày ban hành quyết định: không được sau hôm nay."))
    elif submitted_on is not None and decision.date < submitted_on:
        problems.add(
            "decision.date",
            _("Ngày ban hành quyết định: %(d)s trước ngày trình phương án (%(s)s).")
            % {"d": _d(decision.date), "s": _d(submitted_on)},
        )


_PLAN_AUDIT = [
    "organization",
    "period_start_year",
    "proposed_group",
    "revenue_estimate_vnd",
    "expenditure_estimate_vnd",
    "submitted_on",
    "status",
    "assigned_group",
    "decision",
    "note",
]


def plan_record(
    *,
    acting_user: Any,
    organization: Organization,
    period_start_year: Any,
    proposed_group: Any,
    revenue_estimate_vnd: Any,
    expenditure_estimate_vnd: Any,
    submitted_on: dt.date | None = None,
    note: str = "",
    decision: DecisionInput | None = None,
    assigned_group: Any = None,
) -> AutonomyPlan:
    """Record the unit's Phương án tự chủ tài chính for a 5-year stable period (one per unit and
    period) and, when given, the Quyết định giao quyền tự chủ tài chính (registered through
    ``document_resolve``; the group it assigns defaults to the proposed one). All or nothing."""
    problems = Collector()
    _unit_problems(organization, problems)
    _period_problems(organization, period_start_year, problems)
    group = _group(proposed_group, "proposed_group", _("Nhóm đề xuất"), problems)
    revenue = _amount(
        revenue_estimate_vnd, "revenue_estimate_vnd", _("Dự toán thu năm đầu (A)"), problems
    )
    spending = _amount(
        expenditure_estimate_vnd,
        "expenditure_estimate_vnd",
        _("Dự toán chi thường xuyên năm đầu (B)"),
        problems,
        positive=True,
    )
    submitted_on = submitted_on or timezone.localdate()
    if submitted_on > timezone.localdate():
        problems.add("submitted_on", _("Ngày trình: không được sau hôm nay."))
    assigned: int | None = None
    if decision is not None:
        assigned = (
            _group(assigned_group, "assigned_group", _("Nhóm được giao"), problems)
            if assigned_group not in (None, "")
            else group
        )
        _decision_date_problems(decision, submitted_on, problems)
    problems.raise_if_any()
    assert revenue is not None and spending is not None and group is not None
    with transaction.atomic():
        doc = _resolve_into(acting_user, decision, problems) if decision is not None else None
        problems.raise_if_any()
        plan = AutonomyPlan.objects.create(
            organization=organization,
            period_start_year=period_start_year,
            proposed_group=group,
            revenue_estimate_vnd=revenue,
            expenditure_estimate_vnd=spending,
            submitted_on=submitted_on,
            note=nfc_text(note or ""),
            decision=doc,
            assigned_group=assigned if doc else None,
            status=PlanStatus.DECIDED if doc else PlanStatus.SUBMITTED,
        )
        audit.record(
            actor=acting_user,
            action="create",
            obj=plan,
            before=None,
            after=audit.snapshot(plan, _PLAN_AUDIT),
        )
    return plan


def plan_decide(
    *, acting_user: Any, plan: AutonomyPlan, decision: DecisionInput, assigned_group: Any = None
) -> AutonomyPlan:
    """Attach the Quyết định giao quyền tự chủ tài chính (registered in the register of legal
    documents via ``document_resolve``) and the group it assigns (default: the proposed one)."""
    problems = Collector()
    with transaction.atomic():
        locked = AutonomyPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.decision_id is not None:
            problems.add(
                "decision",
                _("Quyết định giao quyền tự chủ: phương án thời kỳ %(p)s đã có quyết định.")
                % {"p": locked.period_label},
            )
        group = (
            _group(assigned_group, "assigned_group", _("Nhóm được giao"), problems)
            if assigned_group not in (None, "")
            else locked.proposed_group
        )
        _decision_date_problems(decision, locked.submitted_on, problems)
        problems.raise_if_any()
        doc = _resolve_into(acting_user, decision, problems)
        problems.raise_if_any()
        before = audit.snapshot(locked, _PLAN_AUDIT)
        locked.decision = doc
        locked.assigned_group = group
        locked.status = PlanStatus.DECIDED
        locked.save()
        audit.record(
            actor=acting_user,
            action="decide",
            obj=locked,
            before=before,
            after=audit.snapshot(locked, _PLAN_AUDIT),
        )
    return locked


_BAND_ORDER = {"70-100": 3, "30-70": 2, "10-30": 1}


def roadmap_set(
    *,
    acting_user: Any,
    organization: Organization,
    year: Any,
    target_group: Any,
    target_band: str = "",
    note: str = "",
) -> RoadmapTarget:
    """The target group (and group-3 band) of a unit in a year; one per year (set again: updated).
    A year outside the unit's lifetime, or a target below the unit's current group, is refused."""
    problems = Collector()
    state = _unit_problems(organization, problems)
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    if isinstance(year, bool) or not isinstance(year, int) or year < FIRST_YEAR:
        problems.add("year", _("Năm: phải là năm từ %(y)s trở đi.") % {"y": FIRST_YEAR})
    elif year < organization.valid_from.year or (
        organization.valid_to is not None and year > organization.valid_to.year
    ):
        end = _d(organization.valid_to) if organization.valid_to else _("nay")
        problems.add(
            "year",
            _("Năm: %(y)s nằm ngoài thời gian hoạt động của “%(o)s” (%(a)s – %(b)s).")
            % {"y": year, "o": organization, "a": _d(organization.valid_from), "b": end},
        )
    group = _group(target_group, "target_group", _("Nhóm mục tiêu"), problems)
    target_band = target_band or ""
    if target_band and (group != 3 or target_band not in dict(rule.BAND_LABELS)):
        problems.add("target_band", _("Mức mục tiêu: chỉ ghi cho nhóm 3 (70-100, 30-70, 10-30)."))
    current = state.autonomy_group if state is not None else None
    if group is not None and current is not None and group > current:
        problems.add(
            "target_group",
            _(
                "Nhóm mục tiêu: “%(t)s” thấp hơn nhóm hiện nay của đơn vị (“%(c)s”); lộ trình chỉ "
                "giữ hoặc nâng mức tự chủ (Nghị định 60/2021/NĐ-CP, Điều 35)."
            )
            % {"t": rule.GROUP_NAMES[group], "c": rule.GROUP_NAMES[current]},
        )
    elif group == 3 and current == 3 and target_band in _BAND_ORDER:
        latest = (
            AutonomyFigures.objects.filter(
                organization=organization, status=ApprovalStatus.APPROVED, group=3
            )
            .order_by("-year")
            .first()
        )
        if latest is not None and _BAND_ORDER[target_band] < _BAND_ORDER.get(latest.band, 0):
            problems.add(
                "target_band",
                _(
                    "Mức mục tiêu: %(t)s thấp hơn mức đạt được theo số liệu năm %(y)s đã phê "
                    "duyệt (%(c)s)."
                )
                % {
                    "t": rule.BAND_LABELS[target_band],
                    "y": latest.year,
                    "c": rule.BAND_LABELS[latest.band],
                },
            )
    problems.raise_if_any()
    with transaction.atomic():
        obj = (
            RoadmapTarget.objects.select_for_update()
            .filter(organization=organization, year=year)
            .first()
        )
        before = audit.snapshot(obj) if obj else None
        obj = obj or RoadmapTarget(organization=organization, year=year)
        assert group is not None
        obj.target_group = group
        obj.target_band = target_band
        obj.note = nfc_text(note or "")
        obj.save()
        audit.record(
            actor=acting_user,
            action="update" if before else "create",
            obj=obj,
            before=before,
            after=audit.snapshot(obj),
        )
    return obj


@dataclass
class PublicServiceInput:
    name: str
    sector: str
    unit_of_measure: str
    price_vnd: Any
    decision: DecisionInput
    valid_from: dt.date | None
    norm: str = ""
    is_basic_essential: bool = False
    providers: tuple[int, ...] = ()
    managing_body: int | None = None
    valid_to: dt.date | None = None


def public_service_record(*, acting_user: Any, data: PublicServiceInput) -> PublicService:
    """A budget-funded public service with price and norm (ND 60 art 4, amended ND 111/2025), on
    the list of a managing body (none: the province's list), its legal basis registered through
    ``document_resolve``. All or nothing."""
    problems = Collector()
    name = nfc(data.name or "")
    if not name:
        problems.add("name", _("Tên dịch vụ: không được để trống."))
    if data.sector not in Sector.values:
        problems.add("sector", _("Lĩnh vực: không có trong danh mục lĩnh vực."))
    unit = nfc(data.unit_of_measure or "")
    if not unit:
        problems.add("unit_of_measure", _("Đơn vị tính: không được để trống."))
    price = _amount(data.price_vnd, "price_vnd", _("Giá, đơn giá"), problems)
    if data.valid_from is None:
        problems.add("valid_from", _("Áp dụng từ ngày: thiếu ngày."))
    elif data.valid_to is not None and data.valid_to < data.valid_from:
        problems.add("valid_to", _("Đến ngày: phải sau ngày bắt đầu áp dụng."))
    body: Organization | None = None
    if data.managing_body is not None:
        body = Organization.objects.filter(pk=data.managing_body).first()
        if body is None:
            problems.add(
                "managing_body", _("Cơ quan quản lý: không có cơ quan này trong sổ đăng ký.")
            )
        elif data.valid_from is not None and not body.is_alive_on(
            max(data.valid_from, body.valid_from)
        ):
            problems.add(
                "managing_body",
                _("Cơ quan quản lý: “%(o)s” không còn hoạt động từ ngày %(d)s.")
                % {"o": body, "d": _d(data.valid_from)},
            )
    if (
        data.decision.date is not None
        and data.valid_from is not None
        and data.decision.date > data.valid_from
    ):
        problems.add(
            "decision.date",
            _("Ngày ban hành quyết định: %(d)s sau ngày bắt đầu áp dụng (%(v)s).")
            % {"d": _d(data.decision.date), "v": _d(data.valid_from)},
        )
    problems.raise_if_any()
    assert data.valid_from is not None and price is not None
    with transaction.atomic():
        doc = _resolve_into(acting_user, data.decision, problems)
        problems.raise_if_any()
        assert doc is not None
        obj = PublicService.objects.create(
            name=name,
            sector=data.sector,
            unit_of_measure=unit,
            price_vnd=price,
            norm=nfc(data.norm or ""),
            is_basic_essential=bool(data.is_basic_essential),
            decision=doc,
            valid_from=data.valid_from,
            valid_to=data.valid_to,
            managing_body=body,
        )
        if data.providers:
            obj.providers.set(data.providers)
        audit.record(
            actor=acting_user, action="create", obj=obj, before=None, after=audit.snapshot(obj)
        )
    return obj


def figures_input_from(obj: AutonomyFigures) -> FiguresInput:
    """The input that would recreate ``obj`` (for forms that edit it)."""
    names = {f.name for f in fields(FiguresInput)}
    data = {n: getattr(obj, n) for n in names if n != "organization"}
    return FiguresInput(organization=obj.organization_id, **data)
