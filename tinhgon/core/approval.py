"""The approval flow shared by every kind of submitted data.

``draft → submitted → approved | returned``; ``returned`` goes back to ``submitted`` when the maker
resubmits. Returning needs a reason, the maker never approves their own submission, approved data is
locked (:func:`ensure_editable`), and reopening approved data needs a reason. Apps add states after
``approved`` (``paid``, ``applied``…) in their own choices; restructuring projects add ``appraised``.
Each step is a service: it checks the transition, saves, bumps the version and audits.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhgon.core import audit
from tinhgon.core.errors import Refused
from tinhgon.core.text import nfc
from tinhgon.core.versioning import Versioned, bump, check_version


class ApprovalStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Nháp")
    SUBMITTED = "submitted", gettext_lazy("Đã gửi")
    APPROVED = "approved", gettext_lazy("Đã phê duyệt")
    RETURNED = "returned", gettext_lazy("Trả lại (nêu rõ lý do)")


class Approvable(Versioned):
    status = models.CharField(
        gettext_lazy("trạng thái"), max_length=20, default=ApprovalStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(gettext_lazy("lý do"), blank=True)

    class Meta:
        abstract = True

    @property
    def status_label(self) -> str:
        """The Vietnamese label of the status (apps' later states show their code if unknown here)."""
        return _label(self.status)


_STATE_FIELDS = [
    "status",
    "submitted_by",
    "submitted_at",
    "decided_by",
    "decided_at",
    "decision_reason",
    "version",
]


def _is_maker(obj: Approvable, user: Any) -> bool:
    maker = getattr(obj, "submitted_by_id", None)
    return maker is not None and maker == getattr(user, "pk", None)


def ensure_editable(obj: Approvable) -> None:
    """Approved (and later) data is locked: refuse any change until it is reopened."""
    if obj.status not in {ApprovalStatus.DRAFT, ApprovalStatus.RETURNED}:
        raise Refused.one(
            "status",
            _("Dữ liệu ở trạng thái “%(status)s” đã khoá, không sửa được.")
            % {"status": _label(obj.status)},
        )


def _label(status: str) -> str:
    try:
        return str(ApprovalStatus(status).label)
    except ValueError:
        return status


def _transition(
    obj: Approvable,
    *,
    acting_user: Any,
    expected_version: int | None,
    allowed_from: set[str],
    to: str,
    action: str,
    reason: str = "",
    **changes: Any,
) -> Approvable:
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)  # type: ignore[attr-defined]
        check_version(locked, expected_version)
        if locked.status not in allowed_from:
            raise Refused.one(
                "status",
                _("Không thể chuyển từ trạng thái “%(from)s” sang “%(to)s”.")
                % {"from": _label(locked.status), "to": _label(to)},
            )
        before = audit.snapshot(locked, _STATE_FIELDS)
        locked.status = to
        for name, value in changes.items():
            setattr(locked, name, value)
        bump(locked)
        locked.save()
        audit.record(
            actor=acting_user,
            action=action,
            obj=locked,
            before=before,
            after=audit.snapshot(locked, _STATE_FIELDS),
            reason=reason,
        )
    return locked


def approval_submit(
    *, acting_user: Any, obj: Approvable, expected_version: int | None
) -> Approvable:
    return _transition(
        obj,
        acting_user=acting_user,
        expected_version=expected_version,
        allowed_from={ApprovalStatus.DRAFT, ApprovalStatus.RETURNED},
        to=ApprovalStatus.SUBMITTED,
        action="submit",
        submitted_by=acting_user,
        submitted_at=timezone.now(),
        decision_reason="",
    )


_APPROVE_CHECKS: list[Callable[[Approvable, Any], None]] = []


def register_approve_check(check: Callable[[Approvable, Any], None]) -> None:
    """A higher app (signatures) adds a check run before every approval; it raises Refused."""
    if check not in _APPROVE_CHECKS:
        _APPROVE_CHECKS.append(check)


def approval_approve(
    *, acting_user: Any, obj: Approvable, expected_version: int | None, reason: str = ""
) -> Approvable:
    for check in _APPROVE_CHECKS:
        check(obj, acting_user)
    if _is_maker(obj, acting_user):
        raise Refused.one("decided_by", _("Người gửi không được tự phê duyệt dữ liệu của mình."))
    return _transition(
        obj,
        acting_user=acting_user,
        expected_version=expected_version,
        allowed_from={ApprovalStatus.SUBMITTED},
        to=ApprovalStatus.APPROVED,
        action="approve",
        reason=nfc(reason),
        decided_by=acting_user,
        decided_at=timezone.now(),
        decision_reason=nfc(reason),
    )


def approval_return(
    *, acting_user: Any, obj: Approvable, expected_version: int | None, reason: str
) -> Approvable:
    reason = nfc(reason or "")
    if not reason:
        raise Refused.one("reason", _("Phải nêu rõ lý do khi trả lại."))
    if _is_maker(obj, acting_user):
        raise Refused.one("decided_by", _("Người gửi không được tự trả lại dữ liệu của mình."))
    return _transition(
        obj,
        acting_user=acting_user,
        expected_version=expected_version,
        allowed_from={ApprovalStatus.SUBMITTED},
        to=ApprovalStatus.RETURNED,
        action="return",
        reason=reason,
        decided_by=acting_user,
        decided_at=timezone.now(),
        decision_reason=reason,
    )


def approval_reopen(
    *, acting_user: Any, obj: Approvable, expected_version: int | None, reason: str
) -> Approvable:
    reason = nfc(reason or "")
    if not reason:
        raise Refused.one("reason", _("Phải nêu rõ lý do khi mở lại dữ liệu đã phê duyệt."))
    return _transition(
        obj,
        acting_user=acting_user,
        expected_version=expected_version,
        allowed_from={ApprovalStatus.APPROVED},
        to=ApprovalStatus.DRAFT,
        action="reopen",
        reason=reason,
        decision_reason=reason,
    )
