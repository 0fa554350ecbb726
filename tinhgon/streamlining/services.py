"""Writes of the streamlining app. Each validates everything, writes in one transaction and audits.

Amounts are computed by the rule ``streamlining_benefits`` (:mod:`tinhgon.rules.streamlining`),
never here. A case stores what the rule was given (``rule_input``, frozen from the person's record
at the last save of the draft), the rule's version and settings and its whole output; once
submitted the case is locked (core ``ensure_editable``) and nothing recomputes it
(:func:`case_recompute` refuses approved and paid cases), so a later decree, setting or base-salary
table never changes what was decided.

The province's choices among the rule's named settings are ``settings.TINHGON_STREAMLINING_SETTINGS``
(read at every computation, never at import).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhgon.core import approval, audit
from tinhgon.core.errors import Collector, Problem, Refused
from tinhgon.core.text import nfc, nfc_text
from tinhgon.core.versioning import bump, check_version
from tinhgon.organizations.models import Organization
from tinhgon.organizations.services import DecisionInput, document_resolve
from tinhgon.rules.base import RuleInputError
from tinhgon.rules.streamlining import benefits as rule
from tinhgon.streamlining import competence, grounds
from tinhgon.streamlining.choices import CaseStatus, Category, Policy
from tinhgon.streamlining.compute import payload_for, province_settings, rule_problems, run_rule
from tinhgon.streamlining.models import Case, ReviewPeriod
from tinhgon.streamlining.record import Facts, read_facts
from tinhgon.workforce.models import Person

RULE_NAME = rule.NAME
ND178 = "178/2024"
ND29 = "29/2023"


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# ---------------------------------------------------------------------------------------------
# Review periods


@dataclass
class PeriodInput:
    agency: int | None
    year: int | None
    sequence: int | None
    name: str = ""
    note: str = ""


def period_create(*, acting_user: Any, data: PeriodInput) -> ReviewPeriod:
    problems = Collector()
    agency = Organization.objects.filter(pk=data.agency).first() if data.agency else None
    if agency is None:
        problems.add("agency", _("Cơ quan: không có cơ quan này trong sổ đăng ký."))
    today = timezone.localdate()
    if not isinstance(data.year, int) or not 2023 <= data.year <= today.year + 1:
        problems.add(
            "year",
            _("Năm: phải từ 2023 (Nghị định 29/2023/NĐ-CP có hiệu lực) đến %(y)s.")
            % {"y": today.year + 1},
        )
    if not isinstance(data.sequence, int) or not 1 <= data.sequence <= 12:
        problems.add("sequence", _("Đợt: phải là số từ 1 đến 12."))
    problems.raise_if_any()
    assert agency is not None and data.year is not None and data.sequence is not None
    name = nfc(data.name or "") or f"Đợt {data.sequence} năm {data.year} – {agency}"
    with transaction.atomic():
        if ReviewPeriod.objects.filter(
            agency=agency, year=data.year, sequence=data.sequence
        ).exists():
            raise Refused.one(
                "sequence",
                _("Đợt: cơ quan đã có đợt %(s)s năm %(y)s.") % {"s": data.sequence, "y": data.year},
            )
        period = ReviewPeriod.objects.create(
            agency=agency,
            year=data.year,
            sequence=data.sequence,
            name=name[:200],
            note=nfc_text(data.note or ""),
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        audit.record(
            actor=acting_user,
            action="create",
            obj=period,
            before=None,
            after=audit.snapshot(period),
        )
    return period


# ---------------------------------------------------------------------------------------------
# Computing a case


@dataclass
class CaseInput:
    period: int | None
    person: int | None
    category: str = ""
    policy: str = ""
    ground: str = ""
    leave_date: dt.date | None = None
    reorganization_effective_date: dt.date | None = None
    decree: str = ""
    insurance_years: int | None = None  # None: from the record
    insurance_months: int | None = None
    current_salary_vnd: int | None = None  # None: coefficients from the record
    average_salary_60m_vnd: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Computed:
    period: ReviewPeriod
    facts: Facts
    ground: grounds.Ground
    payload: dict[str, Any]
    result: dict[str, Any]
    monthly_salary_vnd: int


def case_compute(data: CaseInput, *, exclude: int | None = None) -> Computed:
    """Validate ``data`` and run the rule; every refusal names its field. Writes nothing."""
    problems = Collector()
    person = Person.objects.filter(pk=data.person).first() if data.person else None
    if person is None:
        problems.add("person", _("Người nghỉ việc: không có người này trong hồ sơ đội ngũ."))
    period = (
        ReviewPeriod.objects.filter(pk=data.period).select_related("agency").first()
        if data.period
        else None
    )
    if period is None:
        problems.add("period", _("Đợt xét duyệt: chưa chọn hoặc không có đợt này."))
    if data.category not in Category.values:
        problems.add("category", _("Nhóm chính sách: chưa chọn."))
    if data.policy not in Policy.values:
        problems.add("policy", _("Chính sách: chưa chọn."))
    ground = grounds.BY_CODE.get(data.ground or "")
    if ground is None:
        problems.add("ground", _("Căn cứ, đối tượng: chưa chọn."))
    elif data.category in Category.values and ground.category != data.category:
        problems.add(
            "ground",
            _("Căn cứ “%(g)s” không thuộc nhóm chính sách “%(c)s”.")
            % {"g": ground.label, "c": Category(data.category).label},
        )
    if data.leave_date is None:
        problems.add("leave_date", _("Ngày nghỉ việc: thiếu ngày (ngày 01 của tháng)."))
    problems.raise_if_any()
    assert person is not None and period is not None and ground is not None
    facts = read_facts(person, data.leave_date)
    _check_person(person, facts, period, data, exclude)
    payload = payload_for(
        facts,
        category=data.category,
        policy=data.policy,
        ground=ground,
        leave_date=data.leave_date,
        reorganization_effective_date=data.reorganization_effective_date,
        decree=data.decree,
        insurance_years=data.insurance_years,
        insurance_months=data.insurance_months,
        current_salary_vnd=data.current_salary_vnd,
        average_salary_60m_vnd=data.average_salary_60m_vnd,
    )
    try:
        result, monthly = run_rule(payload)
    except RuleInputError as exc:
        raise Refused(*rule_problems(exc)) from None
    if result["decree"] not in ground.decrees:
        raise Refused.one(
            "ground",
            _(
                "Căn cứ “%(g)s” (%(c)s) không thuộc danh sách đối tượng của %(d)s, nghị định áp "
                "dụng cho ngày nghỉ việc %(day)s."
            )
            % {
                "g": ground.label,
                "c": ground.citation,
                "d": rule.DECREE_NAMES[result["decree"]],
                "day": _d(data.leave_date),  # type: ignore[arg-type]
            },
        )
    return Computed(period, facts, ground, payload, result, monthly)


def _check_person(
    person: Person, facts: Facts, period: ReviewPeriod, data: CaseInput, exclude: int | None
) -> None:
    from tinhgon.organizations import selectors as org_selectors

    if facts.organization is None:
        raise Refused.one("person", _("Người này chưa có quá trình công tác trong hồ sơ đội ngũ."))
    today = timezone.localdate()
    day = min(today, period.agency.valid_to or today)
    subtree = org_selectors.subtree_ids({period.agency_id}, day)
    if facts.organization.pk not in subtree and facts.organization.pk != period.agency_id:
        raise Refused.one(
            "person",
            _("%(p)s công tác tại “%(o)s”, không thuộc “%(a)s” của đợt xét duyệt.")
            % {"p": person.full_name, "o": facts.organization_name, "a": period.agency},
        )
    others = Case.objects.filter(person=person)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    open_case = others.exclude(status=CaseStatus.RETURNED).first()
    if open_case is not None:
        raise Refused.one(
            "person",
            _("%(p)s đã có hồ sơ “%(c)s” ở trạng thái “%(s)s” (%(period)s).")
            % {
                "p": person.full_name,
                "c": open_case.get_category_display(),
                "s": open_case.status_label,
                "period": open_case.period,
            },
        )
    if (
        data.category == Category.SAP_XEP
        and others.filter(
            decree=ND29, status=CaseStatus.PAID, paid_on__lt=dt.date(2025, 1, 1)
        ).exists()
    ):
        raise Refused.one(
            "category",
            _(
                "Người đã hưởng chính sách tinh giản biên chế theo Nghị định 29/2023/NĐ-CP trước "
                "01/01/2025 không được hưởng chính sách theo Nghị định 178/2024/NĐ-CP (khoản 2 "
                "Điều 24 Nghị định 178/2024/NĐ-CP)."
            ),
        )


# ---------------------------------------------------------------------------------------------
# Saving and the flow


_AUDIT_FIELDS = [
    "period",
    "person",
    "organization",
    "category",
    "policy",
    "ground",
    "decree",
    "leave_date",
    "reorganization_effective_date",
    "rule_version",
    "total_vnd",
    "funding_source",
    "approving_level",
    "status",
    "version",
]


def _apply(obj: Case, data: CaseInput, computed: Computed, period: ReviewPeriod) -> None:
    facts = computed.facts
    level = competence.level_for(facts.person.employment_kind, facts.is_leader)
    obj.period = period
    obj.person = facts.person
    obj.organization = facts.organization  # type: ignore[assignment]
    obj.category = data.category
    obj.policy = data.policy
    obj.ground = computed.ground.code
    obj.decree = computed.result["decree"]
    obj.leave_date = data.leave_date  # type: ignore[assignment]
    obj.reorganization_effective_date = data.reorganization_effective_date
    obj.snapshot = {
        **facts.snapshot(),
        "ground_text": computed.ground.text,
        "competence_basis": competence.BASIS,
    }
    obj.rule_name = RULE_NAME
    obj.rule_version = f"{RULE_NAME} {computed.result['decree']}"
    obj.rule_input = computed.payload
    obj.rule_settings = computed.result.get("settings", {})
    obj.rule_result = computed.result
    obj.total_vnd = int(computed.result["total_vnd"])
    obj.monthly_salary_vnd = computed.monthly_salary_vnd
    obj.funding_source = facts.funding_source
    obj.approving_level = level
    obj.approving_body = competence.body_for(level, str(period.agency))
    obj.note = nfc_text(data.note or "")


def case_save(
    *,
    acting_user: Any,
    data: CaseInput,
    case: Case | None = None,
    expected_version: int | None = None,
) -> Case:
    """Create (``case`` None) or update a draft/returned case: recomputed and frozen again."""
    computed = case_compute(data, exclude=case.pk if case else None)
    period = computed.period
    with transaction.atomic():
        if case is None:
            obj = Case(created_by=acting_user if getattr(acting_user, "pk", None) else None)
            _apply(obj, data, computed, period)
            obj.save()
            audit.record(
                actor=acting_user,
                action="create",
                obj=obj,
                before=None,
                after=audit.snapshot(obj, _AUDIT_FIELDS),
            )
            return obj
        obj = Case.objects.select_for_update().get(pk=case.pk)
        check_version(obj, expected_version)
        approval.ensure_editable(obj)
        if obj.person_id != computed.facts.person.pk:
            raise Refused.one("person", _("Không đổi được người của hồ sơ; hãy lập hồ sơ mới."))
        before = audit.snapshot(obj, _AUDIT_FIELDS)
        _apply(obj, data, computed, period)
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


def case_input_from(case: Case) -> CaseInput:
    """The form's values of a stored case (for editing a draft or a returned case)."""
    person = case.rule_input.get("person", {})
    return CaseInput(
        period=case.period_id,
        person=case.person_id,
        category=case.category,
        policy=case.policy,
        ground=case.ground,
        leave_date=case.leave_date,
        reorganization_effective_date=case.reorganization_effective_date,
        decree=case.rule_input.get("decree", ""),
        insurance_years=person.get("insurance_years"),
        insurance_months=person.get("insurance_months"),
        current_salary_vnd=person.get("current_salary_vnd"),
        average_salary_60m_vnd=person.get("average_salary_60m_vnd"),
        note=case.note,
    )


