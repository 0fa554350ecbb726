"""The only way autonomy views and the API get a scoped unit or record, and who may do what.

* Seeing: a unit (and its figures) is visible when the unit is in the user's scope
  (``organizations.access``); otherwise 404, without saying whether it exists.
* Entering and submitting a unit's yearly figures: writers whose scope holds the unit (the unit's own
  officer, its managing body's officer, Sở Nội vụ).
* Approving or returning: Sở Nội vụ (supervisor) or an administrator with the unit in scope, or an
  officer whose scope holds the unit's **managing body** (cơ quan quản lý trực tiếp) — not the unit's
  own officer. The core flow adds that the maker never approves their own submission.
* Accepting the quota conversion: supervisors and administrators only (the quota is theirs).
* Entering a unit's plan and decision, its roadmap, or a managing body's list of public services:
  writers whose scope holds the unit or body (``organizations.access.check_can_change``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from tinhgon.accounts.choices import Role
from tinhgon.autonomy.models import AutonomyFigures, AutonomyPlan, QuotaConversionProposal
from tinhgon.organizations import access
from tinhgon.organizations.models import Organization

get_unit = access.get_organization


def get_figures(user: Any, pk: Any) -> AutonomyFigures:
    try:
        obj = AutonomyFigures.objects.select_related("organization").get(pk=int(pk))
    except (AutonomyFigures.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy số liệu tự chủ.")) from None
    if not access.can_see(user, obj.organization):
        raise Http404(_("Không tìm thấy số liệu tự chủ."))
    return obj


def get_proposal(user: Any, pk: Any) -> QuotaConversionProposal:
    try:
        obj = QuotaConversionProposal.objects.select_related("organization").get(pk=int(pk))
    except (QuotaConversionProposal.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy đề xuất.")) from None
    if not access.can_see(user, obj.organization):
        raise Http404(_("Không tìm thấy đề xuất."))
    return obj


def can_enter(user: Any, org: Organization) -> bool:
    return bool(getattr(user, "can_write", False)) and access.can_see(user, org)


def check_can_enter(user: Any, org: Organization) -> None:
    access.require_writer(user)
    if not access.can_see(user, org):
        raise PermissionDenied(_("Đơn vị ngoài phạm vi của bạn."))


def can_approve(user: Any, org: Organization) -> bool:
    if not getattr(user, "can_write", False) or not access.can_see(user, org):
        return False
    if user.effective_role in (Role.SUPERVISOR, Role.ADMINISTRATOR):
        return True
    day = access.reference_date(org)
    state = org.state_on(day)
    if state is None or state.managing_body_id is None:
        return False
    scope = access.scope_ids(user, day)
    return scope is None or state.managing_body_id in scope


def check_can_approve(user: Any, org: Organization) -> None:
    access.require_writer(user)
    if not can_approve(user, org):
        raise PermissionDenied(
            _(
                "Chỉ cơ quan quản lý trực tiếp của đơn vị hoặc Sở Nội vụ được phê duyệt hoặc trả "
                "lại số liệu tự chủ."
            )
        )


def check_can_decide_quota(user: Any, org: Organization) -> None:
    access.require_writer(user)
    if user.effective_role not in (Role.SUPERVISOR, Role.ADMINISTRATOR) or not access.can_see(
        user, org
    ):
        raise PermissionDenied(_("Chỉ Sở Nội vụ được xử lý đề xuất chuyển biên chế."))


def get_plan(user: Any, pk: Any) -> AutonomyPlan:
    try:
        obj = AutonomyPlan.objects.select_related("organization").get(pk=int(pk))
    except (AutonomyPlan.DoesNotExist, TypeError, ValueError):
        raise Http404(_("Không tìm thấy phương án tự chủ.")) from None
    if not access.can_see(user, obj.organization):
        raise Http404(_("Không tìm thấy phương án tự chủ."))
    return obj


def can_change(user: Any, org: Organization) -> bool:
    try:
        check_can_change(user, org)
    except PermissionDenied:
        return False
    return True


def check_can_change(user: Any, org: Organization) -> None:
    """Writers with ``org`` in their scope (judged on the unit's reference date)."""
    access.check_can_change(user, [org.pk], access.reference_date(org))
