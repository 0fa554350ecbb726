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
class ApprovalKind:
    key: str  # the model label, "plans.progressreport"
    label: str
    get: Callable[[Any, Any], models.Model]  # (user, pk) → object, through the app's access
    approve: Callable[..., models.Model]  # (acting_user=, obj=, expected_version=, reason=)
    fields: tuple[str, ...]  # the approved data
    url: Callable[[models.Model], str]


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
    )


def kinds() -> dict[str, ApprovalKind]:
    out = [_plans_kind()]
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