def case_recompute(*, acting_user: Any, case: Case, expected_version: int | None) -> Case:
    """Run the rule again on the case's frozen input with today's settings and tables. Only a
    draft or a returned case: an approved or paid case is never recomputed."""
    with transaction.atomic():
        obj = Case.objects.select_for_update().get(pk=case.pk)
        check_version(obj, expected_version)
        if obj.status not in (CaseStatus.DRAFT, CaseStatus.RETURNED):
            raise Refused.one(
                "status",
                _(
                    "Hồ sơ ở trạng thái “%(s)s”: kết quả đã được quyết định theo văn bản và thiết "
                    "lập tại thời điểm phê duyệt, không tính lại."
                )
                % {"s": obj.status_label},
            )
        payload = dict(obj.rule_input)
        payload.pop("settings", None)
        overrides = province_settings()
        if overrides:
            payload["settings"] = overrides
        try:
            result, monthly = run_rule(payload)
        except RuleInputError as exc:
            raise Refused(*rule_problems(exc)) from None
        before = audit.snapshot(obj, _AUDIT_FIELDS)
        obj.rule_input = payload
        obj.rule_result = result
        obj.rule_settings = result.get("settings", {})
        obj.decree = result["decree"]
        obj.rule_version = f"{RULE_NAME} {result['decree']}"
        obj.total_vnd = int(result["total_vnd"])
        obj.monthly_salary_vnd = monthly
        bump(obj)
        obj.save()
        audit.record(
            actor=acting_user,
            action="recompute",
            obj=obj,
            before=before,
            after=audit.snapshot(obj, _AUDIT_FIELDS),
        )
    return obj


