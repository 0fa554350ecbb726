"""The approvals that can be signed: each app's approve service, wrapped (apps never import us).

An :class:`ApprovalKind` names the model, how a user gets the object (the app's ``access``), the
app's own approve service, and the fields that make up the approved data. The signing step
(:func:`tinhgon.signatures.services.approval_sign`) calls the approve service inside
:func:`signing` so that the core hook (``core.approval.register_approve_check``) lets it through
when ``TINHGON_SIGNED_APPROVALS`` says the kind must be signed.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from tinhgon.core.errors import Refused

_SIGNING: contextvars.ContextVar[bool] = contextvars.ContextVar("tinhgon_signing", default=False)


@dataclass(frozen=True)
class Extra:
    """An input the app's approve service needs besides the reason (a decision number, a date)."""

    name: str
    label: str
    type: str = "text"  # "text" or "date"
    required: bool = True


@dataclass(frozen=True)
class ApprovalKind:
    key: str  # the model label, "plans.progressreport"
    label: str
    get: Callable[[Any, Any], models.Model]  # (user, pk) → object, through the app's access
    approve: Callable[
        ..., models.Model
    ]  # (acting_user=, obj=, expected_version=, reason=, **extra)
    fields: tuple[str, ...]  # the approved data
    url: Callable[[models.Model], str]
    can_sign: Callable[[Any, models.Model], bool]  # whether to offer the step to this user
    extra: tuple[Extra, ...] = ()


def _plans_kind() -> ApprovalKind:
    from tinhgon.plans import access, services

    return ApprovalKind(
        key="plans.progressreport",
        label="Báo cáo tiến độ thực hiện nhiệm vụ",
        get=access.get_report,
        approve=lambda *, acting_user, obj, expected_version, reason: services.report_approve(
            acting_user=acting_user, report=obj, expected_version=expected_version, reason=reason
        ),
        fields=(
            "assignment",
            "period_kind",
            "period_year",
            "period_number",
            "period_start",
            "period_end",
            "progress",
            "percent",
            "narrative",
            "submitted_by",
            "submitted_at",
        ),
        url=lambda obj: reverse("plans:report", args=[obj.pk]),
        can_sign=lambda user, obj: (
            getattr(user, "effective_role", "") in {"supervisor", "administrator"}
            and getattr(obj, "submitted_by_id", None) != user.pk
        ),
    )


def _streamlining_kind() -> ApprovalKind:
    from tinhgon.streamlining import access, services

    def approve(
        *, acting_user: Any, obj: Any, expected_version: Any, reason: str, **extra: Any
    ) -> models.Model:
        access.check_can_approve(acting_user, obj)
        return services.case_approve(
            acting_user=acting_user,
            case=obj,
            expected_version=expected_version,
            decision_number=extra.get("decision_number", ""),
            decision_date=extra.get("decision_date"),
            reason=reason,
        )

    return ApprovalKind(
        key="streamlining.case",
        label="Hồ sơ tinh giản biên chế, nghỉ việc",
        get=access.get_case,
        approve=approve,
        fields=(
            "period",
            "person",
            "organization",
            "category",
            "policy",
            "ground",
            "decree",
            "leave_date",
            "rule_name",
            "rule_version",
            "rule_input",
            "rule_settings",
            "rule_result",
            "funding_source",
            "approving_level",
            "approving_body",
            "decision",
            "submitted_by",
            "submitted_at",
        ),
        url=lambda obj: reverse("streamlining:case", args=[obj.pk]),
        can_sign=lambda user, obj: access.can_approve(user, obj),  # type: ignore[arg-type]
        extra=(
            Extra("decision_number", "Số quyết định phê duyệt"),
            Extra("decision_date", "Ngày quyết định", "date"),
        ),
    )


_STATE = {
    "id",
    "status",
    "version",
    "created_by",
    "created_at",
    "updated_at",
    "decided_by",
    "decided_at",
    "decision_reason",
}


def _content_fields(model: type[models.Model]) -> tuple[str, ...]:
    """Every stored field but the approval state: what the maker submitted and the checker approves."""
    return tuple(f.name for f in model._meta.concrete_fields if f.name not in _STATE)


