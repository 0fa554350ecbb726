"""The approval flow shared by every kind of submitted data.

``draft → submitted → approved | returned``; ``returned`` goes back to ``submitted`` when the maker
resubmits. Returning needs a reason, the maker never approves their own submission, approved data is
locked (:func:`ensure_editable`), and reopening approved data needs a reason. Apps add states after
``approved`` (``paid``, ``applied``…) in their own choices; restructuring projects add ``appraised``.
Each step is a service: it checks the transition, saves, bumps the version and audits.

The approve step also stores, in its audit row, a fingerprint of the approved data
(:func:`approval_fingerprint`): :func:`changed_since_approval` compares it with the data now, so an
object's page can say that what it shows is no longer what was approved (a change behind the lock,
or an edit after reopening). :func:`approval_bulk_approve` approves many items with one reason,
all or nothing.
"""

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhgon.core import audit
from tinhgon.core.errors import Collector, Refused
from tinhgon.core.text import nfc
from tinhgon.core.versioning import Versioned, bump, check_version


class ApprovalStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Nháp")
    SUBMITTED = "submitted", gettext_lazy("Đã gửi")
    APPROVED = "approved", gettext_lazy("Đã phê duyệt")
    RETURNED = "returned", gettext_lazy("Bị trả lại")


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
        after = audit.snapshot(locked, _STATE_FIELDS)
        if action == "approve":
            after[FINGERPRINT_KEY] = approval_fingerprint(locked)
        audit.record(
            actor=acting_user,
            action=action,
            obj=locked,
            before=before,
            after=after,
            reason=reason,
        )
    return locked


# ---------------------------------------------------------------------------------------------
# "Changed since approval"

FINGERPRINT_KEY = "approved_fingerprint"


def _data_fields(obj: Approvable) -> list[str]:
    """The fields that make up what is approved: everything but the flow's own state, automatic
    timestamps and the outcome fields a model lists in ``APPROVAL_OUTCOME_FIELDS`` (the decision
    recorded with the approval, the payment that follows it…)."""
    skip = (
        set(_STATE_FIELDS) | {"id", "created_by"} | set(getattr(obj, "APPROVAL_OUTCOME_FIELDS", ()))
    )
    names = []
    for f in obj._meta.concrete_fields:
        if f.name in skip or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        names.append(f.name)
    return names


def approval_fingerprint(obj: Approvable) -> str:
    """A SHA-256 of the approved data (the :func:`_data_fields` of ``obj``, as JSON)."""
    data = audit._jsonable(audit.snapshot(obj, _data_fields(obj)))
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def last_approved_fingerprint(obj: Approvable) -> str | None:
    from tinhgon.core.models import AuditEntry

    row = (
        AuditEntry.objects.for_object(obj)
        .filter(action="approve")
        .order_by("-pk")
        .values_list("after", flat=True)
        .first()
    )
    return row.get(FINGERPRINT_KEY) if isinstance(row, dict) else None


def changed_since_approval(obj: Approvable) -> bool:
    """True when ``obj`` was approved at least once and its data now differs from what was
    approved the last time (approvals recorded before fingerprints existed count as unknown: False)."""
    stored = last_approved_fingerprint(obj)
    return stored is not None and stored != approval_fingerprint(obj)


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


# ---------------------------------------------------------------------------------------------
# Bulk approval


@dataclass(frozen=True)
class BulkItem:
    obj: Approvable
    expected_version: int | None


def approval_bulk_approve(
    *,
    acting_user: Any,
    items: Sequence[BulkItem],
    reason: str,
    approve: Callable[..., Approvable] | None = None,
    path: str = "items",
) -> list[Approvable]:
    """Approve many submitted items with one reason, all or nothing.

    ``approve(acting_user=, obj=, expected_version=, reason=)`` is the kind's own approve service
    (default :func:`approval_approve`), so each item gets that kind's checks (competence, maker ≠
    approver, version, state). Every refusal is reported with its item's path
    (``items[2].version``…) and nothing is approved when any item is refused."""
    reason = nfc(reason or "")
    problems = Collector()
    if not reason:
        problems.add("reason", _("Phải nêu lý do (một lý do cho cả danh sách)."))
    if not items:
        problems.add(path, _("Chưa chọn mục nào để phê duyệt."))
    seen: set[Any] = set()
    for i, item in enumerate(items):
        key = (type(item.obj), item.obj.pk)
        if key in seen:
            problems.add(f"{path}[{i}]", _("Mục này đã có trong danh sách."))
        seen.add(key)
    problems.raise_if_any()
    run = approve or (lambda **kw: approval_approve(**kw))
    done: list[Approvable] = []
    with transaction.atomic():
        for i, item in enumerate(items):
            try:
                with transaction.atomic():
                    done.append(
                        run(
                            acting_user=acting_user,
                            obj=item.obj,
                            expected_version=item.expected_version,
                            reason=reason,
                        )
                    )
            except Refused as exc:
                problems.extend(exc.problems, prefix=f"{path}[{i}]")
        problems.raise_if_any()
    return done
