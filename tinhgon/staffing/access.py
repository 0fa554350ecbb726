"""The only way staffing views and the API get a scoped quota or headcount submission, and who may
do what with it.

* Seeing: a submission when its organization (the smallest subtree holding all its rows) is in the
  user's scope (``organizations.access``), or the user made it; otherwise 404, without saying
  whether it exists.
* Proposing (the entry form, the API, an import): writers whose scope holds every row's
  organization (``organizations.access.check_can_change``); the maker submits their own drafts.
* Approving or returning: Sở Nội vụ (supervisor) or an administrator with the submission in scope
  — the quota and the reported headcounts are the province's to accept (Sở Nội vụ appraises
  and keeps the quota ledger). The core flow adds that the maker never approves or
  returns their own submission. Leaders and inspectors only read.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tinhgon.accounts.choices import Role
from tinhgon.organizations import access as org_access
from tinhgon.staffing.models import HeadcountSubmission, QuotaSubmission

Submission = QuotaSubmission | HeadcountSubmission
APPROVER_ROLES = (Role.SUPERVISOR, Role.ADMINISTRATOR)


def visible(user: Any, model: type[Submission]) -> QuerySet[Any]:
    """The submissions of ``model`` that ``user`` may see."""
    qs = model.objects.select_related("organization", "submitted_by", "decided_by")
    scope = org_access.history_scope_ids(user)
    if scope is None:
        return qs
    return qs.filter(Q(organization_id__in=scope) | Q(created_by_id=getattr(user, "pk", None)))


def can_see(user: Any, obj: Submission) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return obj.created_by_id == user.pk or org_access.can_see(user, obj.organization)


def get_submission(user: Any, model: type[Submission], pk: Any) -> Any:
    try:
        obj = model.objects.select_related("organization").get(pk=int(pk))
    except (ObjectDoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy đề nghị.")) from None
    if not can_see(user, obj):
        raise Http404(_("Không tìm thấy đề nghị."))
    return obj


def get_quota_submission(user: Any, pk: Any) -> QuotaSubmission:
    obj: QuotaSubmission = get_submission(user, QuotaSubmission, pk)
    return obj


def get_headcount_submission(user: Any, pk: Any) -> HeadcountSubmission:
    obj: HeadcountSubmission = get_submission(user, HeadcountSubmission, pk)
    return obj


def check_can_propose(user: Any, org_ids: list[int], day: Any) -> None:
    """Writers whose scope holds every organization on ``day`` (403 otherwise)."""
    org_access.check_can_change(user, org_ids, day)


def check_can_submit(user: Any, obj: Submission) -> None:
    """The maker (or another writer of the same scope) sends a draft or a returned submission."""
    org_access.require_writer(user)
    if not can_see(user, obj):
        raise Http404(_("Không tìm thấy đề nghị."))


def can_approve(user: Any, obj: Submission) -> bool:
    return (
        bool(getattr(user, "can_write", False))
        and user.effective_role in APPROVER_ROLES
        and org_access.can_see(user, obj.organization)
    )


def check_can_approve(user: Any, obj: Submission) -> None:
    """404 outside the scope; 403 for anyone but Sở Nội vụ and administrators (readers too)."""
    if not can_see(user, obj):
        raise Http404(_("Không tìm thấy đề nghị."))
    if not can_approve(user, obj):
        raise PermissionDenied(
            _("Chỉ Sở Nội vụ được phê duyệt hoặc trả lại đề nghị về biên chế và số người có mặt.")
        )