def case_submit(*, acting_user: Any, case: Case, expected_version: int | None) -> Case:
    return approval.approval_submit(  # type: ignore[return-value]
        acting_user=acting_user, obj=case, expected_version=expected_version
    )


def case_return(*, acting_user: Any, case: Case, expected_version: int | None, reason: str) -> Case:
    return approval.approval_return(  # type: ignore[return-value]
        acting_user=acting_user, obj=case, expected_version=expected_version, reason=reason
    )


def case_approve(
    *,
    acting_user: Any,
    case: Case,
    expected_version: int | None,
    decision_number: str,
    decision_date: dt.date | None,
    reason: str = "",
) -> Case:
    """Approve with the competent body's decision (number and date, in the register of legal
    documents, issued by the case's approving body)."""
    problems = Collector()
    if not nfc(decision_number or ""):
        problems.add("decision_number", _("Số quyết định phê duyệt: thiếu."))
    if decision_date is None:
        problems.add("decision_date", _("Ngày quyết định: thiếu."))
    elif decision_date > timezone.localdate():
        problems.add(
            "decision_date",
            _("Ngày quyết định %(d)s sau ngày hôm nay.") % {"d": _d(decision_date)},
        )
    problems.raise_if_any()
    with transaction.atomic():
        approved: Case = approval.approval_approve(  # type: ignore[assignment]
            acting_user=acting_user, obj=case, expected_version=expected_version, reason=reason
        )
        try:
            document = document_resolve(
                acting_user=acting_user,
                decision=DecisionInput(
                    decision_number,
                    decision_date,
                    approved.approving_body,
                    title=_("Phê duyệt chính sách nghỉ việc: %(c)s") % {"c": approved},
                ),
                path="decision",
            )
        except Refused as exc:
            raise Refused(
                *(
                    Problem(
                        {
                            "decision.number": "decision_number",
                            "decision.date": "decision_date",
                        }.get(p.path, p.path),
                        p.message,
                    )
                    for p in exc.problems
                )
            ) from None
        before = audit.snapshot(approved, ["decision"])
        approved.decision = document
        approved.save(update_fields=["decision"])
        audit.record(
            actor=acting_user,
            action="approve_decision",
            obj=approved,
            before=before,
            after={
                "decision": document.pk,
                "decision_number": document.number,
                "decision_date": document.date,
                "approving_body": approved.approving_body,
                "approving_level": approved.approving_level,
            },
            reason=reason,
        )
    return approved