def _autonomy_kind() -> ApprovalKind:
    from tinhgon.autonomy import access
    from tinhgon.autonomy.models import AutonomyFigures
    from tinhgon.organizations.services import DecisionInput
    from tinhgon.restructuring.services import autonomy_figures_approve

    def approve(
        *, acting_user: Any, obj: Any, expected_version: Any, reason: str, **extra: Any
    ) -> models.Model:
        access.check_can_approve(acting_user, obj.organization)
        autonomy_figures_approve(
            acting_user=acting_user,
            figures=obj,
            expected_version=expected_version,
            decision=DecisionInput(
                extra.get("decision_number", ""),
                extra.get("decision_date"),
                extra.get("decision_issuer", ""),
            ),
            effective_date=extra.get("effective_date"),
            reason=reason,
        )
        return AutonomyFigures.objects.get(pk=obj.pk)

    def can_sign(user: Any, obj: Any) -> bool:
        return bool(access.can_approve(user, obj.organization))

    return ApprovalKind(
        key="autonomy.autonomyfigures",
        label="Số liệu tự chủ tài chính và giao nhóm",
        get=access.get_figures,
        approve=approve,
        fields=_content_fields(AutonomyFigures),
        url=lambda obj: reverse("autonomy:unit", args=[getattr(obj, "organization_id", None)]),
        can_sign=can_sign,
        extra=(
            Extra("decision_number", "Số quyết định giao tự chủ"),
            Extra("decision_date", "Ngày quyết định", "date"),
            Extra("decision_issuer", "Cơ quan ban hành quyết định"),
            Extra("effective_date", "Ngày hiệu lực (nếu khác ngày quyết định)", "date", False),
        ),
    )


def _submission_kind() -> ApprovalKind:
    """An agency's contribution to a report round, approved by Sở Nội vụ (``reports``): the
    narrative and the SHA-256 of the frozen data object are the signed data."""
    from tinhgon.reports import access, services
    from tinhgon.reports.models import ReportRound, Submission

    def approve(*, acting_user: Any, obj: Any, expected_version: Any, reason: str) -> models.Model:
        services.submission_decide(
            acting_user=acting_user,
            submission=obj,
            expected_version=expected_version,
            approve=True,
            reason=reason,
        )
        return Submission.objects.get(pk=obj.pk)

    def can_sign(user: Any, obj: Any) -> bool:
        return (
            access.can_manage_rounds(user)
            and getattr(obj, "submitted_by_id", None) != user.pk
            and ReportRound.objects.filter(pk=obj.round_id, status="collecting").exists()
        )

    return ApprovalKind(
        key="reports.submission",
        label="Báo cáo của cơ quan, đơn vị gửi Sở Nội vụ",
        get=access.get_submission,
        approve=approve,
        # the frozen data object is bound by its SHA-256 (``checksum``), not repeated in full
        fields=tuple(f for f in _content_fields(Submission) if f != "snapshot"),
        url=lambda obj: reverse("reports:submission", args=[obj.pk]),
        can_sign=can_sign,
    )


def kinds() -> dict[str, ApprovalKind]:
    out = [_plans_kind(), _streamlining_kind(), _autonomy_kind(), _submission_kind()]
    return {k.key: k for k in out}


def get_kind(key: str) -> ApprovalKind:
    kind = kinds().get(key)
    if kind is None:
        raise Refused.one("kind", f"Loại dữ liệu “{key}” chưa hỗ trợ ký số khi phê duyệt.")
    return kind


def key_of(obj: models.Model) -> str:
    return obj._meta.label_lower


@contextmanager
def signing() -> Iterator[None]:
    token = _SIGNING.set(True)
    try:
        yield
    finally:
        _SIGNING.reset(token)


def require_signature_check(obj: Any, acting_user: Any) -> None:
    """The core approval hook: refuse a plain approval of a kind that must be signed."""
    if _SIGNING.get():
        return
    if key_of(obj) in settings.TINHGON_SIGNED_APPROVALS:
        raise Refused.one(
            "signature",
            "Phê duyệt dữ liệu này phải ký số: dùng nút “Ký số và phê duyệt”.",
        )