def case_pay(
    *,
    acting_user: Any,
    case: Case,
    expected_version: int | None,
    paid_on: dt.date | None,
    reference: str = "",
) -> Case:
    """``approved → paid`` ("Đã chi trả"), with the day and the payment voucher."""
    today = timezone.localdate()
    with transaction.atomic():
        obj = (
            Case.objects.select_for_update(of=("self",)).select_related("decision").get(pk=case.pk)
        )
        check_version(obj, expected_version)
        if obj.status != CaseStatus.APPROVED:
            raise Refused.one(
                "status",
                _("Chỉ ghi chi trả cho hồ sơ đã phê duyệt (hồ sơ đang “%(s)s”).")
                % {"s": obj.status_label},
            )
        if paid_on is None:
            raise Refused.one("paid_on", _("Ngày chi trả: thiếu."))
        if paid_on > today:
            raise Refused.one("paid_on", _("Ngày chi trả %(d)s sau hôm nay.") % {"d": _d(paid_on)})
        if obj.decision is not None and paid_on < obj.decision.date:
            raise Refused.one(
                "paid_on",
                _("Ngày chi trả %(d)s trước ngày quyết định phê duyệt %(q)s.")
                % {"d": _d(paid_on), "q": _d(obj.decision.date)},
            )
        fields = ["status", "paid_on", "paid_by", "payment_reference", "version"]
        before = audit.snapshot(obj, fields)
        obj.status = CaseStatus.PAID
        obj.paid_on = paid_on
        obj.paid_by = acting_user if getattr(acting_user, "pk", None) else None
        obj.payment_reference = nfc(reference or "")
        bump(obj)
        obj.save()
        audit.record(
            actor=acting_user,
            action="pay",
            obj=obj,
            before=before,
            after=audit.snapshot(obj, fields),
        )
    return obj


def export_record(
    *, acting_user: Any, what: str, scope: Any, rows: int, params: dict[str, Any]
) -> None:
    """Every export of personal data is audited (the workforce's ``personal_data_export`` row)."""
    from tinhgon.workforce.services import export_record as workforce_export_record

    workforce_export_record(
        acting_user=acting_user, what=what, scope=scope, rows=rows, params=params
    )
